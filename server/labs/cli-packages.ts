/**
 * The package commands of `npm run lab --`:
 *   export <lab-or-course-id> <out.zip>
 *   import <file.zip> [--new-version] [--dry-run] [--allow-code <sha256>]
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { readConfig } from '../config.ts';
import { openDatabase, type Db } from '../db/client.ts';
import { recordAudit, VIA_COMMAND_LINE } from '../services/accounts/audit.ts';
import { displayPath } from './loader.ts';
import { formatProblem } from './problems.ts';
import { ExportRefused, exportPackage } from './packages/export.ts';
import {
  discardStaged,
  inspectStaged,
  installedAuditDetails,
  stagePackage,
  type PackageReport,
} from './packages/inspect.ts';
import { installedInFolder, installIntoFolder, stagingRootOf } from './packages/install-folder.ts';
import { PackageRefused } from './packages/refusal.ts';
import { MAX_ARCHIVE_BYTES } from './packages/unpack.ts';

/** `export`: writes the package, or prints why the lab or course cannot be exported. */
export async function exportCommand(labsDir: string, id: string, outFile: string): Promise<number> {
  try {
    const { manifest, bytes } = await exportPackage(labsDir, id, resolve(outFile));
    const labs = manifest.labs.map((lab) => `${lab.id} v${lab.version}`).join(', ');
    console.log(
      `✓ exported ${manifest.kind} ${manifest.id} (${labs}): ${manifest.files.length} files, ${bytes} bytes, to ${displayPath(resolve(outFile))}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ExportRefused)) throw error;
    console.error(`✗ ${error.message}`);
    for (const failure of error.failures) {
      console.error(`✗ ${failure.id}`);
      for (const problem of failure.problems) console.error(`  ${formatProblem(problem)}`);
    }
    return 1;
  }
}

function printReport(report: PackageReport): void {
  for (const lab of report.labs) {
    const from = lab.installedVersion === null ? '' : ` (installed: version ${lab.installedVersion})`;
    console.log(`  lab ${lab.id} version ${lab.version}${from}: ${lab.action}`);
  }
  if (report.course) console.log(`  course ${report.course.id}: ${report.course.action}`);
  for (const problem of report.problems) console.error(`✗ ${formatProblem(problem)}`);
}

function printCode(report: PackageReport): void {
  console.log(
    `This package holds code that runs on this server (${report.code.length} file(s)); read all of it before installing:`,
  );
  for (const file of report.code) {
    console.log(`\n----- ${file.path} (${file.size} bytes, SHA-256 ${file.sha256}) -----`);
    console.log(file.text);
  }
  console.log(`----- end of code; its hash: ${report.codeSha256}`);
}

/** The operating-system user running the command: no account is signed in on the command line. */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // A user id without an entry in the system's user list (some containers).
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

/**
 * The server's database, for the audit entry of an install: CASEBENCH_DB, by default
 * data/casebench.db, read as `npm start` reads it. When there is none yet, it is created with its
 * tables (as the server's first start would create it, which then finds it without accounts and sets
 * them up as usual), so that the entry is kept.
 */
function openAuditDatabase(): Db {
  const path = readConfig().databasePath;
  if (!existsSync(path))
    console.log(
      `note: there is no database at ${displayPath(resolve(path))} yet (CASEBENCH_DB): creating it with its ` +
        "tables to record this installation in its audit log; it is the server's database from its first start",
    );
  // A running server may be writing: wait for its lock, as a script may.
  return openDatabase(path, { busyTimeoutMs: 5000 });
}

/**
 * `import`: unpacks the archive into a staging folder inside the labs folder, validates all of it,
 * and only then moves it into place. A package with code is installed only with `--allow-code`
 * naming the hash of exactly the code that was printed.
 */
export async function importCommand(
  labsDir: string,
  file: string,
  options: { asNewVersion: boolean; dryRun: boolean; allowCode?: string },
): Promise<number> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    console.error(`✗ ${file} does not exist or is not a file`);
    return 1;
  }
  if (info.size > MAX_ARCHIVE_BYTES) {
    console.error(`✗ ${file} is ${info.size} bytes; a package may be at most ${MAX_ARCHIVE_BYTES} bytes`);
    return 1;
  }
  let staged: Awaited<ReturnType<typeof stagePackage>>;
  try {
    staged = await stagePackage(await readFile(file), stagingRootOf(labsDir));
  } catch (error) {
    if (!(error instanceof PackageRefused)) throw error;
    console.error(`✗ ${file} refused (${error.reason}): ${error.message}; nothing was installed`);
    return 1;
  }
  try {
    const installed = await installedInFolder(
      labsDir,
      staged.manifest.labs.map((lab) => lab.id),
    );
    const codeConfirmed = options.allowCode !== undefined;
    let report = await inspectStaged(staged, installed, { asNewVersion: options.asNewVersion, runCode: false });
    console.log(`package ${report.kind} ${report.id}:`);
    if (report.code.length > 0) {
      printCode(report);
      if (!codeConfirmed || options.allowCode !== report.codeSha256) {
        printReport(report);
        if (options.allowCode !== undefined)
          console.error(`✗ --allow-code ${options.allowCode} does not name this package's code (${report.codeSha256})`);
        if (!options.dryRun)
          console.error(
            `✗ nothing was installed: the package holds code. Having read it, run again with --allow-code ${report.codeSha256}`,
          );
        return options.dryRun && options.allowCode === undefined && report.problems.length === 0 ? 0 : 1;
      }
      // The code is confirmed: now the checks that run it.
      report = await inspectStaged(staged, installed, { asNewVersion: options.asNewVersion, runCode: true });
    }
    printReport(report);
    if (report.problems.length > 0) {
      console.error(`✗ nothing was installed: ${report.problems.length} problem(s)`);
      return 1;
    }
    if (options.dryRun) {
      console.log('✓ the package validates; nothing was installed (--dry-run)');
      return 0;
    }
    let db: Db;
    try {
      db = openAuditDatabase();
    } catch (error) {
      console.error(
        `✗ nothing was installed: the audit log, which records who installed a package, cannot be written ` +
          `(${error instanceof Error ? error.message : String(error)})`,
      );
      return 1;
    }
    const osUser = osUserName();
    let done: Awaited<ReturnType<typeof installIntoFolder>>;
    try {
      // The audit entry is the install's last step: if it cannot be written, the moves are undone.
      done = await installIntoFolder(staged, report, labsDir, () =>
        recordAudit(db, {
          actorId: null,
          action: 'package.installed',
          subject: `${report.kind}:${report.id}`,
          details: {
            ...installedAuditDetails(report, staged.files.length),
            via: VIA_COMMAND_LINE,
            osUser,
            labsFolder: resolve(labsDir),
          },
          at: new Date(),
        }),
      );
    } catch (error) {
      console.error(
        `✗ nothing was installed: ${error instanceof Error ? error.message : String(error)}; ` +
          `every step before it was undone, ${displayPath(labsDir)} is as it was`,
      );
      return 1;
    } finally {
      db.$client.close();
    }
    console.log(
      `✓ installed ${done.installed.join(', ') || 'nothing new (every lab unchanged)'} into ${displayPath(labsDir)}` +
        (done.replaced.length > 0 ? `; the replaced ones are kept in ${displayPath(labsDir)}/.replaced` : '') +
        '; a running server loads them at its next start',
    );
    console.log(`✓ recorded in the audit log as installed from the command line by ${osUser}`);
    return 0;
  } finally {
    await discardStaged(staged);
  }
}
