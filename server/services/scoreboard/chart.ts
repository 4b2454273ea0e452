import type { Actor, ServiceContext } from '../context.ts';
import { scoreSteps } from '../scoring/rule.ts';
import { boardScoreEvents } from '../scoring/score-events.ts';
import type { ScoreboardCohort } from './access.ts';
import { boardHeading, listedStandings, namedStanding, namesFor, openBoardView } from './scoreboard.ts';

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

/**
 * Score-over-time series for the leading members with points (and the caller's own, for a trainee),
 * named as on the board. The answers and grades of just those members in the assigned labs are
 * replayed through the scoring rule: a step wherever an answer raised a task's points or an
 * instructor's grade changed them, and only up to the freeze when the caller sees the frozen board.
 */
export function getScoreboardChart(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { top: number },
): ScoreboardChart {
  const view = openBoardView(ctx, actor, cohortId);
  const charted = listedStandings(view, options.top, (standing) => standing.points > 0);
  const userIds = charted.map((standing) => standing.userId);
  const until = view.frozen ? view.access.cohort.freezeAt!.getTime() : Number.MAX_SAFE_INTEGER;
  const steps =
    userIds.length > 0 && view.labIds.length > 0
      ? scoreSteps(
          boardScoreEvents(ctx, { cohortId: view.access.cohort.id, labIds: view.labIds, until, userIds }),
          until,
        )
      : new Map<number, [number, number][]>();

  const names = namesFor(ctx, view, userIds);
  return {
    ...boardHeading(view),
    series: charted.map((standing) => ({
      ...namedStanding(names, standing),
      steps: (steps.get(standing.userId) ?? []).map(([at, total]) => [new Date(at).toISOString(), total]),
    })),
  };
}
