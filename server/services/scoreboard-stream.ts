import type { ServiceContext } from './context.ts';

/** The shortest time between two change notices on one stream: a burst of solves becomes one reload. */
export const SCOREBOARD_NOTICE_INTERVAL_MS = 250;

/**
 * Calls `notify` when the cohort's scores change, at most once per interval, never with a previous
 * notice still being written (a client that stops reading cannot pile up writes). The notice says
 * only that something changed: the client reloads the board through its usual access rules, so the
 * stream cannot show more than the board would. Returns the function that stops watching.
 */
export function watchScoreboard(ctx: ServiceContext, cohortId: number, notify: () => Promise<unknown>, intervalMs = SCOREBOARD_NOTICE_INTERVAL_MS): () => void {
  let lastNoticeAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = false;
  let missed = false;
  let stopped = false;

  const schedule = () => {
    if (stopped || timer) return;
    if (writing) {
      missed = true;
      return;
    }
    timer = setTimeout(send, Math.max(0, lastNoticeAt + intervalMs - performance.now()));
  };
  const send = async () => {
    timer = undefined;
    if (stopped) return;
    writing = true;
    missed = false;
    lastNoticeAt = performance.now();
    try {
      await notify();
    } catch {
      // A failed write means the client has gone; the stream's abort handler stops watching.
    } finally {
      writing = false;
    }
    if (missed) schedule();
  };
  const listener = (cohortIds: number[]) => {
    if (cohortIds.includes(cohortId)) schedule();
  };

  ctx.events.on('scores-changed', listener);
  return () => {
    stopped = true;
    clearTimeout(timer);
    ctx.events.off('scores-changed', listener);
  };
}
