import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readYaml } from '../loader.ts';
import type { InstalledLab, InstalledLibrary, PackageReport, StagedPackage } from './inspect.ts';

/** Where replaced labs and courses are kept inside the labs folder (the loader skips folders starting with "."). */
export const REPLACED_FOLDER = '.replaced';

/** The staging folder of packages inside a labs folder: on its file system, so that installing is a rename. */
export function stagingRootOf(labsDir: string): string {
  return join(labsDir, '.packages');
}

/** What a labs folder holds of the given lab ids (their versions read from lab.yaml, no code run) and its courses. */
export async function installedInFolder(labsDir: string, labIds: readonly string[]): Promise<InstalledLibrary> {
  const labs = new Map<string, InstalledLab>();
  for (const id of labIds) {
    const dir = join(labsDir, id);
    if (!existsSync(join(dir, 'lab.yaml'))) continue;
    const version = await readYaml(join(dir, 'lab.yaml'))
      .then((source) => source.document.get('version'))
      .catch(() => undefined);
    // A folder whose lab.yaml has no readable version is installed all the same: it may only be replaced.
    labs.set(id, { dir, version: typeof version === 'number' ? version : 0 });
  }
  const courses = new Set(
    (await readdir(join(labsDir, 'courses')).catch(() => [] as string[]))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice(0, -'.yaml'.length)),
  );
  return { lab: (id) => labs.get(id), hasCourse: (id) => courses.has(id) };
}

/** Moves a file or folder, copying first where a rename cannot cross file systems. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const partial = `${to}.partial`;
    await cp(from, partial, { recursive: true, errorOnExist: true, verbatimSymlinks: true });
    await rename(partial, to);
    await rm(from, { recursive: true, force: true });
  }
}

/**
 * Installs a staged package that inspected without a problem into a labs folder: each lab folder
 * and the course file renamed into place, a replaced one first moved aside into `.replaced/`. If a
 * step fails, every step before it is undone, so the folder holds the whole package or none of it.
 * `finish` is the last step (the audit entry): if it throws, the moves are undone too. The server
 * reads the folder at start.
 */
export async function installIntoFolder(
  staged: StagedPackage,
  report: PackageReport,
  labsDir: string,
  finish: () => void = () => undefined,
): Promise<{ installed: string[]; replaced: string[] }> {
  if (report.problems.length > 0 || report.validation !== 'full')
    throw new Error('only a package that validated fully and without problems can be installed');
  const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
  const moves: { from: string; to: string }[] = [];
  const installed: string[] = [];
  const replaced: string[] = [];
  const plan: { from: string; to: string; keptAs: string; name: string }[] = [];
  for (const lab of report.labs) {
    if (lab.action === 'unchanged') continue;
    plan.push({
      from: join(staged.dir, lab.id),
      to: join(labsDir, lab.id),
      keptAs: join(labsDir, REPLACED_FOLDER, `${lab.id}-v${lab.installedVersion ?? 0}-${stamp}`),
      name: lab.id,
    });
  }
  if (report.course && report.course.action !== 'refused') {
    const file = `${report.course.id}.yaml`;
    await mkdir(join(labsDir, 'courses'), { recursive: true });
    plan.push({
      from: join(staged.dir, 'courses', file),
      to: join(labsDir, 'courses', file),
      keptAs: join(labsDir, REPLACED_FOLDER, `course-${report.course.id}-${stamp}.yaml`),
      name: `courses/${file}`,
    });
  }
  try {
    for (const step of plan) {
      if (existsSync(step.to)) {
        await mkdir(join(labsDir, REPLACED_FOLDER), { recursive: true });
        await move(step.to, step.keptAs);
        moves.push({ from: step.to, to: step.keptAs });
        replaced.push(step.name);
      }
      await move(step.from, step.to);
      moves.push({ from: step.from, to: step.to });
      installed.push(step.name);
    }
    finish();
  } catch (error) {
    for (const done of moves.reverse()) await move(done.to, done.from).catch(() => undefined);
    throw error;
  }
  return { installed, replaced };
}
