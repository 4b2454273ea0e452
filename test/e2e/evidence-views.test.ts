import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { addShippedPhishingLab, addViewsLab, MBOX_ATTACHMENT, VIEWS_LAB } from '../helpers/evidence-views-fixture.ts';
import { screenshotOnFailure, serverAndBrowserForFile, seriousViolations, signIn } from './support/browser.ts';

let page: Page;
/** Every address the page asked for: nothing from a message may reach the network. */
const requested: string[] = [];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const app = serverAndBrowserForFile({
  labs: async (fixture) => {
    await addViewsLab(fixture);
    await addShippedPhishingLab(fixture);
  },
  // One page for the file, as a trainee keeps one tab open while moving between artefacts.
  setUp: async ({ server, browser }) => {
    page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await signIn(page, server.url, 'trainee1', 'demo-trainee-2024');
  },
});

beforeEach((context) => {
  context.onTestFailed(() => screenshotOnFailure(page, `evidence-views ${context.task.name}`));
});

/** Opens an artefact the way a trainee does: its "Open …" button in the evidence list (or the row of artefacts once one is open). */
async function openArtefact(labId: string, exhibit: string): Promise<void> {
  if (!page.url().endsWith(`/labs/${labId}`) && !page.url().includes(`/labs/${labId}?`)) {
    await page.goto(`${app.server.url}/labs/${labId}`);
    await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
  }
  await page
    .getByRole('button', { name: new RegExp(`^Open ${exhibit.replace('/', '\\/')}\\b`, 'u') })
    .first()
    .click();
}

describe('e-mail artefacts in the browser', () => {
  it('shows an mbox as messages with attachments, hashes and hops, the HTML part only as text', async () => {
    await openArtefact(VIEWS_LAB, 'VW/mailbox');
    const view = page.getByTestId('email-view');
    await view.waitFor({ timeout: 30_000 });

    const list = view.getByRole('navigation', { name: /Messages in this mailbox \(2\)/u });
    await expect.poll(() => list.getByRole('button').count()).toBe(2);
    await expect.poll(() => view.locator('.mail-summary').innerText()).toContain('Overdue invoice – pay today');

    // The attachment: its name without the direction override, its size and the hash of the decoded bytes.
    const attachments = view.getByRole('region', { name: /Attachments \(1\)/u });
    await expect.poll(() => attachments.getByRole('rowheader').innerText()).toBe('invoicefdp.exe');
    expect(await view.getByTestId('attachment-sha256').innerText()).toBe(sha256(MBOX_ATTACHMENT));
    expect(await attachments.innerText()).toContain(`${MBOX_ATTACHMENT.length.toLocaleString('en')} bytes`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachments.getByRole('link', { name: 'Download invoicefdp.exe' }).click(),
    ]);
    expect(sha256(await readFile((await download.path())!))).toBe(sha256(MBOX_ATTACHMENT));

    // The HTML part as text: the link address written out; nothing of its markup in the page.
    const html = view.getByTestId('mail-html-as-text');
    await expect.poll(() => html.innerText()).toContain('Please pay (https://pay.attacker.example/now) here today.');
    const live = await page.evaluate(() => ({
      links: document.querySelectorAll('a[href*="attacker.example"], #mail-link').length,
      images: document.querySelectorAll('img[src*="attacker.example"], #mail-pixel').length,
      scripts: [...document.querySelectorAll('script')].filter((script) => script.textContent?.includes('pwned'))
        .length,
      styles: [...document.querySelectorAll('style')].filter((style) => style.textContent?.includes('background:red'))
        .length,
      title: document.title,
    }));
    expect(live).toEqual({ links: 0, images: 0, scripts: 0, styles: 0, title: expect.not.stringContaining('pwned') });
    expect(requested.filter((url) => url.includes('attacker.example'))).toEqual([]);

    // Hops oldest first: the attacker's relay reached the victim's gateway before the mailbox store.
    const hops = view.getByRole('region', { name: /Received chain/u });
    const hopRows = hops.locator('tbody tr');
    await expect.poll(() => hopRows.count()).toBe(2);
    expect(await hopRows.nth(0).innerText()).toMatch(/^1\s+relay\.attacker\.example[\s\S]*mx\.victim\.example/u);
    expect(await hopRows.nth(1).innerText()).toMatch(/^2\s+mx\.victim\.example[\s\S]*store\.victim\.example/u);

    expect(await seriousViolations(page)).toEqual([]);

    // The second message of the mailbox, with the mboxrd quoting undone.
    await list.getByRole('button', { name: /Re: Overdue invoice/u }).click();
    await expect
      .poll(() => list.getByRole('button', { name: /Re: Overdue invoice/u }).getAttribute('aria-current'))
      .toBe('true');
    await expect.poll(() => view.locator('.mail-body').first().innerText()).toContain('From the accounts desk');
    expect(await view.getByRole('region', { name: /Attachments \(0\)/u }).count()).toBe(0);
    expect(await view.getByText('No attachments.').count()).toBe(1);
  });

  it('switches to the raw source and back', async () => {
    await openArtefact(VIEWS_LAB, 'VW/mailbox');
    const toggle = page.getByRole('button', { name: 'Show raw source' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const editor = page.getByTestId('evidence-editor');
    await expect
      .poll(async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/gu, ' '), { timeout: 30_000 })
      .toContain('From attacker@attacker.example');
    expect(await page.getByTestId('email-view').count()).toBe(0);
    await toggle.click();
    await page.getByTestId('email-view').waitFor();
  });

  it("shows the shipped phishing message's attachment with the hash the lab expects, and hops numbered oldest first", async () => {
    await openArtefact('sample-phishing-report', 'SH/1');
    const view = page.getByTestId('email-view');
    await view.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => view.getByTestId('attachment-sha256').innerText())
      .toBe('04a69d775c464d6c6315f6bd8833b3f76a33cb6007ea69639e2b2045fdc79991');
    const hopNumbers = await view
      .getByRole('region', { name: /Received chain/u })
      .locator('tbody th')
      .allInnerTexts();
    expect(hopNumbers).toEqual(['1', '2', '3']);
    expect(
      await view
        .getByRole('region', { name: /Received chain/u })
        .locator('tbody tr')
        .first()
        .innerText(),
    ).toContain('mail.examp1e-supplies.example');
    expect(await view.getByRole('table').last().innerText()).toContain('Reply-To');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('other rendered artefacts', () => {
  it('pages through a binary file by button and by keyboard', async () => {
    await openArtefact(VIEWS_LAB, 'VW/blob');
    const bytes = page.getByTestId('hex-bytes');
    const range = page.getByTestId('hex-range');
    const firstRow = () => bytes.locator('tbody tr').first().innerText();
    await expect
      .poll(firstRow, { timeout: 30_000 })
      .toMatch(/^00000000\s+00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\s+\.{16}$/u);
    expect(await bytes.locator('tbody tr').count()).toBe(16);
    expect(await range.innerText()).toBe('Bytes 0 to 255 of 1,000');

    await bytes.focus();
    await page.keyboard.press('PageDown');
    await expect.poll(firstRow).toMatch(/^00000100\s+00 01/u);
    expect(await range.innerText()).toBe('Bytes 256 to 511 of 1,000');
    await page.keyboard.press('End');
    await expect.poll(() => range.innerText()).toBe('Bytes 752 to 999 of 1,000');
    // 0x2f0 = 752; the last row holds the last 8 bytes of the file.
    // The range label can change a moment before the rows: wait for the rows themselves.
    await expect
      .poll(() => bytes.locator('tbody tr').last().innerText())
      .toMatch(/^000003e0\s+e0 e1 e2 e3 e4 e5 e6 e7\s+\.{8}$/u);
    await page.keyboard.press('Home');
    await expect.poll(() => range.innerText()).toBe('Bytes 0 to 255 of 1,000');

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => range.innerText()).toBe('Bytes 256 to 511 of 1,000');
    await page.getByLabel('Go to offset').fill('0x41');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect
      .poll(firstRow)
      .toMatch(/^00000040\s+40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f\s+@ABCDEFGHIJKLMNO$/u);
    await page.getByLabel('Go to offset').fill('5000');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('hex-view').getByRole('alert').innerText())
      .toContain('Enter an offset from 0 to 999');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('displays a PNG and refuses an SVG filed as an image', async () => {
    await openArtefact(VIEWS_LAB, 'VW/photo');
    const image = page.getByRole('img', { name: 'Image artefact VW/photo' });
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await openArtefact(VIEWS_LAB, 'VW/drawing');
    await expect
      .poll(() => page.getByTestId('image-view').innerText(), { timeout: 30_000 })
      .toContain('This image cannot be shown here');
    expect(await page.locator('svg script').count()).toBe(0);
  });

  it('renders a Markdown note', async () => {
    await openArtefact(VIEWS_LAB, 'VW/notes');
    const view = page.getByTestId('markdown-view');
    await view.getByRole('heading', { name: 'Examiner notes' }).waitFor({ timeout: 30_000 });
    expect(await view.locator('strong').innerText()).toBe('disk image');
    expect(await view.getByRole('listitem').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('never widens the page on a phone', async () => {
    for (const [labId, exhibit] of [
      [VIEWS_LAB, 'VW/mailbox'],
      [VIEWS_LAB, 'VW/blob'],
      [VIEWS_LAB, 'VW/photo'],
      ['sample-phishing-report', 'SH/1'],
    ] as const) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openArtefact(labId, exhibit);
      await page.locator('.rendered-artefact').waitFor({ timeout: 30_000 });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
          message: exhibit,
        })
        .toBe(0);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});
