/**
 * `npm run backup -- <file>`: writes a consistent copy of the live database (CASEBENCH_DB) with
 * SQLite's online backup, which is safe while the server keeps writing.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Copies the database at `source` to `target` page by page while it stays in use. */
export async function backupDatabase(source: string, target: string): Promise<{ totalPages: number }> {
  if (!existsSync(source)) throw new Error(`no database at ${source} (set CASEBENCH_DB)`);
  if (existsSync(target))
    throw new Error(`${target} already exists: choose a new file name so no backup is overwritten`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const progress = await db.backup(target);
    return { totalPages: progress.totalPages };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  const source = process.env.CASEBENCH_DB ?? 'data/casebench.db';
  if (!target) {
    console.error('usage: npm run backup -- <file>   (copies CASEBENCH_DB, default data/casebench.db)');
    process.exit(2);
  }
  backupDatabase(source, target).then(
    ({ totalPages }) => console.log(`backed up ${source} to ${target} (${totalPages} pages)`),
    (error: unknown) => {
      console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
