/**
 * `npm run bench`: runs every benchmark in test/bench one after the other (never part of npm test);
 * `npm run bench -- <name>` (or BENCH_ONLY=<name>) runs one.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// `npm run bench -- evidence` runs evidence.bench.ts alone; a name that is no benchmark's runs those it begins.
const only = process.argv[2] ?? process.env.BENCH_ONLY;
const all = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const benches = !only
  ? all
  : all.includes(`${only}.bench.ts`)
    ? [`${only}.bench.ts`]
    : all.filter((file) => file.startsWith(only));
if (benches.length === 0) {
  console.error(`no benchmark is called ${only}: ${all.map((file) => file.replace('.bench.ts', '')).join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
