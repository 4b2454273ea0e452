import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pageWithFailureScreenshot,
  serverAndBrowserForFile,
  signIn,
  WITHOUT_DEMO_ACTIVITY,
} from './support/browser.ts';

/*
 * Trainees answer in these fields at whatever width their window and tasks pane have: every item's
 * words stay readable (never a letter a line) and every control stays inside its task card.
 */

const LAYOUT_KEY = 'casebench.workspace.layout';
// Tasks, evidence and notes panes; 12 is the narrowest share the separators allow (SplitPanes' MIN_SHARE).
const NARROWEST_TASKS_PANE = { shares: [12, 70, 18], collapsed: [] };

const app = serverAndBrowserForFile({
  server: WITHOUT_DEMO_ACTIVITY,
  setUp: async ({ server }) => {
    const admin = await server.signedInApi('admin', 'demo-admin-2024');
    const { cohort } = await admin<{ cohort: { id: number } }>('POST', '/api/cohorts', { name: 'Field layout' });
    await admin('POST', `/api/cohorts/${cohort.id}/members`, { username: 'trainee1' });
    for (const labId of ['preservation-and-cooperation', 'seized-laptop-triage'])
      await admin('POST', `/api/cohorts/${cohort.id}/assignments`, { labId });
  },
});

let page: Page | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

/** A problem of one answer field's layout, as a line naming the task and the element. */
type Problem = string;

/**
 * Every open task card of the page: each item label, option or step text that is squeezed (narrower
 * than eight letters, unless it already has the card's whole width, and on more lines than it has
 * words), and each control of the answer form that reaches past the card's content box.
 */
function layoutProblems(page: Page): Promise<Problem[]> {
  return page.locator('article.task').evaluateAll((cards) => {
    const problems: string[] = [];
    const px = (value: string) => Number.parseFloat(value) || 0;
    for (const card of cards) {
      const form = card.querySelector('form.answer-form');
      if (!form) continue;
      const title = card.querySelector('h3')?.textContent ?? '?';
      const style = getComputedStyle(card);
      const box = card.getBoundingClientRect();
      const left = box.left + px(style.borderLeftWidth) + px(style.paddingLeft);
      const right = box.right - px(style.borderRightWidth) - px(style.paddingRight);
      const contentWidth = right - left;
      const texts = form.querySelectorAll<HTMLElement>('label:not(.answer-label), .choice span, .sequence-item .label');
      for (const text of texts) {
        const words = (text.textContent ?? '').trim().split(/\s+/u).length;
        const range = document.createRange();
        range.selectNodeContents(text);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        const width = text.getBoundingClientRect().width;
        const enough = Math.min(8 * px(getComputedStyle(text).fontSize), 0.9 * contentWidth);
        if (width < enough && lines > words)
          problems.push(`${title}: "${text.textContent}" is ${Math.round(width)}px wide on ${lines} lines`);
      }
      for (const control of form.querySelectorAll('select, input, textarea, button')) {
        const rect = control.getBoundingClientRect();
        if (rect.width === 0) continue;
        if (rect.left < left - 1 || rect.right > right + 1)
          problems.push(
            `${title}: a ${control.tagName.toLowerCase()} spans ${Math.round(rect.left)}–${Math.round(rect.right)}px, the card ${Math.round(left)}–${Math.round(right)}px`,
          );
      }
    }
    return problems;
  });
}

/** The lab's workspace at `width` px, with the tasks pane at its default width or at its narrowest. */
async function workspace(labId: string, width: number, pane: 'default' | 'narrowest'): Promise<Page> {
  page = await pageWithFailureScreenshot(app.browser, `answer-fields-${labId}-${width}-${pane}`);
  await page.setViewportSize({ width, height: 900 });
  await signIn(page, app.server.url, 'trainee1', 'demo-trainee-2024');
  await page.evaluate(([key, layout]) => (layout ? localStorage.setItem(key, layout) : localStorage.removeItem(key)), [
    LAYOUT_KEY,
    pane === 'narrowest' ? JSON.stringify(NARROWEST_TASKS_PANE) : '',
  ] as const);
  await page.goto(`${app.server.url}/labs/${labId}`);
  await page.locator('article.task form.answer-form').first().waitFor({ state: 'attached', timeout: 30_000 });
  // Narrow windows show one pane at a time: the tasks are behind their tab.
  if (width < 1100) await page.getByRole('tab', { name: 'Tasks' }).click();
  await page.locator('article.task form.answer-form').first().waitFor();
  return page;
}

describe('answer fields', () => {
  for (const labId of ['preservation-and-cooperation', 'seized-laptop-triage'])
    for (const [width, pane] of [
      [1400, 'default'],
      [1400, 'narrowest'],
      [390, 'default'],
    ] as const)
      it(`read as words and stay inside their cards in ${labId} at ${width} px, tasks pane ${pane}`, async () => {
        const shown = await workspace(labId, width, pane);
        // A mapping with long items and long labels is the field this guards most.
        const mapping = shown.locator('article.task .mapping').first();
        await mapping.waitFor();
        const select = mapping.locator('select').first();
        const values = await select
          .locator('option')
          .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
        // With an option chosen the select still fits, and says the whole of it on hover.
        await select.selectOption(values.at(-1)!);
        expect(await layoutProblems(shown)).toEqual([]);
        expect(await select.getAttribute('title')).toBe(await select.locator('option:checked').innerText());
      }, 120_000);
});
