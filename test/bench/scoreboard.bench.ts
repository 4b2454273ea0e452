/**
 * `npm run bench -- scoreboard`: seeds a cohort of 10,000 trainees with 1,000,000 submissions,
 * then measures, through real HTTP on this machine and in one run:
 *   - the bare Hono route (the reference): requests per second;
 *   - the scoreboard: response time p50 and p99 (one request at a time) and throughput;
 *   - graded submissions with their durable write: requests per second, and the ratio to the bare route.
 * Sizes can be lowered for a quick run: BENCH_TRAINEES, BENCH_SUBMISSIONS, BENCH_SECONDS.
 */
import Database from 'better-sqlite3';
import autocannon from 'autocannon';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from '../helpers/server-process.ts';
import { LAB, SUBMISSIONS, TASKS, TRAINEES, seedBenchCohort, writeBenchLab } from './bench-cohort.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...options, duration: options.duration ?? SECONDS });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'casebench-bench-'));
  const servers: ServerProcess[] = [];
  try {
    const labsDir = join(dir, 'labs');
    await mkdir(labsDir);
    await writeBenchLab(labsDir);
    const databasePath = join(dir, 'casebench.db');
    const started = performance.now();
    const { cohortId, tokens } = await seedBenchCohort(databasePath);
    console.log(
      `seeded ${TRAINEES.toLocaleString('en')} trainees and ${SUBMISSIONS.toLocaleString('en')} submissions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const bareServer = await ServerProcess.start({ script: 'test/bench/bare-server.ts' });
    servers.push(bareServer);
    const bareUrl = bareServer.url;
    const appServer = await ServerProcess.start({
      databasePath,
      labsDir,
      cacheDir: join(dir, 'cache'),
      env: { CASEBENCH_DEMO: '0', CASEBENCH_ADMIN_PASSWORD: 'bench-admin-password' },
      nodeFlags: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    });
    servers.push(appServer);
    const app = appServer.url;
    const cookie = (index: number) => `casebench_session=${tokens[index % tokens.length]}`;

    // Warm both servers up (JIT, caches) before measuring.
    await load({ url: `${bareUrl}/bare`, connections: 20, duration: 2 });
    if (process.env.BENCH_ONLY !== 'submissions')
      await load({
        url: `${app}/api/scoreboard/${cohortId}`,
        connections: 4,
        duration: 2,
        headers: { cookie: cookie(0) },
      });

    const bare = await load({ url: `${bareUrl}/bare`, connections: 50 });
    const answerConnections = Number(process.env.BENCH_CONNECTIONS ?? 100);
    let barePosted = 0;
    const barePost = await load({
      url: bareUrl,
      connections: answerConnections,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: `/bare/${LAB}/finding-${(barePosted % TASKS) + 1}`,
            headers: {
              'content-type': 'application/json',
              cookie: `casebench_session=${tokens[barePosted % tokens.length]}`,
            },
            body: JSON.stringify({ answer: `bench guess ${barePosted++}` }),
          }),
        },
      ],
    });
    // BENCH_ONLY=submissions skips the scoreboard runs (for profiling the answer path alone).
    const skipBoard = process.env.BENCH_ONLY === 'submissions';
    const boardLatency = await load({
      url: `${app}/api/scoreboard/${cohortId}`,
      connections: 1,
      headers: { cookie: cookie(1) },
      ...(skipBoard ? { duration: 1 } : {}),
    });
    const boardThroughput = await load({
      url: `${app}/api/scoreboard/${cohortId}`,
      connections: 20,
      headers: { cookie: cookie(2) },
      ...(skipBoard ? { duration: 1 } : {}),
    });

    const storedSubmissions = () => {
      const reader = new Database(databasePath, { readonly: true });
      try {
        return (reader.prepare('select count(*) as count from submissions').get() as { count: number }).count;
      } finally {
        reader.close();
      }
    };
    const before = storedSubmissions();
    // Sessions belong to trainees 1..SESSIONS (user ids 2..); answer only tasks they have not solved.
    const openTargets = tokens.flatMap((token, index) => {
      const solvedTasks = (index + 2) % (TASKS + 1);
      return Array.from({ length: TASKS - solvedTasks }, (_, offset) => ({ token, task: solvedTasks + offset + 1 }));
    });
    let next = 0;
    const submissions = await load({
      url: app,
      connections: answerConnections,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const index = next++;
            const target = openTargets[index % openTargets.length]!;
            return {
              ...request,
              path: `/api/labs/${LAB}/tasks/finding-${target.task}/submissions`,
              headers: { 'content-type': 'application/json', cookie: `casebench_session=${target.token}` },
              body: JSON.stringify({ answer: `bench guess ${index}` }),
            };
          },
        },
      ],
    });
    const after = storedSubmissions();

    const rate = (result: autocannon.Result) => result['2xx'] / result.duration;
    const submitted = rate(submissions);
    /** One line of the results table: the rate, the latency and the failures of a run. */
    const row = (result: autocannon.Result) => ({
      'req/s': Math.round(rate(result)),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors: result.non2xx + result.errors,
    });
    console.log('\nresults (real HTTP on this machine, one run):');
    console.table({
      'bare Hono route': row(bare),
      'bare Hono POST, JSON body': row(barePost),
      'scoreboard, one at a time': row(boardLatency),
      'scoreboard, 20 connections': row(boardThroughput),
      'graded submissions (durable)': row(submissions),
    });
    console.log(
      'submission status codes:',
      JSON.stringify((submissions as unknown as { statusCodeStats: unknown }).statusCodeStats),
    );
    console.log(`submissions stored during the run: ${after - before} (acknowledged: ${submissions['2xx']})`);
    console.log(`graded submissions / bare route = ${(submitted / rate(bare)).toFixed(3)} (target at least 0.200)`);
    console.log(
      `for scale: bare POST with a JSON body / bare route = ${(rate(barePost) / rate(bare)).toFixed(3)}; graded submissions / bare POST = ${(submitted / rate(barePost)).toFixed(3)}`,
    );
    console.log(
      `scoreboard p50 ${boardLatency.latency.p50} ms (target < 10), p99 ${boardLatency.latency.p99} ms (target < 50)`,
    );
  } finally {
    await Promise.all(
      servers.map(async (server) => {
        // The CPU profile is written when the server shuts down on its own, which SIGINT asks for.
        if (process.env.BENCH_PROFILE) await server.stop('SIGINT');
        await server.dispose();
      }),
    );
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
