import { count, desc, eq, inArray } from 'drizzle-orm';
import { auditLog, cohorts, users } from '../../db/schema.ts';
import { auditActor, VIA_COMMAND_LINE } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin } from '../policy.ts';

/** Audit entries per page when the caller names no limit, and the most it may ask for. */
export const AUDIT_PAGE_DEFAULT = 25;
export const AUDIT_PAGE_MAX = 200;

/** The names of the subjects the audit log records by id ("user:12" is a username, "cohort:3" a cohort's name). */
const SUBJECT_NAMES = {
  user: (ctx: ServiceContext, ids: number[]) =>
    ctx.db.select({ id: users.id, name: users.username }).from(users).where(inArray(users.id, ids)).all(),
  cohort: (ctx: ServiceContext, ids: number[]) =>
    ctx.db.select({ id: cohorts.id, name: cohorts.name }).from(cohorts).where(inArray(cohorts.id, ids)).all(),
};

/** Each subject's name, when the account or cohort still exists. */
function subjectNames(ctx: ServiceContext, subjects: string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [kind, lookUp] of Object.entries(SUBJECT_NAMES)) {
    const ids = subjects.flatMap((subject) => {
      const match = new RegExp(`^${kind}:(\\d+)$`, 'u').exec(subject);
      return match ? [Number(match[1])] : [];
    });
    if (ids.length > 0) for (const row of lookUp(ctx, ids)) names.set(`${kind}:${row.id}`, row.name);
  }
  return names;
}

/** Who ran the command that wrote an entry without an account (a package imported on the command line). */
function commandLineUserOf(entry: typeof auditLog.$inferSelect): string | null {
  const osUser = entry.details?.osUser;
  return entry.actorId === null && entry.details?.via === VIA_COMMAND_LINE && typeof osUser === 'string'
    ? osUser
    : null;
}

/** The whole audit log, newest first, a page at a time, with who did each thing and the name of what it was about. */
export function listAuditLog(ctx: ServiceContext, actor: Actor, page: { limit: number; offset: number }) {
  requireAdmin(actor);
  const rows = ctx.db
    .select({ entry: auditLog, actorUsername: users.username, actorName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    // In the order written (ids only grow): several entries of one import share their time to the millisecond or not.
    .orderBy(desc(auditLog.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const total = ctx.db.select({ total: count() }).from(auditLog).get()!.total;
  const names = subjectNames(
    ctx,
    rows.map((row) => row.entry.subject),
  );
  return {
    entries: rows.map(({ entry, actorUsername, actorName }) => ({
      id: entry.id,
      action: entry.action,
      subject: entry.subject,
      subjectName: names.get(entry.subject) ?? null,
      details: entry.details,
      createdAt: entry.createdAt.toISOString(),
      actor: auditActor(entry.actorId, actorUsername, actorName),
      commandLineUser: commandLineUserOf(entry),
    })),
    total,
    limit: page.limit,
    offset: page.offset,
  };
}
