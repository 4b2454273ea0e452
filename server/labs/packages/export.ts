import { createWriteStream, existsSync } from 'node:fs';
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { readYaml, sha256OfFile, tryLoadLab, type LoadFailure } from '../loader.ts';
import { courseSchema } from '../schema.ts';
import { MANIFEST_NAME, PACKAGE_FORMAT_VERSION, type PackageFile, type PackageManifest } from './manifest.ts';

/** A lab or course that cannot be exported, with what is wrong (a lab that does not validate keeps its problems). */
export class ExportRefused extends Error {
  constructor(
    message: string,
    readonly failures: LoadFailure[] = [],
  ) {
    super(message);
  }
}

/** Every entry gets the same time, so that exporting the same folders twice writes the same bytes. */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/** Names inside a lab folder that are never part of it: editors' and systems' own files. */
function leftOut(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** The files of a lab folder, relative with forward slashes, sorted; a link or special file is refused. */
async function labFiles(dir: string, prefix: string): Promise<{ absolute: string; path: string }[]> {
  const files: { absolute: string; path: string }[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (leftOut(name)) continue;
    const absolute = join(dir, name);
    const path = `${prefix}/${name}`;
    const info = await lstat(absolute);
    if (info.isDirectory()) files.push(...(await labFiles(absolute, path)));
    else if (info.isFile()) files.push({ absolute, path });
    else throw new ExportRefused(`"${path}" is a link or a special file; a package carries only files and folders`);
  }
  return files;
}

/** The course's lab ids, read and checked against the course schema. */
async function courseLabs(file: string): Promise<string[]> {
  const source = await readYaml(file);
  const parsed = courseSchema.safeParse(source.toJS(), { reportInput: true });
  if (!parsed.success)
    throw new ExportRefused(`the course ${basename(file, '.yaml')} does not validate`, [
      { id: basename(file, '.yaml'), file, problems: source.schemaProblems(parsed.error) },
    ]);
  return parsed.data.labs.map((entry) => entry.lab);
}

/** What an export wrote. */
export interface ExportSummary {
  manifest: PackageManifest;
  bytes: number;
}

/**
 * Writes a lab, or a course with all its labs, from a labs folder into one zip: the folders as they
 * are (`<lab-id>/...`, `courses/<course-id>.yaml`) and the manifest. Every lab must validate first, so
 * that a package never carries a lab its importer would refuse. The zip is written beside `outFile`
 * and renamed into place, so a failed export leaves no partial file.
 */
export async function exportPackage(labsDir: string, id: string, outFile: string): Promise<ExportSummary> {
  const courseFile = join(labsDir, 'courses', `${id}.yaml`);
  const isLab = existsSync(join(labsDir, id, 'lab.yaml'));
  if (!isLab && !existsSync(courseFile)) throw new ExportRefused(`there is no lab or course "${id}" in ${labsDir}`);
  const labIds = isLab ? [id] : await courseLabs(courseFile);

  const labs: PackageManifest['labs'] = [];
  const failures: LoadFailure[] = [];
  const sources: { absolute: string; path: string }[] = [];
  for (const labId of labIds) {
    const dir = join(labsDir, labId);
    if (!existsSync(join(dir, 'lab.yaml')))
      throw new ExportRefused(`the course "${id}" lists the lab "${labId}", which is not in ${labsDir}`);
    const outcome = await tryLoadLab(dir);
    if ('failure' in outcome) {
      failures.push(outcome.failure);
      continue;
    }
    labs.push({ id: labId, version: outcome.lab.definition.version });
    sources.push(...(await labFiles(dir, labId)));
  }
  if (failures.length > 0)
    throw new ExportRefused(`${failures.length} lab(s) do not validate; fix them before exporting`, failures);
  if (!isLab) sources.push({ absolute: courseFile, path: `courses/${id}.yaml` });

  const files: PackageFile[] = [];
  for (const source of sources) {
    const info = await lstat(source.absolute);
    files.push({ path: source.path, sha256: await sha256OfFile(source.absolute), size: info.size });
  }
  const manifest: PackageManifest = {
    format: 'casebench-package',
    formatVersion: PACKAGE_FORMAT_VERSION,
    kind: isLab ? 'lab' : 'course',
    id,
    labs,
    ...(isLab ? {} : { course: id }),
    exportedAt: new Date().toISOString(),
    files,
  };

  const zip = new yazl.ZipFile();
  const entry = { mtime: ENTRY_TIME, mode: 0o100644 };
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_NAME, entry);
  for (const source of sources) zip.addFile(source.absolute, source.path, entry);
  zip.end();
  const partial = join(dirname(outFile), `.${basename(outFile)}.partial`);
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, outFile);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { manifest, bytes: (await lstat(outFile)).size };
}
