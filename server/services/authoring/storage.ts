import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';

/*
 * Where lab authoring keeps its files (issue #14), all under ctx.authoringDir:
 *   drafts/<draft id>/<lab id>/                 a draft, a lab folder the author edits
 *   published/<lab id>/<version>/<lab id>/      every published version, never changed once written
 *   staging/<random>/<lab id>/                  a copy being validated; removed afterwards and at start
 * The innermost folder is named after the lab because the loader requires a lab's folder to carry its id.
 */

/** The folder of a draft's lab files. */
export function draftLabDir(ctx: ServiceContext, draftId: number, labId: string): string {
  return join(ctx.authoringDir, 'drafts', String(draftId), labId);
}

/** The folder holding a draft (its lab folder inside). */
export function draftRootDir(ctx: ServiceContext, draftId: number): string {
  return join(ctx.authoringDir, 'drafts', String(draftId));
}

/** The folder of a kept version of a lab. */
export function versionLabDir(authoringDir: string, labId: string, version: number): string {
  return join(authoringDir, 'published', labId, String(version), labId);
}

/** A fresh, empty staging folder: the caller puts `<lab id>/` in it and removes it when done. */
export async function newStagingDir(authoringDir: string): Promise<string> {
  const dir = join(authoringDir, 'staging', randomBytes(8).toString('hex'));
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Empties the staging folder (left over by a crash during a validation or publish). */
export async function clearStaging(authoringDir: string): Promise<void> {
  await rm(join(authoringDir, 'staging'), { recursive: true, force: true });
}

/** The longest path and the deepest folder a draft file may have. */
const MAX_PATH_LENGTH = 200;
const MAX_DEPTH = 8;

/**
 * A file path inside a lab folder as the API accepts it: relative, forward slashes, no "..", no
 * hidden or empty segments. Returns the path; throws a 400 naming the field otherwise.
 */
export function checkLabPath(path: string, field = 'path'): string {
  const refuse = (why: string): never => {
    throw new AppError('bad_request', `The path "${path.slice(0, 80)}" ${why}.`, field);
  };
  if (path === '') refuse('is empty: name a file inside the lab folder, e.g. "brief.md" or "evidence/auth.log"');
  if (path.length > MAX_PATH_LENGTH) refuse(`is longer than ${MAX_PATH_LENGTH} characters`);
  if (path.includes('\0')) refuse('contains a NUL character');
  if (path.includes('\\')) refuse('contains a backslash: use forward slashes');
  if (path.startsWith('/') || /^[a-z]:/iu.test(path))
    refuse('is absolute: give it relative to the lab folder, e.g. "evidence/auth.log"');
  const segments = path.split('/');
  if (segments.includes('..')) refuse('leaves the lab folder (".."): give a path inside it');
  if (segments.some((segment) => segment === '' || segment === '.'))
    refuse('has an empty or "." segment: write it as "folder/file"');
  if (segments.some((segment) => segment.startsWith('.')))
    refuse('names a hidden file or folder (starting with "."), which a lab may not contain');
  if (segments.length > MAX_DEPTH + 1) refuse(`is nested deeper than ${MAX_DEPTH} folders`);
  return path;
}

/** Extensions of files that run on the server when a lab loads: generator modules and what they import. */
const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/iu;

/** Whether a lab file is code (only administrators may write it). */
export function isCodePath(path: string): boolean {
  return CODE_FILE.test(path);
}

/** A regular file of a lab folder, by its path relative to the folder. */
export interface LabFolderFile {
  path: string;
  size: number;
}

/** Every regular file under a folder, sorted; links and other special files are ignored, never followed. */
export async function listLabFiles(dir: string): Promise<LabFolderFile[]> {
  const files: LabFolderFile[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push({ path, size: (await lstat(join(dir, path))).size });
    }
  };
  await walk('');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Copies a lab folder's regular files (links are not copied). With `linkFiles`, files are hard-linked
 * where the file system allows: a staged copy costs nothing, and stays as it was because every write
 * to a draft replaces its file (a new inode) rather than changing it in place.
 */
export async function copyLabFolder(from: string, to: string, options: { linkFiles?: boolean } = {}): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const file of await listLabFiles(from)) {
    const target = join(to, file.path);
    await mkdir(join(target, '..'), { recursive: true });
    if (options.linkFiles) {
      try {
        await link(join(from, file.path), target);
        continue;
      } catch {
        // another device, or links not supported: copy instead
      }
    }
    await copyFile(join(from, file.path), target);
  }
}

/** Whether bytes are text the editor can show: UTF-8 without NUL (a cut multi-byte character at the end is allowed). */
export function isTextContent(bytes: Uint8Array, complete = true): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** How much of a file decides whether it is text. */
const TEXT_PROBE_BYTES = 8192;

/** Whether a file is text, judged from its first 8 KB. */
export async function isTextFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(TEXT_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, TEXT_PROBE_BYTES, 0);
    return isTextContent(buffer.subarray(0, bytesRead), bytesRead < TEXT_PROBE_BYTES);
  } finally {
    await handle.close();
  }
}

/** Writes through a temporary file and a rename: never half a file, and a hard-linked staged copy keeps the old one. */
export async function replaceFile(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    // "evidence/auth.log/x" (a file used as a folder) or a folder in the file's place.
    if (['ENOTDIR', 'EEXIST', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw new AppError(
        'bad_request',
        'Part of this path is a file where a folder would have to be, or the other way round: choose another path.',
        'path',
      );
    throw error;
  }
}
