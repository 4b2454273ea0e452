import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-native-module-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

// In a process of its own, so that no other test has loaded DuckDB yet: the process's memory map shows
// whether the native library is loaded.
it('loads DuckDB’s native library on the first build or query, not when the modules are imported', () => {
  const script = `
    const { readFileSync } = await import('node:fs');
    const mapped = () => (readFileSync('/proc/self/maps', 'utf8').includes('duckdb') ? 'loaded' : 'not loaded');
    const { buildTables } = await import('./server/evidence/query/build-tables.ts');
    const { closeQueryEngines, runQuery } = await import('./server/evidence/query/run-query.ts');
    const before = mapped();
    const file = ${JSON.stringify(join(folder, 'empty.duckdb'))};
    await buildTables(file, []);
    await runQuery(file, 'SELECT 1', { timeMs: 5000, maxRows: 10, memoryMb: 64 });
    await closeQueryEngines();
    console.log(JSON.stringify([before, mapped()]));
  `;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: join(import.meta.dirname, '../../../..'),
    encoding: 'utf8',
  });
  expect(JSON.parse(output.trim().split('\n').at(-1) ?? '')).toEqual(['not loaded', 'loaded']);
});
