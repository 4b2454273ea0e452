import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { addApiTestCourse, API_LAB_SOLUTION } from './cohort-fixture.ts';

let fixture: LabFixture;
let harness: Harness;
let instructor: Actor;
let tomas: Actor;
let amira: Actor;
/** The second trainee, created only by the tests that need her (a password hash costs time). */
async function createAmira(): Promise<Agent> {
  amira = await harness.user('amira');
  return harness.signIn(amira);
}
let staff: Agent;
let trainee: Agent;

beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestCourse(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  expect(harness.library.failures).toEqual([]);
  [instructor, tomas] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
  [staff, trainee] = await Promise.all([harness.signIn(instructor), harness.signIn(tomas)]);
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

interface Cohort {
  id: number;
  name: string;
  joinCode: string;
  instructorId: number;
}
interface Assignment {
  id: number;
  labId: string;
  courseId: string | null;
  opensAt: string | null;
  closesAt: string | null;
}
interface CatalogueLab {
  id: string;
  state: string;
  lockedBy: string[];
}
interface Catalogue {
  courses: { id: string; labs: CatalogueLab[] }[];
  labs: CatalogueLab[];
}

async function createCohort(name = 'Spring intake'): Promise<Cohort> {
  const response = await staff.json<{ cohort: Cohort }>('POST', '/api/cohorts', { name });
  expect(response.status).toBe(201);
  return response.body.cohort;
}

async function join(agent: Agent, code: string) {
  return agent.json<{ cohort: { id: number; name: string } }>('POST', '/api/cohorts/join', { code });
}

async function assign(cohortId: number, body: Record<string, unknown>): Promise<Assignment[]> {
  const response = await staff.json<{ assignments: Assignment[] }>(
    'POST',
    `/api/cohorts/${cohortId}/assignments`,
    body,
  );
  expect(response.status).toBe(201);
  return response.body.assignments;
}

async function catalogue(agent: Agent = trainee): Promise<Catalogue> {
  const response = await agent.json<Catalogue>('GET', '/api/catalogue');
  expect(response.status).toBe(200);
  return response.body;
}

function auditRows(): { actor_id: number | null; action: string; subject: string; details: string | null }[] {
  return harness.db.$client
    .prepare('select actor_id, action, subject, details from audit_log order by id')
    .all() as never;
}

describe('creating a cohort', () => {
  it('gives the instructor a cohort with a readable join code, listed among their cohorts', async () => {
    const cohort = await createCohort();
    expect(cohort).toMatchObject({ name: 'Spring intake', instructorId: instructor.id });
    expect(cohort.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/u);
    const list = await staff.json<{ cohorts: Cohort[] }>('GET', '/api/cohorts');
    expect(list.body.cohorts.map((entry) => [entry.id, entry.joinCode])).toEqual([[cohort.id, cohort.joinCode]]);
    const details = await staff.json<{ cohort: Cohort; members: unknown[]; assignments: unknown[] }>(
      'GET',
      `/api/cohorts/${cohort.id}`,
    );
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      cohort: { id: cohort.id, joinCode: cohort.joinCode },
      members: [],
      assignments: [],
    });
  });

  it('trims the name', async () => {
    expect((await createCohort('  Autumn intake  ')).name).toBe('Autumn intake');
  });

  it('gives every cohort its own join code', async () => {
    const codes = new Set<string>();
    for (let index = 0; index < 5; index++) codes.add((await createCohort(`Cohort ${index}`)).joinCode);
    expect(codes.size).toBe(5);
  });
});

describe('joining with the code', () => {
  it('makes the trainee a member', async () => {
    const cohort = await createCohort();
    const response = await join(trainee, cohort.joinCode);
    expect(response.status).toBe(200);
    expect(response.body.cohort).toEqual({ id: cohort.id, name: 'Spring intake' });
    const details = await staff.json<{ members: { id: number; username: string }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}`,
    );
    expect(details.body.members.map((member) => member.username)).toEqual(['tomas']);
  });

  it.each([
    ['in lower case', (code: string) => code.toLowerCase()],
    ['without the hyphen', (code: string) => code.replace('-', '')],
    ['with spaces instead of the hyphen', (code: string) => ` ${code.replace('-', ' ')} `],
    ['in lower case without the hyphen', (code: string) => code.replace('-', '').toLowerCase()],
  ])('accepts the code %s', async (_name, typed) => {
    const cohort = await createCohort();
    expect((await join(trainee, typed(cohort.joinCode))).status).toBe(200);
  });

  it('is harmless the second time', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    expect((await join(trainee, cohort.joinCode)).status).toBe(200);
    const details = await staff.json<{ members: unknown[] }>('GET', `/api/cohorts/${cohort.id}`);
    expect(details.body.members).toHaveLength(1);
    expect(auditRows().filter((row) => row.action === 'cohort.join')).toHaveLength(1);
  });

  it('stops working with the old code once the instructor rotates it', async () => {
    const cohort = await createCohort();
    const rotated = await staff.json<{ cohort: Cohort }>('POST', `/api/cohorts/${cohort.id}/join-code`);
    expect(rotated.status).toBe(200);
    const newCode = rotated.body.cohort.joinCode;
    expect(newCode).not.toBe(cohort.joinCode);
    expect(newCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/u);

    const old = await join(trainee, cohort.joinCode);
    expect(old.status).toBe(404);
    expect(old.body).toMatchObject({ error: { code: 'not_found', field: 'code' } });
    const amiraAgent = await createAmira();
    expect((await join(amiraAgent, newCode)).status).toBe(200);
    // Rotating does not remove those who already joined.
    const details = await staff.json<{ cohort: Cohort; members: { username: string }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}`,
    );
    expect(details.body.cohort.joinCode).toBe(newCode);
    expect(details.body.members.map((member) => member.username)).toEqual(['amira']);
  });
});

/** An administrator, signed in: the only one who adds trainees to a cohort by name. */
async function administrator(): Promise<Agent> {
  return harness.signIn(await harness.user('root-admin', 'admin'));
}

describe('members', () => {
  it("can be added by username by an administrator and removed again by the instructor, losing access to the cohort's labs", async () => {
    const cohort = await createCohort();
    await assign(cohort.id, { labId: 'api-lab' });
    const added = await (await administrator()).json('POST', `/api/cohorts/${cohort.id}/members`, {
      username: ' TOMAS ',
    });
    expect(added.status).toBe(201);
    expect((await catalogue()).labs.map((lab) => lab.id)).toEqual(['api-lab']);

    const removed = await staff.json('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`);
    expect(removed.status).toBe(200);
    const details = await staff.json<{ members: unknown[] }>('GET', `/api/cohorts/${cohort.id}`);
    expect(details.body.members).toEqual([]);
    expect(await catalogue()).toEqual({ courses: [], labs: [] });
    expect((await trainee.json('GET', '/api/labs/api-lab')).status).toBe(404);
  });

  it('are listed with their names, never with password hashes', async () => {
    const cohort = await createCohort();
    await join(await createAmira(), cohort.joinCode);
    await join(trainee, cohort.joinCode);
    const details = await staff.json<{ members: { id: number; username: string; displayName: string }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}`,
    );
    expect(details.body.members.map((member) => member.username)).toEqual(['amira', 'tomas']);
    expect(details.text).not.toContain('scrypt');
  });
});

describe('assigning labs', () => {
  it('shows an assigned lab in the catalogue of every member, open', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    const assignments = await assign(cohort.id, { labId: 'api-lab' });
    expect(assignments).toMatchObject([{ labId: 'api-lab', courseId: null, opensAt: null, closesAt: null }]);
    expect((await catalogue()).labs.map((lab) => [lab.id, lab.state])).toEqual([['api-lab', 'open']]);
    expect((await trainee.json('GET', '/api/labs/api-lab')).status).toBe(200);
  });

  it('removes the lab from the catalogue when it is unassigned', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    const [assignment] = await assign(cohort.id, { labId: 'api-lab' });
    const response = await staff.json('DELETE', `/api/cohorts/${cohort.id}/assignments/${assignment!.id}`);
    expect(response.status).toBe(200);
    expect((await catalogue()).labs).toEqual([]);
    expect((await trainee.json('GET', '/api/labs/api-lab')).status).toBe(404);
  });

  it('assigns every lab of a course in order, the second locked until the first is completed', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    const assignments = await assign(cohort.id, { courseId: 'api-course' });
    expect(assignments.map((assignment) => [assignment.labId, assignment.courseId])).toEqual([
      ['api-lab', 'api-course'],
      ['api-lab-2', 'api-course'],
    ]);
    const before = await catalogue();
    expect(before.labs).toEqual([]);
    expect(before.courses.map((course) => course.id)).toEqual(['api-course']);
    expect(before.courses[0]!.labs.map((lab) => [lab.id, lab.state, lab.lockedBy])).toEqual([
      ['api-lab', 'open', []],
      ['api-lab-2', 'locked', ['api-lab']],
    ]);
    const locked = await trainee.json<{ error: { code: string; message: string } }>('GET', '/api/labs/api-lab-2');
    expect(locked.status).toBe(403);
    // The library's titles (the fixture's labs are titled "New lab <id>"), the course ordering them, no bare id.
    expect(locked.body.error.message).toBe(
      'Complete “New lab api-lab” first: this lab opens after it in the course “API course”.',
    );
    expect((await trainee.json('GET', '/api/labs/api-lab-2/evidence/auth-log')).status).toBe(403);

    // Settling two of three tasks is not completing the lab.
    for (const [taskId, answer] of API_LAB_SOLUTION.slice(0, 2))
      expect((await trainee.json('POST', `/api/labs/api-lab/tasks/${taskId}/submissions`, { answer })).status).toBe(
        201,
      );
    expect((await catalogue()).courses[0]!.labs[1]!.state).toBe('locked');
    const [lastTask, lastAnswer] = API_LAB_SOLUTION[2]!;
    expect(
      (await trainee.json('POST', `/api/labs/api-lab/tasks/${lastTask}/submissions`, { answer: lastAnswer })).status,
    ).toBe(201);

    const after = await catalogue();
    expect(after.courses[0]!.labs.map((lab) => [lab.id, lab.state, lab.lockedBy])).toEqual([
      ['api-lab', 'open', []],
      ['api-lab-2', 'open', []],
    ]);
    expect((await trainee.json('GET', '/api/labs/api-lab-2')).status).toBe(200);
  });

  it('keeps a lab that has not opened yet upcoming, refused with 403, until it opens', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    const opensAt = new Date(harness.now().getTime() + 60 * 60_000);
    await assign(cohort.id, { labId: 'api-lab', opensAt: opensAt.toISOString() });
    expect((await catalogue()).labs.map((lab) => [lab.id, lab.state])).toEqual([['api-lab', 'upcoming']]);
    const refused = await trainee.json<{ error: { code: string; message: string } }>('GET', '/api/labs/api-lab');
    expect(refused.status).toBe(403);
    // The instant as ISO 8601 UTC: the web app rewrites it into the reader's time zone and locale.
    expect(refused.body.error.message).toBe(`This lab is not open yet: it opens on ${opensAt.toISOString()}.`);
    expect((await trainee.json('GET', '/api/labs/api-lab/evidence/auth-log')).status).toBe(403);
    expect(
      (await trainee.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
        .status,
    ).toBe(403);
    expect((await trainee.json('GET', '/api/labs/api-lab/notes')).status).toBe(403);

    harness.advance(60 * 60_000);
    expect((await catalogue()).labs[0]!.state).toBe('open');
    expect((await trainee.json('GET', '/api/labs/api-lab')).status).toBe(200);
  });

  it('keeps a closed lab readable but refuses answers to it', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    await assign(cohort.id, {
      labId: 'api-lab',
      closesAt: new Date(harness.now().getTime() + 60 * 60_000).toISOString(),
    });
    expect(
      (await trainee.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '192.0.2.15' })).status,
    ).toBe(201);

    harness.advance(60 * 60_000);
    expect((await catalogue()).labs[0]!.state).toBe('closed');
    const lab = await trainee.json<{ lab: { state: string } }>('GET', '/api/labs/api-lab');
    expect(lab.status).toBe(200);
    expect(lab.body.lab.state).toBe('closed');
    expect((await trainee.request('/api/labs/api-lab/evidence/auth-log')).status).toBe(200);
    expect(
      (await trainee.json<{ submissions: unknown[] }>('GET', '/api/labs/api-lab/tasks/attacker-ip/submissions')).body
        .submissions,
    ).toHaveLength(1);

    const refused = await trainee.json<{ error: { code: string } }>(
      'POST',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
      { answer: '203.0.113.77' },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(harness.db.$client.prepare('select count(*) as count from submissions').get()).toEqual({ count: 1 });
  });

  it('changes the window of a lab assigned again', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    await assign(cohort.id, {
      labId: 'api-lab',
      opensAt: new Date(harness.now().getTime() + 60 * 60_000).toISOString(),
    });
    const [assignment] = await assign(cohort.id, { labId: 'api-lab', opensAt: null });
    expect(assignment!.opensAt).toBeNull();
    expect((await catalogue()).labs[0]!.state).toBe('open');
    const details = await staff.json<{ assignments: unknown[] }>('GET', `/api/cohorts/${cohort.id}`);
    expect(details.body.assignments).toHaveLength(1);
  });
});

describe("the cohort's submissions", () => {
  it('are listed for the instructor, newest first, with who answered what', async () => {
    const cohort = await createCohort();
    await join(trainee, cohort.joinCode);
    const amiraAgent = await createAmira();
    await join(amiraAgent, cohort.joinCode);
    await assign(cohort.id, { labId: 'api-lab' });
    await trainee.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '192.0.2.15' });
    await amiraAgent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' });
    await trainee.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: 'Guessing, no access.' });

    const response = await staff.json<{
      submissions: {
        userId: number;
        username: string;
        labId: string;
        taskId: string;
        answer: unknown;
        verdict: string;
      }[];
    }>('GET', `/api/cohorts/${cohort.id}/submissions`);
    expect(response.status).toBe(200);
    expect(response.body.submissions.map((row) => [row.username, row.taskId, row.answer, row.verdict])).toEqual([
      ['tomas', 'summary', 'Guessing, no access.', 'pending'],
      ['amira', 'attacker-ip', '203.0.113.77', 'correct'],
      ['tomas', 'attacker-ip', '192.0.2.15', 'incorrect'],
    ]);

    const mine = await staff.json<{ submissions: { username: string }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/submissions?userId=${amira.id}`,
    );
    expect(mine.body.submissions.map((row) => row.username)).toEqual(['amira']);
    const limited = await staff.json<{ submissions: unknown[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/submissions?limit=2`,
    );
    expect(limited.body.submissions).toHaveLength(2);
    const otherLab = await staff.json<{ submissions: unknown[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/submissions?labId=api-lab-2`,
    );
    expect(otherLab.body.submissions).toEqual([]);
  });
});

describe('the audit log', () => {
  it('records every instructor action with who did it and to which cohort', async () => {
    await createAmira();
    const admin = await administrator();
    const cohort = await createCohort();
    const subject = `cohort:${cohort.id}`;
    await staff.json('POST', `/api/cohorts/${cohort.id}/join-code`);
    expect((await admin.json('POST', `/api/cohorts/${cohort.id}/members`, { username: 'amira' })).status).toBe(201);
    const [assignment] = await assign(cohort.id, { labId: 'api-lab' });
    await staff.json('DELETE', `/api/cohorts/${cohort.id}/assignments/${assignment!.id}`);
    await staff.json('DELETE', `/api/cohorts/${cohort.id}/members/${amira.id}`);
    const code = (await staff.json<{ cohort: Cohort }>('GET', `/api/cohorts/${cohort.id}`)).body.cohort.joinCode;
    await join(trainee, code);

    const rows = auditRows().filter((row) => row.subject === subject);
    expect(rows.map((row) => [row.action, row.actor_id])).toEqual([
      ['cohort.create', instructor.id],
      ['cohort.rotate_join_code', instructor.id],
      ['cohort.add_member', admin.user!.id],
      ['cohort.assign', instructor.id],
      ['cohort.unassign', instructor.id],
      ['cohort.remove_member', instructor.id],
      ['cohort.join', tomas.id],
    ]);
    const details = (action: string) =>
      JSON.parse(rows.find((row) => row.action === action)!.details ?? 'null') as Record<string, unknown>;
    expect(details('cohort.create')).toEqual({ name: 'Spring intake' });
    expect(details('cohort.add_member')).toEqual({ userId: amira.id });
    expect(details('cohort.remove_member')).toEqual({ userId: amira.id });
    expect(details('cohort.assign')).toMatchObject({ labId: 'api-lab', labIds: ['api-lab'] });
    expect(details('cohort.unassign')).toEqual({ assignmentIds: [assignment!.id] });
    // The join code itself is a secret of the cohort: it is not copied into the log.
    expect(JSON.stringify(rows)).not.toContain(code);
  });
});
