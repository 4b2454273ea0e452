import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import { pageWithFailureScreenshot, seriousViolations, serverAndBrowserForFile, signIn } from './support/browser.ts';
import { gridRows, overflowsSideways, typeQuery } from './support/tables.ts';

const LAB = 'sample-ssh-intrusion';
const SCREENS = 'test-results/evidence-tables';
const app = serverAndBrowserForFile(async () => {
  await mkdir(SCREENS, { recursive: true });
});

/**
 * A trainee's workspace of the SSH lab with the evidence shown as tables. The tests sign in as
 * different trainees: each may run 30 queries a minute.
 */
async function tablesPage(name: string, username: string, width: number, height: number): Promise<Page> {
  const page = await pageWithFailureScreenshot(app.browser, name);
  await page.setViewportSize({ width, height });
  await signIn(page, app.server.url, username, 'demo-trainee-2024');
  await page.goto(`${app.server.url}/labs/${LAB}`);
  // A narrow window shows one pane at a time: the evidence pane behind its tab.
  if (width < 1100) await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByRole('button', { name: 'Tables', exact: true }).click();
  // The first build may take a moment (a progress bar meanwhile); then the list of tables.
  await page.getByTestId('table-auth_log_sshd').waitFor({ timeout: 60_000 });
  return page;
}

describe('evidence as tables', () => {
  it('answers the attacking address with the grid only: count by ip of the failed sshd events', {
    timeout: 180_000,
  }, async () => {
    const page = await tablesPage('tables-grid', 'trainee1', 1440, 900);
    await page.screenshot({ path: `${SCREENS}/list-1440.png` });
    const card = page.getByTestId('table-auth_log_sshd');
    await card.getByText(/Columns \(\d+\)/u).click();
    await expect.poll(() => card.innerText()).toMatch(/ip \(IP address\)/u);
    await card.getByRole('button', { name: 'Open auth_log_sshd' }).click();

    // The first page of the table, in the order of the log.
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('view-sql').innerText()).toBe('SELECT *\nFROM "auth_log_sshd"\nORDER BY "line"');

    await page.getByLabel('Column', { exact: true }).selectOption('event');
    await page.getByLabel('Condition').selectOption('equals');
    await page.getByLabel('Value').fill('failed');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Count by').selectOption('ip');
    const sql =
      'SELECT "ip", count(*) AS "count"\nFROM "auth_log_sshd"\nWHERE "event" = \'failed\'\nGROUP BY "ip"\nORDER BY "count" DESC, "ip"';
    await expect.poll(() => page.getByTestId('view-sql').innerText()).toBe(sql);
    await expect.poll(async () => Object.keys((await gridRows(page))[0] ?? {})).toEqual(['ip', 'count']);
    await expect.poll(() => page.getByTestId('view-state').getAttribute('data-state')).toBe('answered');
    const counts = await gridRows(page);
    await page.screenshot({ path: `${SCREENS}/count-by-1440.png` });

    // The top address is the one the lab's task expects, and its count is the number of passwords it guessed.
    const attacker = String(await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee1', LAB, 'attacker-ip'));
    const failures = String(await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee1', LAB, 'failed-attempts'));
    expect(counts[0]).toEqual({ ip: attacker, count: failures });
    // Largest first.
    const numbers = counts.map((row) => Number(row.count));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    // The answer goes in the task, and is right.
    expect(await seriousViolations(page)).toEqual([]);

    // A time window up to the attacker's first login (read in UTC) keeps every password it guessed.
    const firstLogin = String(await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee1', LAB, 'first-login'));
    const until = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)/u.exec(firstLogin)![1]!;
    await page.getByLabel('Column', { exact: true }).selectOption('time');
    await page.getByLabel('Condition').selectOption('window');
    await page.getByLabel('From (UTC)').fill('2024-03-01T00:00:00');
    await page.getByLabel('Before (UTC)').fill(until);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await expect
      .poll(() => page.getByTestId('view-sql').innerText())
      .toContain(
        `WHERE "event" = 'failed'\n  AND "time" >= TIMESTAMPTZ '2024-03-01 00:00:00+00' AND "time" < TIMESTAMPTZ '${until.replace('T', ' ')}+00'`,
      );
    await expect.poll(async () => (await gridRows(page))[0]).toEqual({ ip: attacker, count: failures });
    await page.getByRole('button', { name: /^Remove the filter: time from/u }).click();
    await expect.poll(() => page.getByTestId('view-sql').innerText()).toBe(sql);

    // A histogram over time: the failed logins per hour, every one of them in some hour.
    await page.getByLabel('Count by').selectOption({ label: 'time, per hour (over time)' });
    await expect
      .poll(() => page.getByTestId('view-sql').innerText())
      .toContain(`SELECT date_trunc('hour', "time") AS "hour", count(*) AS "count"`);
    await expect.poll(() => page.getByTestId('view-state').getAttribute('data-state')).toBe('answered');
    const histogram = page.getByTestId('time-histogram');
    await expect.poll(() => histogram.locator('li').count()).toBeGreaterThan(0);
    const perHour = await gridRows(page);
    expect(perHour.reduce((sum, row) => sum + Number(row.count), 0)).toBe(numbers.reduce((sum, n) => sum + n, 0));
    // One bar per hour from the first to the last, the hours without a failure drawn empty.
    const hours = perHour.map((row) => Date.parse(String(row.hour)));
    const spanned = (Math.max(...hours) - Math.min(...hours)) / 3_600_000 + 1;
    expect(await histogram.locator('li').count()).toBe(spanned);
    expect(
      await histogram.locator('li', { hasNot: page.locator('.histogram-count', { hasText: /^0$/u }) }).count(),
    ).toBe(perHour.length);
    await page.screenshot({ path: `${SCREENS}/histogram-1440.png` });
    await page.getByLabel('Count by').selectOption({ label: 'ip' });
    await expect.poll(() => page.getByTestId('view-sql').innerText()).toBe(sql);

    const task = page.getByRole('article', { name: 'The attacking address' });
    await task.getByLabel('Your answer').fill(attacker);
    await task.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => task.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);

    // Back to the rows (sorted by a header), and one cited into the notes with its artefact and line.
    await page.getByLabel('Count by').selectOption('');
    await page.getByRole('button', { name: 'Sort by time', exact: true }).click();
    await expect.poll(() => page.getByTestId('view-sql').innerText()).toContain('ORDER BY "time" ASC');
    // The rows of the sorted view, not those of the view before it (a new answer would clear the status below).
    await expect.poll(() => page.getByTestId('view-state').getAttribute('data-state')).toBe('answered');
    await expect.poll(async () => (await gridRows(page))[0]?.event).toBe('failed');
    const first = (await gridRows(page))[0]!;
    await page.getByRole('button', { name: 'Cite row 1 in your notes' }).click();
    await expect.poll(() => page.getByText('Row 1 added to your notes.').count()).toBe(1);
    // In the notes editor, which saves it as if typed.
    const savedNotes = () =>
      page.evaluate(
        async (lab) =>
          ((await (await fetch(`/api/labs/${lab}/notes`)).json()) as { notes: { body: string } }).notes.body,
        LAB,
      );
    await expect
      .poll(savedNotes, { timeout: 10_000 })
      .toContain(`MV/1, line ${first.line} (table auth_log_sshd): time ${first.time}; host ${first.host}`);
    await expect.poll(() => page.getByTestId('notes-state').innerText()).toBe('Saved');

    // "Open in the console" takes the view's query there.
    const viewSql = await page.getByTestId('view-sql').innerText();
    await page.getByRole('button', { name: 'Open in the console' }).click();
    await expect
      .poll(async () =>
        (await page.getByTestId('sql-editor').locator('.view-lines').textContent())?.replace(/\s+/gu, ''),
      )
      .toBe(viewSql.replace(/\s+/gu, ''));

    // A line number opens the artefact at that line, on the files side.
    await page.getByRole('button', { name: 'Tables', exact: true }).click();
    await page.getByRole('button', { name: 'Table auth_log_sshd' }).click();
    await page.getByRole('button', { name: `Show MV/1, line ${first.line} in the artefact` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('line')).toBe(first.line);
    expect(new URL(page.url()).searchParams.get('artefact')).toBe('auth-log');
    await expect
      .poll(() => page.getByTestId('evidence-editor').locator('.evidence-highlight').count(), { timeout: 30_000 })
      .toBe(1);
    // Back returns to the tables as they were left (the address says which side is shown).
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('tables');
    await expect.poll(() => page.getByTestId('view-sql').isVisible()).toBe(true);
    expect(await page.getByTestId('view-sql').innerText()).toContain('ORDER BY "time" ASC');
  });

  it('answers the misused account in the console, typed and run with Ctrl+Enter; a mistake shows where it is', {
    timeout: 180_000,
  }, async () => {
    const page = await tablesPage('tables-console', 'trainee2', 1440, 900);
    await page.getByRole('button', { name: 'SQL console' }).click();
    await page.getByTestId('sql-editor').locator('.view-lines').waitFor();
    const attacker = String(await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee2', LAB, 'attacker-ip'));
    const account = String(
      await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee2', LAB, 'compromised-account'),
    );

    // Table and column names are offered while typing, and taken with Enter.
    await page.getByTestId('sql-editor').click();
    await page.keyboard.type('SELECT * FROM auth_log_s', { delay: 5 });
    const suggestions = page.getByTestId('sql-editor').locator('.suggest-widget.visible');
    await expect.poll(() => suggestions.innerText()).toContain('auth_log_sshd');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' WHERE ev', { delay: 5 });
    await expect.poll(() => suggestions.innerText()).toContain('event');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () =>
        (await page.getByTestId('sql-editor').locator('.view-lines').textContent())?.replace(/\s+/gu, ' '),
      )
      .toBe('SELECT * FROM auth_log_sshd WHERE event');

    // The first login of the address that guessed most passwords: a count inside a query of the logins.
    await typeQuery(page, [
      'SELECT user, time, ip FROM auth_log_sshd',
      "WHERE event = 'accepted' AND ip = (SELECT ip FROM auth_log_sshd WHERE event = 'failed' GROUP BY ip ORDER BY count(*) DESC LIMIT 1)",
      'ORDER BY time',
    ]);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const logins = await gridRows(page);
    expect(logins[0]).toMatchObject({ user: account, ip: attacker });
    expect(logins[0]!.time).toMatch(/^2024-03-0\dT\d\d:\d\d:\d\d(\.\d+)?Z$/u);
    await expect
      .poll(() => page.getByTestId('result-count').innerText())
      .toBe(`Rows 1–${logins.length} of ${logins.length}`);
    await page.screenshot({ path: `${SCREENS}/console-1440.png` });

    // A syntax error: the message, the place in words, and a marker under it in the editor.
    await typeQuery(page, ['SELECT ip, count(*)', 'FROM auth_log_sshd', 'GROUP BYY ip']);
    await page.keyboard.press('ControlOrMeta+Enter');
    const problem = page.getByTestId('query-problem');
    await expect.poll(() => problem.innerText(), { timeout: 30_000 }).toMatch(/syntax error/iu);
    // Where the mistake is, in words (the server's message says it, or the page adds it).
    expect(await problem.innerText()).toContain(`line 3, column ${'GROUP BYY ip'.indexOf('BYY') + 1}`);
    expect(await page.getByTestId('query-result').filter({ visible: true }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('sql-editor').locator('.squiggly-error').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENS}/error-1440.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // Both queries are kept in the lab's history, newest first, and run again from there.
    await page.getByText(/Your queries in this lab \(\d+\)/u).click();
    await page.getByRole('button', { name: 'Run again' }).nth(1).click();
    await expect.poll(async () => (await gridRows(page))[0]?.user).toBe(account);
  });

  it('pages a long result, says when rows were left out, exports CSV safely and keeps named queries', {
    timeout: 180_000,
  }, async () => {
    const page = await tablesPage('tables-paging', 'trainee3', 1440, 900);
    const logLines = Number(
      /([\d,]+) rows/u.exec(await page.getByTestId('table-auth_log').innerText())![1]!.replace(/,/gu, ''),
    );
    await page.getByRole('button', { name: 'SQL console' }).click();
    await typeQuery(page, ['SELECT * FROM auth_log']);
    await page.keyboard.press('ControlOrMeta+Enter');
    const count = page.getByTestId('result-count');
    await expect.poll(() => count.innerText()).toBe(`Rows 1–100 of ${logLines.toLocaleString('en')}`);
    await page.getByRole('button', { name: 'Next 100' }).click();
    await expect.poll(() => count.innerText()).toBe(`Rows 101–200 of ${logLines.toLocaleString('en')}`);
    expect((await gridRows(page))[0]?.line).toBe('101');
    expect(await page.getByTestId('result-truncated').count()).toBe(0);

    // Every pair of rows of the two tables: more than the server sends.
    await typeQuery(page, ['SELECT a.line, b.line FROM auth_log a, auth_log_sshd b']);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toBe('Rows 1–100 of 10,000');
    expect(await page.getByTestId('result-truncated').innerText()).toMatch(
      /^More than 10,000 rows: only the first 10,000 are shown\./u,
    );

    // CSV: fields quoted, quotes doubled, a formula kept as text.
    await typeQuery(page, [`SELECT line, '=1+1' AS formula, 'say "hi"' AS quoted FROM auth_log ORDER BY line LIMIT 2`]);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => count.innerText()).toBe('Rows 1–2 of 2');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${LAB}-query.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toBe('\uFEFF"line","formula","quoted"\r\n1,"\'=1+1","say ""hi"""\r\n2,"\'=1+1","say ""hi"""\r\n');

    // The history keeps each query once, newest first; a name stays after a reload (named queries
    // first), and the query runs again.
    await page.getByText(/Your queries in this lab \(\d+\)/u).click();
    const history = page.locator('.query-history li');
    await expect.poll(() => history.first().locator('code').innerText()).toContain(`'=1+1' AS formula`);
    await page.getByLabel('Name of query 3').fill('All of auth.log');
    await page.getByLabel('Name of query 3').press('Tab');
    await expect.poll(() => page.getByLabel('Name of query 1').inputValue()).toBe('All of auth.log');
    await page.reload();
    await page.getByRole('button', { name: 'Tables', exact: true }).click();
    await page.getByRole('button', { name: 'SQL console' }).click();
    await page.getByText(/Your queries in this lab \(\d+\)/u).click();
    await expect.poll(() => page.getByLabel('Name of query 1').inputValue()).toBe('All of auth.log');
    await history.first().getByRole('button', { name: 'Run again' }).click();
    await expect.poll(() => count.innerText()).toBe(`Rows 1–100 of ${logLines.toLocaleString('en')}`);
  });

  it('keeps the evidence viewer as it was on the files side, before and after the tables are shown', {
    timeout: 120_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'tables-files-side');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, 'trainee3', 'demo-trainee-2024');
    await page.goto(`${app.server.url}/labs/${LAB}`);
    await page.getByRole('button', { name: /Open MV\/1/u }).click();
    const viewer = page.getByTestId('evidence-editor');
    await expect.poll(() => viewer.locator('.view-lines').innerText(), { timeout: 30_000 }).toMatch(/sshd|CRON/u);
    // The viewer fills the pane below its toolbar.
    const height = async () => (await viewer.boundingBox())?.height ?? 0;
    expect(await height()).toBeGreaterThan(500);
    const before = await height();
    await page.getByRole('button', { name: 'Tables', exact: true }).click();
    await page.getByTestId('table-auth_log_sshd').waitFor({ timeout: 60_000 });
    expect(await viewer.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Files', exact: true }).click();
    await expect.poll(height).toBe(before);
    expect(await page.getByTestId('visible-lines').innerText()).toMatch(/^Lines 1–/u);
    await page.screenshot({ path: `${SCREENS}/files-1440.png` });
  });

  it('fits a phone: nothing overflows sideways at 390 px', { timeout: 180_000 }, async () => {
    const page = await tablesPage('tables-narrow', 'trainee1', 390, 844);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/list-390.png` });
    await page.getByRole('button', { name: 'Open auth_log_sshd' }).click();
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/grid-390.png` });
    await page.getByTestId('query-result').filter({ visible: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/grid-rows-390.png` });
    await page.getByRole('button', { name: 'SQL console' }).click();
    await typeQuery(page, ['SELECT * FROM auth_log LIMIT 5']);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBe(5);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/console-390.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SCREENS}/console-1024.png` });
    expect(await overflowsSideways(page)).toBe(false);
  });
});
