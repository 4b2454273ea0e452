import { canonicalIp } from './delimited.ts';
import { parseIsoTimestamp, parseTimestamp } from './time.ts';
import {
  type Cell,
  type Column,
  type ColumnType,
  type EvidenceParser,
  type ParseContext,
  type ParsedArtefact,
  type ParseProblem,
  type Row,
  TIMESTAMP_ZONE_COLUMN,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * A lab author's own table (issue #13): a regular expression with named groups, read line by line,
 * each named group a typed column. For the logs no built-in parser knows (door controllers, an
 * application's own log), so that a lab need not convert its evidence to CSV first.
 */

export const COLUMN_TYPES = ['text', 'integer', 'real', 'timestamp', 'ip'] as const satisfies readonly ColumnType[];

/** One column of a pattern table, as lab.yaml declares it under `columns`. */
export interface PatternColumn {
  type: string;
  /** A Luxon format for a timestamp column; without one the value must be ISO 8601. */
  format?: string;
  description?: string;
}

/** A pattern table as lab.yaml declares it (before defaults). */
export interface PatternTableDeclaration {
  name?: string;
  pattern: string;
  columns: Record<string, PatternColumn>;
  skip?: string;
  year?: number;
}

/** A problem with a declaration, at a path below the `table` field, in words for the lab author. */
export interface DeclarationProblem {
  path: string[];
  message: string;
}

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/u;

/** Words SQLite refuses as a table or column name unless quoted (checked against better-sqlite3's SQLite). */
const SQL_RESERVED = new Set(
  (
    'add all alter and as autoincrement between case cast check collate commit constraint create default ' +
    'deferrable delete distinct drop else escape except exists foreign from group having if in index insert ' +
    'intersect into is isnull join limit not nothing notnull null on or order primary raise references returning ' +
    'select set table then to transaction union unique update using values when where'
  ).split(' '),
);

/** Column names every row has already: its line, and the zone of its times. */
const TAKEN_COLUMNS = ['line', TIMESTAMP_ZONE_COLUMN];

/** Why `name` cannot name a table or column, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  if (!SNAKE_CASE.test(name))
    return `"${name}" is not a valid name: use lower_snake_case (a-z, digits and _, starting with a letter)`;
  if (SQL_RESERVED.has(name)) return `"${name}" is an SQL keyword, which a query would have to quote: choose another`;
  return undefined;
}

/** The table name an evidence id gives when the declaration names none: "door-log" becomes "door_log". */
export function tableNameFromEvidenceId(id: string): string {
  const name = id.replaceAll('-', '_');
  return /^[a-z]/u.test(name) && !SQL_RESERVED.has(name) ? name : `evidence_${name}`;
}

/** The pattern compiled, or the engine's reason why it does not compile. */
function compile(source: string): RegExp | string {
  try {
    return new RegExp(source, 'u');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The names of the pattern's named groups in the order they open. */
function groupNames(pattern: RegExp): string[] {
  // An empty alternative always matches, and the match lists every named group, set or not.
  const always = new RegExp(`(?:${pattern.source})|`, pattern.flags).exec('');
  return Object.keys(always?.groups ?? {});
}

/**
 * Everything wrong with a declaration: a pattern or skip pattern that does not compile, a named
 * group without a column or a column without a group, names that are not plain SQL identifiers or
 * clash with `line` and `source_zone`, unknown types, a format on a column that is no timestamp,
 * and a timestamp format without a year when the declaration gives none.
 */
export function declarationProblems(declaration: PatternTableDeclaration): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  if (declaration.name !== undefined) {
    const problem = identifierProblem(declaration.name);
    if (problem) problems.push({ path: ['name'], message: problem });
  }
  if (declaration.skip !== undefined) {
    const skip = compile(declaration.skip);
    if (typeof skip === 'string')
      problems.push({ path: ['skip'], message: `the skip pattern does not compile: ${skip}` });
  }
  const columns = Object.entries(declaration.columns);
  for (const [name, column] of columns) {
    const at = ['columns', name];
    const problem = identifierProblem(name);
    if (problem) problems.push({ path: at, message: problem });
    else if (TAKEN_COLUMNS.includes(name))
      problems.push({ path: at, message: `"${name}" is a column every table has already: rename the group` });
    if (!(COLUMN_TYPES as readonly string[]).includes(column.type))
      problems.push({
        path: [...at, 'type'],
        message: `unknown column type "${column.type}"; expected one of ${COLUMN_TYPES.join(', ')}`,
      });
    if (column.format !== undefined && column.type !== 'timestamp')
      problems.push({ path: [...at, 'format'], message: 'only a timestamp column takes a format' });
    if (column.format !== undefined && column.type === 'timestamp' && declaration.year === undefined) {
      if (!/y/u.test(column.format.replace(/'[^']*'/gu, '')))
        problems.push({
          path: ['year'],
          message: `the format of column "${name}" has no year: give the year the log was written in, e.g. year: 2024`,
        });
    }
  }
  const pattern = compile(declaration.pattern);
  if (typeof pattern === 'string') {
    problems.push({ path: ['pattern'], message: `the pattern does not compile: ${pattern}` });
    return problems;
  }
  const groups = groupNames(pattern);
  if (groups.length === 0)
    problems.push({ path: ['pattern'], message: 'the pattern has no named group: write each column as (?<name>...)' });
  for (const group of groups)
    if (!Object.hasOwn(declaration.columns, group))
      problems.push({
        path: ['columns'],
        message: `the pattern's group "${group}" has no column: add "${group}: text" (or another type) under columns`,
      });
  for (const [name] of columns)
    if (!groups.includes(name))
      problems.push({ path: ['columns', name], message: `the pattern has no group (?<${name}>...) for this column` });
  return problems;
}

const INTEGER = /^[+-]?\d+$/u;
const REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/u;

/** A captured value as a cell of its column, the zone a timestamp was written in, or why it does not convert. */
function convert(
  value: string,
  column: PatternColumn,
  context: ParseContext,
): { cell: Cell; zone?: string } | { problem: string } {
  switch (column.type) {
    case 'integer': {
      const number = Number(value);
      if (INTEGER.test(value) && Number.isSafeInteger(number)) return { cell: number };
      return { problem: 'expected a whole number' };
    }
    case 'real':
      return REAL.test(value) && Number.isFinite(Number(value))
        ? { cell: Number(value) }
        : { problem: 'expected a number' };
    case 'timestamp': {
      const instant =
        column.format === undefined
          ? parseIsoTimestamp(value, context.zone)
          : parseTimestamp(value, column.format, context);
      if (instant) return { cell: instant.ms, zone: instant.zone };
      return {
        problem:
          column.format === undefined
            ? 'expected an ISO 8601 time such as 2024-03-04T08:12:44'
            : `expected a time in the format "${column.format}" (or a time the calendar has)`,
      };
    }
    case 'ip': {
      const ip = canonicalIp(value);
      return ip === undefined ? { problem: 'expected an IPv4 or IPv6 address' } : { cell: ip };
    }
    default:
      return { cell: value };
  }
}

/** The start of a line, for a reason: enough to find it, never a whole long line. */
function lineStart(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * The parser a valid declaration describes (check it with declarationProblems first): one table,
 * named `name` (or the given default), its columns in the order of `columns`, then `source_zone`
 * when any column is a timestamp (the zone of the row's first time). Blank lines and lines matching
 * `skip` are passed over; another line the pattern does not match, or a value that does not convert
 * to its column's type, is a problem with its line.
 */
export function patternParser(
  declaration: PatternTableDeclaration,
  defaults: { name: string; description: string },
): EvidenceParser {
  const pattern = new RegExp(declaration.pattern, 'u');
  const skip = declaration.skip === undefined ? undefined : new RegExp(declaration.skip, 'u');
  const entries = Object.entries(declaration.columns);
  const hasTimestamp = entries.some(([, column]) => column.type === 'timestamp');
  const columns: Column[] = entries.map(([name, column]) => ({
    name,
    type: column.type as ColumnType,
    description: column.description ?? `The pattern's group "${name}".`,
  }));
  if (hasTimestamp) columns.push(sourceZoneColumn('The zone or offset the row’s first time was written in.'));
  const table: TableSpec = { name: declaration.name ?? defaults.name, description: defaults.description, columns };

  function parse(text: string, context: ParseContext): ParsedArtefact {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    text.split('\n').forEach((raw, index) => {
      const line = index + 1;
      const source = raw.replace(/\r$/u, '');
      if (source.trim() === '' || skip?.test(source)) return;
      const match = pattern.exec(source);
      if (!match) {
        problems.push({ line, reason: `The pattern does not match the line ${lineStart(source)}.` });
        return;
      }
      const values: Cell[] = [];
      let rowZone: string | null = null;
      for (const [name, column] of entries) {
        const value = match.groups?.[name];
        // A group that took no part, and an empty or "-" value of a typed column, are absent.
        if (value === undefined || (column.type !== 'text' && (value === '' || value === '-'))) {
          values.push(null);
          continue;
        }
        const converted = convert(value, column, context);
        if ('problem' in converted) {
          problems.push({
            line,
            reason: `Column "${name}" (${column.type}): ${converted.problem}, found ${lineStart(value)}.`,
          });
          return;
        }
        if (converted.zone !== undefined && rowZone === null) rowZone = converted.zone;
        values.push(converted.cell);
      }
      if (hasTimestamp) values.push(rowZone);
      rows.push({ table: table.name, line, values });
    });
    return { tables: [table], rows, problems };
  }

  return {
    id: 'pattern',
    description: 'The lab’s own pattern: one row per matching line, a column per named group.',
    tables: [table],
    parse,
  };
}
