// Issue 11, item 10: SIGTERM with live scoreboard streams open hung for over 20 s (streams never end
// on their own). A real server process is stopped: it must close its streams, finish the answers in
// flight and exit within 5 s, with every acknowledged answer stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/services/demo/seed.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';
import { HttpAgent, killAllServers, ServerProcess } from '../helpers/server-process.ts';

const TRAINEES = DEMO_ACCOUNTS.filter((account) => account.role === 'trainee');

let dir: string;
let fixture: LabFixture;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casebench-shutdown-'));
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
});
afterEach(async () => {
  await killAllServers();
});
afterAll(async () => {
  await killAllServers();
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Sends SIGTERM and waits for the exit, up to `limitMs`: the exit code and how long it took, or 'still running'. */
function terminate(
  server: ServerProcess,
  limitMs: number,
): Promise<{ code: number | null; ms: number } | 'still running'> {
  const started = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), limitMs);
    server.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started });
    });
    server.child.kill('SIGTERM');
  });
}

/** Opens a scoreboard stream over HTTP and waits for its first bytes: the server is serving it. */
async function openStream(agent: HttpAgent, cohortId: number): Promise<EventStream> {
  const stream = await EventStream.open(
    fetch(`${agent.baseUrl}/api/scoreboard/${cohortId}/stream`, { headers: { cookie: agent.cookie } }),
  );
  await stream.started();
  return stream;
}

describe('stopping the server with SIGTERM', () => {
  it('ends open scoreboard streams and exits cleanly within 5 s', async () => {
    const options = {
      databasePath: join(dir, 'streams.db'),
      cacheDir: join(dir, 'cache'),
      labsDir: fixture.labsDir,
      env: { CASEBENCH_DEMO_ACTIVITY: '0' },
    };
    const server = await ServerProcess.start(options);
    const agents = await Promise.all(
      TRAINEES.map((trainee) => new HttpAgent(server.url).signIn(trainee.username, trainee.password)),
    );
    const boards = await agents[0]!.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
    const cohortId = boards.body.cohorts[0]!.id;
    const streams = await Promise.all(
      agents.flatMap((agent) => [openStream(agent, cohortId), openStream(agent, cohortId)]),
    );

    const stopped = await terminate(server, 10_000);
    expect(stopped).not.toBe('still running');
    if (stopped === 'still running') return;
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5_000);
    await Promise.all(streams.map((stream) => stream.ended()));
  }, 60_000);

  it('keeps every answer it acknowledged while stopping', async () => {
    const options = {
      databasePath: join(dir, 'answers.db'),
      cacheDir: join(dir, 'cache'),
      labsDir: fixture.labsDir,
      env: { CASEBENCH_DEMO_ACTIVITY: '0' },
    };
    const server = await ServerProcess.start(options);
    const agents = await Promise.all(
      TRAINEES.map((trainee) => new HttpAgent(server.url).signIn(trainee.username, trainee.password)),
    );
    const boards = await agents[0]!.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
    await openStream(agents[0]!, boards.body.cohorts[0]!.id);

    // Answers keep coming from every trainee while the signal arrives.
    const acknowledged: { username: string; submissionId: number }[] = [];
    let stopping: ReturnType<typeof terminate> | undefined;
    await Promise.all(
      agents.map(async (agent, worker) => {
        for (let step = 0; step < 8; step++) {
          try {
            const response = await agent.json<{ submission: { submissionId: number } }>(
              'POST',
              '/api/labs/api-lab/tasks/summary/submissions',
              { answer: `Finding ${worker}-${step}` },
            );
            if (response.status === 201)
              acknowledged.push({
                username: TRAINEES[worker]!.username,
                submissionId: response.body.submission.submissionId,
              });
          } catch {
            return; // the server has stopped listening: nothing more is sent
          }
          if (acknowledged.length === 6) stopping ??= terminate(server, 10_000);
        }
      }),
    );
    const stopped = await (stopping ?? terminate(server, 10_000));
    expect(stopped).not.toBe('still running');
    if (stopped === 'still running') return;
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5_000);

    expect(acknowledged.length).toBeGreaterThanOrEqual(6);
    const restarted = await ServerProcess.start(options);
    for (const trainee of TRAINEES) {
      const agent = await new HttpAgent(restarted.url).signIn(trainee.username, trainee.password);
      const mine = await agent.json<{ submissions: { id: number }[] }>(
        'GET',
        '/api/labs/api-lab/tasks/summary/submissions',
      );
      const stored = mine.body.submissions.map((submission) => submission.id);
      for (const { submissionId } of acknowledged.filter((answer) => answer.username === trainee.username))
        expect(stored).toContain(submissionId);
    }
    await restarted.kill();
  }, 90_000);
});
