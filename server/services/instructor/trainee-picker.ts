import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { cohortInvitations, cohortMembers, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { usernameOrNameContains } from '../accounts/accounts.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireOwnCohort } from '../policy.ts';

/** The most trainees one search answers: a picker shows a short list, never a directory of every account. */
export const TRAINEE_SEARCH_LIMIT = 20;

/**
 * Active trainee accounts whose username or display name contains the search (ignoring case), for
 * the picker of a cohort the actor runs (any cohort for an admin; other cohorts do not exist for an
 * instructor, as everywhere else). Each says whether the trainee is already a member, and whether an
 * invitation to the cohort waits for their answer.
 */
export function searchTrainees(ctx: ServiceContext, actor: Actor, cohortId: number, search: string) {
  requireOwnCohort(ctx, actor, cohortId);
  const text = search.trim().toLowerCase();
  // One letter would list the first twenty trainees of the installation, not find one.
  if (text.length < 2)
    throw new AppError('bad_request', 'Type at least two letters of the trainee’s name or username.', 'q');
  const rows = ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      memberSince: cohortMembers.joinedAt,
      invitationId: cohortInvitations.id,
    })
    .from(users)
    .leftJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, users.id)))
    .leftJoin(
      cohortInvitations,
      and(
        eq(cohortInvitations.cohortId, cohortId),
        eq(cohortInvitations.userId, users.id),
        isNull(cohortInvitations.endedAt),
        gt(cohortInvitations.expiresAt, ctx.now()),
      ),
    )
    .where(and(eq(users.role, 'trainee'), isNull(users.disabledAt), usernameOrNameContains(text)))
    .orderBy(asc(users.displayName), asc(users.username))
    .limit(TRAINEE_SEARCH_LIMIT)
    .all();
  return rows.map(({ memberSince, invitationId, ...trainee }) => ({
    ...trainee,
    member: memberSince !== null,
    invited: invitationId !== null,
  }));
}
