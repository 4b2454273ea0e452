import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/services/demo/seed.ts';
import { RateLimiter } from '../../server/security/rate-limiter.ts';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';
import { HttpAgent, killAllServers, ServerProcess } from '../helpers/server-process.ts';

const PARALLEL = 30;

interface Counts {
  counted: number;
  correct: number;
  results: { status: string; attempts: number; points: number }[];
}

/** What the database holds for one trainee's task: counted attempts, correct answers and the result row(s). */
function countsIn(sqlite: Database.Database, userId: number, labId: string, taskId: string): Counts {
  const where = 'user_id = ? and lab_id = ? and task_id = ?';
  return {
    counted: (
      sqlite
        .prepare(`select count(*) as count from submissions where ${where} and counts_as_attempt = 1`)
        .get(userId, labId, taskId) as { count: number }
    ).count,
    correct: (
      sqlite
        .prepare(`select count(*) as count from submissions where ${where} and verdict = 'correct'`)
        .get(userId, labId, taskId) as { count: number }
    ).count,
    results: sqlite
      .prepare(`select status, attempts, points from task_results where ${where}`)
      .all(userId, labId, taskId) as Counts['results'],
  };
}

describe('parallel submissions in one process', () => {
  let fixture: LabFixture;
  let harness: Harness;
  let trainee: Actor;
  let agent: Agent;

  beforeEach(async () => {
    fixture = await LabFixture.create();
    await addApiTestLab(fixture);
    harness = await Harness.create({ labsDir: fixture.labsDir });
    const [instructor, created] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
    trainee = created;
    await harness.cohort(instructor, [trainee], ['api-lab']);
    agent = await harness.signIn(trainee);
    // The throttle would refuse most of a burst; this is about the attempt limit, not the throttle.
    harness.services.limits.submissionsPerTask = new RateLimiter(1000, 60_000);
  });
  afterEach(async () => {
    await harness.dispose();
    await fixture.dispose();
  });

  function submit(taskId: string, answer: string) {
    return agent.json<{ submission?: { verdict: string }; error?: { code: string } }>(
      'POST',
      `/api/labs/api-lab/tasks/${taskId}/submissions`,
      { answer },
    );
  }

  it('never record more attempts than max_attempts allows', async () => {
    expect((await submit('attacker-ip', '203.0.113.77')).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => submit('attempts', String(10 + index))),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    expect(statuses.filter((status) => status === 409)).toHaveLength(PARALLEL - 2);
    const counts = countsIn(harness.db.$client, trainee.id, 'api-lab', 'attempts');
    expect(counts.counted).toBe(2);
    expect(counts.results).toEqual([{ status: 'failed', attempts: 2, points: 0 }]);
  });

  it('award the points of parallel right answers exactly once', async () => {
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => submit('attacker-ip', '203.0.113.77')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(PARALLEL - 1);
    const counts = countsIn(harness.db.$client, trainee.id, 'api-lab', 'attacker-ip');
    expect(counts.correct).toBe(1);
    expect(counts.counted).toBe(1);
    expect(counts.results).toEqual([{ status: 'solved', attempts: 1, points: 10 }]);
    const catalogue = await agent.json<{ labs: { progress: { points: number } }[] }>('GET', '/api/catalogue');
    expect(catalogue.body.labs[0]!.progress.points).toBe(10);
  });

  it('charge a hint unlocked in parallel only once', async () => {
    expect((await submit('attacker-ip', '203.0.113.77')).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => agent.json('POST', '/api/labs/api-lab/tasks/attempts/hints/0')),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(harness.db.$client.prepare('select count(*) as count from hint_unlocks').get()).toEqual({ count: 1 });
    const right = await submit('attempts', '2');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
    // 20 points minus the hint (4), charged once.
    expect(countsIn(harness.db.$client, trainee.id, 'api-lab', 'attempts').results).toEqual([
      { status: 'solved', attempts: 1, points: 16 },
    ]);
  });

  it('let exactly one of parallel saves from the same notes revision win', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        agent.json('PUT', '/api/labs/api-lab/notes', { body: `tab ${index}`, baseRevision: 0 }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(PARALLEL - 1);
    const winner = responses.findIndex((response) => response.status === 200);
    expect(harness.db.$client.prepare('select body, revision from notes').all()).toEqual([
      { body: `tab ${winner}`, revision: 1 },
    ]);
  });
});

describe('parallel submissions to several server processes on one database', () => {
  const SERVERS = 3;
  let dir: string;
  let fixture: LabFixture;
  let servers: ServerProcess[] = [];
  const password = DEMO_ACCOUNTS.find((account) => account.username === 'trainee1')!.password;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'casebench-concurrency-'));
    fixture = await LabFixture.create();
    await addApiTestLab(fixture);
    const options = {
      databasePath: join(dir, 'casebench.db'),
      cacheDir: join(dir, 'cache'),
      labsDir: fixture.labsDir,
      // These tests count answers and points from a clean start.
      env: { CASEBENCH_DEMO_ACTIVITY: '0' },
    };
    // The first one seeds the demo; the others find the accounts there.
    servers = [await ServerProcess.start(options)];
    servers.push(...(await Promise.all(Array.from({ length: SERVERS - 1 }, () => ServerProcess.start(options)))));
  });
  afterAll(async () => {
    await killAllServers();
    await fixture?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One agent per server, all signed in as the same trainee (the session lives in the shared database). */
  async function agentsFor(username: string): Promise<HttpAgent[]> {
    const first = await new HttpAgent(servers[0]!.url).signIn(username, password);
    return servers.map((server) => Object.assign(new HttpAgent(server.url), { cookie: first.cookie }));
  }

  /** PARALLEL submissions spread over the servers (each server's own throttle lets 10 per task through). */
  async function burst(agents: HttpAgent[], taskId: string, answer: (index: number) => string) {
    return Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        agents[index % agents.length]!.json('POST', `/api/labs/api-lab/tasks/${taskId}/submissions`, {
          answer: answer(index),
        }),
      ),
    );
  }

  function userId(sqlite: Database.Database, username: string): number {
    return (sqlite.prepare('select id from users where username = ?').get(username) as { id: number }).id;
  }

  it('share the session and the labs of the demo', async () => {
    const agents = await agentsFor('trainee3');
    for (const agent of agents) {
      const response = await agent.json<{ labs: { id: string }[] }>('GET', '/api/catalogue');
      expect(response.status).toBe(200);
      expect(response.body.labs.map((lab) => lab.id)).toEqual(['api-lab']);
    }
  });

  it('award the points of parallel right answers exactly once and never exceed max_attempts', async () => {
    const agents = await agentsFor('trainee1');
    const right = await burst(agents, 'attacker-ip', () => '203.0.113.77');
    expect(right.filter((response) => response.status >= 500)).toEqual([]);
    expect(right.filter((response) => response.status === 201)).toHaveLength(1);

    const wrong = await burst(agents, 'attempts', (index) => String(10 + index));
    expect(wrong.filter((response) => response.status >= 500)).toEqual([]);
    expect(wrong.filter((response) => response.status === 201)).toHaveLength(2);
    expect(wrong.every((response) => response.status === 201 || response.status === 409)).toBe(true);

    const sqlite = new Database(join(dir, 'casebench.db'), { readonly: true });
    try {
      const id = userId(sqlite, 'trainee1');
      const solved = countsIn(sqlite, id, 'api-lab', 'attacker-ip');
      expect(solved.correct).toBe(1);
      expect(solved.counted).toBe(1);
      expect(solved.results).toEqual([{ status: 'solved', attempts: 1, points: 10 }]);
      const limited = countsIn(sqlite, id, 'api-lab', 'attempts');
      expect(limited.counted).toBe(2);
      expect(limited.results).toEqual([{ status: 'failed', attempts: 2, points: 0 }]);
    } finally {
      sqlite.close();
    }
  });

  it('award a parallel right answer to a limited task once, with its full points', async () => {
    const agents = await agentsFor('trainee2');
    expect(
      (await agents[0]!.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
        .status,
    ).toBe(201);
    const responses = await burst(agents, 'attempts', () => '2');
    expect(responses.filter((response) => response.status >= 500)).toEqual([]);
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);

    const sqlite = new Database(join(dir, 'casebench.db'), { readonly: true });
    try {
      const counts = countsIn(sqlite, userId(sqlite, 'trainee2'), 'api-lab', 'attempts');
      expect(counts.correct).toBe(1);
      expect(counts.counted).toBe(1);
      expect(counts.results).toEqual([{ status: 'solved', attempts: 1, points: 20 }]);
    } finally {
      sqlite.close();
    }
  });
});
