import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { read, readError } from '../helpers/read.ts';
import { addApiTestCourse, API_LAB_SOLUTION } from './cohort-fixture.ts';

/**
 * Ines (`instructor`) and Tomas (`trainee`) signed in, with the API course's two labs installed and
 * no cohort yet: each test makes its own and Tomas joins it with the code. Amira, a second trainee,
 * and an administrator (`adminAgent`, the only one who adds trainees to a cohort by name) are made
 * only for the tests that ask for them (a password hash costs time).
 */
const it = apiTest
  .extend('labsDir', labsFolder(addApiTestCourse))
  .extend('trainee', ({ harness, tomas }) => harness.signIn(tomas))
  .extend('amira', ({ harness }) => harness.user('amira'))
  .extend('amiraAgent', ({ harness, amira }) => harness.signIn(amira));

const JOIN_CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/u;
const HOUR = 60 * 60_000;

const cohortParam = (cohortId: number) => ({ cohortId: String(cohortId) });

async function createCohort(instructor: Agent, name = 'Spring intake') {
  const response = await read(instructor.api.cohorts.$post({ json: { name } }));
  expect(response.status).toBe(201);
  return response.body.cohort;
}

function join(agent: Agent, code: string) {
  return read(agent.api.cohorts.join.$post({ json: { code } }));
}

async function details(instructor: Agent, cohortId: number) {
  const response = await read(instructor.api.cohorts[':cohortId'].$get({ param: cohortParam(cohortId) }));
  expect(response.status).toBe(200);
  return response;
}

async function assign(
  instructor: Agent,
  cohortId: number,
  body: { labId?: string; courseId?: string; opensAt?: string | null; closesAt?: string | null },
) {
  const response = await read(
    instructor.api.cohorts[':cohortId'].assignments.$post({ param: cohortParam(cohortId), json: body }),
  );
  expect(response.status).toBe(201);
  return response.body.assignments;
}

async function catalogue(agent: Agent) {
  const response = await read(agent.api.catalogue.$get());
  expect(response.status).toBe(200);
  return response.body;
}

function openLab(agent: Agent, labId: string) {
  return agent.api.labs[':labId'].$get({ param: { labId } });
}

function downloadEvidence(agent: Agent, labId: string) {
  return agent.api.labs[':labId'].evidence[':evidenceId'].$get({ param: { labId, evidenceId: 'auth-log' } });
}

function submit(agent: Agent, taskId: string, answer: string) {
  return agent.api.labs[':labId'].tasks[':taskId'].submissions.$post({
    param: { labId: 'api-lab', taskId },
    json: { answer },
  });
}

function auditRows(
  harness: Harness,
): { actor_id: number | null; action: string; subject: string; details: string | null }[] {
  return harness.db.$client
    .prepare('select actor_id, action, subject, details from audit_log order by id')
    .all() as never;
}

describe('creating a cohort', () => {
  it('gives the instructor a cohort with a readable join code, listed among their cohorts', async ({
    instructor,
    ines,
  }) => {
    const cohort = await createCohort(instructor);
    expect(cohort).toMatchObject({ name: 'Spring intake', instructorId: ines.id });
    expect(cohort.joinCode).toMatch(JOIN_CODE);
    const list = await read(instructor.api.cohorts.$get());
    expect(list.body.cohorts.map((entry) => [entry.id, entry.joinCode])).toEqual([[cohort.id, cohort.joinCode]]);
    expect((await details(instructor, cohort.id)).body).toMatchObject({
      cohort: { id: cohort.id, joinCode: cohort.joinCode },
      members: [],
      assignments: [],
    });
  });

  it('trims the name', async ({ instructor }) => {
    expect((await createCohort(instructor, '  Autumn intake  ')).name).toBe('Autumn intake');
  });

  it('gives every cohort its own join code', async ({ instructor }) => {
    const codes = new Set<string>();
    for (let index = 0; index < 5; index++) codes.add((await createCohort(instructor, `Cohort ${index}`)).joinCode);
    expect(codes.size).toBe(5);
  });
});

describe('joining with the code', () => {
  it('makes the trainee a member', async ({ instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    const response = await join(trainee, cohort.joinCode);
    expect(response.status).toBe(200);
    expect(response.body.cohort).toEqual({ id: cohort.id, name: 'Spring intake' });
    const { members } = (await details(instructor, cohort.id)).body;
    expect(members.map((member) => member.username)).toEqual(['tomas']);
  });

  it.for<[string, (code: string) => string]>([
    ['in lower case', (code: string) => code.toLowerCase()],
    ['without the hyphen', (code: string) => code.replace('-', '')],
    ['with spaces instead of the hyphen', (code: string) => ` ${code.replace('-', ' ')} `],
    ['in lower case without the hyphen', (code: string) => code.replace('-', '').toLowerCase()],
  ])('accepts the code %s', async ([_name, typed], { instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    expect((await join(trainee, typed(cohort.joinCode))).status).toBe(200);
  });

  it('is harmless the second time', async ({ harness, instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    expect((await join(trainee, cohort.joinCode)).status).toBe(200);
    expect((await details(instructor, cohort.id)).body.members).toHaveLength(1);
    expect(auditRows(harness).filter((row) => row.action === 'cohort.join')).toHaveLength(1);
  });

  it('stops working with the old code once the instructor rotates it', async ({ instructor, trainee, amiraAgent }) => {
    const cohort = await createCohort(instructor);
    const rotated = await read(
      instructor.api.cohorts[':cohortId']['join-code'].$post({ param: cohortParam(cohort.id) }),
    );
    expect(rotated.status).toBe(200);
    const newCode = rotated.body.cohort.joinCode;
    expect(newCode).not.toBe(cohort.joinCode);
    expect(newCode).toMatch(JOIN_CODE);

    const old = await readError(trainee.api.cohorts.join.$post({ json: { code: cohort.joinCode } }));
    expect(old.status).toBe(404);
    expect(old.body).toMatchObject({ error: { code: 'not_found', field: 'code' } });
    expect((await join(amiraAgent, newCode)).status).toBe(200);
    // Rotating does not remove those who already joined.
    const { body } = await details(instructor, cohort.id);
    expect(body.cohort.joinCode).toBe(newCode);
    expect(body.members.map((member) => member.username)).toEqual(['amira']);
  });
});

describe('members', () => {
  it("can be added by username by an administrator and removed again by the instructor, losing access to the cohort's labs", async ({
    instructor,
    trainee,
    tomas,
    adminAgent,
  }) => {
    const cohort = await createCohort(instructor);
    await assign(instructor, cohort.id, { labId: 'api-lab' });
    const added = await adminAgent.api.cohorts[':cohortId'].members.$post({
      param: cohortParam(cohort.id),
      json: { username: ' TOMAS ' },
    });
    expect(added.status).toBe(201);
    expect((await catalogue(trainee)).labs.map((lab) => lab.id)).toEqual(['api-lab']);

    const removed = await instructor.api.cohorts[':cohortId'].members[':userId'].$delete({
      param: { ...cohortParam(cohort.id), userId: String(tomas.id) },
    });
    expect(removed.status).toBe(200);
    expect((await details(instructor, cohort.id)).body.members).toEqual([]);
    expect(await catalogue(trainee)).toEqual({ courses: [], labs: [] });
    expect((await openLab(trainee, 'api-lab')).status).toBe(404);
  });

  it('are listed with their names, never with password hashes', async ({ instructor, trainee, amiraAgent }) => {
    const cohort = await createCohort(instructor);
    await join(amiraAgent, cohort.joinCode);
    await join(trainee, cohort.joinCode);
    const response = await details(instructor, cohort.id);
    expect(response.body.members.map((member) => member.username)).toEqual(['amira', 'tomas']);
    expect(response.text).not.toContain('scrypt');
  });
});

describe('assigning labs', () => {
  it('shows an assigned lab in the catalogue of every member, open', async ({ instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    const assignments = await assign(instructor, cohort.id, { labId: 'api-lab' });
    expect(assignments).toMatchObject([{ labId: 'api-lab', courseId: null, opensAt: null, closesAt: null }]);
    expect((await catalogue(trainee)).labs.map((lab) => [lab.id, lab.state])).toEqual([['api-lab', 'open']]);
    expect((await openLab(trainee, 'api-lab')).status).toBe(200);
  });

  it('removes the lab from the catalogue when it is unassigned', async ({ instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    const [assignment] = await assign(instructor, cohort.id, { labId: 'api-lab' });
    const response = await instructor.api.cohorts[':cohortId'].assignments[':assignmentId'].$delete({
      param: { ...cohortParam(cohort.id), assignmentId: String(assignment!.id) },
    });
    expect(response.status).toBe(200);
    expect((await catalogue(trainee)).labs).toEqual([]);
    expect((await openLab(trainee, 'api-lab')).status).toBe(404);
  });

  it('assigns every lab of a course in order, the second locked until the first is completed', async ({
    instructor,
    trainee,
  }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    const assignments = await assign(instructor, cohort.id, { courseId: 'api-course' });
    expect(assignments.map((assignment) => [assignment.labId, assignment.courseId])).toEqual([
      ['api-lab', 'api-course'],
      ['api-lab-2', 'api-course'],
    ]);
    const before = await catalogue(trainee);
    expect(before.labs).toEqual([]);
    expect(before.courses.map((course) => course.id)).toEqual(['api-course']);
    expect(before.courses[0]!.labs.map((lab) => [lab.id, lab.state, lab.lockedBy])).toEqual([
      ['api-lab', 'open', []],
      ['api-lab-2', 'locked', ['api-lab']],
    ]);
    const locked = await readError(openLab(trainee, 'api-lab-2'));
    expect(locked.status).toBe(403);
    // The library's titles (the fixture's labs are titled "New lab <id>"), the course ordering them, no bare id.
    expect(locked.body.error.message).toBe(
      'Complete “New lab api-lab” first: this lab opens after it in the course “API course”.',
    );
    expect((await downloadEvidence(trainee, 'api-lab-2')).status).toBe(403);

    // Settling two of three tasks is not completing the lab.
    for (const [taskId, answer] of API_LAB_SOLUTION.slice(0, 2))
      expect((await submit(trainee, taskId, answer)).status).toBe(201);
    expect((await catalogue(trainee)).courses[0]!.labs[1]!.state).toBe('locked');
    const [lastTask, lastAnswer] = API_LAB_SOLUTION[2]!;
    expect((await submit(trainee, lastTask, lastAnswer)).status).toBe(201);

    const after = await catalogue(trainee);
    expect(after.courses[0]!.labs.map((lab) => [lab.id, lab.state, lab.lockedBy])).toEqual([
      ['api-lab', 'open', []],
      ['api-lab-2', 'open', []],
    ]);
    expect((await openLab(trainee, 'api-lab-2')).status).toBe(200);
  });

  it('keeps a lab that has not opened yet upcoming, refused with 403, until it opens', async ({
    harness,
    instructor,
    trainee,
  }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    const opensAt = new Date(harness.now().getTime() + HOUR);
    await assign(instructor, cohort.id, { labId: 'api-lab', opensAt: opensAt.toISOString() });
    expect((await catalogue(trainee)).labs.map((lab) => [lab.id, lab.state])).toEqual([['api-lab', 'upcoming']]);
    const refused = await readError(openLab(trainee, 'api-lab'));
    expect(refused.status).toBe(403);
    // The instant as ISO 8601 UTC: the web app rewrites it into the reader's time zone and locale.
    expect(refused.body.error.message).toBe(`This lab is not open yet: it opens on ${opensAt.toISOString()}.`);
    expect((await downloadEvidence(trainee, 'api-lab')).status).toBe(403);
    expect((await submit(trainee, 'attacker-ip', '203.0.113.77')).status).toBe(403);
    expect((await trainee.api.labs[':labId'].notes.$get({ param: { labId: 'api-lab' } })).status).toBe(403);

    await harness.advance(HOUR);
    expect((await catalogue(trainee)).labs[0]!.state).toBe('open');
    expect((await openLab(trainee, 'api-lab')).status).toBe(200);
  });

  it('keeps a closed lab readable but refuses answers to it', async ({ harness, instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    await assign(instructor, cohort.id, {
      labId: 'api-lab',
      closesAt: new Date(harness.now().getTime() + HOUR).toISOString(),
    });
    expect((await submit(trainee, 'attacker-ip', '192.0.2.15')).status).toBe(201);

    await harness.advance(HOUR);
    expect((await catalogue(trainee)).labs[0]!.state).toBe('closed');
    const lab = await read(openLab(trainee, 'api-lab'));
    expect(lab.status).toBe(200);
    expect(lab.body.lab.state).toBe('closed');
    expect((await downloadEvidence(trainee, 'api-lab')).status).toBe(200);
    const mine = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$get({
        param: { labId: 'api-lab', taskId: 'attacker-ip' },
      }),
    );
    expect(mine.body.submissions).toHaveLength(1);

    const refused = await readError(submit(trainee, 'attacker-ip', '203.0.113.77'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(harness.count('submissions')).toBe(1);
  });

  it('changes the window of a lab assigned again', async ({ harness, instructor, trainee }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    await assign(instructor, cohort.id, {
      labId: 'api-lab',
      opensAt: new Date(harness.now().getTime() + HOUR).toISOString(),
    });
    const [assignment] = await assign(instructor, cohort.id, { labId: 'api-lab', opensAt: null });
    expect(assignment!.opensAt).toBeNull();
    expect((await catalogue(trainee)).labs[0]!.state).toBe('open');
    expect((await details(instructor, cohort.id)).body.assignments).toHaveLength(1);
  });
});

describe("the cohort's submissions", () => {
  it('are listed for the instructor, newest first, with who answered what', async ({
    instructor,
    trainee,
    amira,
    amiraAgent,
  }) => {
    const cohort = await createCohort(instructor);
    await join(trainee, cohort.joinCode);
    await join(amiraAgent, cohort.joinCode);
    await assign(instructor, cohort.id, { labId: 'api-lab' });
    await submit(trainee, 'attacker-ip', '192.0.2.15');
    await submit(amiraAgent, 'attacker-ip', '203.0.113.77');
    await submit(trainee, 'summary', 'Guessing, no access.');

    const submissions = (query: { userId?: string; labId?: string; limit?: string } = {}) =>
      read(instructor.api.cohorts[':cohortId'].submissions.$get({ param: cohortParam(cohort.id), query }));
    const response = await submissions();
    expect(response.status).toBe(200);
    expect(response.body.submissions.map((row) => [row.username, row.taskId, row.answer, row.verdict])).toEqual([
      ['tomas', 'summary', 'Guessing, no access.', 'pending'],
      ['amira', 'attacker-ip', '203.0.113.77', 'correct'],
      ['tomas', 'attacker-ip', '192.0.2.15', 'incorrect'],
    ]);

    const hers = await submissions({ userId: String(amira.id) });
    expect(hers.body.submissions.map((row) => row.username)).toEqual(['amira']);
    expect((await submissions({ limit: '2' })).body.submissions).toHaveLength(2);
    expect((await submissions({ labId: 'api-lab-2' })).body.submissions).toEqual([]);
  });
});

describe('the audit log', () => {
  it('records every instructor action with who did it and to which cohort', async ({
    harness,
    instructor,
    ines,
    trainee,
    tomas,
    amira,
    adminAgent,
  }) => {
    const cohort = await createCohort(instructor);
    const subject = `cohort:${cohort.id}`;
    const cohortRoute = instructor.api.cohorts[':cohortId'];
    await cohortRoute['join-code'].$post({ param: cohortParam(cohort.id) });
    const added = await adminAgent.api.cohorts[':cohortId'].members.$post({
      param: cohortParam(cohort.id),
      json: { username: 'amira' },
    });
    expect(added.status).toBe(201);
    const [assignment] = await assign(instructor, cohort.id, { labId: 'api-lab' });
    await cohortRoute.assignments[':assignmentId'].$delete({
      param: { ...cohortParam(cohort.id), assignmentId: String(assignment!.id) },
    });
    await cohortRoute.members[':userId'].$delete({ param: { ...cohortParam(cohort.id), userId: String(amira.id) } });
    const code = (await details(instructor, cohort.id)).body.cohort.joinCode;
    await join(trainee, code);

    const rows = auditRows(harness).filter((row) => row.subject === subject);
    expect(rows.map((row) => [row.action, row.actor_id])).toEqual([
      ['cohort.create', ines.id],
      ['cohort.rotate_join_code', ines.id],
      ['cohort.add_member', adminAgent.user!.id],
      ['cohort.assign', ines.id],
      ['cohort.unassign', ines.id],
      ['cohort.remove_member', ines.id],
      ['cohort.join', tomas.id],
    ]);
    const detailsOf = (action: string) =>
      JSON.parse(rows.find((row) => row.action === action)!.details ?? 'null') as Record<string, unknown>;
    expect(detailsOf('cohort.create')).toEqual({ name: 'Spring intake' });
    expect(detailsOf('cohort.add_member')).toEqual({ userId: amira.id });
    expect(detailsOf('cohort.remove_member')).toEqual({ userId: amira.id });
    expect(detailsOf('cohort.assign')).toMatchObject({ labId: 'api-lab', labIds: ['api-lab'] });
    expect(detailsOf('cohort.unassign')).toEqual({ assignmentIds: [assignment!.id] });
    // The join code itself is a secret of the cohort: it is not copied into the log.
    expect(JSON.stringify(rows)).not.toContain(code);
  });
});
