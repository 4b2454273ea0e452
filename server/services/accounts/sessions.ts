import { hash, randomBytes } from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import { cachedSessionWithUser, rememberSessionSeen } from '../../db/access-cache.ts';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { sessions } from '../../db/schema.ts';
import type { AfterCommit } from '../../db/write-batcher.ts';
import type { Actor, EndedSessions, ServiceContext } from '../context.ts';

export const SESSION_COOKIE = 'casebench_session';

/** The SHA-256 of a secret token (sessions, one-time password links), as stored in place of the token. */
export function hashToken(token: string): string {
  // The one-shot form: a third of createHash's cost, and it runs on every request.
  return hash('sha256', token, 'hex');
}

/** Starts a session and returns its token; only the token's hash is stored. */
export async function startSession(ctx: ServiceContext, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.settings.sessionMaxMs);
  // Through the write batch: it waits for a lock held by another connection without blocking.
  await ctx.writes.run((tx) =>
    tx
      .insert(sessions)
      .values({ tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt })
      .run(),
  );
  return { token, expiresAt };
}

/** The stored session and user of a token if the session may still be used, without touching it. */
function liveSession(ctx: ServiceContext, token: string | undefined, now: number, epoch?: number) {
  if (!token || token.length > 100) return undefined;
  const row = cachedSessionWithUser(ctx.db, hashToken(token), now, epoch);
  if (!row) return undefined;
  const usable =
    row.session.expiresAt.getTime() > now &&
    now - row.session.lastSeenAt.getTime() <= ctx.settings.sessionIdleMs &&
    !row.user.disabledAt;
  return { row, usable };
}

/**
 * The user behind a session token, or undefined when the token is unknown, expired (absolute
 * limit), idle too long, or the account is disabled.
 */
export async function userForSession(
  ctx: ServiceContext,
  token: string | undefined,
  /** The access epoch, when the caller has just read it (see readDatabaseStamp). */
  epoch?: number,
): Promise<Actor | undefined> {
  const now = ctx.now().getTime();
  const found = liveSession(ctx, token, now, epoch);
  if (!found) return undefined;
  const { row, usable } = found;
  if (!usable) {
    // Cleanup only: the session is refused either way, so a failed delete (the database stayed
    // locked) is left to purgeExpiredSessions.
    const tokenHash = row.session.tokenHash;
    await ctx.writes.run((tx) => tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run()).catch(() => {});
    return undefined;
  }
  // Sliding idle expiry, written at most once a minute so reads do not turn into writes, and with
  // the next batch of answers rather than in a commit (and an fsync) of its own. A refresh that
  // fails (the database stayed locked) only brings the idle limit closer: the request goes on.
  if (now - row.session.lastSeenAt.getTime() > 60_000) {
    const lastSeenAt = new Date(now);
    const tokenHash = row.session.tokenHash;
    const written = await ctx.writes
      .run((tx) => tx.update(sessions).set({ lastSeenAt }).where(eq(sessions.tokenHash, tokenHash)).run())
      .then(
        () => true,
        () => false,
      );
    if (written) rememberSessionSeen(ctx.db, row, lastSeenAt);
  }
  return { id: row.user.id, username: row.user.username, displayName: row.user.displayName, role: row.user.role };
}

/** Ends one session (logout); its event streams end with it. */
export async function endSession(ctx: ServiceContext, token: string | undefined): Promise<void> {
  if (!token || token.length > 100) return;
  const tokenHash = hashToken(token);
  await ctx.writes.run((tx, afterCommit) => {
    tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    afterCommit(() => ctx.events.emit('sessions-ended', { tokenHashes: [tokenHash] }));
  });
}

/** Ends every session of the user, the current one included ("sign out everywhere"); returns how many. */
export async function endAllSessions(ctx: ServiceContext, actor: Actor): Promise<number> {
  return ctx.writes.run((tx, afterCommit) => deleteSessionsOf(ctx, tx, afterCommit, actor.id));
}

/**
 * Ends every session of an account inside the caller's transaction (sign out everywhere, a disabled
 * account, a password set); its event streams end once the write has committed. Returns how many.
 */
export function deleteSessionsOf(
  ctx: ServiceContext,
  tx: DbOrTransaction,
  afterCommit: AfterCommit,
  userId: number,
): number {
  afterCommit(() => ctx.events.emit('sessions-ended', { userId }));
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

/**
 * How often a long-lived response re-checks its session: catches expiry, a disabled account,
 * another process's logout.
 */
export const SESSION_RECHECK_MS = 5_000;

/**
 * Calls `onEnd` once when the session of the token can no longer be used: at once on a logout or
 * sign-out-everywhere in this process, or at shutdown; otherwise within SESSION_RECHECK_MS of its
 * expiry, of the account being disabled, or of a logout in another process sharing the database.
 * Returns the function that stops watching.
 */
export function watchSession(
  ctx: ServiceContext,
  token: string | undefined,
  userId: number,
  onEnd: () => void,
  recheckMs = SESSION_RECHECK_MS,
): () => void {
  const tokenHash = token ? hashToken(token) : '';
  let stopped = false;
  const stop = () => {
    stopped = true;
    recheck.cancel();
    ctx.events.off('sessions-ended', onEnded);
    ctx.events.off('shutdown', end);
  };
  function end(): void {
    if (stopped) return;
    stop();
    onEnd();
  }
  function onEnded(ended: EndedSessions): void {
    if ('userId' in ended ? ended.userId === userId : ended.tokenHashes.includes(tokenHash)) end();
  }
  const recheck = ctx.clock.setInterval(() => {
    if (!liveSession(ctx, token, ctx.now().getTime())?.usable) end();
  }, recheckMs);
  ctx.events.on('sessions-ended', onEnded);
  ctx.events.on('shutdown', end);
  return stop;
}

/** Removes sessions that can no longer be used. */
export function purgeExpiredSessions(ctx: ServiceContext): Promise<number> {
  const now = ctx.now().getTime();
  return ctx.writes.run(
    (tx) =>
      tx
        .delete(sessions)
        .where(
          or(
            lt(sessions.expiresAt, new Date(now)),
            lt(sessions.lastSeenAt, new Date(now - ctx.settings.sessionIdleMs)),
          ),
        )
        .run().changes,
  );
}
