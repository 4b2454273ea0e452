import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import {
  pageWithFailureScreenshot,
  serverAndBrowserForFile,
  seriousViolations,
  signIn,
  WITHOUT_DEMO_ACTIVITY,
} from './support/browser.ts';

/*
 * What the answer fields show is what is sent, before and after feedback, after a reload and after
 * a hint: the trainee's screen and the grade can never disagree.
 */

const app = serverAndBrowserForFile({
  server: WITHOUT_DEMO_ACTIVITY,
  // The demo course opens the phishing lab only after the SSH lab: assign it on its own, as an instructor may.
  setUp: async ({ server }) => {
    const admin = await server.signedInApi('admin', 'demo-admin-2024');
    const { cohort } = await admin<{ cohort: { id: number } }>('POST', '/api/cohorts', { name: 'Answer fields' });
    await admin('POST', `/api/cohorts/${cohort.id}/members`, { username: 'trainee1' });
    await admin('POST', `/api/cohorts/${cohort.id}/assignments`, { labId: 'sample-phishing-report' });
  },
});

/** A new page (its screenshot kept as `name` if the test fails), signed in as the trainee, on the lab's workspace. */
async function labPage(name: string, username: string, labId: string): Promise<Page> {
  const page = await pageWithFailureScreenshot(app.browser, name);
  await signIn(page, app.server.url, username, 'demo-trainee-2024');
  await page.goto(`${app.server.url}/labs/${labId}`);
  await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor({ timeout: 30_000 });
  return page;
}

const taskCard = (page: Page, title: string) =>
  page.locator('article', { has: page.getByRole('heading', { name: title }) });

/** Clicks Submit and returns the answer the browser sent, once its answer has come back. */
async function submitAndCapture(page: Page, title: string): Promise<unknown> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate) => candidate.request().method() === 'POST' && candidate.url().includes('/submissions'),
    ),
    taskCard(page, title).getByRole('button', { name: 'Submit answer' }).click(),
  ]);
  return (response.request().postDataJSON() as { answer: unknown }).answer;
}

const stepsOnScreen = (page: Page, title: string) =>
  taskCard(page, title)
    .locator('ol.sequence > li[data-step]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));

describe('sequences', () => {
  it('leave steps out by keyboard, with focus following the moved step, and send exactly the order on screen', async () => {
    const page = await labPage('answers-sequence', 'trainee1', 'sample-ssh-intrusion');
    const card = page.locator('article', { has: page.locator('ol.sequence') });
    const heading = (await card.getByRole('heading').first().innerText()).replace(/^\d+\.\s*/u, '');

    const leaveOut = card.getByRole('button', { name: /^Leave out Scanning/u });
    await leaveOut.focus();
    await page.keyboard.press('Enter');
    // Focus is now on the step in its new place: the button that puts it back.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toMatch(/^Put Scanning the SSH service back/u);
    expect(
      await card
        .locator('ul.left-out li[data-step]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-step'))),
    ).toEqual(['scan']);

    const up = card.getByRole('button', { name: /^Move Guessing passwords up/u });
    const before = await stepsOnScreen(page, heading);
    await up.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toMatch(/^Move Guessing passwords up/u);
    const after = await stepsOnScreen(page, heading);
    expect(after.indexOf('guessing')).toBe(before.indexOf('guessing') - 1);

    const sent = await submitAndCapture(page, heading);
    const shown = await stepsOnScreen(page, heading);
    expect(sent).toEqual(shown);
    expect(shown).not.toContain('scan');
    // After the verdict the controls still show that answer, and after a reload too.
    const verdict = await card.getByTestId('task-verdict').innerText();
    expect(verdict).toMatch(/^(Partly right|Not correct|Correct)\./u);
    expect(verdict.match(/Partly right|Not correct/gu)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(await stepsOnScreen(page, heading)).toEqual(shown);
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await expect.poll(() => stepsOnScreen(page, heading)).toEqual(shown);
  }, 120_000);

  it('reach full marks when the right order leaves steps out', async () => {
    const page = await labPage('answers-sequence-full', 'trainee2', 'sample-ssh-intrusion');
    const card = page.locator('article', { has: page.locator('ol.sequence') });
    const heading = (await card.getByRole('heading').first().innerText()).replace(/^\d+\.\s*/u, '');
    const expected = (await referenceAnswerFor(
      app.server.env.CASEBENCH_DB!,
      'trainee2',
      'sample-ssh-intrusion',
      'intrusion-phases',
    )) as string[];
    const labels = await card
      .locator('ol.sequence > li[data-step]')
      .evaluateAll((items) =>
        Object.fromEntries(
          items.map((item) => [item.getAttribute('data-step'), item.querySelector('.label')!.textContent]),
        ),
      );
    for (const [id, label] of Object.entries(labels))
      if (!expected.includes(id!))
        await card.getByRole('button', { name: `Leave out ${label}: not shown by the evidence` }).click();
    // Put the kept steps in order with the buttons, as a keyboard user would.
    for (const [position, id] of expected.entries()) {
      for (;;) {
        const order = await stepsOnScreen(page, heading);
        if (order.indexOf(id) <= position) break;
        await card.getByRole('button', { name: `Move ${labels[id]} up` }).click();
      }
    }
    expect(await stepsOnScreen(page, heading)).toEqual(expected);
    expect(await submitAndCapture(page, heading)).toEqual(expected);
    await expect.poll(() => card.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);
    expect((await card.getByTestId('task-verdict').innerText()).match(/Correct/gu)).toHaveLength(1);
  }, 120_000);
});

describe('lists', () => {
  it('send the text left in the box, and turn a pasted list into one item each', async () => {
    const page = await labPage('answers-list', 'trainee3', 'sample-ssh-intrusion');
    // The list task opens once the attacking address is found.
    const first = taskCard(page, '1. The attacking address');
    await first
      .getByLabel('Your answer')
      .fill(
        String(
          await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee3', 'sample-ssh-intrusion', 'attacker-ip'),
        ),
      );
    await first.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => first.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);

    const card = page.locator('article', { has: page.locator('.chips') });
    const heading = (await card.getByRole('heading').first().innerText()).replace(/^\d+\.\s*/u, '');
    const input = card.getByLabel('Your answer');
    await input.focus();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '198.51.100.10, 198.51.100.11;198.51.100.12\n198.51.100.13');
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await expect
      .poll(() => card.locator('.chip span').allInnerTexts())
      .toEqual(['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13']);
    await input.fill('198.51.100.14');
    const sent = await submitAndCapture(page, heading);
    expect(sent).toEqual(['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13', '198.51.100.14']);
  }, 120_000);
});

describe('choices and written findings', () => {
  it('after a hint and a partly right answer the boxes show that answer, and what is sent next is what is ticked', async () => {
    const page = await labPage('answers-choice', 'trainee1', 'sample-phishing-report');
    const title = '1. Which checks failed';
    const card = taskCard(page, title);
    for (const label of ['SPF', 'DKIM', 'DMARC']) await card.getByLabel(label, { exact: true }).check();
    // A hint reloads the lab; the ticks stay as they are.
    await card.getByRole('button', { name: /Show hint 1/u }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Show the hint' }).click();
    await expect.poll(() => card.locator('.hint').count()).toBe(1);
    expect(
      await card.locator('input:checked').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value)),
    ).toEqual(['spf', 'dkim', 'dmarc']);
    expect(await submitAndCapture(page, title)).toEqual(['spf', 'dkim', 'dmarc']);
    await expect.poll(() => card.getByTestId('task-verdict').innerText()).toMatch(/^Partly right\./u);
    const ticked = () =>
      card.locator('input:checked').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    expect(await ticked()).toEqual(['spf', 'dkim', 'dmarc']);

    await card.getByLabel('DKIM', { exact: true }).uncheck();
    await expect
      .poll(() => card.getByTestId('task-verdict').innerText())
      .toContain('You have changed your answer since.');
    const sent = await submitAndCapture(page, title);
    expect(sent).toEqual(await ticked());
    await expect.poll(() => card.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await expect.poll(ticked).toEqual(['spf', 'dmarc']);
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it('keeps an unsent written finding across a reload, and shows it after it is sent', async () => {
    const page = await labPage('answers-manual', 'trainee1', 'sample-phishing-report');
    // The finding opens once the domain and the sending address are found.
    for (const [taskId, title] of [
      ['lookalike-domain', 'The look-alike domain'],
      ['origin-ip', 'Where the message came from'],
    ] as const) {
      const task = page.locator('article', { has: page.getByRole('heading', { name: title }) });
      await task
        .getByLabel('Your answer')
        .fill(
          String(await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee1', 'sample-phishing-report', taskId)),
        );
      await task.getByRole('button', { name: 'Submit answer' }).click();
      await expect.poll(() => task.getByTestId('task-verdict').innerText()).toMatch(/^Correct\./u);
    }
    const card = page.locator('article', { has: page.locator('textarea.manual') });
    const finding = `The reminder of 12 March 2024 (SH/1) came from a look-alike of the supplier's domain.\nIts Reply-To pointed to another mailbox, and the gateway log (SH/2) shows it arrived from an address the supplier does not use. ${'The IT notes (SH/3) confirm the practice never received mail from that server before. '.repeat(2)}`;
    await card.locator('textarea.manual').fill(finding);
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await expect.poll(() => card.locator('textarea.manual').inputValue()).toBe(finding);
    const heading = (await card.getByRole('heading').first().innerText()).replace(/^\d+\.\s*/u, '');
    expect(await submitAndCapture(page, heading)).toBe(finding);
    await expect.poll(() => card.getByTestId('task-verdict').innerText()).toMatch(/^Submitted for review\./u);
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await expect.poll(() => card.locator('textarea.manual').inputValue()).toBe(finding);
    await expect.poll(() => card.getByTestId('task-verdict').innerText()).toMatch(/^Submitted for review\./u);
  }, 120_000);
});
