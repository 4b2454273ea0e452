import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { type passwordLinkPurposes, passwordLinks, users } from '../../db/schema.ts';
import type { AfterCommit } from '../../db/write-batcher.ts';
import { AppError } from '../../errors.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { recordAudit } from './audit.ts';
import { deleteSessionsOf, hashToken } from './sessions.ts';

/** How long a one-time link to set a password can be used. */
export const PASSWORD_LINK_VALID_MS = 72 * 3_600_000;

/** The web page a link opens; the token travels in the fragment, which browsers never send to a server. */
export const SET_PASSWORD_PATH = '/set-password';

export type PasswordLinkPurpose = (typeof passwordLinkPurposes)[number];

/** A link as the administrator is shown it, once: the token is in no other answer and not stored. */
export interface PasswordLink {
  token: string;
  /** The path to open on this server, token included: `/set-password#<token>`. */
  path: string;
  expiresAt: string;
  purpose: PasswordLinkPurpose;
}

/**
 * Makes a one-time link for the account inside the caller's transaction; the account's older live
 * link, if any, ends (replaced). Only the token's SHA-256 is stored.
 */
export function issuePasswordLink(
  ctx: ServiceContext,
  tx: DbOrTransaction,
  input: { userId: number; purpose: PasswordLinkPurpose; createdBy: Actor },
): PasswordLink {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_VALID_MS);
  endLiveLinks(tx, input.userId, now, 'replaced');
  tx.insert(passwordLinks)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      purpose: input.purpose,
      createdBy: input.createdBy.id,
      createdAt: now,
      expiresAt,
    })
    .run();
  recordAudit(tx, {
    actorId: input.createdBy.id,
    action: 'user.password_link',
    subject: `user:${input.userId}`,
    details: { purpose: input.purpose, expiresAt: expiresAt.toISOString() },
    at: now,
  });
  return { token, path: `${SET_PASSWORD_PATH}#${token}`, expiresAt: expiresAt.toISOString(), purpose: input.purpose };
}

/** Ends the account's live link, if it has one (a newer link, or the account disabled). */
export function endLiveLinks(tx: DbOrTransaction, userId: number, at: Date, because: 'replaced' | 'revoked'): void {
  tx.update(passwordLinks)
    .set({ endedAt: at, endedBecause: because })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.endedAt)))
    .run();
}

const LINK_REFUSALS = {
  unknown:
    'This link to set a password is not valid: check that you opened or copied all of it, ' +
    'or ask your administrator for a new one.',
  expired: 'This link to set a password has expired (links last 72 hours): ask your administrator for a new one.',
  used: 'This link has already been used to set a password: sign in with that password, or ask your administrator for a new link.',
  replaced: 'A newer link has been made for this account, which replaces this one: use the newer link.',
  revoked: 'This link was withdrawn when the account was disabled: ask your administrator.',
} as const;

function refuseLink(reason: keyof typeof LINK_REFUSALS): AppError {
  return new AppError('bad_request', LINK_REFUSALS[reason], 'token');
}

/**
 * Sets an account's password with a one-time link, and ends every session of the account. The link
 * must be known, live and unexpired, and its account enabled; it cannot be used again. The password
 * comes checked against passwordSchema (the route's validation).
 */
export async function setPasswordWithLink(
  ctx: ServiceContext,
  input: { token: string; password: string },
): Promise<{ username: string }> {
  const tokenHash = hashToken(input.token);
  // Checked before hashing, so that a wrong token costs no scrypt work; checked again as it is used.
  checkLink(ctx, ctx.db, tokenHash);
  const passwordHash = await hashPassword(input.password, ctx.settings.passwordCost);
  return ctx.writes.run((tx, afterCommit: AfterCommit) => {
    const now = ctx.now();
    const link = checkLink(ctx, tx, tokenHash);
    // Conditional: of two uses of the same link at once, only one finds it still live.
    const used = tx
      .update(passwordLinks)
      .set({ endedAt: now, endedBecause: 'used' })
      .where(and(eq(passwordLinks.tokenHash, tokenHash), isNull(passwordLinks.endedAt)))
      .returning({ userId: passwordLinks.userId })
      .get();
    if (!used) throw refuseLink('used');
    const user = tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, link.userId))
      .returning({ id: users.id, username: users.username })
      .get()!;
    const ended = deleteSessionsOf(ctx, tx, afterCommit, user.id);
    recordAudit(tx, {
      actorId: user.id,
      action: 'user.password_set',
      subject: `user:${user.id}`,
      details: { purpose: link.purpose, sessionsEnded: ended },
      at: now,
    });
    return { username: user.username };
  });
}

/** The live link of that token hash, or the refusal that says why it cannot be used. */
function checkLink(ctx: ServiceContext, db: DbOrTransaction, tokenHash: string) {
  const row = db
    .select({ link: passwordLinks, disabledAt: users.disabledAt })
    .from(passwordLinks)
    .innerJoin(users, eq(users.id, passwordLinks.userId))
    .where(eq(passwordLinks.tokenHash, tokenHash))
    .get();
  if (!row) throw refuseLink('unknown');
  if (row.link.endedBecause) throw refuseLink(row.link.endedBecause);
  if (row.link.expiresAt.getTime() <= ctx.now().getTime()) throw refuseLink('expired');
  if (row.disabledAt) throw refuseLink('revoked');
  return row.link;
}
