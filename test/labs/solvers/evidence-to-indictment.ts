import { parse } from 'csv-parse/sync';
import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "evidence-to-indictment". It reads only the four documents of the
 * charging file, the way a careful prosecutor (or a clerk with a spreadsheet) would:
 *  - qualifies each finding of the summary by what the act did (the conduct and result words of
 *    Articles 2 to 8), checking the most specific results first;
 *  - parses the register as CSV and compares the two hashes of every digital item in lower case,
 *    accepting a difference only when a note gives a second acquisition hash that the working copy
 *    matches;
 *  - follows each item through the custody log, keeping track of who holds it (the evidence store
 *    is one holder, everyone else a person), and reports the first handover released by someone who
 *    did not hold the item;
 *  - reads the expert report section by section for the point that is asserted without a method.
 */

/** Reads a CSV export into objects keyed by its header row (csv-parse, RFC 4180). */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<
    string,
    string
  >[];
}

interface Finding {
  id: string;
  text: string;
  exhibits: string[];
}

function readFindings(summary: string): Finding[] {
  const findings: Finding[] = [];
  const parts = summary.split(/^#### /mu).slice(1);
  for (const part of parts) {
    const id = /^(F\d+)\./u.exec(part)?.[1];
    if (!id) continue;
    const section = part.split(/^### /mu)[0]!;
    const exhibitLine = /^Exhibits: (.*)$/mu.exec(section)?.[1] ?? '';
    findings.push({ id, text: section, exhibits: exhibitLine.match(/EX-\d+/gu) ?? [] });
  }
  return findings;
}

/**
 * The article a finding supports, judged by the result it establishes. The most specific results
 * are tested first: a payment made by a manipulated system (Art. 8) also needed access, an outage
 * (Art. 5) may involve installing something, and so on.
 */
function qualify(text: string): string {
  const lower = text.toLowerCase();
  if (/offered a program|sold to \d+ buyers|licences were paid|user names with passwords/u.test(lower)) return 'art6';
  if (/paid eur [\d,.]+ into that account/u.test(lower)) return 'art8';
  if (/(letter|invoice).*(never wrote or authorised|did not issue)/su.test(lower)) return 'art7';
  if (/capture file|monitor mode|copied all traffic/u.test(lower)) return 'art3';
  if (/did not answer|recorded no readings|could not answer/u.test(lower)) return 'art5';
  if (/were deleted|which removed|were encrypted/u.test(lower)) return 'art4';
  if (/logged in|opened \d+ times|returned the contents/u.test(lower)) return 'art2';
  throw new Error(`cannot qualify finding: ${text.slice(0, 80)}`);
}

/** The holder a custody entry names: the store as one institution, anyone else personally. */
const holderOf = (party: string): string => (party.includes('(evidence store)') ? 'evidence store' : party.trim());

function custodyGap(log: Record<string, string>[]): string {
  const byItem = new Map<string, Record<string, string>[]>();
  for (const entry of log) byItem.set(entry.item!, [...(byItem.get(entry.item!) ?? []), entry]);
  const gaps: string[] = [];
  for (const [item, entries] of byItem) {
    entries.sort((a, b) => a.date_time!.localeCompare(b.date_time!) || a.entry!.localeCompare(b.entry!));
    let holder: string | undefined;
    let since = '';
    for (const entry of entries) {
      const from = entry.released_by!;
      if (!from.startsWith('(seized') && holder !== undefined && holderOf(from) !== holder)
        gaps.push(`${item}: ${since} to ${entry.date_time}`);
      holder = holderOf(entry.received_by!);
      since = entry.date_time!;
    }
  }
  if (gaps.length !== 1) throw new Error(`expected one custody gap, found ${gaps.length}: ${gaps.join('; ')}`);
  return gaps[0]!;
}

function expertWeakness(report: string): string {
  const section = (number: number) =>
    report.split(new RegExp(`^${number}\\. `, 'mu'))[1]?.split(/^\d+\. [A-Z]/mu)[0] ?? '';
  const tools = section(3);
  if (tools.split('\n').some((line) => /^\s+LogSift\s+not recorded/u.test(line) || /^\s+\S.*\s{2,}-\s*$/u.test(line)))
    return 'tool-version';
  if (!/write blocker/u.test(section(4))) return 'write-blocker';
  if (!/\/etc\/timezone/u.test(section(5))) return 'time-zone';
  // The logs that exist (6.1) against the logs read (6.2): a conclusion about a period needs them all.
  const [present = '', read = ''] = section(6).split(/^6\.2 /mu);
  const logNames = (part: string) => new Set(part.match(/auth\.log(?:\.\d+)?(?:\.gz)?/gu) ?? []);
  const examined = /\ball (?:five|\d+) files\b/u.test(read) ? logNames(present) : logNames(read);
  if (examined.size < logNames(present).size) return 'log-coverage';
  // Who held an address at a moment is known from the provider's records (a register item), not from a geolocation estimate.
  if (!/EX-\d+/u.test(section(8))) return 'attribution';
  throw new Error('found no weak point in the expert report');
}

export const solve: LabSolver = (evidence) => {
  const text = (id: string) => {
    const file = evidence.get(id);
    if (!file) throw new Error(`missing evidence ${id}`);
    return file.toString('utf8');
  };

  const findings = readFindings(text('findings-summary'));
  const mapping = Object.fromEntries(findings.map((finding) => [finding.id, qualify(finding.text)]));

  const register = parseCsv(text('evidence-register'));
  const digital = register.filter((row) => row.acquisition_sha256 !== 'n/a');
  const verifies = (row: Record<string, string>) => {
    const copy = row.working_copy_sha256!.toLowerCase();
    if (row.acquisition_sha256!.toLowerCase() === copy) return true;
    // A documented second acquisition: the note names the hash the working copy was made from.
    const hashesInNote: string[] = row.notes!.toLowerCase().match(/[0-9a-f]{64}/gu) ?? [];
    return /second acquisition/iu.test(row.notes!) && hashesInNote.includes(copy);
  };
  const broken = digital.filter((row) => !verifies(row));
  if (broken.length !== 1) throw new Error(`expected one item that does not verify, found ${broken.length}`);
  const badItem = broken[0]!.item!;

  return {
    'offence-mapping': mapping,
    'access-elements': ['access', 'without-right', 'intent'],
    'verified-count': String(digital.length - broken.length),
    'broken-integrity': badItem,
    'affected-findings': findings.filter((finding) => finding.exhibits.includes(badItem)).map((finding) => finding.id),
    'custody-gap': custodyGap(parseCsv(text('custody-log'))),
    'expert-question': expertWeakness(text('expert-report')),
  };
};
