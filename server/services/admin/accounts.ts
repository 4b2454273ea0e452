import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, max, ne } from 'drizzle-orm';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { cohortMembers, cohorts, passwordLinks, sessions, users, type Role } from '../../db/schema.ts';
import { isoOrNull } from '../../db/sql.ts';
import { AppError } from '../../errors.ts';
import { listInWords, quoted } from '../../lib/words.ts';
import { hashPassword } from '../../security/passwords.ts';
import { accountColumns, insertUser, usernameOrNameContains } from '../accounts/accounts.ts';
import { recordAudit } from '../accounts/audit.ts';
import { endLiveLinks, issuePasswordLink, type PasswordLink } from '../accounts/password-links.ts';
import { deleteSessionsOf } from '../accounts/sessions.ts';
import { insertMember } from '../cohorts/cohorts.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin, requireOwnCohort } from '../policy.ts';

/** Accounts per page of the list when the caller names no limit, and the most it may ask for. */
export const ACCOUNTS_PAGE_DEFAULT = 50;
export const ACCOUNTS_PAGE_MAX = 200;

/** An account as administrators see it. */
export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  /** The latest request of any of the account's sessions still kept (to the minute); null without one. */
  lastSeenAt: string | null;
  /** When the account's live one-time link to set a password expires; null when it has none. */
  passwordLinkExpiresAt: string | null;
}

/** The newest activity of each account's sessions. */
function lastSeenOf(db: DbOrTransaction) {
  return db
    .select({ userId: sessions.userId, lastSeenAt: max(sessions.lastSeenAt).as('last_seen_at') })
    .from(sessions)
    .groupBy(sessions.userId)
    .as('last_seen');
}

function selectAccounts(ctx: ServiceContext, db: DbOrTransaction) {
  const lastSeen = lastSeenOf(db);
  return db
    .select({
      ...accountColumns,
      lastSeenAt: lastSeen.lastSeenAt,
      passwordLinkExpiresAt: passwordLinks.expiresAt,
    })
    .from(users)
    .leftJoin(lastSeen, eq(lastSeen.userId, users.id))
    .leftJoin(
      passwordLinks,
      and(eq(passwordLinks.userId, users.id), isNull(passwordLinks.endedAt), gt(passwordLinks.expiresAt, ctx.now())),
    );
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['all']>>[number];

function toView(row: AccountRow): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    disabledAt: isoOrNull(row.disabledAt),
    // max() over a timestamp column comes back as the stored milliseconds.
    lastSeenAt: isoOrNull(row.lastSeenAt as Date | number | null),
    passwordLinkExpiresAt: isoOrNull(row.passwordLinkExpiresAt),
  };
}

/** Matches a search in the username or the display name, ignoring case. */
function matching(search: string | undefined) {
  const text = search?.trim().toLowerCase();
  return text ? usernameOrNameContains(text) : undefined;
}

/** A page of accounts by username, optionally those matching a search or of one role, with how many match. */
export function listAccounts(
  ctx: ServiceContext,
  actor: Actor,
  filter: { search?: string; role?: Role; limit: number; offset: number },
): { accounts: AccountView[]; total: number; limit: number; offset: number } {
  requireAdmin(actor);
  const where = and(matching(filter.search), filter.role ? eq(users.role, filter.role) : undefined);
  const rows = selectAccounts(ctx, ctx.db)
    .where(where)
    .orderBy(asc(users.username))
    .limit(filter.limit)
    .offset(filter.offset)
    .all();
  const total = ctx.db.select({ total: count() }).from(users).where(where).get()!.total;
  return { accounts: rows.map(toView), total, limit: filter.limit, offset: filter.offset };
}

/** The account as administrators see it, or a 404. */
function accountById(ctx: ServiceContext, db: DbOrTransaction, userId: number): AccountView {
  const row = selectAccounts(ctx, db).where(eq(users.id, userId)).get();
  if (!row) throw new AppError('not_found', 'There is no such account.');
  return toView(row);
}

/**
 * Refuses to leave the installation without an active administrator: the account may stop being one
 * (disabled or given another role) only while another enabled administrator remains.
 */
function requireAnotherActiveAdmin(db: DbOrTransaction, account: AccountView, change: string): void {
  if (account.role !== 'admin' || account.disabledAt) return;
  const others = db
    .select({ others: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, account.id)))
    .get()!.others;
  if (others === 0)
    throw new AppError(
      'conflict',
      `${quoted(account.username)} is the last active administrator and cannot be ${change}: ` +
        'make another account an administrator first.',
    );
}

/**
 * Creates an account without a password and a one-time link for its owner to set one; a trainee's
 * account may join a cohort at once. The link is in this answer only.
 */
export async function createAccountWithLink(
  ctx: ServiceContext,
  actor: Actor,
  input: { username: string; displayName: string; role: Role; cohortId?: number | undefined },
): Promise<{ account: AccountView; link: PasswordLink }> {
  requireAdmin(actor);
  if (input.cohortId !== undefined) {
    if (input.role !== 'trainee')
      throw new AppError(
        'bad_request',
        'Only trainees can be members of a cohort: leave the cohort empty.',
        'cohortId',
      );
    try {
      requireOwnCohort(ctx, actor, input.cohortId);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, error.message, 'cohortId');
      throw error;
    }
  }
  const unusable = await unusablePasswordHash(ctx);
  // One transaction: an account is never left created without the cohort it was asked for.
  const { account, link } = await ctx.writes.run((tx, afterCommit) => {
    const created = insertUser(ctx, tx, { ...input, passwordHash: unusable }, actor);
    const link = issuePasswordLink(ctx, tx, { userId: created.id, purpose: 'new_account', createdBy: actor });
    if (input.cohortId !== undefined)
      insertMember(ctx, tx, afterCommit, { cohortId: input.cohortId, userId: created.id, by: actor });
    return { account: created, link };
  });
  return { account: accountById(ctx, ctx.db, account.id), link };
}

/**
 * The hash of a random secret, forgotten at once: stored for an account whose password is set with a
 * one-time link. Until the link is used no password opens the account (and a sign-in against it
 * takes as long as any other wrong password).
 */
export function unusablePasswordHash(ctx: ServiceContext): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'), ctx.settings.passwordCost);
}

/** Disables an account: its sessions end and its live link is withdrawn. Not the last active administrator, nor oneself. */
export async function disableAccount(ctx: ServiceContext, actor: Actor, userId: number): Promise<AccountView> {
  requireAdmin(actor);
  if (userId === actor.id)
    throw new AppError('conflict', 'You cannot disable your own account: ask another administrator.');
  return ctx.writes.run((tx, afterCommit) => {
    const account = accountById(ctx, tx, userId);
    if (account.disabledAt) return account;
    requireAnotherActiveAdmin(tx, account, 'disabled');
    const now = ctx.now();
    tx.update(users).set({ disabledAt: now }).where(eq(users.id, userId)).run();
    const sessionsEnded = deleteSessionsOf(ctx, tx, afterCommit, userId);
    endLiveLinks(tx, userId, now, 'revoked');
    recordAudit(tx, {
      actorId: actor.id,
      action: 'user.disable',
      subject: `user:${userId}`,
      details: { sessionsEnded },
      at: now,
    });
    return accountById(ctx, tx, userId);
  });
}

/** Enables a disabled account again; its password is what it was (a withdrawn link needs a reset). */
export async function enableAccount(ctx: ServiceContext, actor: Actor, userId: number): Promise<AccountView> {
  requireAdmin(actor);
  return ctx.writes.run((tx) => {
    const account = accountById(ctx, tx, userId);
    if (!account.disabledAt) return account;
    tx.update(users).set({ disabledAt: null }).where(eq(users.id, userId)).run();
    recordAudit(tx, { actorId: actor.id, action: 'user.enable', subject: `user:${userId}`, at: ctx.now() });
    return accountById(ctx, tx, userId);
  });
}

/** Why the account cannot take the role: trainees in cohorts stay trainees, and those who run cohorts stay staff. */
function refuseRoleConflict(db: DbOrTransaction, account: AccountView, role: Role): void {
  if (account.role === 'trainee' && role !== 'trainee') {
    const memberOf = db
      .select({ name: cohorts.name })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, account.id))
      .all();
    if (memberOf.length > 0)
      throw new AppError(
        'conflict',
        `${quoted(account.username)} is a member of ${listInWords(memberOf.map((cohort) => quoted(cohort.name)))}: ` +
          'only trainees can be members, so remove them from those cohorts first.',
        'role',
      );
  }
  if (account.role !== 'trainee' && role === 'trainee') {
    const runs = db
      .select({ name: cohorts.name })
      .from(cohorts)
      .where(and(eq(cohorts.instructorId, account.id), isNull(cohorts.archivedAt)))
      .all();
    if (runs.length > 0)
      throw new AppError(
        'conflict',
        `${quoted(account.username)} runs ${listInWords(runs.map((cohort) => quoted(cohort.name)))}: ` +
          'a trainee cannot run a cohort, so archive those cohorts first.',
        'role',
      );
  }
}

/** Gives an account another role; it applies from the account's next request. Not the last active administrator's. */
export async function changeRole(ctx: ServiceContext, actor: Actor, userId: number, role: Role): Promise<AccountView> {
  requireAdmin(actor);
  return ctx.writes.run((tx) => {
    const account = accountById(ctx, tx, userId);
    if (account.role === role) return account;
    requireAnotherActiveAdmin(tx, account, 'given another role');
    refuseRoleConflict(tx, account, role);
    tx.update(users).set({ role }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'user.role',
      subject: `user:${userId}`,
      details: { from: account.role, to: role },
      at: ctx.now(),
    });
    return accountById(ctx, tx, userId);
  });
}

/** Ends every session of an account (and its live streams); returns how many ended. */
export async function endAccountSessions(ctx: ServiceContext, actor: Actor, userId: number): Promise<number> {
  requireAdmin(actor);
  return ctx.writes.run((tx, afterCommit) => {
    accountById(ctx, tx, userId);
    const ended = deleteSessionsOf(ctx, tx, afterCommit, userId);
    recordAudit(tx, {
      actorId: actor.id,
      action: 'user.sessions_end',
      subject: `user:${userId}`,
      details: { ended },
      at: ctx.now(),
    });
    return ended;
  });
}

/**
 * Makes a new one-time link for the account to set its password; the older link ends. The password
 * in use keeps working until the link is used (an administrator cannot lock someone out by accident).
 */
export async function resetPassword(ctx: ServiceContext, actor: Actor, userId: number): Promise<PasswordLink> {
  requireAdmin(actor);
  return ctx.writes.run((tx) => {
    const account = accountById(ctx, tx, userId);
    if (account.disabledAt)
      throw new AppError('conflict', `${quoted(account.username)} is disabled: enable the account first.`);
    return issuePasswordLink(ctx, tx, { userId, purpose: 'reset', createdBy: actor });
  });
}
