import { parse } from 'csv-parse/sync';
import type { EvidenceFiles, LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "procedural-powers-and-safeguards". It reads the three exhibits the
 * way a reviewing prosecutor or judge would:
 *  - the Code extract (PP/1) for each article's penalty threshold and longest duration, and the
 *    Criminal Code's maximum penalties;
 *  - the measures file (PP/2): each schedule item's category from what it describes (Art. 159 CCP),
 *    each draft's measure from its title, and each draft checked against the Code: issuing authority,
 *    categories of its items, offences against the threshold, period against the conduct, duration
 *    against the maximum, and whether it gives reasons at all;
 *  - the NAT extract (PP/3): the allocation that held the port of order P-1 at its moment in UTC.
 */

type Measure = 'subscriber' | 'traffic' | 'content' | 'realtime' | 'interception' | 'search';
type Category = 'subscriber' | 'traffic' | 'content';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NUMBER_WORDS: Record<string, number> = { three: 3, four: 4, five: 5, six: 6, eight: 8 };
const DAY_MS = 86_400_000;

/** "14 February 2026" as milliseconds since 1970 (UTC midnight). */
function dayOf(text: string): number {
  const match = /^(\d{1,2}) (\w+) (\d{4})$/u.exec(text.trim());
  if (!match) throw new Error(`not a date: ${text}`);
  return Date.UTC(Number(match[3]), MONTHS.indexOf(match[2]!), Number(match[1]));
}

/** The measure a draft is for, from its title. */
function measureOf(title: string): Measure {
  if (/subscriber data/iu.test(title)) return 'subscriber';
  if (/stored traffic/iu.test(title)) return 'traffic';
  if (/stored content/iu.test(title)) return 'content';
  if (/real-time collection of traffic/iu.test(title)) return 'realtime';
  if (/interception/iu.test(title)) return 'interception';
  if (/search/iu.test(title)) return 'search';
  throw new Error(`unknown measure: ${title}`);
}

/** The category of a schedule item by what it describes (Art. 159 CCP, with its paragraphs 2 and 3). */
function categoryOf(item: string): Category {
  // An address with its port at a moment, asked for to identify the customer: subscriber data (159(2)).
  if (
    /^(the customer to whom|name, postal address|telephone number and alternative|date the account was opened)/iu.test(
      item,
    )
  )
    return 'subscriber';
  // Subject lines and URL paths are content (159(3)); so is anything a user stored or wrote.
  if (/^(bodies|subject lines|text of|messages saved|full addresses|content of|files stored)/iu.test(item))
    return 'content';
  if (
    /^(ip address|date, time, duration|identity|start, end|sender and recipient|calling and called|host names)/iu.test(
      item,
    )
  )
    return 'traffic';
  throw new Error(`cannot categorise: ${item}`);
}

/** The categories each provision allows (Arts. 161(2), 162(2), 163(1), 165(2), 166(1) CCP). */
const ALLOWED: Record<Measure, readonly Category[]> = {
  subscriber: ['subscriber'],
  traffic: ['traffic'],
  content: ['content', 'traffic'],
  realtime: ['traffic'],
  interception: ['content', 'traffic'],
  search: ['subscriber', 'traffic', 'content'],
};
const CONVENTION: Record<Measure, string> = {
  subscriber: 'art18-1-b',
  traffic: 'art18-1-a',
  content: 'art18-1-a',
  search: 'art19',
  realtime: 'art20',
  interception: 'art21',
};

interface Code {
  /** Minimum maximum-penalty in years an article requires, by article number; absent when none. */
  threshold: Map<string, number>;
  /** Longest duration of one order in days, by article number. */
  maxDays: Map<string, number>;
  /** Maximum penalty in years by Criminal Code provision, such as "302(2)". */
  penalty: Map<string, number>;
  /** Articles whose offences meet a threshold whatever their penalty (Art. 162: Arts. 302 to 306 CC). */
  anyComputerOffence: Set<string>;
}

function readCode(text: string): Code {
  const code: Code = { threshold: new Map(), maxDays: new Map(), penalty: new Map(), anyComputerOffence: new Set() };
  for (const section of text.split(/^### Art\. /mu).slice(1)) {
    const article = /^(\d+)\./u.exec(section)![1]!;
    const body = section.split(/^## /mu)[0]!.replace(/\s+/gu, ' ');
    const threshold = /maximum term of imprisonment of at least (\w+) years/u.exec(body);
    if (threshold) code.threshold.set(article, NUMBER_WORDS[threshold[1]!]!);
    if (/offence under Articles 302 to 306 CC/u.test(body)) code.anyComputerOffence.add(article);
    const days = /period of at most (\d+) days/u.exec(body);
    if (days) code.maxDays.set(article, Number(days[1]));
  }
  for (const row of text.matchAll(/^\| (\d+(?:\(\d+\))?) \| [^|]+ \| (\d+) years/gmu))
    code.penalty.set(row[1]!, Number(row[2]));
  return code;
}

interface Draft {
  number: number;
  measure: Measure;
  article: string;
  draftedForJudge: boolean;
  offences: string[];
  grounds: string;
  reasons: string;
  items: { id: string; text: string }[];
  period?: { from: number; to: number };
  durationDays?: number | 'none';
}

const ITEM_LINE = /^> - \*\*(D\d+)\.\*\* (.*)\.$/gmu;

function readDrafts(file: string): Draft[] {
  return file
    .split(/^### /mu)
    .slice(1)
    .map((section) => {
      const heading = /^Application (\d+): (.*)$/mu.exec(section)!;
      const field = (name: string) => new RegExp(`^\\| ${name} \\| (.*) \\|$`, 'mu').exec(section)![1]!;
      const period = /^> Period covered: from (.+) to (.+)\.$/mu.exec(section);
      const duration = /^> Duration: (.*)$/mu.exec(section);
      return {
        number: Number(heading[1]),
        measure: measureOf(heading[2]!),
        article: /Art\. (\d+) CCP/u.exec(field('Provision invoked'))![1]!,
        draftedForJudge: /Investigating Judge/u.test(field('Issuing authority \\(as drafted\\)')),
        offences: [...field('Offences relied on').matchAll(/Art\. (\d+(?:\(\d+\))?) CC/gu)].map((match) => match[1]!),
        grounds: /^\*\*Grounds\.\*\* (.*)$/mu.exec(section)![1]!,
        reasons: /^\*\*Necessity and proportionality\.\*\* (.*)$/mu.exec(section)![1]!,
        items: [...section.matchAll(ITEM_LINE)].map((match) => ({ id: match[1]!, text: match[2]! })),
        period: period ? { from: dayOf(period[1]!), to: dayOf(period[2]!) } : undefined,
        durationDays: duration
          ? /(\d+) days/u.exec(duration[1]!)
            ? Number(/(\d+) days/u.exec(duration[1]!)![1])
            : 'none'
          : undefined,
      };
    });
}

function defectOf(draft: Draft, code: Code): string {
  const found: string[] = [];
  if (draft.draftedForJudge !== (draft.measure !== 'subscriber')) found.push('wrong-authority');
  if (draft.items.some((item) => !ALLOWED[draft.measure].includes(categoryOf(item.text)))) found.push('wrong-category');
  const threshold = code.threshold.get(draft.article);
  if (threshold !== undefined) {
    const computerOffence = draft.offences.some((offence) => /^30[2-6]\b/u.test(offence));
    const highest = Math.max(...draft.offences.map((offence) => code.penalty.get(offence) ?? 0));
    if (highest < threshold && !(code.anyComputerOffence.has(draft.article) && computerOffence))
      found.push('threshold-not-met');
  }
  const conduct = /runs from (\d{1,2} \w+ \d{4}) \(.*?\) to (\d{1,2} \w+ \d{4})/u.exec(draft.grounds);
  if (conduct && draft.period) {
    const from = dayOf(conduct[1]!);
    const to = dayOf(conduct[2]!);
    if (draft.period.from < from - 31 * DAY_MS || draft.period.to > to + 31 * DAY_MS) found.push('overbroad-period');
  }
  const maxDays = code.maxDays.get(draft.article);
  if (
    maxDays !== undefined &&
    (draft.durationDays === undefined || draft.durationDays === 'none' || draft.durationDays > maxDays)
  )
    found.push('missing-duration');
  // Reasons must engage with the case; a single generic sentence is a formula.
  if (draft.reasons.split(/\.\s+/u).filter((sentence) => sentence.trim() !== '').length < 2)
    found.push('no-proportionality');
  if (found.length > 1) throw new Error(`application ${draft.number} has several defects: ${found.join(', ')}`);
  return found[0] ?? 'none';
}

/** The moment of order P-1, written "on 14 February 2026 at 09:14:02 CET (UTC+01:00)", in UTC milliseconds. */
function orderMoment(item: string): number {
  const match = /on (\d{1,2} \w+ \d{4}) at (\d\d):(\d\d):(\d\d) CET \(UTC([+-])(\d\d):(\d\d)\)/u.exec(item);
  if (!match) throw new Error(`no moment in P-1: ${item}`);
  const offset = (match[5] === '-' ? -1 : 1) * (Number(match[6]) * 60 + Number(match[7])) * 60_000;
  return dayOf(match[1]!) + ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4])) * 1000 - offset;
}

function natCustomer(csv: string, address: string, port: number, at: number): string {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const utc = (stamp: string) => Date.parse(`${stamp.replace(' ', 'T')}Z`);
  const holding = rows.filter(
    (row) =>
      row.public_ip === address &&
      Number(row.port_first) <= port &&
      port <= Number(row.port_last) &&
      utc(row.allocated_utc!) <= at &&
      (row.released_utc === '' || at < utc(row.released_utc!)),
  );
  if (holding.length !== 1) throw new Error(`expected one allocation at the moment, found ${holding.length}`);
  return holding[0]!.customer_ref!;
}

export const solve: LabSolver = (evidence: EvidenceFiles) => {
  const text = (id: string) => {
    const file = evidence.get(id);
    if (!file) throw new Error(`missing evidence ${id}`);
    return file.toString('utf8');
  };
  const code = readCode(text('ccp-extract'));
  const measuresFile = text('measures-file');
  const drafts = readDrafts(measuresFile.split(/^## Part 3\./mu)[1]!);

  const items = [...measuresFile.matchAll(ITEM_LINE)].map((match) => ({ id: match[1]!, text: match[2]! }));
  const p1 = items.find((item) => item.id === 'D1')!.text;
  const address = /address (\S+) and the source port/u.exec(p1)![1]!;
  const port = Number(/source port (\d+)/u.exec(p1)![1]);
  const moment = orderMoment(p1);

  const byApplication = <T>(value: (draft: Draft) => T) =>
    Object.fromEntries(drafts.map((draft) => [`app${draft.number}`, value(draft)]));
  return {
    'data-categories': Object.fromEntries(items.map((item) => [item.id, categoryOf(item.text)])),
    'legal-basis': byApplication((draft) => CONVENTION[draft.measure]),
    authority: byApplication((draft) => (draft.measure === 'subscriber' ? 'prosecutor' : 'judge')),
    // C-746/18 Prokuratuur: prior review by a court or independent body that is a third party.
    prokuratuur: 'third-party',
    'nat-moment': new Date(moment).toISOString(),
    'nat-customer': natCustomer(text('velnet-nat-extract'), address, port, moment),
    defects: byApplication((draft) => defectOf(draft, code)),
  };
};
