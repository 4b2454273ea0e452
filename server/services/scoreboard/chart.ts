import { perConnection } from '../../db/per-connection.ts';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { cohortMembers, reviews, submissions } from '../../db/schema.ts';
import { membershipOn, submissionVisibleInCohort } from '../instructor/cohort-scope.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { inJsonList, jsonList } from '../../db/sql.ts';
import { describeScoreboardCohort, type ScoreboardCohort } from './access.ts';
import { namesFor, openBoardView } from './scoreboard.ts';
import type { Standing } from './standings.ts';

/** One member's score over time: [time (ISO), cumulative points] at every submission that raised it. */
export interface ChartSeries {
  rank: number;
  userId: number | null;
  name: string;
  pseudonym: string | null;
  /** The member's points on the board (the last step, or 0 without steps). */
  points: number;
  me: boolean;
  steps: [time: string, points: number][];
}

export interface ScoreboardChart {
  cohort: ScoreboardCohort;
  frozen: boolean;
  view: 'full' | 'own-row';
  series: ChartSeries[];
}

// The board's rule for whose work counts: members of this cohort, on tasks taken up since joining.
const memberOfBoard = membershipOn(sql.placeholder('cohortId'), submissions.userId);

const chartStatements = perConnection((db) => ({
  // Uses the submissions index by user (user_id, lab_id, task_id): only the charted members' rows are read.
  raises: db
    .select({
      userId: submissions.userId,
      labId: submissions.labId,
      taskId: submissions.taskId,
      pointsAwarded: submissions.pointsAwarded,
      createdAt: sql<number>`${submissions.createdAt}`,
    })
    .from(submissions)
    .innerJoin(cohortMembers, memberOfBoard)
    .where(
      and(
        inJsonList(submissions.userId, 'userIds'),
        inJsonList(submissions.labId, 'labIds'),
        gt(submissions.pointsAwarded, 0),
        sql`${submissions.createdAt} <= ${sql.placeholder('until')}`,
        submissionVisibleInCohort(),
      ),
    )
    .orderBy(asc(submissions.createdAt), asc(submissions.id))
    .prepare(),
  // Instructors' grades of manual answers: each sets its task's points from the time it was given.
  grades: db
    .select({
      userId: submissions.userId,
      labId: submissions.labId,
      taskId: submissions.taskId,
      points: reviews.points,
      reviewedAt: sql<number>`${reviews.reviewedAt}`,
    })
    .from(submissions)
    .innerJoin(reviews, eq(reviews.submissionId, submissions.id))
    .innerJoin(cohortMembers, memberOfBoard)
    .where(
      and(
        inJsonList(submissions.userId, 'userIds'),
        inJsonList(submissions.labId, 'labIds'),
        sql`${reviews.reviewedAt} <= ${sql.placeholder('until')}`,
        submissionVisibleInCohort(),
      ),
    )
    .orderBy(asc(reviews.reviewedAt), asc(reviews.submissionId))
    .prepare(),
}));

interface ScoreChange {
  userId: number;
  task: string;
  at: number;
  points: number;
  /** A grade sets the points; a submission can only raise them (its pointsAwarded is the running maximum). */
  sets: boolean;
}

/** The charted members' point changes in time order: raising submissions and grades. */
function scoreChanges(
  ctx: ServiceContext,
  cohortId: number,
  userIds: number[],
  labIds: string[],
  until: number,
): ScoreChange[] {
  const statements = chartStatements(ctx.db);
  const parameters = { cohortId, userIds: jsonList(userIds), labIds: jsonList(labIds), until };
  const task = (row: { userId: number; labId: string; taskId: string }) =>
    `${row.userId}\u0000${row.labId}\u0000${row.taskId}`;
  const raises = statements.raises
    .all(parameters)
    .map((row) => ({ userId: row.userId, task: task(row), at: row.createdAt, points: row.pointsAwarded, sets: false }));
  const grades = statements.grades
    .all(parameters)
    .map((row) => ({ userId: row.userId, task: task(row), at: row.reviewedAt, points: row.points, sets: true }));
  if (grades.length === 0) return raises;
  // Both lists are in time order; a stable sort keeps a submission before a grade of the same moment.
  return [...raises, ...grades].sort((a, b) => a.at - b.at);
}

/**
 * Score-over-time series for the leading members with points (and the caller's own, for a trainee),
 * named as on the board. Built from the submissions of just those members in the assigned labs: a
 * step wherever a submission raised a task's points (pointsAwarded is the task's running maximum) or
 * an instructor's grade changed them, and only up to the freeze when the caller sees the frozen board.
 */
export function getScoreboardChart(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { top: number },
): ScoreboardChart {
  const view = openBoardView(ctx, actor, cohortId);
  const own = view.access.staff ? undefined : view.standings.standingOf(actor.id);
  const charted: Standing[] = view.ownRowOnly
    ? []
    : view.standings.top(options.top).filter((standing) => standing.points > 0);
  if (own && !charted.some((standing) => standing.userId === own.userId)) charted.push(own);

  const userIds = charted.map((standing) => standing.userId);
  const steps = new Map<number, [string, number][]>(userIds.map((userId) => [userId, []]));
  if (userIds.length > 0 && view.labIds.length > 0) {
    const until = view.frozen ? view.access.cohort.freezeAt!.getTime() : Number.MAX_SAFE_INTEGER;
    const current = new Map<string, number>();
    const totals = new Map<number, number>();
    for (const change of scoreChanges(ctx, view.access.cohort.id, userIds, view.labIds, until)) {
      const previous = current.get(change.task) ?? 0;
      const points = change.sets ? change.points : Math.max(previous, change.points);
      if (points === previous) continue;
      current.set(change.task, points);
      const total = (totals.get(change.userId) ?? 0) + points - previous;
      totals.set(change.userId, total);
      steps.get(change.userId)!.push([new Date(change.at).toISOString(), total]);
    }
  }

  const names = namesFor(ctx, view, userIds);
  return {
    cohort: describeScoreboardCohort(view.access.cohort),
    frozen: view.frozen,
    view: view.ownRowOnly ? 'own-row' : 'full',
    series: charted.map((standing) => {
      const name = names.get(standing.userId) ?? { userId: null, name: '(unknown)', pseudonym: null, me: false };
      return {
        rank: standing.rank,
        userId: name.userId,
        name: name.name,
        pseudonym: name.pseudonym,
        points: standing.points,
        me: name.me,
        steps: steps.get(standing.userId)!,
      };
    }),
  };
}
