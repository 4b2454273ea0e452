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
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/client.ts';
import { scaffoldLab } from '../../server/labs/scaffold.ts';
import { hashPassword } from '../../server/services/passwords.ts';
import { freePort } from '../e2e/support/server-process.ts';

const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 10_000);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TASKS = 10;
const SESSIONS = Math.min(TRAINEES, 2_000);
const LAB = 'bench-lab';

async function writeBenchLab(labsDir: string): Promise<void> {
  const dir = await scaffoldLab(labsDir, LAB);
  const tasks = Array.from(
    { length: TASKS },
    (_, index) => `  - id: finding-${index + 1}
    title: Finding ${index + 1}
    prompt: What is finding ${index + 1}?
    points: 10
    answer: { kind: text, expected: answer-${index + 1} }`,
  ).join('\n');
  const yamlPath = join(dir, 'lab.yaml');
  const text = (await import('node:fs')).readFileSync(yamlPath, 'utf8');
  await writeFile(yamlPath, text.replace(/\ntasks:\n[\s\S]*$/u, `\ntasks:\n${tasks}\n`));
}

/** Seeds the database directly (the API would take hours for a million answers), keeping every table consistent. */
async function seed(databasePath: string): Promise<{ cohortId: number; tokens: string[] }> {
  openDatabase(databasePath).$client.close(); // creates the schema through the migrations
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  const passwordHash = await hashPassword('bench-password-1');
  const now = Date.parse('2024-04-01T09:00:00Z');
  const tokens: string[] = [];
  db.transaction(() => {
    const user = db.prepare("insert into users (username, display_name, role, password_hash, pseudonym, created_at) values (?, ?, ?, ?, ?, ?)");
    const instructorId = Number(user.run('bench-instructor', 'Bench Instructor', 'instructor', passwordHash, 'Calm Owl 1', now).lastInsertRowid);
    const cohortId = Number(db.prepare("insert into cohorts (name, instructor_id, join_code, created_at) values ('Bench cohort', ?, 'BNCH-0001', ?)").run(instructorId, now).lastInsertRowid);
    db.prepare('insert into cohort_assignments (cohort_id, lab_id, assigned_by, created_at) values (?, ?, ?, ?)').run(cohortId, LAB, instructorId, now);
    const member = db.prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)');
    const attempt = db.prepare("insert into lab_attempts (user_id, lab_id, variant_seed, started_at) values (?, ?, 'fixed', ?)");
    const session = db.prepare('insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?)');
    for (let index = 1; index <= TRAINEES; index++) {
      const id = Number(user.run(`trainee-${index}`, `Trainee ${index}`, 'trainee', passwordHash, `Swift Heron ${index}`, now).lastInsertRowid);
      member.run(cohortId, id, now);
      attempt.run(id, LAB, now);
      if (index <= SESSIONS) {
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        session.run(createHash('sha256').update(token).digest('hex'), id, Date.now(), Date.now(), Date.now() + 86_400_000);
      }
    }
  })();

  const cohortId = 1;
  const perTrainee = Math.floor(SUBMISSIONS / TRAINEES);
  const submission = db.prepare(
    `insert into submissions (user_id, cohort_id, lab_id, lab_version, task_id, variant_seed, raw_answer, normalized_answer, verdict, feedback, score_fraction, points_awarded, counts_as_attempt, created_at)
     values (?, ?, '${LAB}', 1, ?, 'fixed', ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  const result = db.prepare(
    `insert into task_results (user_id, lab_id, task_id, cohort_id, lab_version, status, attempts, wrong_attempts, best_fraction, points, solved_at, scored_at, updated_at)
     values (?, '${LAB}', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = 500;
  for (let first = 0; first < TRAINEES; first += batch) {
    db.transaction(() => {
      for (let userId = first + 2; userId < Math.min(first + batch, TRAINEES) + 2; userId++) {
        // Each trainee answers every task several times; most end up solving a varying number of tasks.
        const solvedTasks = userId % (TASKS + 1);
        const attempts = new Array<number>(TASKS).fill(0);
        let time = now + (userId % 997) * 60_000;
        for (let index = 0; index < perTrainee; index++) {
          const task = index % TASKS;
          const isLast = index + TASKS >= perTrainee;
          const correct = isLast && task < solvedTasks;
          time += 7_000;
          attempts[task]!++;
          submission.run(userId, cohortId, `finding-${task + 1}`, JSON.stringify(correct ? `answer-${task + 1}` : `guess-${index}`), correct ? `answer-${task + 1}` : `guess-${index}`, correct ? 'correct' : 'incorrect', correct ? 'Correct.' : 'Not correct.', correct ? 1 : 0, correct ? 10 : 0, time);
        }
        for (let task = 0; task < TASKS; task++) {
          const solved = task < solvedTasks;
          result.run(userId, `finding-${task + 1}`, cohortId, solved ? 'solved' : 'open', attempts[task], solved ? attempts[task]! - 1 : attempts[task], solved ? 1 : 0, solved ? 10 : 0, solved ? time : null, solved ? time : null, time);
        }
      }
    })();
  }
  db.exec(`insert into cohort_scores (cohort_id, user_id, points, tasks_solved, last_scored_at)
           select ${cohortId}, user_id, sum(points), sum(status = 'solved'), max(scored_at) from task_results group by user_id`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { cohortId, tokens };
}

function startProcess(script: string, env: Record<string, string>, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const profile = process.env.BENCH_PROFILE && script.startsWith('server/') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...options, duration: options.duration ?? SECONDS });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'casebench-bench-'));
  const children: ChildProcess[] = [];
  try {
    const labsDir = join(dir, 'labs');
    await (await import('node:fs/promises')).mkdir(labsDir);
    await writeBenchLab(labsDir);
    const databasePath = join(dir, 'casebench.db');
    let started = performance.now();
    const { cohortId, tokens } = await seed(databasePath);
    console.log(`seeded ${TRAINEES.toLocaleString('en')} trainees and ${SUBMISSIONS.toLocaleString('en')} submissions in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const barePort = await freePort();
    children.push(await startProcess('test/bench/bare-server.ts', { PORT: String(barePort) }, 'listening'));
    const appPort = await freePort();
    children.push(
      await startProcess(
        'server/main.ts',
        { HOST: '127.0.0.1', PORT: String(appPort), CASEBENCH_DB: databasePath, CASEBENCH_LABS: labsDir, CASEBENCH_CACHE: join(dir, 'cache'), CASEBENCH_DEMO: '0', CASEBENCH_ADMIN_PASSWORD: 'bench-admin-password' },
        'listening',
      ),
    );
    const app = `http://127.0.0.1:${appPort}`;
    const cookie = (index: number) => `casebench_session=${tokens[index % tokens.length]}`;

    // Warm both servers up (JIT, caches) before measuring.
    await load({ url: `http://127.0.0.1:${barePort}/bare`, connections: 20, duration: 2 });
    if (process.env.BENCH_ONLY !== 'submissions') await load({ url: `${app}/api/scoreboard/${cohortId}`, connections: 4, duration: 2, headers: { cookie: cookie(0) } });

    const bare = await load({ url: `http://127.0.0.1:${barePort}/bare`, connections: 50 });
    // BENCH_ONLY=submissions skips the scoreboard runs (for profiling the answer path alone).
    const skipBoard = process.env.BENCH_ONLY === 'submissions';
    const boardLatency = await load({ url: `${app}/api/scoreboard/${cohortId}`, connections: 1, headers: { cookie: cookie(1) }, ...(skipBoard ? { duration: 1 } : {}) });
    const boardThroughput = await load({ url: `${app}/api/scoreboard/${cohortId}`, connections: 20, headers: { cookie: cookie(2) }, ...(skipBoard ? { duration: 1 } : {}) });

    const before = new Database(databasePath, { readonly: true }).prepare('select count(*) as count from submissions').get() as { count: number };
    // Sessions belong to trainees 1..SESSIONS (user ids 2..); answer only tasks they have not solved.
    const openTargets = tokens.flatMap((token, index) => {
      const solvedTasks = (index + 2) % (TASKS + 1);
      return Array.from({ length: TASKS - solvedTasks }, (_, offset) => ({ token, task: solvedTasks + offset + 1 }));
    });
    let next = 0;
    const submissions = await load({
      url: app,
      connections: Number(process.env.BENCH_CONNECTIONS ?? 100),
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
    const after = new Database(databasePath, { readonly: true }).prepare('select count(*) as count from submissions').get() as { count: number };

    const rate = (result: autocannon.Result) => result['2xx'] / result.duration;
    const submitted = rate(submissions);
    console.log('\nresults (real HTTP on this machine, one run):');
    console.table({
      'bare Hono route': { 'req/s': Math.round(rate(bare)), 'p50 ms': bare.latency.p50, 'p99 ms': bare.latency.p99, errors: bare.non2xx + bare.errors },
      'scoreboard, one at a time': { 'req/s': Math.round(rate(boardLatency)), 'p50 ms': boardLatency.latency.p50, 'p99 ms': boardLatency.latency.p99, errors: boardLatency.non2xx + boardLatency.errors },
      'scoreboard, 20 connections': { 'req/s': Math.round(rate(boardThroughput)), 'p50 ms': boardThroughput.latency.p50, 'p99 ms': boardThroughput.latency.p99, errors: boardThroughput.non2xx + boardThroughput.errors },
      'graded submissions (durable)': { 'req/s': Math.round(submitted), 'p50 ms': submissions.latency.p50, 'p99 ms': submissions.latency.p99, errors: submissions.non2xx + submissions.errors },
    });
    console.log('submission status codes:', JSON.stringify((submissions as unknown as { statusCodeStats: unknown }).statusCodeStats));
    console.log(`submissions stored during the run: ${after.count - before.count} (acknowledged: ${submissions['2xx']})`);
    console.log(`graded submissions / bare route = ${(submitted / rate(bare)).toFixed(3)} (target at least 0.200)`);
    console.log(`scoreboard p50 ${boardLatency.latency.p50} ms (target < 10), p99 ${boardLatency.latency.p99} ms (target < 50)`);
  } finally {
    for (const child of children) child.kill(process.env.BENCH_PROFILE ? 'SIGINT' : 'SIGKILL');
    if (process.env.BENCH_PROFILE) await new Promise((resolve) => setTimeout(resolve, 2_000));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
