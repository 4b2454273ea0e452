// A real Casebench server in a child process on a free loopback port, as `npm start` runs it: for the
// tests that need a real process (kills, restarts, signals, several processes on one database), the
// browser tests and the benchmarks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAs } from './read.ts';

/** The repository root, where the server is run from. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A free loopback port, found by letting the OS choose one. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const BUILD_LOCK = join(ROOT, 'web/.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Waits for the build lock: test files run in parallel workers, and two builds into web/dist (or
 * dist/server) corrupt each other. One lock for both builds: they are quick once built.
 */
function acquireBuildLock(): void {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run would block every later run.
      const held = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('waited ten minutes for another build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

/** Runs a build script with --if-stale under the build lock, as npm start runs it. */
function buildIfStale(script: string, what: string): void {
  acquireBuildLock();
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', script, '--if-stale'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`the ${what} build failed`);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Builds the front end once if its build is missing or older than its sources (as npm start does). */
export function ensureWebBuild(): void {
  buildIfStale('scripts/build-web.ts', 'front-end');
}

/** Builds the compiled server (dist/server) once if it is missing or older than its sources (as npm start does). */
export function ensureServerBuild(): void {
  buildIfStale('scripts/build-server.ts', 'server');
}

/** The compiled server, which npm start runs. */
export const COMPILED_SERVER = 'dist/server/main.js';

/**
 * The arguments npm start gives node for the compiled server (its flags, then the bundle), read from
 * package.json's start script: the compiled server here runs exactly as in production.
 */
function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = scripts.start.split('&&').at(-1)!.trim().split(/\s+/u);
  if (command[0] !== 'node' || command.at(-1) !== COMPILED_SERVER)
    throw new Error(`npm start no longer ends with "node ... ${COMPILED_SERVER}": ${scripts.start}`);
  return command.slice(1);
}

/** Every child process started here and not yet exited, so a failing test cannot leave one behind. */
const running = new Set<ChildProcess>();
// A last resort when the test worker itself goes away before its afterAll hooks ran.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerOptions {
  /** Default: a fresh database in the server's own temporary folder, which dispose() removes. */
  databasePath?: string;
  /** Default: cache/ in that temporary folder. */
  cacheDir?: string;
  /** Default: the shipped labs/. */
  labsDir?: string;
  /** More environment for the server (CASEBENCH_DEMO_ACTIVITY, CASEBENCH_ADMIN_PASSWORD, ...). */
  env?: Record<string, string>;
  /** Node's own flags, before the script (the benchmark's --cpu-prof). */
  nodeFlags?: string[];
  /** Default: the Casebench server; the benchmark's bare reference server is started the same way. */
  script?: string;
  /**
   * Run the compiled server (dist/server/main.js, built first if stale) with no TypeScript loader, as
   * `npm start` does, instead of its sources through tsx. Not with `script`, which is TypeScript.
   */
  compiled?: boolean;
}

/**
 * A real server process on a free loopback port, started with `node --import tsx <script>`, or as
 * `node dist/server/main.js` when `compiled`.
 */
export class ServerProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly url: string,
    /** The environment the server was started with (CASEBENCH_DB is its database). */
    readonly env: Record<string, string>,
    /** The temporary folder this server owns, if it was given no database or cache folder. */
    private readonly ownDir: string | undefined,
    readonly child: ChildProcess,
  ) {
    running.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        running.delete(child);
        resolve();
      }),
    );
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts a server and waits until it says it is listening; a server that fails to start is cleaned up. */
  static async start(options: ServerOptions = {}): Promise<ServerProcess> {
    if (options.compiled && options.script !== undefined)
      throw new Error('a compiled server runs the Casebench bundle: a script is started through tsx');
    if (options.compiled) ensureServerBuild();
    const ownDir =
      options.databasePath === undefined || options.cacheDir === undefined
        ? await mkdtemp(join(tmpdir(), 'casebench-server-'))
        : undefined;
    const port = await freePort();
    const env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      CASEBENCH_DB: options.databasePath ?? join(ownDir!, 'casebench.db'),
      CASEBENCH_CACHE: options.cacheDir ?? join(ownDir!, 'cache'),
      CASEBENCH_LABS: options.labsDir ?? 'labs',
      CASEBENCH_DEMO: '1',
      ...options.env,
    };
    const entry = options.compiled ? startArguments() : ['--import', 'tsx', options.script ?? 'server/main.ts'];
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...entry], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(`http://127.0.0.1:${port}`, env, ownDir, child);
    try {
      await server.waitUntilListening();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  private waitUntilListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.child.stdout!.off('data', onData);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => done(new Error(`the server did not start within 30 s:\n${this.output}`)), 30_000);
      const onData = () => {
        if (this.output.includes('listening on')) done();
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        done(new Error(`the server exited (${code ?? signal}) before listening:\n${this.output}`));
      this.child.stdout!.on('data', onData);
      this.child.once('exit', onExit);
    });
  }

  /** Signs in over HTTP and returns a request function that fails loudly on an error status. */
  async signedInApi(username: string, password: string) {
    const agent = await new HttpAgent(this.url).signIn(username, password);
    return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await agent.json<T>(method, path, body);
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
  }

  /** Everything the server printed so far. */
  log(): string {
    return this.output;
  }

  /** Sends the signal (SIGTERM: a clean shutdown) and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }

  /** Kills the process at once, as a crash or a power cut would, and waits until it is gone. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  /** Kills the process and removes the temporary folder it owns. */
  async dispose(): Promise<void> {
    await this.kill();
    if (this.ownDir) await rm(this.ownDir, { recursive: true, force: true });
  }
}

/** Kills every server still running (including one still starting); for afterEach and afterAll. */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * A client of a real server over HTTP, keeping its session cookie and sending the Origin a browser would.
 * A body that is not JSON reads as undefined.
 */
export class HttpAgent {
  cookie = '';

  constructor(public baseUrl: string) {}

  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', origin: this.baseUrl };
    if (this.cookie) headers.cookie = this.cookie;
    const answer = await readAs<T>(
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const cookie = answer.headers.getSetCookie()[0]?.split(';')[0];
    if (cookie !== undefined) this.cookie = cookie.endsWith('=') ? '' : cookie;
    return { status: answer.status, body: answer.body };
  }

  /** Signs in, failing loudly. */
  async signIn(username: string, password: string): Promise<this> {
    const response = await this.json('POST', '/api/auth/login', { username, password });
    if (response.status !== 200)
      throw new Error(`sign-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}
