import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../paths.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * How long the server's connection may block the event loop in SQLite's own wait for another
 * connection's lock. Every server write goes through the write batch, which never waits inside
 * SQLite (it retries on a timer); this bounds what is left: a read that meets a lock while another
 * process recovers the WAL, and tools that write directly without asking for a longer wait.
 */
export const DIRECT_WRITE_BUSY_MS = 250;

// Read from the sources at run time, also by the compiled server (see paths.ts).
const MIGRATIONS = join(projectRoot, 'server', 'db', 'migrations');

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
  // 16 MB of page cache instead of SQLite's 2 MB: the index pages answers touch most stay in memory,
  // and the rest come from the system's file cache. 64 MB, as before, filled up under the benchmark's
  // million answers and was most of the server's memory beyond its 200 MB target during the storm.
  sqlite.pragma('cache_size = -16384');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  // Afterwards, hardly: SQLite's busy wait sleeps on the calling thread, which is the event loop, so
  // a 5 s wait on a held lock froze every request. The write batch does not wait at all (it retries
  // on a timer, see WriteBatcher), and every server write goes through it; see DIRECT_WRITE_BUSY_MS.
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DIRECT_WRITE_BUSY_MS}`);
  return db;
}

export { schema };
