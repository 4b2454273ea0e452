import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stagePackage } from '../../server/labs/packages/inspect.ts';
import { stagingRootOf } from '../../server/labs/packages/install-folder.ts';
import { PackageRefused, type RefusalReason } from '../../server/labs/packages/refusal.ts';
import { DEFAULT_LIMITS, type UnpackLimits } from '../../server/labs/packages/unpack.ts';
import { labFixture } from '../helpers/fixtures.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import {
  declareSize,
  folderEntries,
  manifestEntry,
  renameInArchive,
  zipOf,
  type ArchiveEntry,
} from '../helpers/package-archives.ts';
import { runScript } from '../helpers/run-script.ts';

/** A labs folder holding one installed lab, and a valid package of another lab to spoil per test. */
const it = test.extend('fixture', labFixture).extend('valid', async ({ fixture }) => {
  await fixture.addLab('installed-lab');
  // The package's lab is made in a labs folder of its own, not the one the import goes into.
  const elsewhere = await LabFixture.create();
  try {
    return await folderEntries(await elsewhere.addLab('packaged-lab'), 'packaged-lab');
  } finally {
    await elsewhere.dispose();
  }
});

/** What the labs folder holds, hidden folders included: an import that was refused must leave it as it was. */
async function listing(labsDir: string): Promise<string[]> {
  return (await readdir(labsDir, { recursive: true })).map(String).sort();
}

/** Stages an archive into the fixture's labs folder; answers the refusal, failing the test if there was none. */
async function refusal(fixture: LabFixture, archive: Buffer, limits?: UnpackLimits): Promise<PackageRefused> {
  const before = await listing(fixture.labsDir);
  const error = await stagePackage(archive, stagingRootOf(fixture.labsDir), limits).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PackageRefused);
  // Nothing installed, nothing half-written: the staging folder of the refused package is gone too.
  expect(await listing(fixture.labsDir)).toEqual([...new Set([...before, '.packages'])].sort());
  expect(await readdir(stagingRootOf(fixture.labsDir))).toEqual([]);
  return error as PackageRefused;
}

function expectReason(error: PackageRefused, reason: RefusalReason, message: RegExp): void {
  expect({ reason: error.reason, message: error.message }).toEqual({ reason, message: expect.stringMatching(message) });
}

/** A valid package of `files` plus `extra` entries, each listed in the manifest. */
async function packageWith(files: ArchiveEntry[], extra: ArchiveEntry[] = []): Promise<Buffer> {
  const all = [...files, ...extra];
  return zipOf([manifestEntry([{ id: 'packaged-lab', version: 1 }], all), ...all]);
}

describe('a hostile or damaged package is refused with its reason, and nothing is installed', () => {
  it('accepts the valid package the hostile ones are made from', async ({ fixture, valid }) => {
    const staged = await stagePackage(await packageWith(valid), stagingRootOf(fixture.labsDir));
    expect(staged.files.map((file) => file.path)).toEqual(valid.map((file) => file.name));
  });

  it('refuses a path that climbs out of the package', async ({ fixture, valid }) => {
    const archive = renameInArchive(
      await packageWith(valid, [{ name: 'packaged-lab/XX/XX/evil.txt', data: 'x' }]),
      'packaged-lab/XX/XX/evil.txt',
      'packaged-lab/../../evil.txt',
    );
    expectReason(
      await refusal(fixture, archive),
      'path-traversal',
      /"packaged-lab\/\.\.\/\.\.\/evil\.txt" climbs out/u,
    );
    expect(existsSync(join(fixture.labsDir, '..', 'evil.txt'))).toBe(false);
  });

  it('refuses an absolute path', async ({ fixture, valid }) => {
    const archive = renameInArchive(
      await packageWith(valid, [{ name: 'Xtmp/evil.txt', data: 'x' }]),
      'Xtmp/evil.txt',
      '/tmp/evil.txt',
    );
    expectReason(await refusal(fixture, archive), 'absolute-path', /"\/tmp\/evil\.txt" has an absolute path/u);
  });

  it('refuses a Windows drive path', async ({ fixture, valid }) => {
    const archive = renameInArchive(
      await packageWith(valid, [{ name: 'CXevil.txt', data: 'x' }]),
      'CXevil.txt',
      'C:evil.txt',
    );
    expectReason(await refusal(fixture, archive), 'absolute-path', /absolute path/u);
  });

  it('refuses a symbolic link', async ({ fixture, valid }) => {
    const archive = await packageWith(valid, [
      { name: 'packaged-lab/evidence/passwd', data: '/etc/passwd', mode: 0o120777 },
    ]);
    expectReason(await refusal(fixture, archive), 'link', /"packaged-lab\/evidence\/passwd" is a symbolic link/u);
  });

  it('refuses a device or other special file', async ({ fixture, valid }) => {
    const archive = await packageWith(valid, [{ name: 'packaged-lab/fifo', data: '', mode: 0o010644 }]);
    expectReason(await refusal(fixture, archive), 'link', /not a regular file/u);
  });

  it('refuses an entry that appears twice', async ({ fixture, valid }) => {
    const archive = await packageWith(valid, [{ name: 'packaged-lab/brief.md', data: 'a second brief' }]);
    expectReason(await refusal(fixture, archive), 'duplicate-entry', /"packaged-lab\/brief\.md" appears twice/u);
  });

  it('refuses two entries whose names differ only in letter case', async ({ fixture, valid }) => {
    const archive = await packageWith(valid, [{ name: 'packaged-lab/BRIEF.md', data: 'shadow' }]);
    expectReason(await refusal(fixture, archive), 'duplicate-entry', /appears twice/u);
  });

  it('refuses a package that unpacks past the total limit, counted while inflating', async ({ fixture, valid }) => {
    const limits = { ...DEFAULT_LIMITS, maxTotalBytes: 64 * 1024, maxFileBytes: 48 * 1024 };
    const archive = await packageWith(valid, [
      { name: 'packaged-lab/evidence/a.bin', data: randomBytes(40 * 1024) },
      { name: 'packaged-lab/evidence/b.bin', data: randomBytes(40 * 1024) },
    ]);
    expectReason(
      await refusal(fixture, archive, limits),
      'too-large',
      /unpacks to more than 64 KiB|more than 65536 bytes/u,
    );
  });

  it('refuses a package of more files than the limit', async ({ fixture, valid }) => {
    const many = Array.from({ length: DEFAULT_LIMITS.maxFiles }, (_, index) => ({
      name: `packaged-lab/evidence/${index}.txt`,
      data: '',
    }));
    expectReason(await refusal(fixture, await packageWith(valid, many)), 'too-many-files', /at most 2000/u);
  });

  it('refuses a file that compresses too well: a deflate bomb', async ({ fixture, valid }) => {
    const archive = await packageWith(valid, [
      { name: 'packaged-lab/evidence/zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) },
    ]);
    expectReason(
      await refusal(fixture, archive),
      'compression-ratio',
      /"packaged-lab\/evidence\/zeros\.bin" unpacks to more than 200 times/u,
    );
  });

  it('refuses a file larger than one file may be', async ({ fixture, valid }) => {
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 100 * 1024 };
    const archive = await packageWith(valid, [
      { name: 'packaged-lab/evidence/big.bin', data: randomBytes(150 * 1024) },
    ]);
    expectReason(
      await refusal(fixture, archive, limits),
      'file-too-large',
      /"packaged-lab\/evidence\/big\.bin" unpacks to more than/u,
    );
  });

  it('refuses a file larger than its header declares, while inflating, not trusting the header', async ({
    fixture,
    valid,
  }) => {
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 100 * 1024 };
    const name = 'packaged-lab/evidence/liar.bin';
    const archive = declareSize(await packageWith(valid, [{ name, data: randomBytes(150 * 1024) }]), name, 10);
    expectReason(
      await refusal(fixture, archive, limits),
      'file-too-large',
      /"packaged-lab\/evidence\/liar\.bin" unpacks to more than/u,
    );
  });

  it('refuses a file whose header understates its size even within the limits', async ({ fixture, valid }) => {
    const name = 'packaged-lab/evidence/liar.bin';
    const archive = declareSize(await packageWith(valid, [{ name, data: randomBytes(2048) }]), name, 10);
    expectReason(
      await refusal(fixture, archive),
      'size-mismatch',
      /unpacks to 2048 bytes where the archive declares 10/u,
    );
  });

  it('refuses a file whose SHA-256 differs from the manifest', async ({ fixture, valid }) => {
    const manifest = manifestEntry([{ id: 'packaged-lab', version: 1 }], valid);
    const tampered = valid.map((file) =>
      file.name === 'packaged-lab/brief.md' ? { ...file, data: 'changed after export' } : file,
    );
    const archive = await zipOf([manifest, ...tampered]);
    expectReason(
      await refusal(fixture, archive),
      'hash-mismatch',
      /"packaged-lab\/brief\.md" has SHA-256 [0-9a-f]{64} .* declares/u,
    );
  });

  it('refuses a file the manifest does not list', async ({ fixture, valid }) => {
    const archive = await zipOf([
      manifestEntry([{ id: 'packaged-lab', version: 1 }], valid),
      ...valid,
      { name: 'packaged-lab/extra.txt', data: 'x' },
    ]);
    expectReason(
      await refusal(fixture, archive),
      'unlisted-file',
      /"packaged-lab\/extra\.txt" is in the archive but not in casebench-package\.json/u,
    );
  });

  it('refuses a manifest that lists a file the archive lacks', async ({ fixture, valid }) => {
    const archive = await zipOf([manifestEntry([{ id: 'packaged-lab', version: 1 }], valid), ...valid.slice(1)]);
    expectReason(await refusal(fixture, archive), 'missing-file', /lists ".*", which the archive does not hold/u);
  });

  it('refuses an archive without a manifest', async ({ fixture, valid }) => {
    expectReason(
      await refusal(fixture, await zipOf(valid)),
      'missing-manifest',
      /no casebench-package\.json at its root/u,
    );
  });

  it('refuses a manifest of an unsupported format version', async ({ fixture, valid }) => {
    const archive = await zipOf([
      manifestEntry([{ id: 'packaged-lab', version: 1 }], valid, { formatVersion: 2 }),
      ...valid,
    ]);
    expectReason(
      await refusal(fixture, archive),
      'unsupported-format',
      /format version 2; this Casebench reads version 1/u,
    );
  });

  it('refuses a manifest that is not JSON or not a manifest', async ({ fixture, valid }) => {
    expectReason(
      await refusal(fixture, await zipOf([{ name: 'casebench-package.json', data: '{ nope' }, ...valid])),
      'invalid-manifest',
      /not valid JSON/u,
    );
    const archive = await zipOf([
      manifestEntry([{ id: 'packaged-lab', version: 1 }], valid, { kind: 'quiz' }),
      ...valid,
    ]);
    expectReason(await refusal(fixture, archive), 'invalid-manifest', /kind/u);
  });

  it('refuses a file that is not a zip, and a truncated zip', async ({ fixture, valid }) => {
    expectReason(await refusal(fixture, Buffer.from('id: not-a-package\n')), 'not-a-zip', /not a zip archive/u);
    const archive = await packageWith(valid);
    expectReason(
      await refusal(fixture, archive.subarray(0, archive.length - 30)),
      'not-a-zip',
      /not a readable zip archive/u,
    );
  });
});

describe('npm run lab -- import', { timeout: 60_000 }, () => {
  it('refuses a hostile package with its reason, installing nothing', async ({ fixture, valid }) => {
    const archive = renameInArchive(
      await packageWith(valid, [{ name: 'packaged-lab/XX/evil.txt', data: 'x' }]),
      'packaged-lab/XX/evil.txt',
      'packaged-lab/../evil.txt',
    );
    const file = join(fixture.labsDir, '..', `hostile-${Date.now()}.zip`);
    await writeFile(file, archive);
    try {
      const before = await listing(fixture.labsDir);
      const result = await runScript('server/labs/cli.ts', ['import', file, '--labs', fixture.labsDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /refused \(path-traversal\): the entry "packaged-lab\/\.\.\/evil\.txt" climbs out .*nothing was installed/u,
      );
      expect((await listing(fixture.labsDir)).filter((path) => !path.startsWith('.packages'))).toEqual(before);
    } finally {
      await rm(file, { force: true });
    }
  });
});
