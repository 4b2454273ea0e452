import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageWithFailureScreenshot, serverAndBrowserForFile, seriousViolations, signIn } from './support/browser.ts';
import { overflowsSideways } from './support/tables.ts';

/*
 * Writing a lab in the browser (issue #14): an instructor an administrator made an author starts a lab
 * from the template, is shown a schema mistake as it is typed, fixes it, adds evidence by dropping a
 * file, runs the self-test and publishes; a trainee then opens the new lab, with no server restart.
 */

const LAB_ID = 'invoice-mailbox-drill';
const SHOTS = 'test-results/authoring';
const EVIDENCE_NAME = 'mail-gateway.log';
const EVIDENCE_TEXT = [
  'Mar  5 10:02:11 mx01 postfix/smtpd[811]: connect from unknown[198.51.100.40]',
  'Mar  5 10:02:12 mx01 postfix/cleanup[814]: message-id=<invoice-7731@billing.example>',
  'Mar  5 10:02:13 mx01 postfix/qmgr[402]: from=<accounts@billing.example>, size=18211, nrcpt=1',
  '',
].join('\n');

const state: { cohortId?: number } = {};

// Two browsers, a session each: the author's and the trainee's.
const app = serverAndBrowserForFile({
  browsers: 2,
  setUp: async ({ server }) => {
    const admin = await server.signedInApi('admin', 'demo-admin-2024');
    const { cohort } = await admin<{ cohort: { id: number } }>('POST', '/api/cohorts', { name: 'Authoring drill' });
    await admin('POST', `/api/cohorts/${cohort.id}/members`, { username: 'trainee1' });
    state.cohortId = cohort.id;
  },
});

/** Saves the page at a desktop and a phone width; answers whether the page is wider than the phone's screen. */
async function screenshots(page: Page, name: string): Promise<boolean> {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // Monaco measures itself again after the resize.
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  const overflowing = await overflowsSideways(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  return overflowing;
}

const editorLine = (page: Page, text: string) => page.locator('.lab-yaml-editor .view-line', { hasText: text });

/** Replaces the whole of the editor's line that holds `text` by typing, as an author would. */
async function retypeLine(page: Page, text: string, replacement: string): Promise<void> {
  // Monaco draws only the lines in view: the file's top first, where the lines changed here are.
  await page.locator('.lab-yaml-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await editorLine(page, text).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(replacement);
  // Completion may have opened on the typed word: closed, so that it inserts nothing.
  await page.keyboard.press('Escape');
}

describe('writing a lab in the browser', () => {
  it('starts from the template, shows and fixes a schema mistake, adds dropped evidence, self-tests and publishes; a trainee opens it at once', async () => {
    const [authorBrowser, traineeBrowser] = app.browsers;
    const author = await pageWithFailureScreenshot(authorBrowser!, 'authoring-author');
    const trainee = await pageWithFailureScreenshot(traineeBrowser!, 'authoring-trainee');

    // Trainees are not offered the page, and are told so when they type its address.
    await signIn(trainee, app.server.url, 'trainee1', 'demo-trainee-2024');
    expect(await trainee.getByRole('link', { name: 'Write labs' }).count()).toBe(0);
    await trainee.goto(`${app.server.url}/author`);
    await trainee.getByRole('heading', { name: 'For lab authors only' }).waitFor();

    // The demo instructor does not write labs until an administrator makes them an author, on the same page.
    await signIn(author, app.server.url, 'instructor', 'demo-instructor-2024');
    expect(await author.getByRole('link', { name: 'Write labs' }).count()).toBe(0);
    await author.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(author, app.server.url, 'admin', 'demo-admin-2024');
    await author.getByRole('link', { name: 'Write labs' }).click();
    const instructorRow = author
      .getByTestId('author-accounts')
      .getByRole('listitem')
      .filter({ hasText: 'instructor · does not write labs' });
    await instructorRow.getByRole('button', { name: /^Make .+ a lab author$/u }).click();
    await author.getByText(/can now write labs\./u).waitFor();
    expect(await screenshots(author, 'author-admin')).toBe(false);
    await author.getByRole('button', { name: 'Sign out', exact: true }).click();

    // The author starts a lab from the template.
    await signIn(author, app.server.url, 'instructor', 'demo-instructor-2024');
    await author.getByRole('link', { name: 'Write labs' }).click();
    await author.getByRole('heading', { name: 'Write labs', level: 1 }).waitFor();
    await author.getByText('No drafts yet.').waitFor();
    expect(await screenshots(author, 'author-start')).toBe(false);
    expect(await seriousViolations(author)).toEqual([]);
    await author.getByLabel('Short name of the lab').fill(LAB_ID);
    await author.getByRole('button', { name: 'Create the draft' }).click();
    await author.getByRole('heading', { name: `Editing: New lab ${LAB_ID}`, level: 1 }).waitFor();
    await editorLine(author, 'difficulty: beginner').waitFor({ timeout: 30_000 });
    await author.getByText('No problems found while typing.').waitFor({ timeout: 30_000 });
    await author.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();

    // Completion and the schema's documentation on pointing at a name.
    await editorLine(author, 'difficulty: beginner').getByText('difficulty').hover();
    await author.locator('.monaco-hover').getByText('How hard the lab is.').waitFor();
    // Completion offers the format's fields not written yet; the line typed for it is taken out again.
    await editorLine(author, 'duration_minutes: 30').click();
    await author.keyboard.press('End');
    await author.keyboard.press('Enter');
    await author.keyboard.type('min_');
    await author.locator('.suggest-widget').getByText('min_plausible_minutes').waitFor();
    await author.keyboard.press('Escape');
    await author.keyboard.press('Shift+Home');
    await author.keyboard.press('Backspace');
    await author.keyboard.press('Backspace');
    await author.getByText('No problems found while typing.').waitFor();

    // A difficulty the format does not know: underlined as it is typed, and listed with its line.
    await retypeLine(author, 'difficulty: beginner', 'difficulty: expert');
    await author.locator('.lab-yaml-editor .squiggly-error').first().waitFor();
    const problems = author.getByTestId('yaml-problems');
    await expect.poll(() => problems.innerText()).toMatch(/line 7[\s\S]*Value is not accepted/u);
    await author.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();
    expect(await screenshots(author, 'editor-problem')).toBe(false);
    expect(await seriousViolations(author)).toEqual([]);

    // The server's check says the same, with file, line and field; choosing it goes to the line.
    await author.getByRole('button', { name: 'Check the lab' }).first().click();
    await author.getByText(/The check found 1 problem/u).waitFor();
    await author.getByRole('tab', { name: /Check and test/u }).click();
    const listed = author.getByTestId('all-problems').getByRole('button').first();
    expect(await listed.innerText()).toMatch(/^lab\.yaml, line 7, difficulty\n/u);
    await author.locator('.lab-yaml-editor .cursor').first().waitFor({ state: 'attached' });
    await listed.click();
    await author.getByRole('tab', { name: /Lab and tasks/u, selected: true }).waitFor();
    await expect.poll(() => author.locator('.lab-yaml-editor .active-line-number').first().innerText()).toBe('7');

    // Fixed: the underline and the list go away.
    await retypeLine(author, 'difficulty: expert', 'difficulty: intermediate');
    await author.getByText('No problems found while typing.').waitFor();
    expect(await author.locator('.lab-yaml-editor .squiggly-error').count()).toBe(0);

    // The brief, in Markdown, with its preview beside it.
    await author.getByRole('tab', { name: /Brief/u }).click();
    const brief = author.getByLabel('Brief (brief.md)');
    await brief.fill(`${await brief.inputValue()}\n## What you have\n\nRead what the gateway recorded.\n`);
    await author.locator('.brief-preview').getByRole('heading', { name: 'What you have' }).waitFor();
    await author.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();
    expect(await screenshots(author, 'editor-brief')).toBe(false);

    // Evidence dropped on the zone: its SHA-256 computed in the browser, then again by the server.
    await author.getByRole('tab', { name: /Evidence/u }).click();
    const transfer = await author.evaluateHandle(
      ([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, { type: 'text/plain' }));
        return data;
      },
      [EVIDENCE_NAME, EVIDENCE_TEXT] as const,
    );
    await author.getByTestId('evidence-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    const sha256 = createHash('sha256').update(EVIDENCE_TEXT).digest('hex');
    await expect.poll(() => author.getByTestId('chosen-file').innerText()).toContain(sha256);
    expect(await author.getByLabel('Evidence id').inputValue()).toBe('mail-gateway');
    await author.getByLabel('Title trainees see').fill('Mail gateway log of MX01');
    await author.getByLabel('What kind of file').selectOption('text');
    await author.getByLabel('Source device').fill('MX01 mail gateway');
    await author.getByLabel('Acquired by').fill('Example Unit, digital forensics');
    await author.getByLabel('Acquired at').fill('2024-03-06T09:30');
    await author.getByLabel('Method').fill('Logical copy of /var/log/mail.log, SHA-256 recorded at acquisition');
    expect(await screenshots(author, 'editor-evidence')).toBe(false);
    expect(await seriousViolations(author)).toEqual([]);
    await author.getByRole('button', { name: 'Add to the lab' }).click();
    const result = author.getByTestId('upload-result');
    await result.waitFor();
    expect(await result.innerText()).toContain(sha256);
    await result.getByText('It matches the SHA-256 computed in your browser').waitFor();
    await author.getByTestId('draft-files').getByText(`evidence/${EVIDENCE_NAME}`).waitFor();
    // The server wrote the entry into lab.yaml, and the editor shows it.
    await author.getByRole('tab', { name: /Lab and tasks/u }).click();
    await editorLine(author, 'id: mail-gateway').waitFor();

    // The self-test passes.
    await author.getByRole('tab', { name: /Check and test/u }).click();
    await author.getByRole('button', { name: 'Run the self-test' }).click();
    await author.getByText('The self-test passed.').waitFor({ timeout: 60_000 });
    await author
      .getByTestId('self-test-result')
      .getByText('Passed. This lab gives every trainee the same data.')
      .waitFor();
    expect(await screenshots(author, 'editor-self-test')).toBe(false);
    expect(await seriousViolations(author)).toEqual([]);

    // One trainee's data: the same files for everyone (no generator), each with its SHA-256.
    await author.getByRole('tab', { name: /Trainee data/u }).click();
    await author.getByRole('button', { name: 'Show', exact: true }).click();
    const variant = author.getByTestId('variant-preview');
    await variant.getByText('This lab has no generator').waitFor();
    expect(await variant.innerText()).toContain(sha256);

    // The draft as a trainee would find it, its answers shown on request; nothing is published yet.
    await author.getByRole('button', { name: 'Preview as trainee' }).click();
    await author.getByRole('heading', { name: `New lab ${LAB_ID}`, level: 1 }).waitFor();
    await author.getByText('Mail gateway log of MX01').waitFor();
    await author.getByRole('heading', { name: 'What you have' }).waitFor();
    expect(await author.getByText('203.0.113.77').count()).toBe(0);
    await author.getByLabel('Show the reference answers, explanations and hints').check();
    await author.getByText('203.0.113.77').first().waitFor();
    expect(await screenshots(author, 'preview')).toBe(false);
    await author.getByRole('link', { name: '← Back to the editor' }).click();
    await editorLine(author, 'version: 1').waitFor({ timeout: 30_000 });

    // Published: live at once, version 1 listed.
    await author.getByRole('button', { name: 'Publish…' }).click();
    await author.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await author.getByText(`Version 1 of “${LAB_ID}” is live.`).waitFor({ timeout: 60_000 });
    await author.getByRole('tab', { name: /Versions/u }).click();
    await author.getByTestId('version-list').getByText('Version 1').waitFor();
    expect(await screenshots(author, 'editor-published')).toBe(false);

    // The lab is assigned, and the trainee opens it: no restart in between.
    const admin = await app.server.signedInApi('admin', 'demo-admin-2024');
    await admin('POST', `/api/cohorts/${state.cohortId}/assignments`, { labId: LAB_ID });
    await trainee.goto(`${app.server.url}/labs/${LAB_ID}`);
    await trainee.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor({ timeout: 30_000 });
    await trainee.getByText('Mail gateway log of MX01').first().waitFor();
    await trainee
      .getByRole('heading', { name: /Attacking address/u })
      .first()
      .waitFor();
    await trainee.getByRole('heading', { name: `New lab ${LAB_ID}`, level: 1 }).waitFor();

    // A second version, with a title of its own: the editor asks for the higher version number first.
    await author.getByText('To publish these changes, raise “version” in lab.yaml to 2').waitFor();
    await author.getByRole('tab', { name: /Lab and tasks/u }).click();
    await retypeLine(author, 'version: 1', 'version: 2');
    await retypeLine(author, `title: New lab ${LAB_ID}`, 'title: Invoice mailbox drill');
    await author.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();
    await expect.poll(() => author.getByText('To publish these changes').count()).toBe(0);
    await author.getByRole('button', { name: 'Publish…' }).click();
    await author.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await author.getByText(`Version 2 of “${LAB_ID}” is live.`).waitFor({ timeout: 60_000 });
    await trainee.reload();
    await trainee.getByRole('heading', { name: 'Invoice mailbox drill', level: 1 }).waitFor({ timeout: 30_000 });

    // Version 1 made live again: the trainee's next page is version 1.
    await author.getByRole('tab', { name: /Versions/u }).click();
    await author.getByRole('button', { name: 'Make version 1 live again' }).click();
    await author.getByRole('dialog').getByRole('button', { name: 'Make live again' }).click();
    await author.getByText('Version 1 is live again.').waitFor();
    expect(await screenshots(author, 'editor-versions')).toBe(false);
    await trainee.reload();
    await trainee.getByRole('heading', { name: `New lab ${LAB_ID}`, level: 1 }).waitFor({ timeout: 30_000 });

    // The author's list of drafts, at both widths.
    await author.getByRole('link', { name: '← Write labs' }).click();
    await author.getByTestId('draft-list').getByRole('link', { name: 'Invoice mailbox drill' }).waitFor();
    expect(await screenshots(author, 'author-drafts')).toBe(false);
  }, 300_000);

  it('copies an installed lab with a generator as a new lab, shows one trainee’s generated data, and deletes the draft', async () => {
    const admin = await pageWithFailureScreenshot(app.browsers[1]!, 'authoring-copy');
    await signIn(admin, app.server.url, 'admin', 'demo-admin-2024');
    await admin.getByRole('link', { name: 'Write labs' }).click();
    await admin.getByLabel('A copy of a lab that is already installed').check();
    await admin
      .getByLabel('Installed lab')
      .selectOption({ label: 'Business e-mail compromise at a ministry supplier' });
    await admin.getByLabel('A new lab of its own (the original stays as it is)').check();
    await admin.getByLabel('Short name of the lab').fill('bec-copy-drill');
    await admin.getByRole('button', { name: 'Create the draft' }).click();
    await admin
      .getByRole('heading', { name: 'Editing: Business e-mail compromise at a ministry supplier', level: 1 })
      .waitFor();
    await admin.getByText('New lab “bec-copy-drill”, not published yet').waitFor();
    await editorLine(admin, 'id: bec-copy-drill').waitFor({ timeout: 30_000 });

    // The generator is among the files; each seed gives data of its own.
    await admin.getByRole('tab', { name: /Evidence/u }).click();
    await admin.getByTestId('draft-files').getByText('generate.ts').waitFor();
    await admin.getByRole('tab', { name: /Trainee data/u }).click();
    await admin.getByLabel('Name of the data').fill('alpha');
    await admin.getByRole('button', { name: 'Show', exact: true }).click();
    const variant = admin.getByTestId('variant-preview');
    await variant.getByText('Data “alpha” from the lab’s generator.').waitFor({ timeout: 30_000 });
    const alpha = await variant.innerText();
    await admin.getByLabel('Name of the data').fill('beta');
    await admin.getByRole('button', { name: 'Show', exact: true }).click();
    await variant.getByText('Data “beta” from the lab’s generator.').waitFor({ timeout: 30_000 });
    expect(await variant.innerText()).not.toBe(alpha.replace('“alpha”', '“beta”'));
    expect(await screenshots(admin, 'editor-variant')).toBe(false);

    // An administrator edits the generator's code in the browser: a type error is found at its line.
    await admin.getByRole('tab', { name: /Generator code/u }).click();
    const code = admin.getByLabel('Code of generate.ts');
    await expect.poll(() => code.inputValue()).toMatch(/export default|export function/u);
    const original = await code.inputValue();
    const errorLine = original.split('\n').length + 1;
    await code.fill(`${original}\nconst broken: number = 'not a number';\n`);
    await admin.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Check the lab' }).first().click();
    await admin.getByRole('tab', { name: /Check and test/u }).click();
    const listed = admin.getByTestId('all-problems').getByRole('button', { name: /^generate\.ts, line/u });
    await listed.waitFor({ timeout: 60_000 });
    expect(await listed.innerText()).toContain(`generate.ts, line ${errorLine}`);
    await listed.click();
    await admin.getByRole('tab', { name: /Generator code/u, selected: true }).waitFor();
    expect(
      await code.evaluate((box: HTMLTextAreaElement) => box.value.slice(box.selectionStart, box.selectionEnd)),
    ).toBe("const broken: number = 'not a number';");
    expect(await screenshots(admin, 'editor-generator')).toBe(false);
    await code.fill(original);
    await admin.getByTestId('save-state').getByText('Saved', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Check the lab' }).first().click();
    await expect
      .poll(
        () =>
          admin
            .getByTestId('all-problems')
            .getByRole('button', { name: /^generate\.ts/u })
            .count(),
        {
          timeout: 60_000,
        },
      )
      .toBe(0);

    // Deleted from the list, after confirming.
    await admin.getByRole('link', { name: '← Write labs' }).click();
    await admin
      .getByRole('button', { name: 'Delete the draft “Business e-mail compromise at a ministry supplier”' })
      .click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await admin.getByText('The draft “Business e-mail compromise at a ministry supplier” is deleted.').waitFor();
    expect(await admin.getByTestId('draft-list').getByText('Business e-mail compromise').count()).toBe(0);
  }, 180_000);
});
