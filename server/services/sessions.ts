import { hash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import { cachedSessionWithUser, rememberSessionSeen } from '../db/access-cache.ts';
import { sessions } from '../db/schema.ts';
import type { Actor, ServiceContext } from './context.ts';

export const SESSION_COOKIE = 'casebench_session';

function hashToken(token: string): string {
  // The one-shot form: a third of createHash's cost, and it runs on every request.
  return hash('sha256', token, 'hex');
}

/** Starts a session and returns its token; only the token's hash is stored. */
export function startSession(ctx: ServiceContext, userId: number): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.settings.sessionMaxMs);
  ctx.db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt }).run();
  return { token, expiresAt };
}

/**
 * The user behind a session token, or undefined when the token is unknown, expired (absolute
 * limit), idle too long, or the account is disabled.
 */
export async function userForSession(ctx: ServiceContext, token: string | undefined): Promise<Actor | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const now = ctx.now().getTime();
  const row = cachedSessionWithUser(ctx.db, tokenHash, now);
  if (!row) return undefined;
  if (row.session.expiresAt.getTime() <= now || now - row.session.lastSeenAt.getTime() > ctx.settings.sessionIdleMs || row.user.disabledAt) {
    ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    return undefined;
  }
  // Sliding idle expiry, written at most once a minute so reads do not turn into writes, and with
  // the next batch of answers rather than in a commit (and an fsync) of its own.
  if (now - row.session.lastSeenAt.getTime() > 60_000) {
    const lastSeenAt = new Date(now);
    await ctx.writes.run((tx) => tx.update(sessions).set({ lastSeenAt }).where(eq(sessions.tokenHash, tokenHash)).run());
    rememberSessionSeen(ctx.db, row, lastSeenAt);
  }
  return { id: row.user.id, username: row.user.username, displayName: row.user.displayName, role: row.user.role };
}

/** Ends one session (logout). */
export function endSession(ctx: ServiceContext, token: string | undefined): void {
  if (token) ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}

/** Removes sessions that can no longer be used. */
export function purgeExpiredSessions(ctx: ServiceContext): number {
  const now = ctx.now().getTime();
  return ctx.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - ctx.settings.sessionIdleMs))))
    .run().changes;
}

