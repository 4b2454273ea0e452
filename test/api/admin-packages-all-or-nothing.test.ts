import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { labPackage, packageAudit, upload } from './admin-packages.fixture.ts';

const it = apiTest;

const COURSE = `id: a-course
title: A course
summary: An installed lab's new version, then a lab new to the server.
audience: investigator
labs:
  - lab: api-lab
  - lab: second-lab
    requires: [api-lab]
`;

/**
 * A course package: the template lab as `api-lab` version 2 (a new version of the lab the world
 * installs, version 1) and a new lab `second-lab`, in that order.
 */
async function coursePackage(): Promise<Buffer> {
  const fixture = await LabFixture.create();
  try {
    const first = await fixture.addLab('api-lab');
    await fixture.edit('api-lab', /^version: 1$/mu, 'version: 2');
    const files = [
      ...(await folderEntries(first, 'api-lab')),
      ...(await folderEntries(await fixture.addLab('second-lab'), 'second-lab')),
      { name: 'courses/a-course.yaml', data: COURSE },
    ];
    const labs = [
      { id: 'api-lab', version: 2 },
      { id: 'second-lab', version: 1 },
    ];
    return await zipOf([manifestEntry(labs, files, { kind: 'course', id: 'a-course', course: 'a-course' }), ...files]);
  } finally {
    await fixture.dispose();
  }
}

/**
 * Every file and folder under the authoring folder, by its path there, but for the store's own
 * top folders (made on first use and kept, empty between uses: what is in them is listed).
 */
async function authoringTree(harness: Harness): Promise<string[]> {
  const root = harness.services.authoringDir;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .map((entry) => `${relative(root, join(entry.parentPath, entry.name))}${entry.isDirectory() ? '/' : ''}`)
    .filter((path) => path !== 'published/' && path !== 'staging/')
    .sort();
}

/** What the server serves and keeps of its labs: to be the same before and after a failed install. */
async function state(harness: Harness, instructor: Agent, trainee: Agent) {
  return {
    library: (await instructor.json('GET', '/api/instructor/library')).body,
    traineeLab: (await trainee.json('GET', '/api/labs/api-lab')).body,
    labVersions: harness.db.$client.prepare('select * from lab_versions order by lab_id, version').all(),
    audit: harness.db.$client.prepare('select action, subject, actor_id, details from audit_log order by id').all(),
    files: await authoringTree(harness),
  };
}

describe('a package install that fails part way leaves everything as it was', () => {
  it('withdraws the new version already validated when the second lab cannot be published', async ({
    harness,
    adminAgent,
    instructor,
    trainee,
  }) => {
    // Something installed before, so the tables and the audit log have rows that must stay as they are.
    const first = await upload(adminAgent, await labPackage('first-lab'), { dryRun: false });
    expect(first.status, first.text).toBe(200);
    // A real fault: a file where the published versions of second-lab must go.
    const blocker = join(harness.services.authoringDir, 'published', 'second-lab');
    await writeFile(blocker, 'not a folder\n');
    const archive = await coursePackage();
    const inspected = await upload(adminAgent, archive, { asNewVersion: true });
    expect(inspected.body).toMatchObject({ installable: true, problems: [] });
    const liveBefore = harness.services.library.labs.get('api-lab');
    const before = await state(harness, instructor, trainee);

    const failed = await upload(adminAgent, archive, { dryRun: false, asNewVersion: true });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({
      code: 'install_failed',
      message: expect.stringMatching(
        /^Installing the package failed: the server could not write the authoring folder's published\/second-lab\S* \(ENOTDIR\)\. Nothing was installed: every lab and course is as it was before\./u,
      ),
    });
    // The very lab that was live is live again, in the library, for trainees, in lab_versions; no file was left.
    expect(harness.services.library.labs.get('api-lab')).toBe(liveBefore);
    expect(harness.services.library.labs.has('second-lab')).toBe(false);
    expect(harness.services.library.courses.has('a-course')).toBe(false);
    expect(await state(harness, instructor, trainee)).toEqual(before);
    expect(before.files).not.toContain('published/api-lab/');
    expect(packageAudit(harness).map((entry) => entry.subject)).toEqual(['lab:first-lab']);

    // Without the fault, the same package installs: the failure was the one provoked.
    await rm(blocker);
    const installed = await upload(adminAgent, archive, { dryRun: false, asNewVersion: true });
    expect(installed.status, installed.text).toBe(200);
    expect(harness.services.library.labs.get('api-lab')?.definition.version).toBe(2);
    expect(packageAudit(harness).map((entry) => entry.subject)).toEqual(['lab:first-lab', 'course:a-course']);
  });

  it('withdraws both labs when the course cannot be written, keeping no copy of the replaced lab', async ({
    harness,
    adminAgent,
    instructor,
    trainee,
  }) => {
    // A real fault in the last step: a file where the folder of packaged courses must go.
    await mkdir(harness.services.authoringDir, { recursive: true });
    await writeFile(join(harness.services.authoringDir, 'courses'), 'not a folder\n');
    const archive = await coursePackage();
    const liveBefore = harness.services.library.labs.get('api-lab');
    const before = await state(harness, instructor, trainee);

    const failed = await upload(adminAgent, archive, { dryRun: false, asNewVersion: true });
    expect(failed.status).toBe(500);
    expect(failed.body.error?.message).toMatch(
      /^Installing the package failed: the server could not write the authoring folder's courses \((ENOTDIR|EEXIST)\)\. Nothing was installed/u,
    );
    expect(harness.services.library.labs.get('api-lab')).toBe(liveBefore);
    expect(harness.services.library.labs.has('second-lab')).toBe(false);
    // Neither the new versions nor the copy of the shipped api-lab kept by a first publish over it.
    expect(await state(harness, instructor, trainee)).toEqual(before);
    expect(before.files).toEqual(['courses']);
    expect(packageAudit(harness)).toEqual([]);
  });

  it('answers a lab published meanwhile as a conflict, and installs nothing of the package', async ({
    harness,
    adminAgent,
    instructor,
    trainee,
  }) => {
    const archive = await coursePackage();
    const inspected = await upload(adminAgent, archive, { asNewVersion: true });
    expect(inspected.body.installable).toBe(true);
    // Between the inspection and the install, another administrator installs second-lab on its own.
    const other = await labPackage('second-lab', (fixture) => fixture.edit('second-lab', 'title:', 'title: Other,'));
    const meanwhile = await upload(adminAgent, other, { dryRun: false });
    expect(meanwhile.status, meanwhile.text).toBe(200);
    const before = await state(harness, instructor, trainee);

    const failed = await upload(adminAgent, archive, { dryRun: false, asNewVersion: true });
    expect(failed.status).toBe(409);
    expect(failed.body.error?.message).toMatch(
      /version 1 is not higher than the installed version 1.*Nothing was installed/su,
    );
    expect(await state(harness, instructor, trainee)).toEqual(before);
    expect(harness.services.library.labs.get('api-lab')?.definition.version).toBe(1);
  });
});
