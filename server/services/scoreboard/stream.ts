import type { Timer } from '../../lib/clock.ts';
import type { Actor, ServiceContext, ServiceEvents } from '../context.ts';
import { accessEpochOf, keptBoardAccess, type KeptBoardAccess, type ScoreboardAccess } from './access.ts';
import { boardBasis, boardPieces, keptSharedBoard, ownRow, type BoardView, type SharedBoard } from './scoreboard.ts';

/** The shortest time between two change notices on one stream: a burst of solves becomes one reload. */
export const SCOREBOARD_NOTICE_INTERVAL_MS = 250;
/**
 * Notices a cohort's streams get per second at most, all together: past 1,500 streams (this many per
 * second at one every 250 ms) the interval grows with them (3,000 streams: a notice every 500 ms).
 * Sending a notice costs the server little (a stream's own row and a write of bytes shared with the
 * others, see boardPieces), but every client must read a whole board each time: faster than it can,
 * notices queue up in the connection and the boards shown fall behind.
 */
const MAX_NOTICES_PER_SECOND = 6_000;

export interface ScoreboardWatcher {
  /**
   * Sends the board as the caller would get it from the board route at this moment to the client:
   * its JSON text in pieces (see boardPieces; the shared ones are the same bytes for every stream),
   * with the time of the round. The next notice waits until this one is written.
   */
  notify: (board: readonly (string | Buffer)[], at: string) => Promise<unknown>;
  /** The caller may no longer see the board (left the cohort, say), or it failed: the stream should end. */
  refused: () => void;
}

/** One open stream on a cohort's board. */
interface Watch {
  actor: Actor;
  limit: number;
  watcher: ScoreboardWatcher;
  /** The board changed since the last notice: the next round sends one (unless the previous is still being written). */
  due: boolean;
  writing: boolean;
  /** In a round's queue, waiting for its slice (see sendQueued). */
  queued: boolean;
  /** boardState at the last notice (or at the stream's start). */
  lastState: string;
  /** The caller's own row as last sent, and what it was made from: most rounds leave it as it was. */
  ownRow?: { made: string; json: string };
  stop: () => void;
}

/** A cohort with open streams: one listener and one timer for all of them. */
interface WatchedCohort {
  ctx: ServiceContext;
  cohortId: number;
  intervalMs: number;
  watches: Set<Watch>;
  timer?: Timer;
  /** The notice due when the freeze time comes (armFreezeNotice): when it is, and its timer. */
  freeze?: { at: number; timer: Timer };
  lastRoundAt: number;
  listener: (cohortIds: number[]) => void;
}

const watchedByContext = new WeakMap<ServiceEvents, Map<number, WatchedCohort>>();

function watchedCohorts(ctx: ServiceContext): Map<number, WatchedCohort> {
  let watched = watchedByContext.get(ctx.events);
  if (!watched) watchedByContext.set(ctx.events, (watched = new Map()));
  return watched;
}

/**
 * What a trainee's frozen board depends on: the visibility and the frozen ranking's version (the
 * freeze time, the members, the grades). While it stays the same, the board they would reload is
 * the same. A live board's state never counts as unchanged (see send).
 */
function boardState(access: ScoreboardAccess, basis: Pick<BoardView, 'frozen' | 'standings'>): string {
  return `${access.cohort.scoreboardVisibility}|${basis.frozen ? basis.standings.version : 'live'}`;
}

/** setTimeout's longest wait; a freeze further ahead is armed again by a later round. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Makes every stream of the cohort due when its freeze time comes, so that trainees' open boards
 * turn into the frozen board then, not at the next change after it (which a frozen board does not
 * show). Armed again whenever a round sees another freeze time.
 */
function armFreezeNotice(watched: WatchedCohort, freezeAt: Date | null): void {
  const at = freezeAt?.getTime();
  if (watched.freeze?.at === at) return;
  watched.freeze?.timer.cancel();
  watched.freeze = undefined;
  if (at === undefined) return;
  const wait = at - watched.ctx.clock.now().getTime();
  if (wait <= 0 || wait > MAX_TIMER_MS) return;
  const timer = watched.ctx.clock.setTimeout(() => {
    for (const each of watched.watches) each.due = true;
    schedule(watched);
  }, wait);
  watched.freeze = { at, timer };
}

/**
 * What one round of notices reads once for every stream of the cohort: the access epoch, then per
 * kind of viewer the ranking and the shared board. All streams of a round see the board as it is at
 * that moment, as if each had asked the board route then.
 */
class Round {
  readonly epoch: number;
  private readonly bases = new Map<boolean, Omit<BoardView, 'access' | 'actor'>>();
  private readonly boards = new Map<string, SharedBoard>();
  /** When the round read the board: every notice of the round says so. */
  readonly at: string;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly cohortId: number,
  ) {
    this.epoch = accessEpochOf(ctx);
    this.at = ctx.now().toISOString();
  }

  /** The caller's access, checked again: kept while the access epoch holds (keptBoardAccess). */
  access(watch: Watch): KeptBoardAccess {
    return keptBoardAccess(this.ctx, watch.actor, this.cohortId, this.epoch);
  }

  /** Which ranking the caller's kind of viewer sees, and how much of it: read once per round and kind. */
  basis({ access, labIds }: KeptBoardAccess): Omit<BoardView, 'access' | 'actor'> {
    let basis = this.bases.get(access.staff);
    if (!basis) this.bases.set(access.staff, (basis = boardBasis(this.ctx, access, labIds)));
    return basis;
  }

  /** The caller's board as JSON pieces: the shared part built once per round and kind, plus their own row. */
  board(watch: Watch, kept: KeptBoardAccess): (string | Buffer)[] {
    const { access } = kept;
    const basis = this.basis(kept);
    const view: BoardView = { access, actor: watch.actor, ...basis };
    const kind = `${access.staff}|${watch.limit}`;
    let shared = this.boards.get(kind);
    if (!shared) this.boards.set(kind, (shared = keptSharedBoard(this.ctx, view, watch.limit, this.epoch)));
    return boardPieces(shared, this.ownRowJson(watch, view));
  }

  /**
   * The caller's own row as JSON, made again only when something it shows may have changed: their
   * standing, the names (access epoch), the visibility or the labs. A trainee's row stays the same
   * through most solves of others, so a round of thousands of streams makes few rows.
   */
  private ownRowJson(watch: Watch, view: BoardView): { userId: number; json: string } | undefined {
    if (view.access.staff) return undefined;
    const standing = view.standings.standingOf(watch.actor.id);
    if (!standing) return undefined;
    const { rank, points, tasksSolved, lastScoredAt } = standing;
    const made = [this.epoch, view.access.cohort.scoreboardVisibility, view.frozen, view.labIds.join('\n')]
      .concat([rank, points, tasksSolved, lastScoredAt ?? ''])
      .join('|');
    if (watch.ownRow?.made !== made) {
      const own = ownRow(this.ctx, view, this.epoch);
      if (!own) return undefined;
      watch.ownRow = { made, json: JSON.stringify(own.row) };
    }
    return { userId: standing.userId, json: watch.ownRow.json };
  }
}

/** Sets the cohort's timer for the next round, if none is set: at most once per interval. */
function schedule(watched: WatchedCohort): void {
  const { ctx } = watched;
  if (watched.timer || watched.watches.size === 0) return;
  const intervalMs = Math.max(watched.intervalMs, Math.ceil((watched.watches.size * 1000) / MAX_NOTICES_PER_SECOND));
  // Never longer than one interval, should the clock be set back.
  const wait = Math.min(intervalMs, Math.max(0, watched.lastRoundAt + intervalMs - ctx.clock.now().getTime()));
  watched.timer = ctx.clock.setTimeout(() => round(watched), wait);
}

/** One round: every due stream not still writing gets its board. */
function round(watched: WatchedCohort): void {
  const { ctx } = watched;
  watched.timer = undefined;
  watched.lastRoundAt = ctx.clock.now().getTime();
  const queue: Watch[] = [];
  for (const each of watched.watches)
    if (each.due && !each.writing && !each.queued) {
      each.due = false;
      each.queued = true;
      queue.push(each);
    }
  sendQueued(watched, queue, 0);
}

/**
 * Streams a round sends to before it lets other work in. A round's notices are alive until their
 * writes complete: sent all at once, thousands of them outlive young-generation collections and
 * are promoted, and the heap grew by megabytes a second under a storm. In slices, each slice's
 * writes complete before the next begins, and answers and health checks get their turn in between.
 */
const STREAMS_PER_SLICE = 200;

/** Sends the queued streams from `from` on, a slice at a time; each slice reads the board as it is then. */
function sendQueued(watched: WatchedCohort, queue: Watch[], from: number): void {
  const to = Math.min(queue.length, from + STREAMS_PER_SLICE);
  const now = new Round(watched.ctx, watched.cohortId);
  for (let index = from; index < to; index++) {
    const each = queue[index]!;
    each.queued = false;
    if (watched.watches.has(each)) send(watched, each, now);
  }
  if (to < queue.length) setImmediate(() => sendQueued(watched, queue, to));
}

/** Sends one stream its board, or ends it if the caller may no longer see it. */
function send(watched: WatchedCohort, each: Watch, now: Round): void {
  let board: (string | Buffer)[];
  try {
    const kept = now.access(each);
    const { access } = kept;
    armFreezeNotice(watched, access.cohort.freezeAt);
    const basis = now.basis(kept);
    const state = boardState(access, basis);
    const unchanged = basis.frozen && state === each.lastState;
    each.lastState = state;
    if (unchanged) return;
    board = now.board(each, kept);
  } catch {
    // Refused (the caller left the cohort, say), or the board could not be built: the stream ends
    // rather than going quiet, and a client that reconnects reloads the board.
    each.stop();
    each.watcher.refused();
    return;
  }
  each.writing = true;
  const written = () => {
    each.writing = false;
    if (each.due) schedule(watched);
  };
  // A failed write means the client has gone; the stream's abort handler stops watching.
  let writing: Promise<unknown>;
  try {
    writing = each.watcher.notify(board, now.at);
  } catch {
    writing = Promise.resolve();
  }
  writing.catch(() => {}).finally(written);
}

/**
 * Opens a change feed on a cohort's board for the caller (access checked first, as for the board).
 * Each notice carries the board exactly as the board route would answer the caller at that moment for
 * `limit` rows, so an open board need not reload. The streams of a cohort share one listener and one
 * timer: a change makes every stream due, and one round, at most once per interval, sends each due
 * stream its board; the part every viewer of one kind sees alike is built once per change and shared,
 * each stream adds only the caller's own row. A stream still writing its previous notice stays due
 * until it is written (a client that stops reading cannot pile up writes). Before each notice the
 * access is checked again; a trainee looking at a frozen board is not told about solves, which could
 * not change it. Returns the function that stops watching.
 */
export function watchScoreboard(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
  watcher: ScoreboardWatcher,
  intervalMs = SCOREBOARD_NOTICE_INTERVAL_MS,
): () => void {
  const kept = keptBoardAccess(ctx, actor, cohortId);
  const watch: Watch = {
    actor,
    limit: options.limit,
    watcher,
    due: false,
    writing: false,
    queued: false,
    // The board the client has just loaded: a frozen one is not sent again until it changes.
    lastState: boardState(kept.access, boardBasis(ctx, kept.access, kept.labIds)),
    stop: () => {},
  };
  const cohorts = watchedCohorts(ctx);
  let watched = cohorts.get(cohortId);
  if (!watched) {
    const created: WatchedCohort = {
      ctx,
      cohortId,
      intervalMs,
      watches: new Set(),
      lastRoundAt: Number.NEGATIVE_INFINITY,
      listener: (cohortIds) => {
        if (!cohortIds.includes(cohortId)) return;
        for (const each of created.watches) each.due = true;
        schedule(created);
      },
    };
    cohorts.set(cohortId, (watched = created));
    ctx.events.on('scores-changed', created.listener);
  }
  const cohort = watched;

  watch.stop = () => {
    if (!cohort.watches.delete(watch) || cohort.watches.size > 0) return;
    cohort.timer?.cancel();
    cohort.freeze?.timer.cancel();
    ctx.events.off('scores-changed', cohort.listener);
    cohorts.delete(cohortId);
  };
  cohort.watches.add(watch);
  armFreezeNotice(cohort, kept.access.cohort.freezeAt);
  return watch.stop;
}
