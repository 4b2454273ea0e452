import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { cohortAssignments, cohortMembers, cohorts, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin, requireOwnCohort, requireStaff, requireTrainee } from '../policy.ts';
import { quoted } from '../../lib/words.ts';
import { rebuildCohortScores, type Transaction } from '../scoring/score-ledger.ts';
import type { AfterCommit } from '../../db/write-batcher.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A join code like "K7PX-M2QD": short enough to read out in a classroom, unambiguous letters only. */
export function newJoinCode(): string {
  const characters = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${characters.slice(0, 4).join('')}-${characters.slice(4).join('')}`;
}

/** Join codes are compared without case, spaces or hyphens, the way people type them. */
export function canonicalJoinCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/gu, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

export async function createCohort(ctx: ServiceContext, actor: Actor, input: { name: string }) {
  requireStaff(actor);
  return ctx.writes.run((tx) => {
    let joinCode = newJoinCode();
    while (tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.joinCode, joinCode)).get())
      joinCode = newJoinCode();
    const cohort = tx
      .insert(cohorts)
      .values({ name: input.name, instructorId: actor.id, joinCode, createdAt: ctx.now() })
      .returning()
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.create',
      subject: `cohort:${cohort.id}`,
      details: { name: input.name },
      at: ctx.now(),
    });
    return cohort;
  });
}

export async function rotateJoinCode(ctx: ServiceContext, actor: Actor, cohortId: number) {
  requireOwnCohort(ctx, actor, cohortId);
  return ctx.writes.run((tx) => {
    let joinCode = newJoinCode();
    while (tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.joinCode, joinCode)).get())
      joinCode = newJoinCode();
    const cohort = tx.update(cohorts).set({ joinCode }).where(eq(cohorts.id, cohortId)).returning().get();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.rotate_join_code',
      subject: `cohort:${cohortId}`,
      at: ctx.now(),
    });
    return cohort;
  });
}

/** The cohorts the actor runs (all of them for an admin). */
export function listOwnCohorts(ctx: ServiceContext, actor: Actor) {
  requireStaff(actor);
  const query = ctx.db.select().from(cohorts).orderBy(asc(cohorts.name));
  return actor.role === 'admin' ? query.all() : query.where(eq(cohorts.instructorId, actor.id)).all();
}

/** A cohort's members with when they joined, by name; the caller has checked that the actor may see them. */
export function cohortMembersOf(ctx: ServiceContext, cohortId: number) {
  return ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      joinedAt: cohortMembers.joinedAt,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(users.displayName), asc(users.username))
    .all();
}

export function getCohortDetails(ctx: ServiceContext, actor: Actor, cohortId: number) {
  const cohort = requireOwnCohort(ctx, actor, cohortId);
  const members = cohortMembersOf(ctx, cohortId);
  const assignments = ctx.db
    .select()
    .from(cohortAssignments)
    .where(eq(cohortAssignments.cohortId, cohortId))
    .orderBy(asc(cohortAssignments.id))
    .all();
  return { cohort, members, assignments };
}

/** A new member's row is on the board: open boards reload, and kept boards read that row. */
function announceNewMember(ctx: ServiceContext, cohortId: number, userId: number): void {
  ctx.events.emit('scores-changed', [cohortId], [userId]);
}

/** A lab assigned or withdrawn changes every member's points and the columns: open and kept boards reload. */
function announceNewColumns(ctx: ServiceContext, cohortId: number): void {
  ctx.events.emit('scores-changed', [cohortId]);
}

/** A trainee joins a cohort with its code; joining twice is harmless. */
export async function joinCohort(ctx: ServiceContext, actor: Actor, code: string) {
  requireTrainee(actor);
  const cohort = ctx.db
    .select()
    .from(cohorts)
    .where(eq(cohorts.joinCode, canonicalJoinCode(code)))
    .get();
  if (!cohort || cohort.archivedAt)
    throw new AppError('not_found', 'No cohort has this join code. Check the code with your instructor.', 'code');
  await ctx.writes.run((tx, afterCommit) => {
    const inserted = tx
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId: actor.id, joinedAt: ctx.now() })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) {
      recordAudit(tx, { actorId: actor.id, action: 'cohort.join', subject: `cohort:${cohort.id}`, at: ctx.now() });
      rebuildCohortScores(tx, cohort.id, actor.id);
      afterCommit(() => announceNewMember(ctx, cohort.id, actor.id));
    }
  });
  return { id: cohort.id, name: cohort.name };
}

/**
 * Adds a trainee by username: administrators only. An instructor who could add anyone would see
 * what the trainee does for other instructors' cohorts and could open labs to them that another
 * course still keeps locked, so trainees join an instructor's cohort only with its code.
 */
export async function addMember(ctx: ServiceContext, actor: Actor, cohortId: number, username: string) {
  requireOwnCohort(ctx, actor, cohortId);
  requireAdmin(
    actor,
    'Only an administrator can add a trainee by username. Give your trainees the cohort’s join code instead.',
    'username',
  );
  const user = ctx.db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
  if (!user)
    throw new AppError('not_found', `There is no account with the username ${quoted(username.trim())}.`, 'username');
  if (user.role !== 'trainee')
    throw new AppError(
      'bad_request',
      `Only trainees can be members of a cohort, and ${quoted(user.username)} is not a trainee’s account.`,
      'username',
    );
  await ctx.writes.run((tx, afterCommit) =>
    insertMember(ctx, tx, afterCommit, { cohortId, userId: user.id, by: actor }),
  );
}

/**
 * Makes a trainee a member inside the caller's transaction (the caller has checked who may): the
 * membership, its audit entry, the member's kept scores, and once committed the cohort's boards told.
 * Already a member: nothing changes but the audit entry.
 */
export function insertMember(
  ctx: ServiceContext,
  tx: Transaction,
  afterCommit: AfterCommit,
  input: { cohortId: number; userId: number; by: Actor; details?: Record<string, unknown> },
): void {
  const { cohortId, userId } = input;
  const inserted = tx
    .insert(cohortMembers)
    .values({ cohortId, userId, joinedAt: ctx.now() })
    .onConflictDoNothing()
    .run();
  recordAudit(tx, {
    actorId: input.by.id,
    action: 'cohort.add_member',
    subject: `cohort:${cohortId}`,
    details: { userId, ...input.details },
    at: ctx.now(),
  });
  rebuildCohortScores(tx, cohortId, userId);
  if (inserted.changes > 0) afterCommit(() => announceNewMember(ctx, cohortId, userId));
}

export async function removeMember(ctx: ServiceContext, actor: Actor, cohortId: number, userId: number) {
  requireOwnCohort(ctx, actor, cohortId);
  await ctx.writes.run((tx, afterCommit) => {
    const removed = tx
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .run();
    if (removed.changes === 0) throw new AppError('not_found', 'This trainee is not in this cohort.');
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.remove_member',
      subject: `cohort:${cohortId}`,
      details: { userId },
      at: ctx.now(),
    });
    rebuildCohortScores(tx, cohortId, userId);
    afterCommit(() => ctx.events.emit('member-left', cohortId, userId));
  });
}

export interface AssignmentInput {
  labId?: string;
  courseId?: string;
  opensAt?: Date | null;
  closesAt?: Date | null;
}

/** Assigns one lab, or every lab of a course (keeping the course's prerequisites), with an optional window. */
export async function assignToCohort(ctx: ServiceContext, actor: Actor, cohortId: number, input: AssignmentInput) {
  requireOwnCohort(ctx, actor, cohortId);
  if (!!input.labId === !!input.courseId)
    throw new AppError('bad_request', 'Choose a lab or a course to assign: one of them, not both.', 'labId');
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt)
    throw new AppError('bad_request', 'The closing time must be after the opening time.', 'closesAt');
  let labIds: string[];
  if (input.courseId) {
    const course = ctx.library.courses.get(input.courseId);
    if (!course)
      throw new AppError(
        'not_found',
        'This course is not in the library. Reload the page to see the courses there are.',
        'courseId',
      );
    labIds = course.definition.labs.map((entry) => entry.lab);
  } else {
    if (!ctx.library.labs.has(input.labId!))
      throw new AppError(
        'not_found',
        'This lab is not in the library. Reload the page to see the labs there are.',
        'labId',
      );
    labIds = [input.labId!];
  }
  return ctx.writes.run((tx, afterCommit) => {
    const rows = labIds.map((labId) =>
      tx
        .insert(cohortAssignments)
        .values({
          cohortId,
          labId,
          courseId: input.courseId ?? null,
          opensAt: input.opensAt ?? null,
          closesAt: input.closesAt ?? null,
          assignedBy: actor.id,
          createdAt: ctx.now(),
        })
        .onConflictDoUpdate({
          target: [cohortAssignments.cohortId, cohortAssignments.labId],
          set: {
            courseId: input.courseId ?? null,
            opensAt: input.opensAt ?? null,
            closesAt: input.closesAt ?? null,
            assignedBy: actor.id,
          },
        })
        .returning()
        .get(),
    );
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.assign',
      subject: `cohort:${cohortId}`,
      details: { ...input, labIds },
      at: ctx.now(),
    });
    rebuildCohortScores(tx, cohortId);
    afterCommit(() => announceNewColumns(ctx, cohortId));
    return rows;
  });
}

export async function unassign(ctx: ServiceContext, actor: Actor, cohortId: number, assignmentIds: number[]) {
  requireOwnCohort(ctx, actor, cohortId);
  await ctx.writes.run((tx, afterCommit) => {
    const removed = tx
      .delete(cohortAssignments)
      .where(and(eq(cohortAssignments.cohortId, cohortId), inArray(cohortAssignments.id, assignmentIds)))
      .run();
    if (removed.changes === 0)
      throw new AppError(
        'not_found',
        'This assignment is no longer in this cohort. Reload the page to see its assignments.',
      );
    recordAudit(tx, {
      actorId: actor.id,
      action: 'cohort.unassign',
      subject: `cohort:${cohortId}`,
      details: { assignmentIds },
      at: ctx.now(),
    });
    rebuildCohortScores(tx, cohortId);
    afterCommit(() => announceNewColumns(ctx, cohortId));
  });
}
