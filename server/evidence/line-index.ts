import { open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * Random access to the lines of a text evidence file of any size. A file is read once, in chunks,
 * to record where every 128th line starts (more often when lines are long); a window of lines is
 * then read by seeking to the checkpoint before it, so a 1 GB log costs about a megabyte of memory
 * and a window read touches a few kilobytes of it.
 */

/**
 * Where the lines of one version of a file start. Callers number lines from 1, as editors do; the
 * index counts from 0.
 */
export interface LineIndex {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly totalLines: number;
  /** 0-based number of the line at each checkpoint, increasing; the first is line 0 at offset 0. */
  readonly checkpointLines: Float64Array;
  /** Byte offset at which that line starts. */
  readonly checkpointOffsets: Float64Array;
}

/** A window of lines, as returned to the evidence viewer. */
export interface LineWindow {
  /** 1-based number of the first returned line. */
  from: number;
  lines: string[];
  totalLines: number;
  /** Numbers of the returned lines that were cut at MAX_LINE_CHARS. */
  truncatedLines?: number[];
}

/** A checkpoint every this many lines keeps a window read under about 13 KB of skipping for typical logs... */
const CHECKPOINT_LINES = 128;
/** ...and this many bytes bounds the skipping for files with long lines (JSON events, e-mail bodies). */
const CHECKPOINT_BYTES = 64 * 1024;
/** Lines longer than this are cut when returned or tested against a regular expression. */
export const MAX_LINE_CHARS = 10_000;
/** The most lines one window read returns. */
export const MAX_WINDOW_LINES = 1_000;
/** Enough UTF-8 to decode more than MAX_LINE_CHARS characters: at most three bytes give one UTF-16 unit. */
export const MAX_LINE_BYTES = 3 * (MAX_LINE_CHARS + 1);
/** Large sequential reads are what makes scanning fast; 1 MiB keeps the per-read overhead negligible. */
export const SCAN_CHUNK_BYTES = 1024 * 1024;
const SEEK_CHUNK_BYTES = 64 * 1024;
/** Indexes kept per process; one per evidence file per trainee, each a few bytes to a megabyte. */
const CACHE_ENTRIES = 1_000;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

const cache = new Map<string, { version: string; index: Promise<LineIndex> }>();

/**
 * The line index of a file, built once per process and file version (path, size, mtime, inode);
 * concurrent first requests share one build.
 */
export async function getLineIndex(path: string): Promise<LineIndex> {
  const absolute = resolve(path);
  const info = await stat(absolute);
  const version = `${info.size}:${info.mtimeMs}:${info.ino}`;
  const cached = cache.get(absolute);
  if (cached?.version === version) {
    // Re-inserting keeps the map in least-recently-used order for eviction.
    cache.delete(absolute);
    cache.set(absolute, cached);
    return cached.index;
  }
  const index = buildLineIndex(absolute);
  cache.set(absolute, { version, index });
  index.catch(() => {
    // A failed build (file removed, unreadable) must not be served from the cache forever.
    if (cache.get(absolute)?.index === index) cache.delete(absolute);
  });
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return index;
}

/** Builds the line index of a file by reading it once in chunks, without caching. */
export async function buildLineIndex(path: string, options: { chunkSize?: number } = {}): Promise<LineIndex> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is not a regular file`);
    const lines = new GrowingArray();
    const offsets = new GrowingArray();
    let newlines = 0;
    let lastCheckpointLine = 0;
    let lastCheckpointOffset = 0;
    let bytesSeen = 0;
    let lastByte = NEWLINE;
    for await (const chunk of readChunks(handle, 0, info.size, { chunkSize: options.chunkSize ?? SCAN_CHUNK_BYTES })) {
      const { bytes, position } = chunk;
      for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
        newlines++;
        const lineStart = position + at + 1;
        if (newlines - lastCheckpointLine >= CHECKPOINT_LINES || lineStart - lastCheckpointOffset >= CHECKPOINT_BYTES) {
          lines.push(newlines);
          offsets.push(lineStart);
          lastCheckpointLine = newlines;
          lastCheckpointOffset = lineStart;
        }
      }
      bytesSeen = position + bytes.length;
      lastByte = bytes[bytes.length - 1]!;
    }
    // The file may have shrunk while it was read: describe what was actually read.
    const totalLines = newlines + (bytesSeen > 0 && lastByte !== NEWLINE ? 1 : 0);
    let kept = lines.length;
    // A checkpoint recorded after a final newline points at a line that does not exist.
    while (kept > 0 && lines.at(kept - 1) >= totalLines) kept--;
    const checkpointLines = new Float64Array(kept + 1);
    const checkpointOffsets = new Float64Array(kept + 1);
    checkpointLines.set(lines.view(kept), 1);
    checkpointOffsets.set(offsets.view(kept), 1);
    return { path, size: bytesSeen, mtimeMs: info.mtimeMs, totalLines, checkpointLines, checkpointOffsets };
  } finally {
    await handle.close();
  }
}

/**
 * Reads `count` lines starting at 1-based line `from` (count is clamped to 0..MAX_WINDOW_LINES;
 * `from` below 1 reads from line 1; beyond the end gives no lines). Carriage returns before the
 * newline are removed, lines longer than MAX_LINE_CHARS are cut and listed in `truncatedLines`, and
 * invalid UTF-8 becomes U+FFFD.
 */
export async function readLines(index: LineIndex, from: number, count: number): Promise<LineWindow> {
  const first = Number.isNaN(from) ? 1 : Math.max(1, Math.floor(from));
  const wanted = Number.isNaN(count) ? 0 : Math.min(MAX_WINDOW_LINES, Math.max(0, Math.floor(count)));
  if (first > index.totalLines || wanted === 0) return { from: first, lines: [], totalLines: index.totalLines };

  const checkpoint = checkpointAtOrBefore(index.checkpointLines, first - 1);
  let skip = first - 1 - index.checkpointLines[checkpoint]!;
  const start = index.checkpointOffsets[checkpoint]!;
  // One read usually covers the skipped lines and the window; an average from the whole file is a good guess.
  const averageLineBytes = index.size / Math.max(1, index.totalLines);
  const chunkSize = Math.min(
    SCAN_CHUNK_BYTES,
    Math.max(16 * 1024, Math.ceil((skip + wanted) * averageLineBytes * 1.25) + 4096),
  );
  const lines: string[] = [];
  const truncatedLines: number[] = [];
  const handle = await open(index.path, 'r');
  try {
    await scanLines(handle, start, index.size, { chunkSize, prefetch: false }, (text, lineStart, lineEnd, cut) => {
      if (skip > 0) {
        skip--;
        return true;
      }
      const line = capLine(text, lineStart, lineEnd, cut);
      if (line.truncated) truncatedLines.push(first + lines.length);
      lines.push(line.text);
      return lines.length < wanted;
    });
  } finally {
    await handle.close();
  }
  return { from: first, lines, totalLines: index.totalLines, ...(truncatedLines.length > 0 ? { truncatedLines } : {}) };
}

/** Cuts a decoded line at MAX_LINE_CHARS without splitting a surrogate pair. */
export function capLine(
  text: string,
  lineStart: number,
  lineEnd: number,
  cut: boolean,
): { text: string; truncated: boolean } {
  if (lineEnd - lineStart <= MAX_LINE_CHARS) return { text: text.slice(lineStart, lineEnd), truncated: cut };
  let end = lineStart + MAX_LINE_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(lineStart, end), truncated: true };
}

/** Index of the last checkpoint whose value is at or before `value` (binary search). */
export function checkpointAtOrBefore(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (values[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Byte offset at which a 0-based line starts (the file size for lines past the end). */
export async function offsetOfLine(index: LineIndex, handle: FileHandle, line: number): Promise<number> {
  if (line <= 0 || index.totalLines === 0) return 0;
  if (line >= index.totalLines) return index.size;
  const checkpoint = checkpointAtOrBefore(index.checkpointLines, line);
  let remaining = line - index.checkpointLines[checkpoint]!;
  const start = index.checkpointOffsets[checkpoint]!;
  if (remaining === 0) return start;
  for await (const { bytes, position } of readChunks(handle, start, index.size, {
    chunkSize: SEEK_CHUNK_BYTES,
    prefetch: false,
  })) {
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
      if (--remaining === 0) return position + at + 1;
    }
  }
  return index.size;
}

/** The bytes of an open file in [from, to), fewer where the file ends before `to`. */
export async function readRange(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buffer = Buffer.alloc(to - from);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
  return buffer.subarray(0, bytesRead);
}

/** readRange of a file not yet open: opens it for this one read. */
export async function readFileRange(path: string, from: number, to: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await readRange(handle, from, to);
  } finally {
    await handle.close();
  }
}

/** Number of newline bytes in [from, to) of a file. */
export async function countNewlines(handle: FileHandle, from: number, to: number): Promise<number> {
  let count = 0;
  for await (const { bytes } of readChunks(handle, from, to, { chunkSize: SEEK_CHUNK_BYTES, prefetch: false }))
    count += countNewlinesIn(bytes, 0, bytes.length);
  return count;
}

/** Number of newline bytes in bytes[from, to). */
export function countNewlinesIn(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, to);
  for (let at = buffer.indexOf(NEWLINE, from); at !== -1; at = buffer.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

export interface FileChunk {
  /** The bytes read; valid only until the next chunk is requested (the buffers are reused). */
  bytes: Buffer;
  /** File offset of bytes[0]. */
  position: number;
  /** bytes[0, consumed) belong to this chunk; the next chunk starts at position + consumed. */
  consumed: number;
  atEnd: boolean;
}

export interface ChunkOptions {
  chunkSize: number;
  /** Read the next chunk while the caller scans this one (worth it for whole-file scans). */
  prefetch?: boolean;
  /** How much of a chunk (not the last) to consume; the rest is read again at the start of the next. */
  consume?: (bytes: Buffer) => number;
}

/**
 * Reads [start, end) of a file in chunks through two reused buffers. With `prefetch`, the next read
 * runs on the thread pool while the caller scans the current chunk, which overlaps I/O and scanning.
 */
export async function* readChunks(
  handle: FileHandle,
  start: number,
  end: number,
  options: ChunkOptions,
): AsyncGenerator<FileChunk> {
  // Whole 32-bit words let search fold case four bytes at a time.
  const size = Math.max(4, Math.ceil(options.chunkSize / 4) * 4);
  const buffers: Buffer[] = [];
  const readInto = (which: 0 | 1, position: number) =>
    handle.read((buffers[which] ??= Buffer.allocUnsafeSlow(size)), 0, Math.min(size, end - position), position);
  let which: 0 | 1 = 0;
  let position = start;
  let pending = position < end ? readInto(which, position) : undefined;
  try {
    while (pending) {
      const { bytesRead } = await pending;
      pending = undefined;
      // The file shrank since it was indexed: stop at what is there.
      if (bytesRead === 0) return;
      const bytes = buffers[which]!.subarray(0, bytesRead);
      const atEnd = position + bytesRead >= end;
      const consumed = atEnd || !options.consume ? bytesRead : options.consume(bytes);
      const next = position + consumed;
      if (!atEnd && options.prefetch !== false) {
        which = which === 0 ? 1 : 0;
        pending = readInto(which, next);
      }
      yield { bytes, position, consumed, atEnd };
      if (atEnd) return;
      position = next;
      pending ??= readInto(which, position);
    }
  } finally {
    // An abandoned prefetch must finish before the caller closes the handle.
    await pending?.catch(() => undefined);
  }
}

/**
 * Called for each line: the line is text[lineStart, lineEnd); `cut` when bytes beyond
 * MAX_LINE_BYTES were dropped. Return false to stop.
 */
export type LineVisitor = (text: string, lineStart: number, lineEnd: number, cut: boolean) => boolean;

/**
 * Calls `visit` for each line starting at byte offset `start` (which must be a line start) until it
 * returns false or [start, end) is done. Each chunk ends at a newline, so it decodes to complete
 * characters; a line longer than a chunk keeps its first MAX_LINE_BYTES and skips the rest.
 */
export async function scanLines(
  handle: FileHandle,
  start: number,
  end: number,
  options: ChunkOptions,
  visit: LineVisitor,
): Promise<void> {
  let inLongLine = false;
  let longLine: Buffer | undefined;
  let longLength = 0;
  let longCut = false;
  let stopped = false;
  const appendToLongLine = (bytes: Buffer, from: number, to: number) => {
    inLongLine = true;
    longLine ??= Buffer.allocUnsafe(MAX_LINE_BYTES);
    const room = MAX_LINE_BYTES - longLength;
    const taken = Math.min(room, to - from);
    bytes.copy(longLine, longLength, from, from + taken);
    longLength += taken;
    if (taken < to - from) longCut = true;
  };
  const finishLongLine = () => {
    let length = longLength;
    if (!longCut && length > 0 && longLine![length - 1] === CARRIAGE_RETURN) length--;
    const text = longLine!.toString('utf8', 0, length);
    const cut = longCut;
    inLongLine = false;
    longLength = 0;
    longCut = false;
    return visit(text, 0, text.length, cut);
  };

  const consume = (bytes: Buffer) => {
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    return lastNewline === -1 ? bytes.length : lastNewline + 1;
  };
  const visitChunk = ({ bytes, consumed, atEnd }: FileChunk): void => {
    let from = 0;
    if (inLongLine) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline === -1 || newline >= consumed) {
        appendToLongLine(bytes, 0, consumed);
        if (atEnd) stopped = !finishLongLine();
        return;
      }
      appendToLongLine(bytes, 0, newline);
      if (!finishLongLine()) {
        stopped = true;
        return;
      }
      from = newline + 1;
    }
    if (from >= consumed) return;
    const lastNewline = bytes.lastIndexOf(NEWLINE, consumed - 1);
    if (lastNewline < from && !atEnd) {
      // No newline in the rest of this chunk: a line longer than the chunk begins here.
      appendToLongLine(bytes, from, consumed);
      return;
    }
    const text = bytes.toString('utf8', from, consumed);
    let lineStart = 0;
    while (lineStart < text.length) {
      let newline = text.indexOf('\n', lineStart);
      const nextStart = newline === -1 ? text.length : newline + 1;
      if (newline === -1) newline = text.length;
      const lineEnd = newline > lineStart && text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      if (!visit(text, lineStart, lineEnd, false)) {
        stopped = true;
        return;
      }
      lineStart = nextStart;
    }
  };
  for await (const chunk of readChunks(handle, start, end, { ...options, consume })) {
    visitChunk(chunk);
    if (stopped) return;
  }
  // The file shrank while it was scanned: the line in progress is the last one.
  if (inLongLine) finishLongLine();
}

/** An append-only list of numbers that doubles its Float64Array as it grows. */
class GrowingArray {
  private values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = new Float64Array(this.values.length * 2);
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  at(position: number): number {
    return this.values[position]!;
  }

  view(length: number): Float64Array {
    return this.values.subarray(0, length);
  }
}
