import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';
import type { ErrorBody, ErrorCode } from '../../server/errors.ts';

let fixture: LabFixture;
let harness: Harness;
let instructor: Actor;
let trainee: Actor;
let agent: Agent;

async function setUp(): Promise<void> {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
  // A second lab that exists in the library but is assigned to no one here.
  await addApiTestLab(fixture, 'other-lab');
  harness = await Harness.create({ labsDir: fixture.labsDir });
  [instructor, trainee] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
  await harness.cohort(instructor, [trainee], ['api-lab']);
  agent = await harness.signIn(trainee);
}
async function tearDown(): Promise<void> {
  vi.restoreAllMocks();
  await harness.dispose();
  await fixture.dispose();
}

/** Tests that only read (or whose writes are refused) share one app; the others get a fresh one each. */
function sharedApp(): void {
  beforeAll(setUp);
  afterAll(tearDown);
}
function freshApp(): void {
  beforeEach(setUp);
  afterEach(tearDown);
}

const count = (table: string, where?: string, ...params: unknown[]) => harness.count(table, where, ...params);

/** Every trainee route of a lab, with a body where the route takes one. */
function traineeRoutes(lab: string): [method: string, path: string, body?: unknown][] {
  return [
    ['GET', `/api/labs/${lab}`],
    ['GET', `/api/labs/${lab}/evidence/auth-log`],
    ['GET', `/api/labs/${lab}/evidence/auth-log/lines?from=1&count=50`],
    ['GET', `/api/labs/${lab}/evidence/auth-log/search?q=Failed`],
    ['POST', `/api/labs/${lab}/tasks/attacker-ip/submissions`, { answer: '192.0.2.15' }],
    ['GET', `/api/labs/${lab}/tasks/attacker-ip/submissions`],
    ['POST', `/api/labs/${lab}/tasks/attacker-ip/hints/0`, {}],
    ['GET', `/api/labs/${lab}/notes`],
    ['PUT', `/api/labs/${lab}/notes`, { body: 'my notes', baseRevision: 0 }],
  ];
}

/** Row counts of the tables trainee routes write to, to show that a refused request wrote nothing. */
function writtenRows(): Record<string, number> {
  return Object.fromEntries(
    ['lab_attempts', 'submissions', 'task_results', 'notes', 'hint_unlocks', 'audit_log'].map((table) => [
      table,
      count(table),
    ]),
  );
}

describe('anonymous callers', () => {
  sharedApp();

  it('get 401 from every trainee route', async () => {
    const anonymous = harness.anonymous();
    const before = writtenRows();
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/catalogue'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/cohorts/join', { code: 'ABCD-EFGH' }],
      ...traineeRoutes('api-lab'),
    ];
    for (const [method, path, body] of routes) {
      const response = await anonymous.json<ErrorBody>(method, path, body);
      expect({ method, path, status: response.status, code: response.body?.error?.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
    expect(writtenRows()).toEqual(before);
  });
});

describe('a lab not assigned to the trainee', () => {
  sharedApp();

  it('answers 404 on every route of the lab and writes nothing', async () => {
    for (const [method, path, body] of traineeRoutes('other-lab')) {
      const response = await agent.json<ErrorBody>(method, path, body);
      expect({ method, path, status: response.status, code: response.body?.error?.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'not_found',
      });
      expect(response.text).not.toContain('203.0.113.77');
    }
    expect(count('lab_attempts', 'lab_id = ?', 'other-lab')).toBe(0);
    expect(count('submissions', 'lab_id = ?', 'other-lab')).toBe(0);
    expect(count('notes', 'lab_id = ?', 'other-lab')).toBe(0);
    expect(count('hint_unlocks', 'lab_id = ?', 'other-lab')).toBe(0);
  });

  it('cannot be told apart from a lab that does not exist', async () => {
    const unassigned = await agent.json<ErrorBody>('GET', '/api/labs/other-lab');
    const missing = await agent.json<ErrorBody>('GET', '/api/labs/no-such-lab');
    expect(unassigned.status).toBe(missing.status);
    expect(unassigned.body.error.message.replace('other-lab', 'X')).toBe(
      missing.body.error.message.replace('no-such-lab', 'X'),
    );
  });

  // BUG: server/routes/health.ts answers GET /api/health to anyone, signed in or not, with the ids of
  // every loaded lab and course (labs.ids, courses). server/services/trainee/lab-access.ts answers 404 for
  // unassigned labs precisely so that "a trainee must not learn which labs exist elsewhere"; the
  // health route undoes that (and tells an anonymous caller the whole library). The ids should be
  // shown to staff only, with anonymous callers and trainees getting the status and counts.
  it('is not named by the health route either', async () => {
    for (const caller of [agent, harness.anonymous()]) {
      const response = await caller.json('GET', '/api/health');
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('other-lab');
    }
  });

  it('is not listed in the catalogue', async () => {
    const response = await agent.json<{ labs: { id: string }[]; courses: unknown[] }>('GET', '/api/catalogue');
    expect(response.body.labs.map((lab) => lab.id)).toEqual(['api-lab']);
    expect(response.text).not.toContain('other-lab');
  });
});

describe("one trainee's work", () => {
  freshApp();

  it('stops being reachable when the trainee is removed from the cohort', async () => {
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    const cohortId = (
      harness.db.$client.prepare('select cohort_id from cohort_members where user_id = ?').get(trainee.id) as {
        cohort_id: number;
      }
    ).cohort_id;
    const instructorAgent = await harness.signIn(instructor);
    expect((await instructorAgent.json('DELETE', `/api/cohorts/${cohortId}/members/${trainee.id}`)).status).toBe(200);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(404);
    expect((await agent.json('GET', '/api/labs/api-lab/evidence/auth-log')).status).toBe(404);
    expect(
      (await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' })).status,
    ).toBe(404);
  });

  it('is invisible to another trainee of the same cohort, on every route', async () => {
    const other = await harness.user('amira');
    const cohortId = (
      harness.db.$client.prepare('select cohort_id from cohort_members where user_id = ?').get(trainee.id) as {
        cohort_id: number;
      }
    ).cohort_id;
    harness.db.$client
      .prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)')
      .run(cohortId, other.id, harness.now().getTime());
    const otherAgent = await harness.signIn(other);

    // B works: notes, a hint, a wrong and a right answer, a manual finding.
    expect(
      (await otherAgent.json('PUT', '/api/labs/api-lab/notes', { body: 'AMIRA-SECRET-NOTES', baseRevision: 0 })).status,
    ).toBe(200);
    expect((await otherAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/hints/0')).status).toBe(200);
    expect(
      (await otherAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '198.51.100.99' }))
        .status,
    ).toBe(201);
    expect(
      (await otherAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
        .status,
    ).toBe(201);
    expect(
      (await otherAgent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: 'AMIRA-SECRET-FINDING' }))
        .status,
    ).toBe(201);

    // A sees none of it.
    const notes = await agent.json<{ notes: { body: string; revision: number } }>('GET', '/api/labs/api-lab/notes');
    expect(notes.body.notes).toMatchObject({ body: '', revision: 0 });
    for (const task of ['attacker-ip', 'attempts', 'summary']) {
      const submissions = await agent.json<{ submissions: unknown[] }>(
        'GET',
        `/api/labs/api-lab/tasks/${task}/submissions`,
      );
      expect(submissions.body.submissions).toEqual([]);
    }
    const lab = await agent.json<{
      lab: {
        tasks: { id: string; status: string; attempts: number; locked: boolean; hints: { unlocked: boolean }[] }[];
      };
    }>('GET', '/api/labs/api-lab');
    for (const task of lab.body.lab.tasks) {
      expect(task.status).toBe('open');
      expect(task.attempts).toBe(0);
      expect(task.hints.every((hint) => !hint.unlocked)).toBe(true);
    }
    expect(lab.body.lab.tasks.find((task) => task.id === 'attempts')!.locked).toBe(true);
    const catalogue = await agent.json('GET', '/api/catalogue');
    expect(catalogue.body).toMatchObject({ labs: [{ id: 'api-lab', progress: { points: 0, tasksSolved: 0 } }] });
    for (const response of [notes, lab, catalogue]) {
      expect(response.text).not.toContain('AMIRA-SECRET');
      expect(response.text).not.toContain('198.51.100.99');
    }

    // A's own writes stay A's: A can still save notes from revision 0, and B's notes are untouched.
    expect((await agent.json('PUT', '/api/labs/api-lab/notes', { body: 'tomas notes', baseRevision: 0 })).status).toBe(
      200,
    );
    expect((await otherAgent.json<{ notes: { body: string } }>('GET', '/api/labs/api-lab/notes')).body.notes.body).toBe(
      'AMIRA-SECRET-NOTES',
    );
    // B's solve does not unlock A's dependent task.
    expect((await agent.json('POST', '/api/labs/api-lab/tasks/attempts/submissions', { answer: '2' })).status).toBe(
      403,
    );
  });

  it('ignores a user id smuggled into the query or body', async () => {
    const other = await harness.user('amira');
    const cohortId = (
      harness.db.$client.prepare('select cohort_id from cohort_members where user_id = ?').get(trainee.id) as {
        cohort_id: number;
      }
    ).cohort_id;
    harness.db.$client
      .prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)')
      .run(cohortId, other.id, harness.now().getTime());
    const otherAgent = await harness.signIn(other);
    await otherAgent.json('PUT', '/api/labs/api-lab/notes', { body: 'AMIRA-SECRET-NOTES', baseRevision: 0 });

    const notes = await agent.json('GET', `/api/labs/api-lab/notes?userId=${other.id}&user=${other.id}`);
    expect(notes.text).not.toContain('AMIRA-SECRET');
    const saved = await agent.json('PUT', `/api/labs/api-lab/notes?userId=${other.id}`, {
      body: 'overwrite',
      baseRevision: 0,
      userId: other.id,
    });
    expect(saved.status).toBe(200);
    expect((await otherAgent.json<{ notes: { body: string } }>('GET', '/api/labs/api-lab/notes')).body.notes.body).toBe(
      'AMIRA-SECRET-NOTES',
    );
    await agent.json('POST', `/api/labs/api-lab/tasks/attacker-ip/submissions?userId=${other.id}`, {
      answer: '198.51.100.1',
      userId: other.id,
    });
    expect(count('submissions', 'user_id = ?', other.id)).toBe(0);
    expect(count('submissions', 'user_id = ?', trainee.id)).toBe(1);
  });
});

describe('a task locked behind another', () => {
  freshApp();

  it('refuses answers and hides its prompt until the task it requires is solved', async () => {
    const refused = await agent.json<ErrorBody>('POST', '/api/labs/api-lab/tasks/attempts/submissions', {
      answer: '2',
    });
    expect(refused.status).toBe(403);
    // Numbered and titled as the workspace lists the task, not by its id.
    expect(refused.body.error.message).toBe('Finish “1. Attacking address” first.');
    expect(count('submissions')).toBe(0);
    const lab = await agent.json<{ lab: { tasks: { id: string; prompt: string | null }[] } }>(
      'GET',
      '/api/labs/api-lab',
    );
    expect(lab.body.lab.tasks.find((task) => task.id === 'attempts')!.prompt).toBeNull();
    expect(lab.text).not.toContain('How many failed attempts');
  });

  // Regression (fixed in server/services/trainee/hints.ts): hints of a task whose prompt is still hidden
  // could be bought. They are written for someone who solved the prerequisite and may name its
  // answer ("Count the Failed password lines of that address", or {{attacker_ip}}).
  it('does not sell its hints before it opens', async () => {
    const response = await agent.json<ErrorBody & { hint?: { text: string } }>(
      'POST',
      '/api/labs/api-lab/tasks/attempts/hints/0',
    );
    expect(response.status).toBe(403);
    expect(response.text).not.toContain('Count the Failed password lines');
    expect(count('hint_unlocks')).toBe(0);
  });
});

/** The error code of each refusal status the tables below expect. */
const refusalCode = { 400: 'bad_request', 404: 'not_found' } as const;

describe('evidence ids', () => {
  sharedApp();
  const forbiddenContents = ['tasks:', 'expected: 203.0.113.77', '# Case brief', 'root:x:0:0', 'sha256:'];

  // A malformed id is a bad request; a well-formed one that names no artefact of the lab is not found.
  // ".." and a literal traversal are resolved by the URL before routing, so they reach no route.
  it.each([
    ['a parent folder', '..', 404],
    ['an encoded parent folder', '%2e%2e', 404],
    ['an encoded slash to lab.yaml', '..%2Flab.yaml', 400],
    ['an encoded slash, lower case', '..%2flab.yaml', 400],
    ['an encoded dot-dot-slash', '%2e%2e%2flab.yaml', 400],
    ['a deep traversal', '..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd', 400],
    ['an absolute path', '%2Fetc%2Fpasswd', 400],
    ['an absolute path to the lab file', '<labs>/api-lab/lab.yaml', 400],
    ['a backslash traversal', '..%5Clab.yaml', 400],
    ['a double-encoded traversal', '%252e%252e%252flab.yaml', 400],
    ['a NUL byte', 'auth-log%00', 400],
    ['the lab definition', 'lab.yaml', 400],
    ['the brief', 'brief.md', 400],
    ['the lab definition without extension', 'lab', 404],
    ['the brief without extension', 'brief', 404],
    ['the evidence folder', 'evidence', 404],
    ['the file name of a declared artefact', 'auth.log', 400],
    ['the path of a declared artefact', 'evidence%2Fauth.log', 400],
    ['a literal traversal after a real id', 'auth-log/../../lab.yaml', 404],
  ] as const)('%s never returns a file (%s: %i)', async (_name, id, status) => {
    const evidenceId = id.startsWith('<labs>') ? encodeURIComponent(id.replace('<labs>', fixture.labsDir)) : id;
    const response = await agent.request(`/api/labs/api-lab/evidence/${evidenceId}`);
    const text = await response.text();
    for (const content of forbiddenContents) expect(text).not.toContain(content);
    expect({ status: response.status, code: (JSON.parse(text) as ErrorBody).error.code }).toEqual({
      status,
      code: refusalCode[status],
    });
  });

  it('with a traversal in the lab id never return a file', async () => {
    for (const [lab, status] of [
      ['..', 404],
      ['%2e%2e', 404],
      ['..%2Fapi-lab', 400],
      ['api-lab%2F..%2Fother-lab', 400],
      ['%2Ftmp', 400],
      ['API-LAB', 400],
    ] as const) {
      const response = await agent.request(`/api/labs/${lab}/evidence/auth-log`);
      const text = await response.text();
      expect(text).not.toContain('Failed password');
      expect({ lab, status: response.status, code: (JSON.parse(text) as ErrorBody).error.code }).toEqual({
        lab,
        status,
        code: refusalCode[status],
      });
    }
  });

  // The line and search routes take any id up to 64 characters and look it up: none names an artefact.
  it('are refused on the line and search routes too, as artefacts that do not exist', async () => {
    for (const id of ['%2e%2e', '..%2Flab.yaml', 'lab.yaml', 'brief', '%2Fetc%2Fpasswd']) {
      for (const suffix of ['lines?from=1&count=50', 'search?q=tasks']) {
        const response = await agent.request(`/api/labs/api-lab/evidence/${id}/${suffix}`);
        const text = await response.text();
        for (const content of forbiddenContents) expect(text).not.toContain(content);
        expect({ id, suffix, status: response.status, code: (JSON.parse(text) as ErrorBody).error.code }).toEqual({
          id,
          suffix,
          status: 404,
          code: 'not_found',
        });
      }
    }
  });

  it('only reach the artefacts of the lab named in the path', async () => {
    // other-lab declares an artefact with the same id; reaching it through api-lab gives api-lab's file.
    await fixture.write('other-lab', 'evidence/auth.log', 'OTHER LAB CONTENT\n');
    const response = await agent.request('/api/labs/api-lab/evidence/auth-log');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(await readFile(fixture.labFile('api-lab', 'evidence/auth.log'), 'utf8'));
  });
});

describe('evidence downloads', () => {
  sharedApp();

  it('are served as attachments that a browser will not render or sniff', async () => {
    const response = await agent.request('/api/labs/api-lab/evidence/auth-log');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/u);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toMatch(/no-store/u);
  });

  // A range answer carries no error envelope: the status and Content-Range say it all (RFC 9110).
  it('answer a range that starts past the end with 416, the size and no body', async () => {
    const size = (await readFile(fixture.labFile('api-lab', 'evidence/auth.log'))).byteLength;
    const response = await agent.request('/api/labs/api-lab/evidence/auth-log', {
      headers: { range: `bytes=${size + 10}-` },
    });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(await response.text()).toBe('');
  });
});

describe('cross-site request forgery', () => {
  sharedApp();

  const writes: [string, string, unknown][] = [
    ['POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }],
    ['PUT', '/api/labs/api-lab/notes', { body: 'forged', baseRevision: 0 }],
    ['POST', '/api/labs/api-lab/tasks/attacker-ip/hints/0', {}],
  ];

  let before: Record<string, number>;
  beforeEach(() => {
    before = writtenRows();
  });
  function expectNothingWritten(): void {
    expect(writtenRows()).toEqual(before);
  }

  it.each([
    ['text/plain', 'text/plain'],
    ['text/plain with a charset', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['a multipart form', 'multipart/form-data; boundary=x'],
  ])('refuses a write sent as %s with 415, even with a valid cookie', async (_name, contentType) => {
    for (const [method, path, body] of writes) {
      const response = await agent.request(path, {
        method,
        headers: { 'content-type': contentType },
        body: JSON.stringify(body),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 415 });
      expect(((await response.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
    }
    expectNothingWritten();
  });

  it.each([
    ['an Origin from another site', { origin: 'https://evil.example' }],
    ['the null Origin of a sandboxed frame', { origin: 'null' }],
    ['an Origin differing only by scheme', { origin: 'https://localhost' }],
    ['an Origin differing only by port', { origin: 'http://localhost:8080' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a JSON write with %s with 403, even with a valid cookie', async (_name, headers) => {
    for (const [method, path, body] of writes) {
      const response = await agent.request(path, { method, headers, body: JSON.stringify(body) });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(((await response.json()) as ErrorBody).error.code).toBe('forbidden');
    }
    expectNothingWritten();
  });

  it('accepts the same write from the app itself', async () => {
    const response = await agent.request('/api/labs/api-lab/notes', {
      method: 'PUT',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ body: 'mine', baseRevision: 0 }),
    });
    expect(response.status).toBe(200);
  });
});

describe('request size', () => {
  sharedApp();
  const big = 'x'.repeat(1024 * 1024);

  it.each([
    ['an answer', 'POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: big }],
    ['notes', 'PUT', '/api/labs/api-lab/notes', { body: big, baseRevision: 0 }],
    ['a sign-in', 'POST', '/api/auth/login', { username: 'tomas', password: big }],
  ])('refuses a 1 MB body for %s with 413', async (_name, method, path, body) => {
    const response = await agent.json<ErrorBody>(method, path, body);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(count('submissions')).toBe(0);
    expect(count('notes')).toBe(0);
  });

  it('refuses an oversized body even without a Content-Length header', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        controller.enqueue(new TextEncoder().encode('{"answer":"'));
        for (let index = 0; index < 16; index++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const response = await agent.request('/api/labs/api-lab/tasks/attacker-ip/submissions', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(count('submissions')).toBe(0);
  });

  it('refuses answers and notes longer than their field allows with 400', async () => {
    const answer = await agent.json<ErrorBody>('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
      answer: 'x'.repeat(100_001),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('answer');
    const notes = await agent.json<ErrorBody>('PUT', '/api/labs/api-lab/notes', {
      body: 'x'.repeat(200_001),
      baseRevision: 0,
    });
    expect(notes.status).toBe(400);
    expect(notes.body.error.field).toBe('body');
    expect(count('submissions')).toBe(0);
    expect(count('notes')).toBe(0);
  });
});

describe('the largest valid request', () => {
  freshApp();

  // BUG: server/app.ts caps every request body at 512 KB (bodyLimit), but server/services/trainee/notes.ts
  // allows MAX_NOTES_LENGTH = 200,000 characters. Notes of allowed length in a script that takes
  // three bytes per character in UTF-8 (Chinese, Japanese, Korean; or many tabs and quotes, which
  // JSON escapes) are refused with 413 "larger than 512 KB" instead of being saved. The body limit
  // must cover the largest valid request (about 200,000 x 3 bytes plus JSON overhead: 1 MB), or
  // the notes limit be stated in bytes.
  it('accepts notes of the largest allowed length in any script', async () => {
    const response = await agent.json<{ notes: { revision: number } }>('PUT', '/api/labs/api-lab/notes', {
      body: '証'.repeat(200_000),
      baseRevision: 0,
    });
    expect(response.status).toBe(200);
  });
});

describe('answer throttling', () => {
  freshApp();

  it('refuses the eleventh answer to one task within a minute with 429, and does not record it', async () => {
    for (let index = 0; index < 10; index++) {
      const response = await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
        answer: `198.51.100.${index}`,
      });
      expect(response.status).toBe(201);
    }
    const refused = await agent.json<ErrorBody>('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
      answer: '203.0.113.77',
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(refused.body.error.message).toMatch(/try again in \d+ seconds/u);
    expect(count('submissions')).toBe(10);
    expect(count('submissions', "verdict = 'correct'")).toBe(0);
    expect(count('task_results', "status = 'solved'")).toBe(0);
  });

  it('counts answers of the wrong shape too, so a script cannot probe for free', async () => {
    for (let index = 0; index < 10; index++)
      await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
        answer: `not an address ${index}`,
      });
    expect(
      (await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' })).status,
    ).toBe(429);
  });

  it('lets answers through again once the minute has passed', async () => {
    for (let index = 0; index < 10; index++)
      await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: `198.51.100.${index}` });
    harness.advance(60_000);
    const response = await agent.json<{ submission: { verdict: string } }>(
      'POST',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
      { answer: '203.0.113.77' },
    );
    expect(response.status).toBe(201);
    expect(response.body.submission.verdict).toBe('correct');
  });

  it('throttles per task and per trainee', async () => {
    for (let index = 0; index < 10; index++)
      await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: `198.51.100.${index}` });
    expect(
      (await agent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: 'A finding.' })).status,
    ).toBe(201);
    const other = await harness.user('amira');
    const cohortId = (
      harness.db.$client.prepare('select cohort_id from cohort_members where user_id = ?').get(trainee.id) as {
        cohort_id: number;
      }
    ).cohort_id;
    harness.db.$client
      .prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)')
      .run(cohortId, other.id, harness.now().getTime());
    const otherAgent = await harness.signIn(other);
    expect(
      (await otherAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '198.51.100.1' }))
        .status,
    ).toBe(201);
  });
});

describe('error bodies', () => {
  freshApp();
  const stackTrace = /\bat\s+\S+\s+\(?(?:file:\/\/)?\/?[\w./-]+\.(?:ts|js|mjs|cjs):\d+/u;

  /** The error envelope with the status and code the case expects, and nothing that tells how the server is built. */
  function expectErrorEnvelope(
    response: { status: number; text: string },
    context: string,
    expected: { status: number; code: ErrorCode },
  ): void {
    const body = JSON.parse(response.text) as Record<string, unknown>;
    expect(Object.keys(body), context).toEqual(['error']);
    const error = body.error as Record<string, unknown>;
    expect({ status: response.status, code: error.code }, context).toEqual(expected);
    expect(typeof error.message, context).toBe('string');
    expect((error.message as string).length, context).toBeGreaterThan(0);
    for (const key of Object.keys(error)) expect(['code', 'message', 'field'], context).toContain(key);
    expect(response.text, context).not.toMatch(stackTrace);
    expect(response.text, context).not.toContain(process.cwd());
    expect(response.text, context).not.toContain('node_modules');
    expect(response.text, context).not.toMatch(/SqliteError|SQLITE_|ZodError/u);
  }

  const asText = async (response: Response) => ({ status: response.status, text: await response.text() });

  it('have the shape { error: { code, message } } on every kind of failure, without stack traces', async () => {
    const anonymous = harness.anonymous();
    const cases: [string, number, ErrorCode, () => Promise<{ status: number; text: string }>][] = [
      ['anonymous', 401, 'unauthenticated', () => anonymous.json('GET', '/api/catalogue')],
      ['unknown API route', 404, 'not_found', () => agent.json('GET', '/api/no-such-route')],
      ['outside the API', 404, 'not_found', () => agent.json('GET', '/no-such-page')],
      ['unassigned lab', 404, 'not_found', () => agent.json('GET', '/api/labs/other-lab')],
      ['unknown task', 404, 'not_found', () => agent.json('GET', '/api/labs/api-lab/tasks/no-such-task/submissions')],
      ['unknown hint', 404, 'not_found', () => agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/hints/7')],
      ['bad id', 400, 'bad_request', () => agent.json('GET', '/api/labs/Not_An_Id')],
      ['missing field', 400, 'bad_request', () => agent.json('PUT', '/api/labs/api-lab/notes', { body: 'x' })],
      [
        'wrong type',
        400,
        'bad_request',
        () => agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: 42 }),
      ],
      ['bad hint index', 400, 'bad_request', () => agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/hints/-1')],
      [
        'locked task',
        403,
        'forbidden',
        () => agent.json('POST', '/api/labs/api-lab/tasks/attempts/submissions', { answer: '2' }),
      ],
      ['cohorts for trainees', 403, 'forbidden', () => agent.json('GET', '/api/cohorts')],
      // A task still locked sells no hint, in order or not.
      ['hint of a locked task', 403, 'forbidden', () => agent.json('POST', '/api/labs/api-lab/tasks/attempts/hints/1')],
      [
        'malformed answer',
        422,
        'invalid_answer',
        () => agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: 'not an address' }),
      ],
      [
        'notes longer than allowed',
        400,
        'bad_request',
        () => agent.json('PUT', '/api/labs/api-lab/notes', { body: 'x'.repeat(600_000), baseRevision: 0 }),
      ],
      [
        'body over the route limit',
        413,
        'payload_too_large',
        () => agent.json('PUT', '/api/labs/api-lab/notes', { body: 'x'.repeat(1_100_000), baseRevision: 0 }),
      ],
      [
        'not JSON',
        415,
        'unsupported_media_type',
        () =>
          agent
            .request('/api/labs/api-lab/notes', {
              method: 'PUT',
              headers: { 'content-type': 'text/plain' },
              body: '{}',
            })
            .then(asText),
      ],
      [
        'malformed JSON',
        400,
        'bad_request',
        () => agent.request('/api/labs/api-lab/notes', { method: 'PUT', body: '{"body": ' }).then(asText),
      ],
      [
        'JSON that is not an object',
        400,
        'bad_request',
        () => agent.request('/api/labs/api-lab/notes', { method: 'PUT', body: 'null' }).then(asText),
      ],
    ];
    // One after the other: the locked task must still be locked when its case runs.
    for (const [name, status, code, send] of cases) expectErrorEnvelope(await send(), name, { status, code });
    expect(
      (await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' })).status,
    ).toBe(201);
    expectErrorEnvelope(await agent.json('POST', '/api/labs/api-lab/tasks/attempts/hints/1'), 'hint out of order', {
      status: 409,
      code: 'conflict',
    });
    await agent.json('PUT', '/api/labs/api-lab/notes', { body: 'first', baseRevision: 0 });
    expectErrorEnvelope(
      await agent.json('PUT', '/api/labs/api-lab/notes', { body: 'stale', baseRevision: 0 }),
      'stale notes',
      { status: 409, code: 'conflict' },
    );
    for (let index = 0; index < 10; index++)
      await agent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: `finding ${index}` });
    expectErrorEnvelope(
      await agent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: 'one more' }),
      'throttled answer',
      { status: 429, code: 'too_many_requests' },
    );
  });

  it('hide the details of an unexpected failure behind a generic 500', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    harness.db.$client.exec('drop table notes');
    const response = await agent.json<ErrorBody>('GET', '/api/labs/api-lab/notes');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: {
        code: 'internal',
        message: 'Something went wrong on the server. Try again; if it happens again, tell your administrator.',
      },
    });
    expectErrorEnvelope(response, 'unexpected failure', { status: 500, code: 'internal' });
    expect(response.text).not.toContain('notes');
    expect(logged).toHaveBeenCalled();
  });
});

describe('API responses', () => {
  sharedApp();

  it('are never stored by shared caches and carry the security headers', async () => {
    for (const path of ['/api/catalogue', '/api/labs/api-lab', '/api/labs/api-lab/notes', '/api/auth/me']) {
      const response = await agent.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/no-store/u);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });
});
