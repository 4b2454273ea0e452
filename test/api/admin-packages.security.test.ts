import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { expectCrossSitePostRefused } from '../helpers/refusals.ts';
import { apiTest } from '../helpers/fixtures.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { labPackage, upload, withGenerator } from './admin-packages.fixture.ts';

/** The usual world plus a package with generator code, made once per test. */
const it = apiTest.extend('archive', () =>
  labPackage('generated-lab', (fixture) => withGenerator(fixture, 'generated-lab')),
);

/** What an installation could change: compared before and after refused requests. */
function installState(harness: Harness) {
  return {
    labs: [...harness.services.library.labs.keys()].sort(),
    rows: harness.snapshot({ audit: 'select * from audit_log order by id' }),
  };
}

describe('who may install lab packages', () => {
  it('refuses anonymous callers with 401 and every other role with 403, inspecting or installing, changing nothing', async ({
    harness,
    archive,
    instructor,
    trainee,
    adminAgent,
  }) => {
    const codeSha256 = (await upload(adminAgent, archive)).body.codeSha256!;
    // An instructor marked as a lab author is still no administrator.
    const author = await harness.user('ariadne', 'instructor');
    expect((await adminAgent.json('PUT', `/api/authoring/authors/${author.id}`, { author: true })).status).toBe(200);
    const authorAgent = await harness.signIn(author);
    const before = installState(harness);
    const callers = [
      { agent: harness.anonymous(), status: 401, code: 'unauthenticated' },
      { agent: trainee, status: 403, code: 'forbidden' },
      { agent: instructor, status: 403, code: 'forbidden' },
      { agent: authorAgent, status: 403, code: 'forbidden' },
    ];
    for (const { agent, status, code } of callers)
      for (const query of [{}, { dryRun: false }, { dryRun: false, confirmCode: codeSha256 }]) {
        const answer = await upload(agent, archive, query);
        expect({
          who: agent.user?.username ?? 'anonymous',
          query,
          status: answer.status,
          code: answer.body.error?.code,
        }).toEqual({
          who: agent.user?.username ?? 'anonymous',
          query,
          status,
          code,
        });
        // Nobody but an administrator gets to see the code.
        expect(answer.text).not.toContain('attacker_ip');
      }
    expect(installState(harness)).toEqual(before);
  });

  it('refuses cross-site uploads and form or text bodies', async ({ harness, adminAgent, archive }) => {
    const before = installState(harness);
    await expectCrossSitePostRefused(adminAgent, '/api/admin/packages?dryRun=false');
    for (const type of ['multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await adminAgent.request('/api/admin/packages?dryRun=false', {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(archive),
      });
      expect({ type, status: answer.status }).toEqual({ type, status: 415 });
    }
    expect(installState(harness)).toEqual(before);
  });

  it('refuses a body over the upload limit before reading it', async ({ adminAgent }) => {
    const answer = await adminAgent.request('/api/admin/packages', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(257 * 1024 * 1024) },
      body: new Uint8Array(16),
    });
    expect(answer.status).toBe(413);
    expect(await answer.text()).toContain('a lab package may be at most 256 MB');
  });

  it('counts the generator lab.yaml names as code whatever its file name', async ({ harness, adminAgent }) => {
    const fixture = await LabFixture.create();
    try {
      await fixture.addLab('odd-lab');
      await withGenerator(fixture, 'odd-lab');
      await fixture.edit('odd-lab', 'generator: generate.ts', 'generator: evidence/tables.dat');
      await rename(fixture.labFile('odd-lab', 'generate.ts'), fixture.labFile('odd-lab', 'evidence/tables.dat'));
      const files = await folderEntries(join(fixture.labsDir, 'odd-lab'), 'odd-lab');
      const archive = await zipOf([manifestEntry([{ id: 'odd-lab', version: 1 }], files), ...files]);
      const inspected = await upload(adminAgent, archive);
      expect(inspected.body).toMatchObject({
        validation: 'without-code',
        code: [expect.objectContaining({ path: 'odd-lab/evidence/tables.dat' })],
      });
      const unconfirmed = await upload(adminAgent, archive, { dryRun: false });
      expect(unconfirmed.status).toBe(403);
      expect(harness.services.library.labs.has('odd-lab')).toBe(false);
    } finally {
      await fixture.dispose();
    }
  });
});
