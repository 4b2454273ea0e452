import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import { pageWithFailureScreenshot, seriousViolations, signIn, serverAndBrowserForFile } from './support/browser.ts';

const LAB = 'sample-ssh-intrusion';
const app = serverAndBrowserForFile();

describe('a trainee works a lab in the browser', () => {
  it('signs in, examines evidence, answers, uses a hint and keeps notes across a reload', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'trainee-journey');
    await signIn(page, app.server.url, 'trainee1', 'demo-trainee-2024');

    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: /SSH intrusion/u }) });
    await card.getByRole('link', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();

    // Open the authentication log in Monaco and search it with the server's search.
    await page.getByRole('button', { name: /Open MV\/1/u }).click();
    const editor = page.getByTestId('evidence-editor');
    // Monaco renders spaces as no-break spaces.
    const shownText = async (host = editor) => (await host.locator('.view-lines').innerText()).replace(/\u00a0/gu, ' ');
    await expect.poll(() => shownText(), { timeout: 30_000 }).toMatch(/CRON|sshd/u);
    await page.getByPlaceholder('Search in this artefact').fill('Accepted password');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.locator('.search-results');
    await expect.poll(() => results.innerText()).toMatch(/\d+ matches/u);
    await results.getByRole('button').first().click();
    await expect.poll(() => shownText()).toContain('Accepted password');

    // A wrong answer gets feedback and costs an attempt; the right one earns the points and the explanation.
    const task = page.getByRole('article').filter({ has: page.getByRole('heading', { name: /1\. / }) });
    await task.getByLabel('Your answer').fill('192.0.2.254');
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByRole('status').innerText()).toMatch(/Not correct/u);

    await task.getByRole('button', { name: /Show hint 1/u }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Show the hint' }).click();
    await expect.poll(() => task.locator('.hint').count()).toBe(1);

    const answer = await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee1', LAB, 'attacker-ip');
    await task.getByLabel('Your answer').fill(String(answer));
    await task.getByRole('button', { name: 'Submit answer' }).click();
    await expect.poll(() => task.getByRole('status').innerText()).toMatch(/Correct/u);
    await expect.poll(() => task.getByRole('region', { name: 'Explanation' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('lab-score').innerText()).toMatch(/^[1-9]\d* of \d+ points$/u);

    // Notes are saved automatically and are there after a reload.
    const notes = page.getByTestId('notes-editor');
    await notes.click();
    await page.keyboard.type(`Attacker: ${String(answer)}`);
    await expect.poll(() => page.getByTestId('notes-state').innerText(), { timeout: 10_000 }).toBe('Saved');
    await page.reload();
    // The notes pane wraps long lines: compare the text without the wrapping.
    await expect
      .poll(async () => (await shownText(page.getByTestId('notes-editor'))).replace(/\n/gu, ''), { timeout: 30_000 })
      .toContain(`Attacker: ${String(answer)}`);
  }, 120_000);
});

describe('what the pages download', () => {
  it('keeps Monaco off the sign-in and catalogue pages and their JavaScript under 150 KB gzipped', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'page-weight');
    const scripts: { url: string; bytes: number }[] = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      // The bytes on the wire: the server sends the precompressed .br or .gz file.
      const length = Number(await response.headerValue('content-length'));
      scripts.push({
        url: response.url(),
        bytes: Number.isFinite(length) && length > 0 ? length : (await response.body()).length,
      });
    });
    await signIn(page, app.server.url, 'trainee2', 'demo-trainee-2024');
    await page.waitForLoadState('networkidle');
    expect(scripts.map((script) => script.url).filter((url) => /monaco|editor/iu.test(url))).toEqual([]);
    const total = scripts.reduce((sum, script) => sum + script.bytes, 0);
    expect(total).toBeGreaterThan(1_000);
    expect(total).toBeLessThan(150 * 1024);
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe violations on the catalogue and the workspace', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'accessibility');
    await signIn(page, app.server.url, 'trainee3', 'demo-trainee-2024');
    await page.getByRole('article').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${app.server.url}/labs/${LAB}`);
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
    await page.getByTestId('notes-editor').locator('.monaco-editor').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
