import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { urls } from './api.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * Listens to a scoreboard's change stream (server-sent events) while the calling component lives.
 * The stream only says that something changed; `onChange` refetches through the usual routes, so
 * the page never shows more than the board would. After a dropped connection comes back, it also
 * refetches, since notices sent meanwhile were missed. Returns the connection state to show.
 */
export function listenToScores(cohortId: number, onChange: () => void): Accessor<LiveState> {
  const [state, setState] = createSignal<LiveState>('connecting');
  const source = new EventSource(urls.scoreboardStream(cohortId));
  let droppedOnce = false;
  source.addEventListener('open', () => {
    if (droppedOnce) onChange();
    setState('live');
  });
  source.addEventListener('scores', () => onChange());
  source.addEventListener('error', () => {
    droppedOnce = true;
    // CLOSED means the browser gave up (the server refused the stream); otherwise it retries by itself.
    setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  });
  onCleanup(() => source.close());
  return state;
}
