import { Show } from 'solid-js';

/** The button that asks for the next page of a list while there is one, and why the last ask failed. */
export function LoadMore(props: {
  more: boolean;
  loading: boolean;
  error: string | undefined;
  label: string;
  loadingLabel: string;
  testId: string;
  onLoad: () => void;
}) {
  return (
    <>
      <Show when={props.more}>
        <p>
          <button
            type="button"
            data-testid={props.testId}
            disabled={props.loading}
            aria-busy={props.loading ? 'true' : undefined}
            onClick={() => props.onLoad()}
          >
            {props.loading ? props.loadingLabel : props.label}
          </button>
        </p>
      </Show>
      <Show when={props.error}>
        <p class="error" role="alert">
          {props.error}
        </p>
      </Show>
    </>
  );
}
