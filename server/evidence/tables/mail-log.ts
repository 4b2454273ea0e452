import { canonicalIp } from './delimited.ts';
import { readSyslogLine } from './syslog.ts';
import type { Instant } from './time.ts';
import {
  type Cell,
  type EvidenceParser,
  type ParseContext,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * A mail server's log (Postfix and Dovecot behind a syslog prefix) as one table of events. Postfix
 * spreads one message over lines of several programs tied by the queue id; the columns keep the
 * fields that tie them (queue_id, message_id, client_ip) so that a query can join the lines up again.
 */

const MAIL_EVENTS: TableSpec = {
  name: 'mail_events',
  description: 'One row per log line of the mail server (Postfix, Dovecot)',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When the line was logged' },
    { name: 'host', type: 'text', description: 'The host that logged it' },
    { name: 'program', type: 'text', description: 'The program (postfix/smtpd, postfix/cleanup, dovecot...)' },
    { name: 'pid', type: 'integer', description: 'The process id' },
    {
      name: 'queue_id',
      type: 'text',
      description: 'The Postfix queue id (NOQUEUE for a message refused before queueing)',
    },
    {
      name: 'client_host',
      type: 'text',
      description: "The client's name as Postfix resolved it (unknown when it did not)",
    },
    { name: 'client_ip', type: 'ip', description: "The client's address (client=, connect from, rip= in Dovecot)" },
    { name: 'from_address', type: 'text', description: 'from=<...>: the envelope sender' },
    { name: 'to_address', type: 'text', description: 'to=<...>: the envelope recipient' },
    {
      name: 'relay',
      type: 'text',
      description: 'relay=: where the message was handed on (host[ip]:port, local, none)',
    },
    { name: 'status', type: 'text', description: "sent, deferred, bounced, reject, or Dovecot's login / auth failed" },
    { name: 'dsn', type: 'text', description: 'dsn=: the delivery status code (2.0.0...)' },
    { name: 'message_id', type: 'text', description: 'message-id=, without its angle brackets' },
    {
      name: 'sasl_username',
      type: 'text',
      description: 'The authenticated user: sasl_username= in Postfix, user= in Dovecot',
    },
    { name: 'message', type: 'text', description: 'The line after the program (and queue id)' },
    sourceZoneColumn('The zone the time was written in'),
  ],
};

// Short queue ids are upper-case hexadecimal; long ones (enable_long_queue_ids) use digits and letters
// without vowels, so words such as "warning:" or "statistics:" are never taken for one.
const QUEUE_ID = /^([0-9A-F]{5,12}|(?=[^:]*\d)[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,20}|NOQUEUE): (.*)$/u;

/** A syslog line's prefix (readSyslogLine): when, where, which program; shared with the DHCP server's log. */
export function parseSyslogPrefix(
  line: string,
  context: ParseContext,
): { time: Instant; host: string; program: string; pid: number | null; message: string } | string {
  const read = readSyslogLine(line, context);
  if (typeof read === 'string') return read;
  if (read.program === null) return 'expected a program name after the host: "host program[pid]: message"';
  return { time: read.instant, host: read.host ?? '', program: read.program, pid: read.pid, message: read.message };
}

/** A key=value field of a Postfix or Dovecot line: "<...>" unwrapped, up to the next comma otherwise. */
function field(message: string, key: string): string | null {
  const match = new RegExp(`(?:^|[\\s,;])${key}=(<[^>]*>|[^\\s,;]*)`, 'u').exec(message);
  if (!match) return null;
  const value = match[1]!.replace(/^<(.*)>$/u, '$1');
  return value === '' ? null : value;
}

function addressOf(text: string | undefined | null): string | null {
  return text ? (canonicalIp(text.replace(/^IPv6:/iu, '')) ?? null) : null;
}

function statusOf(program: string, message: string): string | null {
  const status = field(message, 'status');
  if (status) return status;
  if (/^(?:reject|milter-reject):/u.test(message)) return 'reject';
  if (program.startsWith('dovecot') || /^(?:imap|pop3|submission|managesieve)-login:/u.test(message)) {
    if (/\bLogin: /u.test(message)) return 'login';
    if (/auth failed/u.test(message)) return 'auth failed';
  }
  return null;
}

function parseMailLine(line: string, lineNumber: number, context: ParseContext): Row | ParseProblem {
  const prefix = parseSyslogPrefix(line, context);
  if (typeof prefix === 'string') return { line: lineNumber, reason: prefix };
  const queued = QUEUE_ID.exec(prefix.message);
  const message = queued ? queued[2]! : prefix.message;
  // "client=host[ip]", "connect from host[ip]", "RCPT from host[ip]:", "lost connection after DATA from host[ip]".
  const client = /(?:client=|\bfrom )([^\s[\],]+)\[([^\]]+)\]/u.exec(message);
  const values: Cell[] = [
    prefix.time.ms,
    prefix.host,
    prefix.program,
    prefix.pid,
    queued ? queued[1]! : null,
    client ? client[1]! : null,
    addressOf(client?.[2] ?? field(message, 'rip')),
    field(message, 'from'),
    field(message, 'to'),
    field(message, 'relay'),
    statusOf(prefix.program, message),
    field(message, 'dsn'),
    field(message, 'message-id'),
    field(message, 'sasl_username') ?? field(message, 'user'),
    message,
    prefix.time.zone,
  ];
  return { table: MAIL_EVENTS.name, line: lineNumber, values };
}

/** The postfix parser: table mail_events. */
export const postfixParser: EvidenceParser = {
  id: 'postfix',
  description:
    "A mail server's syslog (Postfix and Dovecot lines): table mail_events with the queue id, client, sender, " +
    'recipient, relay and status of each line',
  tables: [MAIL_EVENTS],
  parse(text, context) {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    for (const [index, raw] of text.split('\n').entries()) {
      const line = raw.replace(/\r$/u, '');
      if (line.trim() === '') continue;
      const result = parseMailLine(line, index + 1, context);
      if ('table' in result) rows.push(result);
      else problems.push(result);
    }
    return { tables: [MAIL_EVENTS], rows, problems };
  },
};
