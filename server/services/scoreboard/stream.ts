import type { Timer } from '../../lib/clock.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { frozenForTrainees, openScoreboard, type ScoreboardAccess } from './access.ts';

/** The shortest time between two change notices on one stream: a burst of solves becomes one reload. */
export const SCOREBOARD_NOTICE_INTERVAL_MS = 250;

export interface ScoreboardWatcher {
  /** Sends one change notice to the client; the next waits until it is written. */
  notify: () => Promise<unknown>;
  /** The caller may no longer see the board (left the cohort, say): the stream should end. */
  refused: () => void;
}

/** What a trainee's frozen board depends on: while it stays the same, the board they would reload is the same. */
function frozenState(access: ScoreboardAccess): string {
  return `${access.cohort.scoreboardVisibility}|${access.cohort.freezeAt?.getTime() ?? ''}`;
}

/**
 * Opens a change feed on a cohort's board for the caller (access checked first, as for the board).
 * A notice says only that something changed: the client reloads the board through its usual access
 * rules, so the stream cannot show more than the board would. Notices come at most once per interval
 * and never while the previous one is still being written (a client that stops reading cannot pile
 * up writes). Before each notice the access is checked again; a trainee looking at a frozen board is
 * not told about solves, which could not change it. Returns the function that stops watching.
 */
export function watchScoreboard(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  watcher: ScoreboardWatcher,
  intervalMs = SCOREBOARD_NOTICE_INTERVAL_MS,
): () => void {
  let lastState = frozenState(openScoreboard(ctx, actor, cohortId));
  let lastNoticeAt = Number.NEGATIVE_INFINITY;
  let timer: Timer | undefined;
  let writing = false;
  let missed = false;
  let stopped = false;

  const stop = () => {
    stopped = true;
    timer?.cancel();
    ctx.events.off('scores-changed', listener);
  };
  const schedule = () => {
    if (stopped || timer) return;
    if (writing) {
      missed = true;
      return;
    }
    // Never longer than one interval, should the clock be set back.
    const wait = Math.min(intervalMs, Math.max(0, lastNoticeAt + intervalMs - ctx.clock.now().getTime()));
    timer = ctx.clock.setTimeout(send, wait);
  };
  const send = async () => {
    timer = undefined;
    if (stopped) return;
    let access: ScoreboardAccess;
    try {
      access = openScoreboard(ctx, actor, cohortId);
    } catch {
      stop();
      watcher.refused();
      return;
    }
    const state = frozenState(access);
    const unchanged = !access.staff && frozenForTrainees(ctx, access.cohort) && state === lastState;
    lastState = state;
    if (unchanged) return;
    writing = true;
    missed = false;
    lastNoticeAt = ctx.clock.now().getTime();
    try {
      await watcher.notify();
    } catch {
      // A failed write means the client has gone; the stream's abort handler stops watching.
    } finally {
      writing = false;
    }
    if (missed) schedule();
  };
  function listener(cohortIds: number[]): void {
    if (cohortIds.includes(cohortId)) schedule();
  }

  ctx.events.on('scores-changed', listener);
  return stop;
}
