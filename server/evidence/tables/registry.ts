import { bindQueryParser } from './bind.ts';
import { csvParser, tsvParser } from './delimited.ts';
import { dhcpLeasesParser, dhcpLogParser } from './dhcp.ts';
import { emailParser } from './email.ts';
import { jsonLinesParser } from './json-lines.ts';
import { postfixParser } from './mail-log.ts';
import { type PatternTableDeclaration, patternParser, tableNameFromEvidenceId } from './pattern.ts';
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

/** An evidence entry's `table` as far as choosing its parser goes: a built-in parser's id, or the lab's own pattern. */
export interface TableDeclaration extends Partial<PatternTableDeclaration> {
  parser?: string;
}

/**
 * The parser that reads an artefact as its evidence entry declares: the built-in one it names, or one
 * built from its pattern (the table named after the evidence id unless the declaration names it).
 * Undefined for an unknown built-in id, or a declaration with neither (the lab schema refuses both).
 */
export function parserForTable(
  table: TableDeclaration,
  evidence: { id: string; title: string },
): EvidenceParser | undefined {
  if (table.parser !== undefined) return parserFor(table.parser);
  const { pattern, columns } = table;
  if (pattern === undefined || columns === undefined) return undefined;
  return patternParser(
    { ...table, pattern, columns },
    {
      name: tableNameFromEvidenceId(evidence.id),
      description: `The lines of ${evidence.title}, read with the lab’s pattern.`,
    },
  );
}
