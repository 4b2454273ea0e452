import { and, asc, eq, sql } from 'drizzle-orm';
import { perConnection } from '../../db/per-connection.ts';
import { cohortLabScores, cohortMembers, cohortScores } from '../../db/schema.ts';
import type { ServiceContext, ServiceEvents } from '../context.ts';
import { compareStandings, type Standing } from '../scoring/rule.ts';
import type { Standings } from './standings.ts';
import { KeptFew } from '../../lib/kept-few.ts';

/** One member on a kept board, with their place in its order. */
interface Entry {
  userId: number;
  points: number;
  tasksSolved: number;
  lastScoredAt: number | null;
  /** Points per assigned lab, in the order of the board's labIds. */
  labPoints: number[];
  /** Index in the board's order: the rank is index + 1. */
  index: number;
}

/** A cohort's live ranking of every member, kept in memory and shared by every viewer. */
interface LiveBoard {
  /** The assigned labs it was built for, joined: other labs mean other columns, so a new board. */
  labKey: string;
  labIds: string[];
  /** PRAGMA data_version when it was built: it moves when another connection (process) commits. */
  dataVersion: number;
  /** Every member in the board's order (compareStandings). */
  order: Entry[];
  byUser: Map<number, Entry>;
  /** Members whose rows this process changed since: read again at the next use, once for every viewer. */
  pending: Set<number>;
  /** Which board this is and how many times its order changed: the standings' version. */
  serial: number;
  changes: number;
  /** The Standings handed out for the board as it is now (made again when `changes` moves). */
  standings?: { changes: number; standings: Standings };
}

/** Numbers the kept boards of this process, so that a rebuilt board never shares a version with its predecessor. */
let boardSerial = 0;

const statements = perConnection((db) => {
  const cohortId = sql.placeholder('cohortId');
  const userId = sql.placeholder('userId');
  const memberRow = {
    userId: cohortMembers.userId,
    points: sql<number>`coalesce(${cohortScores.points}, 0)`,
    tasksSolved: sql<number>`coalesce(${cohortScores.tasksSolved}, 0)`,
    lastScoredAt: sql<number | null>`${cohortScores.lastScoredAt}`,
  };
  const scoresOfMember = and(
    eq(cohortScores.cohortId, cohortMembers.cohortId),
    eq(cohortScores.userId, cohortMembers.userId),
  );
  const labRow = { userId: cohortLabScores.userId, labId: cohortLabScores.labId, points: cohortLabScores.points };
  return {
    // Read once per connection: a statement per request costs microseconds, a COUNT over members does not.
    dataVersion: db.$client.prepare<[], number>('PRAGMA data_version').pluck(),
    members: db
      .select(memberRow)
      .from(cohortMembers)
      .leftJoin(cohortScores, scoresOfMember)
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(asc(cohortMembers.userId))
      .prepare(),
    member: db
      .select(memberRow)
      .from(cohortMembers)
      .leftJoin(cohortScores, scoresOfMember)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .prepare(),
    labScores: db.select(labRow).from(cohortLabScores).where(eq(cohortLabScores.cohortId, cohortId)).prepare(),
    labScoresOfMember: db
      .select(labRow)
      .from(cohortLabScores)
      .where(and(eq(cohortLabScores.cohortId, cohortId), eq(cohortLabScores.userId, userId)))
      .prepare(),
  };
});

/**
 * The kept boards of a service context, by cohort, and what keeps them current: a score change of
 * this process names the members whose rows to read again ('scores-changed' with user ids); one
 * without names (a lab assigned or withdrawn) drops the board, to be built again at the next use.
 */
const boardsByContext = new WeakMap<ServiceEvents, KeptFew<number, LiveBoard>>();

/** Live boards kept per process: the cohorts whose boards are being looked at, and more. */
const MAX_LIVE_BOARDS = 32;

function boardsOf(ctx: ServiceContext): KeptFew<number, LiveBoard> {
  let boards = boardsByContext.get(ctx.events);
  if (boards) return boards;
  const kept = new KeptFew<number, LiveBoard>(MAX_LIVE_BOARDS);
  const changed = (cohortIds: number[], userIds?: number[]) => {
    for (const cohortId of cohortIds) {
      const board = kept.get(cohortId);
      if (!board) continue;
      if (userIds === undefined) kept.delete(cohortId);
      else for (const userId of userIds) board.pending.add(userId);
    }
  };
  ctx.events.on('scores-changed', changed);
  ctx.events.on('member-left', (cohortId, userId) => changed([cohortId], [userId]));
  boards = kept;
  boardsByContext.set(ctx.events, boards);
  return boards;
}

/** The member's points per lab, in the order of labIds, from their cohort_lab_scores rows. */
function labColumns(rows: { labId: string; points: number }[], labIds: string[]): number[] {
  const points = labIds.map(() => 0);
  for (const row of rows) {
    const index = labIds.indexOf(row.labId);
    if (index >= 0) points[index] = row.points;
  }
  return points;
}

/** Entries built field by field, all of one shape: sorting ten thousand of them stays fast. */
function entryOf(row: Omit<Entry, 'labPoints' | 'index'>, labPoints: number[]): Entry {
  return {
    userId: row.userId,
    points: row.points,
    tasksSolved: row.tasksSolved,
    lastScoredAt: row.lastScoredAt,
    labPoints,
    index: 0,
  };
}

function buildBoard(ctx: ServiceContext, cohortId: number, labIds: string[], dataVersion: number): LiveBoard {
  const read = statements(ctx.db);
  const labRows = new Map<number, { labId: string; points: number }[]>();
  for (const row of read.labScores.all({ cohortId })) {
    let rows = labRows.get(row.userId);
    if (!rows) labRows.set(row.userId, (rows = []));
    rows.push(row);
  }
  const order: Entry[] = read.members
    .all({ cohortId })
    .map((row) => entryOf(row, labColumns(labRows.get(row.userId) ?? [], labIds)))
    .sort(compareStandings);
  order.forEach((entry, index) => {
    entry.index = index;
  });
  return {
    labKey: labIds.join('\n'),
    labIds,
    dataVersion,
    order,
    byUser: new Map(order.map((entry) => [entry.userId, entry])),
    pending: new Set(),
    serial: ++boardSerial,
    changes: 0,
  };
}

/** Sets the indexes of the entries from `from` to `to` (inclusive) after a move. */
function reindex(order: Entry[], from: number, to: number): void {
  for (let index = Math.max(0, from); index <= Math.min(to, order.length - 1); index++) order[index]!.index = index;
}

/** Where an entry goes in the order: the first place whose entry ranks below it (binary search). */
function placeOf(order: Entry[], entry: Entry): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStandings(order[middle]!, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Reads the changed members' rows again and moves each to its place (or off the board if they left). */
function applyPending(ctx: ServiceContext, cohortId: number, board: LiveBoard): void {
  const read = statements(ctx.db);
  for (const userId of board.pending) {
    const old = board.byUser.get(userId);
    let from = Number.POSITIVE_INFINITY;
    if (old) {
      board.order.splice(old.index, 1);
      board.byUser.delete(userId);
      from = old.index;
    }
    const row = read.member.get({ cohortId, userId });
    let to = board.order.length;
    if (row) {
      const entry = entryOf(row, labColumns(read.labScoresOfMember.all({ cohortId, userId }), board.labIds));
      const place = placeOf(board.order, entry);
      board.order.splice(place, 0, entry);
      board.byUser.set(userId, entry);
      from = Math.min(from, place);
      if (old) to = Math.max(old.index, place);
    }
    reindex(board.order, from, to);
  }
  board.pending.clear();
  board.changes += 1;
}

function standingOf(entry: Entry): Standing {
  return {
    userId: entry.userId,
    rank: entry.index + 1,
    // Members without points show 0 and stand by user id, as the order has them.
    points: Math.max(0, entry.points),
    tasksSolved: entry.tasksSolved,
    lastScoredAt: entry.lastScoredAt,
  };
}

/**
 * The live ranking of a cohort, from the board kept for it: built from cohort_scores,
 * cohort_lab_scores and the members once, then kept current by this process's score events and
 * built again when another process has committed (PRAGMA data_version moved) or the assigned labs
 * differ. A page costs O(limit), a member's own row a lookup: nothing is counted per request.
 */
export function liveStandings(
  ctx: ServiceContext,
  cohortId: number,
  labIds: string[],
  /**
   * PRAGMA data_version, when the caller has just read it. Read earlier, it can only make the board
   * as of that moment (a commit after it is seen by the next request), or a board built from rows
   * newer than its version (built again at the next request): never older than it says.
   */
  dataVersion = statements(ctx.db).dataVersion.get()!,
): Standings {
  const boards = boardsOf(ctx);
  let board = boards.get(cohortId);
  if (
    !board ||
    board.dataVersion !== dataVersion ||
    // The same list (kept with the caller's access) most of the time: compared as text only when not.
    (board.labIds !== labIds && board.labKey !== labIds.join('\n'))
  ) {
    board = buildBoard(ctx, cohortId, labIds, dataVersion);
    boards.set(cohortId, board);
  } else if (board.pending.size > 0) applyPending(ctx, cohortId, board);
  if (board.standings?.changes !== board.changes)
    board.standings = { changes: board.changes, standings: standingsOf(board) };
  return board.standings.standings;
}

/** The Standings view of a kept board; the same object serves every request until the board changes. */
function standingsOf(live: LiveBoard): Standings {
  const { labIds } = live;
  return {
    total: live.order.length,
    version: `live|${live.serial}|${live.changes}`,
    top: (limit) => live.order.slice(0, limit).map(standingOf),
    standingOf(userId) {
      const entry = live.byUser.get(userId);
      return entry && standingOf(entry);
    },
    labPoints: (userIds) =>
      new Map(userIds.map((userId) => [userId, live.byUser.get(userId)?.labPoints.slice() ?? labIds.map(() => 0)])),
  };
}
