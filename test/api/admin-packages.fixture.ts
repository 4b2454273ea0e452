import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPackage } from '../../server/labs/packages/export.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { readAs, type Read } from '../helpers/read.ts';

/** What POST /api/admin/packages answers: an inspection, an installation or the error envelope. */
export interface PackageAnswer {
  dryRun?: boolean;
  kind?: string;
  id?: string;
  labs?: { id: string; version: number; title: string | null; installedVersion: number | null; action: string }[];
  problems?: { file: string; line?: number; column?: number; field?: string; message: string }[];
  code?: { path: string; sha256: string; size: number; text: string }[];
  codeSha256?: string | null;
  validation?: string;
  installable?: boolean;
  installed?: { labId: string; version: number; previousVersion: number | null }[];
  unchanged?: string[];
  error?: { code: string; message: string; field?: string };
}

/** Uploads a package's bytes as the administrator's browser does, with the choices in the query. */
export function upload(
  agent: Agent,
  archive: Buffer,
  query: { dryRun?: boolean; asNewVersion?: boolean; confirmCode?: string } = {},
): Promise<Read<PackageAnswer>> {
  const search = new URLSearchParams(
    Object.entries({ dryRun: true, ...query }).map(([name, value]) => [name, String(value)]),
  );
  return readAs<PackageAnswer>(
    agent.request(`/api/admin/packages?${search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(archive),
    }),
  );
}

/**
 * The package of a lab made from the template in a labs folder of its own, edited by `prepare` first
 * (variants, a higher version, a mistake).
 */
export async function labPackage(id: string, prepare?: (fixture: LabFixture) => Promise<unknown>): Promise<Buffer> {
  const fixture = await LabFixture.create();
  const out = await mkdtemp(join(tmpdir(), 'casebench-package-'));
  try {
    await fixture.addLab(id);
    await prepare?.(fixture);
    await exportPackage(fixture.labsDir, id, join(out, `${id}.zip`));
    return await readFile(join(out, `${id}.zip`));
  } finally {
    await fixture.dispose();
    await rm(out, { recursive: true, force: true });
  }
}

/** A generator for the template lab: its one value is the attacker's address the template's task asks for. */
export async function withGenerator(fixture: LabFixture, id: string): Promise<void> {
  await fixture.addVariants(
    id,
    { attacker_ip: { description: 'the address of the attacker' } },
    'export default () => ({ files: {}, values: { attacker_ip: "192.0.2.15" } });\n',
  );
}

/** The package audit entries: action, subject, actor and details. */
export function packageAudit(harness: Harness) {
  return (
    harness.db.$client
      .prepare(
        "select action, subject, actor_id, details from audit_log where action = 'package.installed' order by id",
      )
      .all() as { action: string; subject: string; actor_id: number; details: string }[]
  ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
