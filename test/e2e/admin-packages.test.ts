import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../server/labs/packages/export.ts';
import { manifestEntry, renameInArchive, zipOf } from '../helpers/package-archives.ts';
import { runScript } from '../helpers/run-script.ts';
import { readPackageZip } from '../helpers/zip-entries.ts';
import { pageWithFailureScreenshot, serverAndBrowserForFile, seriousViolations, signIn } from './support/browser.ts';

const SCREENS = 'test-results/admin-packages';
const SHIPPED = 'sample-ssh-intrusion';
const NEW_LAB = 'ssh-intrusion-branch-office';
const NEW_TITLE = 'SSH intrusion at the branch office';

// Two browsers: the administrator's and the instructor's, each with a session of its own.
const app = serverAndBrowserForFile({ browsers: 2 });
const work = await mkdtemp(join(tmpdir(), 'casebench-e2e-packages-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** The page at 1440 and 390 px; at 390 px nothing may make the page scroll sideways. */
async function screens(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SCREENS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENS}/${name}-390.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A copy of the shipped lab under another id and title, packaged with the exporter: a new lab with generator code. */
async function newLabPackage(): Promise<string> {
  const labsDir = join(work, 'labs');
  await mkdir(labsDir, { recursive: true });
  await cp(join('labs', SHIPPED), join(labsDir, NEW_LAB), { recursive: true });
  const labYaml = join(labsDir, NEW_LAB, 'lab.yaml');
  const text = await readFile(labYaml, 'utf8');
  await writeFile(
    labYaml,
    text.replace(`id: ${SHIPPED}\n`, `id: ${NEW_LAB}\n`).replace(/^title: .*$/mu, `title: ${NEW_TITLE}`),
  );
  const file = join(work, `${NEW_LAB}.zip`);
  await exportPackage(labsDir, NEW_LAB, file);
  return file;
}

/** An archive with an entry that climbs out of the lab folder (written as yazl would refuse to). */
async function traversalPackage(): Promise<string> {
  const files = [{ name: 'hostile-lab/XX/evil.txt', data: 'x' }];
  const archive = renameInArchive(
    await zipOf([manifestEntry([{ id: 'hostile-lab', version: 1 }], files), ...files]),
    'hostile-lab/XX/evil.txt',
    'hostile-lab/../evil.txt',
  );
  const file = join(work, 'hostile-lab.zip');
  await writeFile(file, archive);
  return file;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('an administrator exports and installs lab packages in the browser', () => {
  it('exports a shipped lab, reads and confirms a new lab’s code, installs it live, is refused a hostile archive, and sees a command-line import in the audit log', async () => {
    const [adminBrowser, instructorBrowser] = app.browsers;
    const admin = await pageWithFailureScreenshot(adminBrowser!, 'admin-packages-admin');
    const instructor = await pageWithFailureScreenshot(instructorBrowser!, 'admin-packages-instructor');

    await signIn(admin, app.server.url, 'admin', 'demo-admin-2024');
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('link', { name: 'Lab packages: install or export labs' }).click();
    await admin.getByRole('heading', { name: 'Lab packages', level: 1 }).waitFor();

    // Export: the shipped lab chosen by its title, downloaded as its package.
    const exportChoice = admin.getByLabel('Lab or course', { exact: true });
    await exportChoice.selectOption({ label: "SSH intrusion on a small firm's file server (version 2)" });
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: `Download ${SHIPPED}.zip` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${SHIPPED}.zip`);
    const exportedFile = join(work, `exported-${SHIPPED}.zip`);
    await download.saveAs(exportedFile);
    const { manifest } = await readPackageZip(await readFile(exportedFile));
    const shippedFiles = (await readdir(join('labs', SHIPPED))).sort();
    expect(manifest.files.map((file) => file.path)).toEqual(shippedFiles.map((name) => `${SHIPPED}/${name}`));
    for (const file of manifest.files) expect(file.sha256).toBe(sha256(await readFile(join('labs', file.path))));

    // Read back unchanged: the same lab at the same version, nothing to install.
    const fileInput = admin.getByLabel('Package file (.zip)');
    await fileInput.setInputFiles(exportedFile);
    const report = admin.getByTestId('package-report');
    await report.getByText('Already installed at version 2, exactly the same: nothing changes').waitFor();

    // A new lab with generator code: its code in full and the warning, and no install before the box is ticked.
    await fileInput.setInputFiles(await newLabPackage());
    await report.getByText(NEW_TITLE).waitFor();
    await report.getByText('New lab, version 2').waitFor();
    const code = admin.getByTestId('package-code');
    await code.getByText('This code will run on the server.').waitFor();
    const generator = await readFile(join('labs', SHIPPED, 'generate.ts'), 'utf8');
    // The code exactly as the file holds it.
    expect(await code.getByRole('region', { name: `Code of ${NEW_LAB}/generate.ts` }).textContent()).toBe(generator);
    const install = admin.getByRole('button', { name: 'Install', exact: true });
    expect(await install.isDisabled()).toBe(true);
    expect(await admin.getByRole('button', { name: 'Install as a new version' }).count()).toBe(0);
    await screens(admin, 'code');
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.getByLabel('I have read this code and want to install it').check();
    expect(await install.isEnabled()).toBe(true);
    await install.click();
    const result = admin.getByTestId('package-result');
    await result.getByRole('heading', { name: 'Installed' }).waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toContain(`${NEW_LAB} is installed (version 2).`);
    await screens(admin, 'installed');

    // The instructor's library has the new lab at once: no restart.
    await signIn(instructor, app.server.url, 'instructor', 'demo-instructor-2024');
    await instructor.goto(`${app.server.url}/instructor/library`);
    await instructor.getByTestId('library-lab').filter({ hasText: NEW_TITLE }).waitFor();
    // The export control keeps its choice when its list is read again, and offers the new lab now.
    await expect.poll(() => exportChoice.inputValue()).toBe(SHIPPED);
    await exportChoice.selectOption({ label: `${NEW_TITLE} (version 2)` });

    // Its next version: the lab id is taken, so only "Install as a new version" is offered, after the code is read.
    const labYaml = join(work, 'labs', NEW_LAB, 'lab.yaml');
    await writeFile(labYaml, (await readFile(labYaml, 'utf8')).replace(/^version: 2$/mu, 'version: 3'));
    await exportPackage(join(work, 'labs'), NEW_LAB, join(work, `${NEW_LAB}-3.zip`));
    await fileInput.setInputFiles(join(work, `${NEW_LAB}-3.zip`));
    await report.getByText('New version 3 (installed now: version 2)').waitFor();
    const asNewVersion = admin.getByRole('button', { name: 'Install as a new version' });
    expect(await asNewVersion.isDisabled()).toBe(true);
    expect(await admin.getByRole('button', { name: 'Install', exact: true }).count()).toBe(0);
    await admin.getByLabel('I have read this code and want to install it').check();
    expect(await asNewVersion.isEnabled()).toBe(true);

    // A hostile archive: refused with its reason, no report, nothing installed.
    // Dropped on the page this time, as a file dragged from the desktop.
    const hostile = [...(await readFile(await traversalPackage()))];
    const dropped = await admin.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'hostile-lab.zip', { type: 'application/zip' }));
      return transfer;
    }, hostile);
    await admin.getByTestId('package-drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
    await admin.getByTestId('package-chosen').getByText('Package: hostile-lab.zip').waitFor();
    const refusal = admin.getByTestId('package-inspect-status').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(
      /^The package was refused \(path-traversal\): .*Nothing was installed\.$/u,
    );
    expect(await report.count()).toBe(0);
    await screens(admin, 'refused');
    expect(await seriousViolations(admin)).toEqual([]);
    const overview = (await (await admin.request.get(`${app.server.url}/api/admin/overview`)).json()) as {
      library: { labs: { id: string }[] };
    };
    const installedIds = overview.library.labs.map((lab) => lab.id);
    expect(installedIds).toContain(NEW_LAB);
    expect(installedIds).not.toContain('hostile-lab');

    // The new lab imported on the command line into a labs folder, with the server's database: the
    // audit log names the operating-system user who ran it, as there is no account.
    const cliLabs = join(work, 'cli-labs');
    await mkdir(cliLabs);
    const cli = (...args: string[]) =>
      runScript('server/labs/cli.ts', ['import', join(work, `${NEW_LAB}.zip`), '--labs', cliLabs, ...args], {
        CASEBENCH_DB: app.server.env.CASEBENCH_DB!,
      });
    const codeHash = /--allow-code ([0-9a-f]{64})/u.exec((await cli()).stderr)![1]!;
    const imported = await cli('--allow-code', codeHash);
    expect(imported.code, imported.stderr).toBe(0);
    await admin.goto(`${app.server.url}/admin`);
    const audit = admin.getByTestId('admin-audit');
    await expect.poll(() => audit.innerText()).toContain(`command line (${userInfo().username})`);
    expect(await audit.getByRole('row').filter({ hasText: 'command line' }).innerText()).toContain(
      'installed a lab package',
    );
  }, 240_000);
});
