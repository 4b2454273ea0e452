import { DateTime } from 'luxon';
import { addressParser, type Address } from 'postal-mime';
import { type MessageHeaders, readMessageHeaders } from '../email-message.ts';
import { canonicalIp } from './delimited.ts';
import type { Instant } from './time.ts';
import {
  type Cell,
  type EvidenceParser,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * E-mail artefacts (one .eml, or an mbox) as tables: a row per message with the headers an
 * investigator compares, and a row per Received hop. The headers are read by email-message.ts, the
 * same reading as the rendered view; bodies and attachments are not tables.
 */

const MESSAGES: TableSpec = {
  name: 'messages',
  description: 'One row per message',
  columns: [
    { name: 'message_index', type: 'integer', description: 'The message within the artefact, from 0' },
    { name: 'date', type: 'timestamp', description: 'The Date header: when the sender says it was written' },
    { name: 'from_address', type: 'text', description: 'The address in the From header' },
    { name: 'from_name', type: 'text', description: 'The display name in the From header' },
    { name: 'reply_to_address', type: 'text', description: 'The address in the Reply-To header' },
    { name: 'to_addresses', type: 'text', description: 'The addresses in the To header, separated by ", "' },
    { name: 'subject', type: 'text', description: 'The Subject header, decoded' },
    { name: 'message_id', type: 'text', description: 'The Message-ID header, without its angle brackets' },
    { name: 'return_path', type: 'text', description: 'The Return-Path (envelope sender), without angle brackets' },
    { name: 'spf', type: 'text', description: 'spf= result of the Authentication-Results header (pass, fail...)' },
    { name: 'dkim', type: 'text', description: 'dkim= result of the Authentication-Results header' },
    { name: 'dmarc', type: 'text', description: 'dmarc= result of the Authentication-Results header' },
    sourceZoneColumn('The offset the Date header was written with'),
  ],
};

const RECEIVED_HOPS: TableSpec = {
  name: 'received_hops',
  description: 'One row per Received header, hop 1 being the first server (the lowest header)',
  columns: [
    { name: 'message_index', type: 'integer', description: 'The message within the artefact, from 0' },
    { name: 'hop', type: 'integer', description: 'The hop, from 1 (the first server) to the mailbox' },
    { name: 'from_host', type: 'text', description: 'The name the sending host gave (first word of "from")' },
    { name: 'from_ip', type: 'ip', description: 'The sending address the receiving server recorded in brackets' },
    { name: 'by_host', type: 'text', description: 'The receiving server (first word of "by")' },
    { name: 'with_protocol', type: 'text', description: 'The protocol (SMTP, ESMTPS, LMTP...)' },
    { name: 'id', type: 'text', description: "The receiving server's queue id" },
    { name: 'for_address', type: 'text', description: 'The recipient the hop names, without angle brackets' },
    { name: 'time', type: 'timestamp', description: 'The time after the semicolon: when this server received it' },
    sourceZoneColumn("The offset the hop's time was written with"),
  ],
};

/** An RFC 5322 date ("Tue, 12 Mar 2024 09:14:29 +0100 (CET)") as an instant keeping its offset. */
function parseMailDate(text: string): Instant | undefined {
  const parsed = DateTime.fromRFC2822(text.trim(), { setZone: true });
  if (!parsed.isValid) return undefined;
  return { ms: parsed.toMillis(), zone: parsed.offset === 0 ? 'UTC' : parsed.toFormat('ZZ') };
}

function mailboxes(addresses: Address[]): { name: string; address: string }[] {
  return addresses.flatMap((item) => ('group' in item && item.group ? item.group : [item])) as {
    name: string;
    address: string;
  }[];
}

function firstWord(text: string | null): string | null {
  const word = text?.trim().split(/[\s;]+/u)[0];
  return word ? word : null;
}

function withoutBrackets(text: string | null): string | null {
  const trimmed = text
    ?.trim()
    .replace(/^<(.*)>$/u, '$1')
    .trim();
  return trimmed ? trimmed : null;
}

/** The address in brackets in the "from" clause ("host (rdns [192.0.2.1])"), canonical, or null. */
function bracketedAddress(from: string | null): string | null {
  for (const match of from?.matchAll(/\[(?:IPv6:)?([0-9a-fA-F:.]+)\]/gu) ?? []) {
    const address = canonicalIp(match[1]!);
    if (address) return address;
  }
  return null;
}

function authenticationResult(value: string | undefined, method: string): string | null {
  if (value === undefined) return null;
  return new RegExp(`(?:^|[;\\s])${method}\\s*=\\s*([A-Za-z]+)`, 'iu').exec(value)?.[1]?.toLowerCase() ?? null;
}

function rowsOf(message: MessageHeaders, rows: Row[], problems: ParseProblem[]) {
  for (const bad of message.malformed)
    problems.push({
      line: bad.line,
      reason: 'expected a header "Name: value", or a continuation starting with a space',
    });
  if (message.headers.length === 0) {
    if (message.malformed.length === 0)
      problems.push({ line: message.line, reason: 'expected the message to start with its headers ("Name: value")' });
    return;
  }
  const header = (name: string) => message.headers.find((item) => item.name.toLowerCase() === name);
  const dateHeader = header('date');
  const date = dateHeader ? parseMailDate(dateHeader.value) : undefined;
  if (dateHeader && !date)
    problems.push({
      line: dateHeader.line,
      reason: `expected an RFC 5322 date in the Date header, found "${dateHeader.value}"`,
    });
  const from = mailboxes(header('from') ? addressParser(header('from')!.value) : [])[0];
  const replyTo = mailboxes(header('reply-to') ? addressParser(header('reply-to')!.value) : [])[0];
  const to = mailboxes(header('to') ? addressParser(header('to')!.value) : []).map((item) => item.address);
  // The topmost Authentication-Results is the one the receiving mailbox server added last.
  const results = header('authentication-results')?.value;
  rows.push({
    table: MESSAGES.name,
    line: message.line,
    values: [
      message.index,
      date?.ms ?? null,
      from?.address || null,
      from?.name || null,
      replyTo?.address || null,
      to.length > 0 ? to.join(', ') : null,
      header('subject')?.value || null,
      withoutBrackets(header('message-id')?.value ?? null),
      withoutBrackets(header('return-path')?.value ?? null),
      authenticationResult(results, 'spf'),
      authenticationResult(results, 'dkim'),
      authenticationResult(results, 'dmarc'),
      date?.zone ?? null,
    ],
  });
  const received = message.headers.filter((item) => item.name.toLowerCase() === 'received').reverse();
  for (const [position, hop] of message.hops.entries()) {
    const line = received[position]!.line;
    const time = hop.date ? parseMailDate(hop.date) : undefined;
    if (hop.date && !time)
      problems.push({
        line,
        reason: `expected an RFC 5322 date after the ";" of the Received header, found "${hop.date}"`,
      });
    const values: Cell[] = [
      message.index,
      hop.hop,
      firstWord(hop.from),
      bracketedAddress(hop.from),
      firstWord(hop.by),
      firstWord(hop.with),
      firstWord(hop.id),
      withoutBrackets(firstWord(hop.for)),
      time?.ms ?? null,
      time?.zone ?? null,
    ];
    rows.push({ table: RECEIVED_HOPS.name, line, values });
  }
}

/** The email parser: tables messages and received_hops. */
export const emailParser: EvidenceParser = {
  id: 'email',
  description: 'E-mail (.eml or mbox): table messages (sender, recipients, subject, SPF/DKIM/DMARC) and received_hops',
  tables: [MESSAGES, RECEIVED_HOPS],
  parse(text) {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    for (const message of readMessageHeaders(text)) rowsOf(message, rows, problems);
    if (text.trim() !== '' && rows.length === 0 && problems.length === 0)
      problems.push({ line: 1, reason: 'expected an e-mail message or an mbox ("From " lines)' });
    return { tables: [MESSAGES, RECEIVED_HOPS], rows, problems };
  },
};
