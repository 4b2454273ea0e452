import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../e2e/support/server-process.ts';

/** The repository root, where `server/main.ts` is run from. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every server process started by a test and not yet exited, so a failing test cannot leave one behind. */
const running = new Set<ChildProcess>();
// A last resort when the test worker itself goes away before its afterAll hooks ran.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerOptions {
  databasePath: string;
  cacheDir: string;
  labsDir: string;
}

/** A real Casebench server: `node --import tsx server/main.ts`, as `npm start` runs it. */
export class ServerProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts a server and waits until it says it is listening. */
  static async start(options: ServerOptions): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        CASEBENCH_DB: options.databasePath,
        CASEBENCH_CACHE: options.cacheDir,
        CASEBENCH_LABS: options.labsDir,
        CASEBENCH_DEMO: '1',
        // These tests count answers and points from a clean start.
        CASEBENCH_DEMO_ACTIVITY: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within 30 s:\n${server.output.join('')}`)),
        30_000,
      );
      const onData = (chunk: Buffer) => {
        server.output.push(chunk.toString());
        if (server.output.join('').includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening:\n${server.output.join('')}`));
      });
    });
    return server;
  }

  /** Kills the process at once, as a crash or a power cut would, and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Kills every server still running; for afterEach and afterAll. */
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

/** A client of a real server over HTTP, keeping its session cookie. */
export class HttpAgent {
  cookie = '';

  constructor(public baseUrl: string) {}

  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
    if (cookie !== undefined) this.cookie = cookie.endsWith('=') ? '' : cookie;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T };
  }

  /** Signs in, failing loudly. */
  async signIn(username: string, password: string): Promise<this> {
    const response = await this.json('POST', '/api/auth/login', { username, password });
    if (response.status !== 200)
      throw new Error(`sign-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}
