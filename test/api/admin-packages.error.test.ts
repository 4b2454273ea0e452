import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, renameInArchive, zipOf } from '../helpers/package-archives.ts';
import { labPackage, packageAudit, upload } from './admin-packages.fixture.ts';

const it = apiTest;

describe('a package that cannot be installed is refused with what is wrong, and nothing is installed', () => {
  it('refuses a file that is not a zip', async ({ harness, adminAgent }) => {
    const refused = await upload(adminAgent, Buffer.from('id: just a lab.yaml\n'), { dryRun: false });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'bad_request',
      field: 'package',
      message: expect.stringMatching(/^The package was refused \(not-a-zip\): the file is not a zip archive/u),
    });
    expect(packageAudit(harness)).toEqual([]);
  });

  it('refuses an archive with a path that climbs out, leaving no staged file behind', async ({
    harness,
    adminAgent,
  }) => {
    const files = [{ name: 'hostile-lab/XX/evil.txt', data: 'x' }];
    const archive = renameInArchive(
      await zipOf([manifestEntry([{ id: 'hostile-lab', version: 1 }], files), ...files]),
      'hostile-lab/XX/evil.txt',
      'hostile-lab/../evil.txt',
    );
    for (const dryRun of [true, false]) {
      const refused = await upload(adminAgent, archive, { dryRun });
      expect(refused.status).toBe(400);
      expect(refused.body.error?.message).toContain('(path-traversal)');
    }
    const staging = join(harness.services.authoringDir, 'staging');
    expect(existsSync(staging) ? await readdir(staging) : []).toEqual([]);
    expect(harness.services.library.labs.has('hostile-lab')).toBe(false);
  });

  it('answers every problem of a lab that does not validate, located, and refuses to install it', async ({
    harness,
    adminAgent,
  }) => {
    // The exporter refuses a lab that does not validate: the mistake is made in the archive itself.
    const fixture = await LabFixture.create();
    try {
      const dir = await fixture.addLab('broken-lab');
      await fixture.edit('broken-lab', 'audience: investigator', 'audience: judges');
      const line = await fixture.lineOf('broken-lab', 'audience: judges');
      const files = await folderEntries(dir, 'broken-lab');
      const broken = await zipOf([manifestEntry([{ id: 'broken-lab', version: 1 }], files), ...files]);
      const inspected = await upload(adminAgent, broken);
      expect(inspected.status).toBe(200);
      expect(inspected.body).toMatchObject({
        installable: false,
        labs: [expect.objectContaining({ id: 'broken-lab', action: 'refused' })],
        problems: [
          {
            file: 'broken-lab/lab.yaml',
            line,
            column: expect.any(Number),
            field: 'audience',
            message: expect.stringContaining('expected one of'),
          },
        ],
      });
      const refused = await upload(adminAgent, broken, { dryRun: false });
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toMatch(
        new RegExp(`broken-lab/lab\\.yaml:${line}:\\d+ audience: expected one of`, 'u'),
      );
      expect(harness.services.library.labs.has('broken-lab')).toBe(false);
    } finally {
      await fixture.dispose();
    }
  });

  it('refuses an empty body and a malformed confirmation', async ({ adminAgent }) => {
    const empty = await upload(adminAgent, Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toContain('Send the package .zip as the request body');
    const malformed = await upload(adminAgent, await labPackage('some-lab'), { dryRun: false, confirmCode: 'yes' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.message).toContain('confirmCode is the codeSha256');
  });
});
