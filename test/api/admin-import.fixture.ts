import type { ErrorBody } from '../../server/errors.ts';
import type { ImportPreview, ImportReport } from '../../server/services/admin/account-import.ts';
import type { Agent } from '../helpers/harness.ts';

/** Sends a CSV file to the import route as the agent: a preview unless `dryRun` is false. */
export function importCsv<T = ImportPreview>(agent: Agent, csv: string, dryRun = true) {
  return agent.json<T & ErrorBody>('POST', '/api/admin/accounts/import', { csv, dryRun });
}

/** Sends a CSV file for real: the report. */
export function importForReal(agent: Agent, csv: string) {
  return importCsv<ImportReport>(agent, csv, false);
}

/** A CSV file from its lines, with the line ends a spreadsheet program saves. */
export function csvOf(...lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}
