import { perConnection } from '../../db/per-connection.ts';
import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import { cohortMembers, cohortScores, taskResults } from '../../db/schema.ts';
import type { ServiceContext } from '../context.ts';
import { inJsonList, jsonList } from '../../db/sql.ts';
import { membershipOn } from '../instructor/cohort-scope.ts';
import { resultStartedSinceJoining } from '../cohorts/earned-since-joining.ts';
import { boardAt, type Standing } from '../scoring/rule.ts';
import { boardScoreEvents } from '../scoring/score-events.ts';
import { isMember } from '../policy.ts';

export type { Standing };

/** A board's ranking, live or frozen: only what a page of the board needs, never the whole cohort. */
export interface Standings {
  /** Members ranked (every member is, with 0 points if need be). */
  readonly total: number;
  /** The first `limit` members. */
  top(limit: number): Standing[];
  /** One member's standing; undefined for someone not in the cohort. */
  standingOf(userId: number): Standing | undefined;
  /** Points per assigned lab (in the order of labIds) for these members. */
  labPoints(userIds: number[]): Map<number, number[]>;
}

/** How many members of a cohort have a smaller user id: unranked members stand in that order, live or frozen. */
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

const liveStatements = perConnection((db) => {
  const cohortId = sql.placeholder('cohortId');
  const ofCohort = eq(cohortScores.cohortId, cohortId);
  return {
    memberCount: db
      .select({ count: count() })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId))
      .prepare(),
    scoredCount: db
      .select({ count: count() })
      .from(cohortScores)
      .where(and(ofCohort, gt(cohortScores.points, 0)))
      .prepare(),
    // Walks the ranking index in order and stops after `limit` entries.
    scoredTop: db
      .select({
        userId: cohortScores.userId,
        points: cohortScores.points,
        tasksSolved: cohortScores.tasksSolved,
        lastScoredAt: sql<number | null>`${cohortScores.lastScoredAt}`,
      })
      .from(cohortScores)
      .where(and(ofCohort, gt(cohortScores.points, 0)))
      .orderBy(desc(cohortScores.points), asc(cohortScores.lastScoredAt), asc(cohortScores.userId))
      .limit(sql.placeholder('limit'))
      .prepare(),
    // Members without points by user id: walks the membership key and stops after `limit` of them.
    unscored: db
      .select({
        userId: cohortMembers.userId,
        tasksSolved: sql<number>`coalesce(${cohortScores.tasksSolved}, 0)`,
        lastScoredAt: sql<number | null>`${cohortScores.lastScoredAt}`,
      })
      .from(cohortMembers)
      .leftJoin(
        cohortScores,
        and(eq(cohortScores.cohortId, cohortMembers.cohortId), eq(cohortScores.userId, cohortMembers.userId)),
      )
      .where(and(eq(cohortMembers.cohortId, cohortId), sql`coalesce(${cohortScores.points}, 0) <= 0`))
      .orderBy(asc(cohortMembers.userId))
      .limit(sql.placeholder('limit'))
      .prepare(),
    scoreOf: db
      .select({
        points: cohortScores.points,
        tasksSolved: cohortScores.tasksSolved,
        lastScoredAt: sql<number | null>`${cohortScores.lastScoredAt}`,
      })
      .from(cohortScores)
      .where(and(ofCohort, eq(cohortScores.userId, sql.placeholder('userId'))))
      .prepare(),
    // The two halves of "ranks above a scored member", each a range of the ranking index.
    higher: db
      .select({ count: count() })
      .from(cohortScores)
      .where(and(ofCohort, gt(cohortScores.points, sql.placeholder('points'))))
      .prepare(),
    tiedBefore: db
      .select({ count: count() })
      .from(cohortScores)
      .where(
        and(
          ofCohort,
          eq(cohortScores.points, sql.placeholder('points')),
          // Ascending order puts a missing time first, as the index does.
          sql`(${cohortScores.lastScoredAt} < ${sql.placeholder('at')}
            or (${cohortScores.lastScoredAt} = ${sql.placeholder('at')}
              and ${cohortScores.userId} < ${sql.placeholder('userId')})
            or (${cohortScores.lastScoredAt} is null
              and (${sql.placeholder('at')} is not null or ${cohortScores.userId} < ${sql.placeholder('userId')})))`,
        ),
      )
      .prepare(),
    scoredBefore: db
      .select({ count: count() })
      .from(cohortScores)
      .where(and(ofCohort, gt(cohortScores.points, 0), sql`${cohortScores.userId} < ${sql.placeholder('userId')}`))
      .prepare(),
    // Reads task results only for the members on the page, in one query, and only of tasks taken up
    // since joining this cohort, as the totals in cohort_scores count them.
    labPoints: db
      .select({ userId: taskResults.userId, labId: taskResults.labId, points: sql<number>`sum(${taskResults.points})` })
      .from(taskResults)
      .innerJoin(cohortMembers, membershipOn(cohortId, taskResults.userId))
      .where(
        and(
          inJsonList(taskResults.userId, 'userIds'),
          inJsonList(taskResults.labId, 'labIds'),
          resultStartedSinceJoining(),
        ),
      )
      .groupBy(taskResults.userId, taskResults.labId)
      .prepare(),
  };
});

/** Arranges (userId, labId, points) rows into one points array per member, in the order of labIds. */
function byMemberAndLab(
  rows: { userId: number; labId: string; points: number }[],
  userIds: number[],
  labIds: string[],
): Map<number, number[]> {
  const column = new Map(labIds.map((labId, index) => [labId, index]));
  const result = new Map(userIds.map((userId) => [userId, labIds.map(() => 0)]));
  for (const row of rows) {
    const index = column.get(row.labId);
    const points = result.get(row.userId);
    if (index !== undefined && points) points[index] = row.points;
  }
  return result;
}

/** The live ranking, read from cohort_scores through its ranking index: its cost does not grow with the submissions. */
export function liveStandings(ctx: ServiceContext, cohortId: number, labIds: string[]): Standings {
  const statements = liveStatements(ctx.db);
  let scoredCount: number | undefined;
  const scored = () => (scoredCount ??= statements.scoredCount.get({ cohortId })!.count);
  return {
    total: statements.memberCount.get({ cohortId })!.count,
    top(limit) {
      const rows: Standing[] = statements.scoredTop
        .all({ cohortId, limit })
        .map((row, index) => ({ ...row, rank: index + 1 }));
      if (rows.length < limit) {
        const offset = scored();
        statements.unscored.all({ cohortId, limit: limit - rows.length }).forEach((row, index) => {
          rows.push({ ...row, points: 0, rank: offset + index + 1 });
        });
      }
      return rows;
    },
    standingOf(userId) {
      const score = statements.scoreOf.get({ cohortId, userId });
      if (score && score.points > 0) {
        const above =
          statements.higher.get({ cohortId, points: score.points })!.count +
          statements.tiedBefore.get({ cohortId, points: score.points, at: score.lastScoredAt, userId })!.count;
        return { userId, ...score, rank: above + 1 };
      }
      if (!score && !isMember(ctx, cohortId, userId)) return undefined;
      const unscoredBefore =
        membersBefore(ctx.db).get({ cohortId, userId })!.count -
        statements.scoredBefore.get({ cohortId, userId })!.count;
      return {
        userId,
        points: 0,
        tasksSolved: score?.tasksSolved ?? 0,
        lastScoredAt: score?.lastScoredAt ?? null,
        rank: scored() + unscoredBefore + 1,
      };
    },
    labPoints(userIds) {
      if (userIds.length === 0 || labIds.length === 0) return byMemberAndLab([], userIds, labIds);
      return byMemberAndLab(
        statements.labPoints.all({ cohortId, userIds: jsonList(userIds), labIds: jsonList(labIds) }),
        userIds,
        labIds,
      );
    },
  };
}

/** A board as it stood at a freeze time: computed once from the submissions, then kept. */
interface FrozenBoard {
  /** What the board was computed from; a different key means it must be computed again. */
  key: string;
  /** Members with points, in rank order (rank = index + 1). */
  ranked: Standing[];
  rankOf: Map<number, Standing>;
  /** Every member with a submission counted by the freeze, points or not. */
  results: Map<number, { tasksSolved: number; lastScoredAt: number | null; labPoints: number[] }>;
  /** User ids of `ranked`, ascending, to count the scored members before a given id. */
  rankedIds: number[];
  rankedIdsJson: string;
}

const frozenBoards = perConnection(() => new Map<number, FrozenBoard>());

/** Drops a cohort's kept frozen board, once its freeze time has changed: the memory is not needed any more. */
export function forgetFrozenBoard(ctx: ServiceContext, cohortId: number): void {
  frozenBoards(ctx.db).delete(cohortId);
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
 * the assigned labs or the membership change.
 */
export function frozenStandings(ctx: ServiceContext, cohortId: number, freezeAt: Date, labIds: string[]): Standings {
  const statements = frozenStatements(ctx.db);
  const members = statements.membership.get({ cohortId })!;
  const key = `${freezeAt.getTime()}|${labIds.join(',')}|${members.count}:${members.sum}:${members.squares}`;
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
