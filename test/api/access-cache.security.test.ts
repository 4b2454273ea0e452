// Sessions, assignments and lab attempts are cached per process on the answer path. These tests
// prove that a change takes effect on the very next request: made through the same app, or through a
// second app on the same database file (another server process, or an administrator's script),
// which the first app's cache cannot hear about except through the database.
import { describe, expect } from 'vitest';
import { sameSessionOn, twoProcessTest as it } from '../helpers/fixtures.ts';

const answerPath = '/api/labs/api-lab/tasks/attacker-ip/submissions';

describe('a change made in another process', () => {
  it('signs the user out at once when the session is ended there', async ({ trainee: agent, otherApp }) => {
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
    expect((await sameSessionOn(otherApp, agent).json('POST', '/api/auth/logout', {})).status).toBeLessThan(300);

    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(401);
  });

  it('refuses a disabled account at once', async ({ harness, tomas, trainee: agent, otherDb }) => {
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    otherDb.$client.prepare('update users set disabled_at = ? where id = ?').run(Date.now(), tomas.id);

    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(401);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(401);
    expect(harness.count('submissions')).toBe(0);
  });

  it('refuses answers from a trainee removed from the cohort there', async ({
    harness,
    tomas,
    cohort,
    trainee: agent,
    instructor,
    otherApp,
  }) => {
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(201);
    const instructorAgent = sameSessionOn(otherApp, instructor);
    expect((await instructorAgent.json('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`)).status).toBeLessThan(
      300,
    );

    expect((await agent.json('POST', answerPath, { answer: '192.0.2.2' })).status).toBe(404);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(404);
    expect(harness.count('submissions')).toBe(1);
  });

  it('closes a lab at once when its assignment is withdrawn there', async ({
    harness,
    cohort,
    trainee: agent,
    otherDb,
  }) => {
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    otherDb.$client.prepare('delete from cohort_assignments where cohort_id = ?').run(cohort.id);

    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(404);
    expect(harness.count('submissions')).toBe(0);
  });

  it('opens a lab at once when it is assigned there', async ({
    cohort,
    trainee: agent,
    instructor,
    otherDb,
    otherApp,
  }) => {
    otherDb.$client.prepare('delete from cohort_assignments where cohort_id = ?').run(cohort.id);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(404);
    const instructorAgent = sameSessionOn(otherApp, instructor);
    expect(
      (await instructorAgent.json('POST', `/api/cohorts/${cohort.id}/assignments`, { labId: 'api-lab' })).status,
    ).toBeLessThan(300);

    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
  });
});

describe('a change made through the same app', () => {
  it('refuses answers from a removed trainee and keeps one variant seed per trainee', async ({
    harness,
    tomas,
    cohort,
    trainee: agent,
    instructor,
  }) => {
    const first = await agent.json<{ lab: { id: string } }>('GET', '/api/labs/api-lab');
    expect(first.status).toBe(200);
    const seeds = () =>
      harness.db.$client.prepare('select variant_seed from lab_attempts where user_id = ?').all(tomas.id);
    expect(seeds()).toHaveLength(1);
    await agent.json('GET', '/api/labs/api-lab');
    expect(seeds()).toHaveLength(1);

    expect((await instructor.json('DELETE', `/api/cohorts/${cohort.id}/members/${tomas.id}`)).status).toBeLessThan(300);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.2' })).status).toBe(404);
  });
});
