import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { RE2JS } from 're2js';
import { AppError } from '../errors.ts';
import { compileLinearRegex, PatternError, toRe2Syntax } from '../grading/linear-regex.ts';
import { escapeForRegex } from '../grading/variables.ts';
import {
  capLine,
  checkpointAtOrBefore,
  countNewlines,
  countNewlinesIn,
  getLineIndex,
  MAX_LINE_BYTES,
  offsetOfLine,
  readChunks,
  readRange,
  scanLines,
  SCAN_CHUNK_BYTES,
  type FileChunk,
  type LineIndex,
  type LineVisitor,
} from './line-index.ts';
import { requiredLiteral } from './required-literal.ts';

/**
 * Searching text evidence: a substring (the fast path, scanning raw bytes) or a trainee's regular
 * expression on the linear-time RE2 engine, line by line, after a byte search for a piece of text
 * the pattern requires has skipped the lines that cannot match. One match per line, the first, as
 * grep lists lines; a result stops at a match limit or a time budget and says at which line to
 * continue.
 */

export const DEFAULT_MATCH_LIMIT = 200;
export const MAX_MATCH_LIMIT = 1_000;
export const DEFAULT_TIME_BUDGET_MS = 1_000;
/** Longer queries are never typed by hand, and regular expressions this long are hard to vet. */
export const MAX_QUERY_CHARS = 500;
const SNIPPET_CHARS = 200;
const SNIPPET_CHARS_BEFORE = 60;
/**
 * RE2's time is proportional to the text it reads (about 10 to 50 MB/s in re2js, so a whole line of
 * MAX_LINE_CHARS takes a millisecond or less): look at the clock after this many characters.
 */
const CHARS_BETWEEN_CLOCK_CHECKS = 32 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * A query the trainee can fix: empty, too long, or a regular expression that is invalid or that RE2
 * cannot run. Answered with 400.
 */
export class EvidenceQueryError extends AppError {
  constructor(message: string) {
    super('bad_request', message, 'query');
    this.name = 'EvidenceQueryError';
  }
}

export interface SearchOptions {
  /** Treat the query as a regular expression (JavaScript syntax, RE2 semantics) instead of plain text. */
  regex?: boolean;
  /** Default false: 'error' finds 'ERROR'. */
  caseSensitive?: boolean;
  /** 1-based line to start at: the `nextLine` of a previous result. */
  fromLine?: number;
  /** Most matches to return, 1..MAX_MATCH_LIMIT; default DEFAULT_MATCH_LIMIT. */
  limit?: number;
  /** Stop after about this long and report where to continue; default DEFAULT_TIME_BUDGET_MS. */
  timeBudgetMs?: number;
  /** Bytes per read; tests make it small to put chunk boundaries inside lines and matches. */
  chunkSize?: number;
}

export interface SearchMatch {
  /** 1-based line number. */
  line: number;
  /** 1-based column in UTF-16 code units, as editors and JavaScript strings count. */
  column: number;
  /** Length of the match in UTF-16 code units. */
  length: number;
  /** At most SNIPPET_CHARS characters of the line around the match. */
  snippet: string;
  /** Where the match begins in `snippet`, for highlighting. */
  snippetMatchStart: number;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** True when the search stopped before the end of the file; continue with fromLine = nextLine. */
  truncated: boolean;
  nextLine?: number;
  stoppedBy?: 'limit' | 'time';
  totalLines: number;
}

/**
 * Searches a text evidence file (given by path or by its line index) for a substring or regular
 * expression; throws EvidenceQueryError for queries the trainee must fix.
 */
export async function searchEvidence(
  source: LineIndex | string,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const matcher = compileQuery(query, options);
  const index = typeof source === 'string' ? await getLineIndex(source) : source;
  const fromLine = Math.max(1, Math.floor(options.fromLine ?? 1) || 1);
  if (fromLine > index.totalLines) return { matches: [], truncated: false, totalLines: index.totalLines };
  const limit = Math.min(
    MAX_MATCH_LIMIT,
    Math.max(1, Math.floor(options.limit ?? DEFAULT_MATCH_LIMIT) || DEFAULT_MATCH_LIMIT),
  );
  const deadline = performance.now() + Math.max(1, options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);

  const handle = await open(index.path, 'r');
  try {
    const start = await offsetOfLine(index, handle, fromLine - 1);
    const scan: ScanPlan = {
      index,
      handle,
      start,
      fromLine,
      limit,
      deadline,
      chunkSize: options.chunkSize ?? SCAN_CHUNK_BYTES,
    };
    if (matcher.kind === 'bytes') return await searchBytes(scan, matcher.needle, matcher.foldCase);
    if (matcher.prefilter) return await searchCandidateLines(scan, matcher.prefilter, matcher.firstMatch);
    return await searchEveryLine(scan, matcher.firstMatch);
  } finally {
    await handle.close();
  }
}

/** Where the first match in a line starts and how long it is, in UTF-16 code units. */
type FirstMatch = (line: string) => { index: number; length: number } | undefined;

type Matcher =
  | { kind: 'bytes'; needle: Buffer; foldCase: boolean }
  /** Lines decoded and tested one by one; with a prefilter, only the lines holding its bytes. */
  | { kind: 'lines'; firstMatch: FirstMatch; prefilter?: { needle: Buffer; foldCase: boolean } };

interface ScanPlan {
  index: LineIndex;
  handle: FileHandle;
  /** Byte offset of line `fromLine`. */
  start: number;
  fromLine: number;
  limit: number;
  deadline: number;
  chunkSize: number;
}

/** Validates the query before any file is touched and picks the fastest way to run it. */
function compileQuery(query: string, options: SearchOptions): Matcher {
  if (typeof query !== 'string' || query.length === 0) throw new EvidenceQueryError('Type something to search for.');
  if (query.length > MAX_QUERY_CHARS)
    throw new EvidenceQueryError(`The search has ${query.length} characters; at most ${MAX_QUERY_CHARS} are allowed.`);
  if (/[\r\n]/u.test(query))
    throw new EvidenceQueryError('Search for one line at a time: files are searched line by line.');
  const caseSensitive = options.caseSensitive ?? false;
  if (options.regex) {
    const regex = compileTraineeRegex(query, caseSensitive);
    const literal = requiredLiteral(toRe2Syntax(query), caseSensitive);
    return {
      kind: 'lines',
      firstMatch: firstMatchWithRe2(regex),
      ...(literal ? { prefilter: { needle: Buffer.from(literal.text, 'utf8'), foldCase: literal.foldCase } } : {}),
    };
  }
  // Digits, punctuation and IP addresses have no case: the exact byte search is the fastest.
  if (caseSensitive || query.toLowerCase() === query.toUpperCase())
    return { kind: 'bytes', needle: Buffer.from(query, 'utf8'), foldCase: false };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included.
  if (/^[\x00-\x7f]*$/u.test(query))
    return { kind: 'bytes', needle: Buffer.from(query.toLowerCase(), 'utf8'), foldCase: true };
  // Folding non-ASCII case changes byte lengths (and 'ß' or 'İ' fold to two characters): leave it to
  // V8's engine on decoded lines, which runs an escaped literal in linear time.
  const literal = new RegExp(escapeForRegex(query), 'i');
  return {
    kind: 'lines',
    firstMatch: (line) => {
      const found = literal.exec(line);
      return found ? { index: found.index, length: found[0].length } : undefined;
    },
  };
}

/**
 * Compiles a trainee's pattern for RE2, which runs any pattern in time linear in the line, so no
 * pattern can hold a worker for long; lookaround and backreferences are refused with the reason.
 * RE2 also accepts the grep habits that JavaScript's Unicode mode refuses, such as \- and a lone {.
 */
function compileTraineeRegex(pattern: string, caseSensitive: boolean): RE2JS {
  try {
    return compileLinearRegex(pattern, { caseSensitive });
  } catch (error) {
    if (error instanceof PatternError) throw new EvidenceQueryError(`The pattern ${error.message}.`);
    throw error;
  }
}

/**
 * The first match of an RE2 pattern in a line. The boolean test runs on re2js's lazy DFA and is
 * several times faster than finding the position, so the position is only looked for on lines that
 * match.
 */
function firstMatchWithRe2(regex: RE2JS): FirstMatch {
  const matcher = regex.matcher('');
  return (line) => {
    if (!regex.test(line)) return undefined;
    matcher.resetMatcherInput(line);
    if (!matcher.find()) return undefined;
    return { index: matcher.start(), length: matcher.end() - matcher.start() };
  };
}

/**
 * The substring fast path over 1 MiB chunks of raw bytes (see createByteSearcher). Every line that
 * holds the needle matches; line numbers are counted only for matches, from the nearest checkpoint.
 */
function searchBytes(plan: ScanPlan, needle: Buffer, foldCase: boolean): Promise<SearchResult> {
  return scanCandidateLines(plan, needle, foldCase, (hit) => ({
    chars: 0,
    describe: () => describeByteMatch(plan, hit.chunk, hit.chunkStartsLine, hit.at, needle.length, hit.line),
  }));
}

/** A byte match of the needle at chunk.bytes[at], in the 0-based line `line`. */
interface CandidateHit {
  chunk: FileChunk;
  /** Whether chunk.bytes[0] starts a line (else a line longer than a chunk began in an earlier chunk). */
  chunkStartsLine: boolean;
  at: number;
  line: number;
}

/**
 * What a candidate line turned out to be: `describe` when it matches (called only while the match
 * limit has room), and how many characters were tested, which decides when to look at the clock.
 */
type CandidateTest = (hit: CandidateHit) => Promise<CandidateOutcome> | CandidateOutcome;
interface CandidateOutcome {
  chars: number;
  describe?: () => Promise<SearchMatch> | SearchMatch;
}

/**
 * Finds the lines that hold `needle` with a byte search over chunks, and lets `test` decide each one
 * (its first hit only; the search goes on after the line). Chunks end at a newline, so a hit never
 * straddles two chunks; a line longer than a chunk is read with an overlap of the needle's length
 * instead.
 */
async function scanCandidateLines(
  plan: ScanPlan,
  needle: Buffer,
  foldCase: boolean,
  test: CandidateTest,
): Promise<SearchResult> {
  const { index, handle } = plan;
  const totalLines = index.totalLines;
  const chunkSize = Math.max(plan.chunkSize, needle.length * 2 + 4);
  const overlap = needle.length - 1;
  const consume = (bytes: Buffer) => {
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    return lastNewline === -1 ? bytes.length - overlap : lastNewline + 1;
  };
  const searcher = createByteSearcher(needle, foldCase, chunkSize);
  const lines = new LineLocator(index, handle, plan.start, plan.fromLine - 1);
  const matches: SearchMatch[] = [];
  // The line in progress at the end of the previous chunk has been decided already.
  let lineDecided = false;
  let chunkStartsLine = true;
  let charsSinceClockCheck = 0;

  for await (const chunk of readChunks(handle, plan.start, index.size, { chunkSize, prefetch: true, consume })) {
    const { bytes, position, consumed } = chunk;
    let from = 0;
    if (lineDecided) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline === -1) from = consumed;
      else {
        from = newline + 1;
        lineDecided = false;
      }
    }
    if (from < consumed) {
      // A hit must start before `consumed`; the bytes after it are read again with the next chunk.
      searcher.load(bytes, Math.min(bytes.length, consumed + needle.length - 1));
      while (from < consumed) {
        const at = searcher.next(from);
        if (at === -1) break;
        const line = await lines.lineOf(position + at, chunk);
        const outcome = await test({ chunk, chunkStartsLine, at, line });
        if (outcome.describe) {
          if (matches.length === plan.limit)
            return { matches, truncated: true, nextLine: line + 1, stoppedBy: 'limit', totalLines };
          matches.push(await outcome.describe());
        }
        charsSinceClockCheck += outcome.chars;
        const newline = bytes.indexOf(NEWLINE, at + needle.length);
        if (newline === -1) {
          lineDecided = !chunk.atEnd;
          break;
        }
        from = newline + 1;
        if (charsSinceClockCheck >= CHARS_BETWEEN_CLOCK_CHECKS && from < consumed) {
          charsSinceClockCheck = 0;
          if (performance.now() >= plan.deadline) {
            // `from` starts the line after the one just decided, inside this chunk.
            const nextLine = (await lines.lineOf(position + from, chunk)) + 1;
            if (nextLine > plan.fromLine) return { matches, truncated: true, nextLine, stoppedBy: 'time', totalLines };
          }
        }
      }
    }
    chunkStartsLine = bytes[consumed - 1] === NEWLINE;
    if (!chunk.atEnd && performance.now() >= plan.deadline) {
      // Resume at the next line start; inside a line longer than a chunk, at that line unless it was decided.
      const nextLine = (await lines.lineOf(position + consumed, chunk)) + 1 + (!chunkStartsLine && lineDecided ? 1 : 0);
      if (nextLine > totalLines) break;
      // Always make progress, even with a tiny budget inside a huge line.
      if (nextLine > plan.fromLine) return { matches, truncated: true, nextLine, stoppedBy: 'time', totalLines };
    }
  }
  return { matches, truncated: false, totalLines };
}

/** Line, column and snippet of a byte match at chunk.bytes[at]. */
async function describeByteMatch(
  plan: ScanPlan,
  chunk: FileChunk,
  chunkStartsLine: boolean,
  at: number,
  length: number,
  line: number,
): Promise<SearchMatch> {
  const { bytes, position } = chunk;
  const startInChunk = at === 0 ? 0 : bytes.lastIndexOf(NEWLINE, at - 1) + 1;
  // A line longer than a chunk began in an earlier chunk: find its start and count its characters from the file.
  const lineBeganEarlier = startInChunk === 0 && !chunkStartsLine;
  const lineStart = lineBeganEarlier ? await offsetOfLine(plan.index, plan.handle, line) : position + startInChunk;
  const matchStart = position + at;
  const charsBefore = lineBeganEarlier
    ? await countCharsInFile(plan.handle, lineStart, matchStart)
    : bytes.toString('utf8', startInChunk, at).length;

  // Four bytes per character is the most UTF-8 needs, so this window holds enough text for the snippet.
  const windowStart = Math.max(lineStart, matchStart - SNIPPET_CHARS_BEFORE * 4);
  const windowEnd = Math.min(plan.index.size, matchStart + length + SNIPPET_CHARS * 4);
  const window =
    windowStart >= position && windowEnd <= position + bytes.length
      ? bytes.subarray(windowStart - position, windowEnd - position)
      : await readRange(plan.handle, windowStart, windowEnd);
  const atInWindow = matchStart - windowStart;
  let lineEnd = window.indexOf(NEWLINE, atInWindow + length);
  if (lineEnd === -1) lineEnd = window.length;
  else if (lineEnd > atInWindow + length && window[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
  const before = window.toString('utf8', startOfCharacter(window, 0, atInWindow), atInWindow);
  const matchLength = window.toString('utf8', atInWindow, atInWindow + length).length;
  return {
    line: line + 1,
    column: charsBefore + 1,
    length: matchLength,
    ...snippetAround(before, window.toString('utf8', atInWindow, lineEnd), matchLength),
  };
}

/** Moves a byte offset forward past UTF-8 continuation bytes, so decoding starts on a character. */
function startOfCharacter(bytes: Buffer, offset: number, limit: number): number {
  let start = offset;
  while (start < limit && start - offset < 3 && (bytes[start]! & 0xc0) === 0x80) start++;
  return start;
}

/** The snippet: up to SNIPPET_CHARS_BEFORE characters before the match, then the match and what follows. */
function snippetAround(
  before: string,
  rest: string,
  matchLength: number,
): { snippet: string; snippetMatchStart: number } {
  let head = before.slice(Math.max(0, before.length - SNIPPET_CHARS_BEFORE));
  if (isLowSurrogate(head.charCodeAt(0))) head = head.slice(1);
  let tail = rest.slice(0, Math.max(SNIPPET_CHARS - head.length, Math.min(matchLength, SNIPPET_CHARS)));
  if (tail.length < rest.length && isHighSurrogate(tail.charCodeAt(tail.length - 1))) tail = tail.slice(0, -1);
  return { snippet: head + tail, snippetMatchStart: head.length };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

const ASCII_LOWER = Uint8Array.from({ length: 256 }, (_, byte) => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte));
const ASCII_UPPER = Uint8Array.from({ length: 256 }, (_, byte) => (byte >= 0x61 && byte <= 0x7a ? byte & ~0x20 : byte));

/** Finds a needle in one chunk after another: load a chunk, then ask for the next match from an offset. */
interface ByteSearcher {
  /** Search bytes[0, end) from now on. */
  load(bytes: Buffer, end: number): void;
  /** Start of the first match at or after `from`, or -1. */
  next(from: number): number;
}

/**
 * Picks the fastest way to find a needle in raw bytes. Case-sensitive: Buffer.indexOf (native,
 * a few GB/s). Ignoring ASCII case: a Boyer-Moore-Horspool loop that compares through a folding
 * table and skips most bytes unread, about 2 GB/s for needles of 5 bytes and more. Shorter needles
 * skip too little, and on repetitive text Horspool costs up to the needle's length per byte, so
 * needles outside 5..64 bytes are searched with indexOf in a case-folded copy of the chunk (about
 * 1 GB/s, and indexOf guards against such worst cases).
 */
export function createByteSearcher(needle: Buffer, foldCase: boolean, chunkSize: number): ByteSearcher {
  let bytes: Buffer = Buffer.alloc(0);
  let end = 0;
  if (!foldCase) {
    let haystack: Buffer = bytes;
    return {
      load(chunk, chunkEnd) {
        haystack = chunk.subarray(0, chunkEnd);
      },
      next: (from) => haystack.indexOf(needle, from),
    };
  }
  if (needle.length < 5 || needle.length > 64) {
    const folded = Buffer.allocUnsafeSlow(Math.ceil(chunkSize / 4) * 4);
    let haystack: Buffer = bytes;
    return {
      load(chunk, chunkEnd) {
        haystack = foldAsciiCase(chunk.subarray(0, chunkEnd), folded);
      },
      next: (from) => haystack.indexOf(needle, from),
    };
  }
  const last = needle.length - 1;
  const lastByte = needle[last]!;
  // How far the window may move when its last byte is b: to align b with its last place in the needle.
  const skip = new Int32Array(256).fill(needle.length);
  for (let i = 0; i < last; i++) {
    skip[needle[i]!] = last - i;
    skip[ASCII_UPPER[needle[i]!]!] = last - i;
  }
  return {
    load(chunk, chunkEnd) {
      bytes = chunk;
      end = chunkEnd;
    },
    next(from) {
      for (let at = from; at + last < end; ) {
        const byte = bytes[at + last]!;
        if (ASCII_LOWER[byte] === lastByte) {
          let i = last - 1;
          while (i >= 0 && ASCII_LOWER[bytes[at + i]!] === needle[i]) i--;
          if (i < 0) return at;
        }
        at += skip[byte]!;
      }
      return -1;
    },
  };
}

/**
 * Lower-cases the ASCII letters of `bytes` into `target`, four bytes per step (bytes from 0x80 up
 * are kept, so UTF-8 sequences are untouched). About three times faster than a byte loop.
 */
export function foldAsciiCase(bytes: Buffer, target: Buffer): Buffer {
  const words = Math.ceil(bytes.length / 4);
  const aligned =
    bytes.byteOffset % 4 === 0 &&
    bytes.buffer.byteLength >= bytes.byteOffset + words * 4 &&
    target.byteOffset % 4 === 0 &&
    target.length >= words * 4;
  if (!aligned) {
    for (let i = 0; i < bytes.length; i++) target[i] = ASCII_LOWER[bytes[i]!]!;
    return target.subarray(0, bytes.length);
  }
  const source = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  const result = new Uint32Array(target.buffer, target.byteOffset, words);
  for (let i = 0; i < words; i++) {
    const word = source[i]!;
    const low7 = word & 0x7f7f7f7f;
    // Per byte, the high bit ends up set where the byte is 'A'..'Z': at least 'A' (low7 + 0x3f
    // reaches 0x80), not above 'Z' (low7 + 0x25 stays below 0x80), and ASCII (high bit clear).
    const upper = (low7 + 0x3f3f3f3f) & ~(low7 + 0x25252525) & ~word & 0x80808080;
    result[i] = word | (upper >>> 2);
  }
  return target.subarray(0, bytes.length);
}

/** Finds the 0-based line of byte offsets met in increasing order, counting newlines from the nearest known point. */
class LineLocator {
  constructor(
    private readonly index: LineIndex,
    private readonly handle: FileHandle,
    private knownOffset: number,
    private knownLine: number,
  ) {}

  /** The line containing `offset`, which lies in chunk.bytes[0, consumed]. */
  async lineOf(offset: number, chunk: FileChunk): Promise<number> {
    let baseOffset = this.knownOffset;
    let baseLine = this.knownLine;
    const checkpoint = checkpointAtOrBefore(this.index.checkpointOffsets, offset);
    if (this.index.checkpointOffsets[checkpoint]! > baseOffset) {
      baseOffset = this.index.checkpointOffsets[checkpoint]!;
      baseLine = this.index.checkpointLines[checkpoint]!;
    }
    if (baseOffset < chunk.position) {
      // Only when chunks are smaller than the checkpoint spacing or a line is longer than a chunk.
      baseLine += await countNewlines(this.handle, baseOffset, chunk.position);
      baseOffset = chunk.position;
    }
    baseLine += countNewlinesIn(chunk.bytes, baseOffset - chunk.position, offset - chunk.position);
    this.knownOffset = offset;
    this.knownLine = baseLine;
    return baseLine;
  }
}

async function countCharsInFile(handle: FileHandle, from: number, to: number): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let chars = 0;
  for await (const { bytes } of readChunks(handle, from, to, { chunkSize: SCAN_CHUNK_BYTES, prefetch: false }))
    chars += decoder.write(bytes).length;
  return chars + decoder.end().length;
}

/**
 * Lines tested one by one, for a pattern that requires no known text: each line (cut at
 * MAX_LINE_CHARS) is decoded and tested. The budget is checked between lines.
 */
async function searchEveryLine(plan: ScanPlan, firstMatch: FirstMatch): Promise<SearchResult> {
  const totalLines = plan.index.totalLines;
  const matches: SearchMatch[] = [];
  let lineNumber = plan.fromLine - 1;
  let stop: { stoppedBy: 'limit' | 'time'; nextLine: number } | undefined;
  let charsSinceClockCheck = 0;

  const visit: LineVisitor = (text, lineStart, lineEnd, cut) => {
    lineNumber++;
    const line = capLine(text, lineStart, lineEnd, cut).text;
    const found = firstMatch(line);
    if (found) {
      if (matches.length === plan.limit) {
        stop = { stoppedBy: 'limit', nextLine: lineNumber };
        return false;
      }
      matches.push(describeLineMatch(lineNumber, line, found));
    }
    // Empty lines still cost a call: count them as a few characters.
    charsSinceClockCheck += line.length + 16;
    if (charsSinceClockCheck >= CHARS_BETWEEN_CLOCK_CHECKS) {
      charsSinceClockCheck = 0;
      if (performance.now() >= plan.deadline) {
        stop = { stoppedBy: 'time', nextLine: lineNumber + 1 };
        return false;
      }
    }
    return true;
  };

  await scanLines(plan.handle, plan.start, plan.index.size, { chunkSize: plan.chunkSize, prefetch: true }, visit);
  if (stop && stop.nextLine <= totalLines) return { matches, truncated: true, ...stop, totalLines };
  return { matches, truncated: false, totalLines };
}

function describeLineMatch(lineNumber: number, line: string, found: { index: number; length: number }): SearchMatch {
  return {
    line: lineNumber,
    column: found.index + 1,
    length: found.length,
    ...snippetAround(line.slice(0, found.index), line.slice(found.index), found.length),
  };
}

/**
 * Lines tested one by one, but only those that hold the text the pattern requires: the byte search
 * of scanCandidateLines finds the candidates, and only their lines are decoded and tested, so a
 * pattern with a rare literal runs about as fast as a substring search. Each candidate line is
 * decided as a whole (matched or not) and the search goes on after it.
 */
function searchCandidateLines(
  plan: ScanPlan,
  prefilter: { needle: Buffer; foldCase: boolean },
  firstMatch: FirstMatch,
): Promise<SearchResult> {
  return scanCandidateLines(plan, prefilter.needle, prefilter.foldCase, async (hit) => {
    const text = await candidateLineText(plan, hit.chunk, hit.chunkStartsLine, hit.at, hit.line);
    const found = firstMatch(text);
    // Empty lines still cost a call: count them as a few characters.
    return {
      chars: text.length + 16,
      ...(found ? { describe: () => describeLineMatch(hit.line + 1, text, found) } : {}),
    };
  });
}

/**
 * The text of the 0-based line `line` that holds chunk.bytes[at], as scanLines would give it to
 * searchEveryLine: without its line ending, its first MAX_LINE_BYTES bytes decoded, cut at
 * MAX_LINE_CHARS. Read from the file when the line does not lie within the chunk.
 */
async function candidateLineText(
  plan: ScanPlan,
  chunk: FileChunk,
  chunkStartsLine: boolean,
  at: number,
  line: number,
): Promise<string> {
  const { bytes, position } = chunk;
  const startInChunk = at === 0 ? 0 : bytes.lastIndexOf(NEWLINE, at - 1) + 1;
  const lineBeganEarlier = startInChunk === 0 && !chunkStartsLine;
  const lineStart = lineBeganEarlier ? await offsetOfLine(plan.index, plan.handle, line) : position + startInChunk;
  // One byte more than kept tells whether the line was cut.
  const wanted = MAX_LINE_BYTES + 1;
  const newlineInChunk = lineBeganEarlier ? -1 : bytes.indexOf(NEWLINE, at);
  let lineBytes: Buffer;
  if (!lineBeganEarlier && (newlineInChunk !== -1 || startInChunk + wanted <= bytes.length || chunk.atEnd)) {
    lineBytes = bytes.subarray(
      startInChunk,
      Math.min(newlineInChunk === -1 ? bytes.length : newlineInChunk, startInChunk + wanted),
    );
  } else {
    lineBytes = await readRange(plan.handle, lineStart, Math.min(plan.index.size, lineStart + wanted));
    const newline = lineBytes.indexOf(NEWLINE);
    if (newline !== -1) lineBytes = lineBytes.subarray(0, newline);
  }
  const cut = lineBytes.length > MAX_LINE_BYTES;
  let end = cut ? MAX_LINE_BYTES : lineBytes.length;
  if (!cut && end > 0 && lineBytes[end - 1] === CARRIAGE_RETURN) end--;
  const text = lineBytes.toString('utf8', 0, end);
  return capLine(text, 0, text.length, cut).text;
}
