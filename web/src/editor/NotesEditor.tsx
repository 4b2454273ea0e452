import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { ApiError, read } from '../lib/api.ts';
import { createDraft } from '../lib/drafts.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { offerNotesAppender } from '../lib/notes-citations.ts';
import { monaco } from './monaco.ts';
import { failureMessage } from '../components/StatusMessage.tsx';
import { useLabSpace } from '../lib/lab-space.tsx';

type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'failed';

/** How long typing must pause before the notes are saved. */
const AUTOSAVE_DELAY_MS = 800;

/** Unsaved notes as kept in the browser: the text and the revision it was typed on. */
interface NotesDraft {
  body: string;
  baseRevision: number;
}

/** Notes typed on an older revision than the server's: offered, never applied silently. */
interface OlderDraft {
  body: string;
  savedAt: number | undefined;
}

/**
 * The trainee's case notes for a lab: Markdown in Monaco, saved automatically a moment after
 * typing stops (and when the editor loses focus), with the saved state always visible. Saves carry
 * the revision they started from, so a second tab cannot silently overwrite newer notes. Until the
 * server confirms a save, the text is also kept in the browser (drafts.ts): a reload, a crash or an
 * ended session loses nothing, and the next visit restores and saves it.
 */
/** `readOnly` once the lab has closed: the server refuses notes then, so the editor does not offer to change them. */
export default function NotesEditor(props: { labId: string; readOnly?: boolean }) {
  const { labs, drafts } = useLabSpace();
  let container!: HTMLDivElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let revision = 0;
  /** The editor's text, kept here so that a save finishing after the editor is gone can still compare. */
  let latest = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | undefined;
  let disposed = false;
  let withdrawCitations: (() => void) | undefined;
  const draft = createDraft<NotesDraft>(`${drafts}/${props.labId}/notes`);
  const [state, setState] = createSignal<SaveState>('saved');
  const [error, setError] = createSignal('');
  const [olderDraft, setOlderDraft] = createSignal<OlderDraft>();

  // An older draft waiting for the trainee's decision keeps its place in the browser until it is made.
  const keepDraft = () => {
    if (!olderDraft()) draft.set({ body: latest, baseRevision: revision });
  };
  const forgetDraft = () => {
    if (!olderDraft()) draft.clear();
  };

  async function save(): Promise<void> {
    if (!editor || props.readOnly) return;
    // One save at a time: two saves on the same revision would make the second a conflict.
    while (saving) await saving;
    if (state() === 'saved' || state() === 'conflict') return;
    const body = latest;
    setState('saving');
    saving = (async () => {
      try {
        const { notes } = await read(
          labs[':labId'].notes.$put({ param: { labId: props.labId }, json: { body, baseRevision: revision } }),
        );
        revision = notes.revision;
        if (latest === body) {
          forgetDraft();
          setState('saved');
        } else {
          // Typed while the save was on its way: the draft now builds on the new revision.
          keepDraft();
          setState('unsaved');
          schedule();
        }
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 409) setState('conflict');
        else {
          setError(failureMessage(failure));
          setState('failed');
        }
      } finally {
        saving = undefined;
      }
    })();
    await saving;
  }

  function schedule(): void {
    clearTimeout(timer);
    if (!disposed) timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  }

  const flushBeforeLeaving = () => {
    if ((state() === 'unsaved' || state() === 'failed') && editor) {
      // keepalive lets the last save finish while the page unloads; if it does not, the draft is still there.
      void labs[':labId'].notes.$put(
        { param: { labId: props.labId }, json: { body: latest, baseRevision: revision } },
        { init: { keepalive: true } },
      );
    }
  };

  onMount(async () => {
    const { notes } = await read(labs[':labId'].notes.$get({ param: { labId: props.labId } }));
    if (disposed) return;
    revision = notes.revision;
    const kept = draft.value();
    let restored = false;
    latest = notes.body;
    if (props.readOnly) {
      // Closed: a draft could not be saved any more; it stays in the browser, out of the way.
    } else if (kept && kept.body !== notes.body) {
      if (kept.baseRevision === notes.revision) {
        // Typed on the notes the server still has: nothing is overwritten by saving it now.
        latest = kept.body;
        restored = true;
      } else {
        setOlderDraft({ body: kept.body, savedAt: draft.savedAt() });
      }
    } else if (kept) draft.clear();

    editor = monaco.editor.create(container, {
      value: latest,
      language: 'markdown',
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: 'on',
      lineNumbers: 'off',
      readOnly: props.readOnly === true,
      fontSize: 14,
      ariaLabel: t('workspace.notes'),
      placeholder: t('notes.placeholder'),
      // The completion list loaded for the SQL console stays out of the notes: Enter starts a new line.
      quickSuggestions: false,
      suggestOnTriggerCharacters: false,
      wordBasedSuggestions: 'off',
    });
    editor.onDidChangeModelContent(() => {
      latest = editor!.getValue();
      keepDraft();
      if (state() !== 'conflict') setState('unsaved');
      schedule();
    });
    editor.onDidBlurEditorText(() => void save());
    // Rows cited from the evidence tables arrive here, as if typed at the end, and are saved the same way.
    withdrawCitations = offerNotesAppender(props.labId, (text) => {
      if (props.readOnly || !editor) return false;
      const model = editor.getModel()!;
      const end = model.getFullModelRange().getEndPosition();
      const separator = latest === '' || latest.endsWith('\n') ? '' : '\n';
      editor.executeEdits('cite-row', [
        {
          range: new monaco.Range(end.lineNumber, end.column, end.lineNumber, end.column),
          text: `${separator}${text}\n`,
        },
      ]);
      editor.revealLine(model.getLineCount());
      return true;
    });
    window.addEventListener('beforeunload', flushBeforeLeaving);
    if (restored) {
      setState('unsaved');
      void save();
    }
  });

  onCleanup(() => {
    disposed = true;
    withdrawCitations?.();
    clearTimeout(timer);
    window.removeEventListener('beforeunload', flushBeforeLeaving);
    void save();
    editor?.dispose();
  });

  /** Adds the older draft below the current notes: nothing of either is lost, and the trainee tidies up. */
  const appendOlderDraft = () => {
    const older = olderDraft();
    if (!older || !editor) return;
    setOlderDraft(undefined);
    const model = editor.getModel()!;
    const separator =
      latest.trim() === '' ? '' : `\n\n${t('notes.olderDraftHeading', { date: formatDateTime(older.savedAt) })}\n\n`;
    const end = model.getFullModelRange().getEndPosition();
    editor.executeEdits('restore-draft', [
      {
        range: new monaco.Range(end.lineNumber, end.column, end.lineNumber, end.column),
        text: `${separator}${older.body}`,
      },
    ]);
  };

  const discardOlderDraft = () => {
    setOlderDraft(undefined);
    if (state() === 'saved') forgetDraft();
    else keepDraft();
  };

  const label = () => {
    if (props.readOnly) return t('notes.readOnly');
    switch (state()) {
      case 'saved':
        return t('notes.saved');
      case 'saving':
        return t('notes.saving');
      case 'unsaved':
        return t('notes.unsaved');
      case 'conflict':
        return t('notes.conflict');
      case 'failed':
        return t('notes.failed', { message: error() });
    }
  };

  return (
    <div class="notes-editor">
      <p class={`save-state ${state()}`} role="status" aria-live="polite" data-testid="notes-state">
        {label()}
      </p>
      <Show when={olderDraft()}>
        {(older) => (
          <div
            class="older-draft"
            role="region"
            aria-label={t('notes.olderDraftTitle')}
            data-testid="notes-older-draft"
          >
            <p>{t('notes.olderDraft', { date: formatDateTime(older().savedAt) })}</p>
            <details>
              <summary>{t('notes.olderDraftShow')}</summary>
              <pre>{older().body}</pre>
            </details>
            <p class="row">
              <button type="button" class="primary" onClick={appendOlderDraft}>
                {t('notes.olderDraftAppend')}
              </button>
              <button type="button" onClick={discardOlderDraft}>
                {t('notes.olderDraftDiscard')}
              </button>
            </p>
          </div>
        )}
      </Show>
      <div class="editor-host" ref={container} data-testid="notes-editor" />
    </div>
  );
}
