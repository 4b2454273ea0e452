import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * WAL lets readers work during writes; synchronous=FULL makes every acknowledged commit survive
 * a power cut, not only a process crash; foreign keys are off by default in SQLite. `busyTimeoutMs`
 * is for tools that may block (a script): the server's connection keeps the default 0.
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
  // Afterwards, never: SQLite's busy wait sleeps on the calling thread, which is the event loop, so
  // one held lock froze every request. Writes meeting a lock fail at once with SQLITE_BUSY; the write
  // batch retries them on a timer (WriteBatcher), and any other write answers 503 `busy`. Reads need
  // no lock in WAL mode.
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 0}`);
  return db;
}

export { schema };
