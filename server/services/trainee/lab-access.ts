import { randomBytes } from 'node:crypto';
import { cachedAccessRows, type AccessRows } from '../../db/access-cache.ts';
import { hotQueriesOf } from '../../db/hot-queries.ts';
import type { cohortAssignments } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import { listInWords, quoted } from '../../lib/words.ts';
import type { Actor, ServiceContext } from '../context.ts';

export type AssignmentState = 'open' | 'upcoming' | 'closed' | 'locked';

export interface LabAssignment {
  lab: LoadedLab;
  cohortId: number;
  courseId: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  state: AssignmentState;
  /** Labs of the course that must be completed first (when state is locked). */
  lockedBy: string[];
}

type AssignmentRow = typeof cohortAssignments.$inferSelect;

const STATE_PREFERENCE: AssignmentState[] = ['open', 'closed', 'locked', 'upcoming'];

/** The actor's assignment and attempt rows; callers that need them twice in one step read them once. */
export function accessRowsOf(ctx: ServiceContext, actor: Actor): AccessRows {
  return cachedAccessRows(ctx.db, actor.id, ctx.now().getTime());
}

/** Every lab assigned to the actor through the cohorts they belong to, one entry per lab. */
export function assignmentsFor(
  ctx: ServiceContext,
  actor: Actor,
  access: AccessRows = accessRowsOf(ctx, actor),
): LabAssignment[] {
  const { assignments: rows, attempts } = access;
  const completed = new Set(attempts.filter((attempt) => attempt.completedAt).map((attempt) => attempt.labId));
  const best = new Map<string, LabAssignment>();
  for (const row of rows) {
    const assignment = describeAssignment(ctx, row, completed);
    if (!assignment) continue;
    const current = best.get(row.labId);
    // A lab assigned through two cohorts counts through the one that gives the trainee most access.
    if (!current || STATE_PREFERENCE.indexOf(assignment.state) < STATE_PREFERENCE.indexOf(current.state))
      best.set(row.labId, assignment);
  }
  return [...best.values()];
}

function describeAssignment(
  ctx: ServiceContext,
  row: AssignmentRow,
  completed: Set<string>,
): LabAssignment | undefined {
  const lab = ctx.library.labs.get(row.labId);
  if (!lab) return undefined;
  const now = ctx.now().getTime();
  const requires = row.courseId
    ? (ctx.library.courses.get(row.courseId)?.definition.labs.find((entry) => entry.lab === row.labId)?.requires ?? [])
    : [];
  const lockedBy = requires.filter((required) => !completed.has(required));
  let state: AssignmentState = 'open';
  if (row.opensAt && row.opensAt.getTime() > now) state = 'upcoming';
  else if (row.closesAt && row.closesAt.getTime() <= now) state = 'closed';
  else if (lockedBy.length > 0) state = 'locked';
  return {
    lab,
    cohortId: row.cohortId,
    courseId: row.courseId,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    state,
    lockedBy,
  };
}

/** What a write to a lab is, for the message that refuses it once the lab has closed. */
export type LabWrite = 'answer' | 'hint' | 'notes';

const CLOSED_REFUSALS: Record<LabWrite, string> = {
  answer: 'it can still be read but no longer answered',
  hint: 'its hints can no longer be unlocked',
  notes: 'its notes can still be read but no longer changed',
};

/**
 * Why a lab of a course is locked, in the library's titles: the labs to complete first and the
 * course that orders them (a trainee may see both: the course assigned every one of its labs).
 */
function lockedMessage(ctx: ServiceContext, assignment: LabAssignment): string {
  const titles = assignment.lockedBy.map((labId) => quoted(ctx.library.labs.get(labId)?.definition.title ?? labId));
  const course = assignment.courseId ? ctx.library.courses.get(assignment.courseId) : undefined;
  const order = course ? ` in the course ${quoted(course.definition.title)}` : '';
  return `Complete ${listInWords(titles)} first: this lab opens after ${titles.length === 1 ? 'it' : 'them'}${order}.`;
}

/**
 * The actor's assignment of a lab, refusing labs that are not assigned to them (404: a trainee must
 * not learn which labs exist elsewhere), not yet open, or locked behind a course prerequisite.
 * Closed labs stay readable; `forWriting` refuses them too (answers, hints and notes alike: after the
 * close nothing may change what the instructor grades or what the trainee hands in).
 */
export function requireLabAccess(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  options: { forWriting?: boolean | LabWrite } = {},
  access?: AccessRows,
): LabAssignment {
  const assignment = assignmentsFor(ctx, actor, access).find((candidate) => candidate.lab.definition.id === labId);
  // The same words whether the lab exists elsewhere or not at all: no id, no title.
  if (!assignment) throw new AppError('not_found', 'This lab is not assigned to you.');
  // ISO instants in messages are shown in the reader's own time zone and locale by the web app.
  if (assignment.state === 'upcoming')
    throw new AppError('forbidden', `This lab is not open yet: it opens on ${assignment.opensAt!.toISOString()}.`);
  if (assignment.state === 'locked') throw new AppError('forbidden', lockedMessage(ctx, assignment));
  if (options.forWriting && assignment.state === 'closed') {
    const write: LabWrite = options.forWriting === true ? 'answer' : options.forWriting;
    throw new AppError(
      'forbidden',
      `This lab closed on ${assignment.closesAt!.toISOString()}: ${CLOSED_REFUSALS[write]}.`,
    );
  }
  return assignment;
}

/** The actor's seed for a lab, created on first use and stable afterwards. */
export async function variantSeedFor(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  access: AccessRows = accessRowsOf(ctx, actor),
): Promise<{ seed: string; startedAt: Date; completedAt: Date | null }> {
  const attemptIn = (rows: AccessRows) => rows.attempts.find((attempt) => attempt.labId === labId);
  let row = attemptIn(access);
  if (!row) {
    // The insert moves the access epoch, so a fresh look reads the stored row (or a parallel
    // request's, when both inserted at once: the first seed wins).
    await ctx.writes.run((tx) =>
      hotQueriesOf(tx).insertLabAttempt.run({
        userId: actor.id,
        labId,
        seed: randomBytes(12).toString('hex'),
        startedAt: ctx.now(),
      }),
    );
    row = attemptIn(accessRowsOf(ctx, actor))!;
  }
  return { seed: row.variantSeed, startedAt: row.startedAt, completedAt: row.completedAt };
}
