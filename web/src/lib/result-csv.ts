/** Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide where one starts). */
const FORMULA_START = /^[=+\-@\t\r]/u;

/** One CSV field: text that a spreadsheet would run as a formula gets an apostrophe; every text is quoted. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * A query result as a CSV file for spreadsheet programs, by the same rule as the server's exports
 * (server/lib/spreadsheet-csv.ts): RFC 4180 quoting, CRLF line ends, a byte-order mark, and text
 * that would run as a formula (=HYPERLINK(...), +cmd, -1+1, @SUM) prefixed with an apostrophe.
 */
export function resultCsv(columns: readonly string[], rows: readonly (string | number | boolean | null)[][]): string {
  const lines = [columns.map(csvField), ...rows.map((row) => row.map(csvField))].map((fields) => fields.join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Makes the browser download `text` as a CSV file named `fileName`. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
