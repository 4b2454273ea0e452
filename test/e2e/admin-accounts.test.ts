import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, serverAndBrowserForFile, seriousViolations, signIn } from './support/browser.ts';

const SCREENS = 'test-results/admin-accounts';
const PASSWORD = 'kofi chose this one 7';

// Two browsers: the administrator's and the new trainee's, each with a cookie jar of its own.
const app = serverAndBrowserForFile({ browsers: 2 });

async function screens(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SCREENS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function openAdministration(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
  await page.getByTestId('account-table').waitFor();
}

describe('an administrator manages accounts in the browser', () => {
  it('creates a trainee with a one-time link, which sets the password; disabling ends the session', async () => {
    await mkdir(SCREENS, { recursive: true });
    const [adminBrowser, traineeBrowser] = app.browsers;
    await adminBrowser!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    const admin = await pageWithFailureScreenshot(adminBrowser!, 'admin-accounts-admin');
    const trainee = await pageWithFailureScreenshot(traineeBrowser!, 'admin-accounts-trainee');

    // Only administrators get the link; the page is refused to others who type its address.
    await signIn(trainee, app.server.url, 'trainee1', 'demo-trainee-2024');
    expect(await trainee.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await trainee.goto(`${app.server.url}/admin`);
    await trainee.getByRole('heading', { name: 'For administrators only' }).waitFor();
    await trainee.getByRole('button', { name: 'Sign out', exact: true }).click();
    await trainee.getByRole('heading', { name: 'Sign in' }).waitFor();

    await signIn(admin, app.server.url, 'admin', 'demo-admin-2024');
    await openAdministration(admin);
    await expect.poll(() => admin.getByTestId('account-table').innerText()).toContain('trainee1');
    await screens(admin, 'list');
    expect(await seriousViolations(admin)).toEqual([]);

    // A new trainee: no password field, a one-time link shown once.
    const form = admin.getByRole('form', { name: 'Create an account' });
    expect(await form.getByLabel('Password').count()).toBe(0);
    await form.getByLabel('Username').fill('kofi.mensah');
    await form.getByLabel('Display name').fill('Kofi Mensah');
    await form.getByLabel('Role', { exact: true }).selectOption('trainee');
    await form.getByRole('button', { name: 'Create the account' }).click();
    await admin.getByRole('heading', { name: 'Account created: the link for Kofi Mensah' }).waitFor();
    await admin.getByRole('button', { name: 'Copy the link' }).click();
    await admin.getByText('The link is copied.').waitFor();
    const link = await admin.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${app.server.url}/set-password#[\\w-]{43}$`, 'u'));
    expect(await admin.getByTestId('one-time-link').inputValue()).toBe(link);
    await expect.poll(() => admin.getByTestId('account-table').innerText()).toContain('Password not set yet');
    await screens(admin, 'link');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Done, I have passed it on' }).click();
    expect(await admin.getByTestId('one-time-link').count()).toBe(0);
    await admin.getByRole('button', { name: 'Sign out', exact: true }).click();
    await admin.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The link opens the set-password page without a session; the token leaves the address bar.
    await trainee.goto(link);
    await trainee.getByRole('heading', { name: 'Set your password' }).waitFor();
    expect(new URL(trainee.url()).hash).toBe('');
    await screens(trainee, 'set-password-form');
    await trainee.getByLabel('New password').fill(PASSWORD);
    await trainee.getByLabel('The same password again').fill('something else entirely');
    await trainee.getByRole('button', { name: 'Set the password' }).click();
    await trainee.getByText('The two passwords differ').waitFor();
    await trainee.getByLabel('The same password again').fill(PASSWORD);
    await trainee.getByRole('button', { name: 'Set the password' }).click();
    await trainee.getByText('Your password is set. Sign in as kofi.mensah with it.').waitFor();
    await screens(trainee, 'set-password');
    expect(await seriousViolations(trainee)).toEqual([]);

    // Used once, the link is refused the second time (opened afresh, as from the message it came in), with the reason.
    await trainee.goto('about:blank');
    await trainee.goto(link);
    await trainee.getByLabel('New password').fill('another passphrase 8');
    await trainee.getByLabel('The same password again').fill('another passphrase 8');
    await trainee.getByRole('button', { name: 'Set the password' }).click();
    await trainee.getByText('This link has already been used to set a password').waitFor();

    await signIn(trainee, app.server.url, 'kofi.mensah', PASSWORD);

    // The administrator disables the account: the trainee's next request is refused.
    await signIn(admin, app.server.url, 'admin', 'demo-admin-2024');
    await openAdministration(admin);
    await admin.getByLabel('Search by name or username').fill('kofi');
    await expect.poll(() => admin.getByTestId('account-table').locator('tbody tr').count()).toBe(1);
    await admin.getByRole('button', { name: 'Disable Kofi Mensah' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await admin.getByText('Kofi Mensah is disabled and signed out everywhere.').waitFor();
    await expect.poll(() => admin.getByTestId('account-table').innerText()).toContain('Disabled');
    await screens(admin, 'disabled');

    const status = await trainee.evaluate(async () => (await fetch('/api/catalogue')).status);
    expect(status).toBe(401);
    await trainee.reload();
    await trainee.getByRole('heading', { name: 'Sign in' }).waitFor();
    await trainee.getByLabel('Username').fill('kofi.mensah');
    await trainee.getByLabel('Password').fill(PASSWORD);
    await trainee.getByRole('button', { name: 'Sign in' }).click();
    await trainee.getByText('The username or password is not correct.').waitFor();

    // Enabled again, a reset gives a new link; a new role after confirming.
    await admin.getByRole('button', { name: 'Enable Kofi Mensah' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
    await admin.getByText('Kofi Mensah can sign in again.').waitFor();
    await admin.getByRole('button', { name: 'Reset the password of Kofi Mensah' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Make a link' }).click();
    await admin.getByRole('heading', { name: 'Password reset: the link for Kofi Mensah' }).waitFor();
    expect(await admin.getByTestId('one-time-link').inputValue()).not.toBe(link);
    await admin.getByLabel('Role of Kofi Mensah').selectOption('instructor');
    await admin.getByRole('dialog').getByRole('button', { name: 'Change the role' }).click();
    await admin.getByText('The role of Kofi Mensah is now Instructor.').waitFor();
    expect(await admin.getByLabel('Role of Kofi Mensah').inputValue()).toBe('instructor');
  }, 120_000);
});
