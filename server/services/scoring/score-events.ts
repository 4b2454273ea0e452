import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { cohortMembers, reviews, submissions } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';
import { perConnection } from '../../db/per-connection.ts';
import type { ServiceContext } from '../context.ts';
import { membershipOn, submissionVisibleInCohort } from '../instructor/cohort-scope.ts';
import { inJsonList, jsonList } from '../../db/sql.ts';
import type { ScoreEvent } from './rule.ts';

/**
 * The statements reading a board's score events: answers and grades of the cohort's members on its
 * assigned labs, on tasks taken up since joining (the board's rule for whose work counts), up to a
 * time. `forUsers` narrows them to a list of members, read through the submissions index by user.
 */
function eventStatements(db: Db, forUsers: boolean) {
  const ofBoard = (time: typeof submissions.createdAt | typeof reviews.reviewedAt) =>
    and(
      forUsers ? inJsonList(submissions.userId, 'userIds') : undefined,
      inJsonList(submissions.labId, 'labIds'),
      sql`${time} <= ${sql.placeholder('until')}`,
      submissionVisibleInCohort(),
    );
  const memberOfBoard = membershipOn(sql.placeholder('cohortId'), submissions.userId);
  return {
    answers: db
      .select({
        userId: submissions.userId,
        labId: submissions.labId,
        taskId: submissions.taskId,
        verdict: submissions.verdict,
        points: submissions.pointsAwarded,
        at: sql<number>`${submissions.createdAt}`,
      })
      .from(submissions)
      .innerJoin(cohortMembers, memberOfBoard)
      // An answer that neither raised its task's points nor solved it leaves every board as it was.
      .where(
        and(ofBoard(submissions.createdAt), or(gt(submissions.pointsAwarded, 0), eq(submissions.verdict, 'correct'))),
      )
      .orderBy(asc(submissions.createdAt), asc(submissions.id))
      .prepare(),
    grades: db
      .select({
        userId: submissions.userId,
        labId: submissions.labId,
        taskId: submissions.taskId,
        points: reviews.points,
        at: sql<number>`${reviews.reviewedAt}`,
      })
      .from(submissions)
      .innerJoin(reviews, eq(reviews.submissionId, submissions.id))
      .innerJoin(cohortMembers, memberOfBoard)
      .where(ofBoard(reviews.reviewedAt))
      .orderBy(asc(reviews.reviewedAt), asc(reviews.submissionId))
      .prepare(),
  };
}

const statements = perConnection((db) => ({
  ofMembers: eventStatements(db, false),
  ofUsers: eventStatements(db, true),
}));

/**
 * The score events of a cohort's board up to `until` (milliseconds, inclusive), for the scoring
 * rule to replay: of every member, or only of `userIds`. The reviews table keeps only the latest
 * grade of each answer, so a grade changed after `until` no longer counts at all.
 */
export function boardScoreEvents(
  ctx: ServiceContext,
  board: { cohortId: number; labIds: string[]; until: number; userIds?: number[] },
): ScoreEvent[] {
  const { ofMembers, ofUsers } = statements(ctx.db);
  const read = board.userIds === undefined ? ofMembers : ofUsers;
  const parameters = {
    cohortId: board.cohortId,
    labIds: jsonList(board.labIds),
    until: board.until,
    userIds: board.userIds === undefined ? undefined : jsonList(board.userIds),
  };
  return [
    ...read.answers.all(parameters).map((row): ScoreEvent => ({ kind: 'answer', ...row })),
    ...read.grades.all(parameters).map((row): ScoreEvent => ({ kind: 'grade', ...row })),
  ];
}
