/**
 * Benchmark of the trainee workspace in Chromium: the time from navigating to a lab's address with an
 * artefact open (/labs/<lab>?artefact=<id>) until the artefact's first lines are on screen.
 *   node --import tsx test/bench/workspace.bench.ts
 * Environment: BENCH_WORKSPACE_RUNS (runs of each kind; default 5, or 1 in the quick check that
 * test/tooling/bench.test.ts runs with BENCH_SECONDS=1, so that it stays within its time).
 * Cold: a fresh browser context each run, so nothing is cached (the session cookie is set beforehand).
 * Warm: the same context navigating to the page again, the hashed assets in its cache, as when a
 * trainee comes back to the lab. The API's answers are never cached (no-store) in either case.
 * The time is the page's own clock (performance.now(), from the navigation's start) read when
 * Monaco has rendered the first line of text. For scale, the same run times the catalogue page (no
 * editor) until its first lab card is on screen, warm: figures vary with the machine's load, the
 * ratio less so.
 */
import { cpus, loadavg } from 'node:os';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../e2e/support/chromium.ts';
import { ensureWebBuild, ServerProcess } from '../helpers/server-process.ts';

const LAB = 'sample-ssh-intrusion';
const ARTEFACT = 'auth-log';
const RUNS = Number(process.env.BENCH_WORKSPACE_RUNS ?? (Number(process.env.BENCH_SECONDS) <= 1 ? 1 : 5));
const TARGET_WARM_MS = 1_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function signedInContext(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  baseUrl: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const response = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { username: 'trainee1', password: 'demo-trainee-2024' },
    headers: { origin: baseUrl },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return context;
}

/** Navigates to the workspace with the artefact open and returns the page's time until its lines are drawn. */
async function timeToLines(page: Page, baseUrl: string): Promise<number> {
  await page.goto(`${baseUrl}/labs/${LAB}?artefact=${ARTEFACT}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const lines = document.querySelector('[data-testid="evidence-editor"] .view-lines');
      return lines && (lines.textContent ?? '').trim().length > 0 ? performance.now() : undefined;
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** The catalogue page (no editor) until its first lab card is on screen: the reference for scale. */
async function timeToCatalogue(page: Page, baseUrl: string): Promise<number> {
  await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => (document.querySelector('main article') ? performance.now() : undefined),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function main(): Promise<void> {
  ensureWebBuild();
  const server = await ServerProcess.start({ compiled: true });
  const browser = await chromium.launch((await findChromium()).launchOptions);
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    const catalogue: number[] = [];
    const loadBefore = loadavg()[0]!;
    // One unmeasured visit first: the server builds the artefact's line index on its first read.
    {
      const context = await signedInContext(browser, server.url);
      await timeToLines(await context.newPage(), server.url);
      await context.close();
    }
    for (let run = 0; run < RUNS; run++) {
      const context = await signedInContext(browser, server.url);
      const page = await context.newPage();
      cold.push(await timeToLines(page, server.url));
      warm.push(await timeToLines(page, server.url));
      await timeToCatalogue(page, server.url);
      catalogue.push(await timeToCatalogue(page, server.url));
      await context.close();
    }
    const format = (values: number[]) => values.map((value) => Math.round(value)).join(', ');
    console.log(
      `workspace: navigation to the first artefact's lines on screen, Chromium 1440x900, ${LAB} ${ARTEFACT}, ${RUNS} runs each`,
    );
    console.log('| cache | median | runs (ms) |');
    console.log('|---|---|---|');
    console.log(`| cold | ${Math.round(median(cold))} ms | ${format(cold)} |`);
    console.log(`| warm | ${Math.round(median(warm))} ms | ${format(warm)} |`);
    console.log(
      `| catalogue page (no editor), warm, for scale | ${Math.round(median(catalogue))} ms | ${format(catalogue)} |`,
    );
    console.log(
      `warm median ${Math.round(median(warm))} ms (target < ${TARGET_WARM_MS}); ${(median(warm) / median(catalogue)).toFixed(2)} × the catalogue page`,
    );
    console.log(
      `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${cpus().length} cores`,
    );
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
