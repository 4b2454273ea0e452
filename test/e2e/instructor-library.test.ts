import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  pageWithFailureScreenshot,
  seriousViolations,
  serverAndBrowserForFile,
  signIn,
  signedInPages,
} from './support/browser.ts';

const COHORT = 'Spring investigators, group B';
const LAB_TITLE = 'Triage of a seized laptop';
const TRAINEE = { username: 'marta.q', displayName: 'Marta Quispe-Lindqvist', password: 'library-trainee-2024' };
const SHOTS = 'test-results/instructor-library';

// Three browsers, a session each: the instructor, an administrator and the new trainee.
const app = serverAndBrowserForFile({ browsers: 3 });

/** Saves the page at a desktop and a phone width, and says whether anything is wider than the phone's screen. */
async function screenshots(page: Page, name: string): Promise<string[]> {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.screenshot({ path: `${SHOTS}/${name}-390-first-screen.png` });
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      // Inside a region that scrolls on its own (a table, a code block), overflow is that region's.
      .filter((element) => !element.parentElement?.closest('.table-scroll, pre'))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  return overflowing;
}

describe('the instructors’ lab library in the browser', () => {
  it('finds a lab by searching, assigns it to a cohort chosen by name, and a trainee invited from the picker accepts and sees it', async () => {
    const [instructor, admin] = await signedInPages(
      app,
      ['library-instructor', 'instructor', 'demo-instructor-2024'],
      ['library-admin', 'admin', 'demo-admin-2024'],
    );
    // A trainee in no cohort yet, so that the lab they see afterwards is the one assigned here.
    const created = await admin.request.post(`${app.server.url}/api/users`, {
      data: { ...TRAINEE, role: 'trainee' },
      headers: { origin: app.server.url },
    });
    expect(created.status()).toBe(201);

    // The instructor creates the cohort, then opens the library from the start page.
    await instructor.getByRole('link', { name: 'Instructor' }).click();
    await instructor.getByLabel('Cohort name').fill(COHORT);
    await instructor.getByRole('button', { name: 'Create', exact: true }).click();
    await instructor.getByRole('heading', { name: COHORT, level: 1 }).waitFor();
    const cohortPath = new URL(instructor.url()).pathname;
    await instructor.getByRole('link', { name: 'All cohorts' }).click();
    await instructor.getByRole('link', { name: 'Lab library' }).click();
    await instructor.getByTestId('library-lab').first().waitFor();
    expect(await instructor.getByTestId('library-lab').count()).toBeGreaterThanOrEqual(8);
    // Titles, never ids.
    expect(await instructor.locator('main').innerText()).not.toContain('seized-laptop-triage');
    expect(await screenshots(instructor, 'library')).toEqual([]);

    // A lab and a course written for prosecutors and judges are shown under either audience, never under
    // investigators, and their cards name both audiences.
    const audience = instructor.getByLabel('Audience');
    const benchLab = instructor.getByTestId('library-lab').filter({ hasText: 'Procedural powers and safeguards' });
    const benchCourse = instructor.getByTestId('library-course').filter({ hasText: 'Prosecutors and judges' });
    await audience.selectOption({ label: 'Prosecutors' });
    await benchLab.waitFor();
    await benchCourse.waitFor();
    expect(await instructor.getByTestId('library-lab').count()).toBeGreaterThan(3);
    await audience.selectOption({ label: 'Judges' });
    await expect.poll(() => instructor.getByTestId('library-lab').count()).toBe(1);
    await benchLab.waitFor();
    await benchCourse.waitFor();
    for (const card of [benchLab, benchCourse])
      expect(await card.getByRole('list', { name: 'About this lab' }).innerText()).toContain('Prosecutors, Judges');
    expect(await screenshots(instructor, 'library-judges')).toEqual([]);
    await audience.selectOption({ label: 'Investigators' });
    await expect.poll(() => benchLab.count()).toBe(0);
    expect(await benchCourse.count()).toBe(0);
    await audience.selectOption({ label: 'Any audience' });

    // A skill finds it; the difficulty filter keeps it; the audience filter for prosecutors hides it.
    await instructor.getByLabel('Search by title or skill').fill('usb');
    await expect.poll(() => instructor.getByTestId('library-lab').count()).toBe(1);
    const card = instructor.getByTestId('library-lab').filter({ hasText: LAB_TITLE });
    await card.waitFor();
    await instructor.getByLabel('Audience').selectOption({ label: 'Prosecutors' });
    await expect.poll(() => instructor.getByTestId('library-lab').count()).toBe(0);
    await instructor.getByLabel('Audience').selectOption({ label: 'Any audience' });
    await card.waitFor();
    expect(await card.innerText()).toContain('Own data for each trainee');

    // Assign to the cohort chosen by its name.
    await card.getByRole('button', { name: `Assign “${LAB_TITLE}” to a cohort` }).click();
    await card.getByLabel(`Assign “${LAB_TITLE}” to`).selectOption({ label: COHORT });
    expect(await screenshots(instructor, 'library-assign')).toEqual([]);
    await card.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => card.getByRole('status').innerText()).toContain(`is assigned to ${COHORT}`);
    expect(await seriousViolations(instructor)).toEqual([]);

    // The preview shows the lab as a trainee finds it; the switch reveals answers and explanations.
    await card.getByRole('link', { name: `Preview “${LAB_TITLE}”` }).click();
    await instructor.getByRole('heading', { name: LAB_TITLE, level: 1 }).waitFor();
    await instructor.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    expect(await instructor.getByRole('heading', { name: 'Reference answers' }).count()).toBe(0);
    await instructor.getByLabel('Show the reference answers, explanations and hints').check();
    await expect.poll(() => instructor.getByRole('heading', { name: 'Reference answers' }).count()).toBeGreaterThan(5);
    expect(await screenshots(instructor, 'preview')).toEqual([]);
    await instructor.setViewportSize({ width: 390, height: 844 });
    await instructor
      .getByRole('article')
      .first()
      .screenshot({ path: `${SHOTS}/preview-task-390.png` });
    await instructor.setViewportSize({ width: 1440, height: 900 });
    expect(await seriousViolations(instructor)).toEqual([]);

    // The cohort's assignments show the lab by its title, and the chooser offers titles only.
    await instructor.goto(`${app.server.url}${cohortPath}/assignments`);
    await expect.poll(() => instructor.getByTestId('assignment-table').innerText()).toContain(LAB_TITLE);
    expect(await instructor.getByLabel('Lab or course').innerText()).not.toMatch(/[a-z]+-[a-z]+-[a-z]+/u);
    // An instructor adds a trainee only with the trainee's consent (the cohort access rule): the picker invites.
    await instructor.goto(`${app.server.url}${cohortPath}`);
    expect(await instructor.getByLabel('Username', { exact: true }).count()).toBe(0);
    await instructor.getByLabel('Name or username').fill('quispe');
    const results = instructor.getByRole('list', { name: 'Matching trainees' });
    await results.getByText(TRAINEE.displayName).waitFor();
    expect(await screenshots(instructor, 'picker')).toEqual([]);
    await results.getByRole('button', { name: `Invite ${TRAINEE.displayName}` }).click();
    await results.getByText('invited, not answered yet').waitFor();
    await instructor.getByRole('button', { name: `Withdraw the invitation of ${TRAINEE.displayName}` }).waitFor();
    expect(await instructor.locator('main').innerText()).toContain('Nobody has joined yet.');
    expect(await screenshots(instructor, 'picker-invited')).toEqual([]);
    expect(await seriousViolations(instructor)).toEqual([]);

    // The trainee finds the invitation on the start page, accepts it, and sees the lab, and only it.
    const trainee = await pageWithFailureScreenshot(app.browsers[2]!, 'library-trainee');
    await signIn(trainee, app.server.url, TRAINEE.username, TRAINEE.password);
    await trainee.getByRole('heading', { name: 'Invitations' }).waitFor();
    expect(await trainee.getByRole('article').count()).toBe(0);
    expect(await screenshots(trainee, 'invitation')).toEqual([]);
    expect(await seriousViolations(trainee)).toEqual([]);
    await trainee.getByRole('button', { name: `Accept the invitation to ${COHORT}` }).click();
    await trainee.getByRole('heading', { name: LAB_TITLE }).waitFor();
    expect(await trainee.getByRole('article').count()).toBe(1);
    expect(await trainee.getByRole('heading', { name: 'Invitations' }).count()).toBe(0);

    // The instructor's cohort lists the new member; the administrator, in any cohort, adds at once.
    await instructor.reload();
    await expect.poll(() => instructor.getByTestId('member-table').innerText()).toContain(TRAINEE.displayName);
    await admin.goto(`${app.server.url}${cohortPath}`);
    await admin.getByLabel('Name or username').fill('quispe');
    await admin.getByRole('list', { name: 'Matching trainees' }).getByText('already a member').waitFor();
  }, 240_000);
});
