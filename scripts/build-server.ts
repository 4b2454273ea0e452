/**
 * Bundles the server into dist/server/ (main.js and its worker threads, search-worker.js and
 * build-tables-worker.js, started by server/lib/worker-thread.ts under the names of their modules), so
 * that `npm start` runs plain JavaScript: tsx's loader, in the process only to compile TypeScript, cost
 * about 60 MB of the server's resident memory at rest. Packages stay in node_modules; migrations,
 * labs and the front end are read from the repository at run time (server/paths.ts); lab generators
 * are compiled by the loader. With --if-stale it does nothing when the bundle is newer than every
 * file under server/, package-lock.json and this script.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const serverDir = join(root, 'server');
const outDir = join(root, 'dist', 'server');
// Written last, so a build that failed half-way is built again.
const stampFile = join(outDir, 'build-info.json');
const ENTRY_POINTS = [
  'server/main.ts',
  'server/evidence/search-worker.ts',
  'server/evidence/query/build-tables-worker.ts',
];
// Scripts run on their own through tsx: bundled into the server, a script's "am I the main module?"
// check would compare the bundle's URL with the bundle's path and run the script inside the server.
const NOT_IN_THE_BUNDLE = ['server/db/backup.ts', 'server/labs/cli.ts'];

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function newestSource(): number {
  const sources = [...walk(serverDir), join(root, 'package-lock.json'), join(root, 'scripts', 'build-server.ts')];
  return Math.max(...sources.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

function isStale(): boolean {
  if (!existsSync(stampFile)) return true;
  return statSync(stampFile).mtimeMs < newestSource();
}

async function main(): Promise<void> {
  if (process.argv.includes('--if-stale') && !isStale()) return;
  console.log('building the server (dist/server)...');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: outDir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // server/paths.ts reads this to know it runs from the bundle.
    define: { CASEBENCH_BUNDLED: 'true' },
    metafile: true,
    logLevel: 'warning',
  });
  const bundled = Object.keys(result.metafile.inputs).filter((input) => NOT_IN_THE_BUNDLE.includes(input));
  if (bundled.length > 0) throw new Error(`the server bundle must not include ${bundled.join(', ')}`);
  const sizes = Object.fromEntries(
    Object.entries(result.metafile.outputs)
      .filter(([file]) => !file.endsWith('.map'))
      .map(([file, output]) => [relative(root, join(root, file)), output.bytes]),
  );
  for (const [file, bytes] of Object.entries(sizes))
    console.log(`  ${file.padEnd(32)} ${`${(bytes / 1024).toFixed(1)} KB`.padStart(10)}`);
  writeFileSync(stampFile, JSON.stringify({ builtAt: new Date().toISOString(), bytes: sizes }, null, 2));
}

await main();
