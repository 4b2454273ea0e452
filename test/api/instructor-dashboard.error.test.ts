import { describe, expect, test } from 'vitest';
import {
  instructorWorld,
  latestSubmissionId,
  play,
  type ErrorBody,
  type InstructorWorld,
} from './instructor-fixture.ts';

/**
 * anna solves attacker-ip and hands in two versions of the summary; ben hands in a summary of blanks
 * (refused as malformed) and a wrong address. Only api-lab is assigned; api-lab-2 exists unassigned.
 * One world for the file: the refused requests leave it as it was.
 */
const it = test.extend(
  'world',
  { scope: 'file' },
  instructorWorld(['anna', 'ben'], {
    labs: ['api-lab'],
    setUp: async (world) => {
      await play(world, 'anna', [
        { task: 'attacker-ip', answer: '203.0.113.77' },
        { task: 'summary', answer: 'First version.' },
        { task: 'summary', answer: 'Second version: guessing from 203.0.113.77, no access.' },
      ]);
      await play(world, 'ben', [
        { task: 'summary', answer: '   ', malformed: true },
        { task: 'attacker-ip', answer: '192.0.2.15' },
      ]);
    },
  }),
);

function state(world: InstructorWorld) {
  return world.harness.snapshot({
    reviews: 'select * from reviews',
    results: 'select user_id, task_id, status, points from task_results order by user_id, task_id',
    scores: 'select user_id, points, tasks_solved from cohort_scores order by user_id',
    audit: 'select count(*) as count from audit_log',
  });
}

async function grade(world: InstructorWorld, submissionId: number | string, body: unknown) {
  return world.inesAgent.json<ErrorBody>('POST', `/api/instructor/reviews/${submissionId}`, body);
}

function submissionIds(world: InstructorWorld, username: string, taskId: string): number[] {
  return (
    world.harness.db.$client
      .prepare('select id from submissions where user_id = ? and task_id = ? order by id')
      .all(world.trainees[username]!.id, taskId) as { id: number }[]
  ).map((row) => row.id);
}

describe('grading refuses', () => {
  it('an older version when the trainee has handed in a newer one, saying to grade that one', async ({ world }) => {
    const before = state(world);
    const [older, newer] = submissionIds(world, 'anna', 'summary');
    const response = await grade(world, older!, { points: 5, comment: 'Fine.' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
    expect(response.body.error.message).toBe(
      'The trainee has handed in a newer answer to this task since: grade that one instead.',
    );
    expect(response.body.error.message).not.toContain(String(newer));
    expect(state(world)).toEqual(before);
  });

  it('an answer to a task that is graded automatically', async ({ world }) => {
    const before = state(world);
    const response = await grade(world, latestSubmissionId(world, 'anna', 'attacker-ip'), { points: 5, comment: '' });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'conflict',
      message: '“Attacking address” is graded automatically: only written findings are graded by hand.',
    });
    expect(state(world)).toEqual(before);
  });

  it('an answer that was refused as malformed and never handed in', async ({ world }) => {
    const [malformed] = submissionIds(world, 'ben', 'summary');
    const response = await grade(world, malformed!, { points: 1, comment: '' });
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'conflict',
      message: 'This answer could not be read when it was sent, so it was never handed in for review.',
    });
  });

  it('more points than the task is worth, naming the field', async ({ world }) => {
    const before = state(world);
    const response = await grade(world, latestSubmissionId(world, 'anna', 'summary'), {
      points: 11,
      comment: 'Too generous.',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'bad_request',
      message: 'Give a whole number of points from 0 to 10, the most this task is worth.',
      field: 'points',
    });
    expect(state(world)).toEqual(before);
  });

  it('negative, fractional or missing points and overlong comments, in the error envelope', async ({ world }) => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    for (const [body, field] of [
      [{ points: -1, comment: '' }, 'points'],
      [{ points: 2.5, comment: '' }, 'points'],
      [{ points: '5', comment: '' }, 'points'],
      [{ comment: 'No points.' }, 'points'],
      [{ points: 5, comment: 'x'.repeat(5001) }, 'comment'],
      [{ points: 5, comment: 42 }, 'comment'],
    ] as const) {
      const response = await grade(world, id, body);
      expect({
        body,
        status: response.status,
        code: response.body.error.code,
        field: response.body.error.field,
      }).toEqual({ body, status: 400, code: 'bad_request', field });
    }
    expect(world.harness.db.$client.prepare('select count(*) as count from reviews').get()).toEqual({ count: 0 });
  });

  it('accepts a comment of exactly 5000 characters', async ({ world }) => {
    const response = await grade(world, latestSubmissionId(world, 'anna', 'summary'), {
      points: 4,
      comment: 'x'.repeat(5000),
    });
    expect(response.status).toBe(200);
  });

  it('a submission that does not exist, and a submission id that is not a number', async ({ world }) => {
    const missing = await grade(world, 987654, { points: 1, comment: '' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'There is no such answer to grade.' });
    const malformed = await grade(world, 'abc', { points: 1, comment: '' });
    expect({ status: malformed.status, code: malformed.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
  });

  it('a body that is not JSON', async ({ world }) => {
    const response = await world.inesAgent.request(
      `/api/instructor/reviews/${latestSubmissionId(world, 'anna', 'summary')}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'points=5',
      },
    );
    expect(response.status).toBe(415);
    expect(((await response.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });
});

describe('the dashboard routes refuse', () => {
  it('a trainee history for someone who is not a member of the cohort', async ({ world }) => {
    for (const userId of [world.victor.id, 987654]) {
      const response = await world.inesAgent.json<ErrorBody>(
        'GET',
        `/api/instructor/cohorts/${world.cohortId}/trainees/${userId}/submissions`,
      );
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: 'not_found', message: 'This trainee is not in this cohort.' });
    }
  });

  it('analytics for a lab that is not assigned to the cohort, or not a lab id at all', async ({ world }) => {
    // A lab of the library is named by its title (the fixture's is "New lab api-lab-2"); an unknown id is not echoed.
    for (const [labId, message] of [
      ['api-lab-2', '“New lab api-lab-2” is not assigned to this cohort.'],
      ['no-such-lab', 'This lab is not assigned to this cohort.'],
    ]) {
      const response = await world.inesAgent.json<ErrorBody>(
        'GET',
        `/api/instructor/cohorts/${world.cohortId}/analytics?labId=${labId}`,
      );
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: 'not_found', message, field: 'labId' });
    }
    const malformed = await world.inesAgent.json<ErrorBody>(
      'GET',
      `/api/instructor/cohorts/${world.cohortId}/analytics?labId=${encodeURIComponent('../etc')}`,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'bad_request', field: 'labId' });
  });

  it('query values out of range, naming the field', async ({ world }) => {
    const base = `/api/instructor/cohorts/${world.cohortId}`;
    for (const [path, field] of [
      [`${base}/reviews?status=done`, 'status'],
      [`${base}/audit?limit=0`, 'limit'],
      [`${base}/audit?limit=1001`, 'limit'],
      [`${base}/audit?limit=ten`, 'limit'],
      [`${base}/trainees/${world.trainees.anna!.id}/submissions?limit=0`, 'limit'],
    ] as const) {
      const response = await world.inesAgent.json<ErrorBody>('GET', path);
      expect({
        path,
        status: response.status,
        code: response.body.error.code,
        field: response.body.error.field,
      }).toEqual({ path, status: 400, code: 'bad_request', field });
    }
  });

  it('cohort ids that are not positive whole numbers, and cohorts that do not exist', async ({ world }) => {
    for (const id of ['abc', '0', '-3', '1.5']) {
      const response = await world.inesAgent.json<ErrorBody>('GET', `/api/instructor/cohorts/${id}/progress`);
      expect({ id, status: response.status, code: response.body.error.code }).toEqual({
        id,
        status: 400,
        code: 'bad_request',
      });
    }
    const missing = await world.inesAgent.json<ErrorBody>('GET', '/api/instructor/cohorts/987654/progress');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'There is no such cohort.' } });
  });
});
