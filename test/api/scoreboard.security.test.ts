import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { createUser } from '../../server/services/accounts/accounts.ts';
import { removeMember } from '../../server/services/cohorts/cohorts.ts';
import { SCOREBOARD_NOTICE_INTERVAL_MS } from '../../server/services/scoreboard/stream.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { apiTest } from '../helpers/fixtures.ts';
import type { Actor } from '../../server/services/context.ts';
import { type Agent, type Harness, TEST_PASSWORD } from '../helpers/harness.ts';

/**
 * Ines's cohort (`cohort`): Tomas and the two trainees whose names must stay hidden from him
 * (`others`, signed in as `otherAgents`); Victor's cohort (`otherCohort`), with Dora in it.
 */
const it = apiTest
  .extend('others', ({ harness }) =>
    Promise.all(
      [
        ['bettina.secret', 'Bettina Geheimname'],
        ['carlos.secret', 'Carlos Verborgen'],
      ].map(([username, displayName]) =>
        createUser(
          harness.services,
          { username: username!, displayName: displayName!, role: 'trainee', password: TEST_PASSWORD },
          null,
        ),
      ),
    ),
  )
  .extend('cohort', ({ harness, ines, tomas, others }) => harness.cohort(ines, [tomas, ...others], ['api-lab']))
  .extend('otherAgents', ({ harness, others, cohort: _joined }) =>
    Promise.all(others.map((user) => harness.signIn(user))),
  )
  .extend('dora', ({ harness }) => harness.user('dora'))
  .extend('doraAgent', ({ harness, dora }) => harness.signIn(dora))
  .extend('otherCohort', async ({ harness, dora }) =>
    harness.cohort(await harness.user('victor', 'instructor'), [dora], ['api-lab']),
  );

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
function scoreboardState(harness: Harness) {
  return harness.snapshot({
    cohorts: 'select id, scoreboard_visibility, freeze_at from cohorts order by id',
    audit: 'select count(*) as count from audit_log',
  });
}

async function solve(agent: Agent, taskId: string, answer: string): Promise<void> {
  const response = await agent.json('POST', `/api/labs/api-lab/tasks/${taskId}/submissions`, { answer });
  expect(response.status, response.text).toBe(201);
}

describe('refused callers', () => {
  it('anonymous callers get 401 from every scoreboard route', async ({ harness, cohort }) => {
    const before = scoreboardState(harness);
    const anonymous = harness.anonymous();
    for (const [method, path, body] of [['GET', '/api/scoreboard'] as [string, string], ...cohortRoutes(cohort.id)]) {
      const response = await anonymous.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.error.code).toBe('unauthenticated');
    }
    expect(scoreboardState(harness)).toEqual(before);
  });

  it('a trainee gets 404 for the board, chart, export and stream of a cohort they are not in, as for one that does not exist', async ({
    trainee,
    otherCohort,
  }) => {
    for (const id of [otherCohort.id, 9999]) {
      for (const [method, path] of cohortRoutes(id).filter(([method]) => method === 'GET')) {
        const response = await trainee.json<ErrorBody>(method, path);
        expect(response.status, path).toBe(404);
        expect(response.body).toEqual({ error: { code: 'not_found', message: 'There is no such cohort.' } });
      }
    }
  });

  it('a trainee may not change the settings, not even of their own cohort', async ({
    harness,
    trainee,
    cohort,
    otherCohort,
  }) => {
    const before = scoreboardState(harness);
    for (const id of [cohort.id, otherCohort.id]) {
      const response = await trainee.json<ErrorBody>('PATCH', `/api/scoreboard/${id}/settings`, {
        visibility: 'names',
        freezeAt: null,
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect(scoreboardState(harness)).toEqual(before);
  });

  it('an instructor gets 404 from every route of another instructor’s cohort, and changes nothing', async ({
    harness,
    instructor,
    cohort,
    otherCohort,
  }) => {
    const before = scoreboardState(harness);
    for (const [method, path, body] of cohortRoutes(otherCohort.id)) {
      const response = await instructor.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect(scoreboardState(harness)).toEqual(before);
    const listed = await instructor.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
    expect(listed.body.cohorts.map((cohort) => cohort.id)).toEqual([cohort.id]);
  });

  it('an administrator may open every cohort’s board', async ({ adminAgent, cohort, otherCohort }) => {
    for (const id of [cohort.id, otherCohort.id])
      for (const [method, path] of cohortRoutes(id).filter(([, path]) => !path.endsWith('/stream'))) {
        const response = await adminAgent.json(
          method,
          path,
          method === 'PATCH' ? { visibility: 'pseudonyms' } : undefined,
        );
        expect(response.status, `${method} ${path}`).toBe(200);
      }
  });

  it('a refused stream is an ordinary error answer and leaves no listener behind', async ({
    harness,
    doraAgent,
    cohort,
  }) => {
    const before = harness.services.events.listenerCount('scores-changed');
    const response = await doraAgent.request(`/api/scoreboard/${cohort.id}/stream`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(harness.services.events.listenerCount('scores-changed')).toBe(before);
  });
});

describe('a trainee who leaves the cohort', () => {
  it('can no longer see its board', async ({ harness, ines, tomas, trainee, cohort }) => {
    expect((await trainee.json('GET', `/api/scoreboard/${cohort.id}`)).status).toBe(200);
    await removeMember(harness.services, ines, cohort.id, tomas.id);
    expect((await trainee.json('GET', `/api/scoreboard/${cohort.id}`)).status).toBe(404);
    expect((await trainee.json<{ cohorts: unknown[] }>('GET', '/api/scoreboard')).body.cohorts).toEqual([]);
  });
});

describe('a stream of a trainee who leaves the cohort', () => {
  it('ends at the next change instead of carrying on', async ({ harness, ines, tomas, trainee, cohort }) => {
    // The board first, as the page loads it: the process's kept boards (and their one listener) exist.
    expect((await trainee.json('GET', `/api/scoreboard/${cohort.id}`)).status).toBe(200);
    const events = harness.services.events;
    const before = events.listenerCount('scores-changed');
    const stream = await EventStream.open(trainee.request(`/api/scoreboard/${cohort.id}/stream`));
    await removeMember(harness.services, ines, cohort.id, tomas.id);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    expect(await stream.closed(), 'the stream ends only at a change').toBe(false);
    harness.services.events.emit('scores-changed', [cohort.id]);
    await harness.advance(0);
    expect(await stream.closed(), 'the stream is still open').toBe(true);
    await expect(stream.next(), 'no notice before the end').rejects.toThrow('the stream ended before the next event');
    expect(events.listenerCount('scores-changed')).toBe(before);
  });
});

/** The world of the name tests: the others each solve something, then Tomas does. */
const itSolved = it.extend('solved', { auto: true }, async ({ harness, otherAgents, trainee }) => {
  await solve(otherAgents[0]!, 'attacker-ip', '203.0.113.77');
  await harness.advance(1_000);
  await solve(otherAgents[1]!, 'attacker-ip', '203.0.113.77');
  await solve(otherAgents[1]!, 'attempts', '2');
  await harness.advance(1_000);
  await solve(trainee, 'attacker-ip', '203.0.113.77');
});

/** What the name tests read of their world. */
interface NamesWorld {
  harness: Harness;
  cohort: { id: number };
  trainee: Agent;
  others: Actor[];
  otherAgents: Agent[];
}

describe('other trainees’ names', () => {
  /**
   * Everything the streams of these page sizes sent up to the scores event that the trigger brings, as
   * text. The event carries the board the board route shows the caller for that page size, no more.
   * The other trainees watch the same boards, opened first: their streams build the boards that
   * trainees share before the caller's do.
   */
  async function streamTexts(
    { harness, cohort, otherAgents }: NamesWorld,
    agent: Agent,
    trigger: () => Promise<void>,
    queries = ['', '?limit=1'],
  ): Promise<string[]> {
    const watching = await Promise.all(
      otherAgents.flatMap((other) =>
        queries.map((query) => EventStream.open(other.request(`/api/scoreboard/${cohort.id}/stream${query}`))),
      ),
    );
    const streams = await Promise.all(
      queries.map((query) => EventStream.open(agent.request(`/api/scoreboard/${cohort.id}/stream${query}`))),
    );
    await trigger();
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    for (const [index, stream] of streams.entries()) {
      const events = await stream.ready();
      expect(events.map((event) => event.type)).toEqual(['scores']);
      const carried = (JSON.parse(events[0]!.data) as { board: { rows: unknown[] } }).board;
      expect(carried.rows.length, 'the event carries rows').toBeGreaterThan(0);
      expect(carried).toEqual((await agent.json('GET', `/api/scoreboard/${cohort.id}${queries[index]}`)).body);
      await stream.cancel();
    }
    for (const stream of watching) await stream.cancel();
    return streams.map((stream) => stream.text);
  }

  /** Everything Tomas can ask the scoreboard API, as text. */
  async function everythingTomasSees(
    world: NamesWorld,
    streamTrigger = () => solve(world.otherAgents[0]!, 'attempts', '2'),
  ): Promise<string[]> {
    const { cohort, trainee } = world;
    const bodies: string[] = [];
    for (const path of [
      '/api/scoreboard',
      `/api/scoreboard/${cohort.id}`,
      `/api/scoreboard/${cohort.id}?limit=1`,
      `/api/scoreboard/${cohort.id}?limit=500`,
      `/api/scoreboard/${cohort.id}/chart`,
      `/api/scoreboard/${cohort.id}/chart?top=10`,
      `/api/scoreboard/${cohort.id}/csv`,
      `/api/scoreboard/${cohort.id}/csv?limit=1`,
    ]) {
      const response = await trainee.json('GET', path);
      expect(response.status, path).toBe(200);
      bodies.push(response.text);
    }
    bodies.push((await trainee.json('PATCH', `/api/scoreboard/${cohort.id}/settings`, { visibility: 'names' })).text);
    bodies.push(...(await streamTexts(world, trainee, streamTrigger)));
    return bodies;
  }

  function expectNoNamesOfOthers(others: Actor[], bodies: string[]): void {
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
    itSolved(
      `never reach a trainee in ${visibility} mode, in any response or stream`,
      async ({ harness, instructor, trainee, cohort, others, otherAgents }) => {
        const world = { harness, cohort, trainee, others, otherAgents };
        expect((await instructor.json('PATCH', `/api/scoreboard/${cohort.id}/settings`, { visibility })).status).toBe(
          200,
        );
        const bodies = await everythingTomasSees(world);
        expectNoNamesOfOthers(others, bodies);
        // The scan would find them: the instructor's board does show them.
        const instructorView = (await instructor.json('GET', `/api/scoreboard/${cohort.id}`)).text;
        for (const other of others) expect(instructorView).toContain(other.displayName);
        // Tomas still sees his own name, on the board and on the board his streams carry.
        expect(bodies[1]).toContain('tomas display');
        expect(bodies.at(-1)).toContain('tomas display');
      },
    );

    itSolved(
      `never reach a trainee in ${visibility} mode on a frozen board either`,
      async ({ harness, instructor, trainee, cohort, others, otherAgents }) => {
        const world = { harness, cohort, trainee, others, otherAgents };
        const freezeAt = harness.now().getTime();
        expect(
          (
            await instructor.json('PATCH', `/api/scoreboard/${cohort.id}/settings`, {
              visibility,
              freezeAt: new Date(freezeAt).toISOString(),
            })
          ).status,
        ).toBe(200);
        await harness.advance(1_000);
        const board = await trainee.json<{ frozen: boolean }>('GET', `/api/scoreboard/${cohort.id}`);
        expect(board.body.frozen).toBe(true);
        // A solve does not reach a frozen trainee's stream; moving the freeze time does.
        const bodies = await everythingTomasSees(world, async () => {
          await solve(otherAgents[0]!, 'attempts', '2');
          expect(
            (
              await instructor.json('PATCH', `/api/scoreboard/${cohort.id}/settings`, {
                freezeAt: new Date(freezeAt - 1).toISOString(),
              })
            ).status,
          ).toBe(200);
        });
        expectNoNamesOfOthers(others, bodies);
      },
    );
  }
});
