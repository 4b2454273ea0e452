import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import { addApiTestLab, type LabFixture } from '../helpers/lab-fixtures.ts';
import { readPackageZip } from '../helpers/zip-entries.ts';
import { labPackage, upload, withGenerator } from './admin-packages.fixture.ts';

/** The labs folder: the API test lab, and a lab with generator code in a course with it. */
async function addLabs(fixture: LabFixture): Promise<void> {
  await addApiTestLab(fixture);
  await fixture.addLab('coded-lab');
  await withGenerator(fixture, 'coded-lab');
  await mkdir(join(fixture.labsDir, 'courses'), { recursive: true });
  await writeFile(
    join(fixture.labsDir, 'courses', 'export-course.yaml'),
    [
      'id: export-course',
      'title: Exported course',
      'summary: Two labs in one package.',
      'audience: investigator',
      'labs:',
      '  - lab: api-lab',
      '  - lab: coded-lab',
      '',
    ].join('\n'),
  );
}

const it = apiTest.extend('labsDir', labsFolder(addLabs));

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The files of a folder, as `<prefix>/<relative path>` with their SHA-256. */
async function folderHashes(dir: string, prefix: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const path = `${prefix}/${relative(dir, absolute).split(sep).join('/')}`;
    hashes[path] = sha256(await readFile(absolute));
  }
  return hashes;
}

async function readPackage(response: Response) {
  const archive = Buffer.from(await response.arrayBuffer());
  return { archive, ...(await readPackageZip(archive)) };
}

describe('GET /api/admin/packages/export', () => {
  it('gives an administrator the zip of a lab: its files, each with its SHA-256 in the manifest', async ({
    adminAgent,
    labsDir,
  }) => {
    const response = await adminAgent.request('/api/admin/packages/export?id=coded-lab');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="coded-lab.zip"');
    const { entries, manifest } = await readPackage(response);
    const onDisk = await folderHashes(join(labsDir!, 'coded-lab'), 'coded-lab');
    expect(Object.keys(onDisk)).toContain('coded-lab/generate.ts');
    expect({ kind: manifest.kind, id: manifest.id, labs: manifest.labs }).toEqual({
      kind: 'lab',
      id: 'coded-lab',
      labs: [{ id: 'coded-lab', version: 1 }],
    });
    expect(Object.fromEntries(manifest.files.map((file) => [file.path, file.sha256]))).toEqual(onDisk);
    // The entries are the files the manifest lists, with the bytes it promises.
    expect([...entries.keys()].sort()).toEqual(['casebench-package.json', ...Object.keys(onDisk)].sort());
    for (const file of manifest.files) {
      expect(sha256(entries.get(file.path)!)).toBe(file.sha256);
      expect(entries.get(file.path)!.length).toBe(file.size);
    }
  });

  it('gives a course with all its labs and its course file', async ({ adminAgent, labsDir }) => {
    const response = await adminAgent.request('/api/admin/packages/export?id=export-course');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="export-course.zip"');
    const { entries, manifest } = await readPackage(response);
    expect(manifest.kind).toBe('course');
    expect(manifest.labs.map((lab) => lab.id)).toEqual(['api-lab', 'coded-lab']);
    const expected = {
      ...(await folderHashes(join(labsDir!, 'api-lab'), 'api-lab')),
      ...(await folderHashes(join(labsDir!, 'coded-lab'), 'coded-lab')),
      'courses/export-course.yaml': sha256(await readFile(join(labsDir!, 'courses', 'export-course.yaml'))),
    };
    expect(Object.fromEntries(manifest.files.map((file) => [file.path, file.sha256]))).toEqual(expected);
    for (const file of manifest.files) expect(entries.get(file.path)!.length).toBe(file.size);
  });

  it('exports the live version of a lab installed from a package, which imports back as the same files', async ({
    adminAgent,
  }) => {
    const archive = await labPackage('packaged-lab', (fixture) => withGenerator(fixture, 'packaged-lab'));
    const inspected = await upload(adminAgent, archive);
    const installed = await upload(adminAgent, archive, { dryRun: false, confirmCode: inspected.body.codeSha256! });
    expect(installed.status).toBe(200);

    const response = await adminAgent.request('/api/admin/packages/export?id=packaged-lab');
    expect(response.status).toBe(200);
    const exported = await readPackage(response);
    const { manifest: originalManifest } = await readPackageZip(archive);
    expect(exported.manifest.files).toEqual(originalManifest.files);
    // Importing it again: the same lab at the same version, nothing to change.
    const again = await upload(adminAgent, exported.archive, { asNewVersion: true });
    expect(again.body.labs?.map((lab) => [lab.id, lab.action])).toEqual([['packaged-lab', 'unchanged']]);
  });

  it('answers 404 for an id that is neither an installed lab nor a course, and 400 without a valid id', async ({
    adminAgent,
  }) => {
    const unknown = await adminAgent.json<{ error: { code: string; message: string } }>(
      'GET',
      '/api/admin/packages/export?id=no-such-lab',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body?.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no-such-lab') });
    for (const query of ['', '?id=', '?id=..%2Fetc', '?id=Bad%22Name']) {
      const answer = await adminAgent.json<{ error: { code: string } }>('GET', `/api/admin/packages/export${query}`);
      expect({ query, status: answer.status, code: answer.body?.error.code }).toEqual({
        query,
        status: 400,
        code: 'bad_request',
      });
    }
  });

  it('refuses anonymous callers with 401 and instructors and trainees with 403, before reading the id', async ({
    harness,
    instructor,
    trainee,
  }) => {
    const callers = [
      { agent: harness.anonymous(), status: 401, code: 'unauthenticated' },
      { agent: instructor, status: 403, code: 'forbidden' },
      { agent: trainee, status: 403, code: 'forbidden' },
    ];
    for (const { agent, status, code } of callers)
      for (const query of ['?id=coded-lab', '?id=no-such-lab', '']) {
        const response = await agent.request(`/api/admin/packages/export${query}`);
        const text = await response.text();
        expect({ who: agent.user?.username ?? 'anonymous', query, status: response.status }).toEqual({
          who: agent.user?.username ?? 'anonymous',
          query,
          status,
        });
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
        expect(response.headers.get('content-disposition')).toBeNull();
      }
  });
});
