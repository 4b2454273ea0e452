import { and, asc, eq, gte, inArray, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  cohortAssignments,
  cohortMembers,
  hintUnlocks,
  labAttempts,
  submissions,
  taskResults,
} from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import type { TaskDefinition } from '../../labs/schema.ts';

import type { Actor, ServiceContext } from '../context.ts';
import { quoted } from '../../lib/words.ts';
import { cohortMembersOf } from '../cohorts/cohorts.ts';
import { resultStartedSinceJoining, startedSinceJoining } from '../cohorts/earned-since-joining.ts';
import { requireOwnCohort } from '../policy.ts';

/** A trainee as the instructor's views name them. */
export interface TraineeRef {
  id: number;
  username: string;
  displayName: string;
}

/** A lab assigned to the cohort and installed in the library. */
export interface AssignedLab {
  id: string;
  lab: LoadedLab;
  assignment: typeof cohortAssignments.$inferSelect;
}

/** A member of the cohort in scope, with when they joined: nothing of theirs from before counts here. */
export interface ScopeMember extends TraineeRef {
  joinedAt: Date;
}

/** What every dashboard view of one cohort is about: its members and its assigned labs. */
export interface CohortScope {
  cohort: ReturnType<typeof requireOwnCohort>;
  members: ScopeMember[];
  labs: AssignedLab[];
}

/**
 * The members and assigned labs of a cohort the actor runs (or any cohort for an admin): trainees
 * get 403 and other instructors 404, through requireOwnCohort. Labs assigned but no longer installed
 * are left out, since nothing about their tasks can be said. With `labId`, only that lab, which must
 * be assigned.
 */
export function loadCohortScope(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { labId?: string } = {},
): CohortScope {
  const cohort = requireOwnCohort(ctx, actor, cohortId);
  const members = cohortMembersOf(ctx, cohortId);
  const assignments = ctx.db
    .select()
    .from(cohortAssignments)
    .where(
      and(
        eq(cohortAssignments.cohortId, cohortId),
        options.labId === undefined ? undefined : eq(cohortAssignments.labId, options.labId),
      ),
    )
    .orderBy(asc(cohortAssignments.id))
    .all();
  const labs = assignments.flatMap((assignment) => {
    const lab = ctx.library.labs.get(assignment.labId);
    return lab ? [{ id: assignment.labId, lab, assignment }] : [];
  });
  if (options.labId !== undefined && labs.length === 0) {
    const title = ctx.library.labs.get(options.labId)?.definition.title;
    throw new AppError('not_found', `${title ? quoted(title) : 'This lab'} is not assigned to this cohort.`, 'labId');
  }
  return { cohort, members, labs };
}

/** The user ids of a cohort's members, as a subquery: no list of ids to bind, however large the cohort. */
export function memberIdsOf(ctx: ServiceContext, cohortId: number) {
  return ctx.db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, cohortId));
}

/** Joins a member's row of the cohort to a query, so that conditions can compare times with their joining. */
export function membershipOn(cohortId: number | SQLWrapper, userId: AnyColumn): SQL {
  return and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId))!;
}

/**
 * The condition on a query over submissions (joined to the member's row through membershipOn) that
 * keeps what the cohort's staff may see: answers to tasks the member took up after joining. See
 * startedSinceJoining.
 */
export function submissionVisibleInCohort(): SQL {
  return startedSinceJoining(
    { userId: submissions.userId, labId: submissions.labId, taskId: submissions.taskId },
    cohortMembers.joinedAt,
  );
}

/**
 * The task results of the scope's members on its labs, in one query, keeping only tasks the lab
 * still has (as the trainee's catalogue does) and only results of tasks the member took up after
 * joining this cohort: an instructor sees what was earned for their cohorts, never what a trainee
 * earned before, elsewhere. Results count whichever of the member's cohorts they were earned through.
 */
export function taskResultsInScope(ctx: ServiceContext, scope: CohortScope) {
  if (scope.labs.length === 0 || scope.members.length === 0) return [];
  const taskIds = new Map(scope.labs.map(({ id, lab }) => [id, new Set(lab.definition.tasks.map((task) => task.id))]));
  return ctx.db
    .select({ result: taskResults })
    .from(taskResults)
    .innerJoin(cohortMembers, membershipOn(scope.cohort.id, taskResults.userId))
    .where(and(inArray(taskResults.labId, [...taskIds.keys()]), resultStartedSinceJoining()))
    .all()
    .map((row) => row.result)
    .filter((row) => taskIds.get(row.labId)?.has(row.taskId));
}

/** Rows of the scope's labs from no earlier than their member joined (the query joins the member's row). */
function inScopeSinceJoining(scope: CohortScope, labId: AnyColumn, at: AnyColumn): SQL {
  return and(
    inArray(
      labId,
      scope.labs.map((lab) => lab.id),
    ),
    gte(at, cohortMembers.joinedAt),
  )!;
}

/**
 * The lab attempts (variant seed, start, completion) of the scope's members on its labs that began
 * after they joined; a lab opened before joining tells when they worked on it elsewhere, so it is left out.
 */
export function labAttemptsInScope(ctx: ServiceContext, scope: CohortScope) {
  if (scope.labs.length === 0 || scope.members.length === 0) return [];
  return ctx.db
    .select({ attempt: labAttempts })
    .from(labAttempts)
    .innerJoin(cohortMembers, membershipOn(scope.cohort.id, labAttempts.userId))
    .where(inScopeSinceJoining(scope, labAttempts.labId, labAttempts.startedAt))
    .all()
    .map((row) => row.attempt);
}

/** The hint unlocks of the scope's members on its labs since they joined. */
export function hintUnlocksInScope(ctx: ServiceContext, scope: CohortScope) {
  if (scope.labs.length === 0 || scope.members.length === 0) return [];
  return ctx.db
    .select({ userId: hintUnlocks.userId, labId: hintUnlocks.labId, taskId: hintUnlocks.taskId })
    .from(hintUnlocks)
    .innerJoin(cohortMembers, membershipOn(scope.cohort.id, hintUnlocks.userId))
    .where(inScopeSinceJoining(scope, hintUnlocks.labId, hintUnlocks.unlockedAt))
    .all();
}

/** A task of a lab by id, or undefined. */
export function findTask(lab: LoadedLab, taskId: string): TaskDefinition | undefined {
  return lab.definition.tasks.find((task) => task.id === taskId);
}

/** The points a lab is worth: the sum of its tasks' points. */
export function maxPointsOf(lab: LoadedLab): number {
  return lab.definition.tasks.reduce((total, task) => total + task.points, 0);
}

/** A key for maps over (user, lab) or (user, lab, task). */
export function keyOf(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

/** Rows grouped by a key (Map.groupBy arrives only in Node 21). */
export function groupBy<Row>(rows: Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
