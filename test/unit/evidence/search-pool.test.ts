import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { SearchPool } from '../../../server/evidence/search-pool.ts';
import { EvidenceQueryError, searchEvidence } from '../../../server/evidence/search.ts';

let dir: string;
let smallLog: string;
/** Long enough that a pattern without a required literal takes far longer than the short deadlines below. */
let largeLog: string;
const pools: SearchPool[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casebench-search-pool-'));
  smallLog = join(dir, 'small.log');
  await writeFile(
    smallLog,
    'sshd: Failed password for root from 203.0.113.7\nsshd: Accepted publickey for kim\nsshd: Failed password for admin from 198.51.100.2\n',
  );
  largeLog = join(dir, 'large.log');
  const line = `${'0123456789 '.repeat(18)}\n`;
  await writeFile(largeLog, line.repeat(Math.ceil((32 * 1024 * 1024) / line.length)));
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await rm(dir, { recursive: true, force: true });
});

function createPool(options: ConstructorParameters<typeof SearchPool>[0] = {}): SearchPool {
  const pool = new SearchPool({ size: 1, ...options });
  pools.push(pool);
  return pool;
}

/** A pattern with no literal to prefilter on, so RE2 reads every line of the large log (far longer than 50 ms). */
const SLOW_PATTERN = '[0-9]+x';

describe('the search pool', () => {
  it('answers a search on a worker thread with the same result as searching on the main thread', async () => {
    const pool = createPool();
    for (const [query, options] of [
      ['failed PASSWORD', {}],
      ['\\d+\\.\\d+\\.\\d+\\.\\d+', { regex: true }],
    ] as const) {
      expect(await pool.search(smallLog, query, options)).toEqual(await searchEvidence(smallLog, query, options));
    }
  });

  it('gives back a query the trainee must fix as an EvidenceQueryError with the reason', async () => {
    const pool = createPool();
    const error = await pool.search(smallLog, '(?<=root )from', { regex: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceQueryError);
    expect((error as Error).message).toMatch(/lookbehind/u);
  });

  it('stops a search that passes its hard deadline with a busy error, and the next search gets a new worker', async () => {
    const pool = createPool();
    // The first search also starts the worker, which must not count against the short deadline below.
    await pool.search(smallLog, 'root');
    const error = await pool
      .search(largeLog, SLOW_PATTERN, { regex: true, timeBudgetMs: 600_000 }, { hardDeadlineMs: 50 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/did not finish within a second and was stopped/u),
    });
    expect((await pool.search(smallLog, 'kim')).matches.map((match) => match.line)).toEqual([2]);
  });

  it('replaces a worker that dies during a search, failing only that search', async () => {
    const pool = createPool();
    await pool.search(smallLog, 'root');
    const running = pool.search(largeLog, SLOW_PATTERN, { regex: true, timeBudgetMs: 600_000 });
    // The pool's only worker, reached from outside as a crash would: terminated mid-search.
    const [worker] = (pool as unknown as { workers: Set<{ thread: Worker }> }).workers;
    await worker!.thread.terminate();
    await expect(running).rejects.toThrow(/the search worker stopped/u);
    expect((await pool.search(smallLog, 'admin')).matches.map((match) => match.line)).toEqual([3]);
  });

  it('refuses a search as busy when the queue is full, and drops a waiting search whose request was aborted', async () => {
    const pool = createPool({ maxQueued: 1 });
    await pool.search(smallLog, 'root');
    const running = pool.search(largeLog, SLOW_PATTERN, { regex: true, timeBudgetMs: 600_000 });
    const abort = new AbortController();
    const waiting = pool.search(smallLog, 'kim', {}, { signal: abort.signal });
    const refused = await pool.search(smallLog, 'kim').catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: 'busy', message: expect.stringMatching(/busy with other searches/u) });
    abort.abort();
    await expect(waiting).rejects.toThrow(/cancelled/u);
    expect((await running).truncated).toBe(false);
    expect((await pool.search(smallLog, 'kim')).matches).toHaveLength(1);
  });
});
