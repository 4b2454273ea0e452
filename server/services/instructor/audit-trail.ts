import { desc, eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema.ts';
import { auditActor } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireOwnCohort } from '../policy.ts';

/**
 * The audit log of a cohort the actor runs, newest first, with who did each thing. Everything done
 * in a cohort is recorded with the subject "cohort:<id>": membership, assignments, join codes,
 * reviews (action review.grade, with the submission and the old and new points in its details) and
 * settings.
 */
export function listCohortAudit(ctx: ServiceContext, actor: Actor, cohortId: number, filter: { limit: number }) {
  requireOwnCohort(ctx, actor, cohortId);
  const rows = ctx.db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      subject: auditLog.subject,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorUsername: users.username,
      actorName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.subject, `cohort:${cohortId}`))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(filter.limit)
    .all();
  return {
    entries: rows.map((row) => ({
      id: row.id,
      action: row.action,
      subject: row.subject,
      details: row.details,
      createdAt: row.createdAt,
      actor: auditActor(row.actorId, row.actorUsername, row.actorName),
    })),
  };
}
