import { describe, expect, test } from 'vitest';
import { read } from '../helpers/read.ts';
import { instructorWorld, latestSubmissionId, play, type InstructorWorld } from './instructor-fixture.ts';

const FINDINGS = 'Passwords were guessed from 203.0.113.77; the log shows no successful login from there.';
const COMMENT = 'Clear and accurate. Name the log line you rely on next time.';

/** Anna and Ben in Ines's cohort on api-lab; Anna has solved two tasks and handed in her findings. */
const it = test.extend(
  'world',
  instructorWorld(['anna', 'ben'], {
    labs: ['api-lab'],
    setUp: (world) =>
      play(world, 'anna', [
        { task: 'attacker-ip', answer: '203.0.113.77' },
        { task: 'attempts', answer: '2' },
        { task: 'summary', answer: FINDINGS },
      ]),
  }),
);

const cohortParam = (world: InstructorWorld) => ({ cohortId: String(world.cohortId) });

async function queue(
  world: InstructorWorld,
  query: { status?: 'pending' | 'reviewed'; limit?: string; cursor?: string } = {},
) {
  const response = await read(
    world.inesAgent.api.instructor.cohorts[':cohortId'].reviews.$get({ param: cohortParam(world), query }),
  );
  expect(response.status, response.text).toBe(200);
  return response.body;
}

function grade(world: InstructorWorld, submissionId: number, points: number, comment = COMMENT) {
  return read(
    world.inesAgent.api.instructor.reviews[':submissionId'].$post({
      param: { submissionId: String(submissionId) },
      json: { points, comment },
    }),
  );
}

async function annasTask(world: InstructorWorld, taskId: string) {
  const response = await read(world.agents.anna!.api.labs[':labId'].$get({ param: { labId: 'api-lab' } }));
  return response.body.lab.tasks.find((task) => task.id === taskId)!;
}

async function audit(world: InstructorWorld, query: { limit?: string } = {}) {
  return (
    await read(world.inesAgent.api.instructor.cohorts[':cohortId'].audit.$get({ param: cohortParam(world), query }))
  ).body.entries;
}

function sql<T>(world: InstructorWorld, query: string, ...params: unknown[]): T {
  return world.harness.db.$client.prepare(query).get(...params) as T;
}

function cohortScore(world: InstructorWorld, username: string) {
  return sql(
    world,
    'select points, tasks_solved as solved from cohort_scores where cohort_id = ? and user_id = ?',
    world.cohortId,
    world.trainees[username]!.id,
  );
}

describe('grading a manual answer', () => {
  it('takes the answer from the queue to a grade the trainee sees, moving the result and the cohort total', async ({
    world,
  }) => {
    const [entry] = (await queue(world)).entries;
    expect(entry).toMatchObject({ status: 'pending', answer: FINDINGS, points: 0, review: null });
    expect(await annasTask(world, 'summary')).toMatchObject({
      status: 'pending_review',
      pointsEarned: 0,
      review: null,
    });
    expect(cohortScore(world, 'anna')).toEqual({ points: 30, solved: 2 });

    const announced: number[][] = [];
    world.harness.services.events.on('scores-changed', (cohortIds) => announced.push(cohortIds));
    await world.harness.advance(3_600_000);
    const graded = await grade(world, entry!.submissionId, 7);
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({
      review: { submissionId: entry!.submissionId, points: 7, comment: COMMENT, reviewer: { id: world.ines.id } },
      result: { status: 'solved', points: 7, previousPoints: 0 },
    });
    expect(announced).toEqual([[world.cohortId]]);

    expect(await annasTask(world, 'summary')).toEqual(
      expect.objectContaining({
        status: 'solved',
        pointsEarned: 7,
        review: { points: 7, comment: COMMENT, reviewedAt: world.harness.now().toISOString() },
      }),
    );
    expect((await annasTask(world, 'attacker-ip')).review).toBeNull();
    expect(
      sql(
        world,
        'select status, points from task_results where user_id = ? and task_id = ?',
        world.trainees.anna!.id,
        'summary',
      ),
    ).toEqual({ status: 'solved', points: 7 });
    expect(cohortScore(world, 'anna')).toEqual({ points: 37, solved: 3 });

    expect((await queue(world)).entries).toEqual([]);
    expect((await queue(world, { status: 'reviewed' })).entries).toEqual([
      expect.objectContaining({
        submissionId: entry!.submissionId,
        status: 'reviewed',
        points: 7,
        review: expect.objectContaining({
          points: 7,
          comment: COMMENT,
          reviewer: { id: world.ines.id, displayName: 'ines display' },
        }),
      }),
    ]);
  });

  it('records the grade in the audit log with the old and new points', async ({ world }) => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(world, id, 7);
    expect((await audit(world))[0]).toMatchObject({
      action: 'review.grade',
      actor: { username: 'ines' },
      details: {
        submissionId: id,
        userId: world.trainees.anna!.id,
        labId: 'api-lab',
        taskId: 'summary',
        oldPoints: 0,
        newPoints: 7,
        regrade: false,
      },
    });
  });

  it('replaces the grade when graded again, keeping one review and moving the total by the difference', async ({
    world,
  }) => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(world, id, 7);
    const regraded = await grade(world, id, 5, 'On reflection: the second sentence is missing.');
    expect(regraded.status).toBe(200);
    expect(regraded.body.result).toEqual({ status: 'solved', points: 5, previousPoints: 7 });
    expect(world.harness.count('reviews', 'submission_id = ?', id)).toBe(1);
    expect(cohortScore(world, 'anna')).toEqual({ points: 35, solved: 3 });
    expect(await annasTask(world, 'summary')).toMatchObject({
      pointsEarned: 5,
      review: { points: 5, comment: 'On reflection: the second sentence is missing.' },
    });
    expect((await audit(world, { limit: '1' }))[0]).toMatchObject({
      action: 'review.grade',
      details: { oldPoints: 7, newPoints: 5, regrade: true },
    });
  });

  it('grades only the latest version a trainee handed in, which alone is in the queue', async ({ world }) => {
    await play(world, 'ben', [
      { task: 'attacker-ip', answer: '203.0.113.77' },
      { task: 'summary', answer: 'First draft.' },
      { task: 'summary', answer: 'Second draft: guessing from 203.0.113.77, no access.' },
    ]);
    const { entries } = await queue(world);
    expect(entries.map((entry) => entry.answer)).toEqual([
      FINDINGS,
      'Second draft: guessing from 203.0.113.77, no access.',
    ]);
    const benLatest = latestSubmissionId(world, 'ben', 'summary');
    expect(entries[1]!.submissionId).toBe(benLatest);
    expect((await grade(world, benLatest, 10, '')).status).toBe(200);
    expect(cohortScore(world, 'ben')).toMatchObject({ points: 20 });
  });

  it("shows the review in the trainee's submission history for the instructor", async ({ world }) => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(world, id, 9);
    const history = await read(
      world.inesAgent.api.instructor.cohorts[':cohortId'].trainees[':userId'].submissions.$get({
        param: { ...cohortParam(world), userId: String(world.trainees.anna!.id) },
        query: {},
      }),
    );
    expect(history.body.submissions[0]).toMatchObject({
      id,
      verdict: 'pending',
      review: { points: 9, comment: COMMENT, reviewer: { displayName: 'ines display' } },
    });
    expect(history.body.submissions.slice(1).every((row) => row.review === null)).toBe(true);
  });

  it('updates the progress matrix and the analytics', async ({ world }) => {
    await grade(world, latestSubmissionId(world, 'anna', 'summary'), 10);
    const cohort = world.inesAgent.api.instructor.cohorts[':cohortId'];
    const progress = await read(cohort.progress.$get({ param: cohortParam(world) }));
    expect(progress.body.trainees[0]).toMatchObject({
      username: 'anna',
      points: 40,
      cells: [{ tasksSolved: 3, completed: true }],
    });
    const analytics = await read(cohort.analytics.$get({ param: cohortParam(world), query: {} }));
    expect(analytics.body.labs[0]!.tasks[2]).toMatchObject({ id: 'summary', solvedBy: 1, medianAttemptsToSolve: 1 });
  });

  it('can be done by an administrator', async ({ world }) => {
    const admin = await world.harness.user('root-admin', 'admin');
    const agent = await world.harness.signIn(admin);
    const response = await read(
      agent.api.instructor.reviews[':submissionId'].$post({
        param: { submissionId: String(latestSubmissionId(world, 'anna', 'summary')) },
        json: { points: 6, comment: 'Graded by the administrator.' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body.review.reviewer.id).toBe(admin.id);
  });
});

describe('the review queue', () => {
  it('comes a page at a time, waiting answers oldest first and graded ones latest grade first, each exactly once', async ({
    world,
  }) => {
    await play(world, 'ben', [
      { task: 'attacker-ip', answer: '203.0.113.77' },
      { task: 'summary', answer: 'Ben: guessing from one address, no login.' },
    ]);
    const [annas, bens] = [latestSubmissionId(world, 'anna', 'summary'), latestSubmissionId(world, 'ben', 'summary')];

    const first = await queue(world, { status: 'pending', limit: '1' });
    expect(first.entries.map((entry) => entry.submissionId)).toEqual([annas]);
    expect(first.nextCursor).not.toBeNull();
    const second = await queue(world, { status: 'pending', limit: '1', cursor: first.nextCursor! });
    expect(second.entries.map((entry) => entry.submissionId)).toEqual([bens]);
    expect(second.nextCursor).toBeNull();

    expect((await grade(world, bens, 5)).status).toBe(200);
    await world.harness.advance(60_000);
    expect((await grade(world, annas, 8)).status).toBe(200);
    const latest = await queue(world, { status: 'reviewed', limit: '1' });
    expect(latest.entries.map((entry) => entry.submissionId)).toEqual([annas]);
    const earlier = await queue(world, { status: 'reviewed', limit: '1', cursor: latest.nextCursor! });
    expect(earlier.entries.map((entry) => entry.submissionId)).toEqual([bens]);
    expect(earlier.nextCursor).toBeNull();
  });

  it('refuses a page larger than the bound and a cursor that is not one', async ({ world }) => {
    const reviews = world.inesAgent.api.instructor.cohorts[':cohortId'].reviews;
    expect((await reviews.$get({ param: cohortParam(world), query: { limit: '5000' } })).status).toBe(400);
    expect((await reviews.$get({ param: cohortParam(world), query: { cursor: '1 or 1' } })).status).toBe(400);
  });
});
