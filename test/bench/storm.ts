/**
 * The storm: BENCH_STREAMS open event streams on the cohort's board (default 3,000, held by its
 * trainees; more streams than sessions share sessions, which the server allows), while correct answers
 * arrive at BENCH_STORM_RATE solves per second (default 10) for BENCH_STORM_SECONDS (default 30).
 *
 * The solvers ("racers") are up to 20 trainees who start with every seeded task solved, so that each
 * storm solve (a task added for the storm) puts its solver among the first 20 rows: every viewer's
 * board, refetched at the page's 25 rows, then shows the new points, and a stale board can be told
 * from a fresh one. Each racer answers one at a time, so the points a solve gives are known.
 *
 * Measured: per solve, the time from its 201 until every stream's board shows it (see
 * storm-streams.ts); the answers' own latency; GET /api/health, one at a time every 100 ms throughout.
 */
import { Agent, request } from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LAB, SESSIONS, TASKS, namesOf, solvedTasksOf, userIdOfToken } from './bench-cohort.ts';
import type { StormCommand, StormRacer, StormReport, StormStreamsInput, StormStreamsResult } from './storm-streams.ts';

export const STREAMS = Number(process.env.BENCH_STREAMS ?? 3_000);
export const STORM_SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 30);
const SOLVES_PER_SECOND = Number(process.env.BENCH_STORM_RATE ?? 10);
/** The scoreboard page lists 25 rows unless asked for more; racers must all fit in them. */
const BOARD_ROWS = 25;
const MAX_RACERS = 20;
/** Keep-alive connections the viewers' refetches share (a browser would have one each). */
const REFETCH_SOCKETS = Number(process.env.BENCH_REFETCH_SOCKETS ?? 500);
/**
 * Processes the viewers are spread over. In a class each board is read by its own browser on its own
 * machine; here one process reading 3,000 boards several times a second would be the slowest part.
 */
const VIEWER_PROCESSES = Math.max(1, Number(process.env.BENCH_VIEWER_PROCESSES ?? 2));
/** How long after the last solve the viewers may take to reflect it before it counts as never reflected. */
const GRACE_MS = 15_000;

/** Session tokens (by index) of trainees who start with the top score: every seeded task solved. */
const racerTokens = Array.from({ length: SESSIONS }, (_, index) => index)
  .filter((index) => solvedTasksOf(userIdOfToken(index)) === TASKS)
  .slice(0, MAX_RACERS);

/** Tasks the lab needs beyond the seeded ones, so that every racer has enough unsolved ones for the storm. */
export const STORM_TASKS = Math.ceil((SOLVES_PER_SECOND * STORM_SECONDS) / Math.max(1, racerTokens.length)) + 2;

export interface StormResult {
  streams: StormStreamsResult & { opened: number; failed: number; openMs: number };
  /** Solves acknowledged (201, correct), and answers that were not. */
  solved: number;
  answerFailures: number;
  /** Latency of each acknowledged answer (ms). */
  answerLatencies: number[];
  healthLatencies: number[];
  /** Seconds from the first answer sent to the last; and to the last acknowledgement. */
  sendSeconds: number;
  seconds: number;
}

const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request on a keep-alive agent: its status and body. */
function send(
  agent: Agent,
  url: string,
  options: { method?: string; cookie?: string; body?: unknown },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

export async function runStorm(url: string, cohortId: number, tokens: string[]): Promise<StormResult> {
  const racers: (StormRacer & { cookie: string; nextTask: number; busy: boolean })[] = racerTokens.map((index) => ({
    userId: userIdOfToken(index),
    ...namesOf(userIdOfToken(index)),
    points: TASKS * 10,
    cookie: `casebench_session=${tokens[index]}`,
    nextTask: TASKS + 1,
    busy: false,
  }));
  if (racers.length === 0) throw new Error('the storm needs a trainee with every seeded task solved');
  const base: Omit<StormStreamsInput, 'firstViewer' | 'streams'> = {
    url,
    cohortId,
    tokens,
    racers: racers.map(({ userId, name, pseudonym, points }) => ({ userId, name, pseudonym, points })),
    boardRows: BOARD_ROWS,
    refetchSockets: Math.ceil(REFETCH_SOCKETS / VIEWER_PROCESSES),
  };
  const processes = Array.from({ length: VIEWER_PROCESSES }, (_, index) => {
    const firstViewer = Math.floor((STREAMS * index) / VIEWER_PROCESSES);
    const streams = Math.floor((STREAMS * (index + 1)) / VIEWER_PROCESSES) - firstViewer;
    return new ViewerProcess({ ...base, firstViewer, streams });
  });
  const command = (message: StormCommand) => {
    for (const each of processes) each.send(message);
  };

  try {
    const opens = await Promise.all(processes.map((each) => each.next('open')));
    const open = {
      opened: opens.reduce((sum, each) => sum + each.opened, 0),
      failed: opens.reduce((sum, each) => sum + each.failed, 0),
      ms: Math.max(...opens.map((each) => each.ms)),
    };
    console.log(`storm: ${open.opened} of ${STREAMS} streams open in ${(open.ms / 1000).toFixed(1)} s`);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const answerLatencies: number[] = [];
    const healthLatencies: number[] = [];
    let answerFailures = 0;
    let solved = 0;
    let running = true;

    const checkHealth = async () => {
      while (running) {
        const started = clock();
        const response = await send(agent, `${url}/api/health`, {}).catch(() => undefined);
        if (response?.status === 200) healthLatencies.push(clock() - started);
        await sleep(100);
      }
    };
    const answer = async (racer: (typeof racers)[number]) => {
      racer.busy = true;
      const task = racer.nextTask++;
      const started = clock();
      try {
        const response = await send(agent, `${url}/api/labs/${LAB}/tasks/finding-${task}/submissions`, {
          method: 'POST',
          cookie: racer.cookie,
          body: { answer: `answer-${task}` },
        });
        const ackAt = clock();
        const outcome =
          response.status === 201 ? (JSON.parse(response.body) as { submission: { verdict: string } }) : undefined;
        if (outcome?.submission.verdict !== 'correct') {
          answerFailures++;
          return;
        }
        answerLatencies.push(ackAt - started);
        solved++;
        racer.points += 10;
        command({ type: 'solve', racer: racers.indexOf(racer), points: racer.points, ackAt });
      } catch {
        answerFailures++;
      } finally {
        racer.busy = false;
      }
    };

    let turn = 0;
    const nextRacer = () => {
      for (let offset = 0; offset < racers.length; offset++) {
        const racer = racers[(turn + offset) % racers.length]!;
        if (!racer.busy && racer.nextTask <= TASKS + STORM_TASKS) return racer;
      }
      return undefined;
    };
    const health = checkHealth();
    const total = Math.round(SOLVES_PER_SECOND * STORM_SECONDS);
    const started = clock();
    const answers: Promise<void>[] = [];
    for (let index = 0; index < total; index++) {
      const due = started + (index * 1000) / SOLVES_PER_SECOND;
      if (due > clock()) await sleep(due - clock());
      // The next racer not waiting for an answer; if all are, the rate falls behind (reported).
      let racer = nextRacer();
      while (!racer) {
        await sleep(5);
        racer = nextRacer();
      }
      turn = racers.indexOf(racer) + 1;
      answers.push(answer(racer));
    }
    // The last answer's own interval counts: n answers at the rate take n / rate seconds.
    const sendSeconds = (clock() - started) / 1000 + 1 / SOLVES_PER_SECOND;
    await Promise.all(answers);
    const seconds = (clock() - started) / 1000;
    running = false;
    await health;
    agent.destroy();
    command({ type: 'finish', graceMs: GRACE_MS });
    const results = (await Promise.all(processes.map((each) => each.next('result')))).map((each) => each.result);
    const result: StormStreamsResult = {
      // A solve is reflected on every stream when it is on the last stream of every process.
      solveLatencies: results[0]!.solveLatencies.map((_, index) => {
        const each = results.map((one) => one.solveLatencies[index] ?? null);
        return each.includes(null) ? null : Math.max(...(each as number[]));
      }),
      viewerLatencies: results.flatMap((each) => each.viewerLatencies),
      eventsWithRows: results.reduce((sum, each) => sum + each.eventsWithRows, 0),
      notices: results.reduce((sum, each) => sum + each.notices, 0),
      refetches: results.reduce((sum, each) => sum + each.refetches, 0),
      refetchErrors: results.reduce((sum, each) => sum + each.refetchErrors, 0),
      drops: results.reduce((sum, each) => sum + each.drops, 0),
    };
    return {
      streams: { ...result, opened: open.opened, failed: open.failed, openMs: open.ms },
      solved,
      answerFailures,
      answerLatencies,
      healthLatencies,
      sendSeconds,
      seconds,
    };
  } finally {
    for (const each of processes) each.kill();
  }
}

/** One child process of viewers (storm-streams.ts): its reports as they come, and its commands. */
class ViewerProcess {
  private readonly child;
  private readonly reports: StormReport[] = [];
  private reported = () => {};
  private readonly failure: Promise<never>;

  constructor(input: StormStreamsInput) {
    this.child = fork(fileURLToPath(new URL('./storm-streams.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    this.child.on('message', (report: StormReport) => {
      this.reports.push(report);
      this.reported();
    });
    this.failure = new Promise<never>((_, reject) => {
      this.child.once('error', reject);
      // 'close', not 'exit': the result may still be in the channel when the process has exited.
      this.child.once('close', (code) => {
        if (!this.reports.some((report) => report.type === 'result'))
          reject(new Error(`the storm's viewers exited (${code}) before reporting`));
      });
    });
    // Observed here, so that a failure while nobody waits on it is not an unhandled rejection.
    this.failure.catch(() => {});
    this.send({ type: 'start', input });
  }

  send(command: StormCommand): void {
    this.child.send(command);
  }

  async next<T extends StormReport['type']>(type: T): Promise<Extract<StormReport, { type: T }>> {
    for (;;) {
      const found = this.reports.find((report) => report.type === type);
      if (found) return found as Extract<StormReport, { type: T }>;
      await Promise.race([new Promise<void>((resolve) => (this.reported = resolve)), this.failure]);
    }
  }

  kill(): void {
    this.child.kill();
  }
}
