import type { Db } from './client.ts';
import { AppError, isSqliteBusy } from '../errors.ts';
import type { Transaction } from '../services/scoring/score-ledger.ts';

/** Registers something to do once the write is durable (announce an event); never run for a rolled-back write. */
export type AfterCommit = (hook: () => void) => void;

interface Job {
  work: (tx: Transaction, afterCommit: AfterCommit) => unknown;
  /** What the write asked to run after its commit. */
  hooks: (() => void)[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** performance.now() after which the job is refused if the database is still locked. */
  deadline: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface WriteBatcherOptions {
  /** How long a write may wait for a lock held by another connection before a 503 `busy`. */
  maxWaitMs?: number;
}

/** The longest a write waits for the lock by default: the 5 s busy wait it replaces, without blocking. */
const DEFAULT_MAX_LOCK_WAIT_MS = 5_000;
const FIRST_RETRY_MS = 5;
const LONGEST_RETRY_MS = 100;

/**
 * Group commit for the writes that must be durable before they are acknowledged (answers).
 * Writes that arrive in the same turn of the event loop run one after another in one transaction,
 * each inside its own savepoint, and are acknowledged after the single commit: one fsync for the
 * batch instead of one per answer, with synchronous=FULL kept. A write that throws is rolled back
 * to its savepoint alone and rejected; the others in the batch still commit.
 *
 * A batch never waits for a lock inside SQLite (busy_timeout 0 while it begins: SQLite's wait sleeps
 * on the event loop, and every request would wait with it). When another connection holds the write
 * lock, the whole batch has rolled back, so it is simply run again after a short timer, backing off,
 * until each write's deadline; a write still waiting then is refused with a 503 and is never
 * committed later.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private retries = 0;
  private idle: (() => void)[] = [];
  private readonly maxWaitMs: number;
  /** better-sqlite3's own transaction functions: BEGIN IMMEDIATE around the batch, a cached SAVEPOINT per write. */
  private readonly runBatch: (batch: Job[]) => Outcome[];
  /** The connection's busy wait for writes outside the batch, turned off while a batch runs. */
  private readonly directWriteBusyMs: number;

  constructor(
    private readonly db: Db,
    options: WriteBatcherOptions = {},
  ) {
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_LOCK_WAIT_MS;
    const client = db.$client;
    this.directWriteBusyMs = Number(client.pragma('busy_timeout', { simple: true }));
    // Queries inside run on the same connection, so the drizzle database object serves as the
    // transaction handle: no drizzle transaction wrappers are built per write.
    const inSavepoint = client.transaction((job: Job) =>
      job.work(this.db as unknown as Transaction, (hook) => job.hooks.push(hook)),
    );
    this.runBatch = client.transaction((batch: Job[]) =>
      batch.map((job): Outcome => {
        try {
          return { ok: true, value: inSavepoint(job) };
        } catch (error) {
          // A savepoint never meets a lock (the batch holds the write lock), so a busy error here
          // came from elsewhere; it is this write's failure like any other.
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

  /**
   * Runs `work` inside the next batch's transaction; resolves with its result after the commit. What
   * `work` hands to `afterCommit` runs after that commit and before the write is acknowledged, and only
   * if the write committed: events announce what is stored, never what was rolled back.
   */
  run<T>(work: (tx: Transaction, afterCommit: AfterCommit) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        hooks: [],
        resolve: resolve as (value: unknown) => void,
        reject,
        deadline: performance.now() + this.maxWaitMs,
      });
      this.schedule(0);
    });
  }

  /** Resolves once every write queued so far has been committed or refused (for shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (delayMs === 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), delayMs);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[] | undefined;
    try {
      // Not a prepared statement: SQLite applies this pragma when it is compiled, not when it is run.
      this.db.$client.pragma('busy_timeout = 0');
      outcomes = this.runBatch(batch);
    } catch (error) {
      // A rolled-back batch runs again from the start, so what it asked for last time is forgotten.
      for (const job of batch) job.hooks = [];
      if (isSqliteBusy(error)) this.retryLater(batch);
      // The commit itself failed: nothing in the batch is durable, so nothing is acknowledged.
      else for (const job of batch) job.reject(error);
    } finally {
      this.db.$client.pragma(`busy_timeout = ${this.directWriteBusyMs}`);
    }
    if (outcomes) {
      this.retries = 0;
      batch.forEach((job, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) {
          runHooks(job.hooks);
          job.resolve(outcome.value);
        } else job.reject(outcome.error);
      });
    }
    if (this.queue.length === 0 && !this.scheduled) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Puts a batch refused for a lock back at the head of the queue, refusing the writes past their deadline. */
  private retryLater(batch: Job[]): void {
    const now = performance.now();
    const waiting = batch.filter((job) => {
      if (job.deadline > now) return true;
      job.reject(new AppError('busy', 'The server is busy: nothing was stored. Try again in a moment.'));
      return false;
    });
    this.queue = [...waiting, ...this.queue];
    if (this.queue.length === 0) return;
    this.retries += 1;
    this.schedule(Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.retries - 1)));
  }
}

/** A hook that throws must not turn a stored write into an error: the write is durable either way. */
function runHooks(hooks: (() => void)[]): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch (error) {
      console.error('An after-commit hook failed; the write itself is stored.', error);
    }
  }
}
