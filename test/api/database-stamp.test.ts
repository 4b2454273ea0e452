// The database stamp (access epoch and data_version) decides whether cached sessions, access rows and
// kept boards still hold. It is kept between requests while nothing is committed: these tests prove
// that every commit, by this connection or by another one on the same file (another server process, an
// administrator's script), is seen by the very next read, and that a transaction sees its own writes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDatabaseStamp } from '../../server/db/access-cache.ts';
import { type Db, openDatabase } from '../../server/db/client.ts';

let dir: string;
let here: Db;
let there: Db;
const moveEpoch = (db: Db) => db.$client.prepare('update access_epoch set epoch = epoch + 1 where id = 1').run();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'casebench-stamp-'));
  here = openDatabase(join(dir, 'casebench.sqlite'));
  there = openDatabase(join(dir, 'casebench.sqlite'));
});
afterEach(async () => {
  here.$client.close();
  there.$client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the database stamp', () => {
  it('stays the same while nothing is committed', () => {
    const first = readDatabaseStamp(here);
    for (let read = 0; read < 100; read++) expect(readDatabaseStamp(here)).toEqual(first);
  });

  it("sees another connection's commit on the next read, however often it was read before", () => {
    const before = readDatabaseStamp(here);
    for (let read = 0; read < 100; read++) readDatabaseStamp(here);
    moveEpoch(there);
    const after = readDatabaseStamp(here);
    expect(after.epoch).toBe(before.epoch + 1);
    expect(after.dataVersion).not.toBe(before.dataVersion);

    // A commit that leaves the epoch alone (an answer recorded there) still moves data_version.
    there.$client
      .prepare("insert into audit_log (action, subject, details, created_at) values ('test', 'test', '{}', ?)")
      .run(Date.now());
    expect(readDatabaseStamp(here).dataVersion).not.toBe(after.dataVersion);
  });

  it("sees this connection's own commit on the next read", () => {
    const before = readDatabaseStamp(here);
    moveEpoch(here);
    expect(readDatabaseStamp(here).epoch).toBe(before.epoch + 1);
  });

  it('reads inside a transaction afresh, and keeps the committed state after a rollback', () => {
    const before = readDatabaseStamp(here);
    const insideRolledBack = here.$client.transaction(() => {
      moveEpoch(here);
      const inside = readDatabaseStamp(here);
      throw Object.assign(new Error('roll back'), { inside });
    });
    let inside: { epoch: number } | undefined;
    try {
      insideRolledBack();
    } catch (error) {
      inside = (error as { inside: { epoch: number } }).inside;
    }
    expect(inside?.epoch).toBe(before.epoch + 1);
    expect(readDatabaseStamp(here)).toEqual(before);
  });
});
