import { createSignal, onCleanup, onMount } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { ApiError, client, read } from '../lib/api.ts';
import { monaco } from './monaco.ts';
import { failureMessage } from '../components/StatusMessage.tsx';

type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'failed';

/** How long typing must pause before the notes are saved. */
const AUTOSAVE_DELAY_MS = 800;

/**
 * The trainee's case notes for a lab: Markdown in Monaco, saved automatically a moment after
 * typing stops (and when the editor loses focus), with the saved state always visible. Saves carry
 * the revision they started from, so a second tab cannot silently overwrite newer notes.
 */
export default function NotesEditor(props: { labId: string }) {
  let container!: HTMLDivElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let revision = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> | undefined;
  const [state, setState] = createSignal<SaveState>('saved');
  const [error, setError] = createSignal('');

  async function save(): Promise<void> {
    if (!editor || state() === 'saved' || state() === 'conflict') return;
    if (saving) await saving;
    const body = editor.getValue();
    setState('saving');
    saving = (async () => {
      try {
        const { notes } = await read(client.labs[':labId'].notes.$put({ param: { labId: props.labId }, json: { body, baseRevision: revision } }));
        revision = notes.revision;
        setState(editor!.getValue() === body ? 'saved' : 'unsaved');
        if (state() === 'unsaved') schedule();
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
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  }

  const flushBeforeLeaving = () => {
    if (state() === 'unsaved' && editor) {
      // keepalive lets the last save finish while the page unloads.
      void client.labs[':labId'].notes.$put({ param: { labId: props.labId }, json: { body: editor.getValue(), baseRevision: revision } }, { init: { keepalive: true } });
    }
  };

  onMount(async () => {
    const { notes } = await read(client.labs[':labId'].notes.$get({ param: { labId: props.labId } }));
    revision = notes.revision;
    editor = monaco.editor.create(container, {
      value: notes.body,
      language: 'markdown',
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: 'on',
      lineNumbers: 'off',
      fontSize: 14,
      ariaLabel: t('workspace.notes'),
      placeholder: '# Findings',
    });
    editor.onDidChangeModelContent(() => {
      if (state() !== 'conflict') setState('unsaved');
      schedule();
    });
    editor.onDidBlurEditorText(() => void save());
    window.addEventListener('beforeunload', flushBeforeLeaving);
  });

  onCleanup(() => {
    clearTimeout(timer);
    window.removeEventListener('beforeunload', flushBeforeLeaving);
    void save();
    editor?.dispose();
  });

  const label = () => {
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
      <div class="editor-host" ref={container} data-testid="notes-editor" />
    </div>
  );
}
