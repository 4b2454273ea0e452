import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { addApiTestCourse } from './cohort-fixture.ts';
import type { ErrorBody } from '../../server/errors.ts';

// Every request here is refused, so the tests share one app and check that nothing changed.
let fixture: LabFixture;
let harness: Harness;
let tomas: Actor;
let staff: Agent;
let admin: Agent;
let trainee: Agent;
let cohortId: number;

beforeAll(async () => {
  fixture = await LabFixture.create();
  await addApiTestCourse(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  const [instructor, created, administrator] = await Promise.all([
    harness.user('ines', 'instructor'),
    harness.user('tomas'),
    harness.user('root-admin', 'admin'),
  ]);
  tomas = created;
  [staff, trainee, admin] = await Promise.all([
    harness.signIn(instructor),
    harness.signIn(tomas),
    harness.signIn(administrator),
  ]);
  cohortId = (await harness.cohort(instructor, [], [])).id;
});
afterAll(async () => {
  await harness.dispose();
  await fixture.dispose();
});

function state() {
  const sqlite = harness.db.$client;
  return {
    cohorts: sqlite.prepare('select * from cohorts').all(),
    members: sqlite.prepare('select * from cohort_members').all(),
    assignments: sqlite.prepare('select * from cohort_assignments').all(),
    audit: sqlite.prepare('select count(*) as count from audit_log').get(),
  };
}

describe('creating a cohort', () => {
  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a name of spaces', { name: '   ' }, 'name'],
    ['a name too long', { name: 'x'.repeat(121) }, 'name'],
    ['no name', {}, 'name'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const before = state();
    const response = await staff.json<ErrorBody>('POST', '/api/cohorts', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'bad_request', field });
    expect(state()).toEqual(before);
  });
});

describe('assigning', () => {
  const soon = '2024-04-01T10:00:00Z';
  const later = '2024-04-02T10:00:00Z';

  it.each([
    ['both a lab and a course', { labId: 'api-lab', courseId: 'api-course' }, 400, 'bad_request', 'labId'],
    ['neither a lab nor a course', {}, 400, 'bad_request', 'labId'],
    [
      'a window that closes before it opens',
      { labId: 'api-lab', opensAt: later, closesAt: soon },
      400,
      'bad_request',
      'closesAt',
    ],
    [
      'a window that closes as it opens',
      { labId: 'api-lab', opensAt: soon, closesAt: soon },
      400,
      'bad_request',
      'closesAt',
    ],
    ['a date without a zone', { labId: 'api-lab', opensAt: '2024-04-01T10:00:00' }, 400, 'bad_request', 'opensAt'],
    ['a date that is not a date', { labId: 'api-lab', closesAt: 'next Tuesday' }, 400, 'bad_request', 'closesAt'],
    ['an unknown lab', { labId: 'no-such-lab' }, 404, 'not_found', 'labId'],
    ['an unknown course', { courseId: 'no-such-course' }, 404, 'not_found', 'courseId'],
  ])('refuses %s with %i %s naming %s', async (_name, body, status, code, field) => {
    const before = state();
    const response = await staff.json<ErrorBody>('POST', `/api/cohorts/${cohortId}/assignments`, body);
    expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
      status,
      code,
      field,
    });
    expect(state()).toEqual(before);
  });

  it('answers 404 for an assignment that is not in the cohort', async () => {
    const response = await staff.json<ErrorBody>('DELETE', `/api/cohorts/${cohortId}/assignments/987654`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('members', () => {
  it('refuses an administrator an unknown username with 404', async () => {
    const response = await admin.json<ErrorBody>('POST', `/api/cohorts/${cohortId}/members`, { username: 'nobody' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect(response.body.error.field).toBe('username');
  });

  it('refuses to remove someone who is not a member with 404', async () => {
    const response = await staff.json<ErrorBody>('DELETE', `/api/cohorts/${cohortId}/members/${tomas.id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('joining', () => {
  it.each([
    ['a code no cohort has', 'ZZZZ-ZZZZ', 404, 'not_found'],
    ['a code too short to be one', 'AB', 400, 'bad_request'],
    ['a code far too long', 'ABCD-EFGH-IJKL-MNOP-QRST', 400, 'bad_request'],
  ])('refuses %s with %i %s', async (_name, code, status, errorCode) => {
    const before = state();
    const response = await trainee.json<ErrorBody>('POST', '/api/cohorts/join', { code });
    expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
      status,
      code: errorCode,
      field: 'code',
    });
    expect(state()).toEqual(before);
  });
});

describe('cohort paths', () => {
  // Each is not a positive whole number within range, so the path itself is refused before any lookup.
  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['99999999999999999999999']])(
    'refuse the cohort id %s with 400',
    async (id) => {
      const response = await staff.json<ErrorBody>('GET', `/api/cohorts/${id}`);
      expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
    },
  );

  it('answer 404 for a well-formed cohort id that no cohort has', async () => {
    const response = await staff.json<ErrorBody>('GET', '/api/cohorts/987654');
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 404, code: 'not_found' });
  });

  it.each([['0'], ['1001'], ['many']])('refuse a submission list limit of %s with 400', async (limit) => {
    const response = await staff.json<ErrorBody>('GET', `/api/cohorts/${cohortId}/submissions?limit=${limit}`);
    expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
      status: 400,
      code: 'bad_request',
      field: 'limit',
    });
  });
});
