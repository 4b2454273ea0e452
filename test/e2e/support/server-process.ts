import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

const BUILD_LOCK = 'web/.build-lock';
const STALE_LOCK_MS = 5 * 60_000;

/** Waits for the build lock: test files run in parallel workers, and two builds into web/dist at once corrupt each other. */
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
      if (Date.now() > deadline) throw new Error('waited ten minutes for another front-end build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

/** Builds the front end once if its build is missing or older than its sources (as npm start does). */
export function ensureWebBuild(): void {
  acquireBuildLock();
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--if-stale'], {
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('the front-end build failed');
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** A real Casebench server process on a free loopback port with its own temporary database. */
export class ServerProcess {
  private output = '';

  private constructor(
    readonly url: string,
    readonly dir: string,
    readonly env: Record<string, string>,
    private child: ChildProcess,
  ) {}

  static async start(options: { labsDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
    const dir = await mkdtemp(join(tmpdir(), 'casebench-e2e-'));
    const port = await freePort();
    const env = {
      HOST: '127.0.0.1',
      PORT: String(port),
      CASEBENCH_DB: join(dir, 'casebench.db'),
      CASEBENCH_CACHE: join(dir, 'cache'),
      CASEBENCH_LABS: options.labsDir ?? 'labs',
      CASEBENCH_DEMO: '1',
      ...options.env,
    };
    const server = new ServerProcess(`http://127.0.0.1:${port}`, dir, env, ServerProcess.spawn(env));
    await server.waitUntilListening();
    return server;
  }

  private static spawn(env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  private waitUntilListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('Casebench listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** Signs in over HTTP and returns a request function with the session cookie (and the Origin the CSRF rule wants). */
  async signedInApi(username: string, password: string) {
    const headers = { 'content-type': 'application/json', origin: this.url };
    const login = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username, password }),
    });
    if (!login.ok) throw new Error(`sign-in as ${username}: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: { ...headers, cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
  }

  /** Everything the server printed so far. */
  log(): string {
    return this.output;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }

  /** Starts the server again on the same database and port. */
  async restart(): Promise<void> {
    await this.stop();
    this.output = '';
    this.child = ServerProcess.spawn(this.env);
    await this.waitUntilListening();
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}
