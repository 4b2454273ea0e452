import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { perConnection } from './per-connection.ts';
import { excluded } from './sql.ts';
import {
  cohortAssignments,
  cohortLabScores,
  cohortMembers,
  cohortScores,
  hintUnlocks,
  labAttempts,
  sessions,
  submissions,
  taskResults,
  users,
} from './schema.ts';

const p = <T extends string>(name: T) => sql.placeholder(name);

/**
 * The queries on the paths every request or answer takes (session lookup, lab access, recording an
 * answer), prepared once per database. Building a drizzle query and preparing its SQL costs more
 * than running it; prepared here, each answer costs a few microseconds of SQL instead.
 */
export function prepareHotQueries(db: Db) {
  return {
    // The account's columns a request needs, not its password hash: these rows are cached.
    sessionWithUser: db
      .select({
        session: sessions,
        user: {
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          role: users.role,
          disabledAt: users.disabledAt,
        },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, p('tokenHash')))
      .prepare(),
    assignmentsOfUser: db
      .select({ assignment: cohortAssignments })
      .from(cohortAssignments)
      .innerJoin(cohortMembers, eq(cohortMembers.cohortId, cohortAssignments.cohortId))
      .where(eq(cohortMembers.userId, p('userId')))
      .prepare(),
    membership: db
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, p('cohortId')), eq(cohortMembers.userId, p('userId'))))
      .prepare(),
    labAttemptsOfUser: db
      .select()
      .from(labAttempts)
      .where(eq(labAttempts.userId, p('userId')))
      .prepare(),
    insertLabAttempt: db
      .insert(labAttempts)
      .values({ userId: p('userId'), labId: p('labId'), variantSeed: p('seed'), startedAt: p('startedAt') })
      .onConflictDoNothing()
      .prepare(),
    taskResultsOfLab: db
      .select()
      .from(taskResults)
      .where(and(eq(taskResults.userId, p('userId')), eq(taskResults.labId, p('labId'))))
      .prepare(),
    taskResult: db
      .select()
      .from(taskResults)
      .where(
        and(
          eq(taskResults.userId, p('userId')),
          eq(taskResults.labId, p('labId')),
          eq(taskResults.taskId, p('taskId')),
        ),
      )
      .prepare(),
    hintCost: db
      .select({ total: sql<number>`coalesce(sum(${hintUnlocks.cost}), 0)` })
      .from(hintUnlocks)
      .where(
        and(
          eq(hintUnlocks.userId, p('userId')),
          eq(hintUnlocks.labId, p('labId')),
          eq(hintUnlocks.taskId, p('taskId')),
        ),
      )
      .prepare(),
    insertSubmission: db
      .insert(submissions)
      .values({
        userId: p('userId'),
        cohortId: p('cohortId'),
        labId: p('labId'),
        labVersion: p('labVersion'),
        taskId: p('taskId'),
        variantSeed: p('variantSeed'),
        rawAnswer: p('rawAnswer'),
        normalizedAnswer: p('normalizedAnswer'),
        verdict: p('verdict'),
        feedback: p('feedback'),
        scoreFraction: p('scoreFraction'),
        pointsAwarded: p('pointsAwarded'),
        countsAsAttempt: p('countsAsAttempt'),
        createdAt: p('createdAt'),
        misconception: p('misconception'),
      })
      .returning({ id: submissions.id })
      .prepare(),
    upsertTaskResult: db
      .insert(taskResults)
      .values({
        userId: p('userId'),
        labId: p('labId'),
        taskId: p('taskId'),
        cohortId: p('cohortId'),
        labVersion: p('labVersion'),
        status: p('status'),
        attempts: p('attempts'),
        wrongAttempts: p('wrongAttempts'),
        bestFraction: p('bestFraction'),
        points: p('points'),
        // Nullable times go in as milliseconds: drizzle's Date encoder does not accept null placeholders.
        solvedAt: sql`${p('solvedAtMs')}`,
        scoredAt: sql`${p('scoredAtMs')}`,
        updatedAt: p('updatedAt'),
      })
      .onConflictDoUpdate({
        target: [taskResults.userId, taskResults.labId, taskResults.taskId],
        set: {
          cohortId: excluded(taskResults.cohortId),
          labVersion: excluded(taskResults.labVersion),
          status: excluded(taskResults.status),
          attempts: excluded(taskResults.attempts),
          wrongAttempts: excluded(taskResults.wrongAttempts),
          bestFraction: excluded(taskResults.bestFraction),
          points: excluded(taskResults.points),
          solvedAt: excluded(taskResults.solvedAt),
          scoredAt: excluded(taskResults.scoredAt),
          updatedAt: excluded(taskResults.updatedAt),
        },
      })
      .prepare(),
    addToCohortScore: db
      .insert(cohortScores)
      .values({
        cohortId: p('cohortId'),
        userId: p('userId'),
        points: p('initialPoints'),
        tasksSolved: p('initialSolved'),
        lastScoredAt: sql`${p('scoredAtMs')}`,
      })
      .onConflictDoUpdate({
        target: [cohortScores.cohortId, cohortScores.userId],
        set: {
          points: sql`${cohortScores.points} + ${p('pointsDelta')}`,
          tasksSolved: sql`${cohortScores.tasksSolved} + ${p('solvedDelta')}`,
          lastScoredAt: sql`coalesce(${p('scoredAtMs')}, ${cohortScores.lastScoredAt})`,
        },
      })
      .prepare(),
    addToCohortLabScore: db
      .insert(cohortLabScores)
      .values({ cohortId: p('cohortId'), userId: p('userId'), labId: p('labId'), points: p('initialPoints') })
      .onConflictDoUpdate({
        target: [cohortLabScores.cohortId, cohortLabScores.userId, cohortLabScores.labId],
        set: { points: sql`${cohortLabScores.points} + ${p('pointsDelta')}` },
      })
      .prepare(),
    settledTaskIds: db
      .select({ taskId: taskResults.taskId })
      .from(taskResults)
      .where(
        and(
          eq(taskResults.userId, p('userId')),
          eq(taskResults.labId, p('labId')),
          sql`${taskResults.status} != 'open'`,
        ),
      )
      .prepare(),
    completeLab: db
      .update(labAttempts)
      .set({ completedAt: sql`${p('completedAt')}` })
      .where(
        and(
          eq(labAttempts.userId, p('userId')),
          eq(labAttempts.labId, p('labId')),
          sql`${labAttempts.completedAt} is null`,
        ),
      )
      .prepare(),
  };
}

export type HotQueries = ReturnType<typeof prepareHotQueries>;

/** The hot queries of the connection behind a database or transaction object, prepared on first use. */
export const hotQueriesOf = perConnection(prepareHotQueries);
