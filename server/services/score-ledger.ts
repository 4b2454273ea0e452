import { and, eq, inArray, sql } from 'drizzle-orm';
import { cohortAssignments, cohortMembers, cohortScores, taskResults, type TaskStatus } from '../db/schema.ts';
import type { ServiceContext } from './context.ts';

type Db = ServiceContext['db'];
/** A drizzle transaction on the database (the callback parameter of db.transaction). */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
type TaskResultRow = typeof taskResults.$inferSelect;

export interface TaskResultUpdate {
  userId: number;
  labId: string;
  taskId: string;
  cohortId: number;
  labVersion: number;
  status: TaskStatus;
  attempts: number;
  wrongAttempts: number;
  bestFraction: number;
  points: number;
  solvedAt: Date | null;
}

/** The cohorts whose scoreboards count a user's result on a lab: they are a member and the lab is assigned. */
function cohortsCounting(tx: Transaction, userId: number, labId: string): number[] {
  return tx
    .select({ cohortId: cohortMembers.cohortId })
    .from(cohortMembers)
    .innerJoin(cohortAssignments, and(eq(cohortAssignments.cohortId, cohortMembers.cohortId), eq(cohortAssignments.labId, labId)))
    .where(eq(cohortMembers.userId, userId))
    .all()
    .map((row) => row.cohortId);
}

/**
 * Writes a task result and moves every affected cohort total by the difference, inside the caller's
 * transaction: the result and the scoreboards can never disagree. Returns the cohorts whose
 * scoreboards changed, for live updates once the transaction has committed.
 */
export function saveTaskResult(tx: Transaction, update: TaskResultUpdate, previous: TaskResultRow | undefined, now: Date): number[] {
  const pointsDelta = update.points - (previous?.points ?? 0);
  const solvedDelta = (update.status === 'solved' ? 1 : 0) - (previous?.status === 'solved' ? 1 : 0);
  const scoredAt = pointsDelta > 0 ? now : (previous?.scoredAt ?? null);
  const values = { ...update, scoredAt, updatedAt: now };
  if (previous)
    tx.update(taskResults)
      .set(values)
      .where(and(eq(taskResults.userId, update.userId), eq(taskResults.labId, update.labId), eq(taskResults.taskId, update.taskId)))
      .run();
  else tx.insert(taskResults).values(values).run();

  if (pointsDelta === 0 && solvedDelta === 0) return [];
  const cohortIds = cohortsCounting(tx, update.userId, update.labId);
  for (const cohortId of cohortIds)
    tx.insert(cohortScores)
      .values({ cohortId, userId: update.userId, points: Math.max(0, pointsDelta), tasksSolved: Math.max(0, solvedDelta), lastScoredAt: pointsDelta > 0 ? now : null })
      .onConflictDoUpdate({
        target: [cohortScores.cohortId, cohortScores.userId],
        set: {
          points: sql`${cohortScores.points} + ${pointsDelta}`,
          tasksSolved: sql`${cohortScores.tasksSolved} + ${solvedDelta}`,
          ...(pointsDelta > 0 ? { lastScoredAt: now } : {}),
        },
      })
      .run();
  return cohortIds;
}

/**
 * Recomputes a cohort's totals from the task results of its members on its assigned labs: after a
 * trainee joins or leaves, or a lab is assigned or withdrawn. Rare, so a full recount is fine.
 */
export function rebuildCohortScores(tx: Transaction, cohortId: number): void {
  tx.delete(cohortScores).where(eq(cohortScores.cohortId, cohortId)).run();
  const labIds = tx
    .select({ labId: cohortAssignments.labId })
    .from(cohortAssignments)
    .where(eq(cohortAssignments.cohortId, cohortId))
    .all()
    .map((row) => row.labId);
  const members = tx
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, cohortId))
    .all()
    .map((row) => row.userId);
  if (labIds.length === 0 || members.length === 0) return;
  const totals = tx
    .select({
      userId: taskResults.userId,
      points: sql<number>`sum(${taskResults.points})`,
      tasksSolved: sql<number>`sum(case when ${taskResults.status} = 'solved' then 1 else 0 end)`,
      lastScoredAt: sql<number | null>`max(${taskResults.scoredAt})`,
    })
    .from(taskResults)
    .where(and(inArray(taskResults.labId, labIds), inArray(taskResults.userId, members)))
    .groupBy(taskResults.userId)
    .all();
  for (const total of totals)
    tx.insert(cohortScores)
      .values({ cohortId, userId: total.userId, points: total.points, tasksSolved: total.tasksSolved, lastScoredAt: total.lastScoredAt === null ? null : new Date(total.lastScoredAt) })
      .run();
}
