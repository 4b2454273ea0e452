import type { Actor, ServiceContext } from './context.ts';
import { getScoreboard, type Scoreboard } from './scoreboard.ts';

/**
 * One CSV field. Text a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe, since display names are whatever trainees typed; then fields holding
 * quotes, commas or line breaks are quoted, with quotes doubled (RFC 4180).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The board as CSV: a header row, then a row per member with one column per assigned lab. */
export function scoreboardCsv(board: Scoreboard): string {
  const header = ['rank', 'name', 'points', 'tasks solved', 'last score', ...board.labs.map((lab) => lab.title)];
  const lines = [header, ...board.rows.map((row) => [row.rank, row.name, row.points, row.tasksSolved, row.lastScoredAt, ...row.labPoints])];
  // CRLF as RFC 4180 asks; the byte order mark makes spreadsheet programs read the names as UTF-8.
  return `\uFEFF${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The board as a CSV download, under the same rules as the JSON board for the caller. */
export function exportScoreboardCsv(ctx: ServiceContext, actor: Actor, cohortId: number, options: { limit: number }): { fileName: string; text: string } {
  const board = getScoreboard(ctx, actor, cohortId, options);
  return { fileName: `scoreboard-cohort-${board.cohort.id}${board.frozen ? '-frozen' : ''}.csv`, text: scoreboardCsv(board) };
}
