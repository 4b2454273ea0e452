import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * How long a write outside the write batch may block the event loop waiting for another
 * connection's lock: long enough for other server processes' batch commits (a few milliseconds;
 * three processes answering in parallel on two loaded cores never needed 100 ms), short enough that
 * a lock held for seconds (a backup, a script) costs each such write at most this much. Those
 * writes are the rare ones (a first visit to a lab, cohort and account administration); answers,
 * notes, hints and sessions go through the batch, which never blocks.
 */
export const DIRECT_WRITE_BUSY_MS = 250;

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * WAL lets readers work during writes; synchronous=FULL makes every acknowledged commit survive
 * a power cut, not only a process crash; foreign keys are off by default in SQLite. `busyTimeoutMs`
 * is for tools that may block (a script); the server keeps DIRECT_WRITE_BUSY_MS.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Waiting for another connection's lock is fine while starting (migrations), before any request.
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache instead of SQLite's 2 MB: the indexes an answer touches stay in memory.
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  // Afterwards, hardly: SQLite's busy wait sleeps on the calling thread, which is the event loop, so
  // a 5 s wait on a held lock froze every request. The write batch does not wait at all (it retries
  // on a timer, see WriteBatcher); the few writes outside it wait at most this long, enough for
  // other processes' batch commits, then answer 503 `busy`. Reads need no lock in WAL mode.
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DIRECT_WRITE_BUSY_MS}`);
  return db;
}

export { schema };
