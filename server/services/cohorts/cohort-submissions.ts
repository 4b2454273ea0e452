import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { cohortAssignments, cohortMembers, submissions, users } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../context.ts';

import { membershipOn, submissionVisibleInCohort } from '../instructor/cohort-scope.ts';
import { requireOwnCohort } from '../policy.ts';

/** How many characters of an answer a list shows: enough for any real answer, never megabytes per row. */
export const ANSWER_PREVIEW_CHARS = 2000;
/** Rows per page of a submission list when the caller names no limit, and the most it may ask for. */
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 200;

/** One page of a list of submissions, newest first. */
export interface Page {
  limit: number;
  /** Only submissions older than this one (the `nextCursor` of the previous page). */
  before?: number;
}

/**
 * The columns of a submission as instructors see it. The answer is read as a prefix, one character
 * longer than shown so that a cut can be told apart from an answer of exactly that length: a list
 * never carries a whole oversized answer out of the database.
 */
export const submissionRecordColumns = {
  id: submissions.id,
  createdAt: submissions.createdAt,
  labId: submissions.labId,
  labVersion: submissions.labVersion,
  taskId: submissions.taskId,
  answer: sql<string>`substr(${submissions.rawAnswer}, 1, ${ANSWER_PREVIEW_CHARS + 1})`,
  normalizedAnswer: sql<string | null>`substr(${submissions.normalizedAnswer}, 1, ${ANSWER_PREVIEW_CHARS})`,
  verdict: submissions.verdict,
  score: submissions.scoreFraction,
  pointsAwarded: submissions.pointsAwarded,
  countsAsAttempt: submissions.countsAsAttempt,
};

/**
 * A stored answer (JSON, read as a prefix) as a list shows it: the answer as sent when it is whole,
 * otherwise the first characters of its text with `answerTruncated` set. A stored answer that is not
 * JSON (a refused answer kept only in part) is shown as text.
 */
export function answerPreview(prefix: string): { answer: unknown; answerTruncated: boolean } {
  if (prefix.length <= ANSWER_PREVIEW_CHARS) {
    try {
      return { answer: JSON.parse(prefix) as unknown, answerTruncated: false };
    } catch {
      return { answer: prefix, answerTruncated: true };
    }
  }
  return { answer: prefix.slice(0, ANSWER_PREVIEW_CHARS), answerTruncated: true };
}

/** The rows of a page fetched one row long: the page, and the cursor of the next one if there is more. */
export function pageOf<Row extends { id: number }>(
  rows: Row[],
  limit: number,
): { rows: Row[]; nextCursor: number | null } {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/**
 * The conditions every instructor's list of a cohort's submissions applies: answers of members, to
 * labs assigned in the cohort, on tasks taken up since joining (see startedSinceJoining), older than
 * the page's cursor. Whichever of the trainee's cohorts an answer went through, an instructor sees it
 * only under these rules; the query must join the member's row through membershipOn.
 */
export function cohortSubmissionConditions(ctx: ServiceContext, cohortId: number, page: Page) {
  const assignedLabs = ctx.db
    .select({ labId: cohortAssignments.labId })
    .from(cohortAssignments)
    .where(eq(cohortAssignments.cohortId, cohortId));
  return and(
    inArray(submissions.labId, assignedLabs),
    submissionVisibleInCohort(),
    page.before === undefined ? undefined : lt(submissions.id, page.before),
  );
}

/**
 * Submissions in a cohort for its instructor, newest first, a page at a time, optionally for one
 * trainee or lab.
 */
export function listCohortSubmissions(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  filter: Page & { userId?: number; labId?: string },
) {
  requireOwnCohort(ctx, actor, cohortId);
  const rows = ctx.db
    .select({
      ...submissionRecordColumns,
      userId: submissions.userId,
      username: users.username,
      displayName: users.displayName,
    })
    .from(submissions)
    .innerJoin(cohortMembers, membershipOn(cohortId, submissions.userId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(
      and(
        cohortSubmissionConditions(ctx, cohortId, filter),
        filter.userId !== undefined ? eq(submissions.userId, filter.userId) : undefined,
        filter.labId !== undefined ? eq(submissions.labId, filter.labId) : undefined,
      ),
    )
    .orderBy(desc(submissions.id))
    .limit(filter.limit + 1)
    .all();
  const { rows: page, nextCursor } = pageOf(rows, filter.limit);
  return { submissions: page.map((row) => ({ ...row, ...answerPreview(row.answer) })), nextCursor };
}
