import { stringify } from 'csv-stringify/sync';

/** Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide where one starts). */
const FORMULA_START = /^[=+\-@\t\r]/u;

/**
 * Rows as a CSV file for spreadsheet programs: RFC 4180 quoting (csv-stringify), CRLF line ends, a
 * byte-order mark so accented names open as UTF-8, and text that a spreadsheet would run as a
 * formula (=HYPERLINK(...), +cmd, -1+1, @SUM) prefixed with an apostrophe so it stays text: names
 * are typed by trainees and the file is opened by the instructor.
 */
export function toSpreadsheetCsv(rows: (string | number | null)[][]): string {
  return stringify(rows, {
    bom: true,
    record_delimiter: 'windows',
    quoted_string: true,
    cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
  });
}
