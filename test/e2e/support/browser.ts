import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { findChromium } from './chromium.ts';
import { LabFixture } from '../../helpers/lab-fixtures.ts';
import { ensureWebBuild, ServerProcess, type ServerOptions } from '../../helpers/server-process.ts';

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

/**
 * Signs in through the sign-in page and waits for the page it lands on: the role's start page
 * (trainees "My labs", instructors "Instructor", administrators "Administration").
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('heading', { level: 1 })
    .filter({ hasText: /^(?:My labs|Instructor|Administration)$/u })
    .waitFor();
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

/** What a browser test file's tests read: its server and its browsers. */
export interface FileApp {
  server: ServerProcess;
  /** The first of `browsers`. */
  browser: TestBrowser;
  /** Every browser of the file, each with a cookie jar (and so a session) of its own. */
  browsers: TestBrowser[];
}

export interface FileAppOptions {
  /** How the server starts (its environment, say); by default on the shipped labs with demo activity. */
  server?: ServerOptions;
  /** A labs folder of the file's own for the server, made by `prepare` and removed after the file. */
  labs?: (fixture: LabFixture) => Promise<unknown>;
  /** How many browsers (1 by default): two when two people, signed in at once, each need a session. */
  browsers?: number;
  /** What the file adds once all is started (a cohort, work to look at, a page kept open). */
  setUp?: (app: FileApp) => Promise<void>;
}

/** For the servers whose tests count answers and points from a clean start: no demo activity. */
export const WITHOUT_DEMO_ACTIVITY: ServerOptions = { env: { CASEBENCH_DEMO_ACTIVITY: '0' } };

/**
 * The usual start of a browser test file, as its hooks: a server on a fresh database and a browser
 * (or more), started before the file's tests (then `setUp`, for what the file adds) and stopped after
 * them. The tests read `app.server` and `app.browser` of the answer, `const app = serverAndBrowserForFile()`;
 * the options (or, as the only one, `setUp`) say what the file needs besides.
 */
export function serverAndBrowserForFile(options: FileAppOptions | FileAppOptions['setUp'] = {}): FileApp {
  const {
    server: serverOptions,
    labs: prepareLabs,
    browsers = 1,
    setUp,
  } = typeof options === 'function' ? { setUp: options } : options;
  const app = { browsers: [] as TestBrowser[] } as FileApp;
  let labs: LabFixture | undefined;
  beforeAll(async () => {
    ensureWebBuild();
    if (prepareLabs) {
      labs = await LabFixture.create();
      await prepareLabs(labs);
    }
    app.server = await ServerProcess.start({ ...serverOptions, ...(labs && { labsDir: labs.labsDir }) });
    // Every browser that did start is kept, so that afterAll closes it even when another failed to.
    const launched = await Promise.allSettled(Array.from({ length: browsers }, () => TestBrowser.launch()));
    for (const result of launched) if (result.status === 'fulfilled') app.browsers.push(result.value);
    const failed = launched.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    app.browser = app.browsers[0]!;
    await setUp?.(app);
  }, 240_000);
  afterAll(async () => {
    for (const browser of app.browsers) await browser.close();
    await app.server?.dispose();
    await labs?.dispose();
  });
  return app;
}

/**
 * A page in each browser of the file, in order, each signed in at once as one of `people`
 * (`[screenshot name, username, password]`): for journeys where two people act side by side.
 */
export async function signedInPages<People extends [name: string, username: string, password: string][]>(
  app: FileApp,
  ...people: People
): Promise<{ [Index in keyof People]: Page }> {
  const pages = await Promise.all(
    people.map(async ([name, username, password], index) => {
      const page = await pageWithFailureScreenshot(app.browsers[index]!, name);
      await signIn(page, app.server.url, username, password);
      return page;
    }),
  );
  return pages as { [Index in keyof People]: Page };
}
