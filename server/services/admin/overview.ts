import { and, asc, count, countDistinct, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { cohortAssignments, cohortMembers, cohorts, passwordLinks, roles, users, type Role } from '../../db/schema.ts';
import { isoOrNull } from '../../db/sql.ts';
import { getHealth } from '../health.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin } from '../policy.ts';

/** How many accounts there are of each role, disabled, and still waiting for their password to be set. */
function accountCounts(ctx: ServiceContext) {
  const byRole = Object.fromEntries(roles.map((role) => [role, 0])) as Record<Role, number>;
  for (const row of ctx.db.select({ role: users.role, total: count() }).from(users).groupBy(users.role).all())
    byRole[row.role] = row.total;
  const disabled = ctx.db.select({ total: count() }).from(users).where(isNotNull(users.disabledAt)).get()!.total;
  const waiting = ctx.db
    .select({ total: countDistinct(passwordLinks.userId) })
    .from(passwordLinks)
    .where(
      and(
        isNull(passwordLinks.endedAt),
        eq(passwordLinks.purpose, 'new_account'),
        gt(passwordLinks.expiresAt, ctx.now()),
      ),
    )
    .get()!.total;
  return {
    total: Object.values(byRole).reduce((sum, value) => sum + value, 0),
    byRole,
    disabled,
    waitingForPassword: waiting,
  };
}

/** Every cohort of every instructor: open ones first, by name, with their members and labs counted. */
function allCohorts(ctx: ServiceContext) {
  const members = ctx.db
    .select({ cohortId: cohortMembers.cohortId, members: count().as('members') })
    .from(cohortMembers)
    .groupBy(cohortMembers.cohortId)
    .as('members');
  const labs = ctx.db
    .select({ cohortId: cohortAssignments.cohortId, labs: countDistinct(cohortAssignments.labId).as('labs') })
    .from(cohortAssignments)
    .groupBy(cohortAssignments.cohortId)
    .as('labs');
  return ctx.db
    .select({
      id: cohorts.id,
      name: cohorts.name,
      instructor: { id: users.id, username: users.username, displayName: users.displayName },
      members: sql<number>`coalesce(${members.members}, 0)`,
      labs: sql<number>`coalesce(${labs.labs}, 0)`,
      createdAt: cohorts.createdAt,
      archivedAt: cohorts.archivedAt,
    })
    .from(cohorts)
    .innerJoin(users, eq(users.id, cohorts.instructorId))
    .leftJoin(members, eq(members.cohortId, cohorts.id))
    .leftJoin(labs, eq(labs.cohortId, cohorts.id))
    .orderBy(sql`${cohorts.archivedAt} is not null`, asc(cohorts.name), asc(cohorts.id))
    .all()
    .map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), archivedAt: isoOrNull(row.archivedAt) }));
}

/**
 * The installed labs and courses with their titles, and those that failed to load with every
 * problem: what GET /api/health tells administrators (getHealth), with the titles the screens show.
 */
function installedLabs(ctx: ServiceContext, actor: Actor) {
  const health = getHealth(ctx.library, actor);
  return {
    version: health.version,
    labs: [...ctx.library.labs.values()]
      .map((lab) => ({ id: lab.definition.id, title: lab.definition.title, version: lab.definition.version }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    courses: [...ctx.library.courses.values()]
      .map((course) => ({ id: course.definition.id, title: course.definition.title }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    failed: health.labs.failed ?? [],
  };
}

/** The administrator's start page: accounts counted, every cohort, the installed labs and their load status. */
export function adminOverview(ctx: ServiceContext, actor: Actor) {
  requireAdmin(actor);
  return { accounts: accountCounts(ctx), cohorts: allCohorts(ctx), library: installedLabs(ctx, actor) };
}
