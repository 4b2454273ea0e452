import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import { type ArtefactToTabulate, buildTables, type TablesManifest } from '../../evidence/query/build-tables.ts';
import { QueryFailure, type QueryResult, runQuery } from '../../evidence/query/run-query.ts';
import { SlidingWindow } from '../../security/rate-limiter.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { openTraineeLab } from './trainee-lab.ts';

/** Changes whenever a build would give other tables from the same artefacts: older files are not reused. */
const TABLES_FORMAT = 1;
/** How long the first request waits for a build before answering with its progress. */
const BUILD_WAIT_MS = 1_000;
/** What a query may use: its time unless the lab says otherwise, the rows it returns, its memory. */
export const DEFAULT_QUERY_SECONDS = 5;
export const MAX_RESULT_ROWS = 10_000;
const QUERY_MEMORY_MB = 256;
export const QUERIES_PER_MINUTE = 30;
/**
 * Queries running at once on the server, whoever sent them. DuckDB's calls run on Node's worker
 * threads (four), which also read files for every request: two are left for them. The others wait
 * for their turn; their time limit starts when they run.
 */
const MAX_RUNNING_QUERIES = 2;
/** Queries that may wait for a turn; past it a trainee is asked to try again shortly. */
const MAX_WAITING_QUERIES = 50;

export type BuildProgress = { done: number; total: number };

/**
 * The tables of lab variants, built in the cache folder once per variant and kept there, and the
 * queries running on them: at most one per trainee, and QUERIES_PER_MINUTE a minute.
 */
export class EvidenceTableStore {
  private readonly builds = new Map<string, { progress: BuildProgress; done: Promise<TablesManifest> }>();
  private readonly manifests = new Map<string, TablesManifest>();
  readonly running = new Set<number>();
  readonly recentQueries = new SlidingWindow(60_000);
  private turns = MAX_RUNNING_QUERIES;
  private readonly waiting: (() => void)[] = [];

  /** Runs `work` when fewer than MAX_RUNNING_QUERIES queries run; refuses when too many wait already. */
  async inTurn<Result>(work: () => Promise<Result>): Promise<Result> {
    if (this.turns === 0) {
      if (this.waiting.length >= MAX_WAITING_QUERIES)
        throw new AppError('busy', 'Many queries are running on the server just now: try again in a few seconds.');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.turns -= 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The turn passes straight to the next query waiting, or back to the pool.
      if (next) next();
      else this.turns += 1;
    }
  }

  constructor(readonly dir: string) {}

  /** The built tables of a key, or the build of them, started now if none is running. */
  tablesOf(key: string, artefacts: () => Promise<ArtefactToTabulate[]>): TablesState {
    const file = this.fileOf(key);
    const kept = this.manifests.get(key) ?? this.readManifest(key);
    if (kept && existsSync(file)) return { state: 'ready', file, manifest: kept };
    let build = this.builds.get(key);
    if (!build) {
      const progress: BuildProgress = { done: 0, total: 0 };
      const done = (async () => {
        mkdirSync(this.dir, { recursive: true });
        const manifest = await buildTables(file, await artefacts(), (doneBytes, total) => {
          progress.done = doneBytes;
          progress.total = total;
        });
        // The manifest is written after the tables, so a manifest always has its tables beside it.
        const temporary = `${this.manifestOf(key)}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(manifest));
        renameSync(temporary, this.manifestOf(key));
        this.manifests.set(key, manifest);
        return manifest;
      })().finally(() => this.builds.delete(key));
      // Nobody may be waiting any more; a failure is reported to the next request, which builds again.
      done.catch(() => {});
      this.builds.set(key, (build = { progress, done }));
    }
    return { state: 'building', progress: build.progress, done: build.done.then(() => undefined) };
  }

  private fileOf(key: string): string {
    return join(this.dir, `${key}.duckdb`);
  }

  private manifestOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  private readManifest(key: string): TablesManifest | undefined {
    try {
      const manifest = JSON.parse(readFileSync(this.manifestOf(key), 'utf8')) as TablesManifest;
      this.manifests.set(key, manifest);
      return manifest;
    } catch {
      return undefined;
    }
  }
}

type TablesState =
  | { state: 'ready'; file: string; manifest: TablesManifest }
  | { state: 'building'; progress: BuildProgress; done: Promise<void> };

/** What the console and the table views show of a lab's tables. */
export type EvidenceTablesView =
  | {
      state: 'ready';
      tables: TablesManifest['tables'];
      /** Lines of the evidence that did not parse (a lab author's mistake; the rows are left out). */
      problems: number;
      limits: { seconds: number; rows: number };
    }
  | { state: 'building'; progress: BuildProgress };

/** The evidence entries of a lab that declare tables, with where their text comes from for this variant. */
async function tabulatedArtefacts(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
): Promise<{ key: string; read: () => Promise<ArtefactToTabulate[]>; seconds: number }> {
  const { lab, variant } = await openTraineeLab(ctx, actor, labId);
  const entries = lab.evidence.flatMap((evidence) => {
    const { definition } = evidence;
    if (!definition.table) return [];
    const generated = variant.files.get(definition.id);
    const path = generated?.path ?? evidence.path;
    const sha256 = generated?.sha256 ?? definition.sha256;
    return path ? [{ definition, table: definition.table, path, sha256 }] : [];
  });
  if (entries.length === 0) throw new AppError('not_found', 'This lab has no evidence that can be read as tables.');
  // Named by what the tables are made from, so a variant's tables are found again after a restart,
  // two trainees with the same evidence share them, and the name tells nothing about whose they are.
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        TABLES_FORMAT,
        lab.definition.id,
        entries.map(({ definition, table, sha256 }) => [definition.id, sha256, table]),
      ]),
    )
    .digest('hex')
    .slice(0, 40);
  // The build's worker thread reads the files: an access log of a gigabyte is no JavaScript string.
  const read = async () =>
    entries.map(
      ({ definition, table, path }): ArtefactToTabulate => ({
        evidenceId: definition.id,
        title: definition.title,
        path,
        table,
      }),
    );
  return { key, read, seconds: lab.definition.query_time_limit ?? DEFAULT_QUERY_SECONDS };
}

/** Waits for a promise at most `ms`; whether it settled in time. */
async function settledWithin(promise: Promise<unknown>, ms: number, ctx: ServiceContext): Promise<boolean> {
  let timer: ReturnType<ServiceContext['clock']['setTimeout']> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = ctx.clock.setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    timer?.cancel();
  }
}

/**
 * The tables of a key, building them on first use: a build that ends within a second is waited
 * for; a longer one is left running, and the next request finds it further on or done. A build that
 * fails is said as it is; the next request tries again.
 */
async function readyTables(
  ctx: ServiceContext,
  key: string,
  read: () => Promise<ArtefactToTabulate[]>,
): Promise<ReturnType<EvidenceTableStore['tablesOf']>> {
  const tables = ctx.tables.tablesOf(key, read);
  if (tables.state === 'ready') return tables;
  const finished = await settledWithin(tables.done, BUILD_WAIT_MS, ctx).catch((error: unknown) => {
    throw buildFailed(error);
  });
  return finished ? ctx.tables.tablesOf(key, read) : tables;
}

/**
 * The tables of the trainee's variant of a lab, building them on first use: a build that takes
 * longer than a second answers with its progress, and the next request finds it further on or done.
 */
export async function openEvidenceTables(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
): Promise<EvidenceTablesView> {
  const { key, read, seconds } = await tabulatedArtefacts(ctx, actor, labId);
  const tables = await readyTables(ctx, key, read);
  if (tables.state === 'building') return { state: 'building', progress: { ...tables.progress } };
  const { manifest } = tables;
  return {
    state: 'ready',
    tables: manifest.tables,
    problems: manifest.problems.length,
    limits: { seconds, rows: MAX_RESULT_ROWS },
  };
}

function buildFailed(error: unknown): AppError {
  console.error('building evidence tables failed:', error);
  return new AppError('internal', 'The tables of this lab could not be built: tell your instructor.');
}

/** A query's answer: its rows (at most MAX_RESULT_ROWS), whether there were more, and how long it took. */
export type EvidenceQueryAnswer = QueryResult & { rowLimit: number };

/**
 * Runs a trainee's query on their variant's tables: read-only, on those tables only, within the
 * lab's time limit, MAX_RESULT_ROWS and its memory; one at a time per trainee, QUERIES_PER_MINUTE a minute.
 */
export async function runEvidenceQuery(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  sql: string,
): Promise<EvidenceQueryAnswer> {
  const { key, read, seconds } = await tabulatedArtefacts(ctx, actor, labId);
  const tables = await readyTables(ctx, key, read);
  if (tables.state !== 'ready')
    throw new AppError('conflict', 'The tables of this lab are still being prepared: try again in a moment.');
  const store = ctx.tables;
  if (store.running.has(actor.id))
    throw new AppError(
      'too_many_requests',
      'A query of yours is still running: wait for its results before starting another.',
    );
  const now = ctx.now().getTime();
  const wait = store.recentQueries.retryAfter(String(actor.id), QUERIES_PER_MINUTE, now);
  if (wait > 0)
    throw new AppError(
      'too_many_requests',
      `Too many queries in a minute: try again in ${Math.ceil(wait / 1000)} seconds.`,
    );
  store.recentQueries.record(String(actor.id), { at: now });
  store.running.add(actor.id);
  try {
    const result = await store.inTurn(() =>
      runQuery(tables.file, sql, { timeMs: seconds * 1000, maxRows: MAX_RESULT_ROWS, memoryMb: QUERY_MEMORY_MB }),
    );
    return { ...result, rowLimit: MAX_RESULT_ROWS };
  } catch (error) {
    if (error instanceof QueryFailure)
      throw new AppError(
        error.code === 'query_time_limit' || error.code === 'query_memory_limit' ? 'query_limit' : 'query_invalid',
        error.message,
        undefined,
        error.position,
      );
    throw error;
  } finally {
    store.running.delete(actor.id);
  }
}
