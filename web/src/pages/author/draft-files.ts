import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { ApiError } from '../../lib/api.ts';
import { authoring } from '../../lib/authoring.ts';
import { failureMessage } from '../../lib/failure-message.ts';

/** How long typing must pause before a file is saved. */
const AUTOSAVE_DELAY_MS = 1000;

/** Where a draft's edits stand, as the page's save line says it. */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

/** One text file of a draft as the page edits it: loaded, changed as the author types, saved a moment later. */
export interface EditedFile {
  path: Accessor<string>;
  /** The text in the editor (undefined until loaded). */
  text: Accessor<string | undefined>;
  /** Saved, unsaved, being saved, or the last save failed. */
  state: Accessor<SaveState>;
  /** Why the last save failed. */
  failure: Accessor<string | undefined>;
  /** Reads the file from the draft (a missing file is empty). */
  load: (path?: string) => Promise<void>;
  /** The author typed: kept, and saved once typing pauses. */
  edit: (text: string) => void;
  /** Saves now, if there is anything to save; resolves once the server has it. */
  save: () => Promise<void>;
}

/** A draft's text file kept in step with the server (see EditedFile); `onSaved` after each save. */
export function createEditedFile(
  draftId: Accessor<number>,
  initialPath: string,
  onSaved: () => void = () => undefined,
): EditedFile {
  const [path, setPath] = createSignal(initialPath);
  const [text, setText] = createSignal<string>();
  const [savedText, setSavedText] = createSignal<string>();
  const [saving, setSaving] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const load = async (newPath = path()) => {
    clearTimeout(timer);
    let content = '';
    try {
      content = (await authoring.readFile(draftId(), newPath)).content ?? '';
    } catch (failed) {
      if (!(failed instanceof ApiError && failed.status === 404)) throw failed;
    }
    setPath(newPath);
    setSavedText(content);
    setText(content);
    setFailure(undefined);
  };

  const save = async (): Promise<void> => {
    clearTimeout(timer);
    // One save at a time, each sending the newest text; a save asked for meanwhile waits for it.
    while (running) await running;
    const sending = text();
    if (sending === undefined || sending === savedText()) return;
    setSaving(true);
    running = (async () => {
      try {
        await authoring.writeFile(draftId(), path(), sending);
        setSavedText(sending);
        setFailure(undefined);
        onSaved();
      } catch (failed) {
        setFailure(failureMessage(failed));
        throw failed;
      } finally {
        setSaving(false);
        running = undefined;
      }
    })();
    await running;
  };

  const edit = (value: string) => {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => void save().catch(() => undefined), AUTOSAVE_DELAY_MS);
  };

  onCleanup(() => clearTimeout(timer));

  const state = (): SaveState => {
    if (saving()) return 'saving';
    if (text() === savedText()) return 'saved';
    return failure() ? 'failed' : 'unsaved';
  };

  return { path, text, state, failure, load, edit, save };
}

/** The state of several files together: the worst of them. */
export function combinedState(files: EditedFile[]): SaveState {
  const states = files.map((file) => file.state());
  for (const state of ['failed', 'saving', 'unsaved'] as const) if (states.includes(state)) return state;
  return 'saved';
}
