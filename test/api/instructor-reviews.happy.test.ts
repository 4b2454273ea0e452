import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInstructorWorld,
  disposeWorld,
  latestSubmissionId,
  play,
  type InstructorWorld,
} from './instructor-fixture.ts';

let world: InstructorWorld;

const FINDINGS = 'Passwords were guessed from 203.0.113.77; the log shows no successful login from there.';
const COMMENT = 'Clear and accurate. Name the log line you rely on next time.';

interface QueueEntry {
  submissionId: number;
  status: string;
  answer: unknown;
  points: number;
  review: { points: number; comment: string; reviewedAt: string; reviewer: { displayName: string } } | null;
}
interface TaskView {
  id: string;
  status: string;
  pointsEarned: number;
  review: { points: number; comment: string; reviewedAt: string } | null;
}

beforeEach(async () => {
  world = await createInstructorWorld(['anna', 'ben'], { labs: ['api-lab'] });
  await play(world, 'anna', [
    { task: 'attacker-ip', answer: '203.0.113.77' },
    { task: 'attempts', answer: '2' },
    { task: 'summary', answer: FINDINGS },
  ]);
});
afterEach(() => disposeWorld(world));

async function queue(status: 'pending' | 'reviewed' = 'pending'): Promise<QueueEntry[]> {
  const response = await world.inesAgent.json<{ entries: QueueEntry[] }>(
    'GET',
    `/api/instructor/cohorts/${world.cohortId}/reviews?status=${status}`,
  );
  expect(response.status).toBe(200);
  return response.body.entries;
}

async function grade(submissionId: number, points: number, comment = COMMENT) {
  return world.inesAgent.json<{
    review: { submissionId: number; points: number; comment: string; reviewer: { id: number } };
    result: { status: string; points: number; previousPoints: number };
  }>('POST', `/api/instructor/reviews/${submissionId}`, { points, comment });
}

async function annasTask(taskId: string): Promise<TaskView> {
  const response = await world.agents.anna!.json<{ lab: { tasks: TaskView[] } }>('GET', '/api/labs/api-lab');
  return response.body.lab.tasks.find((task) => task.id === taskId)!;
}

function sql<T>(query: string, ...params: unknown[]): T {
  return world.harness.db.$client.prepare(query).get(...params) as T;
}

describe('grading a manual answer', () => {
  it('takes the answer from the queue to a grade the trainee sees, moving the result and the cohort total', async () => {
    const [entry] = await queue();
    expect(entry).toMatchObject({ status: 'pending', answer: FINDINGS, points: 0, review: null });
    expect(await annasTask('summary')).toMatchObject({ status: 'pending_review', pointsEarned: 0, review: null });
    expect(
      sql(
        'select points, tasks_solved as solved from cohort_scores where cohort_id = ? and user_id = ?',
        world.cohortId,
        world.trainees.anna!.id,
      ),
    ).toEqual({ points: 30, solved: 2 });

    const announced: number[][] = [];
    world.harness.services.events.on('scores-changed', (cohortIds) => announced.push(cohortIds));
    world.harness.advance(3_600_000);
    const graded = await grade(entry!.submissionId, 7);
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({
      review: { submissionId: entry!.submissionId, points: 7, comment: COMMENT, reviewer: { id: world.ines.id } },
      result: { status: 'solved', points: 7, previousPoints: 0 },
    });
    expect(announced).toEqual([[world.cohortId]]);

    expect(await annasTask('summary')).toEqual(
      expect.objectContaining({
        status: 'solved',
        pointsEarned: 7,
        review: { points: 7, comment: COMMENT, reviewedAt: world.harness.now().toISOString() },
      }),
    );
    expect((await annasTask('attacker-ip')).review).toBeNull();
    expect(
      sql(
        'select status, points from task_results where user_id = ? and task_id = ?',
        world.trainees.anna!.id,
        'summary',
      ),
    ).toEqual({ status: 'solved', points: 7 });
    expect(
      sql(
        'select points, tasks_solved as solved from cohort_scores where cohort_id = ? and user_id = ?',
        world.cohortId,
        world.trainees.anna!.id,
      ),
    ).toEqual({ points: 37, solved: 3 });

    expect(await queue()).toEqual([]);
    expect(await queue('reviewed')).toEqual([
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

  it('records the grade in the audit log with the old and new points', async () => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(id, 7);
    const audit = await world.inesAgent.json<{
      entries: { action: string; details: Record<string, unknown>; actor: { username: string } }[];
    }>('GET', `/api/instructor/cohorts/${world.cohortId}/audit`);
    expect(audit.body.entries[0]).toMatchObject({
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

  it('replaces the grade when graded again, keeping one review and moving the total by the difference', async () => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(id, 7);
    const regraded = await grade(id, 5, 'On reflection: the second sentence is missing.');
    expect(regraded.status).toBe(200);
    expect(regraded.body.result).toEqual({ status: 'solved', points: 5, previousPoints: 7 });
    expect(sql('select count(*) as count from reviews where submission_id = ?', id)).toEqual({ count: 1 });
    expect(
      sql(
        'select points, tasks_solved as solved from cohort_scores where cohort_id = ? and user_id = ?',
        world.cohortId,
        world.trainees.anna!.id,
      ),
    ).toEqual({ points: 35, solved: 3 });
    expect(await annasTask('summary')).toMatchObject({
      pointsEarned: 5,
      review: { points: 5, comment: 'On reflection: the second sentence is missing.' },
    });
    const audit = await world.inesAgent.json<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      'GET',
      `/api/instructor/cohorts/${world.cohortId}/audit?limit=1`,
    );
    expect(audit.body.entries[0]).toMatchObject({
      action: 'review.grade',
      details: { oldPoints: 7, newPoints: 5, regrade: true },
    });
  });

  it('grades only the latest version a trainee handed in, which alone is in the queue', async () => {
    await play(world, 'ben', [
      { task: 'attacker-ip', answer: '203.0.113.77' },
      { task: 'summary', answer: 'First draft.' },
      { task: 'summary', answer: 'Second draft: guessing from 203.0.113.77, no access.' },
    ]);
    const entries = await queue();
    expect(entries.map((entry) => entry.answer)).toEqual([
      FINDINGS,
      'Second draft: guessing from 203.0.113.77, no access.',
    ]);
    const benLatest = latestSubmissionId(world, 'ben', 'summary');
    expect(entries[1]!.submissionId).toBe(benLatest);
    expect((await grade(benLatest, 10, '')).status).toBe(200);
    expect(
      sql(
        'select points from cohort_scores where cohort_id = ? and user_id = ?',
        world.cohortId,
        world.trainees.ben!.id,
      ),
    ).toEqual({ points: 20 });
  });

  it("shows the review in the trainee's submission history for the instructor", async () => {
    const id = latestSubmissionId(world, 'anna', 'summary');
    await grade(id, 9);
    const history = await world.inesAgent.json<{
      submissions: {
        id: number;
        verdict: string;
        review: { points: number; comment: string; reviewer: { displayName: string } } | null;
      }[];
    }>('GET', `/api/instructor/cohorts/${world.cohortId}/trainees/${world.trainees.anna!.id}/submissions`);
    expect(history.body.submissions[0]).toMatchObject({
      id,
      verdict: 'pending',
      review: { points: 9, comment: COMMENT, reviewer: { displayName: 'ines display' } },
    });
    expect(history.body.submissions.slice(1).every((row) => row.review === null)).toBe(true);
  });

  it('updates the progress matrix and the analytics', async () => {
    await grade(latestSubmissionId(world, 'anna', 'summary'), 10);
    const progress = await world.inesAgent.json<{
      trainees: { username: string; points: number; cells: { tasksSolved: number; completed: boolean }[] }[];
    }>('GET', `/api/instructor/cohorts/${world.cohortId}/progress`);
    expect(progress.body.trainees[0]).toMatchObject({
      username: 'anna',
      points: 40,
      cells: [{ tasksSolved: 3, completed: true }],
    });
    const analytics = await world.inesAgent.json<{
      labs: { tasks: { id: string; solvedBy: number; medianAttemptsToSolve: number | null }[] }[];
    }>('GET', `/api/instructor/cohorts/${world.cohortId}/analytics`);
    expect(analytics.body.labs[0]!.tasks[2]).toMatchObject({ id: 'summary', solvedBy: 1, medianAttemptsToSolve: 1 });
  });

  it('can be done by an administrator', async () => {
    const admin = await world.harness.user('root-admin', 'admin');
    const agent = await world.harness.signIn(admin);
    const response = await agent.json<{ review: { reviewer: { id: number } } }>(
      'POST',
      `/api/instructor/reviews/${latestSubmissionId(world, 'anna', 'summary')}`,
      { points: 6, comment: 'Graded by the administrator.' },
    );
    expect(response.status).toBe(200);
    expect(response.body.review.reviewer.id).toBe(admin.id);
  });
});

describe('the review queue', () => {
  async function page(status: 'pending' | 'reviewed', query: string) {
    const response = await world.inesAgent.json<{ entries: QueueEntry[]; nextCursor: string | null }>(
      'GET',
      `/api/instructor/cohorts/${world.cohortId}/reviews?status=${status}&${query}`,
    );
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  it('comes a page at a time, waiting answers oldest first and graded ones latest grade first, each exactly once', async () => {
    await play(world, 'ben', [
      { task: 'attacker-ip', answer: '203.0.113.77' },
      { task: 'summary', answer: 'Ben: guessing from one address, no login.' },
    ]);
    const [annas, bens] = [latestSubmissionId(world, 'anna', 'summary'), latestSubmissionId(world, 'ben', 'summary')];

    const first = await page('pending', 'limit=1');
    expect(first.entries.map((entry) => entry.submissionId)).toEqual([annas]);
    expect(first.nextCursor).not.toBeNull();
    const second = await page('pending', `limit=1&cursor=${first.nextCursor}`);
    expect(second.entries.map((entry) => entry.submissionId)).toEqual([bens]);
    expect(second.nextCursor).toBeNull();

    expect((await grade(bens, 5)).status).toBe(200);
    world.harness.advance(60_000);
    expect((await grade(annas, 8)).status).toBe(200);
    const latest = await page('reviewed', 'limit=1');
    expect(latest.entries.map((entry) => entry.submissionId)).toEqual([annas]);
    const earlier = await page('reviewed', `limit=1&cursor=${latest.nextCursor}`);
    expect(earlier.entries.map((entry) => entry.submissionId)).toEqual([bens]);
    expect(earlier.nextCursor).toBeNull();
  });

  it('refuses a page larger than the bound and a cursor that is not one', async () => {
    expect(
      (await world.inesAgent.json('GET', `/api/instructor/cohorts/${world.cohortId}/reviews?limit=5000`)).status,
    ).toBe(400);
    expect(
      (await world.inesAgent.json('GET', `/api/instructor/cohorts/${world.cohortId}/reviews?cursor=1%20or%201`)).status,
    ).toBe(400);
  });
});
