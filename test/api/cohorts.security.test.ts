import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { addApiTestCourse } from './cohort-fixture.ts';
import { assignToCohort } from '../../server/services/cohorts/cohorts.ts';
import type { ErrorBody } from '../../server/errors.ts';

let fixture: LabFixture;
let harness: Harness;
let ines: Actor;
let victor: Actor;
let admin: Actor;
let tomas: Actor;
let victorAgent: Agent;
let adminAgent: Agent;
let tomasAgent: Agent;
/** Ines's cohort, with Tomas in it, api-lab assigned and one submission from Tomas. */
let cohortId: number;
let assignmentId: number;
let joinCode: string;

/** Ines's cohort and Tomas, plus the other instructor and the administrator where a test group needs them. */
async function setUp(others: { victor?: boolean; admin?: boolean }): Promise<void> {
  fixture = await LabFixture.create();
  await addApiTestCourse(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  const [created] = await Promise.all([
    Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]),
    others.victor
      ? harness.user('victor', 'instructor').then(async (user) => {
          victor = user;
          victorAgent = await harness.signIn(user);
        })
      : undefined,
    others.admin
      ? harness.user('root-admin', 'admin').then(async (user) => {
          admin = user;
          adminAgent = await harness.signIn(user);
        })
      : undefined,
  ]);
  [ines, tomas] = created;
  tomasAgent = await harness.signIn(tomas);
  const cohort = await harness.cohort(ines, [tomas], ['api-lab']);
  cohortId = cohort.id;
  joinCode = cohort.joinCode;
  assignmentId = (
    harness.db.$client.prepare('select id from cohort_assignments where cohort_id = ?').get(cohortId) as { id: number }
  ).id;
  expect(
    (await tomasAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '192.0.2.15' })).status,
  ).toBe(201);
}
async function tearDown(): Promise<void> {
  await harness.dispose();
  await fixture.dispose();
}

/** Every route that manages a cohort, with a body where it takes one. */
function instructorRoutes(
  id: number | string,
  userId: number,
  assignment: number,
): [method: string, path: string, body?: unknown][] {
  return [
    ['GET', '/api/cohorts'],
    ['POST', '/api/cohorts', { name: 'Forged cohort' }],
    ['GET', `/api/cohorts/${id}`],
    ['POST', `/api/cohorts/${id}/join-code`, {}],
    ['POST', `/api/cohorts/${id}/members`, { username: 'tomas' }],
    ['DELETE', `/api/cohorts/${id}/members/${userId}`],
    ['POST', `/api/cohorts/${id}/assignments`, { labId: 'api-lab-2' }],
    ['DELETE', `/api/cohorts/${id}/assignments/${assignment}`],
    ['GET', `/api/cohorts/${id}/submissions`],
  ];
}

/** What a cohort route could change: compared before and after a refused request. */
function cohortState() {
  const sqlite = harness.db.$client;
  return {
    cohorts: sqlite.prepare('select id, name, instructor_id, join_code from cohorts order by id').all(),
    members: sqlite.prepare('select cohort_id, user_id from cohort_members order by cohort_id, user_id').all(),
    assignments: sqlite
      .prepare('select id, cohort_id, lab_id, opens_at, closes_at from cohort_assignments order by id')
      .all(),
    audit: sqlite.prepare('select count(*) as count from audit_log').get(),
  };
}

describe('refused callers', () => {
  beforeAll(() => setUp({ victor: true }));
  afterAll(tearDown);

  it('anonymous callers get 401 from every cohort route, including joining', async () => {
    const before = cohortState();
    const anonymous = harness.anonymous();
    for (const [method, path, body] of [
      ...instructorRoutes(cohortId, tomas.id, assignmentId),
      ['POST', '/api/cohorts/join', { code: joinCode }] as [string, string, unknown],
    ]) {
      const response = await anonymous.json<ErrorBody>(method, path, body);
      expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
    expect(cohortState()).toEqual(before);
  });

  it('a trainee gets 403 from every instructor route, even on the cohort they belong to', async () => {
    const before = cohortState();
    for (const [method, path, body] of instructorRoutes(cohortId, tomas.id, assignmentId)) {
      const response = await tomasAgent.json<ErrorBody>(method, path, body);
      expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'forbidden',
      });
      expect(response.text).not.toContain(joinCode);
      expect(response.text).not.toContain('192.0.2.15');
    }
    expect(cohortState()).toEqual(before);
  });

  it('a trainee gets the same 403 for a cohort that does not exist, so ids reveal nothing', async () => {
    for (const [method, path, body] of instructorRoutes(987654, tomas.id, 987654)) {
      const response = await tomasAgent.json<ErrorBody>(method, path, body);
      expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('another instructor gets 404 on every route of the cohort, exactly as for a cohort that does not exist', async () => {
    const before = cohortState();
    const routes = instructorRoutes(cohortId, tomas.id, assignmentId).filter(([, path]) => path !== '/api/cohorts');
    const missing = instructorRoutes(987654, tomas.id, assignmentId).filter(([, path]) => path !== '/api/cohorts');
    for (const [index, [method, path, body]] of routes.entries()) {
      const response = await victorAgent.json<ErrorBody>(method, path, body);
      const nonexistent = await victorAgent.json<ErrorBody>(missing[index]![0], missing[index]![1], missing[index]![2]);
      expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'not_found',
      });
      expect(response.body.error.message.replace(String(cohortId), 'N')).toBe(
        nonexistent.body.error.message.replace('987654', 'N'),
      );
      expect(response.text).not.toContain(joinCode);
    }
    expect(cohortState()).toEqual(before);
  });

  it('another instructor does not see the cohort in their list', async () => {
    const response = await victorAgent.json<{ cohorts: { id: number }[] }>('GET', '/api/cohorts');
    expect(response.status).toBe(200);
    expect(response.body.cohorts.map((cohort) => cohort.id)).not.toContain(cohortId);
    expect(response.text).not.toContain(joinCode);
  });

  it('an instructor cannot join a cohort as a member', async () => {
    const response = await victorAgent.json<ErrorBody>('POST', '/api/cohorts/join', { code: joinCode });
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe("one instructor's reach into another's cohort through their own", () => {
  beforeEach(() => setUp({ victor: true }));
  afterEach(tearDown);

  async function victorsCohort(): Promise<number> {
    const response = await victorAgent.json<{ cohort: { id: number } }>('POST', '/api/cohorts', {
      name: "Victor's cohort",
    });
    expect(response.status).toBe(201);
    return response.body.cohort.id;
  }

  it("cannot remove another cohort's assignment by its id", async () => {
    const own = await victorsCohort();
    const response = await victorAgent.json('DELETE', `/api/cohorts/${own}/assignments/${assignmentId}`);
    expect(response.status).toBe(404);
    expect(
      harness.db.$client.prepare('select count(*) as count from cohort_assignments where id = ?').get(assignmentId),
    ).toEqual({ count: 1 });
  });

  it("cannot remove another cohort's member", async () => {
    const own = await victorsCohort();
    const response = await victorAgent.json('DELETE', `/api/cohorts/${own}/members/${tomas.id}`);
    expect(response.status).toBe(404);
    expect(
      harness.db.$client
        .prepare('select count(*) as count from cohort_members where cohort_id = ? and user_id = ?')
        .get(cohortId, tomas.id),
    ).toEqual({ count: 1 });
  });

  it("cannot add another instructor's trainee by username, so sees nothing of what they answered", async () => {
    const own = await victorsCohort();
    const before = cohortState();
    const refused = await victorAgent.json<ErrorBody>('POST', `/api/cohorts/${own}/members`, { username: 'tomas' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'username' });
    expect(refused.body.error.message).toContain('join code');
    expect(cohortState()).toEqual(before);
    const response = await victorAgent.json<{ submissions: unknown[] }>(
      'GET',
      `/api/cohorts/${own}/submissions?userId=${tomas.id}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.submissions).toEqual([]);
    expect(response.text).not.toContain('192.0.2.15');
  });

  it("cannot lift a trainee's course lock by taking them into a cohort where the locked lab stands alone", async () => {
    await assignToCohort(harness.services, ines, cohortId, { courseId: 'api-course' });
    expect((await tomasAgent.json('GET', '/api/labs/api-lab-2')).status).toBe(403);
    const own = await victorsCohort();
    expect((await victorAgent.json('POST', `/api/cohorts/${own}/assignments`, { labId: 'api-lab-2' })).status).toBe(
      201,
    );

    expect((await victorAgent.json('POST', `/api/cohorts/${own}/members`, { username: 'tomas' })).status).toBe(403);
    const locked = await tomasAgent.json<ErrorBody>('GET', '/api/labs/api-lab-2');
    expect(locked.status).toBe(403);
    expect(locked.body.error.message).toContain('Complete “New lab api-lab” first');
    expect(
      (await tomasAgent.json('POST', '/api/labs/api-lab-2/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
        .status,
    ).toBe(403);
    const catalogue = await tomasAgent.json<{ courses: { labs: { id: string; state: string }[] }[]; labs: unknown[] }>(
      'GET',
      '/api/catalogue',
    );
    expect(catalogue.body.courses[0]!.labs.map((lab) => [lab.id, lab.state])).toEqual([
      ['api-lab', 'open'],
      ['api-lab-2', 'locked'],
    ]);
    expect(catalogue.body.labs).toEqual([]);
  });
});

describe('adding trainees by name', () => {
  beforeEach(() => setUp({ victor: true, admin: true }));
  afterEach(tearDown);

  it("is refused to the cohort's own instructor too: trainees join with the code", async () => {
    const amira = await harness.user('amira');
    const before = cohortState();
    const refused = await harness
      .signIn(ines)
      .then((agent) => agent.json<ErrorBody>('POST', `/api/cohorts/${cohortId}/members`, { username: amira.username }));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('join code');
    expect(cohortState()).toEqual(before);
  });

  it('is left to administrators, who still cannot enrol staff as cohort members', async () => {
    const response = await adminAgent.json<ErrorBody>('POST', `/api/cohorts/${cohortId}/members`, {
      username: 'victor',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('username');
    expect(
      harness.db.$client
        .prepare('select count(*) as count from cohort_members where cohort_id = ? and user_id = ?')
        .get(cohortId, victor.id),
    ).toEqual({ count: 0 });
  });
});

describe('an administrator', () => {
  beforeEach(() => setUp({ admin: true }));
  afterEach(tearDown);

  it('sees every cohort and its details', async () => {
    const list = await adminAgent.json<{ cohorts: { id: number }[] }>('GET', '/api/cohorts');
    expect(list.body.cohorts.map((cohort) => cohort.id)).toContain(cohortId);
    const details = await adminAgent.json<{ members: { username: string }[] }>('GET', `/api/cohorts/${cohortId}`);
    expect(details.status).toBe(200);
    expect(details.body.members.map((member) => member.username)).toEqual(['tomas']);
    const submissions = await adminAgent.json<{ submissions: { answer: unknown }[] }>(
      'GET',
      `/api/cohorts/${cohortId}/submissions`,
    );
    expect(submissions.body.submissions.map((row) => row.answer)).toEqual(['192.0.2.15']);
  });

  it("can change another instructor's cohort, and is recorded as the one who did", async () => {
    const rotated = await adminAgent.json<{ cohort: { joinCode: string } }>(
      'POST',
      `/api/cohorts/${cohortId}/join-code`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.cohort.joinCode).not.toBe(joinCode);
    expect((await adminAgent.json('POST', `/api/cohorts/${cohortId}/assignments`, { labId: 'api-lab-2' })).status).toBe(
      201,
    );
    expect((await adminAgent.json('DELETE', `/api/cohorts/${cohortId}/members/${tomas.id}`)).status).toBe(200);
    const actors = harness.db.$client
      .prepare(
        "select action, actor_id from audit_log where subject = ? and action in ('cohort.rotate_join_code', 'cohort.assign', 'cohort.remove_member') and actor_id = ?",
      )
      .all(`cohort:${cohortId}`, admin.id);
    expect(actors).toHaveLength(3);
  });
});
