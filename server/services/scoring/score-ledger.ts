import { and, eq, sql } from 'drizzle-orm';
import { cohortAssignments, cohortLabScores, cohortMembers, cohortScores, taskResults } from '../../db/schema.ts';
import type { ServiceContext } from '../context.ts';
import { hotQueriesOf } from '../../db/hot-queries.ts';
import { perConnection } from '../../db/per-connection.ts';
import { resultStartedSinceJoining, startedSinceJoining } from '../cohorts/earned-since-joining.ts';
import { scoredAtAfter, type TaskScore } from './rule.ts';

type Db = ServiceContext['db'];
/** A drizzle transaction on the database (the callback parameter of db.transaction). */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
type TaskResultRow = typeof taskResults.$inferSelect;

export interface TaskResultUpdate extends TaskScore {
  userId: number;
  labId: string;
  taskId: string;
  cohortId: number;
  labVersion: number;
}

const ledgerStatements = perConnection((db) => ({
  // The cohorts a task result counts in: the member's cohorts with the lab assigned that they had
  // joined before taking up the task (see startedSinceJoining). Read only when points or solves move.
  cohortsCounting: db
    .select({ cohortId: cohortMembers.cohortId })
    .from(cohortMembers)
    .innerJoin(
      cohortAssignments,
      and(
        eq(cohortAssignments.cohortId, cohortMembers.cohortId),
        eq(cohortAssignments.labId, sql.placeholder('labId')),
      ),
    )
    .where(
      and(
        eq(cohortMembers.userId, sql.placeholder('userId')),
        startedSinceJoining(
          { userId: cohortMembers.userId, labId: sql.placeholder('labId'), taskId: sql.placeholder('taskId') },
          cohortMembers.joinedAt,
        ),
      ),
    )
    .prepare(),
}));

/**
 * Writes a task result and moves every affected cohort total by the difference, inside the caller's
 * transaction, the cohort's total and its points in the lab alike: the result and the scoreboards can
 * never disagree. The cohorts counted are those the user is a member of, that have the lab assigned,
 * and that the user had joined before taking up the task: a board shows only what was earned for it. Returns the cohorts whose scoreboards
 * changed, for live updates once the transaction has committed.
 */
export function saveTaskResult(
  tx: Transaction,
  update: TaskResultUpdate,
  previous: TaskResultRow | undefined,
  now: Date,
): number[] {
  const queries = hotQueriesOf(tx);
  const pointsDelta = update.points - (previous?.points ?? 0);
  const solvedDelta = (update.status === 'solved' ? 1 : 0) - (previous?.status === 'solved' ? 1 : 0);
  const scoredAt = scoredAtAfter(previous?.points ?? 0, previous?.scoredAt ?? null, update.points, now);
  queries.upsertTaskResult.run({
    ...update,
    solvedAtMs: update.solvedAt?.getTime() ?? null,
    scoredAtMs: scoredAt?.getTime() ?? null,
    updatedAt: now,
  });

  if (pointsDelta === 0 && solvedDelta === 0) return [];
  const cohortIds = ledgerStatements(tx)
    .cohortsCounting.all({ userId: update.userId, labId: update.labId, taskId: update.taskId })
    .map((row) => row.cohortId);
  for (const cohortId of cohortIds) {
    if (pointsDelta !== 0)
      queries.addToCohortLabScore.run({
        cohortId,
        userId: update.userId,
        labId: update.labId,
        initialPoints: Math.max(0, pointsDelta),
        pointsDelta,
      });
    queries.addToCohortScore.run({
      cohortId,
      userId: update.userId,
      initialPoints: Math.max(0, pointsDelta),
      initialSolved: Math.max(0, solvedDelta),
      pointsDelta,
      solvedDelta,
      scoredAtMs: pointsDelta > 0 ? now.getTime() : null,
    });
  }
  return cohortIds;
}

/**
 * Recomputes cohort totals and per-lab points from the task results of members on the cohort's
 * assigned labs, counting only tasks each member took up after joining (as saveTaskResult does): the
 * whole cohort after a lab is assigned or withdrawn, one member after they join or leave (a class
 * joining one by one must not recount everyone each time).
 */
export function rebuildCohortScores(tx: Transaction, cohortId: number, userId?: number): void {
  tx.delete(cohortScores)
    .where(and(eq(cohortScores.cohortId, cohortId), userId === undefined ? undefined : eq(cohortScores.userId, userId)))
    .run();
  tx.delete(cohortLabScores)
    .where(
      and(
        eq(cohortLabScores.cohortId, cohortId),
        userId === undefined ? undefined : eq(cohortLabScores.userId, userId),
      ),
    )
    .run();
  // The task results that count on the cohort's board (of one member, or all).
  const member = and(eq(cohortMembers.userId, taskResults.userId), eq(cohortMembers.cohortId, cohortId));
  const assigned = and(eq(cohortAssignments.labId, taskResults.labId), eq(cohortAssignments.cohortId, cohortId));
  const counted = and(userId === undefined ? undefined : eq(taskResults.userId, userId), resultStartedSinceJoining());
  const ofCohort = sql<number>`${cohortId}`.as('cohort_id');
  const points = sql<number>`sum(${taskResults.points})`.as('points');
  tx.insert(cohortScores)
    .select(
      tx
        .select({
          cohortId: ofCohort,
          userId: taskResults.userId,
          points,
          tasksSolved: sql<number>`sum(case when ${taskResults.status} = 'solved' then 1 else 0 end)`.as(
            'tasks_solved',
          ),
          lastScoredAt: sql<number | null>`max(${taskResults.scoredAt})`.as('last_scored_at'),
        })
        .from(taskResults)
        .innerJoin(cohortMembers, member)
        .innerJoin(cohortAssignments, assigned)
        .where(counted)
        .groupBy(taskResults.userId),
    )
    .run();
  tx.insert(cohortLabScores)
    .select(
      tx
        .select({ cohortId: ofCohort, userId: taskResults.userId, labId: taskResults.labId, points })
        .from(taskResults)
        .innerJoin(cohortMembers, member)
        .innerJoin(cohortAssignments, assigned)
        .where(counted)
        .groupBy(taskResults.userId, taskResults.labId),
    )
    .run();
}

/** A lab is complete when every task is settled: solved, out of attempts, or handed in for review. */
export function markLabCompleteIfDone(
  tx: Transaction,
  userId: number,
  labId: string,
  taskIds: string[],
  now: Date,
): void {
  const queries = hotQueriesOf(tx);
  const settled = new Set(queries.settledTaskIds.all({ userId, labId }).map((row) => row.taskId));
  if (taskIds.every((taskId) => settled.has(taskId)))
    queries.completeLab.run({ userId, labId, completedAt: now.getTime() });
}
