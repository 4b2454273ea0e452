import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.ts';

const run = promisify(execFile);
let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create();
});
afterEach(() => harness.dispose());

describe('npm run backup', () => {
  it('writes a consistent copy of a database that the server has open', async () => {
    await harness.user('before-backup');
    const source = join(harness.dir, 'casebench.db');
    const target = join(harness.dir, 'backups', 'copy.db');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/db/backup.ts', target], {
      env: { ...process.env, CASEBENCH_DB: source },
    });
    expect(stdout).toContain('backed up');
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('select username from users').all()).toEqual([{ username: 'before-backup' }]);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('refuses to overwrite an existing file', async () => {
    const source = join(harness.dir, 'casebench.db');
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/db/backup.ts', source], {
      env: { ...process.env, CASEBENCH_DB: source },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('already exists');
  });
});
