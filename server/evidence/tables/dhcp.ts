import { canonicalIp } from './delimited.ts';
import { parseSyslogPrefix } from './mail-log.ts';
import { type Instant, parseTimestamp } from './time.ts';
import {
  type Cell,
  type EvidenceParser,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * ISC dhcpd's evidence: its lease database (dhcpd.leases, blocks of statements) and its syslog
 * lines. Together they answer "which machine had this address at that time".
 */

const LEASES: TableSpec = {
  name: 'leases',
  description: 'One row per lease block of dhcpd.leases (a later block for the same address supersedes an earlier one)',
  columns: [
    { name: 'ip', type: 'ip', description: 'The address leased' },
    { name: 'starts', type: 'timestamp', description: 'When the lease began' },
    { name: 'ends', type: 'timestamp', description: 'When the lease ends or ended (null for "never")' },
    { name: 'cltt', type: 'timestamp', description: "The client's last transaction with the server" },
    { name: 'mac', type: 'text', description: "hardware ethernet: the client's MAC address, lower case" },
    { name: 'client_hostname', type: 'text', description: 'The host name the client sent' },
    {
      name: 'binding_state',
      type: 'text',
      description: 'binding state: active, free, expired, released, abandoned...',
    },
    sourceZoneColumn('The zone the times were written in (UTC, as dhcpd writes them)'),
  ],
};

const DHCP_EVENTS: TableSpec = {
  name: 'dhcp_events',
  description: "One row per line of dhcpd's log",
  columns: [
    { name: 'time', type: 'timestamp', description: 'When the line was logged' },
    { name: 'host', type: 'text', description: 'The DHCP server that logged it' },
    { name: 'pid', type: 'integer', description: 'The process id' },
    {
      name: 'message_type',
      type: 'text',
      description: 'DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, DHCPACK, DHCPNAK, DHCPRELEASE...',
    },
    { name: 'ip', type: 'ip', description: 'The address offered, requested, acknowledged or released' },
    { name: 'mac', type: 'text', description: "The client's MAC address, lower case" },
    { name: 'client_hostname', type: 'text', description: 'The host name the client sent, in brackets after the MAC' },
    { name: 'server_ip', type: 'ip', description: 'The server a DHCPREQUEST names, in brackets after the address' },
    { name: 'interface', type: 'text', description: 'via: the interface or relay the message came through' },
    { name: 'message', type: 'text', description: 'The line after the program' },
    sourceZoneColumn('The zone the time was written in'),
  ],
};

interface Token {
  text: string;
  line: number;
  quoted: boolean;
}

/** dhcpd.leases as tokens: words, quoted strings, and the punctuation ; { }; comments dropped. */
function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\n') {
      line++;
      i++;
    } else if (/\s/u.test(char)) i++;
    else if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (char === ';' || char === '{' || char === '}') {
      tokens.push({ text: char, line, quoted: false });
      i++;
    } else if (char === '"') {
      const start = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        value += text[i];
        i++;
      }
      i++;
      tokens.push({ text: value, line: start, quoted: true });
    } else {
      let end = i;
      while (end < text.length && !/[\s;{}"#]/u.test(text[end]!)) end++;
      tokens.push({ text: text.slice(i, end), line, quoted: false });
      i = end;
    }
  }
  return tokens;
}

/** "3 2026/10/07 08:01:12" (weekday, date, time in UTC), "epoch 1791360072", or "never" (null). */
function leaseTime(words: string[]): Instant | null | undefined {
  if (words.length === 1 && words[0] === 'never') return null;
  if (words.length === 2 && words[0] === 'epoch' && /^\d+$/u.test(words[1]!))
    return { ms: Number(words[1]) * 1000, zone: 'UTC' };
  if (words.length === 3 && /^\d$/u.test(words[0]!))
    return parseTimestamp(`${words[1]} ${words[2]}`, 'yyyy/M/d H:mm:ss', { zone: 'UTC' });
  return undefined;
}

function addressOf(text: string | undefined): string | null {
  return text ? (canonicalIp(text) ?? null) : null;
}

const MAC = /^[0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5}$/u;

/** The statements of one lease block, from just after its "{" to its "}"; the tokens consumed. */
function leaseRow(tokens: Token[], start: number, problems: ParseProblem[]): { row?: Row; next: number } {
  const head = tokens[start]!;
  const address = tokens[start + 1];
  const open = tokens[start + 2];
  if (!address || open?.text !== '{' || open.quoted) {
    problems.push({ line: head.line, reason: 'expected "lease <address> {" to open a lease block' });
    let next = start + 1;
    while (next < tokens.length && tokens[next]!.text !== '}') next++;
    return { next: next + 1 };
  }
  const ip = addressOf(address.text);
  if (!ip)
    problems.push({ line: address.line, reason: `expected an IP address after "lease", found "${address.text}"` });
  const fields: LeaseFields = { starts: null, ends: null, cltt: null, mac: null, hostname: null, state: null };
  let index = start + 3;
  let statement: Token[] = [];
  while (index < tokens.length) {
    const token = tokens[index]!;
    index++;
    if (!token.quoted && token.text === '}') {
      if (statement.length > 0)
        problems.push({ line: statement[0]!.line, reason: 'expected ";" at the end of the statement before "}"' });
      const values = [ip, fields.starts, fields.ends, fields.cltt, fields.mac, fields.hostname, fields.state, 'UTC'];
      return { row: { table: LEASES.name, line: head.line, values }, next: index };
    }
    if (token.quoted || token.text !== ';') {
      statement.push(token);
      continue;
    }
    readStatement(statement, fields, problems);
    statement = [];
  }
  problems.push({ line: head.line, reason: 'expected "}" to close this lease block before the end of the file' });
  return { next: index };
}

interface LeaseFields {
  starts: Cell;
  ends: Cell;
  cltt: Cell;
  mac: Cell;
  hostname: Cell;
  state: Cell;
}

function readStatement(statement: Token[], fields: LeaseFields, problems: ParseProblem[]) {
  if (statement.length === 0) return;
  const words = statement.map((token) => token.text);
  const [keyword] = words;
  const line = statement[0]!.line;
  if (keyword === 'starts' || keyword === 'ends' || keyword === 'cltt') {
    const time = leaseTime(words.slice(1));
    if (time === undefined)
      problems.push({
        line,
        reason: `expected "${keyword} <weekday> yyyy/mm/dd hh:mm:ss", found "${words.join(' ')}"`,
      });
    else fields[keyword] = time === null ? null : time.ms;
  } else if (keyword === 'hardware' && words.length === 3) {
    if (MAC.test(words[2]!)) fields.mac = words[2]!.toLowerCase();
    else problems.push({ line, reason: `expected a MAC address after "hardware ${words[1]}", found "${words[2]}"` });
  } else if (keyword === 'client-hostname') fields.hostname = words[1] ?? null;
  else if (keyword === 'binding' && words[1] === 'state') fields.state = words[2] ?? null;
}

/** Skips a top-level statement or block that is not a lease (authoring-byte-order, server-duid, failover peer...). */
function skipStatement(tokens: Token[], start: number): number {
  let depth = 0;
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.quoted) continue;
    if (token.text === '{') depth++;
    else if (token.text === '}') {
      depth--;
      if (depth <= 0) return index + 1;
    } else if (token.text === ';' && depth === 0) return index + 1;
  }
  return tokens.length;
}

/** The dhcp-leases parser: table leases. */
export const dhcpLeasesParser: EvidenceParser = {
  id: 'dhcp-leases',
  description:
    'ISC dhcpd.leases: table leases (address, start, end, MAC, client host name, binding state), times in UTC',
  tables: [LEASES],
  parse(text) {
    const tokens = tokenise(text);
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    let index = 0;
    while (index < tokens.length) {
      const token = tokens[index]!;
      if (!token.quoted && token.text === 'lease') {
        const { row, next } = leaseRow(tokens, index, problems);
        if (row) rows.push(row);
        index = next;
      } else index = skipStatement(tokens, index);
    }
    problems.sort((a, b) => a.line - b.line);
    return { tables: [LEASES], rows, problems };
  },
};

// "DHCPREQUEST for <ip> (<server>) from <mac> (<host name>) via <interface>", each part optional.
const DHCP_MESSAGE = new RegExp(
  [
    /^(DHCP[A-Z]+)/u.source,
    /(?: (?:on|for|of|from) ([0-9A-Fa-f:.]+)(?: \(([^)]+)\))?)?/u.source,
    /(?: (?:to|from) ([0-9A-Fa-f:]{11,17})(?: \(([^)]*)\))?)?/u.source,
    /(?: via (\S+))?/u.source,
  ].join(''),
  'u',
);

/** The dhcp-log parser: table dhcp_events. */
export const dhcpLogParser: EvidenceParser = {
  id: 'dhcp-log',
  description: 'ISC dhcpd syslog lines: table dhcp_events (message type, address, MAC, host name, interface)',
  tables: [DHCP_EVENTS],
  parse(text, context) {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    for (const [index, raw] of text.split('\n').entries()) {
      const line = raw.replace(/\r$/u, '');
      if (line.trim() === '') continue;
      const prefix = parseSyslogPrefix(line, context);
      if (typeof prefix === 'string') {
        problems.push({ line: index + 1, reason: prefix });
        continue;
      }
      const dhcp = DHCP_MESSAGE.exec(prefix.message);
      // DHCPDISCOVER and DHCPINFORM name the client first ("from <mac>" or "from <ip>").
      const first = dhcp?.[2];
      const firstIsMac = first !== undefined && MAC.test(first);
      const mac = firstIsMac ? first : dhcp?.[4];
      rows.push({
        table: DHCP_EVENTS.name,
        line: index + 1,
        values: [
          prefix.time.ms,
          prefix.host,
          prefix.pid,
          dhcp?.[1] ?? null,
          firstIsMac ? null : addressOf(first),
          mac && MAC.test(mac) ? mac.toLowerCase() : null,
          (firstIsMac ? dhcp?.[3] : dhcp?.[5]) || null,
          firstIsMac ? null : addressOf(dhcp?.[3]),
          dhcp?.[6] ?? null,
          prefix.message,
          prefix.time.zone,
        ],
      });
    }
    return { tables: [DHCP_EVENTS], rows, problems };
  },
};
