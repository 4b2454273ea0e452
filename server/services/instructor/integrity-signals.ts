import { and, inArray, isNotNull } from 'drizzle-orm';
import { cohortMembers, labAttempts, submissions } from '../../db/schema.ts';
import { checkAnswer, referenceAnswers } from '../../grading/registry.ts';
import type { Actor, ServiceContext } from '../context.ts';
import {
  findTask,
  groupBy,
  keyOf,
  labAttemptsInScope,
  loadCohortScope,
  memberIdsOf,
  membershipOn,
  submissionVisibleInCohort,
  taskResultsInScope,
  type AssignedLab,
  type TraineeRef,
} from './cohort-scope.ts';

type LabAttemptRow = typeof labAttempts.$inferSelect;

/**
 * For one task of a variant lab, which members' variants accept each normalized answer as correct:
 * each member's variant is resolved from their seed and every reference answer is checked, so the
 * normalized form is the checker's own.
 */
function correctAnswersByMember(
  ctx: ServiceContext,
  assigned: AssignedLab,
  taskId: string,
  attempts: LabAttemptRow[],
): Map<string, number[]> {
  const owners = new Map<string, number[]>();
  for (const attempt of attempts) {
    const resolved = ctx.variants.get(assigned.lab, attempt.variantSeed).tasks.get(taskId);
    if (!resolved || resolved.answer.kind === 'manual') continue;
    const normalized = new Set<string>();
    for (const reference of referenceAnswers(resolved.answer)) {
      const checked = checkAnswer(resolved.answer, reference);
      if (checked.status === 'graded' && checked.verdict === 'correct') normalized.add(checked.normalized);
    }
    for (const answer of normalized) owners.set(answer, [...(owners.get(answer) ?? []), attempt.userId]);
  }
  return owners;
}

/**
 * Signals for the instructor of a cohort, never shown to trainees: signs of work that is not the
 * trainee's own, to look into rather than to act on blindly.
 *
 * - answerSharing: in a lab where every trainee has their own variant, a wrong answer that is the
 *   correct answer of another member's variant of the same task: most likely copied from them.
 * - fastSolves: a task solved sooner after opening the lab than the lab's min_plausible_minutes.
 */
export function findIntegritySignals(ctx: ServiceContext, actor: Actor, cohortId: number) {
  const scope = loadCohortScope(ctx, actor, cohortId);
  const members = new Map<number, TraineeRef>(
    scope.members.map(({ id, username, displayName }) => [id, { id, username, displayName }]),
  );
  const labs = new Map(scope.labs.map((assigned) => [assigned.id, assigned]));
  const labIds = [...labs.keys()];
  // Every member's variant seed, whenever they opened the lab: a seed is no result, and an answer
  // copied from someone's variant is a signal however long ago they opened it.
  const attempts =
    labIds.length === 0 || members.size === 0
      ? []
      : ctx.db
          .select()
          .from(labAttempts)
          .where(and(inArray(labAttempts.labId, labIds), inArray(labAttempts.userId, memberIdsOf(ctx, cohortId))))
          .all();
  const attemptsByLab = groupBy(attempts, (attempt) => attempt.labId);

  const variantLabIds = scope.labs.filter((assigned) => assigned.lab.generator).map((assigned) => assigned.id);
  const wrong =
    variantLabIds.length === 0 || members.size === 0
      ? []
      : ctx.db
          .select({
            id: submissions.id,
            userId: submissions.userId,
            labId: submissions.labId,
            taskId: submissions.taskId,
            normalizedAnswer: submissions.normalizedAnswer,
            createdAt: submissions.createdAt,
          })
          .from(submissions)
          .innerJoin(cohortMembers, membershipOn(cohortId, submissions.userId))
          .where(
            and(
              inArray(submissions.labId, variantLabIds),
              inArray(submissions.verdict, ['incorrect', 'partial']),
              isNotNull(submissions.normalizedAnswer),
              submissionVisibleInCohort(),
            ),
          )
          .all();

  // Resolved once per task for the whole cohort, and only for tasks that have wrong answers.
  const ownersCache = new Map<string, Map<string, number[]>>();
  const answerSharing = wrong.flatMap((submission) => {
    const assigned = labs.get(submission.labId)!;
    const task = findTask(assigned.lab, submission.taskId);
    if (!task) return [];
    const cacheKey = keyOf(submission.labId, submission.taskId);
    let owners = ownersCache.get(cacheKey);
    if (!owners) {
      owners = correctAnswersByMember(ctx, assigned, submission.taskId, attemptsByLab.get(submission.labId) ?? []);
      ownersCache.set(cacheKey, owners);
    }
    return (owners.get(submission.normalizedAnswer!) ?? [])
      .filter((ownerId) => ownerId !== submission.userId)
      .map((ownerId) => ({
        submissionId: submission.id,
        at: submission.createdAt,
        lab: { id: assigned.id, title: assigned.lab.definition.title },
        task: { id: task.id, title: task.title },
        answer: submission.normalizedAnswer!,
        submitter: members.get(submission.userId)!,
        owner: members.get(ownerId)!,
      }));
  });
  answerSharing.sort((a, b) => b.at.getTime() - a.at.getTime() || b.submissionId - a.submissionId);

  // Solving times only from labs opened since joining, like every other result shown here.
  const startedAt = new Map(
    labAttemptsInScope(ctx, scope).map((attempt) => [keyOf(attempt.userId, attempt.labId), attempt.startedAt]),
  );
  const fastSolves = taskResultsInScope(ctx, scope).flatMap((result) => {
    const assigned = labs.get(result.labId)!;
    const minimum = assigned.lab.definition.min_plausible_minutes;
    const started = startedAt.get(keyOf(result.userId, result.labId));
    if (minimum === undefined || result.status !== 'solved' || !result.solvedAt || !started) return [];
    const minutes = (result.solvedAt.getTime() - started.getTime()) / 60_000;
    if (minutes >= minimum) return [];
    return [
      {
        lab: { id: assigned.id, title: assigned.lab.definition.title },
        task: { id: result.taskId, title: findTask(assigned.lab, result.taskId)?.title ?? result.taskId },
        trainee: members.get(result.userId)!,
        startedAt: started,
        solvedAt: result.solvedAt,
        minutes: Math.round(minutes * 10) / 10,
        minPlausibleMinutes: minimum,
      },
    ];
  });
  fastSolves.sort((a, b) => a.minutes - b.minutes || a.trainee.displayName.localeCompare(b.trainee.displayName));

  return { cohort: { id: scope.cohort.id, name: scope.cohort.name }, answerSharing, fastSolves };
}
