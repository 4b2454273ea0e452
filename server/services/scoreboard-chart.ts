import { and, asc, gt, sql } from 'drizzle-orm';
import { submissions } from '../db/schema.ts';
import type { Actor, ServiceContext } from './context.ts';
import { describeScoreboardCohort, inJsonList, jsonList, perDatabase, type ScoreboardCohort } from './scoreboard-access.ts';
import { namesFor, openBoardView } from './scoreboard.ts';
import type { Standing } from './scoreboard-standings.ts';

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

const chartStatements = perDatabase((db) => ({
  // Uses the submissions index by user (user_id, lab_id, task_id): only the charted members' rows are read.
  raises: db
    .select({ userId: submissions.userId, labId: submissions.labId, taskId: submissions.taskId, pointsAwarded: submissions.pointsAwarded, createdAt: sql<number>`${submissions.createdAt}` })
    .from(submissions)
    .where(
      and(
        inJsonList(submissions.userId, 'userIds'),
        inJsonList(submissions.labId, 'labIds'),
        gt(submissions.pointsAwarded, 0),
        sql`${submissions.createdAt} <= ${sql.placeholder('until')}`,
      ),
    )
    .orderBy(asc(submissions.createdAt), asc(submissions.id))
    .prepare(),
}));

/**
 * Score-over-time series for the leading members with points (and the caller's own, for a trainee),
 * named as on the board. Built from the submissions of just those members in the assigned labs: a
 * step wherever a submission raised a task's points (pointsAwarded is the task's running maximum),
 * and only up to the freeze when the caller sees the frozen board.
 */
export function getScoreboardChart(ctx: ServiceContext, actor: Actor, cohortId: number, options: { top: number }): ScoreboardChart {
  const view = openBoardView(ctx, actor, cohortId);
  const own = view.access.staff ? undefined : view.standings.standingOf(actor.id);
  const charted: Standing[] = view.ownRowOnly ? [] : view.standings.top(options.top).filter((standing) => standing.points > 0);
  if (own && !charted.some((standing) => standing.userId === own.userId)) charted.push(own);

  const userIds = charted.map((standing) => standing.userId);
  const steps = new Map<number, [string, number][]>(userIds.map((userId) => [userId, []]));
  if (userIds.length > 0 && view.labIds.length > 0) {
    const until = view.frozen ? view.access.cohort.freezeAt!.getTime() : Number.MAX_SAFE_INTEGER;
    const best = new Map<string, number>();
    const totals = new Map<number, number>();
    for (const row of chartStatements(ctx.db).raises.all({ userIds: jsonList(userIds), labIds: jsonList(view.labIds), until })) {
      const task = `${row.userId}\u0000${row.labId}\u0000${row.taskId}`;
      const previous = best.get(task) ?? 0;
      if (row.pointsAwarded <= previous) continue;
      best.set(task, row.pointsAwarded);
      const total = (totals.get(row.userId) ?? 0) + row.pointsAwarded - previous;
      totals.set(row.userId, total);
      steps.get(row.userId)!.push([new Date(row.createdAt).toISOString(), total]);
    }
  }

  const names = namesFor(ctx, view, userIds);
  return {
    cohort: describeScoreboardCohort(view.access.cohort),
    frozen: view.frozen,
    view: view.ownRowOnly ? 'own-row' : 'full',
    series: charted.map((standing) => {
      const name = names.get(standing.userId) ?? { userId: null, name: '(unknown)', pseudonym: null, me: false };
      return { rank: standing.rank, userId: name.userId, name: name.name, pseudonym: name.pseudonym, points: standing.points, me: name.me, steps: steps.get(standing.userId)! };
    }),
  };
}
