import { canonicalIp } from './delimited.ts';
import { type EvidenceParser, type ParseProblem, type Row, type TableSpec, sourceZoneColumn } from './types.ts';

/**
 * Squid's native access.log: one request per line, the time as seconds since 1970 (UTC) with
 * milliseconds, fields separated by runs of spaces.
 */

const REQUESTS: TableSpec = {
  name: 'requests',
  description: 'One row per request the proxy logged',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When the request ended (Squid logs the end, not the start)' },
    { name: 'elapsed_ms', type: 'integer', description: 'How long the request took, in milliseconds' },
    { name: 'client_ip', type: 'ip', description: 'The client that asked' },
    { name: 'result_code', type: 'text', description: "Squid's result (TCP_MISS, TCP_HIT, TCP_DENIED, TCP_TUNNEL...)" },
    { name: 'status', type: 'integer', description: 'The HTTP status returned to the client' },
    { name: 'bytes', type: 'integer', description: 'Bytes sent to the client' },
    { name: 'method', type: 'text', description: 'The request method (GET, POST, CONNECT...)' },
    { name: 'url', type: 'text', description: 'The URL (host:port for CONNECT)' },
    { name: 'user', type: 'text', description: 'The authenticated user (null for "-")' },
    {
      name: 'hierarchy',
      type: 'text',
      description: 'How Squid fetched it (HIER_DIRECT, HIER_NONE, FIRSTUP_PARENT...)',
    },
    { name: 'peer_ip', type: 'ip', description: 'The server or parent proxy it was fetched from (null for "-")' },
    { name: 'content_type', type: 'text', description: 'The Content-Type of the reply (null for "-")' },
    sourceZoneColumn('The zone of the time: always UTC'),
  ],
};

const dashIsNull = (text: string) => (text === '-' ? null : text);

/** One access.log line as a row, or the reason it is not one. */
function parseRequest(line: string, lineNumber: number): Row | ParseProblem {
  const fields = line.trim().split(/\s+/u);
  const expected =
    'expected a Squid access.log line: "time elapsed client code/status bytes method URL user hierarchy/peer type"';
  if (fields.length < 10) return { line: lineNumber, reason: `${expected} (found ${fields.length} fields)` };
  const [time, elapsed, client, codeStatus, bytes, method, url, user, hierarchyPeer, ...type] = fields as [
    string,
    ...string[],
  ];
  const epoch = /^(\d+)(?:\.(\d{1,3}))?$/u.exec(time);
  if (!epoch)
    return { line: lineNumber, reason: `expected seconds since 1970 such as "1791538200.123", found "${time}"` };
  const clientIp = canonicalIp(client!);
  if (!clientIp) return { line: lineNumber, reason: `expected the client's address, found "${client}"` };
  const result = /^([A-Z_]+)\/(\d{3})$/u.exec(codeStatus!);
  if (!result) return { line: lineNumber, reason: `expected a result such as "TCP_MISS/200", found "${codeStatus}"` };
  if (!/^\d+$/u.test(elapsed!) || !/^\d+$/u.test(bytes!))
    return {
      line: lineNumber,
      reason: `expected whole numbers for elapsed time and bytes, found "${elapsed}" and "${bytes}"`,
    };
  const [hierarchy, peer] = hierarchyPeer!.split('/', 2);
  return {
    table: REQUESTS.name,
    line: lineNumber,
    values: [
      // Whole milliseconds from the text, not seconds times 1000 in floating point.
      Number(epoch[1]) * 1000 + Number((epoch[2] ?? '').padEnd(3, '0')),
      Number(elapsed),
      clientIp,
      result[1]!,
      Number(result[2]),
      Number(bytes),
      method!,
      url!,
      dashIsNull(user!),
      dashIsNull(hierarchy!),
      peer ? (canonicalIp(peer) ?? null) : null,
      dashIsNull(type.join(' ')),
      'UTC',
    ],
  };
}

/** The squid parser: table requests. */
export const squidParser: EvidenceParser = {
  id: 'squid',
  description: 'Squid native access.log: table requests (client, result, status, bytes, method, URL, user, peer)',
  tables: [REQUESTS],
  parse(text) {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    for (const [index, raw] of text.split('\n').entries()) {
      if (raw.trim() === '') continue;
      const result = parseRequest(raw, index + 1);
      if ('table' in result) rows.push(result);
      else problems.push(result);
    }
    return { tables: [REQUESTS], rows, problems };
  },
};
