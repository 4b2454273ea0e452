import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { displayPath, readYaml, sha256OfFile, tryLoadLab, type LoadedLab } from '../loader.ts';
import type { LabProblem } from '../problems.ts';
import { labSchema } from '../schema.ts';
import { checkEvidenceTables, selfTestLab } from '../self-test.ts';
import { readCourse } from './courses.ts';
import { CODE_FILE, type PackageManifest } from './manifest.ts';
import { PackageRefused } from './refusal.ts';
import { DEFAULT_LIMITS, unpackPackage, type UnpackedFile, type UnpackLimits } from './unpack.ts';

/** A package unpacked into a staging folder laid out as a labs folder (`<lab-id>/`, `courses/`). */
export interface StagedPackage {
  dir: string;
  manifest: PackageManifest;
  files: UnpackedFile[];
}

/**
 * Unpacks an archive into a new folder under `stagingRoot` (on the same file system as the labs, so
 * that installing is a rename). A refused archive leaves nothing behind; the caller removes the
 * folder of an accepted one with discardStaged once done with it.
 */
export async function stagePackage(
  archive: Buffer,
  stagingRoot: string,
  limits: UnpackLimits = DEFAULT_LIMITS,
): Promise<StagedPackage> {
  await mkdir(stagingRoot, { recursive: true });
  const dir = await mkdtemp(join(stagingRoot, '.package-'));
  try {
    const { manifest, files } = await unpackPackage(archive, dir, limits);
    return { dir, manifest, files };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Removes a staged package's folder. */
export async function discardStaged(staged: StagedPackage): Promise<void> {
  await rm(staged.dir, { recursive: true, force: true });
}

/** A lab as it is installed now, to decide whether the package's lab is new, a new version or the same. */
export interface InstalledLab {
  version: number;
  /** Its folder; none for a lab that failed to load (it can only be replaced). */
  dir?: string;
}

/** What is installed: labs by id and course ids. */
export interface InstalledLibrary {
  lab(id: string): InstalledLab | undefined;
  hasCourse(id: string): boolean;
}

/** A generator or other code file of the package, shown to the administrator before it may run. */
export interface PackageCode {
  path: string;
  sha256: string;
  size: number;
  text: string;
}

/** What installing a lab of the package would do. */
export type LabAction = 'install' | 'new-version' | 'unchanged' | 'refused';

export interface PackageReport {
  kind: PackageManifest['kind'];
  id: string;
  labs: { id: string; version: number; title: string | null; installedVersion: number | null; action: LabAction }[];
  course: { id: string; title: string | null; action: 'install' | 'replace' | 'refused' } | null;
  /** Everything wrong, each located in the package (`<lab-id>/lab.yaml:12:3 tasks[0].answer: ...`). */
  problems: LabProblem[];
  /** The package's code files, in full. */
  code: PackageCode[];
  /** One hash over every code file (its path and content): what a confirmation names. Null without code. */
  codeSha256: string | null;
  /**
   * 'full': every check of `npm run lab -- validate` ran (and each lab's self-test). 'without-code': the
   * package has code that was not run because it is not yet confirmed: the labs' files, schema and
   * versions were checked; the checks that run the generators follow on confirmation, before anything
   * is installed.
   */
  validation: 'full' | 'without-code';
}

/** The variant seeds validate parses generated evidence for, as `npm run lab -- validate` does. */
const VALIDATE_SEEDS = ['seed-1', 'seed-2', 'seed-3'];

/** Code files never exceed this for display; a larger one is shown cut (its hash still covers all of it). */
const MAX_CODE_SHOWN = 256 * 1024;

/** The hash a confirmation of a package's code names: over each code file's path and SHA-256, in path order. */
export function codeHash(code: readonly Pick<PackageCode, 'path' | 'sha256'>[]): string | null {
  if (code.length === 0) return null;
  const hash = createHash('sha256');
  for (const file of [...code].sort((a, b) => (a.path < b.path ? -1 : 1)))
    hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex');
}

/** Problems located in the staging folder, re-located relative to the package. */
function inPackage(staged: StagedPackage, problems: LabProblem[]): LabProblem[] {
  const prefixes = [`${displayPath(staged.dir)}${sep}`, `${staged.dir}${sep}`];
  return problems.map((problem) => {
    const prefix = prefixes.find((candidate) => problem.file.startsWith(candidate));
    return prefix ? { ...problem, file: problem.file.slice(prefix.length).split(sep).join('/') } : problem;
  });
}

/** The SHA-256 of each file of a folder, by relative path; the same files left out as an export leaves out. */
async function folderHashes(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hashes.set(relative(dir, path).split(sep).join('/'), await sha256OfFile(path));
    }
  };
  await walk(dir);
  return hashes;
}

/** Loads a staged lab with every check of validate, and its self-test on validate's seeds. */
async function validateFully(dir: string): Promise<{ lab?: LoadedLab; problems: LabProblem[] }> {
  const outcome = await tryLoadLab(dir);
  if ('failure' in outcome) return { problems: outcome.failure.problems };
  const problems = await checkEvidenceTables(outcome.lab, VALIDATE_SEEDS);
  if (problems.length > 0) return { lab: outcome.lab, problems };
  const file = displayPath(join(dir, 'lab.yaml'));
  for (const failure of selfTestLab(outcome.lab, VALIDATE_SEEDS))
    problems.push({
      file,
      ...(failure.task ? { field: `task ${failure.task}${failure.field ? ` ${failure.field}` : ''}` } : {}),
      message: `self-test, seed "${failure.seed}": ${failure.message}`,
    });
  return { lab: outcome.lab, problems };
}

/** The generator lab.yaml names, read without any other check (the loader reports what is wrong with it). */
async function declaredGenerator(dir: string): Promise<string | undefined> {
  try {
    const generator = (await readYaml(join(dir, 'lab.yaml'))).document.getIn(['variants', 'generator']);
    return typeof generator === 'string' ? generator : undefined;
  } catch {
    return undefined;
  }
}

/** Checks lab.yaml without running any of the lab's code: syntax, schema, id. */
async function validateWithoutCode(
  dir: string,
  id: string,
): Promise<{ title?: string; version?: number; problems: LabProblem[] }> {
  let source: Awaited<ReturnType<typeof readYaml>>;
  try {
    source = await readYaml(join(dir, 'lab.yaml'));
  } catch (error) {
    const problems = (error as { problems?: LabProblem[] }).problems;
    return { problems: problems ?? [{ file: displayPath(join(dir, 'lab.yaml')), message: String(error) }] };
  }
  const parsed = labSchema.safeParse(source.toJS(), { reportInput: true });
  if (!parsed.success) return { problems: source.schemaProblems(parsed.error) };
  const problems: LabProblem[] = [];
  if (parsed.data.id !== id)
    problems.push(source.problemAt(['id'], `the lab id "${parsed.data.id}" must equal its folder name "${id}"`));
  return { title: parsed.data.title, version: parsed.data.version, problems };
}

/**
 * Judges a staged package against what is installed: its layout against the manifest, every lab with
 * the checks of `npm run lab -- validate` (only without running code unless `runCode`), and each lab
 * id against the installed one (a new version only when `asNewVersion`, and only a higher one).
 */
export async function inspectStaged(
  staged: StagedPackage,
  installed: InstalledLibrary,
  options: { asNewVersion: boolean; runCode: boolean },
): Promise<PackageReport> {
  const { manifest } = staged;
  const problems: LabProblem[] = [];
  const labIds = new Set(manifest.labs.map((lab) => lab.id));
  const courseFile = manifest.course ? `courses/${manifest.course}.yaml` : undefined;
  if ((manifest.kind === 'course') !== (manifest.course !== undefined))
    throw new PackageRefused('invalid-manifest', 'the manifest must name its course exactly when its kind is "course"');
  if (manifest.kind === 'lab' && (manifest.labs.length !== 1 || manifest.labs[0]!.id !== manifest.id))
    throw new PackageRefused('invalid-manifest', 'a lab package must hold exactly the lab its manifest names');
  for (const file of staged.files) {
    const top = file.path.split('/')[0]!;
    if (file.path !== courseFile && !labIds.has(top))
      problems.push({
        file: file.path,
        message: 'this file belongs to no lab of the package (the manifest lists its labs)',
      });
  }

  // A generator is code whatever its name: the loader imports the file lab.yaml names.
  const generators = new Set<string>();
  for (const declared of manifest.labs) {
    const generator = await declaredGenerator(join(staged.dir, declared.id));
    if (generator) generators.add(posix.normalize(`${declared.id}/${generator}`));
  }
  const code: PackageCode[] = [];
  for (const file of staged.files.filter(
    (candidate) => CODE_FILE.test(candidate.path) || generators.has(candidate.path),
  )) {
    const text = await readFile(join(staged.dir, ...file.path.split('/')), 'utf8');
    code.push({ ...file, text: text.length > MAX_CODE_SHOWN ? `${text.slice(0, MAX_CODE_SHOWN)}\n… (cut)` : text });
  }
  const runCode = options.runCode || code.length === 0;

  const labs: PackageReport['labs'] = [];
  for (const declared of manifest.labs) {
    const dir = join(staged.dir, declared.id);
    if (!existsSync(join(dir, 'lab.yaml'))) {
      problems.push({
        file: `${declared.id}/lab.yaml`,
        message: 'the manifest lists this lab, but its lab.yaml is not in the package',
      });
      labs.push({ id: declared.id, version: declared.version, title: null, installedVersion: null, action: 'refused' });
      continue;
    }
    const checked = runCode ? await validateFully(dir) : await validateWithoutCode(dir, declared.id);
    const labProblems = [...checked.problems];
    const definition = 'lab' in checked ? checked.lab?.definition : undefined;
    const version = definition?.version ?? ('version' in checked ? checked.version : undefined);
    const title = definition?.title ?? ('title' in checked ? checked.title : undefined) ?? null;
    const at = (field: 'id' | 'version', message: string) => problemIn(dir, field, message);
    if (version !== undefined && version !== declared.version)
      labProblems.push(
        await at(
          'version',
          `lab.yaml says version ${version}, the manifest ${declared.version}: the package was changed after export`,
        ),
      );
    const current = installed.lab(declared.id);
    let action: LabAction = current ? 'new-version' : 'install';
    if (current && version !== undefined) {
      const unchanged =
        current.dir !== undefined &&
        version === current.version &&
        sameFiles(await folderHashes(dir), await folderHashes(current.dir));
      if (unchanged) action = 'unchanged';
      else if (!options.asNewVersion)
        labProblems.push(
          await at(
            'id',
            `the lab "${declared.id}" is already installed (version ${current.version}); to install this package's ` +
              `version ${version} as its new version, import it as a new version (--new-version)`,
          ),
        );
      else if (version <= current.version)
        labProblems.push(
          await at(
            'version',
            `version ${version} is not higher than the installed version ${current.version} of "${declared.id}": ` +
              'raise version in lab.yaml to install it as a new version',
          ),
        );
    }
    if (labProblems.length > 0) action = 'refused';
    problems.push(...labProblems);
    labs.push({
      id: declared.id,
      version: version ?? declared.version,
      title,
      installedVersion: current?.version ?? null,
      action,
    });
  }

  const course =
    courseFile && manifest.course
      ? await inspectCourse(staged, manifest.course, labIds, installed, options, problems)
      : null;
  return {
    kind: manifest.kind,
    id: manifest.id,
    labs,
    course,
    problems: inPackage(staged, problems),
    code,
    codeSha256: codeHash(code),
    validation: runCode ? 'full' : 'without-code',
  };
}

/** A problem at a top-level field of a staged lab's lab.yaml, with its line and column. */
async function problemIn(dir: string, field: 'id' | 'version', message: string): Promise<LabProblem> {
  const source = await readYaml(join(dir, 'lab.yaml'));
  return source.problemAt([field], message);
}

function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, hash]) => b.get(path) === hash);
}

async function inspectCourse(
  staged: StagedPackage,
  id: string,
  labIds: Set<string>,
  installed: InstalledLibrary,
  options: { asNewVersion: boolean },
  problems: LabProblem[],
): Promise<NonNullable<PackageReport['course']>> {
  const path = join(staged.dir, 'courses', `${id}.yaml`);
  const file = `courses/${id}.yaml`;
  const before = problems.length;
  let title: string | null = null;
  if (!existsSync(path))
    problems.push({ file, message: 'the manifest names this course, but the package does not hold it' });
  else {
    const read = await readCourse(path, (lab) => labIds.has(lab) || installed.lab(lab) !== undefined);
    title = read.definition?.title ?? null;
    problems.push(...read.problems);
  }
  const exists = installed.hasCourse(id);
  if (exists && !options.asNewVersion)
    problems.push({
      file,
      field: 'id',
      message: `the course "${id}" is already installed; import the package as a new version (--new-version) to replace it`,
    });
  const action = problems.length > before ? 'refused' : exists ? 'replace' : 'install';
  return { id, title, action };
}

/**
 * The details of the `package.installed` audit entry of an installed package, the same whether it was
 * installed in the browser or with `npm run lab -- import`: the labs and what was done with each, the
 * number of files, and the code with its hashes.
 */
export function installedAuditDetails(report: PackageReport, files: number) {
  return {
    kind: report.kind,
    labs: report.labs.map((lab) => ({ id: lab.id, version: lab.version, action: lab.action })),
    files,
    code: report.code.map((file) => ({ path: file.path, sha256: file.sha256 })),
    codeSha256: report.codeSha256,
  };
}
