import { auditLog } from '../../db/schema.ts';
import type { Db } from '../../db/client.ts';

type Writer = Pick<Db, 'insert'>;

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
