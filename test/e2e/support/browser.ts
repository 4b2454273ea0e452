import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { findChromium } from './chromium.ts';
import { ensureWebBuild, ServerProcess } from '../../helpers/server-process.ts';

/** Chromium (see findChromium) with a fresh profile, driven by playwright-core (never a downloaded browser). */
export class TestBrowser {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<TestBrowser> {
    const { launchOptions } = await findChromium();
    const profile = await mkdtemp(join(tmpdir(), 'casebench-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      ...launchOptions,
      viewport: { width: 1400, height: 900 },
    });
    return new TestBrowser(context, profile);
  }

  async newPage(): Promise<Page> {
    return this.context.newPage();
  }

  /** Closes the browser itself (not only the connection) before its profile is removed. */
  async close(): Promise<void> {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
  }
}

/** Saves a screenshot of a failed test under test-results/e2e/. */
export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  await mkdir('test-results/e2e', { recursive: true });
  await page
    .screenshot({ path: join('test-results/e2e', `${name.replace(/[^\w-]+/gu, '-')}.png`), fullPage: true })
    .catch(() => undefined);
}

/** Signs in through the sign-in page and waits for the catalogue. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My labs', level: 1 }).waitFor();
}

/** A new page that leaves a screenshot under test-results/e2e/ if the current test fails. */
export async function pageWithFailureScreenshot(browser: TestBrowser, name: string): Promise<Page> {
  const page = await browser.newPage();
  onTestFailed(() => screenshotOnFailure(page, name));
  return page;
}

/** Serious and critical accessibility violations on the page (axe-core), as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The usual start of a browser test file: the front end built if stale, a server on a fresh database, and a browser. */
export async function startServerAndBrowser(
  options?: Parameters<typeof ServerProcess.start>[0],
): Promise<{ server: ServerProcess; browser: TestBrowser }> {
  ensureWebBuild();
  const server = await ServerProcess.start(options);
  try {
    return { server, browser: await TestBrowser.launch() };
  } catch (error) {
    await server.dispose();
    throw error;
  }
}

/**
 * The usual start of a browser test file, as its hooks: a server on a fresh database and a browser,
 * started before the file's tests (then `setUp`, for what the file adds) and stopped after them. The
 * tests read `app.server` and `app.browser` of the answer, `const app = serverAndBrowserForFile()`.
 */
export function serverAndBrowserForFile(
  setUp?: (app: { server: ServerProcess; browser: TestBrowser }) => Promise<void>,
) {
  const app = {} as { server: ServerProcess; browser: TestBrowser };
  beforeAll(async () => {
    Object.assign(app, await startServerAndBrowser());
    await setUp?.(app);
  }, 180_000);
  afterAll(() => stopServerAndBrowser(app.server, app.browser));
  return app;
}

/** Stops what startServerAndBrowser started (the browser first); either may be missing if the start failed. */
export async function stopServerAndBrowser(
  server: ServerProcess | undefined,
  browser: TestBrowser | undefined,
): Promise<void> {
  await browser?.close();
  await server?.dispose();
}
