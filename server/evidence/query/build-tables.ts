/**
 * Evidence as SQL tables (issue #13): every artefact of a trainee's lab variant, parsed into typed rows by
 * its evidence entry's parser, written into one DuckDB file that the SQL console then opens read-only.
 */
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { tableNameFromEvidenceId } from '../tables/pattern.ts';
import { parserForTable, type TableDeclaration } from '../tables/registry.ts';
import type { Cell, ColumnType, TableSpec } from '../tables/types.ts';
import { loadDuckDb } from './duckdb-module.ts';

/** One artefact to turn into tables. */
export interface ArtefactToTabulate {
  /** The lab's evidence id, e.g. "auth-log". */
  evidenceId: string;
  /** Its title, for descriptions. */
  title: string;
  /** The artefact's text (lab artefacts are small). */
  text: string;
  /** The evidence entry's `table` field as parsed by the lab schema. */
  table: TableDeclaration & { zone: string; year?: number };
}

/** A table as written to the file, for the console's table view and completion. */
export interface BuiltTable {
  name: string;
  evidenceId: string;
  description: string;
  /** `line` first, then the parser's columns. */
  columns: { name: string; type: ColumnType | 'line'; description: string }[];
  rows: number;
}

/** What a build wrote, and the lines it could not read. */
export interface TablesManifest {
  tables: BuiltTable[];
  problems: { evidenceId: string; line: number; reason: string }[];
}

/**
 * The year handed to parsers whose formats always write one: the lab schema requires `year` for those
 * that do not, so this value never reaches a timestamp (as in the lab self-test).
 */
const NO_YEAR = 1970;

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  real: 'DOUBLE',
  timestamp: 'TIMESTAMPTZ',
  ip: 'VARCHAR',
};

/** A parsed table with its SQL name and where its rows go. */
interface PlannedTable {
  built: BuiltTable;
  /** The parser's table, whose rows name it by its own name. */
  spec: TableSpec;
  /** The parser's columns in order, under their names in the file (a clash with `line` renamed). */
  columnNames: string[];
  rows: { line: number; values: Cell[] }[];
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
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

/** Parses every artefact and names its tables, refusing two artefacts whose tables would share a name. */
async function planTables(artefacts: ArtefactToTabulate[]): Promise<{
  planned: PlannedTable[];
  problems: TablesManifest['problems'];
}> {
  const planned: PlannedTable[] = [];
  const problems: TablesManifest['problems'] = [];
  const owners = new Map<string, string>();
  for (const artefact of artefacts) {
    // Parsing is synchronous: other requests get their turn between two artefacts.
    await nextTurn();
    const parser = parserForTable(artefact.table, { id: artefact.evidenceId, title: artefact.title });
    if (!parser) throw new Error(`Evidence "${artefact.evidenceId}" declares no parser or pattern that can read it.`);
    const parsed = parser.parse(artefact.text, { zone: artefact.table.zone, year: artefact.table.year ?? NO_YEAR });
    for (const problem of parsed.problems) problems.push({ evidenceId: artefact.evidenceId, ...problem });
    const baseName = artefact.table.name ?? tableNameFromEvidenceId(artefact.evidenceId);
    const byParserName = new Map<string, PlannedTable>();
    parsed.tables.forEach((spec, index) => {
      const name = index === 0 ? baseName : `${baseName}_${spec.name}`;
      const owner = owners.get(name);
      if (owner !== undefined)
        throw new Error(
          `Evidence "${owner}" and "${artefact.evidenceId}" would both give a table named ${name}: ` +
            'give one of them another table name.',
        );
      owners.set(name, artefact.evidenceId);
      const columnNames = namesBesideLine(spec);
      const table: PlannedTable = {
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
            ...spec.columns.map((column, column_index) => ({
              name: columnNames[column_index] ?? column.name,
              type: column.type,
              description: column.description,
            })),
          ],
          rows: 0,
        },
      };
      byParserName.set(spec.name, table);
      planned.push(table);
    });
    for (const row of parsed.rows) {
      const table = byParserName.get(row.table);
      if (!table)
        throw new Error(`The parser of "${artefact.evidenceId}" gave a row for an undeclared table ${row.table}.`);
      table.rows.push({ line: row.line, values: row.values });
    }
  }
  return { planned, problems };
}

function tableDefinition(table: PlannedTable): string {
  const columns = [
    `line BIGINT NOT NULL`,
    ...table.spec.columns.map(
      (column, index) => `${quoteIdentifier(table.columnNames[index] ?? column.name)} ${SQL_TYPES[column.type]}`,
    ),
  ];
  return `CREATE TABLE ${quoteIdentifier(table.built.name)} (${columns.join(', ')})`;
}

/** Comments on the table and its columns, so that `duckdb_columns()` in the console shows the descriptions too. */
function commentStatements(table: PlannedTable): string[] {
  const name = quoteIdentifier(table.built.name);
  return [
    `COMMENT ON TABLE ${name} IS ${quoteText(table.built.description)}`,
    ...table.built.columns.map(
      (column) => `COMMENT ON COLUMN ${name}.${quoteIdentifier(column.name)} IS ${quoteText(column.description)}`,
    ),
  ];
}

/** Appends one cell, checking that the parser gave the type its column declares. */
function appendCell(
  appender: DuckDBAppender,
  duck: Awaited<ReturnType<typeof loadDuckDb>>,
  type: ColumnType,
  cell: Cell,
  where: () => string,
): void {
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

async function writeTable(
  connection: DuckDBConnection,
  duck: Awaited<ReturnType<typeof loadDuckDb>>,
  table: PlannedTable,
): Promise<void> {
  await connection.run(tableDefinition(table));
  for (const statement of commentStatements(table)) await connection.run(statement);
  const appender = await connection.createAppender(table.built.name);
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
  table.built.rows = table.rows.length;
}

/**
 * Builds every artefact's tables into a new DuckDB file at `file`, atomically (a temp name, then rename; a failure
 * leaves nothing at `file`, and an earlier build there stays as it was). `onProgress` is called after each
 * artefact with the bytes of artefact text written so far and in all.
 */
export async function buildTables(
  file: string,
  artefacts: ArtefactToTabulate[],
  onProgress?: (done: number, total: number) => void,
): Promise<TablesManifest> {
  // Parsing and naming first: most failures (a clash of names, an unknown parser) then happen before any file exists.
  const { planned, problems } = await planTables(artefacts);
  const duck = await loadDuckDb();
  // Beside the target, so that the rename stays on one file system and is atomic.
  const building = `${file}.${randomUUID()}.building`;
  let instance: Awaited<ReturnType<typeof duck.DuckDBInstance.create>> | undefined;
  let connection: DuckDBConnection | undefined;
  try {
    instance = await duck.DuckDBInstance.create(building, {
      threads: '1',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    const sizes = artefacts.map((artefact) => Buffer.byteLength(artefact.text));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    let done = 0;
    for (const [index, artefact] of artefacts.entries()) {
      for (const table of planned)
        if (table.built.evidenceId === artefact.evidenceId) await writeTable(connection, duck, table);
      done += sizes[index] ?? 0;
      onProgress?.(done, total);
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
  return { tables: planned.map((table) => table.built), problems };
}
