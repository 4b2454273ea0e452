/**
 * Benchmark of text evidence access on a large synthetic Apache log:
 *   node --import tsx test/bench/evidence.bench.ts
 * Environment: BENCH_EVIDENCE_MB (size, default 1024), BENCH_EVIDENCE_FILE (where to write the log;
 * an existing file there is reused and never deleted), BENCH_KEEP=1 (keep a generated log).
 * Searches are compared with GNU grep run on the same file in the same run (LC_ALL=C, fixed
 * strings), because absolute figures vary between machines while the ratio says more.
 */
import { execFile } from 'node:child_process';
import { open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildLineIndex, readLines, type LineIndex } from '../../server/evidence/line-index.ts';
import { searchEvidence, type SearchOptions } from '../../server/evidence/search.ts';
import { printMarkdownTable } from './markdown-table.ts';

const MB = 1024 * 1024;
const targetMb = Number(process.env.BENCH_EVIDENCE_MB ?? 1024);
const path = process.env.BENCH_EVIDENCE_FILE ?? join(tmpdir(), `casebench-evidence-bench-${process.pid}.log`);
const keep = process.env.BENCH_KEEP === '1';
/** The rare substring: sqlmap's user agent, in about 1 of 50,000 lines, plus as many in other case. */
const RARE = 'sqlmap/1.7';
const RARE_OTHER_CASE = 'SQLMap/1.7';
const WINDOW_READS = 1_000;
const WINDOW_WARM_UP_READS = 50;
const WINDOW_LINES = 200;
const SEARCH_RUNS = 3;

const execFileAsync = promisify(execFile);

/** A small deterministic generator (mulberry32), so every run writes the same log. */
function createRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * below;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'OPTIONS'];
const PATHS = [
  '/',
  '/index.php',
  '/login',
  '/wp-login.php',
  '/api/v2/orders',
  '/api/v2/customers',
  '/static/app.js',
  '/static/style.css',
  '/images/logo.png',
  '/search',
  '/cart/checkout',
  '/admin/',
  '/robots.txt',
  '/favicon.ico',
  '/.env',
  '/xmlrpc.php',
];
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 301, 302, 404, 404, 403, 500, 401];
const REFERERS = [
  '-',
  '-',
  'https://shop.example.com/',
  'https://www.google.com/',
  'https://shop.example.com/cart',
  'https://t.co/x1Yz',
  'https://www.bing.com/search?q=shop',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
];

/** Writes an Apache combined log of about `bytes` bytes with varied addresses, paths, statuses and agents. */
export async function writeSyntheticLog(file: string, bytes: number): Promise<{ lines: number }> {
  const random = createRandom(2024);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random(list.length))]!;
  const handle = await open(file, 'w');
  let written = 0;
  let lines = 0;
  let second = Date.UTC(2024, 2, 4, 0, 0, 0) / 1000;
  let stamp = '';
  let stampSecond = -1;
  try {
    while (written < bytes) {
      const batch: string[] = [];
      let batchBytes = 0;
      while (batchBytes < 8 * MB && written + batchBytes < bytes) {
        if (random(4) < 1) second++;
        if (second !== stampSecond) {
          const date = new Date(second * 1000);
          const two = (n: number) => String(n).padStart(2, '0');
          stamp = `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
          stampSecond = second;
        }
        const ip = `${Math.floor(random(223)) + 1}.${Math.floor(random(256))}.${Math.floor(random(256))}.${Math.floor(random(254)) + 1}`;
        const path = pick(PATHS);
        const query = random(3) < 1 ? `?id=${Math.floor(random(1e6))}&ref=${Math.floor(random(1e4)).toString(36)}` : '';
        const roll = random(50_000);
        const agent =
          roll < 1
            ? `${RARE}#stable (https://sqlmap.org)`
            : roll < 2
              ? `${RARE_OTHER_CASE}.2#dev (https://sqlmap.org)`
              : pick(AGENTS);
        const line = `${ip} - - [${stamp}] "${pick(METHODS)} ${path}${query} HTTP/1.1" ${pick(STATUSES)} ${Math.floor(random(50_000))} "${pick(REFERERS)}" "${agent}"\n`;
        batch.push(line);
        batchBytes += line.length;
        lines++;
      }
      await handle.write(batch.join(''));
      written += batchBytes;
    }
  } finally {
    await handle.close();
  }
  return { lines };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

async function timeGrep(args: string[]): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const { stdout } = await execFileAsync('grep', [...args, path], { env: { ...process.env, LC_ALL: 'C' } }).catch(
    (error: { code?: number; stdout?: string }) => {
      // grep exits with 1 when nothing matches; anything else is a real failure.
      if (error.code === 1) return { stdout: error.stdout ?? '0' };
      throw error;
    },
  );
  return { ms: performance.now() - started, count: Number(stdout.trim()) };
}

async function timeSearch(
  index: LineIndex,
  query: string,
  options: SearchOptions,
): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const result = await searchEvidence(index, query, { limit: 1_000, timeBudgetMs: 600_000, ...options });
  const ms = performance.now() - started;
  if (result.truncated)
    throw new Error(`the search for ${query} stopped early (${result.stoppedBy}); make the substring rarer`);
  return { ms, count: result.matches.length };
}

/** The fastest of a few runs: the page cache is warm for all of them, so this is the least disturbed. */
async function fastest(
  runs: number,
  measure: () => Promise<{ ms: number; count: number }>,
): Promise<{ ms: number; count: number }> {
  let best: { ms: number; count: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await measure();
    if (!best || result.ms < best.ms) best = result;
  }
  return best!;
}

async function main(): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  const generated = !existing;
  if (generated) {
    const started = performance.now();
    process.stdout.write(`writing a ${targetMb} MB synthetic Apache log to ${path} ...`);
    const { lines } = await writeSyntheticLog(path, targetMb * MB);
    console.log(` ${lines.toLocaleString('en')} lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else console.log(`reusing ${path}`);

  try {
    const { size } = await stat(path);
    const sizeMb = size / MB;
    const rows: string[][] = [];
    const rate = (ms: number) => `${(sizeMb / (ms / 1000)).toFixed(0)} MB/s`;

    const buildStarted = performance.now();
    const index = await buildLineIndex(path);
    const buildMs = performance.now() - buildStarted;
    const checkpointBytes = index.checkpointLines.byteLength + index.checkpointOffsets.byteLength;
    rows.push([
      'index build',
      `${(buildMs / 1000).toFixed(2)} s`,
      `${rate(buildMs)}, ${(((index.totalLines / buildMs) * 1000) / 1e6).toFixed(1)} M lines/s`,
      `${index.totalLines.toLocaleString('en')} lines, ${(checkpointBytes / 1024).toFixed(0)} KiB of checkpoints`,
    ]);

    const random = createRandom(99);
    const latencies: number[] = [];
    // The first reads include compiling the code path; a server is past that after its first requests.
    for (let i = 0; i < WINDOW_WARM_UP_READS; i++)
      await readLines(index, 1 + Math.floor(random(index.totalLines)), WINDOW_LINES);
    for (let i = 0; i < WINDOW_READS; i++) {
      const from = 1 + Math.floor(random(Math.max(1, index.totalLines - WINDOW_LINES)));
      const started = performance.now();
      const window = await readLines(index, from, WINDOW_LINES);
      latencies.push(performance.now() - started);
      if (window.lines.length !== Math.min(WINDOW_LINES, index.totalLines - from + 1))
        throw new Error(`window at ${from} returned ${window.lines.length} lines`);
    }
    latencies.sort((a, b) => a - b);
    rows.push([
      'read 200 lines',
      `p50 ${percentile(latencies, 0.5).toFixed(2)} ms`,
      `p99 ${percentile(latencies, 0.99).toFixed(2)} ms`,
      `${WINDOW_READS} random windows after ${WINDOW_WARM_UP_READS} to warm up, max ${latencies.at(-1)!.toFixed(2)} ms`,
    ]);

    const comparisons: Array<
      [string, () => Promise<{ ms: number; count: number }>, () => Promise<{ ms: number; count: number }>, string]
    > = [
      [
        'substring, case-sensitive',
        () => timeSearch(index, RARE, { caseSensitive: true }),
        () => timeGrep(['-cF', RARE]),
        `grep -cF '${RARE}'`,
      ],
      [
        'substring, ignoring case',
        () => timeSearch(index, RARE_OTHER_CASE.toUpperCase(), {}),
        () => timeGrep(['-ciF', RARE_OTHER_CASE.toUpperCase()]),
        `grep -ciF '${RARE_OTHER_CASE.toUpperCase()}'`,
      ],
      [
        'regex, ignoring case',
        () => timeSearch(index, String.raw`sqlmap/\d+\.\d+`, { regex: true }),
        () => timeGrep(['-ciE', String.raw`sqlmap/[0-9]+\.[0-9]+`]),
        'grep -ciE',
      ],
    ];
    for (const [label, ours, grep, grepCommand] of comparisons) {
      const mine = await fastest(SEARCH_RUNS, ours);
      const theirs = await fastest(SEARCH_RUNS, grep);
      if (mine.count !== theirs.count)
        throw new Error(`${label}: ${mine.count} matching lines, grep counted ${theirs.count}`);
      rows.push([
        `search: ${label}`,
        `${rate(mine.ms)} (${(mine.ms / 1000).toFixed(2)} s)`,
        `${grepCommand}: ${rate(theirs.ms)} (${(theirs.ms / 1000).toFixed(2)} s)`,
        `${(theirs.ms / mine.ms).toFixed(2)}x grep's speed, ${mine.count} lines`,
      ]);
    }

    console.log(
      `\nfile: ${sizeMb.toFixed(0)} MB, ${index.totalLines.toLocaleString('en')} lines of ${(size / index.totalLines).toFixed(0)} bytes on average, in the page cache; Node ${process.version}; searches: best of ${SEARCH_RUNS} runs\n`,
    );
    printMarkdownTable(['what', 'ours', 'reference', 'notes'], rows);
  } finally {
    if (generated && !keep) await rm(path, { force: true });
    else if (generated) console.log(`\nkept ${path}`);
  }
}

// Run as a script (npm run bench); imported, it only lends its log generator (evidence-tables.bench.ts, tests).
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
