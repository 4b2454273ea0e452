import { parse } from 'csv-parse/sync';
import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "preservation-and-cooperation". It reads the six exhibits the way a
 * prosecutor with a spreadsheet would:
 *  - finds the customer-table export in the HAProxy log and reads its client address, source port
 *    and accepted time (the brief: the log is in UTC+01:00);
 *  - reads Kestrel's zone from its letter and matches address, port range and instant against the
 *    allocations, counting every allocation on the address that covers the instant;
 *  - checks the draft request's article, identifiers, period and follow-up against Art. 29(2) and
 *    the log;
 *  - decides each worksheet request's route from the States table and the holder's presence in the
 *    Union, by the office guidance of the brief;
 *  - adds 60 days to the day of preservation in the Quellmoor confirmation.
 * The time limits and the issuing authority are the law, not evidence: they are written here as a
 * prosecutor knows them.
 */

const LOG_OFFSET_MINUTES = 60; // the brief: vm-lb01 logs in CET, UTC+01:00
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
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

const HAPROXY_LINE =
  /^\w{3} +\d+ [\d:]+ \S+ haproxy\[\d+\]: ([\d.]+):(\d+) \[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d)\.\d{3}\] \S+ (\S+)\/\S+ \S+ (\d+) (\d+) \S+ \S+ \S+ \S+ \S+ "(\S+) (\S+) [^"]+"$/u;

/** Seconds since 1970 of a wall-clock time at an offset (minutes east of UTC). */
function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offset: number,
): number {
  return Date.UTC(year, month, day, hour, minute, second) / 1000 - offset * 60;
}

function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
}

/** The rows of a Markdown table that follows a heading, as arrays of trimmed cells (header and rule dropped). */
function markdownTable(markdown: string, heading: string): string[][] {
  const section = markdown.split(`## ${heading}`)[1]!.split(/^## /mu)[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

interface StateStatus {
  home: boolean;
  article6: boolean;
  article7: boolean;
  regulation: boolean;
}

function route(need: string, seat: string, presence: string, states: Map<string, StateStatus>): string {
  const status = states.get(seat)!;
  const preservation = /^Preservation\b/u.test(need);
  if (status.home) return 'national-order';
  const home = [...states.values()].find((state) => state.home)!;
  // The Regulation reaches a provider that offers services in the Union through its establishment or
  // legal representative in another bound Member State.
  const inUnion = /offers services in the Union/u.test(presence);
  const representedIn = [...states.entries()].find(
    ([name, state]) => state.regulation && !state.home && presence.includes(name),
  );
  if (inUnion && home.regulation && (representedIn || (status.regulation && !status.home)))
    return preservation ? 'epoc-pr' : 'epoc';
  if (preservation) return 'art29-247';
  if (/^Registration data/u.test(need) && status.article6 && home.article6) return 'sap-art6';
  if (/^Subscriber information/u.test(need) && status.article7 && home.article7) return 'sap-art7';
  return 'mla-art31';
}

export const solve: LabSolver = (evidence) => {
  const text = (id: string) => {
    const file = evidence.get(id);
    if (!file) throw new Error(`no evidence ${id}`);
    return file.toString('utf8');
  };

  // P/1: the export of the customer table.
  const exportLine = text('lb-log')
    .split('\n')
    .map((line) => HAPROXY_LINE.exec(line))
    .find((match) => match !== null && match[12] === 'GET' && match[13]!.startsWith('/admin/export?table=customers'));
  if (!exportLine) throw new Error('no export of the customer table in the log');
  const [, ip, portText, day, month, year, hour, minute, second] = exportLine;
  const port = Number(portText);
  const exportAt = instant(
    Number(year),
    MONTHS.indexOf(month!),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    LOG_OFFSET_MINUTES,
  );

  // P/2 and P/3: Kestrel's zone, then the allocations that cover the instant.
  const zone = /Marrowland Standard Time \(UTC([+-])(\d\d):(\d\d)/u.exec(text('kestrel-letter'));
  if (!zone) throw new Error("no zone in Kestrel's letter");
  const kestrelOffset = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  const kestrelTime = (value: string) => {
    const [date, time] = value.split(' ');
    const [y, mo, d] = date!.split('-').map(Number);
    const [h, mi, s] = time!.split(':').map(Number);
    return instant(y!, mo! - 1, d!, h!, mi!, s!, kestrelOffset);
  };
  const covering = parseCsv(text('kestrel-allocations')).filter(
    (row) => row.public_ip === ip && kestrelTime(row.allocated!) <= exportAt && exportAt <= kestrelTime(row.released!),
  );
  const holder = covering.filter((row) => Number(row.port_first) <= port && port <= Number(row.port_last));
  if (holder.length !== 1) throw new Error(`expected one allocation for the port, found ${holder.length}`);

  // P/5: the draft against Art. 29(2) and the log.
  const draft = text('draft-request');
  const identifiers = draft.split('Identifiers:')[1]!.split('Period:')[0]!;
  const period = draft.split('Period:')[1]!.split('4. Custodian')[0]!;
  const defects: string[] = [];
  if (/under Article (\d+) of the Convention/u.exec(draft)?.[1] !== '29') defects.push('article');
  if (!/source ports? \d+/u.test(identifiers)) defects.push('port');
  if (!/UTC|GMT|[+-]\d\d:\d\d/u.test(period)) defects.push('zone');
  if (/public IPv4 address ([\d.]+)/u.exec(identifiers)?.[1] !== ip) defects.push('address');
  if (!/intends to submit a request for mutual assistance/u.test(draft)) defects.push('mla-intent');

  // P/4: the route of each request.
  const worksheet = text('worksheet');
  const states = new Map<string, StateStatus>();
  for (const [name, , , protocol, regulation] of markdownTable(worksheet, 'States concerned')) {
    const state = name!.replace(/\s*\(us\)$/u, '');
    states.set(state, {
      home: name!.endsWith('(us)'),
      article6: /applies Arts?\. 6/u.test(protocol!),
      article7: /applies Arts?\. (?:6 and )?7/u.test(protocol!),
      regulation: regulation === 'bound',
    });
  }
  const routes: Record<string, string> = {};
  for (const [request, need, , seat, presence] of markdownTable(worksheet, 'Requests to be made'))
    routes[request!] = route(need!, seat!, presence!, states);

  // P/6: the day of preservation, plus the 60 days of Art. 29(7).
  const preserved = /On (\d{1,2}) (\w+) (\d{4}) at \d\d:\d\d Quellmoor time/u.exec(text('quellmoor-confirmation'));
  if (!preserved) throw new Error('no day of preservation in the confirmation');
  const deadline = new Date(
    Date.UTC(Number(preserved[3]), LONG_MONTHS.indexOf(preserved[2]!), Number(preserved[1]) + 60),
  );

  return {
    'attacker-connection': `${ip}:${port}`,
    'export-time': new Date(exportAt * 1000).toISOString(),
    'sharing-count': String(covering.length),
    'cgnat-subscriber': holder[0]!.subscriber_account!,
    'draft-defects': defects,
    'route-mapping': routes,
    'epoc-issuer': 'judge',
    'time-limits': {
      'art29-preservation': 'at-least-60-days',
      'art29-after-request': 'until-decision',
      'epoc-ordinary': '10-days',
      'epoc-emergency': '8-hours',
      'epoc-pr': '60-days',
      'epoc-pr-extension': '30-days',
    },
    'mla-deadline': deadline.toISOString().slice(0, 10),
  };
};
