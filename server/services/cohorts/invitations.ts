import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { cohortInvitations, cohortMembers, cohorts, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireOwnCohort, requireTrainee } from '../policy.ts';
import { insertMember } from './cohorts.ts';

/**
 * How long an invitation waits for its trainee: a course's start is rarely further off, and an
 * invitation nobody answered should not open a cohort months later.
 */
export const INVITATION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Invites an active trainee to a cohort the actor runs (issue #14's picker under issue #11's rule: an
 * instructor adds a trainee only by the trainee's own consent). The trainee sees the invitation on
 * their start page and becomes a member by accepting it. An administrator may still add directly.
 */
export async function inviteTrainee(ctx: ServiceContext, actor: Actor, cohortId: number, userId: number) {
  const cohort = requireOwnCohort(ctx, actor, cohortId);
  if (cohort.archivedAt) throw new AppError('conflict', 'This cohort is archived: nobody can be invited to it.');
  const trainee = ctx.db.select().from(users).where(eq(users.id, userId)).get();
  // One message for every account that cannot be invited, so the picker cannot be used to probe accounts.
  if (trainee?.role !== 'trainee' || trainee.disabledAt)
    throw new AppError('not_found', 'There is no active trainee with this account.', 'userId');
  const now = ctx.now();
  return ctx.writes.run((tx) => {
    const member = tx
      .select({ userId: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .get();
    if (member) throw new AppError('conflict', `${trainee.displayName} is already a member of this cohort.`, 'userId');
    const open = openInvitation(tx, cohortId, userId, now);
    if (open)
      throw new AppError(
        'conflict',
        `${trainee.displayName} has already been invited to this cohort and has not answered yet.`,
        'userId',
      );
    // An expired invitation nobody answered is closed first: the unique index allows one open one.
    tx.update(cohortInvitations)
      .set({ endedAt: now, endedBecause: 'withdrawn' })
      .where(
        and(
          eq(cohortInvitations.cohortId, cohortId),
          eq(cohortInvitations.userId, userId),
          isNull(cohortInvitations.endedAt),
        ),
      )
      .run();
    const invitation = tx
      .insert(cohortInvitations)
      .values({
        cohortId,
        userId,
        invitedBy: actor.id,
        invitedAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      })
      .returning()
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.invite',
      subject: `cohort:${cohortId}`,
      details: { userId, invitationId: invitation.id },
      at: now,
    });
    return { id: invitation.id, expiresAt: invitation.expiresAt.toISOString() };
  });
}

type Reader = Pick<ServiceContext['db'], 'select'>;

function openInvitation(db: Reader, cohortId: number, userId: number, now: Date) {
  return db
    .select({ id: cohortInvitations.id })
    .from(cohortInvitations)
    .where(
      and(
        eq(cohortInvitations.cohortId, cohortId),
        eq(cohortInvitations.userId, userId),
        isNull(cohortInvitations.endedAt),
        gt(cohortInvitations.expiresAt, now),
      ),
    )
    .get();
}

/** The cohort's invitations still waiting for an answer, oldest first, for the cohort's staff. */
export function listCohortInvitations(ctx: ServiceContext, actor: Actor, cohortId: number) {
  requireOwnCohort(ctx, actor, cohortId);
  return ctx.db
    .select({
      id: cohortInvitations.id,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      invitedAt: cohortInvitations.invitedAt,
      expiresAt: cohortInvitations.expiresAt,
    })
    .from(cohortInvitations)
    .innerJoin(users, eq(users.id, cohortInvitations.userId))
    .where(
      and(
        eq(cohortInvitations.cohortId, cohortId),
        isNull(cohortInvitations.endedAt),
        gt(cohortInvitations.expiresAt, ctx.now()),
      ),
    )
    .orderBy(asc(cohortInvitations.invitedAt), asc(cohortInvitations.id))
    .all()
    .map((row) => ({ ...row, invitedAt: row.invitedAt.toISOString(), expiresAt: row.expiresAt.toISOString() }));
}

/** Withdraws an invitation not yet answered, by the cohort's staff. */
export async function withdrawInvitation(ctx: ServiceContext, actor: Actor, cohortId: number, invitationId: number) {
  requireOwnCohort(ctx, actor, cohortId);
  await ctx.writes.run((tx) => {
    const ended = tx
      .update(cohortInvitations)
      .set({ endedAt: ctx.now(), endedBecause: 'withdrawn' })
      .where(
        and(
          eq(cohortInvitations.id, invitationId),
          eq(cohortInvitations.cohortId, cohortId),
          isNull(cohortInvitations.endedAt),
        ),
      )
      .run();
    if (ended.changes === 0) throw new AppError('not_found', 'There is no open invitation with this number.');
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.withdraw_invitation',
      subject: `cohort:${cohortId}`,
      details: { invitationId },
      at: ctx.now(),
    });
  });
}

/** The signed-in trainee's invitations still waiting for an answer, newest first. */
export function listMyInvitations(ctx: ServiceContext, actor: Actor) {
  requireTrainee(actor);
  return ctx.db
    .select({
      id: cohortInvitations.id,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      invitedBy: users.displayName,
      invitedAt: cohortInvitations.invitedAt,
      expiresAt: cohortInvitations.expiresAt,
    })
    .from(cohortInvitations)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
    .leftJoin(users, eq(users.id, cohortInvitations.invitedBy))
    .where(
      and(
        eq(cohortInvitations.userId, actor.id),
        isNull(cohortInvitations.endedAt),
        isNull(cohorts.archivedAt),
        gt(cohortInvitations.expiresAt, ctx.now()),
      ),
    )
    .orderBy(desc(cohortInvitations.invitedAt), desc(cohortInvitations.id))
    .all()
    .map((row) => ({ ...row, invitedAt: row.invitedAt.toISOString(), expiresAt: row.expiresAt.toISOString() }));
}

/**
 * Accepts or declines one of the trainee's own open invitations. Accepting makes them a member, in
 * the same transaction, as joining with the code does (their joining time starts then).
 */
export async function answerInvitation(
  ctx: ServiceContext,
  actor: Actor,
  invitationId: number,
  answer: 'accepted' | 'declined',
) {
  requireTrainee(actor);
  return ctx.writes.run((tx, afterCommit) => {
    const now = ctx.now();
    const invitation = tx
      .select({ id: cohortInvitations.id, cohortId: cohorts.id, cohortName: cohorts.name })
      .from(cohortInvitations)
      .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
      .where(
        and(
          eq(cohortInvitations.id, invitationId),
          // Another trainee's invitation does not exist for this one (404, as a missing one).
          eq(cohortInvitations.userId, actor.id),
          isNull(cohortInvitations.endedAt),
          isNull(cohorts.archivedAt),
          gt(cohortInvitations.expiresAt, now),
        ),
      )
      .get();
    if (!invitation)
      throw new AppError(
        'not_found',
        'This invitation is no longer open: it was answered, withdrawn or has expired. Ask your instructor for a new one or for the join code.',
      );
    tx.update(cohortInvitations)
      .set({ endedAt: now, endedBecause: answer })
      .where(eq(cohortInvitations.id, invitationId))
      .run();
    if (answer === 'accepted')
      insertMember(ctx, tx, afterCommit, {
        cohortId: invitation.cohortId,
        userId: actor.id,
        by: actor,
        details: { invitationId },
      });
    else
      recordAudit(tx, {
        actorId: actor.id,
        action: 'cohort.decline_invitation',
        subject: `cohort:${invitation.cohortId}`,
        details: { invitationId },
        at: now,
      });
    return { cohort: { id: invitation.cohortId, name: invitation.cohortName } };
  });
}
