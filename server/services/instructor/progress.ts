import type { Actor, ServiceContext } from '../context.ts';
import {
  groupBy,
  keyOf,
  labAttemptsInScope,
  loadCohortScope,
  maxPointsOf,
  taskResultsInScope,
} from './cohort-scope.ts';

/** One trainee's standing on one lab: a cell of the progress matrix. */
export interface ProgressCell {
  labId: string;
  tasksTotal: number;
  tasksSettled: number;
  tasksSolved: number;
  points: number;
  maxPoints: number;
  started: boolean;
  startedAt: Date | null;
  completed: boolean;
  completedAt: Date | null;
  /** The latest change to any of the trainee's task results on the lab. */
  lastActivityAt: Date | null;
  /** Completion (or else last activity) minus start, in whole minutes; null until the lab is opened. */
  minutesSpent: number | null;
}

/**
 * The progress matrix of a cohort: every member against every assigned lab, counting only what each
 * member did after joining (see taskResultsInScope). Reads one query per table (members,
 * assignments, task results, lab attempts), never one per cell.
 */
export function getCohortProgress(ctx: ServiceContext, actor: Actor, cohortId: number) {
  const scope = loadCohortScope(ctx, actor, cohortId);
  const results = taskResultsInScope(ctx, scope);
  const attempts = labAttemptsInScope(ctx, scope);

  const resultsByCell = groupBy(results, (row) => keyOf(row.userId, row.labId));
  const attemptByCell = new Map(attempts.map((row) => [keyOf(row.userId, row.labId), row]));

  const labs = scope.labs.map(({ id, lab, assignment }) => ({
    id,
    title: lab.definition.title,
    courseId: assignment.courseId,
    opensAt: assignment.opensAt,
    closesAt: assignment.closesAt,
    tasksTotal: lab.definition.tasks.length,
    maxPoints: maxPointsOf(lab),
  }));

  const trainees = scope.members.map(({ joinedAt: _joinedAt, ...member }) => {
    const cells = scope.labs.map(({ id, lab }): ProgressCell => {
      const rows = resultsByCell.get(keyOf(member.id, id)) ?? [];
      const attempt = attemptByCell.get(keyOf(member.id, id));
      const lastActivity = rows.reduce((latest, row) => Math.max(latest, row.updatedAt.getTime()), -Infinity);
      const lastActivityAt = Number.isFinite(lastActivity) ? new Date(lastActivity) : null;
      const end = attempt?.completedAt ?? lastActivityAt;
      return {
        labId: id,
        tasksTotal: lab.definition.tasks.length,
        tasksSettled: rows.filter((row) => row.status !== 'open').length,
        tasksSolved: rows.filter((row) => row.status === 'solved').length,
        points: rows.reduce((total, row) => total + row.points, 0),
        maxPoints: maxPointsOf(lab),
        started: !!attempt,
        startedAt: attempt?.startedAt ?? null,
        completed: !!attempt?.completedAt,
        completedAt: attempt?.completedAt ?? null,
        lastActivityAt,
        minutesSpent: attempt
          ? end
            ? Math.max(0, Math.round((end.getTime() - attempt.startedAt.getTime()) / 60_000))
            : 0
          : null,
      };
    });
    return { ...member, points: cells.reduce((total, cell) => total + cell.points, 0), cells };
  });

  return { cohort: { id: scope.cohort.id, name: scope.cohort.name }, labs, trainees };
}
