/**
 * The body of a table build (issue #13), run on a build worker thread (build-tables.ts starts it): every
 * artefact parsed into typed rows by its evidence entry's parser and written into one DuckDB file, which
 * the SQL console then opens read-only. The access log is read by DuckDB itself (apache-combined-sql.ts);
 * every other format by its JavaScript parser, appended row by row.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { canonicalIp } from '../tables/delimited.ts';
import { tableNameFromEvidenceId } from '../tables/pattern.ts';
import { parserForTable } from '../tables/registry.ts';
import type { Cell, ColumnType, EvidenceParser, TableSpec } from '../tables/types.ts';
import { MAX_WHOLE_TEXT_BYTES, tooLargeToReadWhole } from '../tables/whole-text.ts';
import { apacheCombinedParser } from '../tables/web-logs.ts';
import { accessSelect, readSomeLines, scanLog } from './apache-combined-sql.ts';
import type { ArtefactToTabulate, BuildOptions, BuiltTable, TablesManifest } from './build-tables.ts';
import { loadDuckDb } from './duckdb-module.ts';
import { quoteIdentifier, quoteText } from './sql-text.ts';

type Duck = Awaited<ReturnType<typeof loadDuckDb>>;
type Problem = TablesManifest['problems'][number];

/**
 * The year handed to parsers whose formats always write one: the lab schema requires `year` for those
 * that do not, so this value never reaches a timestamp (as in the lab self-test).
 */
const NO_YEAR = 1970;
/** How often the progress of DuckDB's read of a log is told (a 1 GB log takes about 9 s). */
const PROGRESS_POLL_MS = 250;
/** Where DuckDB's own reading of a log keeps its rows; the table the console sees is a view of them. */
const PARSED_SCHEMA = 'parsed';

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  real: 'DOUBLE',
  timestamp: 'TIMESTAMPTZ',
  ip: 'VARCHAR',
};

/** A table with its SQL name and where its rows come from. */
interface PlannedTable {
  built: BuiltTable;
  /** The parser's table, whose rows name it by its own name. */
  spec: TableSpec;
  /** The parser's columns in order, under their names in the file (a clash with `line` renamed). */
  columnNames: string[];
  rows: { line: number; values: Cell[] }[];
}

/** An artefact with its parser, its tables, and (unless DuckDB reads it) its parsed rows and problems. */
interface PlannedArtefact {
  artefact: ArtefactToTabulate;
  parser: EvidenceParser;
  tables: PlannedTable[];
  /** Read by DuckDB from the file (the rows are not parsed in JavaScript beforehand). */
  bySql: boolean;
  problems: Problem[];
  bytes: number;
}

/** Column names that keep `line` for the line number: a parser column called line (a CSV header) becomes line_2. */
function namesBesideLine(spec: TableSpec): string[] {
  const taken = new Set(['line', ...spec.columns.map((column) => column.name)]);
  return spec.columns.map((column) => {
    if (column.name !== 'line') return column.name;
    let name = 'line_2';
    for (let suffix = 3; taken.has(name); suffix++) name = `line_${suffix}`;
    taken.add(name);
    return name;
  });
}

/** The artefact's text; a file over a JavaScript string's limit (its size known from planning) is refused unread. */
async function textOf({ artefact, bytes }: PlannedArtefact): Promise<string> {
  if (artefact.text !== undefined) return artefact.text;
  if (artefact.path === undefined) throw new Error(`Evidence "${artefact.evidenceId}" has neither text nor a file.`);
  if (bytes > MAX_WHOLE_TEXT_BYTES) throw new Error(tooLargeToReadWhole(`Evidence "${artefact.evidenceId}"`, bytes));
  return readFile(artefact.path, 'utf8');
}

/**
 * Parses an artefact in JavaScript: its rows, and its problems. Its tables are the parser's declared ones
 * when planned already, else the ones the text gives (CSV headers, JSON keys).
 */
async function parseInJavaScript(plan: PlannedArtefact): Promise<void> {
  const { artefact, parser } = plan;
  const parsed = parser.parse(await textOf(plan), {
    zone: artefact.table.zone,
    year: artefact.table.year ?? NO_YEAR,
  });
  if (plan.tables.length === 0) plan.tables = planTablesOf(artefact, parsed.tables);
  for (const problem of parsed.problems) plan.problems.push({ evidenceId: artefact.evidenceId, ...problem });
  const byParserName = new Map(plan.tables.map((table) => [table.spec.name, table]));
  for (const row of parsed.rows) {
    const table = byParserName.get(row.table);
    if (!table)
      throw new Error(`The parser of "${artefact.evidenceId}" gave a row for an undeclared table ${row.table}.`);
    table.rows.push({ line: row.line, values: row.values });
  }
}

/** The tables of a parser's output (or its declared tables), named for the file. */
function planTablesOf(artefact: ArtefactToTabulate, specs: TableSpec[]): PlannedTable[] {
  const baseName = artefact.table.name ?? tableNameFromEvidenceId(artefact.evidenceId);
  return specs.map((spec, index) => {
    const name = index === 0 ? baseName : `${baseName}_${spec.name}`;
    const columnNames = namesBesideLine(spec);
    return {
      spec,
      columnNames,
      rows: [],
      built: {
        name,
        evidenceId: artefact.evidenceId,
        description: spec.description.includes(artefact.title)
          ? spec.description
          : `${artefact.title}: ${spec.description}`,
        columns: [
          { name: 'line', type: 'line', description: `The line of ${artefact.title} this row comes from.` },
          ...spec.columns.map((column, columnIndex) => ({
            name: columnNames[columnIndex] ?? column.name,
            type: column.type,
            description: column.description,
          })),
        ],
        rows: 0,
      },
    };
  });
}

/**
 * Parses every artefact that JavaScript reads and names every table, refusing two artefacts whose tables
 * would share a name: most failures then happen before any file exists. An access log given as a file is
 * left to DuckDB, with the parser's declared table.
 */
async function planTables(artefacts: ArtefactToTabulate[], options: BuildOptions): Promise<PlannedArtefact[]> {
  const plans: PlannedArtefact[] = [];
  const owners = new Map<string, string>();
  for (const artefact of artefacts) {
    const parser = parserForTable(artefact.table, { id: artefact.evidenceId, title: artefact.title });
    if (!parser) throw new Error(`Evidence "${artefact.evidenceId}" declares no parser or pattern that can read it.`);
    const bySql = options.sqlReaders !== false && parser === apacheCombinedParser && artefact.path !== undefined;
    const bytes =
      artefact.text !== undefined ? Buffer.byteLength(artefact.text) : (await stat(artefact.path ?? '')).size;
    const plan: PlannedArtefact = { artefact, parser, tables: [], bySql, problems: [], bytes };
    if (bySql) plan.tables = planTablesOf(artefact, parser.tables ?? []);
    else await parseInJavaScript(plan);
    for (const table of plan.tables) {
      const owner = owners.get(table.built.name);
      if (owner !== undefined)
        throw new Error(
          `Evidence "${owner}" and "${artefact.evidenceId}" would both give a table named ${table.built.name}: ` +
            'give one of them another table name.',
        );
      owners.set(table.built.name, artefact.evidenceId);
    }
    plans.push(plan);
  }
  return plans;
}

function columnDefinitions(table: PlannedTable): string[] {
  return [
    `line BIGINT NOT NULL`,
    ...table.spec.columns.map(
      (column, index) => `${quoteIdentifier(table.columnNames[index] ?? column.name)} ${SQL_TYPES[column.type]}`,
    ),
  ];
}

/** Comments on the table (or view) and its columns, so that `duckdb_columns()` in the console shows the descriptions. */
function commentStatements(table: PlannedTable, kind: 'TABLE' | 'VIEW'): string[] {
  const name = quoteIdentifier(table.built.name);
  return [
    `COMMENT ON ${kind} ${name} IS ${quoteText(table.built.description)}`,
    ...table.built.columns.map(
      (column) => `COMMENT ON COLUMN ${name}.${quoteIdentifier(column.name)} IS ${quoteText(column.description)}`,
    ),
  ];
}

/** Appends one cell, checking that the parser gave the type its column declares. */
function appendCell(appender: DuckDBAppender, duck: Duck, type: ColumnType, cell: Cell, where: () => string): void {
  if (cell === null) {
    appender.appendNull();
    return;
  }
  if (type === 'text' || type === 'ip') {
    appender.appendVarchar(String(cell));
    return;
  }
  if (typeof cell !== 'number' || !Number.isFinite(cell))
    throw new Error(`${where()}: expected a number for a ${type} column, found ${JSON.stringify(cell)}.`);
  if (type === 'real') appender.appendDouble(cell);
  else if (type === 'integer') {
    if (!Number.isSafeInteger(cell)) throw new Error(`${where()}: expected a whole number, found ${cell}.`);
    appender.appendBigInt(BigInt(cell));
  } else appender.appendTimestampTZ(duck.timestampTZValue(BigInt(Math.round(cell)) * 1000n));
}

/** Appends a parsed table's rows to an existing table `target` (line first, then its columns). */
async function appendRows(
  connection: DuckDBConnection,
  duck: Duck,
  table: PlannedTable,
  target: { schema?: string; name: string },
): Promise<void> {
  const appender = await connection.createAppender(target.name, target.schema ?? null);
  try {
    for (const row of table.rows) {
      if (row.values.length !== table.spec.columns.length)
        throw new Error(`Table ${table.built.name}, line ${row.line}: the parser gave the wrong number of values.`);
      appender.appendBigInt(BigInt(row.line));
      for (const [index, column] of table.spec.columns.entries())
        appendCell(appender, duck, column.type, row.values[index] ?? null, () => {
          return `Table ${table.built.name}, line ${row.line}, column ${column.name}`;
        });
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function writeTable(connection: DuckDBConnection, duck: Duck, table: PlannedTable): Promise<void> {
  await connection.run(`CREATE TABLE ${quoteIdentifier(table.built.name)} (${columnDefinitions(table).join(', ')})`);
  for (const statement of commentStatements(table, 'TABLE')) await connection.run(statement);
  await appendRows(connection, duck, table, { name: table.built.name });
  table.built.rows = table.rows.length;
}

/**
 * Hosts as the parser writes them: an IPv6 address in its canonical form, a name as written. Only the
 * distinct hosts that are not plain dotted quads (flagged by the read, `plain_host`) are looked at, in
 * JavaScript (canonicalIp, as the parser).
 */
async function rewriteHosts(connection: DuckDBConnection, parsedName: string, ip: string): Promise<void> {
  const hosts = (
    await connection.runAndReadAll(
      `SELECT DISTINCT ${ip} FROM ${parsedName} WHERE NOT odd AND NOT blank AND NOT plain_host`,
    )
  )
    .getRows()
    .map(([host]) => String(host));
  const rewritten = hosts.flatMap((host) => {
    const address = canonicalIp(host) ?? host;
    return address === host ? [] : [[host, address] as const];
  });
  if (rewritten.length === 0) return;
  const hostsTable = `${PARSED_SCHEMA}.hosts`;
  await connection.run(`CREATE TABLE ${hostsTable} (host VARCHAR, address VARCHAR)`);
  const appender = await connection.createAppender('hosts', PARSED_SCHEMA);
  try {
    for (const [host, address] of rewritten) {
      appender.appendVarchar(host);
      appender.appendVarchar(address);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await connection.run(
    `UPDATE ${parsedName} SET ${ip} = h.address FROM ${hostsTable} h WHERE ${parsedName}.${ip} = h.host`,
  );
  await connection.run(`DROP TABLE ${hostsTable}`);
}

/**
 * An access log read by DuckDB (apache-combined-sql.ts). The rows go to the `parsed` schema in the file's
 * order, written in parallel; no line is dropped, so a row's position is its line, set afterwards (a
 * row_number() in the same statement would make the whole read one thread's work), and the console's
 * table is a view that puts the line first. When some lines are blank or not for SQL, those lines are
 * read by the JavaScript parser, and the table is written in full, ordered by line. False when DuckDB cannot read the file line by line as the parser
 * splits it (a \r, a BOM, a byte that is the reader's delimiter): the caller parses it in JavaScript.
 */
async function writeTableBySql(
  connection: DuckDBConnection,
  duck: Duck,
  plan: PlannedArtefact,
  table: PlannedTable,
  reading: (share: number) => void,
): Promise<boolean> {
  const path = plan.artefact.path ?? '';
  // The scan runs beside DuckDB's read rather than before it: DuckDB's writer leaves part of a core
  // idle, and the scan fits there (1.6 s of the 1 GB log's build when it ran first).
  const scanning = scanLog(path);
  const name = quoteIdentifier(table.built.name);
  const parsedName = `${PARSED_SCHEMA}.${name}`;
  const columns = table.columnNames.map(quoteIdentifier).join(', ');
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${PARSED_SCHEMA}`);
  // DuckDB's own measure of the read, told as the artefact's share (the read is nine tenths of its build).
  const polling = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage > 0) reading((Math.min(percentage, 100) / 100) * 0.9);
  }, PROGRESS_POLL_MS);
  const created = await connection
    .run(`CREATE TABLE ${parsedName} AS ${accessSelect(path, table.columnNames)}`)
    // Text DuckDB's reader refuses (invalid UTF-8, which JavaScript reads with replacement characters).
    .then(
      () => true,
      () => false,
    )
    .finally(() => clearInterval(polling));
  const scan = await scanning;
  if (!created || !scan.readable) {
    await connection.run(`DROP TABLE IF EXISTS ${parsedName}`);
    return false;
  }
  const counts = await connection.runAndReadAll(
    `SELECT count(*)::DOUBLE, count(*) FILTER (WHERE odd)::DOUBLE, count(*) FILTER (WHERE blank)::DOUBLE FROM ${parsedName}`,
  );
  const [rows = 0, odd = 0, blank = 0] = (counts.getRows()[0] ?? []).map(Number);
  if (rows !== scan.lines) {
    await connection.run(`DROP TABLE ${parsedName}`);
    return false;
  }
  await rewriteHosts(connection, parsedName, quoteIdentifier(table.columnNames[0] ?? 'ip'));
  if (odd === 0 && blank === 0) {
    // A column of its own rather than rowid + 1 in the view: its min and max per row group let a page
    // ordered or filtered by line skip the rest of the table (57 ms against 5 ms on the 1 GB log).
    await connection.run(`ALTER TABLE ${parsedName} ADD COLUMN line BIGINT`);
    await connection.run(`UPDATE ${parsedName} SET line = rowid + 1`);
    await connection.run(`CREATE VIEW ${name} AS SELECT line, ${columns} FROM ${parsedName}`);
    for (const statement of commentStatements(table, 'VIEW')) await connection.run(statement);
    table.built.rows = rows;
    return true;
  }
  // The lines SQL did not read, read again by the parser: a row, a problem, or a line it passes over.
  const oddLines = (
    await connection.runAndReadAll(`SELECT (rowid + 1)::DOUBLE FROM ${parsedName} WHERE odd ORDER BY rowid`)
  )
    .getRows()
    .map(([line]) => Number(line));
  const texts = await readSomeLines(path, oddLines);
  const context = { zone: plan.artefact.table.zone, year: plan.artefact.table.year ?? NO_YEAR };
  for (const line of oddLines) {
    const parsed = plan.parser.parse(texts.get(line) ?? '', context);
    for (const problem of parsed.problems)
      plan.problems.push({ evidenceId: plan.artefact.evidenceId, line, reason: problem.reason });
    for (const row of parsed.rows) table.rows.push({ line, values: row.values });
  }
  const patchName = `${table.built.name}_lines`;
  const patch = `${PARSED_SCHEMA}.${quoteIdentifier(patchName)}`;
  await connection.run(`CREATE TABLE ${patch} (${columnDefinitions(table).join(', ')})`);
  await appendRows(connection, duck, table, { schema: PARSED_SCHEMA, name: patchName });
  await connection.run(
    `CREATE TABLE ${name} AS SELECT * FROM (SELECT rowid + 1 AS line, ${columns} FROM ${parsedName} ` +
      `WHERE NOT odd AND NOT blank UNION ALL SELECT line, ${columns} FROM ${patch}) ORDER BY line`,
  );
  await connection.run(`DROP TABLE ${patch}`);
  await connection.run(`DROP TABLE ${parsedName}`);
  for (const statement of commentStatements(table, 'TABLE')) await connection.run(statement);
  table.built.rows = rows - odd - blank + table.rows.length;
  table.rows = [];
  return true;
}

/**
 * Builds every artefact's tables into a new DuckDB file at `file`, atomically (a temp name, then rename; a failure
 * leaves nothing at `file`, and an earlier build there stays as it was). `onProgress` is awaited after each
 * artefact with the bytes of artefact written so far and in all; when it throws, the build stops and fails.
 * `onReading` is told the same, without waiting, while DuckDB reads a log (a gigabyte takes seconds).
 */
export async function writeTables(
  file: string,
  artefacts: ArtefactToTabulate[],
  onProgress?: (done: number, total: number) => void | Promise<void>,
  options: BuildOptions = {},
  onReading?: (done: number, total: number) => void,
): Promise<TablesManifest> {
  const plans = await planTables(artefacts, options);
  const duck = await loadDuckDb();
  // Beside the target, so that the rename stays on one file system and is atomic.
  const building = `${file}.${randomUUID()}.building`;
  let instance: Awaited<ReturnType<typeof duck.DuckDBInstance.create>> | undefined;
  let connection: DuckDBConnection | undefined;
  try {
    instance = await duck.DuckDBInstance.create(building, {
      threads: String(options.threads ?? Math.min(4, availableParallelism())),
      // The newest storage format: only this server's own DuckDB reads these files (a cache, rebuilt
      // when missing), and its string compression cost less CPU per GB of log than the default,
      // which stays readable by DuckDB 0.10.
      storage_compatibility_version: 'latest',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    // DuckDB measures a query's progress only with its progress bar on; it is never printed here.
    await connection.run('SET enable_progress_bar = true');
    await connection.run('SET enable_progress_bar_print = false');
    const total = plans.reduce((sum, plan) => sum + plan.bytes, 0);
    let done = 0;
    for (const plan of plans) {
      const [first] = plan.tables;
      const reading = (share: number) => onReading?.(done + Math.floor(plan.bytes * share), total);
      if (plan.bySql && first && !(await writeTableBySql(connection, duck, plan, first, reading))) {
        plan.bySql = false;
        await parseInJavaScript(plan);
      }
      if (!plan.bySql) for (const table of plan.tables) await writeTable(connection, duck, table);
      done += plan.bytes;
      await onProgress?.(done, total);
    }
    await connection.run('CHECKPOINT');
    connection.closeSync();
    connection = undefined;
    instance.closeSync();
    instance = undefined;
    await rename(building, file);
  } catch (error) {
    connection?.closeSync();
    instance?.closeSync();
    await rm(building, { force: true });
    await rm(`${building}.wal`, { force: true });
    throw error;
  }
  return {
    tables: plans.flatMap((plan) => plan.tables.map((table) => table.built)),
    problems: plans.flatMap((plan) => plan.problems),
  };
}
