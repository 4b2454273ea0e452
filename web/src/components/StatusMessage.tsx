import { Show } from 'solid-js';
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
