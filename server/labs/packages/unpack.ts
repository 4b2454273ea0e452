import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { MANIFEST_NAME, manifestSchema, PACKAGE_FORMAT_VERSION, type PackageManifest } from './manifest.ts';
import { PackageRefused } from './refusal.ts';

/** How much a package may unpack to. Each is enforced on the bytes actually inflated, not on the archive's headers. */
export interface UnpackLimits {
  /** Entries in the archive (files and folders). */
  maxFiles: number;
  /** All files together, unpacked. */
  maxTotalBytes: number;
  /** One file, unpacked. */
  maxFileBytes: number;
  /** Unpacked bytes per compressed byte of one file, once it has unpacked past `ratioFloorBytes`. */
  maxRatio: number;
  /** Below this a file may compress as well as it likes: small, repetitive files legitimately do. */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/**
 * The shipped labs are a few hundred KB each; evidence of a real lab (a day of web logs, a mailbox)
 * can reach tens of MB. These leave room for that and stop an archive made to fill the disk.
 */
export const DEFAULT_LIMITS: UnpackLimits = {
  maxFiles: 2000,
  maxTotalBytes: 512 * MiB,
  maxFileBytes: 256 * MiB,
  // Text logs deflate 5 to 20 times; a deflate bomb of zeros about 1,000 times.
  maxRatio: 200,
  ratioFloorBytes: MiB,
};

/** The largest archive read, whether uploaded or named on the command line. */
export const MAX_ARCHIVE_BYTES = 256 * MiB;

/** The manifest may be long (a file line per evidence file) but is never large. */
const MAX_MANIFEST_BYTES = 4 * MiB;

/** A file of the package as unpacked: its path inside the package and what was measured while writing it. */
export interface UnpackedFile {
  path: string;
  sha256: string;
  size: number;
}

export interface UnpackedPackage {
  manifest: PackageManifest;
  files: UnpackedFile[];
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** The archive was made on Unix (the high byte of "version made by"): the high 16 bits of the attributes are its mode. */
const MADE_ON_UNIX = 3;
/** A Windows reparse point (a symbolic link or junction) in the low attributes. */
const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
const ENCRYPTED_FLAG = 0x1;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An entry's name, checked: a relative path of ordinary segments with forward slashes. */
function checkedName(entry: Entry): { path: string; isFolder: boolean } {
  let name: string;
  try {
    // Names are read raw (decodeStrings off) so that what is checked is what is written: yauzl would
    // otherwise prefer a Unicode extra field that other tools may ignore.
    name = utf8.decode(entry.fileNameRaw);
  } catch {
    throw new PackageRefused('bad-file-name', 'an entry name is not valid UTF-8; packages name files in UTF-8');
  }
  const shown = JSON.stringify(name);
  if (name.startsWith('/') || /^[A-Za-z]:/u.test(name) || name.startsWith('\\'))
    throw new PackageRefused(
      'absolute-path',
      `the entry ${shown} has an absolute path; a package holds relative paths only`,
    );
  if (name.includes('\\'))
    throw new PackageRefused('bad-file-name', `the entry ${shown} contains a backslash; paths use forward slashes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here.
  if (/[\u0000-\u001f\u007f]/u.test(name))
    throw new PackageRefused('bad-file-name', `the entry ${shown} contains a control character`);
  const isFolder = name.endsWith('/');
  const segments = (isFolder ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..'))
    throw new PackageRefused('path-traversal', `the entry ${shown} climbs out of the package with ".."; refused`);
  if (segments.some((segment) => segment === '' || segment === '.'))
    throw new PackageRefused('bad-file-name', `the entry ${shown} has an empty or "." path segment`);
  if (name.length > 400)
    throw new PackageRefused('bad-file-name', `the entry ${shown.slice(0, 80)}… has a path over 400 characters`);
  return { path: segments.join('/'), isFolder };
}

/** Refuses links and special files, judged by the external attributes the archive declares. */
function checkKind(entry: Entry, path: string, isFolder: boolean): void {
  const madeOn = entry.versionMadeBy >> 8;
  if (madeOn === MADE_ON_UNIX) {
    const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK)
      throw new PackageRefused(
        'link',
        `the entry "${path}" is a symbolic link; packages may hold only files and folders`,
      );
    if (type !== 0 && type !== S_IFREG && !(isFolder && type === S_IFDIR))
      throw new PackageRefused('link', `the entry "${path}" is not a regular file (a device, pipe or link); refused`);
  }
  if (entry.externalFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
    throw new PackageRefused('link', `the entry "${path}" is a link (a reparse point); packages may hold only files`);
}

function openArchive(archive: Buffer): Promise<ZipFile> {
  const start = archive.subarray(0, 4).toString('latin1');
  if (start !== 'PK\u0003\u0004' && start !== 'PK\u0005\u0006')
    throw new PackageRefused(
      'not-a-zip',
      'the file is not a zip archive (a package is the .zip that `npm run lab -- export` writes)',
    );
  return yauzl
    .fromBufferPromise(archive, { decodeStrings: false, validateEntrySizes: false, strictFileNames: true })
    .catch((error: unknown) => {
      throw new PackageRefused(
        'not-a-zip',
        `the file is not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
      );
    });
}

/**
 * Reads a package archive into `stagingDir` (which must exist and be empty): every entry's name and
 * kind checked before it is written, every file inflated under the limits while counting the bytes
 * (headers can lie), hashed as written, then compared with the manifest. Throws PackageRefused at the
 * first thing wrong; the caller removes the staging folder.
 */
export async function unpackPackage(
  archive: Buffer,
  stagingDir: string,
  limits: UnpackLimits = DEFAULT_LIMITS,
): Promise<UnpackedPackage> {
  if (archive.length > MAX_ARCHIVE_BYTES)
    throw new PackageRefused('too-large', `the archive is larger than ${describeBytes(MAX_ARCHIVE_BYTES)}`);
  const zip = await openArchive(archive);
  try {
    if (zip.entryCount > limits.maxFiles)
      throw new PackageRefused(
        'too-many-files',
        `the archive holds ${zip.entryCount} entries; a package may hold at most ${limits.maxFiles}`,
      );
    const written = new Map<string, UnpackedFile>();
    /** Lower-cased paths and the folders they create, so that no two entries land on one file on any file system. */
    const taken = new Map<string, 'file' | 'folder'>();
    let manifestText: string | undefined;
    let totalBytes = 0;
    let entries = 0;

    for await (const entry of zip.eachEntry()) {
      entries++;
      if (entries > limits.maxFiles)
        throw new PackageRefused('too-many-files', `the archive holds more than ${limits.maxFiles} entries`);
      const { path, isFolder } = checkedName(entry);
      checkKind(entry, path, isFolder);
      if (entry.generalPurposeBitFlag & ENCRYPTED_FLAG)
        throw new PackageRefused('encrypted', `the entry "${path}" is encrypted; packages are not encrypted`);
      claim(taken, path, isFolder);
      if (isFolder) continue;
      // The headers' sizes are a first, cheap refusal only: the limits are enforced again on the inflated bytes.
      if (entry.uncompressedSize > limits.maxFileBytes) throw fileTooLarge(path, limits);
      if (path === MANIFEST_NAME) {
        manifestText = (await inflate(zip, entry, path, { ...limits, maxFileBytes: MAX_MANIFEST_BYTES })).toString(
          'utf8',
        );
        continue;
      }
      const target = join(stagingDir, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const file = await open(target, 'wx');
      const hash = createHash('sha256');
      let size = 0;
      try {
        const stream = await openStream(zip, entry, path);
        for await (const chunk of countBytes(stream, entry, path, limits, () => totalBytes)) {
          size += chunk.length;
          totalBytes += chunk.length;
          hash.update(chunk);
          await file.write(chunk);
        }
      } finally {
        await file.close();
      }
      written.set(path, { path, sha256: hash.digest('hex'), size });
    }
    if (manifestText === undefined)
      throw new PackageRefused(
        'missing-manifest',
        `the archive has no ${MANIFEST_NAME} at its root: it is not a Casebench lab package (export one with \`npm run lab -- export\`)`,
      );
    const manifest = parseManifest(manifestText);
    return { manifest, files: matchManifest(manifest, written) };
  } finally {
    zip.close();
  }
}

/** Records an entry's path and the folders above it; two entries on one path (in any letter case) are refused. */
function claim(taken: Map<string, 'file' | 'folder'>, path: string, isFolder: boolean): void {
  const segments = path.toLowerCase().split('/');
  for (let depth = 1; depth < segments.length; depth++) {
    const folder = segments.slice(0, depth).join('/');
    if (taken.get(folder) === 'file')
      throw new PackageRefused('duplicate-entry', `the entry "${path}" lies inside "${folder}", which is a file`);
    taken.set(folder, 'folder');
  }
  const key = segments.join('/');
  const before = taken.get(key);
  if (before === 'file' || (before === 'folder' && !isFolder))
    throw new PackageRefused(
      'duplicate-entry',
      `the entry "${path}" appears twice in the archive (names that differ only in letter case count as the same)`,
    );
  taken.set(key, isFolder ? 'folder' : 'file');
}

function fileTooLarge(path: string, limits: UnpackLimits): PackageRefused {
  return new PackageRefused(
    'file-too-large',
    `the file "${path}" unpacks to more than ${describeBytes(limits.maxFileBytes)}, the most one file of a package may hold`,
  );
}

function describeBytes(bytes: number): string {
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`;
}

async function openStream(zip: ZipFile, entry: Entry, path: string): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new PackageRefused(
      'not-a-zip',
      `the entry "${path}" cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * The inflated chunks of an entry, stopped (and the inflation with it) as soon as the file, the
 * whole package or the compression ratio passes its limit; at the end the count must equal the header's.
 */
async function* countBytes(
  stream: Readable,
  entry: Entry,
  path: string,
  limits: UnpackLimits,
  totalSoFar: () => number,
): AsyncGenerator<Buffer> {
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.maxFileBytes) throw fileTooLarge(path, limits);
      if (totalSoFar() + chunk.length > limits.maxTotalBytes)
        throw new PackageRefused(
          'too-large',
          `the package unpacks to more than ${describeBytes(limits.maxTotalBytes)}, the most a package may hold`,
        );
      if (size > limits.ratioFloorBytes && size > limits.maxRatio * Math.max(entry.compressedSize, 1))
        throw new PackageRefused(
          'compression-ratio',
          `the file "${path}" unpacks to more than ${limits.maxRatio} times its compressed size: refused as a zip bomb`,
        );
      yield chunk;
    }
  } catch (error) {
    if (error instanceof PackageRefused) throw error;
    throw new PackageRefused(
      'not-a-zip',
      `the entry "${path}" is damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    stream.destroy();
  }
  if (size !== entry.uncompressedSize)
    throw new PackageRefused(
      'size-mismatch',
      `the entry "${path}" unpacks to ${size} bytes where the archive declares ${entry.uncompressedSize}: the archive is damaged or forged`,
    );
}

/** A small entry (the manifest) inflated into memory under the same counting. */
async function inflate(zip: ZipFile, entry: Entry, path: string, limits: UnpackLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of countBytes(await openStream(zip, entry, path), entry, path, limits, () => 0))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseManifest(text: string): PackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PackageRefused('invalid-manifest', `${MANIFEST_NAME} is not valid JSON`);
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== PACKAGE_FORMAT_VERSION)
    throw new PackageRefused(
      'unsupported-format',
      `the package is in format version ${version}; this Casebench reads version ${PACKAGE_FORMAT_VERSION} only ` +
        '(export it again from a matching Casebench, or upgrade this one)',
    );
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(root)';
    throw new PackageRefused(
      'invalid-manifest',
      `${MANIFEST_NAME} is not a valid manifest: ${field}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** Every file the manifest lists must be there with its hash and size, and no other file may be. */
function matchManifest(manifest: PackageManifest, written: Map<string, UnpackedFile>): UnpackedFile[] {
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  for (const file of written.values()) {
    const expected = listed.get(file.path);
    if (!expected)
      throw new PackageRefused(
        'unlisted-file',
        `the file "${file.path}" is in the archive but not in ${MANIFEST_NAME}`,
      );
    if (expected.sha256 !== file.sha256 || expected.size !== file.size)
      throw new PackageRefused(
        'hash-mismatch',
        `the file "${file.path}" has SHA-256 ${file.sha256} (${file.size} bytes), but ${MANIFEST_NAME} declares ` +
          `${expected.sha256} (${expected.size} bytes): the package was changed after export or is damaged`,
      );
  }
  for (const path of listed.keys())
    if (!written.has(path))
      throw new PackageRefused('missing-file', `${MANIFEST_NAME} lists "${path}", which the archive does not hold`);
  return [...written.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
