/**
 * The SQL console's engine (issue #13): one read-only query over a trainee's evidence tables, built by
 * build-tables.ts, within a time, row and memory limit. DuckDB itself is the sandbox: each file is opened
 * read-only with file access, extensions and settings locked (see openEngine), and statement-kind.ts lets
 * only queries that read tables reach it.
 */
import { stat } from 'node:fs/promises';
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { loadDuckDb } from './duckdb-module.ts';
import { readEngineError, type TextPosition, withoutPaths } from './engine-messages.ts';
import {
  actionOfStatementType,
  hasPivot,
  isEmptyStatement,
  refusedAction,
  startsAsReadingQuery,
} from './statement-kind.ts';

export interface QueryLimits {
  timeMs: number;
  maxRows: number;
  memoryMb: number;
}

export interface QueryResult {
  /** DuckDB type names, e.g. VARCHAR, BIGINT, TIMESTAMP WITH TIME ZONE. */
  columns: { name: string; type: string }[];
  /** JSON-safe: timestamps as ISO 8601 UTC strings, BIGINT as a number when safe, else as a string. */
  rows: (string | number | boolean | null)[][];
  /** More rows than maxRows: only the first maxRows are returned. */
  truncated: boolean;
  elapsedMs: number;
}

export type QueryFailureCode = 'query_invalid' | 'query_refused' | 'query_time_limit' | 'query_memory_limit';

/** Why a query did not run or was stopped, in words for the trainee. */
export class QueryFailure extends Error {
  constructor(
    readonly code: QueryFailureCode,
    message: string,
    readonly position?: TextPosition,
  ) {
    super(message);
    this.name = 'QueryFailure';
  }
}

type Cell = QueryResult['rows'][number][number];

/** Open DuckDB instances, a few at most: each holds its file's cache and its memory_limit. */
const MAX_OPEN_ENGINES = 4;

interface OpenEngine {
  instance: Promise<DuckDBInstance>;
  /** The file as it was when opened: a rebuild renames a new file over it, which the old instance would not see. */
  identity: string;
  active: number;
  retired: boolean;
}

/** By memory limit and file; a Map keeps insertion order, so re-inserting on use makes the first the least recent. */
const engines = new Map<string, OpenEngine>();

/**
 * Opens a built tables file for queries only. The configuration is locked after TimeZone is set, so no query
 * can change it: no file access (read_csv, COPY, ATTACH, glob…), no extensions to install or load, one
 * thread, the memory limit, and no spilling to disk (max_temp_directory_size 0, where DuckDB would otherwise
 * write temporary files beside the database).
 */
async function openEngine(file: string, memoryMb: number): Promise<DuckDBInstance> {
  const duck = await loadDuckDb();
  const instance = await duck.DuckDBInstance.create(file, {
    access_mode: 'READ_ONLY',
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    threads: '1',
    memory_limit: `${memoryMb}MB`,
    max_temp_directory_size: '0MB',
  });
  const setup = await instance.connect();
  try {
    // TimeZone belongs to the built-in ICU extension, which the instance options do not know yet.
    await setup.run("SET GLOBAL TimeZone = 'UTC'");
    // It would show the server account's home folder in duckdb_settings(); secrets are never used here.
    await setup.run("SET GLOBAL secret_directory = ''");
    await setup.run('SET GLOBAL lock_configuration = true');
  } catch (error) {
    setup.closeSync();
    instance.closeSync();
    throw error;
  }
  setup.closeSync();
  return instance;
}

function closeEngine(engine: OpenEngine): Promise<void> {
  return engine.instance.then(
    (instance) => instance.closeSync(),
    () => undefined,
  );
}

/** Takes an engine out of the cache; it closes now, or when its last running query ends. */
function retire(key: string, engine: OpenEngine): Promise<void> {
  if (engines.get(key) === engine) engines.delete(key);
  engine.retired = true;
  return engine.active === 0 ? closeEngine(engine) : Promise.resolve();
}

async function acquireEngine(file: string, memoryMb: number): Promise<{ key: string; engine: OpenEngine }> {
  const stats = await stat(file).catch(() => undefined);
  if (!stats) throw new Error('The evidence tables have not been built yet.');
  const identity = `${stats.ino}:${stats.mtimeMs}:${stats.size}`;
  const key = `${memoryMb}\u0000${file}`;
  let engine = engines.get(key);
  if (engine && engine.identity !== identity) {
    void retire(key, engine);
    engine = undefined;
  }
  if (!engine) {
    const instance = openEngine(file, memoryMb).catch((error: unknown) => {
      throw new Error('The evidence tables could not be opened.', { cause: error });
    });
    engine = { instance, identity, active: 0, retired: false };
    const opened = engine;
    opened.instance.catch(() => {
      if (engines.get(key) === opened) engines.delete(key);
    });
  }
  engines.delete(key);
  engines.set(key, engine);
  engine.active++;
  for (const [oldKey, old] of engines) {
    if (engines.size <= MAX_OPEN_ENGINES) break;
    void retire(oldKey, old);
  }
  return { key, engine };
}

function releaseEngine(engine: OpenEngine): void {
  engine.active--;
  if (engine.retired && engine.active === 0) void closeEngine(engine);
}

/** Closes every open DuckDB instance (server shutdown, tests). */
export async function closeQueryEngines(): Promise<void> {
  await Promise.all([...engines].map(([key, engine]) => retire(key, engine)));
}

/** Milliseconds since 1970 as ISO 8601 UTC, or undefined beyond what a JavaScript date holds. */
function isoFromMillis(millis: bigint): string | undefined {
  const date = new Date(Number(millis));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Whole milliseconds, rounding toward the past as the instant's own second does. */
function floorDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor < 0n ? quotient - 1n : quotient;
}

/**
 * A value as JSON can carry it. Timestamps with and without a zone both become ISO 8601 UTC: the session's
 * TimeZone is UTC, so a plain TIMESTAMP (from strptime or a cast) denotes the same instant as its UTC reading.
 * Dates, times, intervals, lists and structs come as DuckDB writes them.
 */
function toJsonCell(value: DuckDBValue, duck: Awaited<ReturnType<typeof loadDuckDb>>): Cell {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : String(value);
  let millis: bigint | undefined;
  if (value instanceof duck.DuckDBTimestampTZValue || value instanceof duck.DuckDBTimestampValue)
    millis = value.isFinite ? floorDivide(value.micros, 1000n) : undefined;
  else if (value instanceof duck.DuckDBTimestampMillisecondsValue) millis = value.millis;
  else if (value instanceof duck.DuckDBTimestampSecondsValue) millis = value.seconds * 1000n;
  else if (value instanceof duck.DuckDBTimestampNanosecondsValue) millis = floorDivide(value.nanos, 1_000_000n);
  else if (value instanceof duck.DuckDBDecimalValue) return value.toDouble();
  if (millis !== undefined) return isoFromMillis(millis) ?? String(value);
  return String(value);
}

function seconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}

function refused(action: string): QueryFailure {
  return new QueryFailure(
    'query_refused',
    `Only queries that read tables can run here: this one would ${action}. ` +
      'Write a query that reads the lab’s tables, starting with SELECT, WITH or FROM.',
  );
}

/** What a refused statement tried, from DuckDB's permission error. */
function refusedByEngine(reason: string): QueryFailure {
  if (/Cannot access (?:file|directory)|file system operations/u.test(reason))
    return refused('read or write files on the server');
  if (/extension/iu.test(reason)) return refused('load an extension');
  if (/read-only mode/u.test(reason)) return refused('change the tables');
  if (/configuration has been locked/u.test(reason)) return refused('change a setting');
  return refused('do something that is not allowed here');
}

function where(position: TextPosition | undefined): string {
  return position ? ` (line ${position.line}, column ${position.column})` : '';
}

/** DuckDB's error as the console's failure. */
function failureFromEngine(error: unknown, sql: string, limits: QueryLimits, timedOut: boolean): QueryFailure {
  if (error instanceof QueryFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  const engineError = readEngineError(message, sql);
  const { kind, reason, hint, position } = engineError;
  if (timedOut || kind === 'INTERRUPT')
    return new QueryFailure(
      'query_time_limit',
      `The query was stopped after ${seconds(limits.timeMs)}, its time limit. ` +
        'Narrow it down (a WHERE on time or on a value, fewer joined rows) or add a LIMIT, and run it again.',
    );
  if (kind === 'Out of Memory')
    return new QueryFailure(
      'query_memory_limit',
      `The query was stopped: it needed more than its ${limits.memoryMb} MB of memory. ` +
        'Select fewer rows or columns, count or group before listing, or add a LIMIT, and run it again.',
    );
  if (
    kind === 'Permission' ||
    /disabled (?:by|through) configuration|read-only mode|configuration has been locked/u.test(message)
  )
    return refusedByEngine(reason);
  const said = withoutPaths([reason.replace(/!$/u, '.'), hint].filter(Boolean).join(' '));
  const told = position ? `${said.replace(/\.$/u, '')}${where(position)}.` : /[.?]$/u.test(said) ? said : `${said}.`;
  const opening = kind === 'Parser' ? 'The query could not be read' : 'The query could not run';
  return new QueryFailure('query_invalid', `${opening}: ${told}`, position);
}

const columnNamesOf = (statement: DuckDBPreparedStatement) =>
  Array.from({ length: statement.columnCount }, (_, index) => statement.columnName(index));

/**
 * The query as a subquery with a LIMIT one row past what is returned, when it prepares that way and gives
 * the same columns: DuckDB then sorts or computes only the rows it returns. On the 1 GB benchmark log, the
 * table view's `SELECT * FROM access_log ORDER BY "line"` took 5.2 s to give its first 10,001 rows, and
 * 0.12 s with the limit; ordered by time descending, 4.6–5.1 s against 0.19–0.23 s. A final semicolon is
 * left out. Undefined (the query runs as written, with its own errors and their positions) when the
 * wrapped text does not prepare, is not a SELECT, or names its columns otherwise (a subquery renames
 * duplicate names).
 */
async function withRowLimit(
  duck: Awaited<ReturnType<typeof loadDuckDb>>,
  connection: DuckDBConnection,
  sql: string,
  prepared: DuckDBPreparedStatement,
  rows: number,
): Promise<DuckDBPreparedStatement | undefined> {
  const limited = await connection
    .prepare(`SELECT * FROM (\n${sql.replace(/;\s*$/u, '')}\n) LIMIT ${rows}`)
    .catch(() => undefined);
  if (!limited) return undefined;
  const same =
    limited.statementType === duck.StatementType.SELECT &&
    JSON.stringify(columnNamesOf(limited)) === JSON.stringify(columnNamesOf(prepared));
  if (same) return limited;
  limited.destroySync();
  return undefined;
}

/** How often a query past its time limit is told again to stop, until it has. */
const REINTERRUPT_MS = 100;

/** Runs one read-only query on a built tables file, within its limits. */
export async function runQuery(file: string, sql: string, limits: QueryLimits): Promise<QueryResult> {
  const started = performance.now();
  if (isEmptyStatement(sql))
    throw new QueryFailure('query_invalid', 'The query is empty: write one, such as SELECT * FROM a_table LIMIT 10.');
  const action = refusedAction(sql);
  if (action !== undefined) throw refused(action);
  const duck = await loadDuckDb();
  const { key, engine } = await acquireEngine(file, limits.memoryMb);
  let instance: DuckDBInstance;
  try {
    instance = await engine.instance;
  } catch (error) {
    // Not the trainee's query: the service's own error, outside the failures a trainee is shown.
    releaseEngine(engine);
    throw error;
  }
  let connection: DuckDBConnection | undefined;
  let timedOut = false;
  let reinterrupt: ReturnType<typeof setInterval> | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    connection?.interrupt();
    // An interrupt reaches only the step running at that moment: a step still waiting for one of
    // Node's worker threads (all busy with other queries or files) would start afterwards and run on.
    reinterrupt = setInterval(() => connection?.interrupt(), REINTERRUPT_MS);
  }, limits.timeMs);
  try {
    // A connection per query: nothing one query leaves behind (a variable, a failed transaction) reaches the next.
    connection = await instance.connect();
    if (timedOut) connection.interrupt();
    const statements = await connection.extractStatements(sql);
    if (statements.count !== 1 && hasPivot(sql))
      throw new QueryFailure(
        'query_refused',
        'A PIVOT can run here only with its values listed, such as ' +
          "PIVOT a_table ON a_column IN ('one', 'two') USING count(*). Or count with GROUP BY instead.",
      );
    if (statements.count !== 1)
      throw new QueryFailure(
        'query_refused',
        `Only one query can run at a time, and this text holds ${statements.count}: ` +
          'remove all but one (a semicolon ends a query).',
      );
    const prepared = await statements.prepare(0);
    if (prepared.statementType !== duck.StatementType.SELECT || !startsAsReadingQuery(sql))
      throw refused(actionOfStatementType(duck.StatementType[prepared.statementType] ?? ''));
    const limited = await withRowLimit(duck, connection, sql, prepared, limits.maxRows + 1);
    const result = await (limited ?? prepared).stream();
    const columns = result.columnNames().map((name, index) => ({ name, type: result.columnType(index).toString() }));
    const rows: Cell[][] = [];
    let resultSize = 0;
    // Reading stops one row past the limit: enough to know that there are more, without producing them all.
    while (rows.length <= limits.maxRows) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) {
        const cells = row.map((value) => toJsonCell(value, duck));
        for (const cell of cells) resultSize += typeof cell === 'string' ? cell.length : 8;
        // DuckDB's memory_limit does not cover text it hands over; the rows kept here count against it too.
        if (resultSize > limits.memoryMb * 1_000_000)
          throw new QueryFailure(
            'query_memory_limit',
            `The query’s result needed more than its ${limits.memoryMb} MB of memory. ` +
              'Select fewer rows or shorter values (left(a_column, 200)), or add a LIMIT, and run it again.',
          );
        rows.push(cells);
        if (rows.length > limits.maxRows) break;
      }
    }
    // An interrupt between two chunks may end the stream early instead of failing it: never pass that off as whole.
    if (timedOut) throw new Error('INTERRUPT Error: Interrupted!');
    const truncated = rows.length > limits.maxRows;
    if (truncated) rows.length = limits.maxRows;
    return { columns, rows, truncated, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof Error && /invalidated|FATAL|INTERNAL Error/u.test(error.message)) void retire(key, engine);
    throw failureFromEngine(error, sql, limits, timedOut);
  } finally {
    clearTimeout(timer);
    clearInterval(reinterrupt);
    connection?.closeSync();
    releaseEngine(engine);
  }
}
