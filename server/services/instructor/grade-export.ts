import type { Actor, ServiceContext } from '../context.ts';
import { toSpreadsheetCsv } from '../../lib/spreadsheet-csv.ts';
import { keyOf, loadCohortScope, taskResultsInScope } from './cohort-scope.ts';

/** A file name part from free text: lower-case ASCII letters, digits and single hyphens. */
function fileNamePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 60);
}

/**
 * The grades of a cohort as a spreadsheet: one row per member (display name, username), one column
 * of points per assigned lab in assignment order, and the total. Starts with a byte-order mark so
 * that spreadsheet programs read accented names as UTF-8.
 */
export function exportGradesCsv(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
): { fileName: string; csv: string } {
  const scope = loadCohortScope(ctx, actor, cohortId);
  const points = new Map<string, number>();
  for (const row of taskResultsInScope(ctx, scope))
    points.set(keyOf(row.userId, row.labId), (points.get(keyOf(row.userId, row.labId)) ?? 0) + row.points);

  const header = ['Display name', 'Username', ...scope.labs.map(({ lab }) => lab.definition.title), 'Total'];
  const rows = scope.members.map((member) => {
    const perLab = scope.labs.map(({ id }) => points.get(keyOf(member.id, id)) ?? 0);
    return [member.displayName, member.username, ...perLab, perLab.reduce((total, value) => total + value, 0)];
  });
  const date = ctx.now().toISOString().slice(0, 10);
  const name = fileNamePart(scope.cohort.name) || `cohort-${scope.cohort.id}`;
  return { fileName: `grades-${name}-${date}.csv`, csv: toSpreadsheetCsv([header, ...rows]) };
}
