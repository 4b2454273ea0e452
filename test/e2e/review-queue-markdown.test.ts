import { describe, expect, it } from 'vitest';
import { referenceAnswerFor } from './support/lab-answers.ts';
import {
  pageWithFailureScreenshot,
  serverAndBrowserForFile,
  signIn,
  WITHOUT_DEMO_ACTIVITY,
} from './support/browser.ts';

/*
 * The audit's finding: a manual answer rendered as Markdown in the review queue carried a
 * full-screen overlay with a link (style survived sanitising). A trainee hands in such an answer;
 * the instructor's review queue, in Chromium, must show it as text.
 */

const LAB = 'sample-phishing-report';
const OVERLAY_LINK_TEXT = 'Your session has expired: sign in again';
const MALICIOUS =
  'On 12 March 2024 the practice was asked to pay invoice INV-2024-0419 to a new account (SH/1), from a look-alike domain (SH/2). ' +
  'See [the bank letter](https://evil.example/letter) and [this](javascript:alert(document.cookie)).\n\n' +
  `<div id="overlay" class="review-card" style="position:fixed;inset:0;z-index:2147483647;background:#fff"><a href="https://evil.example/login">${OVERLAY_LINK_TEXT}</a></div>\n\n` +
  '<img src="https://evil.example/pixel.png" onerror="document.title=\'owned\'"> ![pixel](https://evil.example/pixel2.png)';

const TRAINEE = { username: 'reviewed.trainee', password: 'reviewed-trainee-2024' };
let cohortId: number;

/** A new trainee solves the two automatic tasks of the lab in a cohort of the instructor's and hands in MALICIOUS. */
const app = serverAndBrowserForFile({
  server: WITHOUT_DEMO_ACTIVITY,
  setUp: async ({ server }) => {
    const instructor = await server.signedInApi('instructor', 'demo-instructor-2024');
    // A trainee in no other cohort: the demo cohort's courses open this lab too, and an answer counts
    // for one cohort only, the one the lab was open through first.
    const admin = await server.signedInApi('admin', 'demo-admin-2024');
    await admin('POST', '/api/users', { ...TRAINEE, displayName: 'Reviewed Trainee', role: 'trainee' });
    const trainee = await server.signedInApi(TRAINEE.username, TRAINEE.password);
    const { cohort } = await instructor<{ cohort: { id: number; joinCode: string } }>('POST', '/api/cohorts', {
      name: 'Review queue markup',
    });
    cohortId = cohort.id;
    await instructor('POST', `/api/cohorts/${cohort.id}/assignments`, { labId: LAB });
    await trainee('POST', '/api/cohorts/join', { code: cohort.joinCode });
    await trainee('GET', `/api/labs/${LAB}`);
    for (const taskId of ['lookalike-domain', 'origin-ip'])
      await trainee('POST', `/api/labs/${LAB}/tasks/${taskId}/submissions`, {
        answer: await referenceAnswerFor(server.env.CASEBENCH_DB!, TRAINEE.username, LAB, taskId),
      });
    await trainee('POST', `/api/labs/${LAB}/tasks/finding/submissions`, { answer: MALICIOUS });
  },
});

describe('a manual answer with HTML in the review queue', () => {
  it('is shown as text: no overlay, no styled or classed element, no image loaded, links with their address', async () => {
    const page = await pageWithFailureScreenshot(app.browser, 'review-queue-markdown');
    const requestedHosts = new Set<string>();
    page.on('request', (request) => requestedHosts.add(new URL(request.url()).host));
    await signIn(page, app.server.url, 'instructor', 'demo-instructor-2024');
    await page.goto(`${app.server.url}/instructor/cohorts/${cohortId}/reviews`);
    const card = page.getByTestId('review-card').filter({ hasText: 'Finding for the prosecutor' });
    await card.waitFor();
    const answer = card.locator('.trainee-answer');
    await answer.waitFor();

    const found = await answer.evaluate((element) => ({
      elements: [...element.querySelectorAll('*')].map((child) => child.tagName.toLowerCase()),
      withAttributes: [...element.querySelectorAll('[style], [class], [id], [onerror]')].length,
      links: [...element.querySelectorAll('a')].map((link) => ({
        href: link.getAttribute('href'),
        rel: link.getAttribute('rel'),
        text: link.textContent,
      })),
      text: element.textContent ?? '',
    }));
    expect(found.elements).not.toContain('div');
    expect(found.elements).not.toContain('img');
    expect(found.withAttributes).toBe(0);
    // The overlay is there only as its own source text.
    expect(found.text).toContain('<div id="overlay"');
    expect(found.text).toContain(OVERLAY_LINK_TEXT);
    // One real link, to the web address, with the address shown; the javascript: one is text.
    expect(found.links).toEqual([
      { href: 'https://evil.example/letter', rel: 'noopener noreferrer nofollow', text: 'the bank letter' },
    ]);
    expect(found.text).toContain('the bank letter (https://evil.example/letter)');
    expect(found.text).toContain('this (javascript:alert(document.cookie))');

    // Nothing anywhere on the page covers it, and the trainee's server was never asked for anything.
    const fixed = await page.evaluate(
      () =>
        [...document.querySelectorAll('body *')].filter(
          (element) =>
            getComputedStyle(element).position === 'fixed' && element.textContent?.includes('session has expired'),
        ).length,
    );
    expect(fixed).toBe(0);
    expect(await page.getByRole('link', { name: OVERLAY_LINK_TEXT }).count()).toBe(0);
    expect(await page.title()).not.toBe('owned');
    expect([...requestedHosts].filter((host) => host.endsWith('evil.example'))).toEqual([]);
    // The grader can still grade it.
    await card.getByLabel('Points (0 to 20)').waitFor();
  }, 90_000);
});
