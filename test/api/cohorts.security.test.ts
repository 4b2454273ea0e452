import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { assignToCohort } from '../../server/services/cohorts/cohorts.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import type { Harness } from '../helpers/harness.ts';
import { expectEveryRouteRefused, expectRoutesLikeMissing, MISSING_ID, type Route } from '../helpers/refusals.ts';
import { addApiTestCourse } from './cohort-fixture.ts';

/**
 * Ines's cohort with Tomas in it, api-lab assigned (`assignmentId`) and one answer of Tomas's
 * (192.0.2.15), over the API course's labs; Victor, another instructor, and an administrator are
 * made only for the tests that ask for them.
 */
const it = apiTest
  .extend('labsDir', labsFolder(addApiTestCourse))
  .extend('answered', { auto: true }, async ({ trainee }) => {
    const response = await trainee.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
      answer: '192.0.2.15',
    });
    expect(response.status).toBe(201);
  })
  .extend(
    'assignmentId',
    ({ harness, cohort }) =>
      (
        harness.db.$client.prepare('select id from cohort_assignments where cohort_id = ?').get(cohort.id) as {
          id: number;
        }
      ).id,
  )
  .extend('victor', ({ harness }) => harness.user('victor', 'instructor'))
  .extend('victorAgent', ({ harness, victor }) => harness.signIn(victor))
  .extend('admin', ({ harness }) => harness.user('root-admin', 'admin'))
  .extend('adminAgent', ({ harness, admin }) => harness.signIn(admin));

/** Every route that manages a cohort, with a body where it takes one. */
function instructorRoutes(id: number | string, userId: number, assignment: number): Route[] {
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
function cohortState(harness: Harness) {
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
  it('anonymous callers get 401 from every cohort route, including joining', async ({
    harness,
    tomas,
    cohort,
    assignmentId,
  }) => {
    const before = cohortState(harness);
    await expectEveryRouteRefused(
      harness.anonymous(),
      [
        ...instructorRoutes(cohort.id, tomas.id, assignmentId),
        ['POST', '/api/cohorts/join', { code: cohort.joinCode }],
      ],
      { status: 401, code: 'unauthenticated' },
    );
    expect(cohortState(harness)).toEqual(before);
  });

  it('a trainee gets 403 from every instructor route, even on the cohort they belong to', async ({
    harness,
    tomas,
    trainee,
    cohort,
    assignmentId,
  }) => {
    const before = cohortState(harness);
    await expectEveryRouteRefused(
      trainee,
      instructorRoutes(cohort.id, tomas.id, assignmentId),
      { status: 403, code: 'forbidden' },
      [cohort.joinCode, '192.0.2.15'],
    );
    expect(cohortState(harness)).toEqual(before);
  });

  it('a trainee gets the same 403 for a cohort that does not exist, so ids reveal nothing', async ({
    tomas,
    trainee,
  }) => {
    await expectEveryRouteRefused(trainee, instructorRoutes(MISSING_ID, tomas.id, MISSING_ID), {
      status: 403,
      code: 'forbidden',
    });
  });

  it('another instructor gets 404 on every route of the cohort, exactly as for a cohort that does not exist', async ({
    harness,
    tomas,
    cohort,
    assignmentId,
    victorAgent,
  }) => {
    const before = cohortState(harness);
    const ownedByInes = ([, path]: Route) => path !== '/api/cohorts';
    await expectRoutesLikeMissing(
      victorAgent,
      instructorRoutes(cohort.id, tomas.id, assignmentId).filter(ownedByInes),
      instructorRoutes(MISSING_ID, tomas.id, assignmentId).filter(ownedByInes),
      [cohort.id],
      [cohort.joinCode],
    );
    expect(cohortState(harness)).toEqual(before);
  });

  it('another instructor does not see the cohort in their list', async ({ cohort, victorAgent }) => {
    const response = await victorAgent.json<{ cohorts: { id: number }[] }>('GET', '/api/cohorts');
    expect(response.status).toBe(200);
    expect(response.body.cohorts.map((listed) => listed.id)).not.toContain(cohort.id);
    expect(response.text).not.toContain(cohort.joinCode);
  });

  it('an instructor cannot join a cohort as a member', async ({ cohort, victorAgent }) => {
    const response = await victorAgent.json<ErrorBody>('POST', '/api/cohorts/join', { code: cohort.joinCode });
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 403, code: 'forbidden' });
  });
});

describe("one instructor's reach into another's cohort through their own", () => {
  const itWithOwnCohort = it.extend('victorsCohort', async ({ victorAgent }) => {
    const response = await victorAgent.json<{ cohort: { id: number } }>('POST', '/api/cohorts', {
      name: "Victor's cohort",
    });
    expect(response.status).toBe(201);
    return response.body.cohort.id;
  });

  itWithOwnCohort(
    "cannot remove another cohort's assignment by its id",
    async ({ harness, assignmentId, victorAgent, victorsCohort }) => {
      const response = await victorAgent.json('DELETE', `/api/cohorts/${victorsCohort}/assignments/${assignmentId}`);
      expect(response.status).toBe(404);
      expect(harness.count('cohort_assignments', 'id = ?', assignmentId)).toBe(1);
    },
  );

  itWithOwnCohort(
    "cannot remove another cohort's member",
    async ({ harness, tomas, cohort, victorAgent, victorsCohort }) => {
      const response = await victorAgent.json('DELETE', `/api/cohorts/${victorsCohort}/members/${tomas.id}`);
      expect(response.status).toBe(404);
      expect(harness.count('cohort_members', 'cohort_id = ? and user_id = ?', cohort.id, tomas.id)).toBe(1);
    },
  );

  itWithOwnCohort(
    "cannot add another instructor's trainee by username, so sees nothing of what they answered",
    async ({ harness, tomas, victorAgent, victorsCohort }) => {
      const before = cohortState(harness);
      const refused = await victorAgent.json<ErrorBody>('POST', `/api/cohorts/${victorsCohort}/members`, {
        username: 'tomas',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'username' });
      expect(refused.body.error.message).toContain('join code');
      expect(cohortState(harness)).toEqual(before);
      const response = await victorAgent.json<{ submissions: unknown[] }>(
        'GET',
        `/api/cohorts/${victorsCohort}/submissions?userId=${tomas.id}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.submissions).toEqual([]);
      expect(response.text).not.toContain('192.0.2.15');
    },
  );

  itWithOwnCohort(
    "cannot lift a trainee's course lock by taking them into a cohort where the locked lab stands alone",
    async ({ harness, ines, cohort, trainee, victorAgent, victorsCohort: ownId }) => {
      await assignToCohort(harness.services, ines, cohort.id, { courseId: 'api-course' });
      expect((await trainee.json('GET', '/api/labs/api-lab-2')).status).toBe(403);
      expect((await victorAgent.json('POST', `/api/cohorts/${ownId}/assignments`, { labId: 'api-lab-2' })).status).toBe(
        201,
      );

      expect((await victorAgent.json('POST', `/api/cohorts/${ownId}/members`, { username: 'tomas' })).status).toBe(403);
      const locked = await trainee.json<ErrorBody>('GET', '/api/labs/api-lab-2');
      expect(locked.status).toBe(403);
      expect(locked.body.error.message).toContain('Complete “New lab api-lab” first');
      expect(
        (await trainee.json('POST', '/api/labs/api-lab-2/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
          .status,
      ).toBe(403);
      const catalogue = await trainee.json<{ courses: { labs: { id: string; state: string }[] }[]; labs: unknown[] }>(
        'GET',
        '/api/catalogue',
      );
      expect(catalogue.body.courses[0]!.labs.map((lab) => [lab.id, lab.state])).toEqual([
        ['api-lab', 'open'],
        ['api-lab-2', 'locked'],
      ]);
      expect(catalogue.body.labs).toEqual([]);
    },
  );
});

describe('adding trainees by name', () => {
  it("is refused to the cohort's own instructor too: trainees join with the code", async ({
    harness,
    cohort,
    instructor,
  }) => {
    const amira = await harness.user('amira');
    const before = cohortState(harness);
    const refused = await instructor.json<ErrorBody>('POST', `/api/cohorts/${cohort.id}/members`, {
      username: amira.username,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('join code');
    expect(cohortState(harness)).toEqual(before);
  });

  it('is left to administrators, who still cannot enrol staff as cohort members', async ({
    harness,
    cohort,
    victor,
    adminAgent,
  }) => {
    const response = await adminAgent.json<ErrorBody>('POST', `/api/cohorts/${cohort.id}/members`, {
      username: victor.username,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('username');
    expect(harness.count('cohort_members', 'cohort_id = ? and user_id = ?', cohort.id, victor.id)).toBe(0);
  });
});

describe('an administrator', () => {
  it('sees every cohort and its details', async ({ cohort, adminAgent }) => {
    const list = await adminAgent.json<{ cohorts: { id: number }[] }>('GET', '/api/cohorts');
    expect(list.body.cohorts.map((listed) => listed.id)).toContain(cohort.id);
    const details = await adminAgent.json<{ members: { username: string }[] }>('GET', `/api/cohorts/${cohort.id}`);
    expect(details.status).toBe(200);
    expect(details.body.members.map((member) => member.username)).toEqual(['tomas']);
    const submissions = await adminAgent.json<{ submissions: { answer: unknown }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/submissions`,
    );
    expect(submissions.body.submissions.map((row) => row.answer)).toEqual(['192.0.2.15']);
  });

  it("can change another instructor's cohort, and is recorded as the one who did", async ({
    harness,
    tomas,
    cohort,
    admin,
    adminAgent,
  }) => {
    const rotated = await adminAgent.json<{ cohort: { joinCode: string } }>(
      'POST',
      `/api/cohorts/${cohort.id}/join-code`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.cohort.joinCode).not.toBe(cohort.joinCode);
    expect(
      (await adminAgent.json('POST', `/api/cohorts/${cohort.id}/assignments`, { labId: 'api-lab-2' })).status,
    ).toBe(201);
    expect((await adminAgent.json('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`)).status).toBe(200);
    const actors = harness.db.$client
      .prepare(
        "select action, actor_id from audit_log where subject = ? and action in ('cohort.rotate_join_code', 'cohort.assign', 'cohort.remove_member') and actor_id = ?",
      )
      .all(`cohort:${cohort.id}`, admin.id);
    expect(actors).toHaveLength(3);
  });
});
