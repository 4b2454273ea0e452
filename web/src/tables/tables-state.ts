import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { fetchTables, type TablesAnswer } from '../lib/evidence-queries.ts';
import { failureMessage } from '../lib/failure-message.ts';
import type { LabsApi } from '../lib/lab-space.tsx';

/** How often a build in progress is asked about again. */
const POLL_MS = 500;

export type TablesState = TablesAnswer | { state: 'loading' } | { state: 'failed'; message: string };

/**
 * A lab's evidence tables as they become ready: asks once, and while the server is still building them
 * asks again every POLL_MS until they are ready (or the owner is disposed).
 */
export function watchTables(labs: LabsApi, labId: string): Accessor<TablesState> {
  const [state, setState] = createSignal<TablesState>({ state: 'loading' });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });
  const ask = async () => {
    try {
      const answer = await fetchTables(labs, labId);
      if (stopped) return;
      setState(answer);
      if (answer.state === 'building') timer = setTimeout(() => void ask(), POLL_MS);
    } catch (failure) {
      if (!stopped) setState({ state: 'failed', message: failureMessage(failure) });
    }
  };
  void ask();
  return state;
}
