import { canonicalIp } from './delimited.ts';
import { type Instant, instantFromWallClock, monthNumber, parseIsoTimestamp } from './time.ts';
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
  'The zone the time was read in: the lab’s zone for syslog’s zoneless stamps, else the written offset.',
);

const SYSLOG_TABLE: TableSpec = {
  name: 'syslog',
  description: 'Every line of the log: when, which host and program, and the message.',
  columns: [
    {
      name: 'time',
      type: 'timestamp',
      description: 'When the line was written (year and zone from the lab when absent).',
    },
    { name: 'host', type: 'text', description: 'The host name the line names.' },
    { name: 'program', type: 'text', description: 'The program (tag) before the colon, such as sshd or CRON.' },
    { name: 'pid', type: 'integer', description: 'The process id in brackets after the program, null when absent.' },
    { name: 'message', type: 'text', description: 'The message after the program’s colon.' },
    zoneColumn,
  ],
};

const SSHD_TABLE: TableSpec = {
  name: 'sshd',
  description: 'The sshd lines whose message is a known event: logins, failures, invalid users, disconnections.',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When the line was written.' },
    { name: 'host', type: 'text', description: 'The host name the line names.' },
    { name: 'pid', type: 'integer', description: 'The sshd process id.' },
    {
      name: 'event',
      type: 'text',
      description:
        'accepted, failed, invalid_user, max_auth_attempts, too_many_failures, connection_closed, received_disconnect, disconnected, negotiation_failed, bad_protocol, no_identification, session_opened or session_closed.',
    },
    { name: 'method', type: 'text', description: 'password or publickey, for accepted and failed logins.' },
    { name: 'user', type: 'text', description: 'The account the event names, null when none.' },
    { name: 'ip', type: 'ip', description: 'The client address, null when the line names none.' },
    { name: 'port', type: 'integer', description: 'The client port, null when the line names none.' },
    {
      name: 'times',
      type: 'integer',
      description: 'How many times the event happened: 1, or N for "message repeated N times: [ ... ]".',
    },
    zoneColumn,
  ],
};

const RFC3164 = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\S+) (.*)$/u;
const ISO_PREFIXED = /^(?:<\d{1,3}>)?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (\S+) (.*)$/u;
const RFC5424 = /^<\d{1,3}>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/u;
const TAG = /^([^\s:[\]]+)(?:\[(\d+)\])?: ?(.*)$/u;

/** A syslog line read: when, where, which program and process, and the message. */
export interface SyslogLine {
  instant: Instant;
  /** Null for RFC 5424's "-". */
  host: string | null;
  program: string | null;
  pid: number | null;
  message: string;
}

/** A tag and message ("sshd[812]: Accepted ..."); a line without a tag keeps its whole text as the message. */
function splitTag(rest: string): Pick<SyslogLine, 'program' | 'pid' | 'message'> {
  const tag = TAG.exec(rest);
  if (!tag) return { program: null, pid: null, message: rest };
  return { program: tag[1] ?? null, pid: tag[2] === undefined ? null : Number(tag[2]), message: tag[3] ?? '' };
}

/** Syslog's "Mmm d hh:mm:ss" in the lab's year and zone. */
function classicTime(
  month: string,
  day: string,
  [hour, minute, second]: string[],
  context: ParseContext,
): Instant | undefined {
  const monthOfYear = monthNumber(month);
  if (monthOfYear === undefined) return undefined;
  return instantFromWallClock(
    {
      year: context.year,
      month: monthOfYear,
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    },
    context.zone,
  );
}

/**
 * Reads an RFC 3164 line ("Oct  9 11:30:00 host program[pid]: message", the zoneless time in the
 * lab's year and zone), an RFC 5424 line, or one that starts with an ISO time; a string says why not.
 * The Postfix and DHCP parsers read their lines' prefix with it too.
 */
export function readSyslogLine(text: string, context: ParseContext): SyslogLine | string {
  const classic = RFC3164.exec(text);
  if (classic) {
    const [, month, day, hour, minute, second, host, rest] = classic;
    const instant = classicTime(month ?? '', day ?? '', [hour ?? '', minute ?? '', second ?? ''], context);
    const written = `${month} ${day} ${hour}:${minute}:${second}`;
    if (!instant) return `expected a time such as "Oct  9 11:30:00", found "${written}" (no such date)`;
    return { instant, host: host ?? '', ...splitTag(rest ?? '') };
  }
  const structured = RFC5424.exec(text);
  if (structured) {
    const [, time, host, app, procId, , , message] = structured;
    const instant = time === undefined ? undefined : parseIsoTimestamp(time, context.zone);
    if (!instant) return `expected an ISO 8601 time such as "2026-10-09T11:30:00+02:00", found "${time}"`;
    return {
      instant,
      host: host === '-' ? null : (host ?? null),
      program: app === '-' ? null : (app ?? null),
      pid: procId !== undefined && /^\d+$/u.test(procId) ? Number(procId) : null,
      message: (message ?? '').replace(/^\uFEFF/u, ''),
    };
  }
  const iso = ISO_PREFIXED.exec(text);
  if (iso) {
    const [, time, host, rest] = iso;
    const instant = time === undefined ? undefined : parseIsoTimestamp(time, context.zone);
    if (!instant) return `expected an ISO 8601 time such as "2026-10-09T11:30:00+02:00", found "${time}"`;
    return { instant, host: host ?? '', ...splitTag(rest ?? '') };
  }
  return 'expected a syslog line: "Mmm dd hh:mm:ss host program[pid]: message", an RFC 5424 line, or an ISO time first';
}

interface SshdEvent {
  event: string;
  method?: string;
  user?: string;
  ip?: string;
  port?: string;
}

/** The sshd messages that are events, in the order they are tried, with the event each is; groups name its fields. */
const SSHD_EVENTS: [RegExp, string][] = [
  [/^Accepted (?<method>\S+) for (?<user>\S+) from (?<ip>\S+) port (?<port>\d+)/u, 'accepted'],
  [/^Failed (?<method>\S+) for (?:invalid user )?(?<user>\S+) from (?<ip>\S+) port (?<port>\d+)/u, 'failed'],
  [/^Invalid user (?<user>\S*) from (?<ip>\S+) port (?<port>\d+)/u, 'invalid_user'],
  [
    /^error: maximum authentication attempts exceeded for (?:invalid user )?(?<user>\S+) from (?<ip>\S+) port (?<port>\d+)/u,
    'max_auth_attempts',
  ],
  [/^Disconnecting: Too many authentication failures/u, 'too_many_failures'],
  [
    /^Connection closed by (?:(?:authenticating|invalid) user (?<user>\S+) )?(?<ip>[^\s]+) port (?<port>\d+)/u,
    'connection_closed',
  ],
  [/^Received disconnect from (?<ip>\S+) port (?<port>\d+)/u, 'received_disconnect'],
  [
    /^Disconnected from (?:(?:invalid |authenticating )?user (?<user>\S+) )?(?<ip>\S+) port (?<port>\d+)/u,
    'disconnected',
  ],
  [/^Unable to negotiate with (?<ip>\S+) port (?<port>\d+)/u, 'negotiation_failed'],
  [/^Bad protocol version identification .* from (?<ip>\S+) port (?<port>\d+)/u, 'bad_protocol'],
  [/^Did not receive identification string from (?<ip>\S+) port (?<port>\d+)/u, 'no_identification'],
  [/^pam_unix\(sshd:session\): session opened for user (?<user>[^\s(]+)/u, 'session_opened'],
  [/^pam_unix\(sshd:session\): session closed for user (?<user>\S+)/u, 'session_closed'],
];

/**
 * The sshd events by the first word of their message ("Accepted", "error:"...), so that a message is tried
 * against the one or two patterns that can match it rather than all of them, in the same order.
 */
const SSHD_EVENTS_BY_FIRST_WORD = new Map<string, typeof SSHD_EVENTS>();
for (const event of SSHD_EVENTS) {
  const firstWord = /^\^([\w:]+)(?: |\\\()/u.exec(event[0].source)?.[1];
  if (firstWord === undefined) throw new Error(`the sshd pattern ${event[0].source} starts with no plain word`);
  SSHD_EVENTS_BY_FIRST_WORD.set(firstWord, [...(SSHD_EVENTS_BY_FIRST_WORD.get(firstWord) ?? []), event]);
}

/** A message's text up to its first space or bracket, as SSHD_EVENTS_BY_FIRST_WORD is keyed. */
function firstWord(text: string): string {
  const end = text.search(/[\s(]/u);
  return end < 0 ? text : text.slice(0, end);
}

/** The event of an sshd message, and how many times it happened (rsyslog folds repeats into one line). */
function sshdEvent(message: string): { event: SshdEvent; times: number } | undefined {
  const repeated = message.startsWith('message repeated ')
    ? /^message repeated (\d+) times: \[ ?(.*)\]$/u.exec(message)
    : null;
  const text = repeated ? (repeated[2] ?? '') : message;
  for (const [pattern, event] of SSHD_EVENTS_BY_FIRST_WORD.get(firstWord(text)) ?? []) {
    const match = pattern.exec(text);
    if (!match) continue;
    const { method, user, ip, port } = match.groups ?? {};
    return { event: { event, method, user, ip, port }, times: repeated ? Number(repeated[1]) : 1 };
  }
  return undefined;
}

/** Parses syslog text into the generic table and the sshd events table. */
function parseSyslog(text: string, context: ParseContext): ParsedArtefact {
  const rows: Row[] = [];
  const problems: ParseProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!/\S/u.test(source)) return;
    const parsed = readSyslogLine(source, context);
    if (typeof parsed === 'string') {
      problems.push({ line, reason: parsed.charAt(0).toUpperCase() + parsed.slice(1) });
      return;
    }
    const { instant, host, program, pid, message } = parsed;
    rows.push({ table: 'syslog', line, values: [instant.ms, host, program, pid, message, instant.zone] });
    if (program !== 'sshd') return;
    const found = sshdEvent(message);
    if (!found) return;
    const { event, method, user, ip, port } = found.event;
    const values: Cell[] = [
      instant.ms,
      host,
      pid,
      event,
      method ?? null,
      user ?? null,
      ip === undefined ? null : (canonicalIp(ip) ?? null),
      port === undefined ? null : Number(port),
      found.times,
      instant.zone,
    ];
    rows.push({ table: 'sshd', line, values });
  });
  return { tables: [SYSLOG_TABLE, SSHD_TABLE], rows, problems };
}

/** Syslog as written by rsyslog and the shipped labs (RFC 3164, an ISO time first, or RFC 5424). */
export const syslogParser: EvidenceParser = {
  id: 'syslog',
  description:
    'Syslog lines (RFC 3164 "Mmm dd hh:mm:ss host program[pid]: message", ISO-timed or RFC 5424): table `syslog` for every line, `sshd` for sshd events.',
  tables: [SYSLOG_TABLE, SSHD_TABLE],
  parse: parseSyslog,
};
