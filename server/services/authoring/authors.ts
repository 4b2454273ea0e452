import { asc, eq, inArray } from 'drizzle-orm';
import { labAuthors, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { isAdmin, requireAdmin } from '../policy.ts';

/** Whether the actor may write labs in the browser: administrators, and instructors marked as authors. */
export function isAuthor(ctx: ServiceContext, actor: Actor): boolean {
  if (isAdmin(actor)) return true;
  if (actor.role !== 'instructor') return false;
  return !!ctx.db.select({ userId: labAuthors.userId }).from(labAuthors).where(eq(labAuthors.userId, actor.id)).get();
}

/** Refuses anyone who is not an author (403). */
export function requireAuthor(ctx: ServiceContext, actor: Actor): void {
  if (!isAuthor(ctx, actor))
    throw new AppError(
      'forbidden',
      'Only administrators and instructors an administrator has marked as lab authors can write labs.',
    );
}

/** Generator code runs on the server when a lab loads: only administrators may write it. */
export function mayEditCode(actor: Actor): boolean {
  return isAdmin(actor);
}

/** What the editor needs to know about the signed-in person before it shows anything. */
export function authoringStatus(ctx: ServiceContext, actor: Actor) {
  return { canAuthor: isAuthor(ctx, actor), isAdmin: isAdmin(actor), mayEditCode: mayEditCode(actor) };
}

/** An administrator or instructor, with whether they author. */
export interface AuthorAccount {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'instructor';
  author: boolean;
  disabled: boolean;
}

const authorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  disabledAt: users.disabledAt,
  grantedAt: labAuthors.grantedAt,
};

type AuthorRow = { role: string; disabledAt: Date | null; grantedAt: Date | null } & Pick<
  AuthorAccount,
  'id' | 'username' | 'displayName'
>;

function toAuthorAccount(row: AuthorRow): AuthorAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as AuthorAccount['role'],
    author: row.role === 'admin' || row.grantedAt !== null,
    disabled: row.disabledAt !== null,
  };
}

/** Every administrator and instructor with whether they author (administrators always do). */
export function listAuthorAccounts(ctx: ServiceContext, actor: Actor): { accounts: AuthorAccount[] } {
  requireAdmin(actor);
  const rows = ctx.db
    .select(authorColumns)
    .from(users)
    .leftJoin(labAuthors, eq(labAuthors.userId, users.id))
    .where(inArray(users.role, ['admin', 'instructor']))
    .orderBy(asc(users.username))
    .all();
  return { accounts: rows.map(toAuthorAccount) };
}

/** Marks an instructor as a lab author, or no longer; administrators only, audit-logged. */
export function setAuthor(ctx: ServiceContext, actor: Actor, userId: number, author: boolean): AuthorAccount {
  requireAdmin(actor);
  return ctx.db.transaction((tx) => {
    const account = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!account) throw new AppError('not_found', 'There is no such account.', 'userId');
    if (account.role === 'trainee')
      throw new AppError(
        'bad_request',
        'Only instructors can be marked as lab authors: make the account an instructor first.',
        'userId',
      );
    if (account.role === 'admin')
      throw new AppError('bad_request', 'Administrators always author labs: there is nothing to change.', 'userId');
    const current = tx.select().from(labAuthors).where(eq(labAuthors.userId, userId)).get();
    if (author && !current) tx.insert(labAuthors).values({ userId, grantedBy: actor.id, grantedAt: ctx.now() }).run();
    if (!author && current) tx.delete(labAuthors).where(eq(labAuthors.userId, userId)).run();
    if (author !== !!current)
      recordAudit(tx, {
        actorId: actor.id,
        action: author ? 'authoring.author_granted' : 'authoring.author_revoked',
        subject: `user:${userId}`,
        at: ctx.now(),
      });
    const row = tx
      .select(authorColumns)
      .from(users)
      .leftJoin(labAuthors, eq(labAuthors.userId, users.id))
      .where(eq(users.id, userId))
      .get()!;
    return toAuthorAccount(row);
  });
}
