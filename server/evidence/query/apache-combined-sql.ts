/**
 * The access log (parser `apache-combined`) read by DuckDB itself (issue #13): a 1 GB log is too large
 * for a JavaScript string, and the JavaScript parser reads about 24 MB/s where DuckDB's CSV reader and
 * string functions, on its own threads, read several times that. This path gives exactly the rows the
 * JavaScript parser (tables/web-logs.ts) gives: SQL reads only the lines it can read the same way (a
 * strict subset of the parser's pattern, checked line by line with RE2), and every other line (a
 * malformed one, an escaped quote, a year Date.UTC reads otherwise) is read again by the JavaScript
 * parser, which gives its row or its problem with the line number. Hosts other than plain dotted quads
 * (IPv6 addresses, names) are rewritten afterwards as the parser writes them, once per distinct host.
 */
import { open } from 'node:fs/promises';
import { quoteIdentifier, quoteText } from './sql-text.ts';

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** A dotted quad that canonicalIp gives back unchanged: no leading zeros, each part at most 255. */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)`;
/** Hosts written as canonicalIp writes them: any other host is rewritten as the parser does (write-tables.ts, rewriteHosts). */
export const PLAIN_IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
/** An unquoted field: printable ASCII but `"` and `\` (JavaScript's \S is wider: such lines go to the parser). */
const FIELD = String.raw`[!#-\[\]-~]+`;
/**
 * The lines SQL reads: host ident user [dd/Mon/yyyy:hh:mm:ss +hhmm] "request" status bytes, optionally
 * "referrer" "agent", and nothing after; each quoted field holds neither `"` nor `\`. Each part is one the
 * JavaScript pattern reads the same way. The check runs on the pieces between the quotes, never on the
 * quoted fields' contents: RE2 costs in proportion to the text it reads, and the agent and the path are
 * most of a line (4.9 CPU-s per GB on whole lines, about 1.5 on the pieces). ACCESS_HEAD is the piece
 * before the request, ACCESS_MIDDLE the one after it (with a space before the referrer when there is
 * one); a combined line's last two pieces are the space between referrer and agent, and nothing.
 */
const HEAD_AFTER_HOST =
  ` ${FIELD} ${FIELD} ` +
  String.raw`\[(?:0[1-9]|[12]\d|3[01])/(?:${MONTHS})/(?:19|20|21)\d\d:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d\d[0-5]\d\] `;
const ACCESS_HEAD = `${FIELD}${HEAD_AFTER_HOST}`;
/**
 * ACCESS_HEAD with a host as canonicalIp writes it. Tried first, so that a log of plain hosts pays for one
 * match per line and the build then knows which rows may need their host rewritten without reading the
 * hosts again (0.4 s of the 1 GB log's build).
 */
const PLAIN_HOST_HEAD = `${PLAIN_IPV4}${HEAD_AFTER_HOST}`;
const ACCESS_MIDDLE = String.raw` \d{3} (?:\d{1,15}|-)`;

/**
 * The CSV reader's buffer. Each buffer is one batch of the ordered insert, and batches smaller than a few
 * row groups (122,880 rows) are merged in memory before they are written: with 64 MB (about 350,000 lines
 * of the benchmark's log) the 1 GB build took 15.9–16.4 CPU-s against 18.6–19.3 with the reader's default,
 * at about 640 MB of memory (`.scratch/build/exp.mts`, session 11). 32 and 48 MB were slower still: most
 * row groups then waited for the final checkpoint.
 */
const READ_BUFFER_BYTES = 64 << 20;

/** A byte that never occurs in a log this path reads (checked by scanLog): the CSV reader's delimiter. */
const DELIMITER = 0x01;

/** What a pass over the log's bytes tells before DuckDB reads it. */
export interface LogScan {
  bytes: number;
  /** The rows DuckDB's reader gives, one per line: the newlines, plus a last line without one. */
  lines: number;
  /** Whether DuckDB's reader would read the lines as the parser splits them (no \r, no delimiter byte, no BOM). */
  readable: boolean;
}

/** Counts the lines of a log and checks the bytes that would make DuckDB's reader split it otherwise. */
export async function scanLog(path: string): Promise<LogScan> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(16 << 20);
    let bytes = 0;
    let lines = 0;
    let last = -1;
    let readable = true;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const view = chunk.subarray(0, bytesRead);
      if (bytes === 0 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) readable = false;
      if (readable && (view.includes(0x0d) || view.includes(DELIMITER))) readable = false;
      for (let at = view.indexOf(0x0a); at !== -1; at = view.indexOf(0x0a, at + 1)) lines++;
      last = view[bytesRead - 1] ?? last;
      bytes += bytesRead;
    }
    if (bytes > 0 && last !== 0x0a) lines++;
    return { bytes, lines, readable };
  } finally {
    await handle.close();
  }
}

/** The text of some lines of a file (1-based, ascending), read in one pass. */
export async function readSomeLines(path: string, wanted: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (wanted.length === 0) return found;
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(16 << 20);
    let line = 1;
    let next = 0;
    let partial: Buffer[] = [];
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const view = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let at = view.indexOf(0x0a); ; at = view.indexOf(0x0a, start)) {
        const end = at === -1 ? bytesRead : at;
        if (line === wanted[next]) partial.push(Buffer.from(view.subarray(start, end)));
        if (at === -1) break;
        if (line === wanted[next]) {
          found.set(line, Buffer.concat(partial).toString('utf8'));
          next++;
          if (next === wanted.length) return found;
        }
        partial = [];
        line++;
        start = at + 1;
      }
    }
    if (line === wanted[next]) found.set(line, Buffer.concat(partial).toString('utf8'));
    return found;
  } finally {
    await handle.close();
  }
}

/**
 * The SELECT that reads the log at `path` into the access table's columns (under `names`, in the
 * parser's order), with `odd` (a line SQL does not read: the parser must), `blank` (a line the
 * parser passes over) and `plain_host` (its host is a plain dotted quad, kept as written) per line, in
 * the file's order.
 */
export function accessSelect(path: string, names: string[]): string {
  const [ip, ident, user, time, method, pathName, protocol, status, bytes, referrer, agent, zone] =
    names.map(quoteIdentifier);
  const source =
    `read_csv(${quoteText(path)}, columns = {'l': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', ` +
    `header = false, auto_detect = false, strict_mode = false, new_line = '\\n', buffer_size = ${READ_BUFFER_BYTES})`;
  return `
    WITH lines AS (
      SELECT l, string_split(l, '"') AS q
      FROM ${source}
    ),
    headed AS (
      SELECT l, q, CASE WHEN len(q) IN (3, 7) THEN regexp_full_match(q[1], ${quoteText(PLAIN_HOST_HEAD)}) END AS plain_host
      FROM lines
    ),
    checked AS (
      SELECT l, q, plain_host,
        -- The pieces between the quotes checked one by one (concatenating them first cost more).
        coalesce(NOT contains(l, '\\') AND CASE len(q)
          WHEN 3 THEN CASE WHEN plain_host THEN true ELSE regexp_full_match(q[1], ${quoteText(ACCESS_HEAD)}) END
            AND regexp_full_match(q[3], ${quoteText(ACCESS_MIDDLE)})
          WHEN 7 THEN q[5] = ' ' AND q[7] = '' AND CASE WHEN plain_host THEN true ELSE regexp_full_match(q[1], ${quoteText(ACCESS_HEAD)}) END
            AND regexp_full_match(q[3], ${quoteText(`${ACCESS_MIDDLE} `)})
          ELSE false END, false) AS fits
      FROM headed
    ),
    -- Only a line that does not fit can be blank: the look for blanks reads those alone (0.5 CPU-s per GB).
    quoted AS (
      SELECT CASE WHEN fits THEN false ELSE l IS NULL OR regexp_full_match(l, '[ \\t]*') END AS blank,
        fits, plain_host, CASE WHEN fits THEN q END AS q
      FROM checked
    ),
    parts AS (
      SELECT blank, fits, plain_host, q, string_split(q[1], ' ') AS h, string_split(q[3], ' ') AS m, string_split(q[2], ' ') AS p
      FROM quoted
    ),
    typed AS (
      SELECT *, try_strptime(h[4] || ' ' || h[5], '[%d/%b/%Y:%H:%M:%S %z]') AS t FROM parts
    )
    SELECT
      h[1] AS ${ip},
      nullif(h[2], '-') AS ${ident},
      nullif(h[3], '-') AS ${user},
      t AS ${time},
      CASE WHEN len(p) IN (2, 3) THEN p[1] END AS ${method},
      CASE WHEN len(p) IN (2, 3) THEN p[2] ELSE nullif(q[2], '-') END AS ${pathName},
      CASE WHEN len(p) = 3 THEN p[3] END AS ${protocol},
      CAST(m[2] AS BIGINT) AS ${status},
      CAST(nullif(m[3], '-') AS BIGINT) AS ${bytes},
      nullif(q[4], '-') AS ${referrer},
      nullif(q[6], '-') AS ${agent},
      CASE WHEN h[5] IN ('+0000]', '-0000]') THEN 'UTC' ELSE h[5][1:3] || ':' || h[5][4:5] END AS ${zone},
      NOT blank AND (NOT fits OR t IS NULL) AS odd,
      blank,
      coalesce(plain_host, false) AS plain_host
    FROM typed`;
}
