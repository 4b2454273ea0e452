import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import { savedQueries } from '../../db/schema.ts';
import { excluded, isoOrNull } from '../../db/sql.ts';
import { AppError } from '../../errors.ts';
import type { Transaction } from '../scoring/score-ledger.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { type EvidenceQueryAnswer, runEvidenceQuery } from './evidence-tables.ts';
import { requireLabAccess } from './lab-access.ts';

/** Queries kept per trainee and lab; past it the oldest unnamed ones go. */
export const MAX_KEPT_QUERIES = 200;
/**
 * Named queries per trainee and lab. Named ones are never dropped, so they may fill at most half of
 * what is kept: the other half is always left for the queries being run.
 */
export const MAX_NAMED_QUERIES = 100;
export const MAX_QUERY_NAME_LENGTH = 80;

type SavedQueryRow = typeof savedQueries.$inferSelect;

/** A query of the trainee's history as the console lists it. */
export interface SavedQueryView {
  id: number;
  sql: string;
  /** Set by the trainee: named queries are listed first and never dropped to make room. */
  name: string | null;
  createdAt: string;
  lastRunAt: string;
  /** What the last run gave; null when it stopped at a mistake or a limit, or it came from a browser's history. */
  lastRun: { rows: number; truncated: boolean; elapsedMs: number } | null;
}

function viewOf(row: SavedQueryRow): SavedQueryView {
  return {
    id: row.id,
    sql: row.sql,
    name: row.name,
    createdAt: isoOrNull(row.createdAt)!,
    lastRunAt: isoOrNull(row.lastRunAt)!,
    lastRun:
      row.lastRowCount === null
        ? null
        : { rows: row.lastRowCount, truncated: row.lastTruncated, elapsedMs: row.lastElapsedMs ?? 0 },
  };
}

const ownedBy = (actor: Actor, labId: string) => and(eq(savedQueries.userId, actor.id), eq(savedQueries.labId, labId));

/** The same words for an id of another trainee, another lab or none at all: nothing is learnt from them. */
const notInHistory = () => new AppError('not_found', 'There is no such query in your history of this lab.');

/** Drops the oldest unnamed queries past MAX_KEPT_QUERIES, never `keepId` (the query just run). */
function keepWithinCap(tx: Transaction, actor: Actor, labId: string, keepId?: number): void {
  const kept = tx.select({ total: count() }).from(savedQueries).where(ownedBy(actor, labId)).get()?.total ?? 0;
  const overflow = kept - MAX_KEPT_QUERIES;
  if (overflow <= 0) return;
  const oldest = tx
    .select({ id: savedQueries.id })
    .from(savedQueries)
    .where(
      and(
        ownedBy(actor, labId),
        isNull(savedQueries.name),
        keepId === undefined ? undefined : ne(savedQueries.id, keepId),
      ),
    )
    .orderBy(asc(savedQueries.lastRunAt), asc(savedQueries.id))
    .limit(overflow)
    .all();
  if (oldest.length > 0)
    tx.delete(savedQueries)
      .where(
        inArray(
          savedQueries.id,
          oldest.map((row) => row.id),
        ),
      )
      .run();
}

function namedCount(tx: Transaction, actor: Actor, labId: string): number {
  return (
    tx
      .select({ total: count() })
      .from(savedQueries)
      .where(and(ownedBy(actor, labId), isNotNull(savedQueries.name)))
      .get()?.total ?? 0
  );
}

/** Records a run in the trainee's history: a new entry, or the same text's entry with its last run moved. */
async function recordRun(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  sql: string,
  answer: EvidenceQueryAnswer | undefined,
): Promise<void> {
  const now = ctx.now();
  const lastRun = {
    lastRunAt: now,
    lastRowCount: answer ? answer.rows.length : null,
    lastTruncated: answer?.truncated ?? false,
    lastElapsedMs: answer ? Math.round(answer.elapsedMs) : null,
  };
  await ctx.writes.run((tx) => {
    const row = tx
      .insert(savedQueries)
      .values({ userId: actor.id, labId, sql, createdAt: now, ...lastRun })
      .onConflictDoUpdate({
        target: [savedQueries.userId, savedQueries.labId, savedQueries.sql],
        set: {
          lastRunAt: excluded(savedQueries.lastRunAt),
          lastRowCount: excluded(savedQueries.lastRowCount),
          lastTruncated: excluded(savedQueries.lastTruncated),
          lastElapsedMs: excluded(savedQueries.lastElapsedMs),
        },
      })
      .returning({ id: savedQueries.id })
      .get();
    keepWithinCap(tx, actor, labId, row.id);
  });
}

/**
 * Runs a trainee's query (runEvidenceQuery) and keeps it in their history of the lab, with what the
 * run gave: its rows, or the mistake or limit that stopped it (worth keeping, to fix later). A query
 * refused before it ran (too many, tables still building) is not kept. A failure to keep it is
 * logged and does not cost the trainee the answer.
 */
export async function runAndRecordQuery(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  sql: string,
): Promise<EvidenceQueryAnswer> {
  const record = (answer: EvidenceQueryAnswer | undefined) =>
    recordRun(ctx, actor, labId, sql, answer).catch((error: unknown) => {
      console.error('keeping a query in its history failed:', error);
    });
  try {
    const answer = await runEvidenceQuery(ctx, actor, labId, sql);
    await record(answer);
    return answer;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'query_invalid' || error.code === 'query_limit'))
      await record(undefined);
    throw error;
  }
}

/** The actor's queries in a lab they may open, the last run first. */
export function listSavedQueries(ctx: ServiceContext, actor: Actor, labId: string): SavedQueryView[] {
  requireLabAccess(ctx, actor, labId);
  return ctx.db
    .select()
    .from(savedQueries)
    .where(ownedBy(actor, labId))
    .orderBy(desc(savedQueries.lastRunAt), desc(savedQueries.id))
    .all()
    .map(viewOf);
}

/**
 * Names one of the actor's queries, or removes its name (null). Refused past MAX_NAMED_QUERIES, so
 * named queries can never crowd out the ones being run.
 */
export async function nameSavedQuery(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; id: number; name: string | null },
): Promise<SavedQueryView> {
  const { labId, id, name } = input;
  requireLabAccess(ctx, actor, labId);
  return ctx.writes.run((tx) => {
    const mine = and(ownedBy(actor, labId), eq(savedQueries.id, id));
    const current = tx.select({ name: savedQueries.name }).from(savedQueries).where(mine).get();
    if (!current) throw notInHistory();
    if (name !== null && current.name === null && namedCount(tx, actor, labId) >= MAX_NAMED_QUERIES)
      throw new AppError(
        'conflict',
        `You have named ${MAX_NAMED_QUERIES} queries in this lab already: remove the name of one you no longer need first.`,
        'name',
      );
    const row = tx.update(savedQueries).set({ name }).where(mine).returning().get();
    if (!row) throw notInHistory();
    return viewOf(row);
  });
}

/** Removes one of the actor's queries from their history of a lab. */
export async function forgetSavedQuery(ctx: ServiceContext, actor: Actor, labId: string, id: number): Promise<void> {
  requireLabAccess(ctx, actor, labId);
  const removed = await ctx.writes.run((tx) =>
    tx
      .delete(savedQueries)
      .where(and(ownedBy(actor, labId), eq(savedQueries.id, id)))
      .returning({ id: savedQueries.id })
      .get(),
  );
  if (!removed) throw notInHistory();
}

/** A query of the history a browser kept before the server did. */
export interface KeptInBrowser {
  sql: string;
  name?: string | null | undefined;
  /** Milliseconds since the epoch. */
  ranAt: number;
}

/**
 * Takes in the history a browser kept of a lab before the server kept it (once, then the browser
 * forgets it): queries already kept keep their entry (a later run time and a name they lack are
 * taken), names past MAX_NAMED_QUERIES are left off, and the cap applies as to runs. Sending the same
 * history twice changes nothing the second time.
 */
export async function importSavedQueries(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  entries: KeptInBrowser[],
): Promise<SavedQueryView[]> {
  requireLabAccess(ctx, actor, labId);
  const now = ctx.now();
  await ctx.writes.run((tx) => {
    const existing = new Map(
      tx
        .select()
        .from(savedQueries)
        .where(ownedBy(actor, labId))
        .all()
        .map((row) => [row.sql, row]),
    );
    let named = [...existing.values()].filter((row) => row.name !== null).length;
    // Oldest first, so that where the cap bites it drops the oldest, as running them would have.
    for (const entry of [...entries].sort((a, b) => a.ranAt - b.ranAt)) {
      const ranAt = new Date(Math.min(entry.ranAt, now.getTime()));
      const current = existing.get(entry.sql);
      const takesName = Boolean(entry.name) && !current?.name && named < MAX_NAMED_QUERIES;
      if (takesName) named += 1;
      if (current) {
        const changes = {
          ...(ranAt > current.lastRunAt ? { lastRunAt: ranAt } : {}),
          ...(takesName ? { name: entry.name! } : {}),
        };
        if (Object.keys(changes).length > 0)
          existing.set(
            entry.sql,
            tx.update(savedQueries).set(changes).where(eq(savedQueries.id, current.id)).returning().get()!,
          );
      } else {
        const row = tx
          .insert(savedQueries)
          .values({
            userId: actor.id,
            labId,
            sql: entry.sql,
            name: takesName ? entry.name! : null,
            createdAt: ranAt,
            lastRunAt: ranAt,
          })
          .returning()
          .get();
        existing.set(entry.sql, row);
      }
    }
    keepWithinCap(tx, actor, labId);
  });
  return listSavedQueries(ctx, actor, labId);
}
