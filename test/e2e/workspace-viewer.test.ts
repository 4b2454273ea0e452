import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, seriousViolations, signIn, serverAndBrowserForFile } from './support/browser.ts';
import { overflowsSideways } from './support/tables.ts';

const SSH_LAB = 'sample-ssh-intrusion';
const WEB_LAB = 'web-portal-intrusion';
const SCREENS = 'test-results/workspace';
const app = serverAndBrowserForFile(async ({ server, browser }) => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await mkdir(SCREENS, { recursive: true });
});

const editorOf = (page: Page) => page.getByTestId('evidence-editor');
// Monaco renders spaces as no-break spaces.
const shownText = async (page: Page) =>
  (await editorOf(page).locator('.view-lines').innerText()).replace(/\u00a0/gu, ' ');
const visibleLines = async (page: Page) => {
  const text = await page.getByTestId('visible-lines').innerText();
  const match = /Lines ([\d,]+)–([\d,]+) of ([\d,]+)/u.exec(text);
  if (!match) return undefined;
  const [first, last, total] = match.slice(1).map((part) => Number(part.replace(/,/gu, '')));
  return { first: first!, last: last!, total: total! };
};
const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
/** Counts the requests for windows of lines the page makes from now on. */
function countLineRequests(page: Page): { count: () => number } {
  let count = 0;
  page.on('request', (request) => {
    if (/\/evidence\/[^/]+\/lines\?/u.test(request.url())) count++;
  });
  return { count: () => count };
}

/** Trainee 2's web lab with the long access log open at its first line, and the log's number of lines. */
async function openAccessLog(screenshotName: string): Promise<{ page: Page; total: number }> {
  const page = await pageWithFailureScreenshot(app.browser, screenshotName);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
  await page.goto(`${app.server.url}/labs/${WEB_LAB}?artefact=access-log`);
  await expect.poll(() => visibleLines(page), { timeout: 30_000 }).toMatchObject({ first: 1 });
  return { page, total: (await visibleLines(page))!.total };
}

describe('the evidence viewer keeps its place', () => {
  it('keeps the artefact, line, search and results across an answer, a hint and a reload, in the address', {
    timeout: 90_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'viewer-state');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, 'trainee1', 'demo-trainee-2024');
    await page.goto(`${app.server.url}/labs/${SSH_LAB}`);
    const lines = countLineRequests(page);
    await page.getByRole('button', { name: /Open MV\/1/u }).click();
    await expect.poll(() => shownText(page), { timeout: 30_000 }).toMatch(/sshd|CRON/u);
    // The first window is fetched once.
    await page.waitForTimeout(300);
    expect(lines.count()).toBe(1);

    await page.getByPlaceholder('Search in this artefact').fill('Accepted password');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.innerText()).toMatch(/\d+ matches/u);
    const matchCount = await results.getByRole('listitem').count();
    const firstResult = results.getByRole('listitem').first();
    const resultText = await firstResult.innerText();
    const line = Number(/Line (\d+)/u.exec(resultText)![1]);
    await firstResult.getByRole('button').click();
    await expect.poll(() => query(page)).toEqual({ artefact: 'auth-log', line: String(line), q: 'Accepted password' });

    // Copy reference gives the exhibit number and the line.
    await page.getByRole('button', { name: 'Copy reference' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`MV/1, line ${line}`);
    await expect.poll(() => page.locator('.viewer-status').innerText()).toContain(`Copied MV/1, line ${line}`);
    // Copy link gives the address that opens the same place.
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect
      .poll(() => page.locator('.viewer-status').innerText())
      .toContain(`Copied a link to MV/1, line ${line}`);
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(`${link.origin}${link.pathname}`).toBe(`${app.server.url}/labs/${SSH_LAB}`);
    expect(Object.fromEntries(link.searchParams)).toEqual({
      artefact: 'auth-log',
      line: String(line),
      q: 'Accepted password',
    });

    const expectPlaceKept = async () => {
      expect(query(page)).toEqual({ artefact: 'auth-log', line: String(line), q: 'Accepted password' });
      const shown = await visibleLines(page);
      expect(shown!.first).toBeLessThanOrEqual(line);
      expect(shown!.last).toBeGreaterThanOrEqual(line);
      expect(await shownText(page)).toContain('Accepted password');
      expect(await page.getByPlaceholder('Search in this artefact').inputValue()).toBe('Accepted password');
      expect(await results.getByRole('listitem').count()).toBe(matchCount);
    };

    // A wrong answer refetches the lab: the viewer is neither reloaded nor moved.
    const before = lines.count();
    await page.locator('.evidence-viewer').evaluate((viewer) => viewer.setAttribute('data-marker', 'same-viewer'));
    const task = page.getByRole('article').filter({ has: page.getByRole('heading', { name: /1\. / }) });
    await task.getByLabel('Your answer').fill('192.0.2.254');
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByRole('status').first().innerText()).toMatch(/Not correct/u);
    await page.waitForLoadState('networkidle');
    await expectPlaceKept();

    // So does a hint.
    await task.getByRole('button', { name: /Show hint 1/u }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Show the hint' }).click();
    await expect.poll(() => task.locator('.hint').count()).toBe(1);
    await page.waitForLoadState('networkidle');
    await expectPlaceKept();
    expect(lines.count()).toBe(before);
    expect(await page.locator('.evidence-viewer[data-marker="same-viewer"]').count()).toBe(1);

    // After a reload the address brings everything back, the first window fetched once.
    const afterReload = countLineRequests(page);
    await page.reload();
    await expect.poll(() => shownText(page), { timeout: 30_000 }).toContain('Accepted password');
    await expect.poll(() => results.innerText()).toMatch(/\d+ matches/u);
    await expectPlaceKept();
    expect(afterReload.count()).toBe(1);
    await page.screenshot({ path: `${SCREENS}/viewer-1440.png` });
  });

  it('goes to the first and last line of the file with Ctrl+Home and Ctrl+End, beyond the lines loaded', {
    timeout: 90_000,
  }, async () => {
    const { page, total } = await openAccessLog('viewer-ends');
    expect(total).toBeGreaterThan(2_000);
    const last = await page.evaluate(
      async ([lab, from]) => {
        const response = await fetch(`/api/labs/${lab}/evidence/access-log/lines?from=${from}&count=1`);
        return ((await response.json()) as { lines: string[] }).lines[0]!;
      },
      [WEB_LAB, String(total)] as const,
    );

    await editorOf(page).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await expect.poll(() => visibleLines(page)).toMatchObject({ last: total, total });
    await expect.poll(() => shownText(page)).toContain(last.slice(0, 60));
    await expect.poll(() => query(page).line).toBe(String(total));

    await page.keyboard.press('Control+Home');
    await expect.poll(() => visibleLines(page)).toMatchObject({ first: 1, total });
    await expect.poll(() => query(page).line).toBe('1');

    // The wrap toggle folds long lines into the width of the viewer.
    await page.getByLabel('Wrap lines').check();
    await expect
      .poll(() =>
        editorOf(page)
          .locator('.view-line')
          .first()
          .evaluate(
            (line) =>
              line.getBoundingClientRect().width <= line.parentElement!.parentElement!.getBoundingClientRect().width,
          ),
      )
      .toBe(true);
    await page.getByLabel('Wrap lines').uncheck();
  });

  it('keeps the line of a later Ctrl+Home when the window asked for by an earlier Ctrl+End arrives after it', {
    timeout: 90_000,
  }, async () => {
    const { page, total } = await openAccessLog('viewer-late-window');

    // The end of the file is held back (a slow network) until the trainee has gone back to the start.
    let releaseEnd!: () => void;
    const endHeld = new Promise<void>((resolve) => {
      releaseEnd = resolve;
    });
    let endAsked!: () => void;
    const endRequested = new Promise<void>((resolve) => {
      endAsked = resolve;
    });
    await page.route(/\/evidence\/access-log\/lines\?from=(?!1&)/u, async (route) => {
      endAsked();
      await endHeld;
      await route.continue();
    });
    await editorOf(page).locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await endRequested;
    await page.keyboard.press('Control+Home');
    await expect.poll(() => query(page).line).toBe('1');
    const endServed = page.waitForResponse(/\/evidence\/access-log\/lines\?from=(?!1&)/u);
    releaseEnd();
    await endServed;
    // The late window is dropped: the viewer stays at the start, and the address with it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await visibleLines(page)).toMatchObject({ first: 1, total });
    expect(query(page).line).toBe('1');
    expect(await editorOf(page).locator('.line-numbers').first().innerText()).toBe('1');
  });

  it('gives the evidence most of a wide screen, maximises it, and compresses the API answers', {
    timeout: 90_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'viewer-size');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, 'trainee3', 'demo-trainee-2024');
    const labResponse = page.waitForResponse((response) => response.url().endsWith(`/api/labs/${SSH_LAB}`));
    await page.goto(`${app.server.url}/labs/${SSH_LAB}?artefact=auth-log`);
    expect((await labResponse).headers()['content-encoding']).toBe('gzip');
    await expect.poll(() => visibleLines(page), { timeout: 30_000 }).toMatchObject({ first: 1 });
    const shown = (await visibleLines(page))!;
    // Before this layout: about 14 lines of 55 characters at 1440x900.
    expect(shown.last - shown.first + 1).toBeGreaterThanOrEqual(30);
    const columns = async () =>
      editorOf(page).evaluate((host) => {
        const lines = host.querySelector('.lines-content')!.parentElement!.getBoundingClientRect().width;
        const probe = host.querySelector('.view-line span span');
        const charWidth = probe ? probe.getBoundingClientRect().width / Math.max(1, probe.textContent!.length) : 8;
        return Math.floor(lines / charWidth);
      });
    expect(await columns()).toBeGreaterThanOrEqual(80);
    const narrowWidth = (await editorOf(page).boundingBox())!.width;

    await page.getByRole('button', { name: 'Maximise the evidence' }).click();
    await expect.poll(async () => (await editorOf(page).boundingBox())!.width).toBeGreaterThan(narrowWidth + 300);
    // Monaco lays its lines out again on its own resize observer, a moment after its box has grown.
    await expect.poll(columns).toBeGreaterThanOrEqual(150);
    await page.screenshot({ path: `${SCREENS}/viewer-1440-maximised.png` });
    await page.getByRole('button', { name: 'Maximise the evidence' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tasks', level: 2 }).isVisible()).toBe(true);

    // A side pane folds to a strip and comes back.
    await page.getByRole('button', { name: 'Hide Case notes' }).click();
    await expect.poll(() => page.locator('#pane-notes-body').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Show Case notes' }).click();
    await expect.poll(() => page.locator('#pane-notes-body').isVisible()).toBe(true);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.reload();
    await expect.poll(() => visibleLines(page), { timeout: 30_000 }).toMatchObject({ first: 1 });
    await page.getByPlaceholder('Search in this artefact').fill('Failed password');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('search-results').innerText()).toMatch(/\d+ matches/u);
    // The results keep a usable height at 1024x768 (they collapsed to nothing before).
    expect((await page.getByTestId('search-results').boundingBox())!.height).toBeGreaterThan(80);
    expect((await editorOf(page).boundingBox())!.height).toBeGreaterThan(150);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/workspace-1024.png` });
  });
});

describe('the workspace on a phone', () => {
  it('shows the panes as tabs without sideways overflow at 390 px, with no serious accessibility violation', {
    timeout: 90_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'viewer-390');
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
    await page.goto(`${app.server.url}/labs/${SSH_LAB}?artefact=auth-log&q=Accepted`);
    await expect.poll(() => visibleLines(page), { timeout: 30_000 }).toMatchObject({ first: 1 });
    await expect.poll(() => page.getByTestId('search-results').innerText()).toMatch(/\d+ matches/u);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/workspace-390-evidence.png` });
    expect(await seriousViolations(page)).toEqual([]);

    for (const tab of ['Tasks', 'Case notes']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
      expect(await overflowsSideways(page)).toBe(false);
      await page.screenshot({ path: `${SCREENS}/workspace-390-${tab.replace(' ', '-').toLowerCase()}.png` });
    }
    expect(await seriousViolations(page)).toEqual([]);
    // Switching tabs kept the viewer as it was.
    await page.getByRole('tab', { name: 'Evidence' }).click();
    expect(await page.getByPlaceholder('Search in this artefact').inputValue()).toBe('Accepted');
  });

  it('has no serious accessibility violation in the wide workspace with an artefact, results and its details open', {
    timeout: 90_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'viewer-axe');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, 'trainee3', 'demo-trainee-2024');
    await page.goto(`${app.server.url}/labs/${SSH_LAB}?artefact=auth-log&q=sshd&line=40`);
    await expect.poll(() => visibleLines(page), { timeout: 30_000 }).toBeDefined();
    await expect.poll(() => page.getByTestId('search-results').innerText()).toMatch(/\d+ matches/u);
    await page.getByText('About this artefact').click();
    await page.getByTestId('notes-editor').locator('.monaco-editor').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
