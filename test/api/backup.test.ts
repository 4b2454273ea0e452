import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** An app on its own database, with no labs (a backup copies the database alone). */
const it = apiTest.extend('labsDir', null);

describe('npm run backup', () => {
  it('writes a consistent copy of a database that the server has open', async ({ harness }) => {
    await harness.user('before-backup');
    const source = join(harness.dir, 'casebench.db');
    const target = join(harness.dir, 'backups', 'copy.db');
    const backup = await runScript('server/db/backup.ts', [target], { CASEBENCH_DB: source });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('backed up');
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('select username from users').all()).toEqual([{ username: 'before-backup' }]);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('refuses to overwrite an existing file', async ({ harness }) => {
    const source = join(harness.dir, 'casebench.db');
    const failed = await runScript('server/db/backup.ts', [source], { CASEBENCH_DB: source });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('already exists');
  });
});
