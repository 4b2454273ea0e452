import { perConnection } from '../../db/per-connection.ts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { isoOrNull } from '../../db/sql.ts';
import { cohortAssignments, cohortMembers, cohorts } from '../../db/schema.ts';
import { readAccessEpoch } from '../../db/access-cache.ts';
import { AppError } from '../../errors.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { scoreboardViewer } from '../policy.ts';

export type CohortRow = typeof cohorts.$inferSelect;
export type ScoreboardVisibility = CohortRow['scoreboardVisibility'];

/** A cohort's scoreboard as the list and the board describe it: its name and its settings. */
export interface ScoreboardCohort {
  id: number;
  name: string;
  visibility: ScoreboardVisibility;
  /** When the board freezes for trainees (ISO), or null. */
  freezeAt: string | null;
  archived: boolean;
}

/** Whose board it is and how the caller looks at it. */
export interface ScoreboardAccess {
  cohort: CohortRow;
  /** The cohort's instructor or an administrator: the live board with real names, whatever the settings. */
  staff: boolean;
}

const statements = perConnection((db) => ({
  cohort: db
    .select()
    .from(cohorts)
    .where(eq(cohorts.id, sql.placeholder('cohortId')))
    .prepare(),
  assignedLabs: db
    .select({ labId: cohortAssignments.labId })
    .from(cohortAssignments)
    .where(eq(cohortAssignments.cohortId, sql.placeholder('cohortId')))
    .orderBy(asc(cohortAssignments.id))
    .prepare(),
}));

/**
 * The access epoch (see server/db/access-cache.ts): it moves with every change to accounts (display
 * names among them), memberships and assignments, in any process sharing the database.
 */
export function accessEpochOf(ctx: ServiceContext): number {
  return readAccessEpoch(ctx.db);
}

export function describeScoreboardCohort(cohort: CohortRow): ScoreboardCohort {
  return {
    id: cohort.id,
    name: cohort.name,
    visibility: cohort.scoreboardVisibility,
    freezeAt: isoOrNull(cohort.freezeAt),
    archived: cohort.archivedAt !== null,
  };
}

/**
 * The cohort if the actor may see its scoreboard: a trainee who belongs to it, its instructor, or an
 * administrator. For everyone else the cohort does not exist (404), so ids cannot be probed.
 */
export function openScoreboard(ctx: ServiceContext, actor: Actor, cohortId: number): ScoreboardAccess {
  return scoreboardAccess(ctx, actor, scoreboardCohort(ctx, cohortId));
}

/** A caller's access to a cohort's board, checked, with the cohort's assigned labs and the epoch it holds for. */
export interface KeptBoardAccess {
  access: ScoreboardAccess;
  labIds: string[];
  epoch: number;
}

/** Enough for every trainee of several large cohorts looking at their boards; past it they are checked again. */
const MAX_KEPT_ACCESS = 50_000;

/** Checked accesses per caller and cohort, kept per connection while the access epoch stays. */
const keptAccess = perConnection(() => ({
  epoch: -1,
  byCaller: new Map<string, KeptBoardAccess>(),
}));

/**
 * openScoreboard with the cohort's assigned labs, kept while the access epoch holds: everything it
 * reads (the cohort's row, the membership, the caller's role, the assignments) moves the epoch when
 * it changes, in any process (see the migrations' triggers). A board read then costs no query for
 * who may see it. A refusal is not kept.
 */
export function keptBoardAccess(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  /** The access epoch, when the caller has just read it (a stream round reads it once for all its streams). */
  epoch = accessEpochOf(ctx),
): KeptBoardAccess {
  const kept = keptAccess(ctx.db);
  if (kept.epoch !== epoch || kept.byCaller.size >= MAX_KEPT_ACCESS) {
    kept.byCaller.clear();
    kept.epoch = epoch;
  }
  const key = `${actor.id}|${cohortId}`;
  let entry = kept.byCaller.get(key);
  if (!entry) {
    // Read after the epoch: a change committed in between makes these rows newer than the epoch kept,
    // never older, and the next read sees the epoch moved.
    entry = { access: openScoreboard(ctx, actor, cohortId), labIds: assignedLabIds(ctx, cohortId), epoch };
    kept.byCaller.set(key, entry);
  }
  return entry;
}

/** The cohort's row as stored, or undefined. */
function scoreboardCohort(ctx: ServiceContext, cohortId: number): CohortRow | undefined {
  return statements(ctx.db).cohort.get({ cohortId });
}

/** openScoreboard for a cohort row already read (undefined: no such cohort). */
function scoreboardAccess(ctx: ServiceContext, actor: Actor, cohort: CohortRow | undefined): ScoreboardAccess {
  const viewer = cohort && scoreboardViewer(ctx, actor, cohort);
  if (cohort && viewer) return { cohort, staff: viewer === 'staff' };
  throw new AppError('not_found', 'There is no such cohort.');
}

/** The cohorts whose scoreboard the actor may see: a trainee's own cohorts, an instructor's, or all for an admin. */
export function listScoreboards(ctx: ServiceContext, actor: Actor): ScoreboardCohort[] {
  const order = [asc(cohorts.name), asc(cohorts.id)];
  let rows: CohortRow[];
  if (actor.role === 'admin')
    rows = ctx.db
      .select()
      .from(cohorts)
      .orderBy(...order)
      .all();
  else if (actor.role === 'instructor')
    rows = ctx.db
      .select()
      .from(cohorts)
      .where(eq(cohorts.instructorId, actor.id))
      .orderBy(...order)
      .all();
  else
    rows = ctx.db
      .select({ cohort: cohorts })
      .from(cohorts)
      .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, actor.id)))
      .orderBy(...order)
      .all()
      .map((row) => row.cohort);
  return rows.map(describeScoreboardCohort);
}

/** The labs assigned to the cohort, in the order they were assigned: the board's per-lab columns. */
export function assignedLabIds(ctx: ServiceContext, cohortId: number): string[] {
  return statements(ctx.db)
    .assignedLabs.all({ cohortId })
    .map((row) => row.labId);
}

/** Whether the trainees of the cohort see the board frozen at this moment. */
export function frozenForTrainees(ctx: ServiceContext, cohort: CohortRow): boolean {
  return cohort.freezeAt !== null && cohort.freezeAt.getTime() <= ctx.now().getTime();
}
