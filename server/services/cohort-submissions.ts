import { and, desc, eq } from 'drizzle-orm';
import { submissions, users } from '../db/schema.ts';
import type { Actor, ServiceContext } from './context.ts';
import { requireOwnCohort } from './cohorts.ts';

/** The columns of a submission as instructors see it (the raw answer is JSON, parsed by the caller). */
export const submissionRecordColumns = {
  id: submissions.id,
  createdAt: submissions.createdAt,
  labId: submissions.labId,
  labVersion: submissions.labVersion,
  taskId: submissions.taskId,
  answer: submissions.rawAnswer,
  normalizedAnswer: submissions.normalizedAnswer,
  verdict: submissions.verdict,
  score: submissions.scoreFraction,
  pointsAwarded: submissions.pointsAwarded,
  countsAsAttempt: submissions.countsAsAttempt,
};

/** Submissions in a cohort for its instructor, newest first, optionally for one trainee or lab. */
export function listCohortSubmissions(ctx: ServiceContext, actor: Actor, cohortId: number, filter: { userId?: number; labId?: string; limit: number }) {
  requireOwnCohort(ctx, actor, cohortId);
  return ctx.db
    .select({ ...submissionRecordColumns, userId: submissions.userId, username: users.username, displayName: users.displayName })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(
      and(
        eq(submissions.cohortId, cohortId),
        filter.userId !== undefined ? eq(submissions.userId, filter.userId) : undefined,
        filter.labId !== undefined ? eq(submissions.labId, filter.labId) : undefined,
      ),
    )
    .orderBy(desc(submissions.id))
    .limit(filter.limit)
    .all()
    .map((row) => ({ ...row, answer: JSON.parse(row.answer) as unknown }));
}
