import type { InferResponseType } from 'hono/client';
import { client, read } from './api.ts';

type ImportRoute = typeof client.admin.accounts.import.$post;
type ImportAnswer = InferResponseType<ImportRoute, 200>;

export type ImportPreview = Extract<ImportAnswer, { dryRun: true }>;
export type ImportReport = Extract<ImportAnswer, { dryRun: false }>;
export type AcceptedRow = ImportPreview['accepted'][number];
export type RefusedRow = ImportPreview['refused'][number];
export type CreatedRow = ImportReport['created'][number];
export type AdminOverview = InferResponseType<typeof client.admin.overview.$get, 200>;
export type AuditPage = InferResponseType<typeof client.admin.audit.$get, 200>;
export type AdminAuditEntry = AuditPage['entries'][number];

/** The largest import file the server takes (MAX_IMPORT_BYTES in server/services/admin/account-import.ts). */
export const MAX_IMPORT_BYTES = 40 * 1024;

/** The administrator's start page and the CSV import (administrators only). */
export const adminOverview = {
  overview: () => read(client.admin.overview.$get()),
  audit: (page: { limit: number; offset: number }) =>
    read(client.admin.audit.$get({ query: { limit: String(page.limit), offset: String(page.offset) } })),
  preview: async (csv: string) => (await sendImport(csv, true)) as ImportPreview,
  import: async (csv: string) => (await sendImport(csv, false)) as ImportReport,
};

/** The import route answers a preview or a report as dryRun asks: one union, read as such. */
function sendImport(csv: string, dryRun: boolean): Promise<ImportAnswer> {
  const request = client.admin.accounts.import.$post({ json: { csv, dryRun } });
  return read(request as Promise<Response & { json(): Promise<ImportAnswer> }>);
}
