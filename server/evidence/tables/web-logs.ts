import { canonicalIp } from './delimited.ts';
import { type Instant, instantFromWallClock, monthNumber, offsetZoneName, parseTimestamp } from './time.ts';
import {
  type Cell,
  type EvidenceParser,
  type ParseContext,
  type ParsedArtefact,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

const zoneColumn = sourceZoneColumn(
  'The offset the time was written with, or the lab’s zone when the log writes none.',
);

/**
 * Runs `read` over each non-blank line: a row when it gives values, a problem when it gives the reason it
 * could not. Blank lines are skipped.
 */
function parseLines(text: string, table: TableSpec, read: (line: string) => Cell[] | string): ParsedArtefact {
  const rows: Row[] = [];
  const problems: ParseProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const source = raw.replace(/\r$/u, '');
    if (source.trim() === '') return;
    const values = read(source);
    if (typeof values === 'string') problems.push({ line: index + 1, reason: values });
    else rows.push({ table: table.name, line: index + 1, values });
  });
  return { tables: [table], rows, problems };
}

const dash = (text: string | undefined): string | null => (text === undefined || text === '-' ? null : text);
const quotedField = (text: string | undefined): string | null =>
  text === undefined || text === '-' ? null : text.replace(/\\(["\\])/gu, '$1');
/** An address as its canonical form; a host name (HostnameLookups On) as written. */
const address = (text: string): string => canonicalIp(text) ?? text;

const ACCESS_TABLE: TableSpec = {
  name: 'access',
  description: 'One row per request in the access log (combined or common format).',
  columns: [
    { name: 'ip', type: 'ip', description: 'The client address (%h); a host name stays as written.' },
    { name: 'ident', type: 'text', description: 'The identd answer (%l), almost always null.' },
    { name: 'user', type: 'text', description: 'The authenticated user (%u), null for "-".' },
    { name: 'time', type: 'timestamp', description: 'When the request was received (%t), with its offset.' },
    { name: 'method', type: 'text', description: 'The request method, such as GET or POST.' },
    { name: 'path', type: 'text', description: 'The requested path with its query string, as sent.' },
    { name: 'protocol', type: 'text', description: 'The protocol, such as HTTP/1.1.' },
    { name: 'status', type: 'integer', description: 'The response status code.' },
    { name: 'bytes', type: 'integer', description: 'The size of the response body, null for "-".' },
    { name: 'referrer', type: 'text', description: 'The Referer header, null for "-" or the common format.' },
    { name: 'user_agent', type: 'text', description: 'The User-Agent header, null for "-" or the common format.' },
    zoneColumn,
  ],
};

// The unrolled form of "(?:[^"\\]|\\.)*": one step per run of plain characters, not per character.
const QUOTED = String.raw`"([^"\\]*(?:\\.[^"\\]*)*)"`;
const ACCESS_LINE = new RegExp(
  `^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] ${QUOTED} (\\d{3}) (\\d+|-)(?: ${QUOTED} ${QUOTED})?(?: .*)?$`,
  'u',
);

const ACCESS_TIME = /^(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/u;

/**
 * %t ("08/Oct/2024:21:14:07 +0200") by arithmetic: it carries its offset, so no zone rules are needed,
 * and access logs are long enough that a general date parser per line costs seconds.
 */
function accessTime(text: string): Instant | undefined {
  const match = ACCESS_TIME.exec(text);
  if (!match) return undefined;
  const [, day, monthName, year, hours, minutes, seconds, sign = '+', offsetHours = '00', offsetMinutes = '00'] = match;
  const month = (monthNumber(monthName ?? '') ?? 0) - 1;
  const [d, h, m, s] = [day, hours, minutes, seconds].map(Number) as [number, number, number, number];
  const local = Date.UTC(Number(year), month, d, h, m, s);
  const check = new Date(local);
  if (month < 0 || check.getUTCDate() !== d || h > 23 || m > 59 || s > 59) return undefined;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return { ms: local - offset, zone: offsetZoneName(sign, offsetHours, offsetMinutes) };
}

function readAccessLine(line: string): Cell[] | string {
  const match = ACCESS_LINE.exec(line);
  if (!match) {
    return 'Expected an access log line: host ident user [time] "request" status bytes, optionally "referrer" "agent".';
  }
  const [, host = '', ident, user, time = '', request = '', status, bytes, referrer, agent] = match;
  const instant = accessTime(time);
  if (!instant) return `Expected a time such as [08/Oct/2024:21:14:07 +0200], found [${time}].`;
  const parts = (quotedField(request) ?? '').split(' ');
  // A request that is not "METHOD target PROTOCOL" (a scanner's junk) is kept whole as the path.
  const [method, path, protocol] =
    parts.length === 3 ? parts : parts.length === 2 ? [parts[0], parts[1], null] : [null, quotedField(request), null];
  return [
    address(host),
    dash(ident),
    dash(user),
    instant.ms,
    method ?? null,
    path ?? null,
    protocol ?? null,
    Number(status),
    bytes === '-' ? null : Number(bytes),
    quotedField(referrer),
    quotedField(agent),
    instant.zone,
  ];
}

/** Apache's combined and common formats, which nginx's default access log also writes. */
export const apacheCombinedParser: EvidenceParser = {
  id: 'apache-combined',
  description:
    'Web access logs in the combined format (Apache, nginx default) or the common format: one table `access`.',
  tables: [ACCESS_TABLE],
  parse: (text) => parseLines(text, ACCESS_TABLE, readAccessLine),
};

const APACHE_ERROR_TABLE: TableSpec = {
  name: 'errors',
  description: 'One row per line of the Apache error log.',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When it was logged, in the lab’s zone (the log writes none).' },
    { name: 'module', type: 'text', description: 'The module that logged it, such as core or php7; null in 2.2 logs.' },
    { name: 'level', type: 'text', description: 'The level, such as error, warn or notice.' },
    { name: 'pid', type: 'integer', description: 'The process id.' },
    { name: 'tid', type: 'integer', description: 'The thread id, null when not written.' },
    { name: 'client_ip', type: 'ip', description: 'The client address, null for lines about no request.' },
    { name: 'client_port', type: 'integer', description: 'The client port, null when not written.' },
    { name: 'message', type: 'text', description: 'The message, with any ", referer: ..." Apache appends.' },
    zoneColumn,
  ],
};

const APACHE_ERROR_LINE =
  /^\[(\w{3} \w{3} \d\d \d\d:\d\d:\d\d)(?:\.(\d{1,6}))? (\d{4})\] \[(?:([^\]:]+):)?([^\]:]+)\](?: \[pid (\d+)(?::tid (\d+))?\])?(?: \[client ([^\]]+)\])? ?(.*)$/u;

/**
 * "192.0.2.1:5000" or "2001:db8::1:5000": Apache 2.4 always writes the port after the last colon, so that
 * split is tried first; "192.0.2.1" alone is Apache 2.2's form.
 */
function clientOf(text: string | undefined): [string | null, number | null] {
  if (text === undefined) return [null, null];
  const withPort = /^\[?(.+?)\]?:(\d+)$/u.exec(text);
  const ip = withPort ? canonicalIp(withPort[1] ?? '') : undefined;
  if (ip) return [ip, Number(withPort?.[2])];
  return [address(text), null];
}

const APACHE_ERROR_TIME = /^\w{3} (\w{3}) (\d\d) (\d\d):(\d\d):(\d\d)$/u;

/** "Tue Oct 08 21:14:07" with a fraction of up to six digits (kept to the millisecond) in the lab's zone. */
function localTimeWithFraction(clock: string, year: string, fraction: string | undefined, context: ParseContext) {
  const [, month = '', day, hour, minute, second] = APACHE_ERROR_TIME.exec(clock) ?? [];
  const monthOfYear = monthNumber(month);
  if (monthOfYear === undefined) return undefined;
  const millisecond = fraction === undefined ? 0 : Math.floor(Number(fraction.padEnd(6, '0')) / 1000);
  const wallClock = { year: Number(year), month: monthOfYear, day: Number(day), millisecond };
  return instantFromWallClock(
    { ...wallClock, hour: Number(hour), minute: Number(minute), second: Number(second) },
    context.zone,
  );
}

function readApacheErrorLine(line: string, context: ParseContext): Cell[] | string {
  const match = APACHE_ERROR_LINE.exec(line);
  if (!match)
    return 'Expected an Apache error log line: [Www Mmm dd hh:mm:ss.uuuuuu yyyy] [module:level] [pid N] message.';
  const [, clock = '', fraction, year = '', module, level, pid, tid, client, message] = match;
  const instant = localTimeWithFraction(clock, year, fraction, context);
  if (!instant) return `Expected a time such as [Tue Oct 08 21:14:07.318842 2024], found [${clock} ${year}].`;
  const [clientIp, clientPort] = clientOf(client);
  return [
    instant.ms,
    module ?? null,
    level ?? null,
    pid === undefined ? null : Number(pid),
    tid === undefined ? null : Number(tid),
    clientIp,
    clientPort,
    message ?? '',
    instant.zone,
  ];
}

/** Apache 2.4's error log (2.2's "[error] [client ip]" lines too). */
export const apacheErrorParser: EvidenceParser = {
  id: 'apache-error',
  description: 'Apache error logs (2.4, and 2.2 lines without module or pid): one table `errors`.',
  tables: [APACHE_ERROR_TABLE],
  parse: (text, context) => parseLines(text, APACHE_ERROR_TABLE, (line) => readApacheErrorLine(line, context)),
};

const NGINX_ERROR_TABLE: TableSpec = {
  name: 'errors',
  description: 'One row per line of the nginx error log.',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When it was logged, in the lab’s zone (the log writes none).' },
    { name: 'level', type: 'text', description: 'The level, such as error, warn or crit.' },
    { name: 'pid', type: 'integer', description: 'The worker process id.' },
    { name: 'tid', type: 'integer', description: 'The thread id.' },
    { name: 'connection', type: 'integer', description: 'The connection number after "*", null when none.' },
    { name: 'client_ip', type: 'ip', description: 'The address after ", client: ", null when none.' },
    { name: 'message', type: 'text', description: 'The message, with nginx’s ", client: ..., request: ..." context.' },
    zoneColumn,
  ],
};

const NGINX_ERROR_LINE = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?(.*)$/u;

function readNginxErrorLine(line: string, context: ParseContext): Cell[] | string {
  const match = NGINX_ERROR_LINE.exec(line);
  if (!match) return 'Expected an nginx error log line: yyyy/mm/dd hh:mm:ss [level] pid#tid: message.';
  const [, time = '', level, pid, tid, connection, message = ''] = match;
  const instant = parseTimestamp(time, 'yyyy/MM/dd HH:mm:ss', context);
  if (!instant) return `Expected a time such as 2024/10/08 21:14:07, found ${time}.`;
  const client = /, client: ([^,\s]+)/u.exec(message)?.[1];
  return [
    instant.ms,
    level ?? null,
    Number(pid),
    Number(tid),
    connection === undefined ? null : Number(connection),
    client === undefined ? null : address(client),
    message,
    instant.zone,
  ];
}

/** nginx's error log. */
export const nginxErrorParser: EvidenceParser = {
  id: 'nginx-error',
  description: 'nginx error logs: one table `errors`.',
  tables: [NGINX_ERROR_TABLE],
  parse: (text, context) => parseLines(text, NGINX_ERROR_TABLE, (line) => readNginxErrorLine(line, context)),
};
