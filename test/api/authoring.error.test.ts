import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { read } from '../helpers/read.ts';
import {
  CUSTODY,
  authoringTest as it,
  draftText,
  editText,
  newDraft,
  publish,
  saveText,
  uploadEvidence,
} from './authoring.fixture.ts';

const param = (draftId: number) => ({ param: { draftId: String(draftId) } });

describe('a new draft', () => {
  it.for<[string, unknown, number, string]>([
    ['an id with capitals', { from: 'template', labId: 'Proxy_Case' }, 400, 'labId'],
    ['the id of an installed lab', { from: 'template', labId: 'api-lab' }, 409, 'labId'],
    ['a copy of a lab that is not installed', { from: 'lab', labId: 'no-such-lab' }, 404, 'labId'],
    ['a copy under an id already taken', { from: 'lab', labId: 'api-lab', newLabId: 'api-lab' }, 409, 'newLabId'],
    ['no starting point', { labId: 'x' }, 400, 'from'],
  ])('is refused for %s, with the field named', async ([_what, body, status, field], { harness, author }) => {
    const response = await author.json<ErrorBody>('POST', '/api/authoring/drafts', body);
    expect({ status: response.status, field: response.body.error.field }).toEqual({ status, field });
    expect(harness.count('lab_drafts')).toBe(0);
  });
});

describe('draft files', () => {
  it.for<[string, string]>([
    ['a parent folder', '../escape.txt'],
    ['a deeper escape', 'evidence/../../escape.txt'],
    ['an absolute path', '/etc/passwd'],
    ['a Windows drive', 'C:/x.txt'],
    ['a backslash', 'evidence\\x.txt'],
    ['a hidden file', '.env'],
    ['an empty segment', 'evidence//x.txt'],
    ['an empty path', ''],
  ])('refuses %s with 400 naming the path, writing nothing', async ([_what, path], { harness, author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const query = `?path=${encodeURIComponent(path)}`;
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { content: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await author.json<ErrorBody>(method, `/api/authoring/drafts/${draft.id}/file${query}`, body);
      expect({ method, status: response.status, field: response.body.error.field }).toEqual({
        method,
        status: 400,
        field: 'path',
      });
    }
    const files = await read(author.api.authoring.drafts[':draftId'].$get(param(draft.id)));
    expect(files.body.draft.files.map((file) => file.path)).toEqual(['brief.md', 'evidence/auth.log', 'lab.yaml']);
    expect(harness.count('audit_log', "action = 'authoring.file_saved'")).toBe(0);
  });

  it('answers 404 for a file that is not there, and never deletes lab.yaml', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const missing = await author.json<ErrorBody>('GET', `/api/authoring/drafts/${draft.id}/file?path=nothing.md`);
    expect(missing.status).toBe(404);
    const yaml = await author.json<ErrorBody>('DELETE', `/api/authoring/drafts/${draft.id}/file?path=lab.yaml`);
    expect(yaml.status).toBe(400);
    expect(yaml.body.error.message).toContain('always has a lab.yaml');
    expect(await draftText(author, draft.id, 'lab.yaml')).toContain('id: proxy-case');
  });

  it('refuses a path that uses a file as a folder, with 400 naming the path', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const response = await author.json<ErrorBody>('PUT', `/api/authoring/drafts/${draft.id}/file?path=brief.md/x.md`, {
      content: 'x',
    });
    expect({ status: response.status, field: response.body.error.field }).toEqual({ status: 400, field: 'path' });
    expect(await draftText(author, draft.id, 'brief.md')).toContain('# Case brief');
  });

  it('refuses a text file over 1 MiB with 413', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const response = await author.json<ErrorBody>('PUT', `/api/authoring/drafts/${draft.id}/file?path=big.txt`, {
      content: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.message).toContain('at most 1048576 bytes');
  });

  it('gives binary files as size and hash only, and their bytes raw', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    expect(
      (
        await uploadEvidence(
          author,
          draft.id,
          bytes,
          { id: 'logo', title: 'Logo', kind: 'image', ...CUSTODY },
          'logo.png',
        )
      ).status,
    ).toBe(201);
    const file = await read(
      author.api.authoring.drafts[':draftId'].file.$get({ ...param(draft.id), query: { path: 'evidence/logo.png' } }),
    );
    expect(file.body).toMatchObject({ path: 'evidence/logo.png', size: 8, text: false, content: null });
    const raw = await author.request(`/api/authoring/drafts/${draft.id}/raw?path=evidence/logo.png`);
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(bytes);
  });
});

describe('evidence upload', () => {
  it.for<[string, Record<string, string>, string]>([
    ['without the acquisition time', { acquired_at: '' }, 'acquired_at'],
    ['with a time without a zone', { acquired_at: '2024-03-06T10:00:00' }, 'acquired_at'],
    ['without who acquired it', { acquired_by: '' }, 'acquired_by'],
    ['with an unknown kind', { kind: 'video' }, 'kind'],
    ['with a bad id', { id: 'Proxy Log' }, 'id'],
    ['to a path outside the lab', { path: '../proxy.log' }, 'path'],
  ])('is refused %s, naming the field, with nothing stored', async ([_what, change, field], { harness, author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const before = await draftText(author, draft.id, 'lab.yaml');
    const fields = { id: 'proxy-log', title: 'Proxy log', kind: 'log', ...CUSTODY, ...change };
    const response = await uploadEvidence(author, draft.id, 'a line\n', fields);
    const body = (await response.json()) as ErrorBody;
    expect({ status: response.status, field: body.error.field }).toEqual({ status: 400, field });
    expect(await draftText(author, draft.id, 'lab.yaml')).toBe(before);
    expect(harness.count('audit_log', "action = 'authoring.evidence_uploaded'")).toBe(0);
  });

  it('is refused while lab.yaml does not parse, storing nothing', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await saveText(author, draft.id, 'lab.yaml', 'id: proxy-case\ntitle: [unclosed\n');
    const response = await uploadEvidence(author, draft.id, 'a line\n', {
      id: 'proxy-log',
      title: 'Proxy log',
      kind: 'log',
      ...CUSTODY,
    });
    expect(response.status).toBe(409);
    const files = await read(author.api.authoring.drafts[':draftId'].$get(param(draft.id)));
    expect(files.body.draft.files.map((file) => file.path)).not.toContain('evidence/proxy.log');
  });

  it('takes the file only as application/octet-stream', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const response = await author.request(`/api/authoring/drafts/${draft.id}/evidence?id=x`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--',
    });
    expect(response.status).toBe(415);
  });
});

describe('validation and publishing', () => {
  it('says when lab.yaml gives the draft another id than its own', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'id: proxy-case', 'id: other-case');
    const validated = await read(author.api.authoring.drafts[':draftId'].validate.$post(param(draft.id)));
    expect(validated.body.problems).toEqual([
      expect.objectContaining({
        file: 'lab.yaml',
        field: 'id',
        message: 'the lab id "other-case" must equal its folder name "proxy-case"',
      }),
    ]);
  });

  it('refuses to publish a draft with problems, answering them with file, line and field; nothing goes live', async ({
    harness,
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'points: 10', 'points: ten');
    const refused = await author.json<ErrorBody & { problems: { file: string; field?: string; line?: number }[] }>(
      'POST',
      `/api/authoring/drafts/${draft.id}/publish`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ file: 'lab.yaml', field: 'tasks[0].points', line: expect.any(Number) }),
    ]);
    expect(harness.library.labs.has('proxy-case')).toBe(false);
    expect(harness.count('lab_versions')).toBe(0);
    // The variant and the preview need a lab that loads.
    for (const path of ['variant?seed=a', 'preview']) {
      const response = await author.json<ErrorBody>('GET', `/api/authoring/drafts/${draft.id}/${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 409 });
    }
  });

  it('refuses to publish when the self-test fails, with its failures', async ({ harness, author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'placeholder: 198.51.100.23', 'placeholder: 203.0.113.77');
    const tested = await read(
      author.api.authoring.drafts[':draftId']['self-test'].$post({ ...param(draft.id), json: {} }),
    );
    expect(tested.body.passed).toBe(false);
    expect(tested.body.failures).toContainEqual(
      expect.objectContaining({ task: 'attacker-ip', message: expect.stringContaining('placeholder') }),
    );
    const refused = await author.json<{ failures: unknown[] }>('POST', `/api/authoring/drafts/${draft.id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.failures.length).toBeGreaterThan(0);
    expect(harness.library.labs.has('proxy-case')).toBe(false);
  });

  it('refuses a version that is not higher than every kept one, naming the field', async ({ admin }) => {
    const draft = await newDraft(admin, { from: 'lab', labId: 'api-lab' });
    const refused = await publish(admin, draft.id);
    expect(refused.status).toBe(409);
    const body = refused.body as unknown as ErrorBody;
    expect(body.error).toMatchObject({ code: 'conflict', field: 'version' });
    expect(body.error.message).toContain('lab.yaml says version 1, but "api-lab" is live at version 1');
  });

  it('refuses self-test seeds beyond twenty', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const response = await author.json('POST', `/api/authoring/drafts/${draft.id}/self-test`, {
      seeds: Array.from({ length: 21 }, (_, index) => `s${index}`),
    });
    expect(response.status).toBe(400);
  });
});

describe('versions', () => {
  it('answers 404 for a lab never installed or published, and for a version not kept', async ({ admin }) => {
    expect((await admin.json('GET', '/api/authoring/labs/no-such-lab/versions')).status).toBe(404);
    expect((await admin.json('POST', '/api/authoring/labs/api-lab/versions/7/restore')).status).toBe(404);
  });

  it('refuses to restore the version that is live', async ({ admin }) => {
    const draft = await newDraft(admin, { from: 'lab', labId: 'api-lab' });
    await editText(admin, draft.id, 'lab.yaml', /^version: 1$/mu, 'version: 2');
    expect((await publish(admin, draft.id)).status).toBe(200);
    const again = await admin.json<ErrorBody>('POST', '/api/authoring/labs/api-lab/versions/2/restore');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already the live one');
  });
});

describe('marking authors', () => {
  it('refuses trainees, administrators and unknown accounts, naming the account', async ({ admin, tomas, ada }) => {
    for (const [userId, status] of [
      [tomas.id, 400],
      [ada.id, 400],
      [987654, 404],
    ] as const) {
      const response = await admin.json<ErrorBody>('PUT', `/api/authoring/authors/${userId}`, { author: true });
      expect({ userId, status: response.status, field: response.body.error.field }).toEqual({
        userId,
        status,
        field: 'userId',
      });
    }
  });
});
