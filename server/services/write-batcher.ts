import type { Db } from '../db/client.ts';
import type { Transaction } from './score-ledger.ts';

interface Job {
  work: (tx: Transaction) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for the writes that must be durable before they are acknowledged (answers).
 * Writes that arrive in the same turn of the event loop run one after another in one transaction,
 * each inside its own savepoint, and are acknowledged after the single commit: one fsync for the
 * batch instead of one per answer, with synchronous=FULL kept. A write that throws is rolled back
 * to its savepoint alone and rejected; the others in the batch still commit.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  /** better-sqlite3's own transaction functions: BEGIN IMMEDIATE around the batch, a cached SAVEPOINT per write. */
  private readonly runBatch: (batch: Job[]) => Outcome[];

  constructor(private readonly db: Db) {
    const client = db.$client;
    // Queries inside run on the same connection, so the drizzle database object serves as the
    // transaction handle: no drizzle transaction wrappers are built per write.
    const inSavepoint = client.transaction((job: Job) => job.work(this.db as unknown as Transaction));
    this.runBatch = client.transaction((batch: Job[]) =>
      batch.map((job): Outcome => {
        try {
          return { ok: true, value: inSavepoint(job) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

  /** Runs `work` inside the next batch's transaction; resolves with its result after the commit. */
  run<T>(work: (tx: Transaction) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.runBatch(batch);
    } catch (error) {
      // The commit itself failed: nothing in the batch is durable, so nothing is acknowledged.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
