import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import { serverAndBrowserForFile, seriousViolations, signedInPages } from './support/browser.ts';

const LAB = 'sample-phishing-report';
const LAB_TITLE = 'A payment reminder that was not from the supplier';
const COHORT = 'Evening class: invoice fraud';
const FINDING =
  'On 12 March 2024 the practice received a message (SH/1) that asked it to pay invoice INV-2024-0419, EUR 18,460.00, ' +
  'to a new account and not to the bank details on file. It came from the look-alike domain examp1e-supplies.example through ' +
  '203.0.113.45 (SH/2), with a Reply-To address at webmail.example.net, and pressed for payment the same day.';
const COMMENT = 'Good use of the exhibits. Mention the SPF and DMARC results as supporting evidence.';

// Two browsers, so that the instructor (the first) and the trainee each have a cookie jar of their own.
const app = serverAndBrowserForFile({ browsers: 2 });

/** Opens a section of the cohort dashboard by its link, and waits for its heading (each section is headed by its link's name). */
async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Cohort sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 2, exact: true }).waitFor();
}

describe('an instructor runs a cohort in the browser', () => {
  it('creates a cohort, assigns a lab, grades a manual answer the trainee then sees, and exports the grades', async () => {
    // A trainee in no other cohort: the demo cohort's courses open the phishing lab too, and an answer
    // counts for the cohort the lab was open through first.
    const admin = await app.server.signedInApi('admin', 'demo-admin-2024');
    await admin('POST', '/api/users', {
      username: 'lena.k',
      displayName: 'Lena Kowalczyk',
      password: 'journey-trainee-2024',
      role: 'trainee',
    });
    const [instructor, trainee] = await signedInPages(
      app,
      ['instructor-journey', 'instructor', 'demo-instructor-2024'],
      ['instructor-journey-trainee', 'lena.k', 'journey-trainee-2024'],
    );

    // Trainees get no link to the dashboard, and are turned away if they type its address.
    expect(await trainee.getByRole('link', { name: 'Instructor' }).count()).toBe(0);
    await trainee.goto(`${app.server.url}/instructor`);
    await trainee.getByRole('heading', { name: 'For instructors only' }).waitFor();

    // The instructor creates a cohort and sees its join code.
    await instructor.getByRole('link', { name: 'Instructor' }).click();
    await instructor.getByLabel('Cohort name').fill(COHORT);
    await instructor.getByRole('button', { name: 'Create', exact: true }).click();
    await instructor.getByRole('heading', { name: COHORT, level: 1 }).waitFor();
    const firstCode = await instructor.getByTestId('join-code').innerText();
    expect(firstCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/u);

    // A new code replaces the old one after confirming.
    await instructor.getByRole('button', { name: 'New join code' }).click();
    await instructor.getByRole('dialog').getByRole('button', { name: 'Replace the code' }).click();
    await expect.poll(() => instructor.getByTestId('join-code').innerText()).not.toBe(firstCode);
    const joinCode = await instructor.getByTestId('join-code').innerText();

    // Trainees join with the code or accept an invitation: an instructor gets no form to add one by
    // username (only an administrator may). One the administrator added is removed again by the instructor.
    await instructor.getByText('Only an administrator can add a trainee without their consent.').waitFor();
    expect(await instructor.getByLabel('Username', { exact: true }).count()).toBe(0);
    const cohortPath = new URL(instructor.url()).pathname;
    const adminLogin = await fetch(`${app.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.server.url },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin-2024' }),
    });
    const added = await fetch(`${app.server.url}/api${cohortPath.replace('/instructor', '')}/members`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: app.server.url,
        cookie: adminLogin.headers.get('set-cookie')!.split(';')[0]!,
      },
      body: JSON.stringify({ username: 'trainee3' }),
    });
    expect(added.status).toBe(201);
    await instructor.reload();
    await expect.poll(() => instructor.getByTestId('member-table').innerText()).toContain('Lena Kowalski');
    await instructor.getByRole('button', { name: 'Remove Lena Kowalski' }).click();
    await instructor.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => instructor.getByText('Nobody has joined yet.', { exact: false }).count()).toBe(1);

    // The phishing lab is assigned directly, with a window, so that it is open in this cohort
    // (in the demo course it waits for the SSH lab).
    await openSection(instructor, 'Assignments');
    await instructor.getByLabel('Lab or course').selectOption({ label: LAB_TITLE });
    await instructor.getByLabel('Opens at (optional)').fill('2024-01-01T09:00');
    await instructor.getByLabel('Closes at (optional)').fill('2099-12-31T17:00');
    await instructor.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => instructor.getByTestId('assignment-table').innerText()).toContain(LAB_TITLE);
    await expect.poll(() => instructor.getByTestId('assignment-table').innerText()).toContain('2099');

    // The trainee joins with the code and hands in a finding.
    await trainee.goto(app.server.url);
    await trainee.getByLabel('Join code').fill(joinCode.toLowerCase());
    await trainee.getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => trainee.getByRole('status').innerText()).toContain(`You joined ${COHORT}.`);
    // The finding waits for two tasks; they are answered through the API to keep the journey short.
    expect((await trainee.request.get(`${app.server.url}/api/labs/${LAB}`)).ok()).toBe(true);
    for (const taskId of ['lookalike-domain', 'origin-ip']) {
      const answer = await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'lena.k', LAB, taskId);
      const response = await trainee.request.post(`${app.server.url}/api/labs/${LAB}/tasks/${taskId}/submissions`, {
        data: { answer },
      });
      expect(response.status()).toBe(201);
    }
    await trainee.goto(`${app.server.url}/labs/${LAB}`);
    const task = trainee
      .getByRole('article')
      .filter({ has: trainee.getByRole('heading', { name: /Finding for the prosecutor/u }) });
    await task.getByLabel('Your answer').fill(FINDING);
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByRole('status').innerText()).toMatch(/Submitted for review/u);

    // The instructor grades it in the review queue; it leaves the queue.
    await openSection(instructor, 'Review queue');
    const card = instructor
      .getByTestId('review-card')
      .filter({ hasText: 'Lena Kowalczyk: Finding for the prosecutor' });
    await card.waitFor();
    expect(await card.getByRole('heading', { name: 'Rubric' }).count()).toBe(1);
    expect(await card.innerText()).toContain('INV-2024-0419');
    await card.getByLabel('Points (0 to 20)').fill('16');
    await card.getByLabel('Comment for the trainee').fill(COMMENT);
    await card.getByRole('button', { name: 'Save the grade' }).click();
    await expect.poll(() => card.count()).toBe(0);
    await expect
      .poll(() => instructor.getByRole('status').filter({ hasText: 'was graded' }).innerText())
      .toContain('16 of 20 points');
    await instructor.getByText('No answers are waiting for a grade.').waitFor();

    // The trainee sees the grade and the comment in the workspace.
    await trainee.reload();
    const review = trainee.getByTestId('task-review');
    await expect.poll(() => review.innerText(), { timeout: 10_000 }).toContain('16 of 20 points');
    expect(await review.innerText()).toContain(COMMENT);

    // The progress matrix lists the trainee; choosing them opens their submissions.
    await openSection(instructor, 'Progress');
    await instructor.getByTestId('progress-matrix').getByRole('button', { name: 'Lena Kowalczyk' }).click();
    await instructor.getByRole('heading', { name: 'Submissions of Lena Kowalczyk' }).waitFor();
    await expect
      .poll(() => instructor.getByTestId('submission-history').innerText())
      .toContain('16 points, by Ines Moreau (instructor)');

    // The grade export has the trainee's row.
    await openSection(instructor, 'Grades and audit log');
    const download = instructor.waitForEvent('download');
    await instructor.getByRole('link', { name: 'Download grades (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^grades-evening-class-invoice-fraud-\d{4}-\d{2}-\d{2}\.csv$/u);
    const csv = await readFile(await file.path(), 'utf8');
    const row = csv.split('\r\n').find((line) => line.includes('"lena.k"'));
    expect(row).toBeDefined();
    expect(row).toMatch(/^"Lena Kowalczyk","lena\.k",\d+,\d+$/u);
    expect(Number(row!.split(',').at(-1))).toBeGreaterThanOrEqual(16);
    await expect.poll(() => instructor.getByTestId('audit-table').innerText()).toContain('graded an answer');
  }, 90_000);

  it('has no serious or critical axe violations on any section of the dashboard', async () => {
    const [page] = await signedInPages(app, ['instructor-axe', 'instructor', 'demo-instructor-2024']);
    await page.getByRole('link', { name: 'Instructor' }).click();
    await page.getByRole('heading', { name: 'My cohorts' }).waitFor();
    await page.getByRole('link', { name: /^Demo cohort/u }).click();
    await page.getByTestId('member-table').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const waitFor: Record<string, () => Promise<unknown>> = {
      Assignments: () => page.getByTestId('assignment-table').waitFor(),
      Progress: async () => {
        await page.getByTestId('progress-matrix').getByRole('button', { name: 'Amira Haddad' }).click();
        await page.getByTestId('submission-history').waitFor();
      },
      'Task analytics': () => page.locator('.lab-analytics').first().waitFor(),
      'Review queue': () => page.getByRole('button', { name: 'Graded' }).waitFor(),
      'Grades and audit log': () => page.getByTestId('audit-table').waitFor(),
      'Integrity signals': () => page.getByRole('heading', { name: 'Implausibly fast solves' }).waitFor(),
    };
    for (const [section, ready] of Object.entries(waitFor)) {
      await openSection(page, section);
      await ready();
      expect({ section, violations: await seriousViolations(page) }).toEqual({ section, violations: [] });
    }
  }, 60_000);
});
