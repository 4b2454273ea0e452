import { readDatabaseStamp } from '../../db/access-cache.ts';
import { perConnection } from '../../db/per-connection.ts';
import { KeptFew } from '../../lib/kept-few.ts';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { cohortMembers, reviews } from '../../db/schema.ts';
import type { ServiceContext } from '../context.ts';
import { jsonList } from '../../db/sql.ts';
import { boardAt, type Standing } from '../scoring/rule.ts';
import { boardScoreEvents } from '../scoring/score-events.ts';
import { isMember } from '../policy.ts';

export type { Standing };

/** A board's ranking, live or frozen: only what a page of the board needs, never the whole cohort. */
export interface Standings {
  /** Members ranked (every member is, with 0 points if need be). */
  readonly total: number;
  /** Changes whenever anything these standings answer changes: what a board built from them is kept by. */
  readonly version: string;
  /** The first `limit` members. */
  top(limit: number): Standing[];
  /** One member's standing; undefined for someone not in the cohort. */
  standingOf(userId: number): Standing | undefined;
  /** Points per assigned lab (in the order of labIds) for these members. */
  labPoints(userIds: number[]): Map<number, number[]>;
}

/** How many members of a cohort have a smaller user id: unranked members of a frozen board stand in that order. */
const membersBefore = perConnection((db) =>
  db
    .select({ count: count() })
    .from(cohortMembers)
    .where(
      and(
        eq(cohortMembers.cohortId, sql.placeholder('cohortId')),
        sql`${cohortMembers.userId} < ${sql.placeholder('userId')}`,
      ),
    )
    .prepare(),
);

/** A board as it stood at a freeze time: computed once from the submissions, then kept. */
interface FrozenBoard {
  /** What the board was computed from; a different key means it must be computed again. */
  key: string;
  /** The freeze time it stands at (ms). */
  freezeAt: number;
  /** Which computation made it: a board computed again under the same key (a late answer) is a new version. */
  computation: number;
  /** Members with points, in rank order (rank = index + 1). */
  ranked: Standing[];
  rankOf: Map<number, Standing>;
  /** Every member with a submission counted by the freeze, points or not. */
  results: Map<number, { tasksSolved: number; lastScoredAt: number | null; labPoints: number[] }>;
  /** User ids of `ranked`, ascending, to count the scored members before a given id. */
  rankedIds: number[];
  rankedIdsJson: string;
}

/** Frozen boards kept per connection: the cohorts whose frozen boards are being looked at, and more. */
const MAX_FROZEN_BOARDS = 32;

const frozenBoards = perConnection(() => new KeptFew<number, FrozenBoard>(MAX_FROZEN_BOARDS));
let frozenComputations = 0;

/** Drops a cohort's kept frozen board, once its freeze time has changed: the memory is not needed any more. */
export function forgetFrozenBoard(ctx: ServiceContext, cohortId: number): void {
  frozenBoards(ctx.db).delete(cohortId);
}

/**
 * How long after a freeze an answer stamped before it may still be committing: an answer takes its
 * time when it is received and is stored with the next write batch, which waits and retries while
 * another process holds the database (see WriteBatcher). A frozen board computed within this time
 * of its freeze may miss such an answer.
 */
const LATE_ANSWER_MS = 60_000;

/**
 * An answer stamped at `at` has just been stored for these cohorts: a kept frozen board of a freeze at
 * or after `at` may have been computed before it was stored (an answer in the freeze's own millisecond,
 * or one still in its write batch), so it is dropped and computed again with the answer.
 */
export function forgetFrozenBoardsMissing(ctx: ServiceContext, cohortIds: readonly number[], at: Date): void {
  const cache = frozenBoards(ctx.db);
  for (const cohortId of cohortIds) {
    const board = cache.get(cohortId);
    if (board && board.freezeAt >= at.getTime()) cache.delete(cohortId);
  }
}

const frozenStatements = perConnection((db) => {
  const cohortId = sql.placeholder('cohortId');
  return {
    // Changes when someone joins or leaves: count, sum and sum of squares of the member ids.
    membership: db
      .select({
        count: count(),
        sum: sql<number>`total(${cohortMembers.userId})`,
        squares: sql<number>`total(${cohortMembers.userId} * ${cohortMembers.userId})`,
      })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId))
      .prepare(),
    // Changes when a grade is given or changed (a grade's time is set to when it was given). Manual
    // grades are few, and their table small: read whole, for every cohort alike.
    grades: db
      .select({ count: count(), latest: sql<number | null>`max(${reviews.reviewedAt})` })
      .from(reviews)
      .prepare(),
    unranked: db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(
        and(
          eq(cohortMembers.cohortId, cohortId),
          sql`${cohortMembers.userId} not in (select value from json_each(${sql.placeholder('ranked')}))`,
        ),
      )
      .orderBy(asc(cohortMembers.userId))
      .limit(sql.placeholder('limit'))
      .prepare(),
  };
});

/**
 * Replays a board up to its freeze time through the scoring rule, from the answers and grades of
 * the cohort's members in its assigned labs, on tasks they took up after joining (the live board's
 * rule for whose work counts).
 */
function computeFrozenBoard(
  ctx: ServiceContext,
  cohortId: number,
  freezeAt: number,
  labIds: string[],
  key: string,
): FrozenBoard {
  const rows = boardAt(boardScoreEvents(ctx, { cohortId, labIds, until: freezeAt }), freezeAt);
  // Members without points come last in the order, so the ranked ones are the first rows.
  const ranked: Standing[] = rows
    .filter((row) => row.points > 0)
    .map(({ userId, rank, points, tasksSolved, lastScoredAt }) => ({
      userId,
      rank,
      points,
      tasksSolved,
      lastScoredAt,
    }));
  const results: FrozenBoard['results'] = new Map(
    rows.map((row) => [
      row.userId,
      {
        tasksSolved: row.tasksSolved,
        lastScoredAt: row.lastScoredAt,
        labPoints: labIds.map((labId) => row.labPoints.get(labId) ?? 0),
      },
    ]),
  );
  const rankedIds = ranked.map((standing) => standing.userId).sort((a, b) => a - b);
  return {
    key,
    freezeAt,
    computation: ++frozenComputations,
    ranked,
    rankOf: new Map(ranked.map((standing) => [standing.userId, standing])),
    results,
    rankedIds,
    rankedIdsJson: jsonList(rankedIds),
  };
}

/** How many of the ascending ids are below the value (binary search). */
function countBelow(ids: number[], value: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The ranking as it stood at the freeze time. It cannot change after the freeze, so it is computed
 * once per cohort and freeze time and kept in memory; it is computed again only if the freeze time,
 * the assigned labs, the membership or a grade change.
 */
export function frozenStandings(ctx: ServiceContext, cohortId: number, freezeAt: Date, labIds: string[]): Standings {
  const statements = frozenStatements(ctx.db);
  const members = statements.membership.get({ cohortId })!;
  // A regrade after the freeze takes the earlier grade off the frozen board (only the latest grade
  // is stored): the board is computed again, in every process alike.
  const grades = statements.grades.get()!;
  // Soon after the freeze another process's late answer could still arrive (this process's own answers drop
  // the board, see forgetFrozenBoardsMissing): until then the board is also computed again after any
  // other connection's commit. Past that time the board is computed once more, then kept.
  const settled = ctx.now().getTime() - freezeAt.getTime() > LATE_ANSWER_MS;
  const unsettledBy = settled ? '' : `|${readDatabaseStamp(ctx.db).dataVersion}`;
  const key = `${freezeAt.getTime()}|${labIds.join(',')}|${members.count}:${members.sum}:${members.squares}|${grades.count}:${grades.latest}${unsettledBy}`;
  const cache = frozenBoards(ctx.db);
  let board = cache.get(cohortId);
  if (board?.key !== key) {
    board = computeFrozenBoard(ctx, cohortId, freezeAt.getTime(), labIds, key);
    cache.set(cohortId, board);
  }
  const frozen = board;
  const unscored = (userId: number): Standing => {
    const result = frozen.results.get(userId);
    const unscoredBefore =
      membersBefore(ctx.db).get({ cohortId, userId })!.count - countBelow(frozen.rankedIds, userId);
    return {
      userId,
      points: 0,
      tasksSolved: result?.tasksSolved ?? 0,
      lastScoredAt: result?.lastScoredAt ?? null,
      rank: frozen.ranked.length + unscoredBefore + 1,
    };
  };
  return {
    total: members.count,
    version: `frozen|${key}|${frozen.computation}`,
    top(limit) {
      const rows = frozen.ranked.slice(0, limit);
      if (rows.length < limit)
        statements.unranked
          .all({ cohortId, ranked: frozen.rankedIdsJson, limit: limit - rows.length })
          .forEach((row, index) => {
            const result = frozen.results.get(row.userId);
            rows.push({
              userId: row.userId,
              points: 0,
              tasksSolved: result?.tasksSolved ?? 0,
              lastScoredAt: result?.lastScoredAt ?? null,
              rank: frozen.ranked.length + index + 1,
            });
          });
      return rows;
    },
    standingOf(userId) {
      const standing = frozen.rankOf.get(userId);
      if (standing) return standing;
      return isMember(ctx, cohortId, userId) ? unscored(userId) : undefined;
    },
    labPoints(userIds) {
      return new Map(
        userIds.map((userId) => [userId, frozen.results.get(userId)?.labPoints.slice() ?? labIds.map(() => 0)]),
      );
    },
  };
}
