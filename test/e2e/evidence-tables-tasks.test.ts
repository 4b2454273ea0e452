import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import { pageWithFailureScreenshot, seriousViolations, serverAndBrowserForFile, signIn } from './support/browser.ts';
import { HttpAgent } from '../helpers/server-process.ts';
import { gridRows, overflowsSideways, typeQuery } from './support/tables.ts';

/*
 * Shipped labs' tasks answered with the evidence tables alone (#13): a join across the event logs and
 * the VPN log typed into the SQL console, and a "count by" in the table view with no SQL typed. The
 * answers are read from the page; the generator is asked only for what a trainee solved before.
 */

const RANSOMWARE = 'ransomware-water-utility';
const SSH = 'sample-ssh-intrusion';
const SCREENS = 'test-results/evidence-tables-tasks';
/** A trainee of a cohort with the ransomware lab assigned on its own, so no course lock keeps it shut. */
const ANALYST = { username: 'vpn.analyst', password: 'tables-tasks-2024' };
const app = serverAndBrowserForFile(async ({ server }) => {
  await mkdir(SCREENS, { recursive: true });
  const admin = await new HttpAgent(server.url).signIn('admin', 'demo-admin-2024');
  const instructor = await new HttpAgent(server.url).signIn('instructor', 'demo-instructor-2024');
  const created = (response: { status: number; body: unknown }) =>
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  created(await admin.json('POST', '/api/users', { ...ANALYST, displayName: 'VPN analyst', role: 'trainee' }));
  const cohort = await instructor.json<{ cohort: { id: number } }>('POST', '/api/cohorts', { name: 'Tables tasks' });
  created(cohort);
  created(await instructor.json('POST', `/api/cohorts/${cohort.body.cohort.id}/assignments`, { labId: RANSOMWARE }));
  created(await admin.json('POST', `/api/cohorts/${cohort.body.cohort.id}/members`, { username: ANALYST.username }));
});

/** A trainee's workspace of a lab, on the Tables side once its tables are built. */
async function tablesOf(page: Page, lab: string, firstTable: string, narrow: boolean): Promise<void> {
  await page.goto(`${app.server.url}/labs/${lab}`);
  // A narrow window shows one pane at a time: the evidence pane behind its tab.
  if (narrow) await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByRole('button', { name: 'Tables', exact: true }).click();
  // The first build may take a moment (a progress bar meanwhile); then the list of tables.
  await page.getByTestId(`table-${firstTable}`).waitFor({ timeout: 90_000 });
  expect(new URL(page.url()).searchParams.get('view')).toBe('tables');
}

/** Types an answer into a task's field, submits it, and waits for the verdict. */
async function answerTask(page: Page, title: string, answer: string): Promise<string> {
  const task = page.getByRole('article', { name: title });
  await task.getByLabel('Your answer').fill(answer);
  await task.getByRole('button', { name: 'Submit' }).click();
  const verdict = task.getByTestId('task-verdict');
  await expect.poll(() => verdict.innerText(), { timeout: 30_000 }).toMatch(/\S/u);
  return verdict.innerText();
}

describe('shipped tasks answered with the evidence tables', () => {
  it('answers the ransomware lab’s earlier VPN account with one join typed into the SQL console', {
    timeout: 300_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'tables-tasks-join');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, app.server.url, ANALYST.username, ANALYST.password);

    // The task opens once the first host is found: that one is answered through the API, as a trainee did before.
    expect((await page.request.get(`${app.server.url}/api/labs/${RANSOMWARE}`)).ok()).toBe(true);
    const firstHost = await referenceAnswerFor(
      app.server.env.CASEBENCH_DB!,
      ANALYST.username,
      RANSOMWARE,
      'patient-zero',
    );
    const solved = await page.request.post(`${app.server.url}/api/labs/${RANSOMWARE}/tasks/patient-zero/submissions`, {
      data: { answer: firstHost },
    });
    expect(solved.status(), await solved.text()).toBe(201);

    await tablesOf(page, RANSOMWARE, 'vpn_sessions', false);
    // One table per artefact, named after its evidence id.
    for (const table of ['dc01_events', 'rds01_events', 'eng_ws04_events', 'app01_events', 'vpn_sessions'])
      expect(await page.getByTestId(`table-${table}`).count()).toBe(1);
    await page.screenshot({ path: `${SCREENS}/ransomware-tables-1440.png` });

    // The failed logons from a computer that is not one of the Authority's, each joined to the VPN session
    // that held its pool address at that moment (start and end rows share a session id).
    await page.getByRole('button', { name: 'SQL console' }).click();
    await page.getByTestId('sql-editor').locator('.view-lines').waitFor();
    await typeQuery(page, [
      'SELECT f.time, f.computer, f.target_user, f.ip, v.user AS vpn_account, v.client_ip',
      'FROM (SELECT * FROM rds01_events UNION ALL SELECT * FROM eng_ws04_events UNION ALL SELECT * FROM app01_events) f',
      "JOIN vpn_sessions v ON v.assigned_ip = f.ip AND v.event = 'session-start'",
      "JOIN vpn_sessions e ON e.session_id = v.session_id AND e.event = 'session-end'",
      "WHERE f.event_id = 4625 AND f.workstation NOT LIKE 'VWA-%' AND f.time BETWEEN v.time_utc AND e.time_utc",
      'ORDER BY f.time',
    ]);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(1);
    const rows = await gridRows(page);
    expect(Object.keys(rows[0]!)).toEqual(['time', 'computer', 'target_user', 'ip', 'vpn_account', 'client_ip']);
    // Two visits from the intruder's computer, through two accounts and two pool addresses: the earlier one is asked.
    expect(new Set(rows.map((row) => row.vpn_account)).size).toBe(2);
    expect(new Set(rows.map((row) => row.ip)).size).toBe(2);
    const earlier = rows[0]!;
    expect(rows.map((row) => row.time)).toEqual([...rows.map((row) => row.time)].sort());
    await page.screenshot({ path: `${SCREENS}/ransomware-join-1440.png` });

    // The answer goes in the task, read from the grid.
    const verdict = await answerTask(page, 'An earlier attempt through another VPN account', earlier.vpn_account!);
    expect(verdict).toMatch(/^Correct\./u);
    await page.screenshot({ path: `${SCREENS}/ransomware-answered-1440.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // The same result on a phone: nothing pushes the page sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('query-result').filter({ visible: true }).scrollIntoViewIfNeeded();
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/ransomware-join-390.png` });
  });

  it('answers the SSH lab’s attacking address on a phone with the table view’s "count by", no SQL typed', {
    timeout: 240_000,
  }, async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'tables-tasks-count-by');
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
    await tablesOf(page, SSH, 'auth_log_sshd', true);
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Open auth_log_sshd' }).click();
    await expect.poll(async () => (await gridRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);

    // Failed passwords only, counted by address: the address that guessed most comes first.
    await page.getByLabel('Column', { exact: true }).selectOption('event');
    await page.getByLabel('Condition').selectOption('equals');
    await page.getByLabel('Value').fill('failed');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Count by').selectOption('ip');
    await expect.poll(async () => Object.keys((await gridRows(page))[0] ?? {})).toEqual(['ip', 'count']);
    await expect.poll(() => page.getByTestId('view-sql').innerText()).toContain('GROUP BY "ip"');
    await expect.poll(() => page.getByTestId('view-state').getAttribute('data-state')).toBe('answered');
    const counts = await gridRows(page);
    const numbers = counts.map((row) => Number(row.count));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(numbers[0]).toBeGreaterThan(numbers[1] ?? 0);
    const top = counts[0]!.ip!;
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByTestId('query-result').filter({ visible: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/ssh-count-by-390.png` });

    // On a phone the tasks are behind their own tab.
    await page.getByRole('tab', { name: 'Tasks' }).click();
    const verdict = await answerTask(page, 'The attacking address', top);
    expect(verdict).toMatch(/^Correct\./u);
    expect(await overflowsSideways(page)).toBe(false);
    await page.screenshot({ path: `${SCREENS}/ssh-answered-390.png` });

    // The same view in a wide window.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: `${SCREENS}/ssh-count-by-1440.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
