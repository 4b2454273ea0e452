// A trainee's queries kept on the server (issue #13), in Chromium: what the browser kept before is
// taken in once, a query run is kept, a name given to it stays after a reload, named queries come
// first, and one runs again from the history; on a wide screen and on a phone.
import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, serverAndBrowserForFile, signIn } from './support/browser.ts';
import { overflowsSideways } from './support/tables.ts';

const LAB = 'sample-ssh-intrusion';
const SCREENS = 'test-results/query-history';
const app = serverAndBrowserForFile(async () => {
  await mkdir(SCREENS, { recursive: true });
});

/** Opens the SQL console of the SSH lab (the evidence pane behind its tab on a narrow window). */
async function openConsole(page: Page, width: number): Promise<void> {
  await page.goto(`${app.server.url}/labs/${LAB}`);
  if (width < 1100) await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByRole('button', { name: 'Tables', exact: true }).click();
  await page.getByTestId('table-auth_log_sshd').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'SQL console' }).click();
  await page.getByTestId('sql-editor').locator('.view-lines').waitFor({ timeout: 30_000 });
}

/** Replaces the editor's text with a one-line query and runs it with the keyboard. */
async function runQuery(page: Page, sql: string): Promise<void> {
  await page.getByTestId('sql-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql, { delay: 5 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+Enter');
}

/** Opens the history (a closed <details> at first) and answers its entries. */
async function openHistory(page: Page) {
  const summary = page.getByText(/Your queries in this lab \(\d+\)/u);
  await summary.waitFor();
  if ((await page.locator('details.query-history').getAttribute('open')) === null) await summary.click();
  return page.getByTestId('history-entry');
}

describe("a trainee's query history", () => {
  it('takes in the browser’s history once, keeps a run query, and keeps its name after a reload', {
    timeout: 180_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'query-history-wide');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
    // What the console kept in this browser before the server kept it.
    const key = await page.evaluate(async (lab) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { user: { id: number } };
      const storageKey = `casebench:queries:${me.user.id}:${lab}`;
      localStorage.setItem(
        storageKey,
        JSON.stringify([
          {
            sql: 'SELECT count(*) AS lines FROM auth_log',
            name: 'Kept in this browser',
            ranAt: Date.now() - 86_400_000,
          },
        ]),
      );
      return storageKey;
    }, LAB);

    await openConsole(page, 1440);
    const entries = await openHistory(page);
    await expect.poll(() => entries.first().locator('.history-name').innerText()).toBe('Kept in this browser');
    expect(await page.evaluate((storageKey) => localStorage.getItem(storageKey), key)).toBeNull();

    const sql = "SELECT ip, count(*) AS attempts FROM auth_log_sshd WHERE event = 'failed' GROUP BY ip";
    await runQuery(page, sql);
    const count = page.getByTestId('result-count');
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/^Rows 1–\d+ of \d+$/u);
    // Unnamed, it comes after the named one; its last run is said with its rows.
    await expect.poll(() => entries.count()).toBe(2);
    const ran = entries.nth(1);
    expect(await ran.locator('code').innerText()).toBe(sql);
    expect(await ran.locator('.history-last-run').innerText()).toMatch(/^Last run .+: \d+ rows in \d+ ms$/u);

    await page.getByLabel('Name of query 2').fill('Failed logins per address');
    await page.getByLabel('Name of query 2').press('Tab');
    // Named now, and run later than the other named one: first.
    await expect.poll(() => entries.first().locator('.history-name').innerText()).toBe('Failed logins per address');
    await page.screenshot({ path: `${SCREENS}/history-1440.png` });
    // The history itself (the editor's own colours are Monaco's, checked in evidence-tables.test.ts).
    const axe = await new AxeBuilder({ page }).include('.query-history').analyze();
    expect(
      axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
    ).toEqual([]);

    await page.reload();
    await openConsole(page, 1440);
    const again = await openHistory(page);
    await expect.poll(() => again.count()).toBe(2);
    expect(await again.first().locator('.history-name').innerText()).toBe('Failed logins per address');
    expect(await page.getByLabel('Name of query 1').inputValue()).toBe('Failed logins per address');
    // No result on screen after the reload: running it again from the history brings it back.
    expect(await count.count()).toBe(0);
    await again.first().getByRole('button', { name: 'Run again' }).click();
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toMatch(/^Rows 1–\d+ of \d+$/u);
    await page.screenshot({ path: `${SCREENS}/rerun-1440.png`, fullPage: true });

    // Forgetting the one from the browser leaves the named query alone.
    await again.nth(1).getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => again.count()).toBe(1);
    expect(await again.first().locator('.history-name').innerText()).toBe('Failed logins per address');
  });

  it('fits a phone: the history comes from the server, and nothing overflows sideways at 390 px', {
    timeout: 180_000,
  }, async () => {
    // The browser keeps no history of its own any more (see above): what is listed is the server's.
    const page = await pageWithFailureScreenshot(app.browser, 'query-history-narrow');
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
    await openConsole(page, 390);
    const entries = await openHistory(page);
    await expect.poll(() => entries.first().locator('.history-name').innerText()).toBe('Failed logins per address');
    await entries.first().scrollIntoViewIfNeeded();
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/history-390.png`, fullPage: true });
  });
});
