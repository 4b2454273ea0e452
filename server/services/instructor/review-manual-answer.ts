import { alias } from 'drizzle-orm/sqlite-core';
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { reviews, submissions, taskResults } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { quoted } from '../../lib/words.ts';
import { findTask } from './cohort-scope.ts';
import { awaitsGrade, gradeManualAnswer } from '../scoring/rule.ts';
import { markLabCompleteIfDone, saveTaskResult } from '../scoring/score-ledger.ts';
import { requireOwnCohort, requireStaff } from '../policy.ts';

/** Another answer to the same task, for the "latest answer" subquery. */
const later = alias(submissions, 'later');

/**
 * The id of the trainee's latest answer to a task that was not refused as malformed: the one a
 * review grades. The review queue lists by the same rule (instructor-review-queue.ts).
 */
export function latestGradableAnswerId(
  userId: number | SQLWrapper,
  labId: string | SQLWrapper,
  taskId: string | SQLWrapper,
): SQL {
  return sql`(select max(${later.id}) from ${submissions} ${later} where ${later.userId} = ${userId}
    and ${later.labId} = ${labId} and ${later.taskId} = ${taskId} and ${later.verdict} != 'invalid')`;
}

/** The longest review comment accepted, in characters. */
export const MAX_REVIEW_COMMENT = 5000;

export interface ReviewInput {
  submissionId: number;
  points: number;
  comment: string;
}

/**
 * Grades a trainee's manual answer: writes the review (one per submission; grading again replaces
 * it), sets the task result to solved with the points given, moving the cohort totals through the
 * score ledger in the same transaction, records the grade in the audit log, and announces the
 * changed scoreboards after the commit. Only the trainee's latest answer to a manual task can be
 * graded, and only by the instructor of the cohort it was submitted in (or an admin); for anyone
 * else the submission does not exist.
 */
export async function reviewManualAnswer(ctx: ServiceContext, actor: Actor, input: ReviewInput) {
  requireStaff(actor);
  const notFound = new AppError('not_found', 'There is no such answer to grade.');
  const submission = ctx.db.select().from(submissions).where(eq(submissions.id, input.submissionId)).get();
  if (!submission) throw notFound;
  try {
    requireOwnCohort(ctx, actor, submission.cohortId);
  } catch (error) {
    // Same answer as for a submission that does not exist: ids must not reveal other cohorts' work.
    if (error instanceof AppError && error.code === 'not_found') throw notFound;
    throw error;
  }

  const lab = ctx.library.labs.get(submission.labId);
  const task = lab && findTask(lab, submission.taskId);
  if (!lab || !task)
    throw new AppError('conflict', 'This task is no longer in the lab library, so its answers cannot be graded.');
  if (task.answer.kind !== 'manual')
    throw new AppError(
      'conflict',
      `${quoted(task.title)} is graded automatically: only written findings are graded by hand.`,
    );
  if (submission.verdict !== 'pending')
    throw new AppError(
      'conflict',
      'This answer could not be read when it was sent, so it was never handed in for review.',
    );
  if (input.points > task.points)
    throw new AppError(
      'bad_request',
      `Give a whole number of points from 0 to ${task.points}, the most this task is worth.`,
      'points',
    );
  if (input.comment.length > MAX_REVIEW_COMMENT)
    throw new AppError('bad_request', `The comment can have at most ${MAX_REVIEW_COMMENT} characters.`, 'comment');

  const now = ctx.now();
  return ctx.writes.run((tx, afterCommit) => {
    // Checked inside the transaction: a newer version handed in meanwhile must win over this grade.
    const latest = tx.get<{ id: number }>(
      sql`select ${latestGradableAnswerId(submission.userId, submission.labId, submission.taskId)} as id`,
    ).id;
    if (latest !== submission.id)
      throw new AppError(
        'conflict',
        'The trainee has handed in a newer answer to this task since: grade that one instead.',
      );
    const current = tx
      .select()
      .from(taskResults)
      .where(
        and(
          eq(taskResults.userId, submission.userId),
          eq(taskResults.labId, submission.labId),
          eq(taskResults.taskId, submission.taskId),
        ),
      )
      .get();
    if (!current || !awaitsGrade(current.status))
      throw new AppError('conflict', 'This task is not waiting for review.');
    const previousReview = tx.select().from(reviews).where(eq(reviews.submissionId, submission.id)).get();

    tx.insert(reviews)
      .values({
        submissionId: submission.id,
        reviewerId: actor.id,
        points: input.points,
        comment: input.comment,
        reviewedAt: now,
      })
      .onConflictDoUpdate({
        target: reviews.submissionId,
        set: { reviewerId: actor.id, points: input.points, comment: input.comment, reviewedAt: now },
      })
      .run();
    const changedCohorts = saveTaskResult(
      tx,
      {
        userId: current.userId,
        labId: current.labId,
        taskId: current.taskId,
        cohortId: current.cohortId,
        labVersion: current.labVersion,
        ...gradeManualAnswer(task, current, { points: input.points, answeredAt: submission.createdAt }),
      },
      current,
      now,
    );
    recordAudit(tx, {
      actorId: actor.id,
      action: 'review.grade',
      subject: `cohort:${submission.cohortId}`,
      details: {
        submissionId: submission.id,
        userId: submission.userId,
        labId: submission.labId,
        taskId: submission.taskId,
        oldPoints: current.points,
        newPoints: input.points,
        regrade: !!previousReview,
      },
      at: now,
    });
    // Only after the commit: a scoreboard that reloads on this event must see the new score.
    if (changedCohorts.length > 0)
      afterCommit(() => ctx.events.emit('scores-changed', changedCohorts, [submission.userId]));
    markLabCompleteIfDone(
      tx,
      submission.userId,
      submission.labId,
      lab.definition.tasks.map((candidate) => candidate.id),
      now,
    );
    return {
      review: {
        submissionId: submission.id,
        points: input.points,
        comment: input.comment,
        reviewedAt: now,
        reviewer: { id: actor.id, displayName: actor.displayName },
      },
      result: { status: 'solved' as const, points: input.points, previousPoints: current.points },
    };
  });
}
