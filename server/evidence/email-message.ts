import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import { AppError } from '../errors.ts';

/**
 * E-mail artefacts (one .eml message, or an mbox of several) parsed for the rendered view: the
 * headers, the Received chain as hops, the bodies as plain text and the attachments with their
 * SHA-256. Parsing is postal-mime's; this module only shapes what an investigator needs to see.
 */

/** Larger mail files are refused for rendering (the raw view and download still work). */
export const MAX_MAIL_FILE_BYTES = 32 * 1024 * 1024;
/** An mbox holding more messages than this shows the first ones and says it was cut. */
export const MAX_MBOX_MESSAGES = 500;

export interface HeaderRow {
  name: string;
  /** The value unfolded, encoded words (=?utf-8?...?=) decoded. */
  value: string;
}

/** One Received header, the hops numbered from the first server (oldest) to the mailbox. */
export interface ReceivedHop {
  hop: number;
  from: string | null;
  by: string | null;
  with: string | null;
  id: string | null;
  for: string | null;
  /** The date as written after the semicolon. */
  date: string | null;
  /** The same moment in UTC (ISO 8601), when the date parses. */
  dateUtc: string | null;
  raw: string;
}

export interface AttachmentSummary {
  index: number;
  /** The name the sender gave, made safe to show (no control or direction-override characters), or null. */
  filename: string | null;
  mimeType: string;
  disposition: string | null;
  size: number;
  sha256: string;
}

export interface MessageView {
  index: number;
  /** For mbox entries: the envelope line ("From sender date") that opens the entry. */
  envelope: string | null;
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string | null;
  headers: HeaderRow[];
  hops: ReceivedHop[];
  /** The text/plain body, or null when the message has none. */
  text: string | null;
  /** The text/html body converted to plain text on the server (never HTML), or null. */
  htmlAsText: string | null;
  attachments: AttachmentSummary[];
}

export interface MailboxView {
  format: 'eml' | 'mbox';
  messages: MessageView[];
  /** True when an mbox had more than MAX_MBOX_MESSAGES messages. */
  truncated: boolean;
}

interface ParsedMailbox {
  view: MailboxView;
  /** Decoded attachment bytes, by message and attachment index, for downloads. */
  attachments: Uint8Array[][];
}

// Control characters, and bidirectional overrides that can make "gpj.exe" read as "exe.jpg".
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * An attachment name fit to show: the sender's name without control or direction characters, and
 * only its last path segment.
 */
export function displayFileName(name: string | null): string | null {
  if (!name) return null;
  const cleaned = name.replace(UNSAFE_NAME_CHARACTERS, '').split(/[\\/]/u).pop()!.trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? null : cleaned;
}

const RECEIVED_KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);

/**
 * Splits a Received header into its clauses (RFC 5321 section 4.4). Keywords are recognised only
 * outside comments, so "(using TLSv1.3 with cipher ...)" stays part of the clause it annotates,
 * and the comments stay in the values: the bracketed address in "from host (rdns [ip])" is the
 * one fact an investigator most often needs from a hop.
 */
export function parseReceived(raw: string, hop: number): ReceivedHop {
  const value = raw.replace(/\s+/gu, ' ').trim();
  let depth = 0;
  let dateStart = -1;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '(') depth++;
    else if (value[i] === ')') depth = Math.max(0, depth - 1);
    else if (value[i] === ';' && depth === 0) dateStart = i;
  }
  const clauses = dateStart >= 0 ? value.slice(0, dateStart) : value;
  const date = dateStart >= 0 ? value.slice(dateStart + 1).trim() || null : null;

  const fields: Record<string, string> = {};
  let current: string | null = null;
  let buffer = '';
  depth = 0;
  const flush = () => {
    if (current && fields[current] === undefined) fields[current] = buffer.trim();
    buffer = '';
  };
  for (const token of clauses.split(/(\s+)/u)) {
    const keyword = token.toLowerCase();
    if (depth === 0 && RECEIVED_KEYWORDS.has(keyword)) {
      flush();
      current = keyword;
      continue;
    }
    for (const char of token) {
      if (char === '(') depth++;
      else if (char === ')') depth = Math.max(0, depth - 1);
    }
    buffer += token;
  }
  flush();

  return {
    hop,
    from: fields.from || null,
    by: fields.by || null,
    with: fields.with || null,
    id: fields.id || null,
    for: fields.for || null,
    date,
    dateUtc: date ? utcOf(date) : null,
    raw: value,
  };
}

/** An RFC 5322 date in UTC, ignoring a trailing zone comment such as "(CET)". */
function utcOf(date: string): string | null {
  const time = Date.parse(date.replace(/\([^)]*\)\s*$/u, '').trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const CONVERSION_BOUNDARY = 'casebench-html-as-text';

/**
 * HTML to plain text with postal-mime's own converter (hardened against pathological markup),
 * which the package does not export: it runs when a message part of one type has to be shown as
 * the other, so the HTML is wrapped as the only HTML part of a message that also has an empty
 * plain part. test/api/evidence-views.happy.test.ts pins the behaviour in case an upgrade changes it.
 */
export async function htmlToPlainText(html: string): Promise<string> {
  const synthetic = [
    `Content-Type: multipart/mixed; boundary="${CONVERSION_BOUNDARY}"`,
    '',
    `--${CONVERSION_BOUNDARY}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(html, 'utf8').toString('base64'),
    `--${CONVERSION_BOUNDARY}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    '',
    `--${CONVERSION_BOUNDARY}--`,
    '',
  ].join('\r\n');
  const parsed = await PostalMime.parse(synthetic);
  return (parsed.text ?? '').replace(/^\n+/u, '').replace(/\s+$/u, '');
}

function headerValue(email: Email, key: string): string | null {
  const header = email.headers.find((item) => item.key === key);
  return header ? decodeWords(header.value) : null;
}

function toBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

async function parseMessage(
  raw: Uint8Array,
  index: number,
  envelope: string | null,
): Promise<{ view: MessageView; attachments: Uint8Array[] }> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw);
  } catch {
    // postal-mime's reasons (EMAXNESTINGDEPTH ...) mean nothing to a trainee; the raw source always works.
    const which = envelope === null ? 'This e-mail' : `Message ${index + 1} of this mailbox`;
    throw new AppError('bad_request', `${which} could not be read: show the raw source to read it.`);
  }
  const received = email.headers.filter((header) => header.key === 'received');
  // Each server adds its Received line above the others, so the last one in the file is the first hop.
  const hops = received.reverse().map((header, position) => parseReceived(header.value, position + 1));
  const attachments = email.attachments.map((attachment) => toBytes(attachment.content));
  return {
    view: {
      index,
      envelope,
      subject: email.subject ?? null,
      from: headerValue(email, 'from'),
      to: headerValue(email, 'to'),
      date: headerValue(email, 'date'),
      headers: email.headers.map((header) => ({ name: header.originalKey, value: decodeWords(header.value) })),
      hops,
      text: email.text ?? null,
      htmlAsText: email.html === undefined ? null : await htmlToPlainText(email.html),
      attachments: email.attachments.map((attachment, position) => ({
        index: position,
        filename: displayFileName(attachment.filename),
        mimeType: attachment.mimeType,
        disposition: attachment.disposition,
        size: attachments[position]!.byteLength,
        sha256: createHash('sha256').update(attachments[position]!).digest('hex'),
      })),
    },
    attachments,
  };
}

/** Where each entry of an mbox's text starts: its envelope line's start and end, and the entry's end. */
function mboxEntries(text: string): { start: number; lineEnd: number; end: number }[] {
  const starts: number[] = [];
  const separator = /(?:^|\n\r?\n)(From [^\n]*)\n/gu;
  for (let match = separator.exec(text); match; match = separator.exec(text))
    starts.push(match.index + match[0].length - match[1]!.length - 1);
  return starts.map((start, position) => ({
    start,
    lineEnd: text.indexOf('\n', start),
    end: position + 1 < starts.length ? starts[position + 1]! : text.length,
  }));
}

// mboxrd quotes body lines that start with "From " as ">From "; undo one level.
const unquoteFromLines = (body: string) => body.replace(/^>(>*From )/gmu, '$1');

/** The messages of an mbox: each starts with a "From " line after a blank line (or at the start). */
export function splitMbox(bytes: Buffer): { envelope: string; raw: Buffer }[] {
  // latin1 maps each byte to one character, so string positions are byte offsets.
  const text = bytes.toString('latin1');
  return mboxEntries(text).map(({ start, lineEnd, end }) => ({
    envelope: text.slice(start, lineEnd).replace(/\r$/u, ''),
    raw: Buffer.from(unquoteFromLines(text.slice(lineEnd + 1, end)), 'latin1'),
  }));
}

/** A header of a message read from text, with the line of the artefact it starts on. */
export interface HeaderLineRow extends HeaderRow {
  line: number;
}

/** The header block of one message of an e-mail artefact's text (no bodies, no MIME parsing). */
export interface MessageHeaders {
  index: number;
  /** The 1-based line of the artefact where the message starts (its envelope line in an mbox). */
  line: number;
  envelope: string | null;
  headers: HeaderLineRow[];
  /** The Received chain, numbered from the first server (oldest) as in the rendered view. */
  hops: ReceivedHop[];
  /** Lines of the header block that are neither "Name: value" nor a continuation of one. */
  malformed: { line: number; text: string }[];
}

const HEADER_LINE = /^([!-9;-~]+)[ \t]*:(.*)$/u;

/**
 * The headers of every message of an .eml or mbox artefact's text, read synchronously: what evidence
 * tables need (issue #13) without postal-mime's asynchronous body parsing. Values are unfolded and
 * their encoded words decoded with postal-mime's decoder, as in the rendered view.
 */
export function readMessageHeaders(text: string): MessageHeaders[] {
  const mbox = text.startsWith('From ');
  const entries = mbox
    ? mboxEntries(text).map(({ start, lineEnd, end }) => ({
        start,
        envelope: text.slice(start, lineEnd).replace(/\r$/u, ''),
        headerStart: lineEnd + 1,
        end,
      }))
    : [{ start: 0, envelope: null, headerStart: 0, end: text.length }];
  const lineNumberAt = lineCounter(text);
  return entries.map((entry, index) => {
    const firstLine = lineNumberAt(entry.start);
    const headerFirstLine = lineNumberAt(entry.headerStart);
    const lines = text.slice(entry.headerStart, entry.end).split('\n');
    const headers: HeaderLineRow[] = [];
    const malformed: { line: number; text: string }[] = [];
    let current: { name: string; line: number; parts: string[] } | null = null;
    const flush = () => {
      if (current)
        headers.push({
          name: current.name,
          line: current.line,
          value: decodeWords(current.parts.join(' ').replace(/\s+/gu, ' ').trim()),
        });
      current = null;
    };
    for (const [offset, raw] of lines.entries()) {
      const line = raw.replace(/\r$/u, '');
      if (line.trim() === '') {
        // Blank lines before the first header are skipped; the first one after a header ends the block.
        if (headers.length === 0 && current === null && malformed.length === 0) continue;
        break;
      }
      const lineNumber = headerFirstLine + offset;
      if (/^[ \t]/u.test(line) && current) {
        (current as { parts: string[] }).parts.push(line.trim());
        continue;
      }
      const header = HEADER_LINE.exec(line);
      flush();
      if (header) current = { name: header[1]!, line: lineNumber, parts: [header[2]!.trim()] };
      else malformed.push({ line: lineNumber, text: mbox ? unquoteFromLines(line) : line });
    }
    flush();
    const received = headers.filter((header) => header.name.toLowerCase() === 'received');
    const hops = received.reverse().map((header, position) => parseReceived(header.value, position + 1));
    return { index, line: firstLine, envelope: entry.envelope, headers, hops, malformed };
  });
}

/** Line numbers of ascending offsets in one pass over the text, however many messages an mbox holds. */
function lineCounter(text: string): (offset: number) => number {
  let position = 0;
  let line = 1;
  return (offset) => {
    for (
      let index = text.indexOf('\n', position);
      index >= 0 && index < offset;
      index = text.indexOf('\n', index + 1)
    ) {
      line++;
      position = index + 1;
    }
    return line;
  };
}

function isMbox(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === 'From ';
}

async function parseMailFile(path: string, size: number): Promise<ParsedMailbox> {
  if (size > MAX_MAIL_FILE_BYTES)
    throw new AppError(
      'payload_too_large',
      `This file is larger than ${MAX_MAIL_FILE_BYTES / 1024 / 1024} MB, too large to show as e-mail: show the raw ` +
        'source or download it.',
    );
  const bytes = await readFile(path);
  const entries = isMbox(bytes) ? splitMbox(bytes) : [{ envelope: null, raw: bytes }];
  const kept = entries.slice(0, MAX_MBOX_MESSAGES);
  const parsed = [];
  for (const [index, entry] of kept.entries()) parsed.push(await parseMessage(entry.raw, index, entry.envelope));
  return {
    view: {
      format: isMbox(bytes) ? 'mbox' : 'eml',
      messages: parsed.map((item) => item.view),
      truncated: entries.length > kept.length,
    },
    attachments: parsed.map((item) => item.attachments),
  };
}

// A few recently opened mail files: trainees flip between the view and attachment downloads of
// the same message. Keyed by path and hash, so a regenerated variant file is never served stale;
// bounded by the size of the files too, as the decoded attachments are held with them.
const CACHE_ENTRIES = 16;
const CACHE_FILE_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, { size: number; parsing: Promise<ParsedMailbox> }>();

function cachedBytes(): number {
  let total = 0;
  for (const entry of cache.values()) total += entry.size;
  return total;
}

function parsedMailbox(file: { path: string; size: number; sha256: string }): Promise<ParsedMailbox> {
  const key = `${file.path}\u0000${file.sha256}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.parsing;
  }
  const parsing = parseMailFile(file.path, file.size);
  cache.set(key, { size: file.size, parsing });
  parsing.catch(() => cache.delete(key));
  while (cache.size > 1 && (cache.size > CACHE_ENTRIES || cachedBytes() > CACHE_FILE_BYTES))
    cache.delete(cache.keys().next().value!);
  return parsing;
}

/** The rendered view of an e-mail artefact (one message, or every message of an mbox). */
export async function readMailbox(file: { path: string; size: number; sha256: string }): Promise<MailboxView> {
  return (await parsedMailbox(file)).view;
}

/** The decoded bytes of one attachment, with its summary; not_found when there is no such attachment. */
export async function readAttachment(
  file: { path: string; size: number; sha256: string },
  message: number,
  index: number,
): Promise<{ summary: AttachmentSummary; bytes: Uint8Array }> {
  const parsed = await parsedMailbox(file);
  const summary = parsed.view.messages[message]?.attachments[index];
  const bytes = parsed.attachments[message]?.[index];
  if (!summary || !bytes) {
    const where = parsed.view.format === 'mbox' ? `Message ${message + 1} of this mailbox` : 'This e-mail';
    throw new AppError('not_found', `${where} has no attachment ${index + 1}.`);
  }
  return { summary, bytes };
}
