// A real server under attack by patterns that backtrack catastrophically on a backtracking engine:
// ten trainees send pathological evidence searches and answers to a pathological answer pattern as
// fast as they are answered, while a monitor checks that /api/health stays about as fast as on the
// idle server just before. Through real HTTP and a separate server process, because what is measured
// is the event loop of that process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/services/demo/seed.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { pathologicalLog, replaceEvidence } from './evidence-search.fixture.ts';
import { HttpAgent, killAllServers, ServerProcess } from '../helpers/server-process.ts';

const CLIENTS = 10;
const IDLE_MS = 3_000;
const ATTACK_MS = 8_000;
/**
 * How many times the idle median health latency the median under attack may be. Served by a free
 * event loop, the attack costs two to three times, on a busy two-core machine too; with the searches
 * run on the main thread instead of the worker it cost eighteen times (and a backtracking engine
 * stops the event loop outright).
 */
const SLOWDOWN_LIMIT = 10;
const LAB = 'safety-lab';
const PASSWORD = 'correct horse battery staple';
/** Answers to this pattern that do not end in ! cost a backtracking engine 2^n steps. */
const ANSWER_PATTERN = '(\\w|\\d)*!';
const SEARCHES = ['(.|.)*QQQ', '(a|a)*$', '(\\w|\\d)*!'];
const demoPassword = (username: string) => DEMO_ACCOUNTS.find((account) => account.username === username)!.password;

let dir: string;
let fixture: LabFixture;
let server: ServerProcess;
let trainees: HttpAgent[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casebench-pattern-safety-'));
  fixture = await LabFixture.create();
  await fixture.addLab(LAB);
  await replaceEvidence(fixture, LAB, pathologicalLog);
  await fixture.edit(
    LAB,
    '        - 192.0.2.15',
    `        - 192.0.2.15
  - id: tool-output
    title: Tool output
    prompt: What did the tool print?
    points: 5
    answer: { kind: regex, pattern: '${ANSWER_PATTERN}', example: 'done!' }`,
  );
  server = await ServerProcess.start({
    databasePath: join(dir, 'casebench.db'),
    cacheDir: join(dir, 'cache'),
    labsDir: fixture.labsDir,
    env: { CASEBENCH_DEMO_ACTIVITY: '0' },
  });

  // Ten trainees of their own, in the demo cohort (which has every loaded lab assigned).
  const admin = await new HttpAgent(server.url).signIn('admin', demoPassword('admin'));
  const instructor = await new HttpAgent(server.url).signIn('instructor', demoPassword('instructor'));
  const cohorts = await instructor.json<{ cohorts: { joinCode: string }[] }>('GET', '/api/cohorts');
  const joinCode = cohorts.body.cohorts[0]!.joinCode;
  trainees = [];
  for (let i = 0; i < CLIENTS; i++) {
    const username = `attacker${i}`;
    const created = await admin.json('POST', '/api/users', {
      username,
      displayName: `Attacker ${i}`,
      password: PASSWORD,
      role: 'trainee',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const trainee = await new HttpAgent(server.url).signIn(username, PASSWORD);
    expect((await trainee.json('POST', '/api/cohorts/join', { code: joinCode })).status).toBe(200);
    trainees.push(trainee);
  }
}, 120_000);
afterAll(async () => {
  await killAllServers();
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const searchPath = (query: string) =>
  `/api/labs/${LAB}/evidence/auth-log/search?regex=1&q=${encodeURIComponent(query)}`;

/**
 * Health latencies measured by a process of its own, one request after another every 20 ms: in this
 * process the ten attacking clients would delay the measurement itself.
 */
const MONITOR = `
const { request } = require('node:http');
const [url, duration] = process.argv.slice(1);
const latencies = [];
const until = performance.now() + Number(duration);
const once = () => new Promise((resolve, reject) => {
  const started = performance.now();
  request(url + '/api/health', (response) => {
    response.resume();
    response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error('health answered ' + response.statusCode))));
  }).on('error', reject).end();
});
(async () => {
  while (performance.now() < until) {
    latencies.push(await once());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(JSON.stringify(latencies));
})();
`;

/** The middle of latencies sorted from fastest to slowest. */
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;

async function healthLatencies(durationMs: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', MONITOR, server.url, String(durationMs)]);
  return (JSON.parse(stdout) as number[]).sort((a, b) => a - b);
}

describe('a server attacked with pathological patterns', () => {
  it(`keeps /api/health p50 within ${SLOWDOWN_LIMIT} times its idle p50 while ${CLIENTS} trainees send pathological searches and answers`, async () => {
    // The first search starts the search worker; the measurement is about the attack, not start-up.
    expect((await trainees[0]!.json('GET', searchPath('QQQ'))).status).toBe(200);
    // The yardstick: the same monitor on this machine at this moment, with nobody else asking.
    const idle = await healthLatencies(IDLE_MS);

    const statuses = { search: new Map<number, number>(), answer: new Map<number, number>() };
    const count = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
    const completeSearches: boolean[] = [];
    let attacking = true;
    const attackers = trainees.map(async (trainee, client) => {
      for (let round = 0; attacking; round++) {
        const query = SEARCHES[(client + round) % SEARCHES.length]!;
        const search = await trainee.json<{ truncated?: boolean; matches?: unknown[] }>('GET', searchPath(query));
        count(statuses.search, search.status);
        if (search.status === 200 && query === '(.|.)*QQQ')
          completeSearches.push(search.body.truncated === false && search.body.matches?.length === 1);
        const answer = await trainee.json('POST', `/api/labs/${LAB}/tasks/tool-output/submissions`, {
          answer: `${'a1'.repeat(60)}${round}`,
        });
        count(statuses.answer, answer.status);
      }
    });

    const latencies = await healthLatencies(ATTACK_MS);
    attacking = false;
    await Promise.all(attackers);

    const p50 = median(latencies);
    const idleP50 = median(idle);
    expect(
      p50 / idleP50,
      `health latencies (ms): p50 ${p50.toFixed(1)}, max ${latencies.at(-1)!.toFixed(1)} over ${latencies.length} requests; idle p50 ${idleP50.toFixed(1)}`,
    ).toBeLessThan(SLOWDOWN_LIMIT);

    // The attack really ran: graded answers, and pathological searches answered completely.
    expect(statuses.answer.get(201) ?? 0, JSON.stringify([...statuses.answer])).toBeGreaterThanOrEqual(CLIENTS);
    expect(completeSearches.length, JSON.stringify([...statuses.search])).toBeGreaterThanOrEqual(CLIENTS / 2);
    expect(completeSearches.every(Boolean)).toBe(true);
    // Anything refused was refused by the limits, never by a failure.
    for (const status of [...statuses.search.keys(), ...statuses.answer.keys()])
      expect([200, 201, 429, 503]).toContain(status);
  }, 120_000);
});
