import type { Timer } from '../../lib/clock.ts';
import type { Actor, ServiceContext, ServiceEvents } from '../context.ts';
import { frozenForTrainees, openScoreboard, type ScoreboardAccess } from './access.ts';
import {
  boardHeading,
  boardJson,
  boardViewOf,
  ownRow,
  sharedBoard,
  type BoardView,
  type SharedBoard,
} from './scoreboard.ts';

/** The shortest time between two change notices on one stream: a burst of solves becomes one reload. */
export const SCOREBOARD_NOTICE_INTERVAL_MS = 250;

export interface ScoreboardWatcher {
  /**
   * Sends the board as the caller would get it from the board route at this moment (its JSON text)
   * to the client; the next waits until it is written.
   */
  notify: (board: string) => Promise<unknown>;
  /** The caller may no longer see the board (left the cohort, say), or it failed: the stream should end. */
  refused: () => void;
}

/** The boards of a cohort with open streams, shared by the streams of one kind of viewer (see sharedBoard). */
interface WatchedCohort {
  streams: number;
  /** By what a board depends on besides the standings (boardKind); emptied at every change of the cohort's board. */
  boards: Map<string, SharedBoard>;
}

const watchedByContext = new WeakMap<ServiceEvents, Map<number, WatchedCohort>>();

function watchedCohorts(ctx: ServiceContext): Map<number, WatchedCohort> {
  let watched = watchedByContext.get(ctx.events);
  if (!watched) watchedByContext.set(ctx.events, (watched = new Map()));
  return watched;
}

/** Everything a shared board depends on besides the standings: viewers of one kind share it. */
function boardKind(view: BoardView, limit: number): string {
  return [limit, view.access.staff, view.labIds.join('\n'), JSON.stringify(boardHeading(view))].join('|');
}

/** What a trainee's frozen board depends on: while it stays the same, the board they would reload is the same. */
function frozenState(access: ScoreboardAccess): string {
  return `${access.cohort.scoreboardVisibility}|${access.cohort.freezeAt?.getTime() ?? ''}`;
}

/**
 * Opens a change feed on a cohort's board for the caller (access checked first, as for the board).
 * Each notice carries the board exactly as the board route would answer the caller at that moment for
 * `limit` rows, so an open board need not reload. The part every viewer of one kind sees alike is
 * built once per change and shared by their streams; each stream adds only the caller's own row.
 * Notices come at most once per interval and never while the previous one is still being written (a
 * client that stops reading cannot pile up writes). Before each notice the access is checked again;
 * a trainee looking at a frozen board is not told about solves, which could not change it. Returns
 * the function that stops watching.
 */
export function watchScoreboard(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
  watcher: ScoreboardWatcher,
  intervalMs = SCOREBOARD_NOTICE_INTERVAL_MS,
): () => void {
  let lastState = frozenState(openScoreboard(ctx, actor, cohortId));
  let lastNoticeAt = Number.NEGATIVE_INFINITY;
  let timer: Timer | undefined;
  let writing = false;
  let missed = false;
  let stopped = false;
  const cohorts = watchedCohorts(ctx);
  const watched = cohorts.get(cohortId) ?? { streams: 0, boards: new Map<string, SharedBoard>() };
  cohorts.set(cohortId, watched);
  watched.streams += 1;
  const shared = watched.boards;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    timer?.cancel();
    ctx.events.off('scores-changed', listener);
    ctx.events.off('member-left', memberLeft);
    if (--watched.streams === 0) cohorts.delete(cohortId);
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
  /** The caller's board: the shared part built by the first stream of its kind since the last change. */
  const boardOf = (access: ScoreboardAccess): string => {
    const view = boardViewOf(ctx, actor, access);
    const kind = boardKind(view, options.limit);
    let board = shared.get(kind);
    if (!board) shared.set(kind, (board = sharedBoard(ctx, view, options.limit)));
    return boardJson(board, ownRow(ctx, view));
  };
  /** The board to send now, or undefined when the caller's frozen board cannot have changed. */
  const boardToSend = (): string | undefined => {
    const access = openScoreboard(ctx, actor, cohortId);
    const state = frozenState(access);
    const unchanged = !access.staff && frozenForTrainees(ctx, access.cohort) && state === lastState;
    lastState = state;
    return unchanged ? undefined : boardOf(access);
  };
  const send = async () => {
    timer = undefined;
    if (stopped) return;
    let board: string | undefined;
    try {
      board = boardToSend();
    } catch {
      // Refused (the caller left the cohort, say), or the board could not be built: the stream ends
      // rather than going quiet, and a client that reconnects reloads the board.
      stop();
      watcher.refused();
      return;
    }
    if (board === undefined) return;
    writing = true;
    missed = false;
    lastNoticeAt = ctx.clock.now().getTime();
    try {
      await watcher.notify(board);
    } catch {
      // A failed write means the client has gone; the stream's abort handler stops watching.
    } finally {
      writing = false;
    }
    if (missed) schedule();
  };
  // Every stream of the cohort empties the shared boards at a change: the next notice builds them anew.
  function listener(cohortIds: number[]): void {
    if (!cohortIds.includes(cohortId)) return;
    shared.clear();
    schedule();
  }
  // A departure changes the board without a notice (the one who left is not told): the next one must not show them.
  function memberLeft(leftCohortId: number): void {
    if (leftCohortId === cohortId) shared.clear();
  }

  ctx.events.on('scores-changed', listener);
  ctx.events.on('member-left', memberLeft);
  return stop;
}
