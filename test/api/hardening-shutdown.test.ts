// Issue 11, item 10: SIGTERM with live scoreboard streams open hung for over 20 s (streams never end
// on their own). A real server process is stopped: it must close its streams, finish the answers in
// flight and exit within 5 s, with every acknowledged answer stored.
import { describe, expect, test } from 'vitest';
import { EventStream } from '../helpers/event-stream.ts';
import { DEMO_TRAINEES, serverFolder, signInDemoTrainees } from '../helpers/demo-servers.ts';
import { HttpAgent, ServerProcess, type ServerOptions } from '../helpers/server-process.ts';

/** A folder of its own for each test's server, over the API test lab. */
const it = test.extend('folder', serverFolder(['api-lab']));

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

/** A server on a fresh database, every demo trainee signed in, and the id of their cohort. */
async function startDemoClass(options: ServerOptions) {
  const server = await ServerProcess.start(options);
  const agents = await signInDemoTrainees(server);
  const boards = await agents[0]!.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
  return { server, agents, cohortId: boards.body.cohorts[0]!.id };
}

describe('stopping the server with SIGTERM', () => {
  it('ends open scoreboard streams and exits cleanly within 5 s', async ({ folder }) => {
    const { server, agents, cohortId } = await startDemoClass(folder.options('streams.db'));
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

  it('keeps every answer it acknowledged while stopping', async ({ folder }) => {
    const options = folder.options('answers.db');
    const { server, agents, cohortId } = await startDemoClass(options);
    await openStream(agents[0]!, cohortId);

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
                username: DEMO_TRAINEES[worker]!.username,
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
    for (const trainee of DEMO_TRAINEES) {
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
