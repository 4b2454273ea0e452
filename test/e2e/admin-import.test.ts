import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { pageWithFailureScreenshot, serverAndBrowserForFile, seriousViolations, signIn } from './support/browser.ts';

const SCREENS = 'test-results/admin-import';
const PASSWORD = 'ama chose this one 9';
const COHORT = 'Demo cohort: Cybercrime investigation basics';

// Two browsers: the administrator's and a new trainee's, each with a cookie jar of its own.
const app = serverAndBrowserForFile({ browsers: 2 });

/** The whole page at 1440 and 390 px, and at 390 px the part in question on its own (the whole page is long). */
async function screens(page: Page, name: string, part?: Locator): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SCREENS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENS}/${name}-390.png`, fullPage: true });
  await part?.screenshot({ path: `${SCREENS}/${name}-part-390.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Ten trainees for the demo cohort, columns in another order than the documentation's, and one bad row. */
function classFile(): string {
  const names = [
    ['ama.boateng', 'Ama Boateng'],
    ['kofi.owusu', 'Kofi Owusu'],
    ['efua.ansah', 'Efua Ansah'],
    ['yaw.darko', 'Yaw Darko'],
    ['akua.mensah', 'Akua Mensah'],
    ['kwame.asante', 'Kwame Asante'],
    ['abena.osei', 'Abena Osei'],
    ['kojo.appiah', 'Kojo Appiah'],
    ['esi.quaye', 'Esi Quaye'],
    ['fiifi.addo', 'Fiifi Addo'],
  ];
  const rows = names.map(([username, name]) => `"${name}",${username},Trainee,${COHORT}`);
  // Line 7: a username already taken by a demo trainee.
  rows.splice(5, 0, `"Someone Else",trainee1,trainee,${COHORT}`);
  return `Display name,Username,Role,Cohort\r\n${rows.join('\r\n')}\r\n`;
}

describe('an administrator imports accounts from CSV in the browser', () => {
  it('previews ten trainees and a refused row, creates them, and one sets a password with the link', async () => {
    await mkdir(SCREENS, { recursive: true });
    const [adminBrowser, traineeBrowser] = app.browsers;
    await adminBrowser!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    const admin = await pageWithFailureScreenshot(adminBrowser!, 'admin-import-admin');
    const trainee = await pageWithFailureScreenshot(traineeBrowser!, 'admin-import-trainee');
    const file = join(SCREENS, 'class.csv');
    await writeFile(file, classFile());

    // An administrator lands on the start page: accounts counted, the labs loaded, every cohort with its instructor.
    await signIn(admin, app.server.url, 'admin', 'demo-admin-2024');
    await admin.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/admin');
    await expect.poll(() => admin.getByTestId('figure-accounts').innerText()).toContain('5');
    const shipped = await loadLibrary('labs');
    const labsFigure = admin.getByTestId('figure-labs');
    expect(await labsFigure.locator('.admin-figure-value').innerText()).toBe(String(shipped.labs.size));
    expect(await labsFigure.innerText()).toContain(`all loaded; ${shipped.courses.size} courses`);
    await admin.getByText(`Installed: ${shipped.labs.size} labs, ${shipped.courses.size} courses`).click();
    const listed = await admin.getByTestId('admin-labs').locator('li').allInnerTexts();
    expect(listed).toHaveLength(shipped.labs.size);
    for (const { definition } of shipped.labs.values())
      expect(listed.some((line) => line.startsWith(definition.title) && line.includes(definition.id))).toBe(true);
    await admin.getByTestId('admin-cohorts').getByText(COHORT).waitFor();
    await admin.getByTestId('admin-audit').waitFor();
    await screens(admin, 'start', admin.locator('.admin-overview'));
    expect(await seriousViolations(admin)).toEqual([]);

    await admin.getByRole('button', { name: 'Import from CSV' }).click();
    const panel = admin.getByRole('region', { name: 'Import accounts from CSV' });
    await panel.getByLabel('CSV file').setInputFiles(file);
    await expect.poll(() => panel.getByLabel('Or paste the rows').inputValue()).toContain('fiifi.addo');
    await panel.getByRole('button', { name: 'Preview the import' }).click();
    await panel.getByRole('heading', { name: 'Preview: 10 to create, 1 refused' }).waitFor();
    expect(await panel.getByTestId('import-accepted').locator('tbody tr').count()).toBe(10);
    const refused = await panel.getByTestId('import-refused').innerText();
    expect(refused).toContain('7');
    expect(refused).toContain('The username “trainee1” is taken by an account.');
    await screens(admin, 'preview', panel);
    expect(await seriousViolations(admin)).toEqual([]);

    await panel.getByRole('button', { name: 'Create 10 accounts' }).click();
    await panel.getByRole('heading', { name: 'Accounts created: 10' }).waitFor();
    await panel.getByText('Copy the links now.').waitFor();
    expect(await panel.getByTestId('import-created').locator('tbody tr').count()).toBe(10);
    await panel.getByRole('button', { name: 'Copy all as CSV' }).click();
    await panel.getByText('Copied: username, link and expiry of every account, as CSV.').waitFor();
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    const lines = copied
      .replace(/^\uFEFF/u, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('"username","link","expires"');
    expect(lines).toHaveLength(11);
    const amaLine = lines.find((line) => line.startsWith('"ama.boateng"'))!;
    const [, amaLink, expires] = amaLine.split(',').map((cell) => cell.replaceAll('"', ''));
    expect(amaLink).toMatch(new RegExp(`^${app.server.url}/set-password#[\\w-]{43}$`, 'u'));
    expect(new Date(expires!).getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    expect(await panel.getByLabel('One-time link of Ama Boateng').inputValue()).toBe(amaLink);
    await screens(admin, 'report', panel);
    expect(await seriousViolations(admin)).toEqual([]);
    // The accounts are in the list and the figures, waiting for their passwords.
    await expect.poll(() => admin.getByTestId('figure-accounts').innerText()).toContain('15');
    await admin.getByRole('button', { name: 'Done, I have passed them on' }).click();
    expect(await panel.count()).toBe(0);
    await expect.poll(() => admin.getByTestId('admin-audit').innerText()).toContain('imported accounts from CSV');

    // Ama sets her password with her link, and signs in.
    await trainee.goto(amaLink!);
    await trainee.getByRole('heading', { name: 'Set your password' }).waitFor();
    await trainee.getByLabel('New password').fill(PASSWORD);
    await trainee.getByLabel('The same password again').fill(PASSWORD);
    await trainee.getByRole('button', { name: 'Set the password' }).click();
    await trainee.getByText('Your password is set. Sign in as ama.boateng with it.').waitFor();
    await signIn(trainee, app.server.url, 'ama.boateng', PASSWORD);
    await trainee.getByText('Ama Boateng').first().waitFor();
  }, 120_000);
});
