/**
 * Builds the front end into web/dist, writes .gz and .br copies for the server's precompressed
 * static serving, and reports the sizes. With --if-stale it does nothing when the build is newer
 * than every source, so `npm start` stays one command without rebuilding each time.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const webDir = join(root, 'web');
const distDir = join(webDir, 'dist');
const stampFile = join(distDir, 'build-info.json');
const COMPRESSIBLE = /\.(js|css|html|svg|json|ttf|map)$/u;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function newestSource(): number {
  const sources = [
    ...walk(join(webDir, 'src')),
    join(webDir, 'index.html'),
    join(webDir, 'vite.config.ts'),
    join(root, 'package-lock.json'),
    join(root, 'server', 'app.ts'),
    // The lab editor bundles the lab format's JSON Schema.
    join(root, 'labs', 'lab.schema.json'),
  ];
  return Math.max(...sources.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs));
}

function isStale(): boolean {
  if (!existsSync(stampFile)) return true;
  return statSync(stampFile).mtimeMs < newestSource();
}

function compress(): void {
  for (const file of walk(distDir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const content = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Gzipped bytes of a chunk and everything it imports statically (what loading it costs). */
function closureSize(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): number {
  if (seen.has(key)) return 0;
  seen.add(key);
  const chunk = manifest[key]!;
  let total = statSync(join(distDir, `${chunk.file}.gz`)).size;
  for (const imported of chunk.imports ?? []) total += closureSize(manifest, imported, seen);
  return total;
}

function report(): Record<string, number> {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const pageKey = (name: string) =>
    Object.keys(manifest).find((key) => key.includes(`pages/${name}/`) && manifest[key]!.isDynamicEntry);
  const entrySeen = new Set<string>();
  const entry = closureSize(manifest, entryKey, entrySeen);
  const pageCost = (name: string) => {
    const key = pageKey(name);
    return key ? closureSize(manifest, key, new Set(entrySeen)) : 0;
  };
  const monacoKey = Object.keys(manifest).find((key) => key.startsWith('src/editor/') && manifest[key]!.isDynamicEntry);
  const sizes = {
    entry,
    signIn: entry + pageCost('sign-in'),
    catalogue: entry + pageCost('catalogue'),
    workspaceWithoutEditor: entry + pageCost('workspace'),
    editor: monacoKey ? closureSize(manifest, monacoKey, new Set(entrySeen)) : 0,
  };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('front-end JavaScript, gzipped:');
  console.log(`  sign-in page      ${kb(sizes.signIn)}`);
  console.log(`  catalogue page    ${kb(sizes.catalogue)}`);
  console.log(`  workspace page    ${kb(sizes.workspaceWithoutEditor)} (+ editor on demand)`);
  console.log(`  Monaco editor     ${kb(sizes.editor)} (lazy, workspace only)`);
  for (const file of walk(join(distDir, 'assets')).filter((name) => /\.(js|css)$/u.test(name)))
    console.log(
      `  ${relative(distDir, file).padEnd(48)} ${kb(statSync(file).size).padStart(10)} raw ${kb(statSync(`${file}.gz`).size).padStart(10)} gz`,
    );
  return sizes;
}

async function main(): Promise<void> {
  if (process.argv.includes('--if-stale') && !isStale()) return;
  console.log('building the front end (web/dist)...');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { manifest: true } });
  compress();
  const sizes = report();
  writeFileSync(stampFile, JSON.stringify({ builtAt: new Date().toISOString(), gzippedBytes: sizes }, null, 2));
}

await main();
