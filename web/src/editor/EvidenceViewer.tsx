import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { client, read, type EvidenceView, type SearchResult } from '../lib/api.ts';
import { fileLine, lineReference, modelLine, needsNewWindow, windowAround, type LoadedWindow } from '../lib/line-paging.ts';
import { languageFor } from './languages/evidence-languages.ts';
import { monaco } from './monaco.ts';
import { failureMessage } from '../components/StatusMessage.tsx';

/** Copies text, also on plain-HTTP deployments where the Clipboard API is not available. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/**
 * A text artefact in a read-only Monaco editor. The editor holds a window of lines from the
 * server's line-window API and fetches the next window as the trainee scrolls near its edge, so a
 * log of a gigabyte never has to fit in the browser; line numbers are those of the file.
 */
export default function EvidenceViewer(props: { labId: string; evidence: EvidenceView }) {
  let container!: HTMLDivElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let model: monaco.editor.ITextModel | undefined;
  let loaded: LoadedWindow = { from: 1, count: 0, total: 0 };
  let fetching = false;
  let decorations: monaco.editor.IEditorDecorationsCollection | undefined;
  const [total, setTotal] = createSignal(0);
  const [status, setStatus] = createSignal('');
  const [results, setResults] = createSignal<SearchResult>();
  const [searchError, setSearchError] = createSignal<string>();
  const [lastQuery, setLastQuery] = createSignal<{ q: string; regex: boolean; caseSensitive: boolean }>();

  const params = () => ({ labId: props.labId, evidenceId: props.evidence.id });

  async function loadWindow(from: number, count: number): Promise<void> {
    const window = await read(client.labs[':labId'].evidence[':evidenceId'].lines.$get({ param: params(), query: { from: String(from), count: String(count) } }));
    loaded = { from: window.from, count: window.lines.length, total: window.totalLines };
    setTotal(window.totalLines);
    model!.setValue(window.lines.join('\n'));
    editor!.updateOptions({ lineNumbers: (line: number) => String(fileLine(loaded, line)), lineNumbersMinChars: String(window.totalLines).length + 1 });
  }

  /** Shows a file line: loads the window around it when needed, then reveals and selects it. */
  async function goToLine(line: number, column = 1, length = 0): Promise<void> {
    if (!editor) return;
    const target = Math.min(Math.max(1, line), Math.max(total(), 1));
    if (modelLine(loaded, target) === undefined) {
      const window = windowAround(target, total());
      fetching = true;
      try {
        await loadWindow(window.from, window.count);
      } finally {
        fetching = false;
      }
    }
    const lineInModel = modelLine(loaded, target) ?? 1;
    editor.revealLineInCenter(lineInModel);
    const range = new monaco.Range(lineInModel, column, lineInModel, length > 0 ? column + length : model!.getLineMaxColumn(lineInModel));
    editor.setSelection(range);
    decorations?.clear();
    decorations = editor.createDecorationsCollection([{ range, options: { isWholeLine: length === 0, className: 'evidence-highlight', inlineClassName: length > 0 ? 'evidence-match' : undefined } }]);
    editor.focus();
  }

  /** Fetches the neighbouring window when the visible lines come near the edge of the one held. */
  async function followScroll(): Promise<void> {
    if (!editor || fetching) return;
    const visible = editor.getVisibleRanges()[0];
    if (!visible) return;
    const first = fileLine(loaded, visible.startLineNumber);
    const last = fileLine(loaded, visible.endLineNumber);
    if (!needsNewWindow(loaded, first, last)) return;
    fetching = true;
    try {
      const window = windowAround(Math.floor((first + last) / 2), loaded.total);
      await loadWindow(window.from, window.count);
      editor.setScrollTop(editor.getTopForLineNumber(modelLine(loaded, first) ?? 1));
    } finally {
      fetching = false;
    }
  }

  const currentLine = () => (editor?.getPosition() ? fileLine(loaded, editor.getPosition()!.lineNumber) : loaded.from);

  async function copyReference(): Promise<void> {
    const reference = lineReference(props.evidence.id, currentLine());
    await copyText(reference);
    setStatus(t('evidence.copied', { reference }));
  }

  async function search(query: { q: string; regex: boolean; caseSensitive: boolean }, fromLine?: number): Promise<void> {
    setSearchError(undefined);
    setLastQuery(query);
    try {
      const found = await read(
        client.labs[':labId'].evidence[':evidenceId'].search.$get({
          param: params(),
          query: { q: query.q, regex: query.regex ? '1' : '0', case: query.caseSensitive ? '1' : '0', ...(fromLine ? { from: String(fromLine) } : {}) },
        }),
      );
      setResults((previous) => (fromLine && previous ? { ...found, matches: [...previous.matches, ...found.matches] } : found));
    } catch (error) {
      setResults(undefined);
      setSearchError(failureMessage(error));
    }
  }

  onMount(async () => {
    model = monaco.editor.createModel('', languageFor(props.evidence.kind, props.evidence.format));
    editor = monaco.editor.create(container, {
      model,
      readOnly: true,
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: 'off',
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderWhitespace: 'none',
      ariaLabel: props.evidence.title,
      lineNumbers: (line: number) => String(fileLine(loaded, line)),
    });
    editor.addAction({
      id: 'casebench.copyLineReference',
      label: t('evidence.copyReference'),
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyC],
      contextMenuGroupId: 'navigation',
      run: () => void copyReference(),
    });
    editor.onDidScrollChange(() => void followScroll());
    const first = windowAround(1, Number.MAX_SAFE_INTEGER);
    await loadWindow(first.from, first.count);
  });

  onCleanup(() => {
    editor?.dispose();
    model?.dispose();
  });

  return (
    <div class="evidence-viewer">
      <div class="viewer-tools">
        <form
          class="row"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            void search({ q: String(form.get('q')), regex: form.get('regex') === 'on', caseSensitive: form.get('case') === 'on' });
          }}
        >
          <label for={`search-${props.evidence.id}`} class="visually-hidden">
            {t('evidence.search')}
          </label>
          <input id={`search-${props.evidence.id}`} name="q" type="search" placeholder={t('evidence.search')} required />
          <label class="check">
            <input type="checkbox" name="regex" /> {t('evidence.regex')}
          </label>
          <label class="check">
            <input type="checkbox" name="case" /> {t('evidence.caseSensitive')}
          </label>
          <button type="submit">{t('evidence.searchButton')}</button>
        </form>
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            void goToLine(Number(new FormData(event.currentTarget).get('line')));
          }}
        >
          <label for={`goto-${props.evidence.id}`}>{t('evidence.goToLine')}</label>
          <input id={`goto-${props.evidence.id}`} name="line" type="number" min="1" max={Math.max(total(), 1)} class="short" required />
          <button type="submit">{t('evidence.go')}</button>
          <button type="button" onClick={() => void copyReference()}>
            {t('evidence.copyReference')}
          </button>
          <span class="muted small">{t('evidence.lines', { count: total().toLocaleString() })}</span>
        </form>
        <p class="muted small" role="status" aria-live="polite">
          {status()}
        </p>
      </div>
      <Show when={searchError()}>
        <p class="error small" role="alert">
          {searchError()}
        </p>
      </Show>
      <Show when={results()}>
        {(found) => (
          <div class="search-results" aria-live="polite">
            <p class="small">{found().matches.length === 0 ? t('evidence.noResults') : t('evidence.results', { count: found().matches.length })}</p>
            <ol>
              <For each={found().matches}>
                {(match) => (
                  <li>
                    <button type="button" class="result" onClick={() => void goToLine(match.line, match.column, match.length)}>
                      <span class="line-number">{t('evidence.line', { line: match.line })}</span> <code>{match.snippet}</code>
                    </button>
                  </li>
                )}
              </For>
            </ol>
            <Show when={found().truncated && found().nextLine}>
              <button type="button" onClick={() => void search(lastQuery()!, found().nextLine)}>
                {t('evidence.moreResults')}
              </button>
            </Show>
          </div>
        )}
      </Show>
      <div class="editor-host" ref={container} data-testid="evidence-editor" />
    </div>
  );
}
