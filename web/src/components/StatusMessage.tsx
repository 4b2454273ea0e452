import { createSignal, Show } from 'solid-js';
import { failureMessage } from '../lib/failure-message.ts';

// Kept importable from here, beside the line that shows them.
export { failureMessage, signInFailureMessage } from '../lib/failure-message.ts';

/** The outcome of something the user did: a success line, or an error line. */
export interface Status {
  text: string;
  error: boolean;
}

/** The error line for a failure. */
export function failureStatus(failure: unknown): Status {
  return { text: failureMessage(failure), error: true };
}

/**
 * Something the user starts that may fail: `busy` while it runs (to disable its button) and its
 * outcome as a Status, cleared when it starts again. `run` takes the work; the sentence it returns,
 * if any, is the success line, and a failure becomes the error line in `describeFailure`'s words.
 */
export function createAction(describeFailure: (failure: unknown) => string = failureMessage) {
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<Status>();
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setStatus(undefined);
    try {
      const done = await work();
      if (typeof done === 'string') setStatus({ text: done, error: false });
    } catch (failure) {
      setStatus({ text: describeFailure(failure), error: true });
    } finally {
      setBusy(false);
    }
  };
  /** The failure's message alone, for forms that show only errors. */
  const error = () => {
    const shown = status();
    return shown?.error ? shown.text : undefined;
  };
  return { busy, status, setStatus, error, run };
}

/** The outcome line: announced politely on success (status), at once on error (alert); nothing until there is one. */
export function StatusMessage(props: { status: Status | undefined }) {
  return (
    <Show when={props.status}>
      {(shown) => (
        <p class={shown().error ? 'error' : 'success'} role={shown().error ? 'alert' : 'status'}>
          {shown().text}
        </p>
      )}
    </Show>
  );
}
