import { readFile } from 'node:fs/promises';
import { type Page, request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import {
  pageWithFailureScreenshot,
  serverAndBrowserForFile,
  seriousViolations,
  signedInPages,
  signIn,
} from './support/browser.ts';

const LAB = 'sample-ssh-intrusion';
// Two browsers, so that each signed-in trainee has a cookie jar of their own.
const app = serverAndBrowserForFile({ browsers: 2 });
const watcherBrowser = () => app.browsers[0]!;
const solverBrowser = () => app.browsers[1]!;

/** The points in the board row of the member shown under this name, or undefined when the row is not there. */
async function pointsOf(page: Page, name: string): Promise<number | undefined> {
  const row = page
    .getByTestId('scoreboard-table')
    .locator('tbody tr')
    .filter({ has: page.getByRole('rowheader', { name, exact: false }) });
  if ((await row.count()) !== 1) return undefined;
  return Number(await row.locator('.points-cell').innerText());
}

/** A trainee of the demo cohort solves a task of LAB they have not solved yet, through the API (a score change). */
async function scoreAnotherSolve(username: string): Promise<void> {
  const base = app.server.url;
  const api = await request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
  try {
    expect((await api.post('/api/auth/login', { data: { username, password: 'demo-trainee-2024' } })).ok()).toBe(true);
    const { lab } = (await (await api.get(`/api/labs/${LAB}`)).json()) as {
      lab: { tasks: { id: string; status: string; locked: boolean; answer: { kind: string } }[] };
    };
    const open = lab.tasks.filter((task) => task.status === 'open' && !task.locked && task.answer.kind !== 'manual');
    for (const task of open) {
      const answer = await referenceAnswerFor(app.server.env.CASEBENCH_DB!, username, LAB, task.id);
      const response = await api.post(`/api/labs/${LAB}/tasks/${task.id}/submissions`, { data: { answer } });
      const body = (await response.json()) as { submission?: { pointsEarned: number } };
      if (response.status() === 201 && (body.submission?.pointsEarned ?? 0) > 0) return;
    }
    throw new Error(`${username} has no task of ${LAB} left to score`);
  } finally {
    await api.dispose();
  }
}

describe('the live scoreboard', () => {
  it("shows another trainee's solve on an open board within seconds, without a reload", async () => {
    const [watcher, solver] = await signedInPages(
      app,
      ['scoreboard-watcher', 'trainee1', 'demo-trainee-2024'],
      ['scoreboard-solver', 'trainee2', 'demo-trainee-2024'],
    );

    // The demo board shows other trainees under their pseudonyms: learn trainee2's from their own profile.
    const me = (await (await solver.request.get(`${app.server.url}/api/auth/me`)).json()) as {
      user: { pseudonym: string };
    };
    const pseudonym = me.user.pseudonym;

    await watcher.getByRole('link', { name: 'Scoreboard', exact: true }).click();
    await watcher.getByTestId('scoreboard-table').waitFor();
    await expect.poll(() => watcher.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    // My own row is marked, under my own name.
    await expect.poll(() => watcher.locator('tr[aria-current="true"]').innerText()).toContain('Tomas Berg');
    const before = await pointsOf(watcher, pseudonym);
    expect(before).toBeTypeOf('number');
    // A marker that a reload would wipe out.
    await watcher.evaluate(() => ((window as unknown as { boardMarker: string }).boardMarker = 'still here'));
    // The stream carries the board: the page asks the board route for none after the solve.
    const boardRequests: string[] = [];
    watcher.on('request', (request) => {
      if (/^\/api\/scoreboard\/\d+$/u.test(new URL(request.url()).pathname)) boardRequests.push(request.url());
    });

    // trainee2 opens the lab (which gives them their variant) and solves its first task through the API.
    expect((await solver.request.get(`${app.server.url}/api/labs/${LAB}`)).ok()).toBe(true);
    const answer = await referenceAnswerFor(app.server.env.CASEBENCH_DB!, 'trainee2', LAB, 'attacker-ip');
    const solvedAt = Date.now();
    const response = await solver.request.post(`${app.server.url}/api/labs/${LAB}/tasks/attacker-ip/submissions`, {
      data: { answer },
    });
    expect(response.status()).toBe(201);
    const { submission } = (await response.json()) as { submission: { verdict: string; pointsEarned: number } };
    expect(submission.verdict).toBe('correct');

    const after = before! + submission.pointsEarned;
    await expect.poll(() => pointsOf(watcher, pseudonym), { interval: 50 }).toBe(after);
    const latency = Date.now() - solvedAt;
    console.log(`the solve reached the open scoreboard after ${latency} ms`);
    expect(await watcher.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe(
      'still here',
    );
    expect(boardRequests).toEqual([]);
    // The chart follows the board: its text alternative names trainee2 with the new total.
    await expect
      .poll(() => watcher.getByTestId('chart-summary').innerText())
      .toMatch(new RegExp(`${pseudonym}: rank \\d+, ${after} points`, 'u'));
  }, 60_000);

  it('lets the instructor change the visibility, which open boards pick up live', async () => {
    const watcher = await pageWithFailureScreenshot(watcherBrowser(), 'scoreboard-visibility-watcher');
    const instructor = await pageWithFailureScreenshot(solverBrowser(), 'scoreboard-visibility-instructor');
    await signIn(watcher, app.server.url, 'trainee1', 'demo-trainee-2024');
    await watcher.goto(`${app.server.url}/scoreboard`);
    await watcher.getByTestId('scoreboard-table').waitFor();
    await expect.poll(() => watcher.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    expect(await pointsOf(watcher, 'Amira Haddad')).toBeUndefined();

    await signIn(instructor, app.server.url, 'instructor', 'demo-instructor-2024');
    await instructor.getByRole('link', { name: 'Scoreboard', exact: true }).click();
    await instructor.getByRole('heading', { name: 'Scoreboard settings' }).waitFor();
    // Staff see real names whatever the setting.
    await expect.poll(() => pointsOf(instructor, 'Amira Haddad')).toBeGreaterThan(0);
    await instructor.getByRole('radio', { name: /^Names/u }).check();
    // A live update arriving before the instructor saves leaves their choice as it is.
    const updates = instructor.getByTestId('live-state');
    const updatedBefore = await updates.innerText();
    await scoreAnotherSolve('trainee3');
    await expect.poll(() => updates.innerText()).not.toBe(updatedBefore);
    expect(await instructor.getByRole('radio', { name: /^Names/u }).isChecked()).toBe(true);
    await instructor.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => instructor.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1);

    await expect.poll(() => pointsOf(watcher, 'Amira Haddad')).toBeGreaterThan(0);

    // A freeze time in the past (typed in the browser's zone) freezes the trainees' board at once.
    await instructor.getByLabel(/^Freeze the board for trainees at/u).fill('2024-01-01T09:00');
    await instructor.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => instructor.getByRole('note').innerText())
      .toMatch(/^Trainees see this board as it stood on .*2024/u);
    await expect.poll(() => watcher.getByRole('note').innerText()).toMatch(/^The scoreboard froze on .*2024/u);
    await expect.poll(() => pointsOf(watcher, 'Amira Haddad')).toBe(0);
    // Lifting it brings the live board back.
    await instructor.getByLabel(/^Freeze the board for trainees at/u).fill('');
    await instructor.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => watcher.getByRole('note').count()).toBe(0);
    await expect.poll(() => pointsOf(watcher, 'Amira Haddad')).toBeGreaterThan(0);

    // The CSV export is offered to the instructor and downloads the board.
    const download = instructor.waitForEvent('download');
    await instructor.getByRole('link', { name: 'Download as CSV' }).click();
    const text = await readFile(await (await download).path(), 'utf8');
    expect(text).toContain('Amira Haddad');
  }, 60_000);

  it("keeps the trainee's own row in view below the top rows, after a separator", async () => {
    const page = await pageWithFailureScreenshot(watcherBrowser(), 'scoreboard-own-row');
    await signIn(page, app.server.url, 'trainee1', 'demo-trainee-2024');
    // Only the leader is listed; trainee1 (no points yet) ranks below.
    await page.goto(`${app.server.url}/scoreboard?top=1`);
    const rows = page.getByTestId('scoreboard-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).locator('td').first().innerText()).toBe('1');
    expect(await rows.nth(1).innerText()).toMatch(/more row/u);
    expect(await rows.nth(2).getAttribute('aria-current')).toBe('true');
    expect(await rows.nth(2).innerText()).toContain('Tomas Berg');
  });

  it('loads uPlot with the scoreboard only, not with the catalogue', async () => {
    const page = await pageWithFailureScreenshot(watcherBrowser(), 'scoreboard-weight');
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await signIn(page, app.server.url, 'trainee3', 'demo-trainee-2024');
    await page.waitForLoadState('networkidle');
    expect(scripts.filter((url) => /ScoreChart/u.test(url))).toEqual([]);
    await page.getByRole('link', { name: 'Scoreboard', exact: true }).click();
    await page.getByTestId('chart-summary').waitFor();
    expect(scripts.filter((url) => /ScoreChart/u.test(url))).toHaveLength(1);
  });

  it('has no serious or critical axe violations for a trainee and for the instructor', async () => {
    const trainee = await pageWithFailureScreenshot(watcherBrowser(), 'scoreboard-axe-trainee');
    await signIn(trainee, app.server.url, 'trainee3', 'demo-trainee-2024');
    await trainee.goto(`${app.server.url}/scoreboard`);
    await trainee.getByTestId('chart-summary').waitFor();
    expect(await seriousViolations(trainee)).toEqual([]);

    const instructor = await pageWithFailureScreenshot(solverBrowser(), 'scoreboard-axe-instructor');
    await signIn(instructor, app.server.url, 'instructor', 'demo-instructor-2024');
    await instructor.goto(`${app.server.url}/scoreboard`);
    await instructor.getByRole('heading', { name: 'Scoreboard settings' }).waitFor();
    await instructor.getByTestId('chart-summary').waitFor();
    expect(await seriousViolations(instructor)).toEqual([]);
  }, 60_000);
});
