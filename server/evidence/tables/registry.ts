import { bindQueryParser } from './bind.ts';
import { csvParser, tsvParser } from './delimited.ts';
import { dhcpLeasesParser, dhcpLogParser } from './dhcp.ts';
import { emailParser } from './email.ts';
import { jsonLinesParser } from './json-lines.ts';
import { postfixParser } from './mail-log.ts';
import { squidParser } from './squid.ts';
import { syslogParser } from './syslog.ts';
import type { EvidenceParser } from './types.ts';
import { apacheCombinedParser, apacheErrorParser, nginxErrorParser } from './web-logs.ts';
import { windowsEventJsonParser } from './windows-events.ts';

/** The built-in evidence parsers by the id a lab's evidence entry names (`table: { parser: csv }`). */
export const builtInParsers: Record<string, EvidenceParser> = {
  csv: csvParser,
  tsv: tsvParser,
  jsonl: jsonLinesParser,
  syslog: syslogParser,
  'apache-combined': apacheCombinedParser,
  'apache-error': apacheErrorParser,
  'nginx-error': nginxErrorParser,
  'windows-event-json': windowsEventJsonParser,
  email: emailParser,
  postfix: postfixParser,
  'dhcp-leases': dhcpLeasesParser,
  'dhcp-log': dhcpLogParser,
  'bind-query': bindQueryParser,
  squid: squidParser,
};

/** The built-in parser with this id, or undefined when there is none. */
export function parserFor(id: string): EvidenceParser | undefined {
  return Object.hasOwn(builtInParsers, id) ? builtInParsers[id] : undefined;
}
