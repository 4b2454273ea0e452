import { AxeBuilder } from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, signIn, serverAndBrowserForFile, TestBrowser } from './support/browser.ts';

const LAB = 'sample-ssh-intrusion';
const PASSWORD = 'demo-trainee-2024';
const app = serverAndBrowserForFile();

/** Ends every session of a user on the server, as an expiry or an administrator would. */
function endSessionsOf(username: string): number {
  const db = new Database(app.server.env.CASEBENCH_DB!);
  try {
    return db.prepare('delete from sessions where user_id = (select id from users where username = ?)').run(username)
      .changes;
  } finally {
    db.close();
  }
}

/** The notes the server holds for a user and lab ('' before the first save). */
function storedNotes(username: string, labId: string): string {
  const db = new Database(app.server.env.CASEBENCH_DB!, { readonly: true });
  try {
    const row = db
      .prepare('select body from notes where lab_id = ? and user_id = (select id from users where username = ?)')
      .get(labId, username) as { body: string } | undefined;
    return row?.body ?? '';
  } finally {
    db.close();
  }
}

function activeSessionsOf(username: string): number {
  const db = new Database(app.server.env.CASEBENCH_DB!, { readonly: true });
  try {
    return (
      db
        .prepare('select count(*) as count from sessions where user_id = (select id from users where username = ?)')
        .get(username) as { count: number }
    ).count;
  } finally {
    db.close();
  }
}

function userId(username: string): number {
  const db = new Database(app.server.env.CASEBENCH_DB!, { readonly: true });
  try {
    return (db.prepare('select id from users where username = ?').get(username) as { id: number }).id;
  } finally {
    db.close();
  }
}

/** The text shown in a Monaco editor (Monaco renders spaces as no-break spaces). */
async function editorText(page: Page): Promise<string> {
  return (await page.getByTestId('notes-editor').locator('.view-lines').innerText())
    .replace(/\u00a0/gu, ' ')
    .replace(/\s*\n\s*/gu, ' ');
}

async function openNotes(page: Page): Promise<void> {
  await page.goto(`${app.server.url}/labs/${LAB}`);
  await page.getByTestId('notes-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
}

const notesState = (page: Page) => page.getByTestId('notes-state').innerText();

describe('a session that ends while a trainee works', () => {
  it('asks for the password in place, keeps the typed notes and finishes their save after signing in', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'session-end-dialog');
    await signIn(page, app.server.url, 'trainee1', PASSWORD);
    await openNotes(page);
    await page.getByTestId('notes-editor').click();
    await page.keyboard.type('Attacker seen at 03:12.');
    await expect.poll(() => notesState(page), { timeout: 10_000 }).toBe('Saved');
    await expect.poll(() => page.getByRole('banner').innerText()).toMatch(/Signed in as Tomas Berg/u);

    expect(endSessionsOf('trainee1')).toBeGreaterThan(0);
    // In one input: typed key by key on a busy machine, a pause could send the save (and open the dialog,
    // which takes the focus) halfway through the sentence.
    await page.keyboard.insertText(' Then a sudo to root.');

    // The next save meets the ended session: the dialog appears over the page, which stays as it was.
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${app.server.url}/labs/${LAB}`);
    expect(await editorText(page)).toContain('Attacker seen at 03:12. Then a sudo to root.');
    await expect.poll(() => page.getByRole('banner').innerText()).not.toMatch(/Signed in as/u);
    expect(await dialog.getByLabel('Username').inputValue()).toBe('trainee1');

    const axe = await new AxeBuilder({ page }).include('.sign-in-dialog').analyze();
    const serious = axe.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => violation.id)).toEqual([]);

    // A wrong password is said plainly, and the dialog stays.
    await dialog.getByLabel('Password').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('The username or password is not correct.');

    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => notesState(page), { timeout: 10_000 }).toBe('Saved');
    expect(storedNotes('trainee1', LAB)).toBe('Attacker seen at 03:12. Then a sudo to root.');
    await expect.poll(() => page.getByRole('banner').innerText()).toMatch(/Signed in as Tomas Berg/u);
    expect(await editorText(page)).toContain('Attacker seen at 03:12. Then a sudo to root.');
    await page.close();
  }, 60_000);

  it('goes to the catalogue of whoever signs in instead, leaving nothing of the previous user on the page', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'session-end-other-user');
    await signIn(page, app.server.url, 'trainee2', PASSWORD);
    await openNotes(page);
    endSessionsOf('trainee2');
    await page.getByTestId('notes-editor').click();
    await page.keyboard.type('Notes of trainee2.');
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByLabel('Username').fill('trainee3');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await page.getByRole('heading', { name: 'My labs', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const banner = await page.getByRole('banner').innerText();
    expect(banner).toMatch(/Signed in as/u);
    expect(banner).not.toMatch(/trainee2/u);
    // trainee2's notes were never saved as trainee3's.
    expect(storedNotes('trainee3', LAB)).toBe('');
    await page.close();
  }, 60_000);
  it('notices a sign-out in another tab at once: the header stops saying "Signed in as", the dialog asks for the password', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'session-end-other-tab');
    await signIn(page, app.server.url, 'trainee1', PASSWORD);
    await openNotes(page);
    const other = await app.browser.newPage();
    await other.goto(`${app.server.url}/`);
    await other.getByRole('button', { name: 'Sign out', exact: true }).click();
    await other.getByRole('heading', { name: 'Sign in to Casebench' }).waitFor();

    await page.getByRole('dialog', { name: 'Your session has ended' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('banner').innerText()).not.toMatch(/Signed in as/u);
    // Signing in in the other tab resumes this one too.
    await other.getByLabel('Username').fill('trainee1');
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: 10_000 });
    await expect.poll(() => page.getByRole('banner').innerText()).toMatch(/Signed in as Tomas Berg/u);
    await other.close();
    await page.close();
  }, 60_000);
});

describe('signing out everywhere', () => {
  it('ends the sessions of the account in every browser, this one included', async () => {
    const elsewhere = await TestBrowser.launch();
    try {
      const away = await elsewhere.newPage();
      await signIn(away, app.server.url, 'trainee2', PASSWORD);
      const page = await pageWithFailureScreenshot(app.browser, 'sign-out-everywhere');
      await signIn(page, app.server.url, 'trainee2', PASSWORD);
      expect(activeSessionsOf('trainee2')).toBe(2);

      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await page.getByRole('heading', { name: 'Sign in to Casebench' }).waitFor();
      expect(activeSessionsOf('trainee2')).toBe(0);
      // The other browser's next request finds its session ended.
      await away.reload();
      await away.getByRole('heading', { name: 'Sign in to Casebench' }).waitFor({ timeout: 15_000 });
      await page.close();
    } finally {
      await elsewhere.close();
    }
  }, 90_000);
});

describe('unsaved notes', () => {
  it('survive a reload and are saved when the server can be reached again', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'notes-draft-reload');
    await signIn(page, app.server.url, 'trainee3', PASSWORD);
    await openNotes(page);
    // The saves do not reach the server (a dropped connection), including the last one on unload.
    const dropSaves = (route: import('playwright-core').Route) =>
      route.request().method() === 'PUT' ? route.abort() : route.continue();
    await page.route('**/api/labs/*/notes', dropSaves);
    await page.getByTestId('notes-editor').click();
    await page.keyboard.type('Draft that never reached the server.');
    await expect.poll(() => notesState(page), { timeout: 10_000 }).toMatch(/^Not saved/u);

    await page.reload();
    await page.getByTestId('notes-editor').locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain('Draft that never reached the server.');
    expect(storedNotes('trainee3', LAB)).toBe('');

    await page.unroute('**/api/labs/*/notes', dropSaves);
    await page.getByTestId('notes-editor').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' More.');
    await expect.poll(() => notesState(page), { timeout: 10_000 }).toBe('Saved');
    expect(storedNotes('trainee3', LAB)).toBe('Draft that never reached the server. More.');
    // Saved: nothing of trainee3's is left in the browser (trainee2's unsent draft of the test before stays, as theirs).
    const prefix = `casebench:draft:${userId('trainee3')}:`;
    expect(
      await page.evaluate((start) => Object.keys(localStorage).filter((key) => key.startsWith(start)), prefix),
    ).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('pages that lead nowhere', () => {
  it('offer the way back to the labs', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'not-found');
    await signIn(page, app.server.url, 'trainee1', PASSWORD);
    await page.goto(`${app.server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to my labs' }).click();
    await page.getByRole('heading', { name: 'My labs', level: 1 }).waitFor();
  }, 60_000);
});
