import type { InferResponseType } from 'hono/client';
import { client, read } from './api.ts';

type PackageRoute = typeof client.admin.packages.$post;
type PackageAnswer = InferResponseType<PackageRoute, 200>;

export type PackageInspection = Extract<PackageAnswer, { dryRun: true }>;
export type PackageInstallation = Extract<PackageAnswer, { dryRun: false }>;
export type PackageLab = PackageInspection['labs'][number];
export type PackageProblem = PackageInspection['problems'][number];

/**
 * Sends a package's .zip as the body (application/octet-stream: the CSRF rule allows it, forms do not
 * send it), the choices in the query. The route answers an inspection or an installation as dryRun asks.
 */
function send(
  file: Blob,
  query: { dryRun: boolean; asNewVersion: boolean; confirmCode?: string | null },
): Promise<PackageAnswer> {
  const request = client.admin.packages.$post(
    {
      query: {
        dryRun: String(query.dryRun) as 'true' | 'false',
        asNewVersion: String(query.asNewVersion) as 'true' | 'false',
        ...(query.confirmCode ? { confirmCode: query.confirmCode } : {}),
      },
    },
    { headers: { 'content-type': 'application/octet-stream' }, init: { body: file } },
  );
  return read(request as Promise<Response & { json(): Promise<PackageAnswer> }>);
}

/** Lab packages (administrators only): inspect, install, and the address of an export. */
export const adminPackages = {
  inspect: async (file: Blob, asNewVersion: boolean) =>
    (await send(file, { dryRun: true, asNewVersion })) as PackageInspection,
  install: async (file: Blob, asNewVersion: boolean, confirmCode: string | null) =>
    (await send(file, { dryRun: false, asNewVersion, confirmCode })) as PackageInstallation,
  exportUrl: (id: string) => `/api/admin/packages/export?id=${encodeURIComponent(id)}`,
};

/** Where a problem is, as `npm run lab -- validate` writes it: file:line:column and the field. */
export function problemPlace(problem: PackageProblem): string {
  const position = problem.line ? `:${problem.line}:${problem.column ?? 1}` : '';
  return `${problem.file}${position}${problem.field ? ` ${problem.field}` : ''}`;
}
