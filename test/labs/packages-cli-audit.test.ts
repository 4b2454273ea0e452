import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { labPackage, withGenerator } from '../api/admin-packages.fixture.ts';
import { apiTest } from '../helpers/fixtures.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { runScript } from '../helpers/run-script.ts';

/** Runs `npm run lab -- ...` the way an administrator does, with the server's database named. */
const lab = (database: string, ...args: string[]) => runScript('server/labs/cli.ts', args, { CASEBENCH_DB: database });

/** A temporary folder: a labs folder to import into (`labs/`), the package, and a database path in it. */
// biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
const it = test.extend('work', async ({}, { onCleanup }) => {
  const dir = await mkdtemp(join(tmpdir(), 'casebench-cli-audit-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'labs'));
  return { dir, labs: join(dir, 'labs'), zip: join(dir, 'package.zip'), database: join(dir, 'data', 'casebench.db') };
});

/** The package.installed entries of a database file, read by a connection of the test's own. */
function installEntries(database: string) {
  const sqlite = new Database(database, { readonly: true });
  try {
    return (
      sqlite
        .prepare("select actor_id, subject, details from audit_log where action = 'package.installed' order by id")
        .all() as { actor_id: number | null; subject: string; details: string }[]
    ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
  } finally {
    sqlite.close();
  }
}

const COURSE = `id: a-course
title: A course
summary: Two labs.
audience: investigator
labs:
  - lab: lab-a
  - lab: lab-b
`;

/** A course package of two new labs, lab-a then lab-b, and the course a-course. */
async function coursePackage(): Promise<Buffer> {
  const fixture = await LabFixture.create();
  try {
    const files = [
      ...(await folderEntries(await fixture.addLab('lab-a'), 'lab-a')),
      ...(await folderEntries(await fixture.addLab('lab-b'), 'lab-b')),
      { name: 'courses/a-course.yaml', data: COURSE },
    ];
    const labs = [
      { id: 'lab-a', version: 1 },
      { id: 'lab-b', version: 1 },
    ];
    return await zipOf([manifestEntry(labs, files, { kind: 'course', id: 'a-course', course: 'a-course' }), ...files]);
  } finally {
    await fixture.dispose();
  }
}

// Each test starts the command line once or twice, a second or two each.
describe('npm run lab -- import records who installed a package', { timeout: 120_000 }, () => {
  apiTest(
    "writes package.installed into the server's database, which the administrator's audit log shows as the command line's",
    { timeout: 120_000 },
    async ({ harness, adminAgent }) => {
      const work = await mkdtemp(join(tmpdir(), 'casebench-cli-audit-'));
      try {
        const zip = join(work, 'coded-lab.zip');
        await writeFile(zip, await labPackage('coded-lab', (fixture) => withGenerator(fixture, 'coded-lab')));
        const database = join(harness.dir, 'casebench.db');
        const shown = await lab(database, 'import', zip, '--labs', work);
        const codeSha256 = /--allow-code ([0-9a-f]{64})/u.exec(shown.stderr)![1]!;
        // Nothing is recorded for an import that installs nothing.
        expect(installEntries(database)).toEqual([]);

        const imported = await lab(database, 'import', zip, '--labs', work, '--allow-code', codeSha256);
        expect(imported.code, imported.stderr).toBe(0);
        const osUser = userInfo().username;
        expect(imported.stdout).toContain(`recorded in the audit log as installed from the command line by ${osUser}`);
        const expectedDetails = {
          kind: 'lab',
          labs: [{ id: 'coded-lab', version: 1, action: 'install' }],
          files: expect.any(Number),
          code: [{ path: 'coded-lab/generate.ts', sha256: expect.stringMatching(/^[0-9a-f]{64}$/u) }],
          codeSha256,
          via: 'command line',
          osUser,
          labsFolder: work,
        };
        expect(installEntries(database)).toEqual([
          { actor_id: null, subject: 'lab:coded-lab', details: expectedDetails },
        ]);

        const audit = await adminAgent.json<{ entries: Record<string, unknown>[] }>('GET', '/api/admin/audit');
        expect(audit.status).toBe(200);
        expect(audit.body.entries[0]).toMatchObject({
          action: 'package.installed',
          subject: 'lab:coded-lab',
          actor: null,
          commandLineUser: osUser,
          details: expectedDetails,
        });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  );

  it('installs into the server’s labs folder, CASEBENCH_LABS, when no --labs is given', async ({ work }) => {
    await writeFile(work.zip, await labPackage('env-lab'));
    const imported = await runScript('server/labs/cli.ts', ['import', work.zip], {
      CASEBENCH_DB: work.database,
      CASEBENCH_LABS: work.labs,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(join(work.labs, 'env-lab', 'lab.yaml'))).toBe(true);
    expect(existsSync(join('labs', 'env-lab'))).toBe(false);
    expect(installEntries(work.database)).toEqual([
      expect.objectContaining({ subject: 'lab:env-lab', details: expect.objectContaining({ labsFolder: work.labs }) }),
    ]);
  });

  it('creates the database with its tables when there is none yet, says so, and installs', async ({ work }) => {
    await writeFile(work.zip, await labPackage('first-lab'));
    expect(existsSync(work.database)).toBe(false);
    const imported = await lab(work.database, 'import', work.zip, '--labs', work.labs);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /note: there is no database at \S*casebench\.db yet \(CASEBENCH_DB\): creating it/u,
    );
    expect(existsSync(join(work.labs, 'first-lab', 'lab.yaml'))).toBe(true);
    expect(installEntries(work.database)).toEqual([
      expect.objectContaining({ actor_id: null, subject: 'lab:first-lab' }),
    ]);
    // The server's first start on it sets up its accounts as on an empty database: it has none.
    const sqlite = new Database(work.database, { readonly: true });
    expect(sqlite.prepare('select count(*) as count from users').get()).toEqual({ count: 0 });
    sqlite.close();
  });

  it('undoes every move when a later step fails, leaving the labs folder as it was and nothing recorded', async ({
    work,
  }) => {
    // The course is installed already, so installing the package replaces it, which moves the old
    // file into .replaced/ after both labs are in place; a file named .replaced makes that step fail.
    await mkdir(join(work.labs, 'courses'));
    await writeFile(join(work.labs, 'courses', 'a-course.yaml'), 'the course installed before\n');
    await writeFile(join(work.labs, '.replaced'), 'not a folder\n');
    await writeFile(work.zip, await coursePackage());

    const imported = await lab(work.database, 'import', work.zip, '--labs', work.labs, '--new-version');
    expect(imported.stdout).toContain('lab lab-a version 1: install');
    expect(imported.stdout).toContain('lab lab-b version 1: install');
    expect(imported.stdout).toContain('course a-course: replace');
    expect(imported.stderr).toMatch(
      /✗ nothing was installed: EEXIST\b.*\.replaced.*; every step before it was undone/u,
    );
    expect(imported.code).toBe(1);
    expect((await readdir(work.labs)).sort()).toEqual(['.packages', '.replaced', 'courses']);
    expect(await readdir(join(work.labs, '.packages'))).toEqual([]);
    expect(await readFile(join(work.labs, 'courses', 'a-course.yaml'), 'utf8')).toBe('the course installed before\n');
    expect(installEntries(work.database)).toEqual([]);

    // Once the fault is gone, the same command installs the whole package.
    await rm(join(work.labs, '.replaced'));
    const again = await lab(work.database, 'import', work.zip, '--labs', work.labs, '--new-version');
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(work.labs, 'lab-b', 'lab.yaml'))).toBe(true);
    expect(installEntries(work.database)).toEqual([expect.objectContaining({ subject: 'course:a-course' })]);
  });

  it('undoes the install when the audit entry cannot be written', async ({ work }) => {
    const db = openDatabase(work.database);
    // A real refusal by the database, at the install's last step.
    db.$client.exec(
      "create trigger refuse_audit before insert on audit_log begin select raise(abort, 'the audit log refuses writes'); end",
    );
    db.$client.close();
    await writeFile(work.zip, await labPackage('first-lab'));

    const imported = await lab(work.database, 'import', work.zip, '--labs', work.labs);
    expect(imported.stderr).toContain(
      '✗ nothing was installed: the audit log refuses writes; every step before it was undone',
    );
    expect(imported.code).toBe(1);
    expect(await readdir(work.labs)).toEqual(['.packages']);
  });
});
