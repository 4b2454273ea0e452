import { canonicalIp } from './delimited.ts';
import { type Instant, instantFromWallClock, monthNumber } from './time.ts';
import {
  type EvidenceParser,
  type ParseContext,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * BIND's query log (the "queries" category): which client asked for which name, when. The times
 * carry no zone, so they are taken in the lab's.
 */

const QUERIES: TableSpec = {
  name: 'queries',
  description: 'One row per query BIND logged',
  columns: [
    { name: 'time', type: 'timestamp', description: 'When the query arrived' },
    { name: 'client_ip', type: 'ip', description: 'The client that asked' },
    { name: 'client_port', type: 'integer', description: "The client's source port" },
    { name: 'query_name', type: 'text', description: 'The name asked for' },
    { name: 'query_class', type: 'text', description: 'The class (IN)' },
    { name: 'query_type', type: 'text', description: 'The record type (A, AAAA, MX, TXT...)' },
    {
      name: 'flags',
      type: 'text',
      description: "BIND's flags: + recursion desired, E EDNS, S signed, T TCP, D DNSSEC OK, C checking disabled...",
    },
    { name: 'server_ip', type: 'ip', description: 'The server address the query was sent to' },
    { name: 'view', type: 'text', description: 'The view that answered, when the server has views' },
    sourceZoneColumn('The zone the time was written in'),
  ],
};

const QUERY_LINE = new RegExp(
  [
    /^(\d{1,2}-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d(?:\.\d{1,3})?) /u.source,
    // The category and severity, when the channel prints them ("queries: info: ").
    /(?:[a-z-]+: )?(?:[a-z]+: )?/u.source,
    // BIND 9.10 and later name the client object ("@0x7f..."); the name asked for follows in brackets.
    /client (?:@0x[0-9a-fA-F]+ )?([0-9A-Fa-f:.]+)#(\d+)(?: \([^)]*\))?: /u.source,
    /(?:view ([^:\s]+): )?query: (\S+) (\S+) (\S+) (\S*) ?\(([^)]+)\)\s*$/u.source,
  ].join(''),
  'u',
);

const QUERY_TIME = /^(\d{1,2})-([A-Z][a-z]{2})-(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?$/u;

/** "09-Oct-2026 11:30:00.123" in the lab's zone; undefined for a date the calendar does not have. */
function queryTime(text: string, context: ParseContext): Instant | undefined {
  const parts = QUERY_TIME.exec(text);
  const month = parts ? monthNumber(parts[2]!) : undefined;
  if (!parts || month === undefined) return undefined;
  const [day, , year, hour, minute, second] = parts.slice(1, 7).map(Number) as number[];
  const millisecond = Number((parts[7] ?? '').padEnd(3, '0'));
  return instantFromWallClock(
    { year: year!, month, day: day!, hour: hour!, minute: minute!, second: second!, millisecond },
    context.zone,
  );
}

/** The bind-query parser: table queries. */
export const bindQueryParser: EvidenceParser = {
  id: 'bind-query',
  description: 'BIND query log lines: table queries (client, name, class, type, flags, server address)',
  tables: [QUERIES],
  parse(text, context) {
    const rows: Row[] = [];
    const problems: ParseProblem[] = [];
    for (const [index, raw] of text.split('\n').entries()) {
      const line = raw.replace(/\r$/u, '');
      if (line.trim() === '') continue;
      const match = QUERY_LINE.exec(line);
      if (!match) {
        problems.push({
          line: index + 1,
          reason:
            'expected a BIND query line: "09-Oct-2026 11:30:00.123 client @0x... 192.0.2.10#53211 (name): ' +
            'query: name IN A +E(0)K (198.51.100.53)"',
        });
        continue;
      }
      const [, written, client, port, view, name, queryClass, queryType, flags, server] = match;
      const time = queryTime(written!, context);
      const clientIp = canonicalIp(client!) ?? null;
      if (!time || !clientIp) {
        const reason = time
          ? `expected the client's address before "#", found "${client}"`
          : `expected a time such as "09-Oct-2026 11:30:00.123", found "${written}"`;
        problems.push({ line: index + 1, reason });
        continue;
      }
      rows.push({
        table: QUERIES.name,
        line: index + 1,
        values: [
          time.ms,
          clientIp,
          Number(port),
          name!,
          queryClass!,
          queryType!,
          flags || null,
          canonicalIp(server!) ?? null,
          view ?? null,
          time.zone,
        ],
      });
    }
    return { tables: [QUERIES], rows, problems };
  },
};
