// Table builds run on a worker thread (build-tables.ts), which is kept for the next build.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTables } from '../../../../server/evidence/query/build-tables.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-build-worker-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('builds on a worker thread kept for the next build: a dozen builds in a row, no listener left behind', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  try {
    const progress: number[] = [];
    for (let build = 0; build < 12; build++) {
      const manifest = await buildTables(
        join(folder, `b${build}.duckdb`),
        [{ evidenceId: 'v', title: 'V', text: `n\n${build}`, table: { parser: 'csv', zone: 'UTC' } }],
        (done) => progress.push(done),
      );
      expect(manifest.tables[0]?.rows).toBe(1);
    }
    expect(progress).toHaveLength(12);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
}, 60_000);
