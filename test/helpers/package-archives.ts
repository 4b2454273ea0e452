import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import yazl from 'yazl';
import { MANIFEST_NAME } from '../../server/labs/packages/manifest.ts';

/** One entry of an archive built by a test. */
export interface ArchiveEntry {
  name: string;
  data?: Buffer | string;
  /** The Unix mode written into the external attributes (a link is 0o120777). */
  mode?: number;
  compress?: boolean;
  folder?: boolean;
}

/** Builds a zip archive in memory with yazl, entries in the order given (duplicates included). */
export async function zipOf(entries: ArchiveEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.folder) zip.addEmptyDirectory(entry.name);
    else
      zip.addBuffer(Buffer.from(entry.data ?? ''), entry.name, {
        mode: entry.mode ?? 0o100644,
        compress: entry.compress ?? true,
      });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Replaces a name in an archive's local and central headers by another of the same length: how a test
 * writes names that yazl itself refuses to write (`../x`, `/x`).
 */
export function renameInArchive(archive: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('the names must have the same length');
  const copy = Buffer.from(archive);
  const needle = Buffer.from(from);
  let found = 0;
  for (let at = copy.indexOf(needle); at >= 0; at = copy.indexOf(needle, at + 1)) {
    Buffer.from(to).copy(copy, at);
    found++;
  }
  if (found === 0) throw new Error(`"${from}" is not in the archive`);
  return copy;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The files of a folder by their package path (`<prefix>/<relative path>`). */
export async function folderEntries(dir: string, prefix: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    entries.push({ name: `${prefix}/${relative(dir, path).split(sep).join('/')}`, data: await readFile(path) });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * A manifest entry for files, as the exporter writes it; `override` changes fields of the manifest
 * (a hostile or damaged one).
 */
export function manifestEntry(
  labs: { id: string; version: number }[],
  files: ArchiveEntry[],
  override: Record<string, unknown> = {},
): ArchiveEntry {
  const manifest = {
    format: 'casebench-package',
    formatVersion: 1,
    kind: 'lab',
    id: labs[0]!.id,
    labs,
    files: files.map((file) => {
      const data = Buffer.from(file.data ?? '');
      return { path: file.name, sha256: sha256(data), size: data.length };
    }),
    ...override,
  };
  return { name: MANIFEST_NAME, data: JSON.stringify(manifest) };
}

/**
 * Rewrites the unpacked size an archive declares for one entry, in its local and central headers:
 * a forged archive whose headers understate what it inflates to.
 */
export function declareSize(archive: Buffer, name: string, size: number): Buffer {
  const copy = Buffer.from(archive);
  const end = copy.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = copy.readUInt16LE(end + 10);
  let at = copy.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index++) {
    const nameLength = copy.readUInt16LE(at + 28);
    const entryName = copy.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (entryName === name) {
      copy.writeUInt32LE(size, at + 24);
      copy.writeUInt32LE(size, copy.readUInt32LE(at + 42) + 22);
      return copy;
    }
    at += 46 + nameLength + copy.readUInt16LE(at + 30) + copy.readUInt16LE(at + 32);
  }
  throw new Error(`"${name}" is not in the archive`);
}
