import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { cohortMembers, reviews, submissions, taskResults, users } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../context.ts';

import { findTask, submissionVisibleInCohort } from './cohort-scope.ts';
import { latestGradableAnswerId } from './review-manual-answer.ts';
import { reviewColumns, reviewers, reviewOf } from './review-columns.ts';
import { requireOwnCohort } from '../policy.ts';

export type ReviewQueueStatus = 'pending' | 'reviewed';

/** Entries per page of the review queue when the caller names no limit, and the most it may ask for. */
export const REVIEW_PAGE_DEFAULT = 20;
export const REVIEW_PAGE_MAX = 100;

/**
 * Where the next page starts: pending entries go by submission id ("123"), graded ones by the time
 * of the grade and then the id ("1712000000000.123"), as each list is ordered.
 */
function afterCursor(status: ReviewQueueStatus, cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  if (status === 'pending') {
    const id = Number(cursor);
    return Number.isSafeInteger(id) ? sql`${submissions.id} > ${id}` : sql`0`;
  }
  const [at, id] = cursor.split('.').map(Number);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id)) return sql`0`;
  return sql`(${reviews.reviewedAt} < ${at} or (${reviews.reviewedAt} = ${at} and ${submissions.id} < ${id}))`;
}

/**
 * The review queue of a cohort the actor runs: for each member and manual task, the latest
 * submission made in this cohort, either still waiting for a grade (`pending`, oldest first) or
 * graded (`reviewed`, most recently graded first), a page at a time. Each entry carries what grading
 * needs: the findings, the task's prompt and rubric for the trainee's variant, and the points available.
 */
export function listReviewQueue(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  filter: { status: ReviewQueueStatus; limit?: number; cursor?: string },
) {
  const limit = filter.limit ?? REVIEW_PAGE_DEFAULT;
  requireOwnCohort(ctx, actor, cohortId);
  const rows = ctx.db
    .select({
      submissionId: submissions.id,
      submittedAt: submissions.createdAt,
      labId: submissions.labId,
      labVersion: submissions.labVersion,
      taskId: submissions.taskId,
      variantSeed: submissions.variantSeed,
      answer: submissions.rawAnswer,
      traineeId: users.id,
      traineeUsername: users.username,
      traineeName: users.displayName,
      resultPoints: taskResults.points,
      ...reviewColumns,
    })
    .from(submissions)
    .innerJoin(
      cohortMembers,
      and(eq(cohortMembers.cohortId, submissions.cohortId), eq(cohortMembers.userId, submissions.userId)),
    )
    .innerJoin(users, eq(users.id, submissions.userId))
    .innerJoin(
      taskResults,
      and(
        eq(taskResults.userId, submissions.userId),
        eq(taskResults.labId, submissions.labId),
        eq(taskResults.taskId, submissions.taskId),
      ),
    )
    .leftJoin(reviews, eq(reviews.submissionId, submissions.id))
    .leftJoin(reviewers, eq(reviewers.id, reviews.reviewerId))
    .where(
      and(
        eq(submissions.cohortId, cohortId),
        eq(submissions.verdict, 'pending'),
        filter.status === 'pending' ? eq(taskResults.status, 'pending_review') : isNotNull(reviews.submissionId),
        sql`${submissions.id} = ${latestGradableAnswerId(submissions.userId, submissions.labId, submissions.taskId)}`,
        // Like every instructor view: nothing of a task the trainee took up before joining.
        submissionVisibleInCohort(),
        afterCursor(filter.status, filter.cursor),
      ),
    )
    .orderBy(
      ...(filter.status === 'pending' ? [asc(submissions.id)] : [desc(reviews.reviewedAt), desc(submissions.id)]),
    )
    .limit(limit + 1)
    .all();
  const last = rows.length > limit ? rows[limit - 1]! : undefined;
  const nextCursor =
    last === undefined
      ? null
      : filter.status === 'pending'
        ? String(last.submissionId)
        : `${last.reviewedAt!.getTime()}.${last.submissionId}`;

  const entries = rows.slice(0, limit).flatMap((row) => {
    const lab = ctx.library.labs.get(row.labId);
    const task = lab && findTask(lab, row.taskId);
    if (!lab || !task || task.answer.kind !== 'manual') return [];
    // The trainee's own variant: a prompt or rubric may name values that differ per trainee.
    const resolved = ctx.variants.get(lab, row.variantSeed).tasks.get(task.id)!;
    return [
      {
        submissionId: row.submissionId,
        submittedAt: row.submittedAt,
        labVersion: row.labVersion,
        status: filter.status,
        trainee: { id: row.traineeId, username: row.traineeUsername, displayName: row.traineeName },
        lab: { id: lab.definition.id, title: lab.definition.title },
        task: {
          id: task.id,
          title: task.title,
          prompt: resolved.prompt,
          rubric: resolved.answer.kind === 'manual' ? resolved.answer.rubric : '',
          maxPoints: task.points,
        },
        answer: JSON.parse(row.answer) as unknown,
        points: row.resultPoints,
        review: reviewOf(row),
      },
    ];
  });
  return { status: filter.status, entries, nextCursor };
}
