import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { reviews, submissions, users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { submissionRecordColumns } from './cohort-submissions.ts';
import { requireOwnCohort } from './cohorts.ts';
import { findTask, isMember } from './instructor-cohort-scope.ts';

const reviewers = alias(users, 'reviewers');

/**
 * One trainee's submission history in a cohort the actor runs, newest first, with the instructor's
 * review where there is one. Only submissions made through this cohort: another instructor who adds
 * the same trainee to their own cohort does not see what was answered here.
 */
export function listTraineeSubmissions(ctx: ServiceContext, actor: Actor, cohortId: number, userId: number, filter: { labId?: string; limit: number }) {
  requireOwnCohort(ctx, actor, cohortId);
  const trainee = ctx.db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, userId)).get();
  if (!trainee || !isMember(ctx, cohortId, userId)) throw new AppError('not_found', `user ${userId} is not a member of cohort ${cohortId}`);

  const rows = ctx.db
    .select({
      ...submissionRecordColumns,
      reviewPoints: reviews.points,
      reviewComment: reviews.comment,
      reviewedAt: reviews.reviewedAt,
      reviewerId: reviews.reviewerId,
      reviewerName: reviewers.displayName,
    })
    .from(submissions)
    .leftJoin(reviews, eq(reviews.submissionId, submissions.id))
    .leftJoin(reviewers, eq(reviewers.id, reviews.reviewerId))
    .where(and(eq(submissions.cohortId, cohortId), eq(submissions.userId, userId), filter.labId === undefined ? undefined : eq(submissions.labId, filter.labId)))
    .orderBy(desc(submissions.id))
    .limit(filter.limit)
    .all();

  return {
    trainee,
    submissions: rows.map((row) => {
      const lab = ctx.library.labs.get(row.labId);
      const task = lab && findTask(lab, row.taskId);
      return {
        id: row.id,
        createdAt: row.createdAt,
        labId: row.labId,
        labTitle: lab?.definition.title ?? null,
        labVersion: row.labVersion,
        taskId: row.taskId,
        taskTitle: task?.title ?? null,
        answer: JSON.parse(row.answer) as unknown,
        normalizedAnswer: row.normalizedAnswer,
        verdict: row.verdict,
        score: row.score,
        pointsAwarded: row.pointsAwarded,
        countsAsAttempt: row.countsAsAttempt,
        review:
          row.reviewedAt === null
            ? null
            : { points: row.reviewPoints!, comment: row.reviewComment!, reviewedAt: row.reviewedAt, reviewer: { id: row.reviewerId!, displayName: row.reviewerName } },
      };
    }),
  };
}
