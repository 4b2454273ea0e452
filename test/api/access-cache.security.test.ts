// Sessions, assignments and lab attempts are cached per process on the answer path. These tests
// prove that a change takes effect on the very next request: made through the same app, or through a
// second app on the same database file (another server process, or an administrator's script),
// which the first app's cache cannot hear about except through the database.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppType } from '../../server/app.ts';
import { openDatabase, type Db } from '../../server/db/client.ts';
import type { Actor } from '../../server/services/context.ts';
import { createServices } from '../../server/services/create-services.ts';
import { Agent, Harness } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
let harness: Harness;
let instructor: Actor;
let trainee: Actor;
let cohortId: number;
let otherDb: Db;
let otherApp: AppType;

beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  [instructor, trainee] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
  cohortId = (await harness.cohort(instructor, [trainee], ['api-lab'])).id;
  otherDb = openDatabase(join(harness.dir, 'casebench.db'));
  otherApp = createApp(
    createServices(otherDb, harness.library, { cacheDir: join(harness.dir, 'cache'), clock: harness.clock }),
  );
});
afterEach(async () => {
  otherDb.$client.close();
  await harness.dispose();
  await fixture.dispose();
});

/** The same browser session, talking to the other app. */
function sameSessionOn(app: AppType, agent: Agent): Agent {
  const other = new Agent(app, agent.user);
  other.cookie = agent.cookie;
  return other;
}

const answerPath = '/api/labs/api-lab/tasks/attacker-ip/submissions';
const submissionCount = () => harness.count('submissions');

describe('a change made in another process', () => {
  it('signs the user out at once when the session is ended there', async () => {
    const agent = await harness.signIn(trainee);
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
    expect((await sameSessionOn(otherApp, agent).json('POST', '/api/auth/logout', {})).status).toBeLessThan(300);

    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(401);
  });

  it('refuses a disabled account at once', async () => {
    const agent = await harness.signIn(trainee);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    otherDb.$client.prepare('update users set disabled_at = ? where id = ?').run(Date.now(), trainee.id);

    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(401);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(401);
    expect(submissionCount()).toBe(0);
  });

  it('refuses answers from a trainee removed from the cohort there', async () => {
    const agent = await harness.signIn(trainee);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(201);
    const instructorAgent = sameSessionOn(otherApp, await harness.signIn(instructor));
    expect(
      (await instructorAgent.json('DELETE', `/api/cohorts/${cohortId}/members/${trainee.id}`)).status,
    ).toBeLessThan(300);

    expect((await agent.json('POST', answerPath, { answer: '192.0.2.2' })).status).toBe(404);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(404);
    expect(submissionCount()).toBe(1);
  });

  it('closes a lab at once when its assignment is withdrawn there', async () => {
    const agent = await harness.signIn(trainee);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    otherDb.$client.prepare('delete from cohort_assignments where cohort_id = ?').run(cohortId);

    expect((await agent.json('POST', answerPath, { answer: '192.0.2.1' })).status).toBe(404);
    expect(submissionCount()).toBe(0);
  });

  it('opens a lab at once when it is assigned there', async () => {
    const agent = await harness.signIn(trainee);
    otherDb.$client.prepare('delete from cohort_assignments where cohort_id = ?').run(cohortId);
    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(404);
    const instructorAgent = sameSessionOn(otherApp, await harness.signIn(instructor));
    expect(
      (await instructorAgent.json('POST', `/api/cohorts/${cohortId}/assignments`, { labId: 'api-lab' })).status,
    ).toBeLessThan(300);

    expect((await agent.json('GET', '/api/labs/api-lab')).status).toBe(200);
  });
});

describe('a change made through the same app', () => {
  it('refuses answers from a removed trainee and keeps one variant seed per trainee', async () => {
    const agent = await harness.signIn(trainee);
    const first = await agent.json<{ lab: { id: string } }>('GET', '/api/labs/api-lab');
    expect(first.status).toBe(200);
    const seeds = () =>
      harness.db.$client.prepare('select variant_seed from lab_attempts where user_id = ?').all(trainee.id);
    expect(seeds()).toHaveLength(1);
    await agent.json('GET', '/api/labs/api-lab');
    expect(seeds()).toHaveLength(1);

    const instructorAgent = await harness.signIn(instructor);
    expect(
      (await instructorAgent.json('DELETE', `/api/cohorts/${cohortId}/members/${trainee.id}`)).status,
    ).toBeLessThan(300);
    expect((await agent.json('POST', answerPath, { answer: '192.0.2.2' })).status).toBe(404);
  });
});
