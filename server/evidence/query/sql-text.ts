/** Quoting for SQL written by the table build (write-tables.ts, apache-combined-sql.ts). */

/** A name as a DuckDB identifier: in double quotes, a double quote doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Text as a DuckDB string literal: in single quotes, a single quote doubled. */
export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
