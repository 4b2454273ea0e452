import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/*
 * Driving the evidence tables (#13) in the browser: reading the result grid and typing into the SQL
 * console as a trainee would.
 */

/** Whether the page is wider than the window (something pushes it sideways). */
export const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** The rows of the result grid on screen, each as column name → cell text (the cite buttons left out). */
export async function gridRows(page: Page): Promise<Record<string, string>[]> {
  return page
    .getByTestId('query-result')
    .filter({ visible: true })
    .locator('table')
    .evaluate((table) => {
      const names = [...table.querySelectorAll('thead th:not(.cite-cell)')].map((th) =>
        (th.textContent ?? '').replace(/[▲▼]/gu, '').trim(),
      );
      return [...table.querySelectorAll('tbody tr')].map((row) =>
        Object.fromEntries(
          [...row.querySelectorAll('td:not(.cite-cell)')].map((cell, index) => [
            names[index] ?? String(index),
            cell.textContent ?? '',
          ]),
        ),
      );
    });
}

/** Types a query into the console's editor with the keyboard, replacing what is there. */
export async function typeQuery(page: Page, lines: string[]): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  for (const [index, line] of lines.entries()) {
    if (index > 0) {
      // Enter would take a completion that is on offer: let it open (on a busy machine it comes late), close it.
      await page.waitForTimeout(300);
      await page.keyboard.press('Escape');
      await expect.poll(() => editor.locator('.suggest-widget.visible').count()).toBe(0);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.type(line, { delay: 5 });
  }
  await page.keyboard.press('Escape');
  // Monaco closes brackets and quotes as one types, and types over them: the text must be what was typed.
  await expect
    .poll(async () => (await editor.locator('.view-lines').textContent())?.replace(/\s+/gu, ''))
    .toBe(lines.join('').replace(/\s+/gu, ''));
}
