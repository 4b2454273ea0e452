import { eq } from 'drizzle-orm';
import { hotQueriesOf } from '../db/hot-queries.ts';
import { cohorts } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Actor, ServiceContext } from './context.ts';

/*
 * Who may do what, in one place. Routes only establish who is asking (`signedIn`); every service
 * asks here before it reads or writes, so a new route cannot forget a rule and a rule is read once.
 */

type Role = Actor['role'];
type CohortRow = typeof cohorts.$inferSelect;

function requireRole(actor: Actor, roles: readonly Role[], message: string, field?: string): void {
  if (!roles.includes(actor.role)) throw new AppError('forbidden', message, field);
}

/** Whether the actor administers the installation. */
export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Account administration and anything that reaches any account by name; the message may say why. */
export function requireAdmin(actor: Actor, message = 'Only an administrator can do this.', field?: string): void {
  requireRole(actor, ['admin'], message, field);
}

/** The people who run cohorts: instructors and administrators. */
export function requireStaff(actor: Actor): void {
  requireRole(actor, ['instructor', 'admin'], 'Only instructors and administrators can do this.');
}

/** What only a trainee does (joining a cohort with its code). */
export function requireTrainee(actor: Actor): void {
  requireRole(actor, ['trainee'], 'Only trainees can do this: staff are not members of cohorts.');
}

/** Whether the actor runs the cohort: its own instructor, or any administrator. */
export function runsCohort(actor: Actor, cohort: Pick<CohortRow, 'instructorId'>): boolean {
  return isAdmin(actor) || (actor.role === 'instructor' && cohort.instructorId === actor.id);
}

/** The cohort if the actor runs it; other cohorts do not exist for them (404), so ids cannot be probed. */
export function requireOwnCohort(ctx: ServiceContext, actor: Actor, cohortId: number): CohortRow {
  requireStaff(actor);
  const cohort = ctx.db.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
  if (!cohort || !runsCohort(actor, cohort)) throw new AppError('not_found', 'There is no such cohort.');
  return cohort;
}

/** Whether a user is a member of a cohort. */
export function isMember(ctx: ServiceContext, cohortId: number, userId: number): boolean {
  return !!hotQueriesOf(ctx.db).membership.get({ cohortId, userId });
}

/**
 * How the actor may look at a cohort's scoreboard: as its staff (live, real names, whatever the
 * settings), as a member (the cohort's visibility and freeze apply), or not at all.
 */
export function scoreboardViewer(ctx: ServiceContext, actor: Actor, cohort: CohortRow): 'staff' | 'member' | undefined {
  if (runsCohort(actor, cohort)) return 'staff';
  if (actor.role === 'trainee' && isMember(ctx, cohort.id, actor.id)) return 'member';
  return undefined;
}
