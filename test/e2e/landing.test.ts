import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, serverAndBrowserForFile, WITHOUT_DEMO_ACTIVITY } from './support/browser.ts';

/*
 * Where each role lands after signing in, and what the administrator's start page says when a lab
 * failed to load. The server runs on a labs folder of its own: intake-lab, which loads, and
 * broken-lab, whose difficulty the lab format does not know.
 */
const app = serverAndBrowserForFile({
  server: WITHOUT_DEMO_ACTIVITY,
  labs: async (fixture) => {
    await fixture.addLab('intake-lab');
    await fixture.addLab('broken-lab');
    await fixture.edit('broken-lab', 'difficulty: beginner', 'difficulty: legendary');
  },
});

const ACCOUNTS = {
  admin: ['admin', 'demo-admin-2024'],
  instructor: ['instructor', 'demo-instructor-2024'],
  trainee: ['trainee1', 'demo-trainee-2024'],
} as const;

// One browser for the file: every test starts signed out.
beforeEach(async () => {
  await app.browser.context.clearCookies();
});

/** Fills in the sign-in form the page shows (wherever it came from) and sends it. */
async function submitSignIn(page: Page, [username, password]: readonly [string, string]): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const pathOf = (page: Page) => new URL(page.url()).pathname;
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('the page each role lands on after signing in', () => {
  it('an administrator lands on the administration start page, with the labs that failed to load', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-admin');
    await page.goto(`${app.server.url}/sign-in`);
    await submitSignIn(page, ACCOUNTS.admin);
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/admin');
    // The figure counts the lab that loaded and says that one did not.
    const figure = page.getByTestId('figure-labs');
    await expect.poll(() => figure.innerText()).toContain('1 failed to load');
    expect(await figure.locator('.admin-figure-value').innerText()).toBe('1');
    const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /failed to load/u }) });
    await alert.getByRole('heading', { name: 'Labs that failed to load: 1' }).waitFor();
    const failure = await alert.innerText();
    expect(failure).toContain('broken-lab');
    expect(failure).toMatch(/lab\.yaml:\d+:\d+ difficulty: expected one of "beginner", "intermediate", "advanced"/u);
    expect(failure).not.toContain('intake-lab');
    // Home is the start page; the trainees' catalogue is no page of an administrator's.
    expect(await page.locator('a.brand').getAttribute('href')).toBe('/admin');
    expect(await mainNav(page).getByRole('link', { name: 'My labs' }).count()).toBe(0);
    await mainNav(page).getByRole('link', { name: 'Administration' }).waitFor();
  });

  it('an instructor lands on the instructor page', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-instructor');
    await page.goto(`${app.server.url}/sign-in`);
    await submitSignIn(page, ACCOUNTS.instructor);
    await page.getByRole('heading', { name: 'Instructor', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/instructor');
    expect(await page.locator('a.brand').getAttribute('href')).toBe('/instructor');
    expect(await mainNav(page).getByRole('link', { name: 'My labs' }).count()).toBe(0);
    expect(await mainNav(page).getByRole('link', { name: 'Administration' }).count()).toBe(0);
  });

  it('a trainee lands on their labs', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-trainee');
    await page.goto(`${app.server.url}/sign-in`);
    await submitSignIn(page, ACCOUNTS.trainee);
    await page.getByRole('heading', { name: 'My labs', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await page.locator('a.brand').getAttribute('href')).toBe('/');
    await mainNav(page).getByRole('link', { name: 'My labs' }).waitFor();
  });
});

describe('a page asked for before signing in', () => {
  it('wins over the start page: an administrator who opened a deep link lands on it', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-deep-link');
    await page.goto(`${app.server.url}/admin/packages`);
    await page.getByRole('heading', { name: 'Sign in to Casebench' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/packages');
    await submitSignIn(page, ACCOUNTS.admin);
    await page.getByRole('heading', { name: 'Lab packages', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/admin/packages');
  });

  it('the site address alone asks for no page: an instructor who opened it lands on the instructor page', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-site-address');
    await page.goto(`${app.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Casebench' }).waitFor();
    await submitSignIn(page, ACCOUNTS.instructor);
    await page.getByRole('heading', { name: 'Instructor', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/instructor');
  });
});

describe('someone else signing in where a session ended', () => {
  it('an administrator signing in over a trainee whose session ended starts afresh on the administration page', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'landing-other-user');
    await page.goto(`${app.server.url}/sign-in`);
    await submitSignIn(page, ACCOUNTS.trainee);
    await page.getByRole('heading', { name: 'My labs', level: 1 }).waitFor();
    // The trainee's sessions end on the server, as an expiry or an administrator would end them.
    const db = new Database(app.server.env.CASEBENCH_DB!);
    try {
      db.prepare("delete from sessions where user_id = (select id from users where username = 'trainee1')").run();
    } finally {
      db.close();
    }
    // Coming back to the tab makes the page ask the server who is signed in.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.getByLabel('Username').fill(ACCOUNTS.admin[0]);
    await dialog.getByLabel('Password').fill(ACCOUNTS.admin[1]);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(pathOf(page)).toBe('/admin');
    expect(await page.getByRole('banner').innerText()).not.toMatch(/trainee1/u);
  });
});
