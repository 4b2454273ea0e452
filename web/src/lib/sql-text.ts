/**
 * SQL text for DuckDB, written by the table views so that a trainee sees (and can learn from) the
 * query each view runs: identifiers in double quotes, literals in single quotes, both escaped.
 */

/** A column's kind as the tables list gives it. */
export type ColumnKind = 'line' | 'text' | 'integer' | 'real' | 'timestamp' | 'ip';

/** An identifier (table or column name) quoted for DuckDB: "name", with " doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A text literal for DuckDB: 'text', with ' doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A filter on one column of a table view. */
export type ColumnFilter =
  | { column: string; kind: ColumnKind; op: 'contains'; value: string }
  | { column: string; kind: ColumnKind; op: 'equals'; value: string }
  | { column: string; kind: ColumnKind; op: 'range'; from: string; to: string }
  | { column: string; kind: ColumnKind; op: 'window'; from: string; to: string };

/** What a table view shows: rows (sorted or not) or counts by a column, under its filters. */
export interface TableViewState {
  table: string;
  filters: ColumnFilter[];
  sort?: { column: string; descending: boolean };
  countBy?: string;
  /** With countBy on a timestamp column: count per minute, hour or day (a histogram over time). */
  per?: TimeUnit;
}

/** The units a histogram over time counts in. */
export const TIME_UNITS = ['minute', 'hour', 'day'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

const isNumeric = (kind: ColumnKind) => kind === 'integer' || kind === 'real' || kind === 'line';

/** A value typed into a filter, as a literal of the column's kind (a number stays a number when it is one). */
function valueLiteral(kind: ColumnKind, value: string): string {
  const trimmed = value.trim();
  if (isNumeric(kind) && /^-?\d+(\.\d+)?$/u.test(trimmed)) return trimmed;
  return quoteLiteral(kind === 'timestamp' ? trimmed : value);
}

/** A time from a date-and-time field ("2024-03-05T10:15" or with seconds), read as UTC. */
export function utcTimestampLiteral(local: string): string {
  const [date = '', time = '00:00'] = local.trim().split('T');
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  return `TIMESTAMPTZ ${quoteLiteral(`${date} ${withSeconds}+00`)}`;
}

/** The condition of one filter. */
function condition(filter: ColumnFilter): string {
  const column = quoteIdentifier(filter.column);
  switch (filter.op) {
    case 'contains': {
      // ILIKE's own wildcards in the typed text are matched as themselves.
      const needsEscape = /[%_\\]/u.test(filter.value);
      const pattern = needsEscape ? filter.value.replace(/[%_\\]/gu, (character) => `\\${character}`) : filter.value;
      const text = filter.kind === 'text' || filter.kind === 'ip' ? column : `CAST(${column} AS VARCHAR)`;
      return `${text} ILIKE ${quoteLiteral(`%${pattern}%`)}${needsEscape ? ` ESCAPE '\\'` : ''}`;
    }
    case 'equals':
      return `${column} = ${valueLiteral(filter.kind, filter.value)}`;
    case 'range':
    case 'window': {
      const bound = (value: string) =>
        filter.op === 'window' ? utcTimestampLiteral(value) : valueLiteral(filter.kind, value);
      const parts: string[] = [];
      if (filter.from.trim()) parts.push(`${column} >= ${bound(filter.from)}`);
      // A time window ends before its end minute; a range includes its upper value.
      if (filter.to.trim()) parts.push(`${column} ${filter.op === 'window' ? '<' : '<='} ${bound(filter.to)}`);
      return parts.join(' AND ') || 'TRUE';
    }
  }
}

/** The WHERE clause of a set of filters, or nothing. */
function whereClause(filters: ColumnFilter[]): string {
  return filters.length === 0 ? '' : `\nWHERE ${filters.map(condition).join('\n  AND ')}`;
}

/** The query a table view runs. */
export function tableViewQuery(view: TableViewState): string {
  const table = quoteIdentifier(view.table);
  const where = whereClause(view.filters);
  if (view.countBy !== undefined && view.per !== undefined) {
    const bucket = `date_trunc(${quoteLiteral(view.per)}, ${quoteIdentifier(view.countBy)})`;
    return `SELECT ${bucket} AS ${quoteIdentifier(view.per)}, count(*) AS "count"\nFROM ${table}${where}\nGROUP BY ${bucket}\nORDER BY ${quoteIdentifier(view.per)}`;
  }
  if (view.countBy !== undefined) {
    const column = quoteIdentifier(view.countBy);
    return `SELECT ${column}, count(*) AS "count"\nFROM ${table}${where}\nGROUP BY ${column}\nORDER BY "count" DESC, ${column}`;
  }
  const order = view.sort
    ? `\nORDER BY ${quoteIdentifier(view.sort.column)} ${view.sort.descending ? 'DESC' : 'ASC'}`
    : '\nORDER BY "line"';
  return `SELECT *\nFROM ${table}${where}${order}`;
}

/** The names of `tables` that a query mentions (as words or quoted identifiers), in the order given. */
export function tablesMentioned(sql: string, tables: readonly string[]): string[] {
  const words = new Set<string>();
  for (const match of sql.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)/gu))
    words.add(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]!.toLowerCase());
  return tables.filter((table) => words.has(table) || words.has(table.toLowerCase()));
}
