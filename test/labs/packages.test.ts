import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { labFixture } from '../helpers/fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { runScript } from '../helpers/run-script.ts';

/**
 * The database an import records its audit entry in (see packages-cli-audit.test.ts): one of
 * these tests' own, never the checkout's data/casebench.db.
 */
const database = join(tmpdir(), `casebench-import-audit-${process.pid}`, 'casebench.db');
afterAll(() => rm(join(database, '..'), { recursive: true, force: true }));

/** Runs `npm run lab -- ...` the way an administrator does. */
const lab = (...args: string[]) => runScript('server/labs/cli.ts', args, { CASEBENCH_DB: database });

/** Where the lab under test is authored (`fixture`), and an empty labs folder to import into (`target`). */
const it = test
  .extend('fixture', labFixture)
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
  .extend('target', async ({}, { onCleanup }) => {
    const dir = await mkdtemp(join(tmpdir(), 'casebench-import-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    return dir;
  })
  .extend('zip', ({ target }, { onCleanup }) => {
    // Beside the target folder, not in it: the package is not part of the labs it installs.
    const zip = join(target, '..', `${basename(target)}.zip`);
    onCleanup(() => rm(zip, { force: true }));
    return zip;
  });

/** Each file of a folder by its relative path, with the SHA-256 of its bytes. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const entries = await folderEntries(dir, '.');
  return Object.fromEntries(
    entries.map((entry) => [
      entry.name,
      createHash('sha256')
        .update(Buffer.from(entry.data ?? ''))
        .digest('hex'),
    ]),
  );
}

// Each test runs the command line several times, each start of it taking a second or two.
describe('lab packages through npm run lab', { timeout: 120_000 }, () => {
  it('exports a lab and imports it byte for byte into another labs folder, where it validates', async ({
    fixture,
    target,
    zip,
  }) => {
    await fixture.addLab('round-trip');
    await fixture.write('round-trip', 'evidence/notes.txt', 'a second artefact, in a subfolder\n');
    const exported = await lab('export', 'round-trip', zip, '--labs', fixture.labsDir);
    expect(exported.stdout).toContain('✓ exported lab round-trip (round-trip v1)');
    expect(exported.code).toBe(0);

    const imported = await lab('import', zip, '--labs', target);
    expect(imported.stdout).toContain('lab round-trip version 1: install');
    expect(imported.code).toBe(0);
    expect(await hashes(join(target, 'round-trip'))).toEqual(await hashes(join(fixture.labsDir, 'round-trip')));
    expect(Object.keys(await hashes(join(target, 'round-trip')))).toContain('./evidence/notes.txt');
    expect((await lab('validate', target)).code).toBe(0);
    // The staging folder holds nothing once the import is done.
    expect(await readdir(join(target, '.packages'))).toEqual([]);
  });

  it('exports a course with its labs, and installs its generator code only once the code is confirmed', async ({
    fixture,
    target,
    zip,
  }) => {
    // The shipped sample course, copied so that the comparison holds whatever happens to labs/ meanwhile.
    for (const path of ['sample-phishing-report', 'sample-ssh-intrusion', 'courses/sample-course.yaml'])
      await cp(join('labs', path), join(fixture.labsDir, path), { recursive: true });
    const exported = await lab('export', 'sample-course', zip, '--labs', fixture.labsDir);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(
      /exported course sample-course \((?=.*sample-phishing-report v\d)(?=.*sample-ssh-intrusion v\d)/u,
    );

    const unconfirmed = await lab('import', zip, '--labs', target);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stdout).toContain('----- sample-ssh-intrusion/generate.ts');
    expect(unconfirmed.stdout).toContain(
      await readFile(fixture.labFile('sample-ssh-intrusion', 'generate.ts'), 'utf8'),
    );
    expect(unconfirmed.stderr).toContain('nothing was installed: the package holds code');
    expect(await readdir(target)).toEqual(['.packages']);

    const wrongHash = await lab('import', zip, '--labs', target, '--allow-code', 'f'.repeat(64));
    expect(wrongHash.code).toBe(1);
    expect(wrongHash.stderr).toContain(`--allow-code ${'f'.repeat(64)} does not name this package's code`);
    expect(await readdir(target)).toEqual(['.packages']);

    const codeHash = /--allow-code ([0-9a-f]{64})/u.exec(unconfirmed.stderr)![1]!;
    const confirmed = await lab('import', zip, '--labs', target, '--allow-code', codeHash);
    expect(confirmed.stdout).toContain('course sample-course: install');
    expect(confirmed.code).toBe(0);
    for (const id of ['sample-phishing-report', 'sample-ssh-intrusion'])
      expect(await hashes(join(target, id))).toEqual(await hashes(join(fixture.labsDir, id)));
    expect(await readFile(join(target, 'courses', 'sample-course.yaml'), 'utf8')).toBe(
      await readFile(join(fixture.labsDir, 'courses', 'sample-course.yaml'), 'utf8'),
    );
    // Loaded as validate loads them. (Its type check of generators is left out: their type imports,
    // ../../server/..., point into the Casebench they were written in, which a temporary folder is not.)
    const validated = await lab('validate', target);
    expect(validated.stdout).toContain('✓ sample-phishing-report');
    expect(validated.stdout).toContain('✓ course sample-course: 2 labs');
    expect(validated.stderr).not.toMatch(/lab\.yaml:\d+/u);
  });

  it('installs an existing lab id only as a new version when asked, and only a higher version', async ({
    fixture,
    target,
    zip,
  }) => {
    await fixture.addLab('versioned');
    expect((await lab('export', 'versioned', zip, '--labs', fixture.labsDir)).code).toBe(0);
    expect((await lab('import', zip, '--labs', target)).code).toBe(0);

    const same = await lab('import', zip, '--labs', target);
    expect(same.stdout).toContain('lab versioned version 1 (installed: version 1): unchanged');
    expect(same.code).toBe(0);

    await fixture.edit('versioned', 'title:', 'title: Changed,', 'lab.yaml');
    await rm(zip);
    expect((await lab('export', 'versioned', zip, '--labs', fixture.labsDir)).code).toBe(0);
    const sameVersion = await lab('import', zip, '--labs', target, '--new-version');
    expect(sameVersion.stderr).toMatch(
      /versioned\/lab\.yaml:\d+:\d+ version: version 1 is not higher than the installed version 1/u,
    );
    expect(sameVersion.code).toBe(1);

    await fixture.edit('versioned', /^version: 1$/mu, 'version: 2', 'lab.yaml');
    await rm(zip);
    expect((await lab('export', 'versioned', zip, '--labs', fixture.labsDir)).code).toBe(0);
    const notAsked = await lab('import', zip, '--labs', target);
    expect(notAsked.stderr).toMatch(
      /versioned\/lab\.yaml:\d+:\d+ id: the lab "versioned" is already installed \(version 1\)/u,
    );
    expect(notAsked.code).toBe(1);
    expect(await readFile(join(target, 'versioned', 'lab.yaml'), 'utf8')).toMatch(/^version: 1$/mu);

    const asked = await lab('import', zip, '--labs', target, '--new-version');
    expect(asked.stdout).toContain('lab versioned version 2 (installed: version 1): new-version');
    expect(asked.code).toBe(0);
    expect(await hashes(join(target, 'versioned'))).toEqual(await hashes(join(fixture.labsDir, 'versioned')));
    // The replaced version is kept beside the labs, where the loader does not look.
    const kept = await readdir(join(target, '.replaced'));
    expect(kept).toEqual([expect.stringMatching(/^versioned-v1-/u)]);
  });

  it('reports a lab that does not validate with the file, line and field of validate, and installs nothing', async ({
    fixture,
    target,
    zip,
  }) => {
    const dir = await fixture.addLab('broken');
    await fixture.edit('broken', 'audience: investigator', 'audience: judges');
    const line = await fixture.lineOf('broken', 'audience: judges');
    // export refuses a lab that does not validate, so the package is built by hand.
    const files = await folderEntries(dir, 'broken');
    await writeFile(zip, await zipOf([manifestEntry([{ id: 'broken', version: 1 }], files), ...files]));
    const imported = await lab('import', zip, '--labs', target);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(new RegExp(`✗ broken/lab\\.yaml:${line}:\\d+ audience: expected one of`, 'u'));
    expect(existsSync(join(target, 'broken'))).toBe(false);

    const exported = await lab('export', 'broken', `${zip}.other`, '--labs', fixture.labsDir);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(new RegExp(`broken/lab\\.yaml:${line}:\\d+ audience: expected one of`, 'u'));
    expect(existsSync(`${zip}.other`)).toBe(false);
  });
});
