import { randomInt } from 'node:crypto';
import { eq, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { users, type Role } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from './audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { quoted } from '../../lib/words.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../../security/passwords.ts';
import { startSession } from './sessions.ts';
import { requireAdmin } from '../policy.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,39}$/u,
    'A username has 2 to 40 characters: letters, digits, dots, hyphens or underscores, ' +
      'starting with a letter or digit.',
  );
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password can have at most ${PASSWORD_MAX_LENGTH} characters.`);
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(80, 'A display name can have at most 80 characters.');

const ADJECTIVES = [
  'Amber',
  'Brisk',
  'Calm',
  'Deft',
  'Eager',
  'Fair',
  'Keen',
  'Lucid',
  'Nimble',
  'Quiet',
  'Rapid',
  'Steady',
  'Swift',
  'Tidy',
  'Vivid',
  'Wary',
];
const ANIMALS = [
  'Badger',
  'Crane',
  'Falcon',
  'Fox',
  'Heron',
  'Ibex',
  'Lynx',
  'Marten',
  'Otter',
  'Owl',
  'Raven',
  'Seal',
  'Stoat',
  'Swift',
  'Wolf',
  'Wren',
];

/** An invented name for scoreboards in pseudonym mode; it never derives from the real name. */
export function inventPseudonym(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${randomInt(10, 100)}`;
}

export function toActor(row: typeof users.$inferSelect): Actor {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role };
}

/** An administrator creates an account for someone. */
export async function createAccount(
  ctx: ServiceContext,
  actor: Actor,
  input: { username: string; displayName: string; password: string; role: Role },
): Promise<Actor> {
  requireAdmin(actor);
  return createUser(ctx, input, actor);
}

/** Creates an account; the username must be free. The set-up and the demo call it without an actor. */
export async function createUser(
  ctx: ServiceContext,
  input: { username: string; displayName: string; password: string; role: Role },
  createdBy: Actor | null,
): Promise<Actor> {
  const passwordHash = await hashPassword(input.password, ctx.settings.passwordCost);
  return ctx.writes.run((tx) => insertUser(ctx, tx, { ...input, passwordHash }, createdBy));
}

/**
 * Inserts an account and its audit entry inside the caller's transaction; the username must be free.
 * `passwordHash` is the hash to store (a hash of a random secret for an account whose password is set
 * with a one-time link).
 */
export function insertUser(
  ctx: ServiceContext,
  tx: DbOrTransaction,
  input: { username: string; displayName: string; passwordHash: string; role: Role },
  createdBy: Actor | null,
): Actor {
  const username = usernameSchema.parse(input.username);
  if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get())
    throw new AppError('conflict', `The username ${quoted(username)} is taken: choose another one.`, 'username');
  const row = tx
    .insert(users)
    .values({
      username,
      displayName: input.displayName,
      role: input.role,
      passwordHash: input.passwordHash,
      pseudonym: inventPseudonym(),
      createdAt: ctx.now(),
    })
    .returning()
    .get();
  recordAudit(tx, {
    actorId: createdBy?.id ?? null,
    action: 'user.create',
    subject: `user:${row.id}`,
    details: { username, role: input.role },
    at: ctx.now(),
  });
  return toActor(row);
}

/**
 * Checks a username and password and starts a session. Only failures are counted (per address, per
 * account and address, per account: see LoginThrottle); the answer is the same whether the account
 * exists or the password is wrong.
 */
export async function logIn(
  ctx: ServiceContext,
  input: { username: string; password: string; address: string },
): Promise<{ user: Actor; token: string; expiresAt: Date }> {
  const username = input.username.trim().toLowerCase();
  const admission = await ctx.limits.login.admit(username, input.address, () => ctx.now().getTime());
  if (!admission.admitted) throw tooManyFailures(admission.retryAfterMs);

  let row: typeof users.$inferSelect | undefined;
  let valid = false;
  try {
    row = ctx.db.select().from(users).where(eq(users.username, username)).get();
    valid = (await verifyPassword(input.password, row?.passwordHash)) && row !== undefined && !row.disabledAt;
  } finally {
    // Settled in every case, an unexpected error included, so a waiting attempt is never stranded.
    if (valid) admission.attempt.succeeded();
    else admission.attempt.failed();
  }
  if (!row || !valid) throw new AppError('unauthenticated', 'The username or password is not correct.');
  const session = await startSession(ctx, row.id);
  return { user: toActor(row), ...session };
}

/** The 429 of a throttled sign-in, with the wait in whole seconds. */
export function tooManyFailures(retryAfterMs: number): AppError {
  return new AppError(
    'too_many_requests',
    `Too many failed sign-ins: try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds.`,
  );
}

/** The profile of the signed-in user. */
export function getProfile(ctx: ServiceContext, actor: Actor) {
  const row = ctx.db.select().from(users).where(eq(users.id, actor.id)).get();
  if (!row) throw new AppError('unauthenticated', 'This account no longer exists.');
  return { ...toActor(row), pseudonym: row.pseudonym };
}

/**
 * Accounts whose username or display name contains `text` (already trimmed and lower-cased), ignoring
 * case: instr, not LIKE, so that % and _ in a search are plain characters.
 */
export function usernameOrNameContains(text: string): SQL {
  return or(sql`instr(lower(${users.username}), ${text}) > 0`, sql`instr(lower(${users.displayName}), ${text}) > 0`)!;
}

/** The columns of an account that administrators see. */
export const accountColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

/** Every account, for administrators. */
export function listUsers(ctx: ServiceContext, actor: Actor) {
  requireAdmin(actor);
  return ctx.db.select(accountColumns).from(users).orderBy(users.username).all();
}
