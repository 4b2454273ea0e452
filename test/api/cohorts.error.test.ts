import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { sharedApiTestOver } from '../helpers/fixtures.ts';
import type { Harness } from '../helpers/harness.ts';
import { addApiTestCourse } from './cohort-fixture.ts';

/**
 * Every request here is refused, so the tests share one app and check that nothing changed: the API
 * course's labs, and Ines's cohort with no members and nothing assigned (Tomas is in no cohort).
 */
const it = sharedApiTestOver(addApiTestCourse).extend('cohort', { scope: 'file' }, ({ harness, ines }) =>
  harness.cohort(ines, [], []),
);

function state(harness: Harness) {
  return harness.snapshot({
    cohorts: 'select * from cohorts',
    members: 'select * from cohort_members',
    assignments: 'select * from cohort_assignments',
    audit: 'select count(*) as count from audit_log',
  });
}

describe('creating a cohort', () => {
  it.for<[string, Record<string, string>, string]>([
    ['an empty name', { name: '' }, 'name'],
    ['a name of spaces', { name: '   ' }, 'name'],
    ['a name too long', { name: 'x'.repeat(121) }, 'name'],
    ['no name', {}, 'name'],
  ])('refuses %s with 400 naming the field', async ([_name, body, field], { harness, instructor }) => {
    const before = state(harness);
    const response = await instructor.json<ErrorBody>('POST', '/api/cohorts', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'bad_request', field });
    expect(state(harness)).toEqual(before);
  });
});

describe('assigning', () => {
  const soon = '2024-04-01T10:00:00Z';
  const later = '2024-04-02T10:00:00Z';

  // The body last, so that the name reads the status, code and field.
  it.for<[string, number, string, string, Record<string, string>]>([
    ['both a lab and a course', 400, 'bad_request', 'labId', { labId: 'api-lab', courseId: 'api-course' }],
    ['neither a lab nor a course', 400, 'bad_request', 'labId', {}],
    [
      'a window that closes before it opens',
      400,
      'bad_request',
      'closesAt',
      { labId: 'api-lab', opensAt: later, closesAt: soon },
    ],
    [
      'a window that closes as it opens',
      400,
      'bad_request',
      'closesAt',
      { labId: 'api-lab', opensAt: soon, closesAt: soon },
    ],
    ['a date without a zone', 400, 'bad_request', 'opensAt', { labId: 'api-lab', opensAt: '2024-04-01T10:00:00' }],
    ['a date that is not a date', 400, 'bad_request', 'closesAt', { labId: 'api-lab', closesAt: 'next Tuesday' }],
    ['an unknown lab', 404, 'not_found', 'labId', { labId: 'no-such-lab' }],
    ['an unknown course', 404, 'not_found', 'courseId', { courseId: 'no-such-course' }],
  ])('refuses %s with %i %s naming %s', async ([_name, status, code, field, body], { harness, instructor, cohort }) => {
    const before = state(harness);
    const response = await instructor.json<ErrorBody>('POST', `/api/cohorts/${cohort.id}/assignments`, body);
    expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
      status,
      code,
      field,
    });
    expect(state(harness)).toEqual(before);
  });

  it('answers 404 for an assignment that is not in the cohort', async ({ instructor, cohort }) => {
    const response = await instructor.json<ErrorBody>('DELETE', `/api/cohorts/${cohort.id}/assignments/987654`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('members', () => {
  it('refuses an administrator an unknown username with 404', async ({ adminAgent, cohort }) => {
    const response = await adminAgent.json<ErrorBody>('POST', `/api/cohorts/${cohort.id}/members`, {
      username: 'nobody',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect(response.body.error.field).toBe('username');
  });

  it('refuses to remove someone who is not a member with 404', async ({ instructor, cohort, tomas }) => {
    const response = await instructor.json<ErrorBody>('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('joining', () => {
  it.for<[string, number, string, string]>([
    ['a code no cohort has', 404, 'not_found', 'ZZZZ-ZZZZ'],
    ['a code too short to be one', 400, 'bad_request', 'AB'],
    ['a code far too long', 400, 'bad_request', 'ABCD-EFGH-IJKL-MNOP-QRST'],
  ])('refuses %s with %i %s', async ([_name, status, errorCode, code], { harness, trainee }) => {
    const before = state(harness);
    const response = await trainee.json<ErrorBody>('POST', '/api/cohorts/join', { code });
    expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
      status,
      code: errorCode,
      field: 'code',
    });
    expect(state(harness)).toEqual(before);
  });
});

describe('cohort paths', () => {
  // Each is not a positive whole number within range, so the path itself is refused before any lookup.
  it.for(['abc', '0', '-1', '1.5', '99999999999999999999999'])(
    'refuse the cohort id %s with 400',
    async (id, { instructor }) => {
      const response = await instructor.json<ErrorBody>('GET', `/api/cohorts/${id}`);
      expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
    },
  );

  it('answer 404 for a well-formed cohort id that no cohort has', async ({ instructor }) => {
    const response = await instructor.json<ErrorBody>('GET', '/api/cohorts/987654');
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 404, code: 'not_found' });
  });

  it.for(['0', '1001', 'many'])(
    'refuse a submission list limit of %s with 400',
    async (limit, { instructor, cohort }) => {
      const response = await instructor.json<ErrorBody>('GET', `/api/cohorts/${cohort.id}/submissions?limit=${limit}`);
      expect({ status: response.status, code: response.body.error.code, field: response.body.error.field }).toEqual({
        status: 400,
        code: 'bad_request',
        field: 'limit',
      });
    },
  );
});
