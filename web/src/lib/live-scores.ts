import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { urls, type Scoreboard } from './api.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface ScoreHandlers {
  /** The board as the board route would answer now, carried by the stream: show it as it is. */
  onBoard: (board: Scoreboard) => void;
  /** Something changed that the stream could not hand over: reload the board through the usual route. */
  onBehind: () => void;
}

/** A `scores` event's data, if it is one this page can read. */
function readEvent(data: unknown): { version: number; board: Scoreboard } | undefined {
  try {
    const event = JSON.parse(String(data)) as { version?: unknown; board?: { rows?: unknown } };
    if (typeof event.version === 'number' && Array.isArray(event.board?.rows))
      return { version: event.version, board: event.board as Scoreboard };
  } catch {
    // Not JSON: reloaded like any event that cannot be read.
  }
  return undefined;
}

/**
 * Listens to a scoreboard's stream (server-sent events) of boards of `limit()` rows while the calling
 * component lives, again when the limit changes. Each event carries the whole board as the board
 * route would answer it, so it is shown without a reload. The board is reloaded (`onBehind`) only
 * when the page may have fallen behind: after a dropped connection comes back (events sent meanwhile
 * were missed), at a gap in the stream's numbering, or at an event it cannot read. The first event
 * after a (re)connection starts the numbering; it carries the whole board, so it needs no reload.
 * Returns the connection state to show.
 */
export function listenToScores(
  cohortId: number,
  limit: Accessor<number>,
  handlers: ScoreHandlers,
): Accessor<LiveState> {
  const [state, setState] = createSignal<LiveState>('connecting');
  createEffect(() => {
    const source = new EventSource(urls.scoreboardStream(cohortId, limit()));
    let droppedOnce = false;
    let lastVersion: number | undefined;
    source.addEventListener('open', () => {
      lastVersion = undefined;
      if (droppedOnce) handlers.onBehind();
      setState('live');
    });
    source.addEventListener('scores', (event) => {
      const scores = readEvent(event.data);
      const missed = scores === undefined || (lastVersion !== undefined && scores.version !== lastVersion + 1);
      lastVersion = scores?.version;
      if (missed) handlers.onBehind();
      else handlers.onBoard(scores.board);
    });
    source.addEventListener('error', () => {
      droppedOnce = true;
      // CLOSED means the browser gave up (the server refused the stream); otherwise it retries by itself.
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    });
    onCleanup(() => source.close());
  });
  return state;
}
