import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { cohortMembers, submissions, taskResults } from '../../db/schema.ts';

const earlier = alias(submissions, 'earlier');

/** Column expressions that name one member's work on one task. */
export interface TaskWork {
  userId: SQLWrapper;
  labId: SQLWrapper;
  taskId: SQLWrapper;
}

/**
 * The rule for what a cohort's instructor and scoreboard see of a member's work: only tasks the
 * member took up after joining the cohort, that is, tasks without any submission older than the
 * joining. A task worked on before joining stays out as a whole, with its later answers too: its
 * result, attempts and each answer's running points all carry what was earned before, for another
 * instructor's cohort or for none. Reads the (user, lab, task) index of submissions.
 *
 * `joinedAt` is the member's cohort_members.joined_at for the cohort in question.
 */
export function startedSinceJoining(work: TaskWork, joinedAt: SQLWrapper): SQL {
  return sql`not exists (select 1 from ${submissions} ${earlier}
    where ${earlier.userId} = ${work.userId} and ${earlier.labId} = ${work.labId} and ${earlier.taskId} = ${work.taskId}
      and ${earlier.createdAt} < ${joinedAt})`;
}

/**
 * startedSinceJoining for a query over task_results joined to the member's cohort_members row (as
 * submissionVisibleInCohort is for submissions).
 */
export function resultStartedSinceJoining(): SQL {
  return startedSinceJoining(
    { userId: taskResults.userId, labId: taskResults.labId, taskId: taskResults.taskId },
    cohortMembers.joinedAt,
  );
}
