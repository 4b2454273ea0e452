import type { Actor, ServiceContext } from '../context.ts';
import { toSpreadsheetCsv } from '../../lib/spreadsheet-csv.ts';
import { getScoreboard, type Scoreboard } from './scoreboard.ts';

/** The board as CSV: a header row, then a row per member with one column per assigned lab. */
export function scoreboardCsv(board: Scoreboard): string {
  const header = ['rank', 'name', 'points', 'tasks solved', 'last score', ...board.labs.map((lab) => lab.title)];
  const lines = [
    header,
    ...board.rows.map((row) => [row.rank, row.name, row.points, row.tasksSolved, row.lastScoredAt, ...row.labPoints]),
  ];
  return toSpreadsheetCsv(lines);
}

/** The board as a CSV download, under the same rules as the JSON board for the caller. */
export function exportScoreboardCsv(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
): { fileName: string; text: string } {
  const board = getScoreboard(ctx, actor, cohortId, options);
  return {
    fileName: `scoreboard-cohort-${board.cohort.id}${board.frozen ? '-frozen' : ''}.csv`,
    text: scoreboardCsv(board),
  };
}
