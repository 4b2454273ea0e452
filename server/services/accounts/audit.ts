import { auditLog } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';

type Writer = Pick<Db, 'insert'>;

/**
 * `details.via` of an entry written by the command line (`npm run lab -- import`), where no account is
 * signed in: its actor is null and `details.osUser` names the operating-system user who ran it.
 */
export const VIA_COMMAND_LINE = 'command line';

/** Records who did what to which subject; written inside the caller's transaction. */
export function recordAudit(
  db: Writer,
  entry: { actorId: number | null; action: string; subject: string; details?: Record<string, unknown>; at: Date },
): void {
  db.insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      details: entry.details ?? null,
      createdAt: entry.at,
    })
    .run();
}

/** Who wrote an audit entry, as the audit screens show it: null for an entry written without an account. */
export function auditActor(
  actorId: number | null,
  username: string | null,
  displayName: string | null,
): { id: number; username: string; displayName: string } | null {
  return actorId === null ? null : { id: actorId, username: username ?? '', displayName: displayName ?? '' };
}
