import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AppError, isSqliteBusy } from '../../errors.ts';
import { readCourse, writePackagedCourse } from '../../labs/packages/courses.ts';
import { ExportRefused, exportPackage } from '../../labs/packages/export.ts';
import { formatProblem } from '../../labs/problems.ts';
import {
  discardStaged,
  inspectStaged,
  installedAuditDetails,
  stagePackage,
  type InstalledLibrary,
  type PackageReport,
  type StagedPackage,
} from '../../labs/packages/inspect.ts';
import { PackageRefused } from '../../labs/packages/refusal.ts';
import { MAX_ARCHIVE_BYTES } from '../../labs/packages/unpack.ts';
import { recordAudit } from '../accounts/audit.ts';
import { publishLabFolders, type Published } from '../authoring/publish.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin } from '../policy.ts';

/** The largest package the browser may upload (the body limit of the route): the largest archive read. */
export const MAX_PACKAGE_BYTES = MAX_ARCHIVE_BYTES;

const ADMINS_ONLY = 'Only an administrator can install lab packages: a package may hold code that runs on the server.';

/** Only administrators install packages: asked before an upload is even read. */
export function requirePackageInstaller(actor: Actor): void {
  requireAdmin(actor, ADMINS_ONLY);
}

/** The labs live now (published versions included) and the courses, as a package is judged against them. */
function installedNow(ctx: ServiceContext): InstalledLibrary {
  return {
    lab: (id) => {
      const live = ctx.library.labs.get(id);
      if (live) return { version: live.definition.version, dir: live.dir };
      // A lab that failed to load is installed all the same: it can only be replaced by a new version.
      return ctx.library.failures.some((failure) => failure.id === id) ? { version: 0 } : undefined;
    },
    hasCourse: (id) => ctx.library.courses.has(id),
  };
}

/** Unpacks an uploaded package into the authoring folder's staging area; a refused archive becomes a 400. */
async function stage(ctx: ServiceContext, archive: Buffer): Promise<StagedPackage> {
  try {
    return await stagePackage(archive, join(ctx.authoringDir, 'staging'));
  } catch (error) {
    if (error instanceof PackageRefused)
      throw new AppError(
        'bad_request',
        `The package was refused (${error.reason}): ${error.message}. Nothing was installed.`,
        'package',
      );
    throw error;
  }
}

/**
 * The course step of an install, before anything is live: the package's course checked against the
 * labs live now and those the install makes live, and its file written (kept in the authoring folder,
 * loaded over the labs folder's course of the same id at start). Answers what to swap in, and the undo.
 */
async function prepareCourse(ctx: ServiceContext, staged: StagedPackage, id: string, incoming: readonly string[]) {
  const stagedPath = join(staged.dir, 'courses', `${id}.yaml`);
  const checked = await readCourse(stagedPath, (lab) => ctx.library.labs.has(lab) || incoming.includes(lab));
  if (!checked.definition || checked.problems.length > 0)
    throw new AppError(
      'conflict',
      `The course "${id}" no longer fits the installed labs: ${checked.problems.map(formatProblem).join('; ')}.`,
    );
  const written = await writePackagedCourse(ctx.authoringDir, id, await readFile(stagedPath, 'utf8'));
  return { id, definition: checked.definition, file: written.file, undo: written.undo };
}

const NOTHING_INSTALLED = 'Nothing was installed: every lab and course is as it was before.';

/**
 * Why an install failed once the package had been checked, as the administrator is told: the step
 * that failed and that nothing was installed (every step before it was undone).
 */
function installFailed(ctx: ServiceContext, error: unknown): AppError {
  if (error instanceof AppError)
    return new AppError(error.code, `${error.message.replace(/\.?$/u, '.')} ${NOTHING_INSTALLED}`, error.field);
  if (isSqliteBusy(error))
    return new AppError('busy', `The server is busy: ${NOTHING_INSTALLED} Try again in a moment.`);
  console.error(error);
  const fault = error as NodeJS.ErrnoException;
  const where =
    typeof fault.path === 'string' && !relative(ctx.authoringDir, fault.path).startsWith('..')
      ? ` the authoring folder's ${relative(ctx.authoringDir, fault.path)}`
      : ' its files';
  return new AppError(
    'install_failed',
    `Installing the package failed: the server could not write${where}${fault.code ? ` (${fault.code})` : ''}. ` +
      `${NOTHING_INSTALLED} Tell whoever runs the server; the server log has the details.`,
  );
}

/** What the inspection step answers: what would be installed, every problem, and the code to read before confirming. */
function describe(report: PackageReport) {
  return {
    kind: report.kind,
    id: report.id,
    labs: report.labs,
    course: report.course,
    problems: report.problems,
    code: report.code,
    codeSha256: report.codeSha256,
    validation: report.validation,
    /** Whether installing may go ahead (after confirming the code, when there is code). */
    installable: report.problems.length === 0,
  };
}

/**
 * The inspection (dry run) of an uploaded package, for administrators: unpacked and checked as a
 * whole, each lab validated as `npm run lab -- validate` does, except that code is not run before an
 * administrator has read and confirmed it. Nothing is installed.
 */
export async function inspectPackage(
  ctx: ServiceContext,
  actor: Actor,
  archive: Buffer,
  options: { asNewVersion: boolean },
) {
  requirePackageInstaller(actor);
  const staged = await stage(ctx, archive);
  try {
    return describe(
      await inspectStaged(staged, installedNow(ctx), { asNewVersion: options.asNewVersion, runCode: false }),
    );
  } finally {
    await discardStaged(staged);
  }
}

/**
 * Installs an uploaded package: checked again as a whole (the upload is not trusted to be the one
 * inspected), its code, if any, only when `confirmCode` names the hash of exactly that code; then
 * validated fully, generators run, before anything is installed; then each lab made live through the
 * authoring store (no restart), and one audit entry saying who installed what.
 */
export async function installPackage(
  ctx: ServiceContext,
  actor: Actor,
  archive: Buffer,
  options: { asNewVersion: boolean; confirmCode?: string },
) {
  requirePackageInstaller(actor);
  const staged = await stage(ctx, archive);
  try {
    const installed = installedNow(ctx);
    const first = await inspectStaged(staged, installed, { asNewVersion: options.asNewVersion, runCode: false });
    if (first.codeSha256 !== null && options.confirmCode !== first.codeSha256)
      throw new AppError(
        'forbidden',
        options.confirmCode === undefined
          ? `This package holds code that runs on the server (${first.code.map((file) => file.path).join(', ')}): ` +
              'inspect it, read the code, and confirm with its hash (confirmCode).'
          : 'The confirmation names other code than this package holds: inspect the package again and read its code.',
        'confirmCode',
      );
    const report =
      first.code.length > 0 ? await inspectStaged(staged, installed, { ...options, runCode: true }) : first;
    if (report.problems.length > 0) {
      const shown = report.problems.slice(0, 5).map(formatProblem).join('; ');
      throw new AppError(
        'conflict',
        `The package cannot be installed: ${report.problems.length} problem(s): ${shown}` +
          `${report.problems.length > 5 ? '; …' : ''}. Inspect it to see every problem. Nothing was installed.`,
      );
    }
    const toPublish = report.labs.filter((lab) => lab.action !== 'unchanged');
    // Set by the course step, inside the install.
    const prepared: { course?: Awaited<ReturnType<typeof prepareCourse>> } = {};
    const courseReplaced = report.course ? ctx.library.courses.has(report.course.id) : false;
    let published: Published[];
    try {
      // All or nothing: every lab validated in its final place and the course file written first; then
      // the versions and this audit entry in one transaction; only then is any of it live.
      published = await publishLabFolders(
        ctx,
        actor,
        toPublish.map((lab) => ({ dir: join(staged.dir, lab.id), asNewVersion: lab.action === 'new-version' })),
        {
          prepare: async () => {
            if (!report.course) return async () => undefined;
            prepared.course = await prepareCourse(
              ctx,
              staged,
              report.course.id,
              toPublish.map((lab) => lab.id),
            );
            return prepared.course.undo;
          },
          record: (tx) =>
            recordAudit(tx, {
              actorId: actor.id,
              action: 'package.installed',
              subject: `${report.kind}:${report.id}`,
              details: installedAuditDetails(report, staged.files.length),
              at: ctx.now(),
            }),
        },
      );
    } catch (error) {
      throw installFailed(ctx, error);
    }
    // In the same turn of the event loop as the labs were swapped in: no request sees one without the other.
    const { course } = prepared;
    if (course) ctx.library.courses.set(course.id, { definition: course.definition, file: course.file });
    return {
      installed: published.map((lab) => ({
        labId: lab.labId,
        version: lab.version,
        previousVersion: lab.previousVersion,
        publishedAt: lab.publishedAt.toISOString(),
      })),
      unchanged: report.labs.filter((lab) => lab.action === 'unchanged').map((lab) => lab.id),
      course: course ? { id: course.id, title: course.definition.title, replaced: courseReplaced } : null,
    };
  } finally {
    await discardStaged(staged);
  }
}

/**
 * The package of an installed lab or course, for administrators, as `npm run lab -- export` writes it,
 * from what is live now: a published version's folder as well as a shipped one. The live folders are
 * linked into a labs folder of the export's own (a published version lives under its version number,
 * not under its id) and the zip written beside it; everything is removed before answering.
 */
export async function exportInstalledPackage(ctx: ServiceContext, actor: Actor, id: string): Promise<Buffer> {
  requireAdmin(actor, 'Only an administrator can export lab packages.');
  const course = ctx.library.courses.get(id);
  const labIds = course ? course.definition.labs.map((entry) => entry.lab) : [id];
  const folders = labIds.map((labId) => ({ labId, live: ctx.library.labs.get(labId) }));
  if (!course && !folders[0]!.live) {
    const failed = ctx.library.failures.some((failure) => failure.id === id);
    throw new AppError(
      failed ? 'conflict' : 'not_found',
      failed
        ? `The lab "${id}" did not load, so it cannot be exported: fix it first (the start page lists its problems).`
        : `There is no installed lab or course "${id}".`,
      'id',
    );
  }
  const work = await mkdtemp(join(tmpdir(), 'casebench-export-'));
  try {
    const labsDir = join(work, 'labs');
    await mkdir(join(labsDir, 'courses'), { recursive: true });
    for (const { labId, live } of folders) {
      if (!live)
        throw new AppError('conflict', `The course "${id}" lists the lab "${labId}", which is not live.`, 'id');
      await symlink(live.dir, join(labsDir, labId), 'dir');
    }
    // Copied, not linked: the manifest gives each file's size as its folder entry says.
    if (course) await copyFile(course.file, join(labsDir, 'courses', `${id}.yaml`));
    const outFile = join(work, `${id}.zip`);
    try {
      await exportPackage(labsDir, id, outFile);
    } catch (error) {
      if (!(error instanceof ExportRefused)) throw error;
      const problems = error.failures.flatMap((failure) => failure.problems).slice(0, 5);
      throw new AppError(
        'conflict',
        `"${id}" cannot be exported: ${error.message}${problems.length > 0 ? `: ${problems.map(formatProblem).join('; ')}` : ''}.`,
        'id',
      );
    }
    return await readFile(outFile);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
