import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { startWorkerThread } from '../lib/worker-thread.ts';
import { EvidenceQueryError, type SearchOptions, type SearchResult } from './search.ts';
import type { SearchReply, SearchRequest } from './search-worker.ts';

/**
 * Evidence searches run on worker threads, never on the main thread: a search reads up to a
 * gigabyte and runs a trainee's pattern, and even in linear time that is a second of CPU that
 * would otherwise delay every other request. One search at a time per worker; searches wait in a
 * bounded queue; a worker that dies is replaced, and a search that outlives its hard deadline is
 * answered with an error and its worker terminated and replaced (a terminated thread is the one
 * sure way to stop synchronous work).
 */

export interface SearchPoolOptions {
  /**
   * Worker threads; default one per core beyond the first (at least one, at most four), leaving a
   * core to the main thread.
   */
  size?: number;
  /** A search still running after this long is stopped and answered with an error. */
  hardDeadlineMs?: number;
  /** Searches that may wait for a worker; beyond this, new searches are refused as busy. */
  maxQueued?: number;
}

/**
 * Long enough for any search that keeps its time budget (a second by default) plus building the line
 * index of a large file on a cold disk; a search that takes longer than this is stuck.
 */
export const HARD_DEADLINE_MS = 15_000;
const MAX_QUEUED_PER_WORKER = 16;

/** The search worker's module, started by startWorkerThread (bundled or from the sources). */
const WORKER_MODULE = new URL('./search-worker.ts', import.meta.url);

/** Per search: a signal that drops it while it waits, and a hard deadline other than the pool's. */
export interface SearchCall {
  signal?: AbortSignal;
  hardDeadlineMs?: number;
}

interface Job {
  request: SearchRequest;
  hardDeadlineMs: number;
  resolve: (result: SearchResult) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface PoolWorker {
  thread: Worker;
  job?: Job;
  deadline?: NodeJS.Timeout;
}

/** A small pool of search worker threads with a queue, a hard deadline per search and replacement of dead workers. */
export class SearchPool {
  readonly size: number;
  readonly hardDeadlineMs: number;
  readonly maxQueued: number;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: SearchPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(4, availableParallelism() - 1));
    this.hardDeadlineMs = options.hardDeadlineMs ?? HARD_DEADLINE_MS;
    this.maxQueued = options.maxQueued ?? this.size * MAX_QUEUED_PER_WORKER;
  }

  /**
   * Searches a text evidence file on a worker. Rejects with EvidenceQueryError for a query the
   * trainee must fix, AppError 'busy' when the queue is full or the hard deadline passed, and an
   * Error when a worker failed. A search whose `signal` aborts while it waits is dropped.
   */
  search(path: string, query: string, options: SearchOptions = {}, call: SearchCall = {}): Promise<SearchResult> {
    const { signal } = call;
    if (this.closed) return Promise.reject(new Error('the search pool is closed'));
    if (this.queue.length >= this.maxQueued)
      return Promise.reject(
        new AppError('busy', 'The server is busy with other searches: try again in a few seconds.'),
      );
    return new Promise<SearchResult>((resolve, reject) => {
      const job: Job = {
        request: { id: this.nextId++, path, query, options },
        hardDeadlineMs: call.hardDeadlineMs ?? this.hardDeadlineMs,
        resolve,
        reject,
        signal,
      };
      if (signal) {
        if (signal.aborted) return reject(new Error('the search was cancelled'));
        job.onAbort = () => {
          const waiting = this.queue.indexOf(job);
          if (waiting === -1) return;
          this.queue.splice(waiting, 1);
          reject(new Error('the search was cancelled'));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stops every worker; waiting and running searches are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, new Error('the search pool is closed'));
    await Promise.all(
      [...this.workers].map((worker) => {
        if (worker.job) this.finish(worker.job, new Error('the search pool is closed'));
        return this.remove(worker);
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let worker = [...this.workers].find((candidate) => !candidate.job);
      if (!worker) {
        if (this.workers.size >= this.size) return;
        worker = this.spawn();
      }
      const job = this.queue.shift()!;
      if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
      this.start(worker, job);
    }
  }

  private spawn(): PoolWorker {
    const worker: PoolWorker = { thread: startWorkerThread(WORKER_MODULE) };
    worker.thread.unref();
    worker.thread.on('message', (reply: SearchReply) => this.onReply(worker, reply));
    worker.thread.on('error', (error) => this.onDeath(worker, error));
    worker.thread.on('exit', (code) => this.onDeath(worker, new Error(`the search worker exited with code ${code}`)));
    this.workers.add(worker);
    return worker;
  }

  private start(worker: PoolWorker, job: Job): void {
    worker.job = job;
    // A running search keeps the process alive; an idle worker does not.
    worker.thread.ref();
    worker.deadline = setTimeout(() => {
      const seconds = Math.max(1, Math.round(job.hardDeadlineMs / 1000));
      this.finish(
        job,
        new AppError(
          'busy',
          `The search did not finish within ${seconds === 1 ? 'a second' : `${seconds} seconds`} and was stopped: ` +
            'search for something more specific, or continue from a later line.',
        ),
      );
      worker.job = undefined;
      void this.remove(worker);
      this.dispatch();
    }, job.hardDeadlineMs);
    worker.thread.postMessage(job.request);
  }

  private onReply(worker: PoolWorker, reply: SearchReply): void {
    const job = worker.job;
    // A reply for a search already given up (its deadline passed) is dropped.
    if (!job || job.request.id !== reply.id) return;
    clearTimeout(worker.deadline);
    worker.job = undefined;
    worker.thread.unref();
    if (reply.ok) job.resolve(reply.result);
    else
      this.finish(
        job,
        reply.queryError ? new EvidenceQueryError(reply.message) : new Error(`the search failed: ${reply.message}`),
      );
    this.dispatch();
  }

  private onDeath(worker: PoolWorker, error: Error): void {
    if (!this.workers.has(worker)) return;
    this.workers.delete(worker);
    clearTimeout(worker.deadline);
    if (worker.job) this.finish(worker.job, new Error(`the search worker stopped: ${error.message}`));
    worker.job = undefined;
    // Waiting searches get a new worker.
    this.dispatch();
  }

  private finish(job: Job, error: Error): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    job.reject(error);
  }

  private async remove(worker: PoolWorker): Promise<void> {
    this.workers.delete(worker);
    clearTimeout(worker.deadline);
    await worker.thread.terminate();
  }
}

let shared: SearchPool | undefined;

/** The process's search pool, started on first use (workers start with the first search). */
export function searchPool(): SearchPool {
  return (shared ??= new SearchPool());
}

/** Stops the process's search pool, for shutdown. */
export async function closeSearchPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
