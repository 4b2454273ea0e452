import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * drizzle's migrator applies only the migrations whose journal `when` is later than that of the last one a
 * database applied. Some `when`s here were set by hand ahead of the day they were written, so a migration
 * made by `drizzle-kit generate` today can get an earlier `when` and be skipped on every upgraded database
 * while a fresh one runs it: this test catches that before it ships. The fix is to set its `when` by hand
 * above the one before it.
 */
const MIGRATIONS = join(import.meta.dirname, '../../server/db/migrations');
const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string; when: number }[];
};

describe('the migration journal', () => {
  it('gives every migration a later `when` than the one before it', () => {
    const out = journal.entries.filter((entry, index) => index > 0 && entry.when <= journal.entries[index - 1]!.when);
    expect(out.map((entry) => entry.tag)).toEqual([]);
  });

  it('lists every migration file, in order', () => {
    const files = readdirSync(MIGRATIONS)
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(journal.entries.map((entry) => `${entry.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((entry) => entry.idx)).toEqual(files.map((_, index) => index));
  });
});
