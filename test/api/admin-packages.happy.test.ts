import { describe, expect } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { loadPackagedCourses } from '../../server/labs/packages/courses.ts';
import { loadPublishedLabs } from '../../server/services/authoring/publish.ts';
import { apiTest } from '../helpers/fixtures.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { labPackage, packageAudit, upload, withGenerator } from './admin-packages.fixture.ts';

const it = apiTest;

const COURSE = `id: a-course
title: A course
summary: Two labs, the second once the first is done.
audience: investigator
labs:
  - lab: first-lab
  - lab: second-lab
    requires: [first-lab]
`;

describe('an administrator installs a lab package from the browser', () => {
  it('inspects a package without installing it: the labs, no problems, no code', async ({ harness, adminAgent }) => {
    const inspected = await upload(adminAgent, await labPackage('packaged-lab'));
    expect(inspected.status, inspected.text).toBe(200);
    expect(inspected.body).toEqual({
      dryRun: true,
      kind: 'lab',
      id: 'packaged-lab',
      labs: [
        { id: 'packaged-lab', version: 1, title: 'New lab packaged-lab', installedVersion: null, action: 'install' },
      ],
      course: null,
      problems: [],
      code: [],
      codeSha256: null,
      validation: 'full',
      installable: true,
    });
    expect(harness.services.library.labs.has('packaged-lab')).toBe(false);
    expect(packageAudit(harness)).toEqual([]);
  });

  it('installs it live, without a restart, and the audit log says who installed what', async ({
    harness,
    adminAgent,
    administrator,
    instructor,
  }) => {
    const installed = await upload(adminAgent, await labPackage('packaged-lab'), { dryRun: false });
    expect(installed.status, installed.text).toBe(200);
    expect(installed.body).toMatchObject({
      dryRun: false,
      installed: [{ labId: 'packaged-lab', version: 1, previousVersion: null }],
      unchanged: [],
    });
    const library = await instructor.json<{ labs: { id: string }[] }>('GET', '/api/instructor/library');
    expect(library.body.labs.map((lab) => lab.id)).toContain('packaged-lab');
    expect(packageAudit(harness)).toEqual([
      {
        action: 'package.installed',
        subject: 'lab:packaged-lab',
        actor_id: administrator.id,
        details: {
          kind: 'lab',
          labs: [{ id: 'packaged-lab', version: 1, action: 'install' }],
          files: 3,
          code: [],
          codeSha256: null,
        },
      },
    ]);

    // The same package again changes nothing.
    const again = await upload(adminAgent, await labPackage('packaged-lab'), { dryRun: false });
    expect(again.body).toMatchObject({ installed: [], unchanged: ['packaged-lab'] });
  });

  it('shows generator code and installs it only with the hash of that code confirmed', async ({
    harness,
    adminAgent,
    administrator,
  }) => {
    const archive = await labPackage('generated-lab', (fixture) => withGenerator(fixture, 'generated-lab'));
    const inspected = await upload(adminAgent, archive);
    expect(inspected.status, inspected.text).toBe(200);
    expect(inspected.body.validation).toBe('without-code');
    expect(inspected.body.code).toEqual([
      {
        path: 'generated-lab/generate.ts',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/u),
        size: expect.any(Number),
        text: expect.stringContaining('attacker_ip: "192.0.2.15"'),
      },
    ]);
    const codeSha256 = inspected.body.codeSha256!;
    expect(codeSha256).toMatch(/^[0-9a-f]{64}$/u);

    const unconfirmed = await upload(adminAgent, archive, { dryRun: false });
    expect(unconfirmed.status).toBe(403);
    expect(unconfirmed.body.error).toMatchObject({
      code: 'forbidden',
      field: 'confirmCode',
      message: expect.stringContaining('generated-lab/generate.ts'),
    });
    const otherCode = await upload(adminAgent, archive, { dryRun: false, confirmCode: 'a'.repeat(64) });
    expect(otherCode.status).toBe(403);
    expect(otherCode.body.error?.message).toContain('names other code');
    expect(harness.services.library.labs.has('generated-lab')).toBe(false);
    expect(packageAudit(harness)).toEqual([]);

    const confirmed = await upload(adminAgent, archive, { dryRun: false, confirmCode: codeSha256 });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(harness.services.library.labs.get('generated-lab')?.generator).toBeTypeOf('function');
    expect(packageAudit(harness)).toEqual([
      expect.objectContaining({
        actor_id: administrator.id,
        details: expect.objectContaining({
          codeSha256,
          code: [{ path: 'generated-lab/generate.ts', sha256: inspected.body.code![0]!.sha256 }],
        }),
      }),
    ]);
  });

  it('installs an installed lab id only as a new version when asked, and only a higher one', async ({
    harness,
    adminAgent,
  }) => {
    const second = await labPackage('api-lab', (fixture) => fixture.edit('api-lab', /^version: 1$/mu, 'version: 2'));
    const inspected = await upload(adminAgent, second);
    expect(inspected.body.labs).toEqual([
      expect.objectContaining({ id: 'api-lab', installedVersion: 1, action: 'refused' }),
    ]);
    expect(inspected.body.problems).toEqual([
      expect.objectContaining({
        file: 'api-lab/lab.yaml',
        field: 'id',
        message: expect.stringContaining('already installed (version 1)'),
      }),
    ]);
    const refused = await upload(adminAgent, second, { dryRun: false });
    expect(refused.status).toBe(409);
    expect(harness.services.library.labs.get('api-lab')?.definition.version).toBe(1);

    const asked = await upload(adminAgent, second, { dryRun: false, asNewVersion: true });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body.installed).toEqual([
      expect.objectContaining({ labId: 'api-lab', version: 2, previousVersion: 1 }),
    ]);
    expect(harness.services.library.labs.get('api-lab')?.definition.version).toBe(2);

    const lower = await upload(adminAgent, await labPackage('api-lab'), { asNewVersion: true });
    expect(lower.body.problems).toEqual([
      expect.objectContaining({
        field: 'version',
        message: expect.stringContaining('version 1 is not higher than the installed version 2'),
      }),
    ]);
  });

  it('installs a course with its labs, live, and the course again after a restart', async ({
    harness,
    labsDir,
    adminAgent,
    instructor,
  }) => {
    const fixture = await LabFixture.create();
    const files = [
      ...(await folderEntries(await fixture.addLab('first-lab'), 'first-lab')),
      ...(await folderEntries(await fixture.addLab('second-lab'), 'second-lab')),
      { name: 'courses/a-course.yaml', data: COURSE },
    ];
    await fixture.dispose();
    const labs = [
      { id: 'first-lab', version: 1 },
      { id: 'second-lab', version: 1 },
    ];
    const archive = await zipOf([
      manifestEntry(labs, files, { kind: 'course', id: 'a-course', course: 'a-course' }),
      ...files,
    ]);
    const inspected = await upload(adminAgent, archive);
    expect(inspected.body).toMatchObject({
      kind: 'course',
      problems: [],
      course: { id: 'a-course', title: 'A course', action: 'install' },
    });
    const installed = await upload(adminAgent, archive, { dryRun: false });
    expect(installed.status, installed.text).toBe(200);
    expect(installed.body).toMatchObject({
      installed: [{ labId: 'first-lab' }, { labId: 'second-lab' }],
      course: { id: 'a-course', title: 'A course', replaced: false },
    });
    const library = await instructor.json<{ courses: { id: string; labs: { id: string }[] }[] }>(
      'GET',
      '/api/instructor/library',
    );
    expect(library.body.courses.find((course) => course.id === 'a-course')?.labs.map((lab) => lab.id)).toEqual([
      'first-lab',
      'second-lab',
    ]);
    expect(packageAudit(harness)).toEqual([expect.objectContaining({ subject: 'course:a-course' })]);

    // A restart loads the shipped labs, then the published versions, then the packaged courses.
    const restarted = await loadLibrary(labsDir!);
    await loadPublishedLabs(harness.db, restarted, harness.services.authoringDir);
    expect(await loadPackagedCourses(restarted, harness.services.authoringDir)).toEqual(['a-course']);
    expect(restarted.courses.get('a-course')?.definition.labs.map((entry) => entry.lab)).toEqual([
      'first-lab',
      'second-lab',
    ]);
  });
});
