import { parse } from 'csv-parse/sync';

/** Reads a CSV export into objects keyed by its header row (csv-parse, RFC 4180), as the solvers read exhibits. */
export function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<
    string,
    string
  >[];
}
