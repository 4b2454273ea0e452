import { and, inArray, isNotNull, sql } from 'drizzle-orm';
import { cohortMembers, submissions } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../context.ts';
import {
  groupBy,
  hintUnlocksInScope,
  keyOf,
  loadCohortScope,
  membershipOn,
  submissionVisibleInCohort,
  taskResultsInScope,
} from './cohort-scope.ts';

/** How many of the most frequent wrong answers each task lists. */
export const TOP_WRONG_ANSWERS = 5;

/** The middle value of a list of numbers (the mean of the two middle ones for an even count), or null. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * Per task of the cohort's assigned labs (or of one lab): how many members attempted and solved it,
 * the median attempts of those who solved it, hint use, and the wrong answers given most often (what
 * tells the instructor which misconception to address). Counts come from the task results, hint
 * unlocks and answers of the cohort's members on the cohort's labs, only from after each joined. Each
 * anticipated wrong answer the task declares is counted by its name, also when no one gave it.
 */
export function getCohortAnalytics(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  filter: { labId?: string } = {},
) {
  const scope = loadCohortScope(ctx, actor, cohortId, filter);
  const labIds = scope.labs.map((lab) => lab.id);
  const memberCount = scope.members.length;
  const anything = labIds.length > 0 && memberCount > 0;

  const resultsByTask = groupBy(taskResultsInScope(ctx, scope), (row) => keyOf(row.labId, row.taskId));
  const unlocksByTask = groupBy(hintUnlocksInScope(ctx, scope), (row) => keyOf(row.labId, row.taskId));
  const wrongByTask = groupBy(
    anything
      ? ctx.db
          .select({
            labId: submissions.labId,
            taskId: submissions.taskId,
            answer: sql<string>`${submissions.normalizedAnswer}`,
            count: sql<number>`count(*)`,
            trainees: sql<number>`count(distinct ${submissions.userId})`,
          })
          .from(submissions)
          .innerJoin(cohortMembers, membershipOn(cohortId, submissions.userId))
          .where(
            and(
              inArray(submissions.labId, labIds),
              inArray(submissions.verdict, ['incorrect', 'partial']),
              isNotNull(submissions.normalizedAnswer),
              submissionVisibleInCohort(),
            ),
          )
          .groupBy(submissions.labId, submissions.taskId, submissions.normalizedAnswer)
          .all()
      : [],
    (row) => keyOf(row.labId, row.taskId),
  );
  // The anticipated wrong answers (lab.yaml misconceptions) by name: which misconception to address.
  const misconceptionsByTask = groupBy(
    anything
      ? ctx.db
          .select({
            labId: submissions.labId,
            taskId: submissions.taskId,
            name: sql<string>`${submissions.misconception}`,
            count: sql<number>`count(*)`,
            trainees: sql<number>`count(distinct ${submissions.userId})`,
          })
          .from(submissions)
          .innerJoin(cohortMembers, membershipOn(cohortId, submissions.userId))
          .where(
            and(inArray(submissions.labId, labIds), isNotNull(submissions.misconception), submissionVisibleInCohort()),
          )
          .groupBy(submissions.labId, submissions.taskId, submissions.misconception)
          .all()
      : [],
    (row) => keyOf(row.labId, row.taskId),
  );

  return {
    cohort: { id: scope.cohort.id, name: scope.cohort.name },
    members: memberCount,
    labs: scope.labs.map(({ id, lab }) => ({
      id,
      title: lab.definition.title,
      tasks: lab.definition.tasks.map((task) => {
        const key = keyOf(id, task.id);
        const attempted = (resultsByTask.get(key) ?? []).filter((row) => row.attempts > 0);
        const solved = attempted.filter((row) => row.status === 'solved');
        const unlocks = unlocksByTask.get(key) ?? [];
        const traineesWithHints = new Set(unlocks.map((row) => row.userId)).size;
        const wrongAnswers = (wrongByTask.get(key) ?? [])
          .sort(
            (a, b) =>
              b.trainees - a.trainees || b.count - a.count || (a.answer < b.answer ? -1 : a.answer > b.answer ? 1 : 0),
          )
          .slice(0, TOP_WRONG_ANSWERS)
          .map((row) => ({ answer: row.answer, count: row.count, trainees: row.trainees }));
        return {
          id: task.id,
          title: task.title,
          kind: task.answer.kind,
          points: task.points,
          attemptedBy: attempted.length,
          solvedBy: solved.length,
          solveRate: {
            ofAttempted: ratio(solved.length, attempted.length),
            ofMembers: ratio(solved.length, memberCount),
          },
          medianAttemptsToSolve: median(solved.map((row) => row.attempts)),
          hints: {
            available: task.hints.length,
            traineesWithHints,
            shareOfMembers: ratio(traineesWithHints, memberCount),
            unlocks: unlocks.length,
          },
          wrongAnswers,
          misconceptions: task.misconceptions.map(({ name }) => {
            const row = misconceptionsByTask.get(key)?.find((candidate) => candidate.name === name);
            return { name, count: row?.count ?? 0, trainees: row?.trainees ?? 0 };
          }),
        };
      }),
    })),
  };
}
