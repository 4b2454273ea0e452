import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/services/demo/seed.ts';
import { serverFolder } from '../helpers/demo-servers.ts';
import { unthrottledTest } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { HttpAgent, ServerProcess } from '../helpers/server-process.ts';

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
  // The throttle would refuse most of a burst; this is about the attempt limit, not the throttle.
  const it = unthrottledTest;

  function submit(agent: Agent, taskId: string, answer: string) {
    return agent.json<{ submission?: { verdict: string }; error?: { code: string } }>(
      'POST',
      `/api/labs/api-lab/tasks/${taskId}/submissions`,
      { answer },
    );
  }

  it('never record more attempts than max_attempts allows', async ({ harness, tomas, trainee }) => {
    expect((await submit(trainee, 'attacker-ip', '203.0.113.77')).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => submit(trainee, 'attempts', String(10 + index))),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    expect(statuses.filter((status) => status === 409)).toHaveLength(PARALLEL - 2);
    const counts = countsIn(harness.db.$client, tomas.id, 'api-lab', 'attempts');
    expect(counts.counted).toBe(2);
    expect(counts.results).toEqual([{ status: 'failed', attempts: 2, points: 0 }]);
  });

  it('award the points of parallel right answers exactly once', async ({ harness, tomas, trainee }) => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => submit(trainee, 'attacker-ip', '203.0.113.77')),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(PARALLEL - 1);
    const counts = countsIn(harness.db.$client, tomas.id, 'api-lab', 'attacker-ip');
    expect(counts.correct).toBe(1);
    expect(counts.counted).toBe(1);
    expect(counts.results).toEqual([{ status: 'solved', attempts: 1, points: 10 }]);
    const catalogue = await trainee.json<{ labs: { progress: { points: number } }[] }>('GET', '/api/catalogue');
    expect(catalogue.body.labs[0]!.progress.points).toBe(10);
  });

  it('charge a hint unlocked in parallel only once', async ({ harness, tomas, trainee }) => {
    expect((await submit(trainee, 'attacker-ip', '203.0.113.77')).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => trainee.json('POST', '/api/labs/api-lab/tasks/attempts/hints/0')),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(harness.db.$client.prepare('select count(*) as count from hint_unlocks').get()).toEqual({ count: 1 });
    const right = await submit(trainee, 'attempts', '2');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
    // 20 points minus the hint (4), charged once.
    expect(countsIn(harness.db.$client, tomas.id, 'api-lab', 'attempts').results).toEqual([
      { status: 'solved', attempts: 1, points: 16 },
    ]);
  });

  it('let exactly one of parallel saves from the same notes revision win', async ({ harness, trainee }) => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        trainee.json('PUT', '/api/labs/api-lab/notes', { body: `tab ${index}`, baseRevision: 0 }),
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

/** Three server processes on one database over the API test lab, shared by the file's tests of them. */
const itOnServers = test
  .extend('folder', { scope: 'file' }, serverFolder(['api-lab']))
  .extend('servers', { scope: 'file' }, async ({ folder }) => {
    const options = folder.options();
    // The first one seeds the demo; the others find the accounts there.
    const first = await ServerProcess.start(options);
    return [first, ...(await Promise.all(Array.from({ length: 2 }, () => ServerProcess.start(options))))];
  });

describe('parallel submissions to several server processes on one database', () => {
  const password = DEMO_ACCOUNTS.find((account) => account.username === 'trainee1')!.password;
  /** One agent per server, all signed in as the same trainee (the session lives in the shared database). */
  async function agentsFor(servers: ServerProcess[], username: string): Promise<HttpAgent[]> {
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

  itOnServers('share the session and the labs of the demo', async ({ servers }) => {
    const agents = await agentsFor(servers, 'trainee3');
    for (const agent of agents) {
      const response = await agent.json<{ labs: { id: string }[] }>('GET', '/api/catalogue');
      expect(response.status).toBe(200);
      expect(response.body.labs.map((lab) => lab.id)).toEqual(['api-lab']);
    }
  });

  itOnServers(
    'award the points of parallel right answers exactly once and never exceed max_attempts',
    async ({ folder, servers }) => {
      const agents = await agentsFor(servers, 'trainee1');
      const right = await burst(agents, 'attacker-ip', () => '203.0.113.77');
      expect(right.filter((response) => response.status >= 500)).toEqual([]);
      expect(right.filter((response) => response.status === 201)).toHaveLength(1);

      const wrong = await burst(agents, 'attempts', (index) => String(10 + index));
      expect(wrong.filter((response) => response.status >= 500)).toEqual([]);
      expect(wrong.filter((response) => response.status === 201)).toHaveLength(2);
      expect(wrong.every((response) => response.status === 201 || response.status === 409)).toBe(true);

      const sqlite = new Database(folder.options().databasePath, { readonly: true });
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
    },
  );

  itOnServers(
    'award a parallel right answer to a limited task once, with its full points',
    async ({ folder, servers }) => {
      const agents = await agentsFor(servers, 'trainee2');
      expect(
        (await agents[0]!.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' }))
          .status,
      ).toBe(201);
      const responses = await burst(agents, 'attempts', () => '2');
      expect(responses.filter((response) => response.status >= 500)).toEqual([]);
      expect(responses.filter((response) => response.status === 201)).toHaveLength(1);

      const sqlite = new Database(folder.options().databasePath, { readonly: true });
      try {
        const counts = countsIn(sqlite, userId(sqlite, 'trainee2'), 'api-lab', 'attempts');
        expect(counts.correct).toBe(1);
        expect(counts.counted).toBe(1);
        expect(counts.results).toEqual([{ status: 'solved', attempts: 1, points: 20 }]);
      } finally {
        sqlite.close();
      }
    },
  );
});
