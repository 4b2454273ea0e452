import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js';
import { TEXT_KINDS } from '../components/EvidenceList.tsx';
import { failureMessage } from '../components/StatusMessage.tsx';
import RenderedArtefact, { hasRenderedView } from '../evidence-views/RenderedArtefact.tsx';
import { t } from '../i18n/messages.ts';
import { read, type EvidenceView, type LineWindow, type SearchResult } from '../lib/api.ts';
import { takeFirstWindow } from '../lib/evidence-window.ts';
import {
  fileLine,
  lineReference,
  modelLine,
  needsNewWindow,
  visibleFileLines,
  windowAround,
  type LoadedWindow,
} from '../lib/line-paging.ts';
import type { ViewerAddress } from '../lib/viewer-address.ts';
import { languageFor } from './languages/evidence-languages.ts';
import { monaco } from './monaco.ts';
import { useLabSpace } from '../lib/lab-space.tsx';

/** Copies text, also on plain-HTTP deployments where the Clipboard API is not available. */
async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, page not focused): fall back to the selection below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied;
}

const WRAP_KEY = 'casebench.viewer.wrap';
const readWrap = () => {
  try {
    return localStorage.getItem(WRAP_KEY) === 'on';
  } catch {
    return false;
  }
};

type Query = { q: string; regex: boolean; caseSensitive: boolean };
type Highlight = { line: number; column: number; length: number };

export interface ViewerProps {
  labId: string;
  evidence: EvidenceView;
  /** The line and search from the page address; followed when they change (a link, back and forward). */
  address: ViewerAddress;
  /** Reports the trainee's line and search so that the page can keep them in its address. */
  onAddress: (change: Partial<ViewerAddress>) => void;
}

/**
 * A text artefact in a read-only Monaco editor. The editor holds a window of lines from the
 * server's line-window API and fetches the next window as the trainee scrolls near its edge, so a
 * log of a gigabyte never has to fit in the browser; line numbers, the status line, Ctrl+Home and
 * Ctrl+End and copied references all speak in lines of the file, not of the window.
 */
function TextViewer(props: ViewerProps) {
  let container!: HTMLDivElement;
  let gotoInput!: HTMLInputElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let model: monaco.editor.ITextModel | undefined;
  let loaded: LoadedWindow = { from: 1, count: 0, total: 0 };
  // Window requests on their way: scrolling asks for no other window meanwhile.
  let windowsInFlight = 0;
  // Each window request is numbered: only the newest one is shown, so a slow answer to an earlier
  // request (a scroll) cannot replace the window a later one (Ctrl+Home) brought.
  let windowRequests = 0;
  // The last line this viewer put in the address, so that its own change coming back is not taken
  // for a link the trainee followed.
  let reportedLine: number | undefined;
  // True while the model's text is replaced: Monaco then moves the cursor, which is not the trainee's doing.
  let replacing = false;
  let highlight: Highlight | undefined;
  let decorations: monaco.editor.IEditorDecorationsCollection | undefined;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  /** The file line a jump revealed, kept in sight while the viewer settles, until the trainee scrolls away. */
  let keepInView: number | undefined;
  let revealing = false;
  const [total, setTotal] = createSignal(0);
  const [visible, setVisible] = createSignal({ first: 0, last: 0 });
  const [status, setStatus] = createSignal('');
  const [results, setResults] = createSignal<SearchResult>();
  const [searching, setSearching] = createSignal(false);
  const [searchError, setSearchError] = createSignal<string>();
  const [lastQuery, setLastQuery] = createSignal<Query>();
  const [draft, setDraft] = createSignal<Query>({
    q: props.address.q ?? '',
    regex: props.address.regex,
    caseSensitive: props.address.caseSensitive,
  });
  const [wrap, setWrap] = createSignal(readWrap());
  const [cursorLine, setCursorLine] = createSignal<number>();

  const { labs } = useLabSpace();
  const params = () => ({ labId: props.labId, evidenceId: props.evidence.id });

  const updateVisible = () => {
    const range = editor?.getVisibleRanges()[0];
    if (range) setVisible(visibleFileLines(loaded, range.startLineNumber, range.endLineNumber));
  };

  function showWindow(window: LineWindow): void {
    const cursor = cursorLine();
    loaded = { from: window.from, count: window.lines.length, total: window.totalLines };
    setTotal(window.totalLines);
    replacing = true;
    try {
      editor!.updateOptions({
        lineNumbers: (line: number) => String(fileLine(loaded, line)),
        lineNumbersMinChars: String(window.totalLines).length + 1,
      });
      model!.setValue(window.lines.join('\n'));
      // Keep the trainee's cursor and highlight when the new window still holds their lines.
      const cursorInModel = cursor === undefined ? undefined : modelLine(loaded, cursor);
      if (cursorInModel !== undefined) editor!.setPosition({ lineNumber: cursorInModel, column: 1 });
      paintHighlight();
    } finally {
      replacing = false;
    }
    updateVisible();
  }

  /** Fetches and shows a window of lines; false when a newer request superseded it (nothing shown). */
  async function loadWindow(from: number, count: number): Promise<boolean> {
    const request = ++windowRequests;
    windowsInFlight++;
    let window: LineWindow;
    try {
      window = await read(
        labs[':labId'].evidence[':evidenceId'].lines.$get({
          param: params(),
          query: { from: String(from), count: String(count) },
        }),
      );
    } finally {
      windowsInFlight--;
    }
    if (request !== windowRequests) return false;
    showWindow(window);
    return true;
  }

  function reportLine(line: number): void {
    reportedLine = line;
    props.onAddress({ line });
  }

  function paintHighlight(): void {
    decorations?.clear();
    const lineInModel = highlight && modelLine(loaded, highlight.line);
    if (!highlight || lineInModel === undefined) return;
    const range = new monaco.Range(
      lineInModel,
      highlight.column,
      lineInModel,
      highlight.length > 0 ? highlight.column + highlight.length : model!.getLineMaxColumn(lineInModel),
    );
    decorations = editor!.createDecorationsCollection([
      {
        range,
        options: {
          isWholeLine: highlight.length === 0,
          className: 'evidence-highlight',
          inlineClassName: highlight.length > 0 ? 'evidence-match' : undefined,
        },
      },
    ]);
  }

  /** Shows a file line: loads the window around it when needed, then reveals, selects and highlights it. */
  async function goToLine(line: number, column = 1, length = 0, focus = true): Promise<void> {
    if (!editor) return;
    const target = Math.min(Math.max(1, line), Math.max(total(), 1));
    // The line is in the window held: a window still on its way (an earlier Ctrl+End) must not replace it.
    if (modelLine(loaded, target) !== undefined) windowRequests++;
    else {
      const window = windowAround(target, total());
      if (!(await loadWindow(window.from, window.count))) return;
    }
    const lineInModel = modelLine(loaded, target) ?? 1;
    highlight = { line: target, column, length };
    editor.setSelection(new monaco.Range(lineInModel, column, lineInModel, length > 0 ? column + length : column));
    ownScroll(() => editor?.revealLineInCenter(lineInModel));
    paintHighlight();
    setCursorLine(target);
    clearTimeout(reportTimer);
    reportLine(target);
    updateVisible();
    if (focus) editor.focus();
    keepInView = target;
    // For a second, each frame: Monaco lays out the new lines over several frames.
    const settleUntil = performance.now() + 1_000;
    const settle = () => {
      keepLineInView();
      if (keepInView === target && performance.now() < settleUntil) requestAnimationFrame(settle);
    };
    requestAnimationFrame(settle);
  }

  /** Scrolls the editor for the viewer itself: a scroll the trainee did not make. */
  function ownScroll(scroll: () => void): void {
    revealing = true;
    try {
      scroll();
    } finally {
      revealing = false;
    }
  }

  /**
   * The viewer's box can change just after a jump (the status line grows, a scroll bar appears once Monaco has
   * measured the new lines), which would push the line just jumped to out of sight: reveal it again.
   */
  function keepLineInView(): void {
    if (!editor || keepInView === undefined) return;
    const lineInModel = modelLine(loaded, keepInView);
    if (lineInModel === undefined) return;
    // In sight means wholly above the horizontal scroll bar, not merely in Monaco's visible range.
    const layout = editor.getLayoutInfo();
    const top = editor.getTopForLineNumber(lineInModel);
    const bottom = top + editor.getOption(monaco.editor.EditorOption.lineHeight);
    const scrollTop = editor.getScrollTop();
    if (top >= scrollTop && bottom <= scrollTop + layout.height - layout.horizontalScrollbarHeight) return;
    const last = lineInModel === model?.getLineCount();
    ownScroll(() => (last ? editor?.setScrollTop(editor.getScrollHeight()) : editor?.revealLine(lineInModel)));
    updateVisible();
  }

  /** Fetches the neighbouring window when the visible lines come near the edge of the one held. */
  async function followScroll(): Promise<void> {
    updateVisible();
    if (!editor || windowsInFlight > 0 || replacing || loaded.count === 0) return;
    const range = editor.getVisibleRanges()[0];
    if (!range) return;
    const first = fileLine(loaded, range.startLineNumber);
    const last = fileLine(loaded, range.endLineNumber);
    if (!needsNewWindow(loaded, first, last)) return;
    const window = windowAround(Math.floor((first + last) / 2), loaded.total);
    if (!(await loadWindow(window.from, window.count))) return;
    editor.setScrollTop(editor.getTopForLineNumber(modelLine(loaded, first) ?? 1));
  }

  async function copyReference(): Promise<void> {
    const reference = lineReference(props.evidence.title, cursorLine() ?? (visible().first || 1));
    setStatus(
      (await copyText(reference)) ? t('evidence.copied', { reference }) : t('evidence.copyFailed', { reference }),
    );
  }

  /** Copies the address of this artefact at the trainee's line (with the search), to paste where a link works. */
  async function copyLink(): Promise<void> {
    const line = cursorLine() ?? (visible().first || 1);
    const url = new URL(window.location.href);
    url.searchParams.set('line', String(line));
    const reference = lineReference(props.evidence.title, line);
    setStatus(
      (await copyText(url.toString())) ? t('evidence.linkCopied', { reference }) : t('evidence.linkCopyFailed'),
    );
  }

  async function search(query: Query, fromLine?: number): Promise<void> {
    setSearchError(undefined);
    setLastQuery(query);
    setSearching(true);
    try {
      const found = await read(
        labs[':labId'].evidence[':evidenceId'].search.$get({
          param: params(),
          query: {
            q: query.q,
            regex: query.regex ? '1' : '0',
            case: query.caseSensitive ? '1' : '0',
            ...(fromLine ? { from: String(fromLine) } : {}),
          },
        }),
      );
      setResults((previous) =>
        fromLine && previous ? { ...found, matches: [...previous.matches, ...found.matches] } : found,
      );
    } catch (error) {
      setResults(undefined);
      setSearchError(failureMessage(error));
    } finally {
      setSearching(false);
    }
  }

  function clearSearch(): void {
    setResults(undefined);
    setSearchError(undefined);
    setLastQuery(undefined);
    setDraft({ q: '', regex: false, caseSensitive: false });
    props.onAddress({ q: undefined, regex: false, caseSensitive: false });
  }

  const sameQuery = (a: Query | undefined, b: Query | undefined) =>
    a?.q === b?.q && a?.regex === b?.regex && a?.caseSensitive === b?.caseSensitive;

  onMount(async () => {
    model = monaco.editor.createModel('', languageFor(props.evidence.kind, props.evidence.format));
    editor = monaco.editor.create(container, {
      model,
      readOnly: true,
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: wrap() ? 'on' : 'off',
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
    // Monaco's own start, end and go-to-line know only the window held; these know the file.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Home, () => void goToLine(1));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.End, () => void goToLine(Number.MAX_SAFE_INTEGER));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyG, () => gotoInput.focus());
    editor.onDidScrollChange((event) => {
      // The trainee scrolled: the line of the last jump no longer needs to stay in sight.
      if (!revealing && !replacing && event.scrollTopChanged) keepInView = undefined;
      void followScroll();
    });
    editor.onDidLayoutChange(() => {
      keepLineInView();
      updateVisible();
    });
    // The scroll bar appearing or going changes what fits, without a scroll or a layout event.
    editor.onDidContentSizeChange(() => {
      keepLineInView();
      updateVisible();
    });
    editor.onDidChangeCursorPosition((event) => {
      if (replacing || loaded.count === 0) return;
      const line = fileLine(loaded, event.position.lineNumber);
      setCursorLine(line);
      // A click or arrow key moves the line in the address; quietly, after the trainee pauses.
      clearTimeout(reportTimer);
      reportTimer = setTimeout(() => reportLine(line), 250);
    });

    const startLine = props.address.line;
    showWindow(await takeFirstWindow(labs, props.labId, props.evidence.id, startLine));
    if (loaded.count === 0 && loaded.total > 0) {
      // The address asked for a line past the end of the file: show the end instead.
      await loadWindow(windowAround(loaded.total, loaded.total).from, windowAround(loaded.total, loaded.total).count);
    }
    if (startLine !== undefined) await goToLine(startLine, 1, 0, false);
    if (props.address.q)
      await search({ q: props.address.q, regex: props.address.regex, caseSensitive: props.address.caseSensitive });
  });

  // Follow the address when it changes under the viewer: a line reference link, back or forward.
  createEffect(
    on(
      () => props.address.line,
      (line) => {
        const ownLine = line === cursorLine() || line === reportedLine;
        if (line !== undefined && editor && loaded.count > 0 && !ownLine) void goToLine(line, 1, 0, false);
      },
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => ({ q: props.address.q ?? '', regex: props.address.regex, caseSensitive: props.address.caseSensitive }),
      (query) => {
        if (!editor || sameQuery(query, lastQuery()) || (!query.q && !lastQuery())) return;
        setDraft(query);
        if (query.q) void search(query);
        else {
          setResults(undefined);
          setLastQuery(undefined);
        }
      },
      { defer: true },
    ),
  );

  onCleanup(() => {
    clearTimeout(reportTimer);
    editor?.dispose();
    model?.dispose();
  });

  const toggleWrap = (on: boolean) => {
    setWrap(on);
    editor?.updateOptions({ wordWrap: on ? 'on' : 'off' });
    try {
      localStorage.setItem(WRAP_KEY, on ? 'on' : 'off');
    } catch {
      // Without storage the choice lasts as long as the page.
    }
  };

  return (
    <div class="evidence-viewer">
      <div class="viewer-toolbar">
        <form
          class="viewer-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            const query = draft();
            if (!query.q) return;
            props.onAddress({ q: query.q, regex: query.regex, caseSensitive: query.caseSensitive });
            void search(query);
          }}
        >
          <label for={`search-${props.evidence.id}`} class="visually-hidden">
            {t('evidence.search')}
          </label>
          <input
            id={`search-${props.evidence.id}`}
            name="q"
            type="search"
            placeholder={t('evidence.search')}
            required
            value={draft().q}
            onInput={(event) => setDraft({ ...draft(), q: event.currentTarget.value })}
          />
          <label class="check">
            <input
              type="checkbox"
              name="regex"
              checked={draft().regex}
              onChange={(event) => setDraft({ ...draft(), regex: event.currentTarget.checked })}
            />{' '}
            {t('evidence.regex')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="case"
              checked={draft().caseSensitive}
              onChange={(event) => setDraft({ ...draft(), caseSensitive: event.currentTarget.checked })}
            />{' '}
            {t('evidence.caseSensitive')}
          </label>
          <button type="submit" disabled={searching()}>
            {t('evidence.searchButton')}
          </button>
          <Show when={results() || searchError()}>
            <button type="button" class="clear-search" onClick={clearSearch} title={t('evidence.clearSearch')}>
              <span aria-hidden="true">×</span>
              <span class="visually-hidden">{t('evidence.clearSearch')}</span>
            </button>
          </Show>
        </form>
        <form
          class="viewer-goto"
          onSubmit={(event) => {
            event.preventDefault();
            void goToLine(Number(new FormData(event.currentTarget).get('line')));
          }}
        >
          <label for={`goto-${props.evidence.id}`} class="visually-hidden">
            {t('evidence.goToLine')}
          </label>
          <input
            ref={gotoInput}
            id={`goto-${props.evidence.id}`}
            name="line"
            type="number"
            inputmode="numeric"
            min="1"
            max={Math.max(total(), 1)}
            class="line-input"
            placeholder={t('evidence.goToLine')}
            required
          />
          <button type="submit">{t('evidence.go')}</button>
        </form>
      </div>
      <Show when={searchError()}>
        <p class="error small viewer-message" role="alert">
          {searchError()}
        </p>
      </Show>
      <Show when={results()}>
        {(found) => (
          <div class="search-results" data-testid="search-results">
            <p class="results-head small" role="status">
              {found().matches.length === 0
                ? t('evidence.noResults')
                : t('evidence.results', { count: found().matches.length })}
            </p>
            <ol>
              <For each={found().matches}>
                {(match) => (
                  <li>
                    <button
                      type="button"
                      class="result"
                      title={match.snippet}
                      aria-current={cursorLine() === match.line ? 'true' : undefined}
                      onClick={() => void goToLine(match.line, match.column, match.length)}
                    >
                      <span class="line-number">{t('evidence.line', { line: match.line })}</span>{' '}
                      <code>{match.snippet}</code>
                    </button>
                  </li>
                )}
              </For>
            </ol>
            <Show when={found().truncated && found().nextLine}>
              <button type="button" class="small" onClick={() => void search(lastQuery()!, found().nextLine)}>
                {t('evidence.moreResults')}
              </button>
            </Show>
          </div>
        )}
      </Show>
      <div class="editor-host" ref={container} data-testid="evidence-editor" />
      <div class="viewer-status">
        <span class="small" data-testid="visible-lines">
          <Show when={total() > 0} fallback={searching() ? t('evidence.searching') : t('loading')}>
            {t('evidence.visibleLines', {
              first: visible().first.toLocaleString(),
              last: visible().last.toLocaleString(),
              total: total().toLocaleString(),
            })}
          </Show>
        </span>
        <span class="muted small viewer-note" role="status" aria-live="polite">
          {status()}
        </span>
        <label class="check">
          <input type="checkbox" checked={wrap()} onChange={(event) => toggleWrap(event.currentTarget.checked)} />{' '}
          {t('evidence.wrap')}
        </label>
        <button type="button" class="small" onClick={() => void copyReference()}>
          {t('evidence.copyReference')}
        </button>
        <button type="button" class="small" onClick={() => void copyLink()}>
          {t('evidence.copyLink')}
        </button>
      </div>
    </div>
  );
}

/**
 * The open artefact: its rendered view where there is one (e-mail, Markdown, images, binary files),
 * with the text viewer as its raw view; the text viewer for text; otherwise a download.
 */
export default function EvidenceViewer(props: ViewerProps) {
  const textView = () => <TextViewer {...props} />;
  return (
    <Show
      when={hasRenderedView(props.evidence)}
      fallback={
        <Show when={TEXT_KINDS.has(props.evidence.kind)} fallback={<p class="muted">{t('evidence.notText')}</p>}>
          {textView()}
        </Show>
      }
    >
      <RenderedArtefact labId={props.labId} evidence={props.evidence} rawView={textView} />
    </Show>
  );
}
