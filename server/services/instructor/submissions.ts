import { and, desc, eq } from 'drizzle-orm';
import { cohortMembers, reviews, submissions, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Actor, ServiceContext } from '../context.ts';
import {
  answerPreview,
  cohortSubmissionConditions,
  pageOf,
  submissionRecordColumns,
  type Page,
} from '../cohorts/cohort-submissions.ts';

import { findTask, membershipOn } from './cohort-scope.ts';
import { reviewColumns, reviewers, reviewOf } from './review-columns.ts';
import { isMember, requireOwnCohort } from '../policy.ts';

/**
 * One trainee's submission history in a cohort the actor runs, newest first, a page at a time, with
 * the instructor's review where there is one. Only answers to the cohort's labs on tasks the trainee
 * took up after joining it: another instructor whose cohort the trainee joins later does not see
 * what was answered before. Each answer is shown up to ANSWER_PREVIEW_CHARS.
 */
export function listTraineeSubmissions(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  userId: number,
  filter: Page & { labId?: string },
) {
  requireOwnCohort(ctx, actor, cohortId);
  const trainee = ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!trainee || !isMember(ctx, cohortId, userId))
    throw new AppError('not_found', 'This trainee is not in this cohort.');

  const rows = ctx.db
    .select({
      ...submissionRecordColumns,
      ...reviewColumns,
    })
    .from(submissions)
    .innerJoin(cohortMembers, membershipOn(cohortId, submissions.userId))
    .leftJoin(reviews, eq(reviews.submissionId, submissions.id))
    .leftJoin(reviewers, eq(reviewers.id, reviews.reviewerId))
    .where(
      and(
        eq(submissions.userId, userId),
        cohortSubmissionConditions(ctx, cohortId, filter),
        filter.labId === undefined ? undefined : eq(submissions.labId, filter.labId),
      ),
    )
    .orderBy(desc(submissions.id))
    .limit(filter.limit + 1)
    .all();
  const { rows: page, nextCursor } = pageOf(rows, filter.limit);

  return {
    trainee,
    nextCursor,
    submissions: page.map((row) => {
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
        ...answerPreview(row.answer),
        normalizedAnswer: row.normalizedAnswer,
        verdict: row.verdict,
        score: row.score,
        pointsAwarded: row.pointsAwarded,
        countsAsAttempt: row.countsAsAttempt,
        review: reviewOf(row),
      };
    }),
  };
}
