/**
 * Evidence as SQL tables (issue #13): every artefact of a trainee's lab variant, parsed into typed rows by
 * its evidence entry's parser, written into one DuckDB file that the SQL console then opens read-only.
 * The build runs on a worker thread of its own (build-tables-worker.ts, write-tables.ts): parsing a large
 * artefact is seconds of CPU that would otherwise hold up every other request.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../../lib/worker-thread.ts';
import type { TableDeclaration } from '../tables/registry.ts';
import type { ColumnType } from '../tables/types.ts';

/** One artefact to turn into tables: its text, or the file that holds it (read on the build's thread). */
export interface ArtefactToTabulate {
  /** The lab's evidence id, e.g. "auth-log". */
  evidenceId: string;
  /** Its title, for descriptions. */
  title: string;
  /** The artefact's text; or give `path`. */
  text?: string;
  /** The artefact's file: an access log given as a file is read by DuckDB itself, whatever its size. */
  path?: string;
  /** The evidence entry's `table` field as parsed by the lab schema. */
  table: TableDeclaration & { zone: string; year?: number };
}

/** How a build reads; the defaults are for the server. */
export interface BuildOptions {
  /**
   * Whether formats DuckDB can read itself (the access log) are read by SQL rather than by their
   * JavaScript parser; both give the same tables. Default true.
   */
  sqlReaders?: boolean;
  /** DuckDB's threads for the build; default one per core, at most four. */
  threads?: number;
}

/** A table as written to the file, for the console's table view and completion. */
export interface BuiltTable {
  name: string;
  evidenceId: string;
  description: string;
  /** `line` first, then the parser's columns. */
  columns: { name: string; type: ColumnType | 'line'; description: string }[];
  rows: number;
}

/** What a build wrote, and the lines it could not read. */
export interface TablesManifest {
  tables: BuiltTable[];
  problems: { evidenceId: string; line: number; reason: string }[];
}

/** What the main thread asks a build worker: a build, or its answer to the build's progress. */
export type BuildCommand =
  | { type: 'build'; file: string; artefacts: ArtefactToTabulate[]; options: BuildOptions }
  | { type: 'continue' }
  | { type: 'stop' };

/** What a build worker says: its progress (answered with go on or stop), then its manifest or its failure. */
export type BuildMessage =
  | { type: 'progress'; done: number; total: number }
  /** How far DuckDB's read of a large artefact is, told every PROGRESS_POLL_MS without waiting for an answer. */
  | { type: 'reading'; done: number; total: number }
  | { type: 'done'; manifest: TablesManifest }
  | { type: 'failed'; message: string };

/** Build workers kept for the next build: starting one (and loading DuckDB in it) takes about a second. */
const MAX_IDLE_WORKERS = 2;
/** An idle worker ends after this long, and its memory with it. */
const IDLE_WORKER_MS = 60_000;
/** Idle workers, with the timer that ends each and the listener that forgets one that ended. */
const idleWorkers = new Map<Worker, { timer: NodeJS.Timeout; onExit: () => void }>();

/** The build worker's module, started by startWorkerThread (bundled or from the sources). */
const WORKER_MODULE = new URL('./build-tables-worker.ts', import.meta.url);

function takeWorker(): Worker {
  const [idle] = idleWorkers;
  if (!idle) return startWorkerThread(WORKER_MODULE);
  const [worker, { timer, onExit }] = idle;
  clearTimeout(timer);
  worker.off('exit', onExit);
  idleWorkers.delete(worker);
  worker.ref();
  return worker;
}

/** Keeps a worker that finished a build for the next one, without keeping the process alive for it. */
function releaseWorker(worker: Worker): void {
  if (idleWorkers.size >= MAX_IDLE_WORKERS) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    idleWorkers.delete(worker);
    void worker.terminate();
  }, IDLE_WORKER_MS);
  timer.unref();
  const onExit = () => {
    clearTimeout(timer);
    idleWorkers.delete(worker);
  };
  worker.once('exit', onExit);
  idleWorkers.set(worker, { timer, onExit });
}

/**
 * Builds every artefact's tables into a new DuckDB file at `file`, on a worker thread, atomically (a temp
 * name, then rename; a failure leaves nothing at `file`, and an earlier build there stays as it was).
 * `onProgress` is called after each artefact with the bytes of artefact written so far and in all, and while
 * DuckDB reads a large artefact with its share read so far; when it throws, the build stops (at the end of
 * the artefact being written) and fails with its error.
 */
export function buildTables(
  file: string,
  artefacts: ArtefactToTabulate[],
  onProgress?: (done: number, total: number) => void,
  options: BuildOptions = {},
): Promise<TablesManifest> {
  return new Promise((resolve, reject) => {
    const worker = takeWorker();
    let settled = false;
    let stoppedBy: unknown;
    // Set below, once the listeners it removes exist; they call it only on later events.
    let settle: (finish: () => void, reusable: boolean) => void;
    const onMessage = (message: BuildMessage) => {
      if (message.type === 'reading' || message.type === 'progress') {
        try {
          onProgress?.(message.done, message.total);
        } catch (error) {
          stoppedBy ??= error;
        }
        // A report from within an artefact awaits no answer: a stop asked for then is answered at its end.
        if (message.type === 'progress')
          worker.postMessage({ type: stoppedBy === undefined ? 'continue' : 'stop' } satisfies BuildCommand);
      } else if (message.type === 'done') settle(() => resolve(message.manifest), true);
      else settle(() => reject(stoppedBy ?? new Error(message.message)), true);
    };
    const onError = (error: Error) => settle(() => reject(error), false);
    const onExit = (code: number) =>
      settle(() => reject(new Error(`The table build stopped (exit code ${code}).`)), false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    settle = (finish, reusable) => {
      if (settled) return;
      settled = true;
      // Only this build's listeners: the worker's own keep its port working.
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (reusable) releaseWorker(worker);
      else void worker.terminate();
      finish();
    };
    worker.postMessage({ type: 'build', file, artefacts, options } satisfies BuildCommand);
  });
}
