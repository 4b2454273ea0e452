import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { read } from '../helpers/read.ts';
import { expectCrossSitePostRefused, expectEveryRouteRefused, MISSING_ID, type Route } from '../helpers/refusals.ts';
import { authoringTest as it, newDraft, publish, saveText } from './authoring.fixture.ts';

/** Every authoring route but /me, for a draft and a lab. */
function authoringRoutes(draftId: number, userId: number): Route[] {
  const draft = `/api/authoring/drafts/${draftId}`;
  return [
    ['GET', '/api/authoring/authors'],
    ['PUT', `/api/authoring/authors/${userId}`, { author: true }],
    ['GET', '/api/authoring/drafts'],
    ['POST', '/api/authoring/drafts', { from: 'template', labId: 'sneaky-lab' }],
    ['GET', draft],
    ['DELETE', draft],
    ['GET', `${draft}/file?path=lab.yaml`],
    ['GET', `${draft}/raw?path=lab.yaml`],
    ['PUT', `${draft}/file?path=brief.md`, { content: 'overwritten' }],
    ['DELETE', `${draft}/file?path=brief.md`],
    ['POST', `${draft}/validate`],
    ['POST', `${draft}/self-test`, {}],
    ['GET', `${draft}/variant?seed=a`],
    ['GET', `${draft}/preview?reveal=true`],
    ['POST', `${draft}/publish`],
    ['GET', '/api/authoring/labs/api-lab/versions'],
    ['POST', '/api/authoring/labs/api-lab/versions/1/restore'],
  ];
}

/** The draft routes alone (those that name a draft). */
const draftRoutes = (draftId: number) =>
  authoringRoutes(draftId, 1).filter(([, path]) => path.startsWith(`/api/authoring/drafts/${draftId}`));

describe('who may author', () => {
  it('refuses anonymous callers (401), trainees and plain instructors (403) on every route, touching nothing', async ({
    harness,
    author,
    instructor,
    trainee,
    tomas,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const routes = authoringRoutes(draft.id, tomas.id);
    const before = harness.snapshot({ drafts: 'select * from lab_drafts', authors: 'select * from lab_authors' });
    await expectEveryRouteRefused(harness.anonymous(), routes, { status: 401, code: 'unauthenticated' });
    for (const agent of [trainee, instructor])
      await expectEveryRouteRefused(agent, routes, { status: 403, code: 'forbidden' }, ['203.0.113.77', 'proxy-case']);
    expect(harness.snapshot({ drafts: 'select * from lab_drafts', authors: 'select * from lab_authors' })).toEqual(
      before,
    );
    expect((await read(trainee.api.authoring.me.$get())).body).toEqual({
      canAuthor: false,
      isAdmin: false,
      mayEditCode: false,
    });
  });

  it('keeps marking authors to administrators: an author cannot mark others', async ({ author, ines }) => {
    for (const [method, path, body] of [
      ['GET', '/api/authoring/authors'],
      ['PUT', `/api/authoring/authors/${ines.id}`, { author: true }],
    ] as const) {
      const response = await author.json<ErrorBody>(method, path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it('refuses cross-site writes even from an author', async ({ author }) => {
    await expectCrossSitePostRefused(author, '/api/authoring/drafts');
  });
});

describe('drafts belong to their author', () => {
  it('another author finds none of them, exactly as a draft that does not exist; an administrator sees them', async ({
    harness,
    admin,
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const other = await harness.user('pia', 'instructor');
    await admin.json('PUT', `/api/authoring/authors/${other.id}`, { author: true });
    const pia = await harness.signIn(other);
    expect((await read(pia.api.authoring.drafts.$get())).body.drafts).toEqual([]);
    for (const [[method, path, body], [, missingPath, missingBody]] of draftRoutes(draft.id).map(
      (route, index) => [route, draftRoutes(MISSING_ID)[index]!] as const,
    )) {
      const response = await pia.json<ErrorBody>(method, path, body);
      const missing = await pia.json<ErrorBody>(method, missingPath, missingBody);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(response.body.error.message).toBe(missing.body.error.message);
      expect(response.text).not.toContain('203.0.113.77');
    }
    expect(existsSync(join(harness.services.authoringDir, 'drafts', String(draft.id), 'proxy-case', 'brief.md'))).toBe(
      true,
    );
    const adminView = await read(admin.api.authoring.drafts.$get());
    expect(adminView.body.drafts.map((item) => [item.id, item.owner.username])).toEqual([[draft.id, 'olga']]);
    expect((await admin.json('GET', `/api/authoring/drafts/${draft.id}/file?path=lab.yaml`)).status).toBe(200);
  });

  it('a trainee cannot reach a draft lab through the trainee routes, nor an instructor assign it', async ({
    author,
    trainee,
    instructor,
    cohort,
  }) => {
    await newDraft(author, { from: 'template', labId: 'proxy-case' });
    expect((await trainee.json('GET', '/api/labs/proxy-case')).status).toBe(404);
    const catalogue = await trainee.json('GET', '/api/catalogue');
    expect(catalogue.text).not.toContain('proxy-case');
    const library = await instructor.json('GET', '/api/instructor/library');
    expect(library.text).not.toContain('proxy-case');
    const assigned = await instructor.json('POST', `/api/cohorts/${cohort.id}/assignments`, { labId: 'proxy-case' });
    expect(assigned.status).toBeGreaterThanOrEqual(400);
  });
});

describe('paths stay inside the draft', () => {
  it('no traversal path reads or writes outside the draft folder', async ({ harness, author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    for (const path of ['../../escape.txt', '../../../../casebench.db', '%2e%2e/escape.txt', 'evidence/../../x']) {
      const query = `?path=${encodeURIComponent(path)}`;
      const written = await author.json('PUT', `/api/authoring/drafts/${draft.id}/file${query}`, { content: 'x' });
      const readBack = await author.json('GET', `/api/authoring/drafts/${draft.id}/raw${query}`);
      expect({ path, written: written.status, read: readBack.status }).toEqual({
        path,
        written: path.startsWith('%') ? 200 : 400,
        read: path.startsWith('%') ? 200 : 400,
      });
    }
    // "%2e%2e" is a literal folder name here (the query was decoded once): it stays inside the draft.
    expect(existsSync(join(harness.services.authoringDir, 'drafts', String(draft.id), 'proxy-case', '%2e%2e'))).toBe(
      true,
    );
    expect(existsSync(join(harness.services.authoringDir, 'escape.txt'))).toBe(false);
    expect(existsSync(join(harness.services.authoringDir, 'drafts', 'escape.txt'))).toBe(false);
  });
});

describe('generator code is for administrators', () => {
  it('an author who is not an administrator cannot write, delete or upload code; an administrator can', async ({
    admin,
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    for (const path of ['generate.ts', 'lib/helper.js', 'tools/x.mjs']) {
      const response = await author.json<ErrorBody>('PUT', `/api/authoring/drafts/${draft.id}/file?path=${path}`, {
        content: 'export default () => ({ files: {}, values: {} });',
      });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.body.error.message).toContain('Only an administrator can write generator code');
    }
    const uploaded = await author.request(
      `/api/authoring/drafts/${draft.id}/evidence?id=code&title=Code&kind=text&path=evidence/x.ts&source_device=a&acquired_by=b&acquired_at=2024-03-06T10:00:00Z&method=c`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'export {}' },
    );
    expect(uploaded.status).toBe(403);

    // An administrator writes the code; the author may then edit the rest of such a draft, never the code.
    const adminDraft = await newDraft(admin, { from: 'template', labId: 'coded-lab' });
    await saveText(admin, adminDraft.id, 'generate.ts', 'export default () => ({ files: {}, values: {} });');
    const files = await read(
      admin.api.authoring.drafts[':draftId'].$get({ param: { draftId: String(adminDraft.id) } }),
    );
    expect(files.body.draft.files.find((file) => file.path === 'generate.ts')).toMatchObject({ code: true });
    const deleted = await author.json('DELETE', `/api/authoring/drafts/${draft.id}/file?path=generate.ts`);
    expect(deleted.status).toBe(403);
  });

  it('an author cannot smuggle code in as a generator of another file type: refused before anything loads', async ({
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const code = 'globalThis.smuggled = true; export default () => ({ files: {}, values: {} });';
    const uploaded = await author.request(
      `/api/authoring/drafts/${draft.id}/evidence?id=notes&title=Notes&kind=text&path=evidence/notes.txt&source_device=a&acquired_by=b&acquired_at=2024-03-06T10:00:00Z&method=c`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: code },
    );
    expect(uploaded.status).toBe(201);
    const yaml = await read(
      author.api.authoring.drafts[':draftId'].file.$get({
        param: { draftId: String(draft.id) },
        query: { path: 'lab.yaml' },
      }),
    );
    await saveText(
      author,
      draft.id,
      'lab.yaml',
      yaml.body.content!.replace(
        'brief: brief.md',
        'brief: brief.md\nvariants:\n  generator: evidence/notes.txt\n  values: {}',
      ),
    );
    for (const [method, path] of [
      ['POST', 'validate'],
      ['POST', 'self-test'],
      ['GET', 'variant?seed=a'],
      ['GET', 'preview'],
      ['POST', 'publish'],
    ] as const) {
      const response = await author.json<ErrorBody>(method, `/api/authoring/drafts/${draft.id}/${path}`);
      expect({ path, status: response.status, field: response.body.error.field }).toEqual({
        path,
        status: 403,
        field: 'variants.generator',
      });
    }
    expect((globalThis as { smuggled?: boolean }).smuggled).toBeUndefined();
  });

  it('an author who is not an administrator cannot replace or restore a shipped lab; an administrator can', async ({
    admin,
    author,
  }) => {
    const draft = await newDraft(author, { from: 'lab', labId: 'api-lab' });
    await saveText(
      author,
      draft.id,
      'lab.yaml',
      (
        await read(
          author.api.authoring.drafts[':draftId'].file.$get({
            param: { draftId: String(draft.id) },
            query: { path: 'lab.yaml' },
          }),
        )
      ).body.content!.replace(/^version: 1$/mu, 'version: 2'),
    );
    const refused = await publish(author, draft.id);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('only an administrator can replace or restore');
    const adminDraft = await newDraft(admin, { from: 'lab', labId: 'api-lab' });
    await saveText(
      admin,
      adminDraft.id,
      'lab.yaml',
      (
        await read(
          admin.api.authoring.drafts[':draftId'].file.$get({
            param: { draftId: String(adminDraft.id) },
            query: { path: 'lab.yaml' },
          }),
        )
      ).body.content!.replace(/^version: 1$/mu, 'version: 2'),
    );
    expect((await publish(admin, adminDraft.id)).status).toBe(200);
    const restore = await author.json('POST', '/api/authoring/labs/api-lab/versions/1/restore');
    expect(restore.status).toBe(403);
  });

  it("an author may publish new versions of a lab first published through authoring, even another author's", async ({
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    expect((await publish(author, draft.id)).status).toBe(200);
    const next = await newDraft(author, { from: 'lab', labId: 'proxy-case' });
    const text = (
      await read(
        author.api.authoring.drafts[':draftId'].file.$get({
          param: { draftId: String(next.id) },
          query: { path: 'lab.yaml' },
        }),
      )
    ).body.content!;
    await saveText(author, next.id, 'lab.yaml', text.replace(/^version: 1$/mu, 'version: 2'));
    expect((await publish(author, next.id)).status).toBe(200);
    expect((await author.json('POST', '/api/authoring/labs/proxy-case/versions/1/restore')).status).toBe(200);
  });
});
