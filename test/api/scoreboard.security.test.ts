import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../server/services/accounts/accounts.ts';
import { removeMember } from '../../server/services/cohorts/cohorts.ts';
import type { Actor } from '../../server/services/context.ts';
import { SCOREBOARD_NOTICE_INTERVAL_MS } from '../../server/services/scoreboard/stream.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { Harness, TEST_PASSWORD, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';
import type { ErrorBody } from '../../server/errors.ts';

let fixture: LabFixture;
let harness: Harness;
let ines: Actor;
let tomas: Actor;
let others: Actor[];
let inesAgent: Agent;
let tomasAgent: Agent;
let otherAgents: Agent[];
let doraAgent: Agent;
let adminAgent: Agent;
/** Ines's cohort: Tomas and the two trainees whose names must stay hidden from him. */
let cohortId: number;
/** Victor's cohort, with Dora in it. */
let otherCohortId: number;

async function setUp(): Promise<void> {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  ines = await harness.user('ines', 'instructor');
  const victor = await harness.user('victor', 'instructor');
  const admin = await harness.user('root-admin', 'admin');
  tomas = await harness.user('tomas');
  const dora = await harness.user('dora');
  others = [
    await createUser(
      harness.services,
      { username: 'bettina.secret', displayName: 'Bettina Geheimname', role: 'trainee', password: TEST_PASSWORD },
      null,
    ),
    await createUser(
      harness.services,
      { username: 'carlos.secret', displayName: 'Carlos Verborgen', role: 'trainee', password: TEST_PASSWORD },
      null,
    ),
  ];
  cohortId = (await harness.cohort(ines, [tomas, ...others], ['api-lab'])).id;
  otherCohortId = (await harness.cohort(victor, [dora], ['api-lab'])).id;
  [inesAgent, tomasAgent, doraAgent, adminAgent] = await Promise.all([
    harness.signIn(ines),
    harness.signIn(tomas),
    harness.signIn(dora),
    harness.signIn(admin),
  ]);
  otherAgents = await Promise.all(others.map((user) => harness.signIn(user)));
}
async function tearDown(): Promise<void> {
  await harness.dispose();
  await fixture.dispose();
}

/** Every route of one cohort's scoreboard, with a body where it takes one. */
function cohortRoutes(id: number | string): [method: string, path: string, body?: unknown][] {
  return [
    ['GET', `/api/scoreboard/${id}`],
    ['PATCH', `/api/scoreboard/${id}/settings`, { visibility: 'names' }],
    ['GET', `/api/scoreboard/${id}/chart`],
    ['GET', `/api/scoreboard/${id}/csv`],
    ['GET', `/api/scoreboard/${id}/stream`],
  ];
}

/** What a refused request could have changed. */
function scoreboardState() {
  const sqlite = harness.db.$client;
  return {
    cohorts: sqlite.prepare('select id, scoreboard_visibility, freeze_at from cohorts order by id').all(),
    audit: sqlite.prepare('select count(*) as count from audit_log').get(),
  };
}

async function solve(agent: Agent, taskId: string, answer: string): Promise<void> {
  const response = await agent.json('POST', `/api/labs/api-lab/tasks/${taskId}/submissions`, { answer });
  expect(response.status, response.text).toBe(201);
}

describe('refused callers', () => {
  beforeAll(setUp);
  afterAll(tearDown);

  it('anonymous callers get 401 from every scoreboard route', async () => {
    const before = scoreboardState();
    const anonymous = harness.anonymous();
    for (const [method, path, body] of [['GET', '/api/scoreboard'] as [string, string], ...cohortRoutes(cohortId)]) {
      const response = await anonymous.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
    }
    expect(scoreboardState()).toEqual(before);
  });

  it('a trainee gets 404 for the board, chart, export and stream of a cohort they are not in, as for one that does not exist', async () => {
    for (const id of [otherCohortId, 9999]) {
      for (const [method, path] of cohortRoutes(id).filter(([method]) => method === 'GET')) {
        const response = await tomasAgent.json<ErrorBody>(method, path);
        expect(response.status, path).toBe(404);
        expect(response.body).toEqual({ error: { code: 'not_found', message: 'There is no such cohort.' } });
      }
    }
  });

  it('a trainee may not change the settings, not even of their own cohort', async () => {
    const before = scoreboardState();
    for (const id of [cohortId, otherCohortId]) {
      const response = await tomasAgent.json<ErrorBody>('PATCH', `/api/scoreboard/${id}/settings`, {
        visibility: 'names',
        freezeAt: null,
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect(scoreboardState()).toEqual(before);
  });

  it('an instructor gets 404 from every route of another instructor’s cohort, and changes nothing', async () => {
    const before = scoreboardState();
    for (const [method, path, body] of cohortRoutes(otherCohortId)) {
      const response = await inesAgent.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect(scoreboardState()).toEqual(before);
    const listed = await inesAgent.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
    expect(listed.body.cohorts.map((cohort) => cohort.id)).toEqual([cohortId]);
  });

  it('an administrator may open every cohort’s board', async () => {
    for (const id of [cohortId, otherCohortId])
      for (const [method, path] of cohortRoutes(id).filter(([, path]) => !path.endsWith('/stream'))) {
        const response = await adminAgent.json(
          method,
          path,
          method === 'PATCH' ? { visibility: 'pseudonyms' } : undefined,
        );
        expect(response.status, `${method} ${path}`).toBe(200);
      }
  });

  it('a refused stream is an ordinary error answer and leaves no listener behind', async () => {
    const before = harness.services.events.listenerCount('scores-changed');
    const response = await doraAgent.request(`/api/scoreboard/${cohortId}/stream`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(harness.services.events.listenerCount('scores-changed')).toBe(before);
  });
});

describe('a trainee who leaves the cohort', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('can no longer see its board', async () => {
    expect((await tomasAgent.json('GET', `/api/scoreboard/${cohortId}`)).status).toBe(200);
    await removeMember(harness.services, ines, cohortId, tomas.id);
    expect((await tomasAgent.json('GET', `/api/scoreboard/${cohortId}`)).status).toBe(404);
    expect((await tomasAgent.json<{ cohorts: unknown[] }>('GET', '/api/scoreboard')).body.cohorts).toEqual([]);
  });
});

describe('a stream of a trainee who leaves the cohort', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('ends at the next change instead of carrying on', async () => {
    const events = harness.services.events;
    const before = events.listenerCount('scores-changed');
    const stream = await EventStream.open(tomasAgent.request(`/api/scoreboard/${cohortId}/stream`));
    await removeMember(harness.services, ines, cohortId, tomas.id);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    expect(await stream.closed(), 'the stream ends only at a change').toBe(false);
    harness.services.events.emit('scores-changed', [cohortId]);
    await harness.advance(0);
    expect(await stream.closed(), 'the stream is still open').toBe(true);
    await expect(stream.next(), 'no notice before the end').rejects.toThrow('the stream ended before the next event');
    expect(events.listenerCount('scores-changed')).toBe(before);
  });
});

describe('other trainees’ names', () => {
  beforeEach(async () => {
    await setUp();
    await solve(otherAgents[0]!, 'attacker-ip', '203.0.113.77');
    await harness.advance(1_000);
    await solve(otherAgents[1]!, 'attacker-ip', '203.0.113.77');
    await solve(otherAgents[1]!, 'attempts', '2');
    await harness.advance(1_000);
    await solve(tomasAgent, 'attacker-ip', '203.0.113.77');
  });
  afterEach(tearDown);

  /** Everything a stream sent up to the scores event that the trigger brings, as text. */
  async function streamText(agent: Agent, trigger: () => Promise<void>): Promise<string> {
    const stream = await EventStream.open(agent.request(`/api/scoreboard/${cohortId}/stream`));
    await trigger();
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    expect((await stream.ready()).map((event) => event.type)).toEqual(['scores']);
    await stream.cancel();
    return stream.text;
  }

  /** Everything Tomas can ask the scoreboard API, as text. */
  async function everythingTomasSees(streamTrigger = () => solve(otherAgents[0]!, 'attempts', '2')): Promise<string[]> {
    const bodies: string[] = [];
    for (const path of [
      '/api/scoreboard',
      `/api/scoreboard/${cohortId}`,
      `/api/scoreboard/${cohortId}?limit=1`,
      `/api/scoreboard/${cohortId}?limit=500`,
      `/api/scoreboard/${cohortId}/chart`,
      `/api/scoreboard/${cohortId}/chart?top=10`,
      `/api/scoreboard/${cohortId}/csv`,
      `/api/scoreboard/${cohortId}/csv?limit=1`,
    ]) {
      const response = await tomasAgent.json('GET', path);
      expect(response.status, path).toBe(200);
      bodies.push(response.text);
    }
    bodies.push((await tomasAgent.json('PATCH', `/api/scoreboard/${cohortId}/settings`, { visibility: 'names' })).text);
    bodies.push(await streamText(tomasAgent, streamTrigger));
    return bodies;
  }

  function expectNoNamesOfOthers(bodies: string[]): void {
    for (const body of bodies) {
      const lower = body.toLowerCase();
      for (const other of others) {
        for (const secret of [other.displayName, other.username, other.username.split('.')[0]!])
          expect(lower, `a response shows "${secret}"`).not.toContain(secret.toLowerCase());
        expect(body).not.toMatch(new RegExp(`"userId":${other.id}\\b`, 'u'));
      }
    }
  }

  for (const visibility of ['pseudonyms', 'hidden'] as const) {
    it(`never reach a trainee in ${visibility} mode, in any response or stream`, async () => {
      expect((await inesAgent.json('PATCH', `/api/scoreboard/${cohortId}/settings`, { visibility })).status).toBe(200);
      const bodies = await everythingTomasSees();
      expectNoNamesOfOthers(bodies);
      // The scan would find them: the instructor's board does show them.
      const instructorView = (await inesAgent.json('GET', `/api/scoreboard/${cohortId}`)).text;
      for (const other of others) expect(instructorView).toContain(other.displayName);
      // Tomas still sees his own name.
      expect(bodies[1]).toContain('tomas display');
    });

    it(`never reach a trainee in ${visibility} mode on a frozen board either`, async () => {
      const freezeAt = harness.now().getTime();
      expect(
        (
          await inesAgent.json('PATCH', `/api/scoreboard/${cohortId}/settings`, {
            visibility,
            freezeAt: new Date(freezeAt).toISOString(),
          })
        ).status,
      ).toBe(200);
      await harness.advance(1_000);
      const board = await tomasAgent.json<{ frozen: boolean }>('GET', `/api/scoreboard/${cohortId}`);
      expect(board.body.frozen).toBe(true);
      // A solve does not reach a frozen trainee's stream; moving the freeze time does.
      const bodies = await everythingTomasSees(async () => {
        await solve(otherAgents[0]!, 'attempts', '2');
        expect(
          (
            await inesAgent.json('PATCH', `/api/scoreboard/${cohortId}/settings`, {
              freezeAt: new Date(freezeAt - 1).toISOString(),
            })
          ).status,
        ).toBe(200);
      });
      expectNoNamesOfOthers(bodies);
    });
  }
});
