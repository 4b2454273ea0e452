import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import { createApp, type AppType } from '../../server/app.ts';
import { openDatabase, type Db } from '../../server/db/client.ts';
import { loadLibrary, type LabLibrary } from '../../server/labs/loader.ts';
import { createUser } from '../../server/services/accounts/accounts.ts';
import { assignToCohort, createCohort, joinCohort } from '../../server/services/cohorts/cohorts.ts';
import type { Actor, ServiceContext } from '../../server/services/context.ts';
import { createServices } from '../../server/services/create-services.ts';
import { ManualClock } from './manual-clock.ts';
import { type Read, readAs } from './read.ts';

export const TEST_PASSWORD = 'correct horse battery';

/** A signed-in (or anonymous) browser: keeps its session cookie and talks through the typed client. */
export class Agent {
  cookie = '';
  /** The typed client of the API, rooted at /api as the web client is: `agent.api.cohorts.$post(...)`. */
  readonly api: ReturnType<typeof hc<AppType>>['api'];

  constructor(
    private readonly app: AppType,
    readonly user?: Actor,
  ) {
    this.api = hc<AppType>('http://casebench.test', {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => this.request(input, init),
    }).api;
  }

  /** A raw request with this agent's cookie; JSON content type for bodies, as the web client sends. */
  async request(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const url =
      typeof input === 'string' || input instanceof URL ? new URL(input, 'http://casebench.test') : new URL(input.url);
    const response = await this.app.request(url.pathname + url.search, { ...init, method, headers });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    return response;
  }

  /**
   * An untyped JSON request by path, for tests that probe routes with input the typed client would
   * not let them send (malformed bodies, odd ids, raw paths); the happy paths go through `api`.
   */
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<Read<T>> {
    return readAs<T>(
      this.request(path, {
        method,
        body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
      }),
    );
  }
}

/** A fresh app on a fresh SQLite file, with the labs of a folder and a clock tests can move. */
export class Harness {
  private constructor(
    readonly dir: string,
    readonly db: Db,
    readonly library: LabLibrary,
    readonly services: ServiceContext,
    readonly app: AppType,
    /** The app's clock: time moves only when the test moves it. */
    readonly clock: ManualClock,
  ) {}

  /** `withoutLabs` for tests that need no lab (accounts, sessions): the app is then cheap to build. */
  static async create(options: { labsDir?: string; withoutLabs?: boolean } = {}): Promise<Harness> {
    const dir = await mkdtemp(join(tmpdir(), 'casebench-test-'));
    const db = openDatabase(join(dir, 'casebench.db'));
    const library: LabLibrary = options.withoutLabs
      ? { labs: new Map(), courses: new Map(), failures: [] }
      : await loadLibrary(options.labsDir ?? 'labs');
    const clock = new ManualClock(new Date('2024-04-01T09:00:00Z'));
    // Test accounts hash at N=2^10 instead of 2^15: thousands of them, and verification reads the cost from each hash.
    const services = createServices(db, library, {
      cacheDir: join(dir, 'cache'),
      clock,
      passwordCost: 10,
    });
    return new Harness(dir, db, library, services, createApp(services), clock);
  }

  now(): Date {
    return this.clock.now();
  }

  /** How many rows of a table match a condition: what tests check to prove nothing was written. */
  count(table: string, where = '1 = 1', ...params: unknown[]): number {
    return (
      this.db.$client.prepare(`select count(*) as count from ${table} where ${where}`).get(...params) as {
        count: number;
      }
    ).count;
  }

  /**
   * The rows each query reads, by name: what a test compares before and after requests that must
   * change nothing (`harness.snapshot({ cohorts: 'select * from cohorts' })`).
   */
  snapshot(queries: Record<string, string>): Record<string, unknown[]> {
    return Object.fromEntries(Object.entries(queries).map(([name, sql]) => [name, this.db.$client.prepare(sql).all()]));
  }

  /**
   * Moves the clock forward, running the timers that fall due (stream notices, heartbeats, session
   * rechecks). Await it when a stream is open; with no timer due the time moves at once.
   */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  async user(username: string, role: Actor['role'] = 'trainee'): Promise<Actor> {
    return createUser(
      this.services,
      { username, displayName: `${username} display`, role, password: TEST_PASSWORD },
      null,
    );
  }

  /** An agent signed in as the user (created with the test password). */
  async signIn(user: Actor, password = TEST_PASSWORD): Promise<Agent> {
    const agent = new Agent(this.app, user);
    const response = await agent.json('POST', '/api/auth/login', { username: user.username, password });
    if (response.status !== 200) throw new Error(`sign-in as ${user.username} failed: ${response.text}`);
    return agent;
  }

  anonymous(): Agent {
    return new Agent(this.app);
  }

  /** A cohort run by the instructor, with the trainees in it and the labs assigned. */
  async cohort(
    instructor: Actor,
    trainees: Actor[],
    labIds: string[],
    window: { opensAt?: Date; closesAt?: Date } = {},
  ) {
    const cohort = await createCohort(this.services, instructor, { name: `Cohort of ${instructor.username}` });
    // Trainees join with the code, as in class: only administrators add trainees by name.
    for (const trainee of trainees) await joinCohort(this.services, trainee, cohort.joinCode);
    for (const labId of labIds) await assignToCohort(this.services, instructor, cohort.id, { labId, ...window });
    return cohort;
  }

  async dispose(): Promise<void> {
    this.db.$client.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
