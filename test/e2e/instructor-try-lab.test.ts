import { mkdir } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations, serverAndBrowserForFile, signedInPages } from './support/browser.ts';

const LAB_ID = 'sample-ssh-intrusion';
const LAB_TITLE = "SSH intrusion on a small firm's file server";
const TASK = 'The attacking address';
const SHOTS = 'test-results/instructor-try-lab';

const app = serverAndBrowserForFile();

async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** The preview variant in the page's address. */
const variantOf = (page: Page) => new URL(page.url()).searchParams.get('variant') ?? '';

describe('an instructor tries a lab as a trainee', () => {
  it('opens the trainee workspace on a preview variant, reads the evidence, gets a wrong and a right answer checked, and starts another variant', async () => {
    const [instructor] = await signedInPages(app, ['try-instructor', 'instructor', 'demo-instructor-2024']);
    await instructor.goto(`${app.server.url}/instructor/library`);
    await instructor.getByRole('link', { name: `Try “${LAB_TITLE}” as a trainee` }).click();
    const notice = instructor.getByRole('note');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/nothing is recorded/u);
    const firstVariant = variantOf(instructor);
    expect(firstVariant).toMatch(/^[0-9a-f]{12}$/u);
    await instructor.getByRole('heading', { name: LAB_TITLE, level: 1 }).waitFor();
    await screenshots(instructor, 'workspace');
    expect(await seriousViolations(instructor)).toEqual([]);

    // The evidence opens in the trainee's viewer, from the preview variant.
    await instructor
      .getByRole('button', { name: /^Open MV\/1\b/u })
      .first()
      .click();
    await instructor.locator('.view-line', { hasText: 'sshd' }).first().waitFor();
    await screenshots(instructor, 'evidence');

    // A wrong answer gets the trainee's verdict and costs an attempt, as it would.
    const task = instructor.getByRole('article', { name: new RegExp(TASK, 'u') });
    await task.getByLabel('Your answer').fill('192.0.2.254');
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByTestId('task-verdict').innerText()).toMatch(/^Not correct\./u);

    // The answers of this very variant, as the reveal switch shows them, are accepted.
    const revealed = await instructor.request.get(
      `${app.server.url}/api/instructor/library/labs/${LAB_ID}/preview?reveal=true&seed=${firstVariant}`,
    );
    const preview = (await revealed.json()) as { tasks: { title: string; referenceAnswers: string[] }[] };
    const answer = preview.tasks.find((candidate) => candidate.title === TASK)!.referenceAnswers[0]!;
    await task.getByLabel('Your answer').fill(answer);
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);
    await task.getByRole('region', { name: 'Explanation' }).waitFor();
    await screenshots(instructor, 'answered');

    // Nothing of it reached the database: no attempt, answer, hint or note of the instructor's.
    const db = new Database(app.server.env.CASEBENCH_DB!, { readonly: true });
    try {
      for (const table of ['lab_attempts', 'submissions', 'hint_unlocks', 'notes'])
        expect([
          table,
          db
            .prepare(`select count(*) as n from ${table} t join users u on u.id = t.user_id where u.username = ?`)
            .get('instructor'),
        ]).toEqual([table, { n: 0 }]);
    } finally {
      db.close();
    }

    // Another variant starts afresh: the task is open again, on other data.
    await notice.getByRole('button', { name: 'Another variant' }).click();
    await expect.poll(() => variantOf(instructor)).not.toBe(firstVariant);
    const fresh = instructor.getByRole('article', { name: new RegExp(TASK, 'u') });
    await expect.poll(() => fresh.getByTestId('task-verdict').innerText()).toBe('');
    expect(await fresh.getByLabel('Your answer').inputValue()).toBe('');

    // "Answers for this variant" shows the reveal page on the same variant.
    await instructor.getByRole('link', { name: 'Answers for this variant' }).click();
    await instructor.getByText(`variant you tried (${variantOf(instructor)})`).waitFor();
  }, 120_000);
});
