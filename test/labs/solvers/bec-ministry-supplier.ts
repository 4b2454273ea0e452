import { createHash } from 'node:crypto';
import type { LabSolver } from '../solver-harness.ts';
import { csvRows } from './csv-rows.ts';

/*
 * Independent solver of "Business e-mail compromise at a ministry supplier": reads the raw messages
 * and the gateway log the way an analyst would (headers from the top, the ministry's own
 * Authentication-Results, the attachment decoded from base64, the log filtered on the domain and
 * matched on message 02's Message-ID),
 * never the generator's values.
 */

/** The ministry's own servers: the lines they write are the trustworthy ones (brief and AH/7). */
const MINISTRY_DOMAIN = 'infra-ministry.example';

interface Part {
  headers: { name: string; value: string }[];
  body: string;
}

/** Splits a message or MIME part into unfolded headers and body. */
function parsePart(raw: string): Part {
  const text = raw.replace(/\r\n/gu, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers: Part['headers'] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/u.test(line) && headers.length > 0) headers[headers.length - 1]!.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  return { headers, body };
}

const all = (part: Part, name: string): string[] =>
  part.headers.filter((header) => header.name === name).map((header) => header.value);
const first = (part: Part, name: string): string => all(part, name)[0] ?? '';

/** The address of a header such as `Name <a@b>`, or the value itself. */
function addressOf(value: string): string {
  return (/<([^>]+)>/u.exec(value)?.[1] ?? value).trim();
}

/** Every leaf part of a message, depth first. */
function leafParts(part: Part): Part[] {
  const boundary = /boundary="?([^";]+)"?/iu.exec(first(part, 'content-type'))?.[1];
  if (!/^multipart\//iu.test(first(part, 'content-type')) || !boundary) return [part];
  const pieces = part.body.split(`--${boundary}`).slice(1);
  return pieces
    .filter((piece) => !piece.startsWith('--'))
    .flatMap((piece) => leafParts(parsePart(piece.replace(/^\n/u, ''))));
}

function decodedBody(part: Part): Buffer {
  const encoding = first(part, 'content-transfer-encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/gu, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.body.replace(/=\n/gu, '');
    return Buffer.from(
      text.replace(/=([0-9A-F]{2})/giu, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  return Buffer.from(part.body, 'utf8');
}

function isInternal(ip: string): boolean {
  return /^(?:10\.|127\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/u.test(ip);
}

export const solve: LabSolver = (evidence) => {
  const message = parsePart(evidence.get('bank-change')!.toString('utf8'));

  // The look-alike domain and the diverted replies.
  const fromAddress = addressOf(first(message, 'from'));
  const lookalike = fromAddress.split('@')[1]!;
  const replyTo = addressOf(first(message, 'reply-to'));
  const clerk = addressOf(first(message, 'to')).toLowerCase();

  // The first Received line, from the top, in which a ministry server records a connection from outside.
  let originIp = '';
  let arrival = '';
  for (const received of all(message, 'received')) {
    const by = /\bby (\S+)/u.exec(received)?.[1] ?? '';
    const fromIp = /^from .*?\[([0-9a-f.:]+)\]/iu.exec(received)?.[1];
    if (!by.endsWith(MINISTRY_DOMAIN) || !fromIp || isInternal(fromIp)) continue;
    originIp = fromIp;
    arrival = received
      .slice(received.lastIndexOf(';') + 1)
      .replace(/\([^)]*\)\s*$/u, '')
      .trim();
    break;
  }

  // Only the verdict written by the ministry's own gateway counts.
  const verdict =
    all(message, 'authentication-results').find((value) => value.split(';')[0]!.trim().endsWith(MINISTRY_DOMAIN)) ?? '';
  const failed = [...verdict.matchAll(/\b(spf|dkim|dmarc)=(\w+)/gu)]
    .filter(([, , result]) => result === 'fail' || result === 'softfail')
    .map(([, check]) => check!);

  // The attachment, decoded from base64, and the account named in the text.
  const parts = leafParts(message);
  const attachment = parts.find((part) => /^attachment/iu.test(first(part, 'content-disposition')))!;
  const attachmentSha256 = createHash('sha256').update(decodedBody(attachment)).digest('hex');
  const text = decodedBody(parts.find((part) => /^text\/plain/iu.test(first(part, 'content-type')))!).toString('utf8');
  const iban = /^\s*IBAN:\s*(.+?)\s*$/mu.exec(text)?.[1] ?? '';

  // Every other ministry mailbox the look-alike domain wrote to, according to the gateway.
  const gatewayRows = csvRows(evidence.get('gateway-log')!.toString('utf8'));
  const domainSuffix = `@${lookalike.toLowerCase()}`;
  const targets = new Set(
    gatewayRows
      .filter(
        (row) =>
          row.envelope_from!.toLowerCase().endsWith(domainSuffix) ||
          row.header_from!.toLowerCase().endsWith(domainSuffix),
      )
      .map((row) => row.recipient!.toLowerCase())
      .filter((recipient) => recipient.endsWith(`@${MINISTRY_DOMAIN}`) && recipient !== clerk),
  );

  // The copies of message 02 itself: the gateway rows with its Message-ID (the log keeps the angle
  // brackets), whatever their subject, server or queue id; Ms Okafor's own delivery left out.
  const messageId = first(message, 'message-id').trim();
  const copies = new Set(
    gatewayRows
      .filter((row) => row.message_id!.trim() === messageId)
      .map((row) => row.recipient!.toLowerCase())
      .filter((recipient) => recipient !== clerk),
  );

  return {
    'lookalike-domain': lookalike,
    'reply-to': replyTo,
    'auth-failed': failed,
    'origin-ip': originIp,
    'received-time': arrival,
    'attachment-hash': attachmentSha256,
    'new-iban': iban,
    'other-recipients': [...targets],
    'copies-of-message': [...copies],
  };
};
