/**
 * Evidence as tables (issue #13): what a parser turns an artefact into. A parser reads the text of
 * one artefact of one variant and gives one or more tables of typed rows; every row keeps the line
 * of the artefact it came from, so a result can be cited with its artefact and line. A line that
 * does not parse is reported with its number and the reason, never silently dropped.
 */

/**
 * The type of a column:
 * - text: as written (trimmed of the format's own quoting);
 * - integer, real: numbers (a "-" or empty field is null);
 * - timestamp: an instant, as milliseconds since 1970 UTC; the zone it was written in is kept in the
 *   row's `source_zone` column (see TIMESTAMP_ZONE_COLUMN);
 * - ip: an IPv4 or IPv6 address in its canonical form (ipaddr.js), text in the table.
 */
export type ColumnType = 'text' | 'integer' | 'real' | 'timestamp' | 'ip';

export interface Column {
  /** lower_snake_case, a valid SQL identifier that needs no quoting. */
  name: string;
  type: ColumnType;
  /** One line for the trainee: what the column holds, as the table view and completion show it. */
  description: string;
}

/** A table a parser gives: its name (lower_snake_case) and columns, in order. */
export interface TableSpec {
  name: string;
  description: string;
  columns: Column[];
}

/** A value in a row: text, a number (integers, reals, timestamps in ms UTC), or null for absent. */
export type Cell = string | number | null;

/** One row of one table, with the 1-based line of the artefact where its record starts. */
export interface Row {
  table: string;
  line: number;
  /** In the order of the table's columns. */
  values: Cell[];
}

/** A line (or record) that did not parse: where, and why, in words for the lab author. */
export interface ParseProblem {
  line: number;
  reason: string;
}

/** What a parser knows besides the text. */
export interface ParseContext {
  /**
   * The zone of timestamps written without one (syslog, DHCP leases...): an IANA name
   * ("Europe/Vienna") or a fixed offset ("+02:00", "UTC"). Timestamps that carry their own offset
   * keep it.
   */
  zone: string;
  /** The year of timestamps written without one (syslog's "Oct  9 11:30:00"). */
  year: number;
}

/** Every table with a timestamp column has this text column last: the zone or offset the time was written in. */
export const TIMESTAMP_ZONE_COLUMN = 'source_zone';

/** The source_zone column, described as the parser's format has its times. */
export function sourceZoneColumn(description: string): Column {
  return { name: TIMESTAMP_ZONE_COLUMN, type: 'text', description };
}

export interface ParsedArtefact {
  tables: TableSpec[];
  rows: Row[];
  problems: ParseProblem[];
}

/**
 * A built-in parser, by the name a lab's evidence entry gives it (`table: { parser: syslog }`).
 * Parsers are pure: the same text and context give the same tables, rows and problems.
 */
export interface EvidenceParser {
  id: string;
  /** For labs/README.md and the validator's messages. */
  description: string;
  /**
   * The tables it gives whatever the text (empty tables when no row matched), or undefined when they
   * depend on the text (CSV, TSV and JSON lines take their columns from the header or the keys).
   */
  tables?: TableSpec[];
  parse: (text: string, context: ParseContext) => ParsedArtefact;
}
