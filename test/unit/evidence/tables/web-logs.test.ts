import { describe, expect, it } from 'vitest';
import {
  apacheCombinedParser,
  apacheErrorParser,
  nginxErrorParser,
} from '../../../../server/evidence/tables/web-logs.ts';
import type { Row } from '../../../../server/evidence/tables/types.ts';
import { loadLibrary } from '../../../../server/labs/loader.ts';
import { generateVariant } from '../../../../server/labs/variants.ts';

const library = await loadLibrary('labs');
const lab = library.labs.get('web-portal-intrusion');
if (!lab) throw new Error('the lab web-portal-intrusion is not loaded');
const variant = generateVariant(lab, 'evidence-tables-seed');

function fileOf(evidenceId: string): string {
  const file = variant.files.get(evidenceId);
  if (!file) throw new Error(`no generated file ${evidenceId}`);
  return typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
}

const lineCount = (text: string) => text.split('\n').filter((line) => line.trim() !== '').length;
const cellOf = (columns: { name: string }[] | undefined) => (row: Row | undefined, name: string) =>
  row?.values[columns?.findIndex((column) => column.name === name) ?? -1];

// The portal's clock runs on Central European Summer Time in the lab's week.
const context = { zone: 'Europe/Vienna', year: 2024 };

describe('the apache-combined parser on the web-portal-intrusion lab', () => {
  const text = fileOf('access-log');
  const parsed = apacheCombinedParser.parse(text, context);
  const cell = cellOf(apacheCombinedParser.tables?.[0]?.columns);

  it('reads every request without a problem', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(lineCount(text));
  });

  it("finds the intruder's first probe at its UTC instant, keeping the written offset", () => {
    const probe = parsed.rows.find(
      (row) =>
        cell(row, 'ip') === variant.values.intruder_ip &&
        text.split('\n')[row.line - 1]?.includes(`[${variant.values.first_probe_logged}]`) &&
        cell(row, 'path') !== null &&
        String(cell(row, 'path')).includes(String(variant.values.injected_parameter)),
    );
    expect(cell(probe, 'time')).toBe(Date.parse(String(variant.values.first_probe_utc)));
    expect(cell(probe, 'source_zone')).toBe('+02:00');
    expect(cell(probe, 'method')).toBe('GET');
    expect(cell(probe, 'protocol')).toMatch(/^HTTP\//u);
  });
});

describe('the apache-error parser on the web-portal-intrusion lab', () => {
  const text = fileOf('error-log');
  const parsed = apacheErrorParser.parse(text, context);
  const cell = cellOf(apacheErrorParser.tables?.[0]?.columns);

  it('reads every line without a problem', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(lineCount(text));
  });

  it("logs the intruder's failed queries at or after the first probe", () => {
    const intruder = parsed.rows.filter((row) => cell(row, 'client_ip') === variant.values.intruder_ip);
    expect(intruder.length).toBeGreaterThan(0);
    for (const row of intruder) {
      expect(Number(cell(row, 'time'))).toBeGreaterThanOrEqual(Date.parse(String(variant.values.first_probe_utc)));
      expect(cell(row, 'client_port')).toEqual(expect.any(Number));
    }
  });
});

describe('the apache-combined parser on hand-written lines', () => {
  it('reads the common format, dashes as null, escaped quotes and a junk request', () => {
    const parsed = apacheCombinedParser.parse(
      [
        '2001:DB8::10 - alice [08/Oct/2024:21:14:07 +0200] "GET /a?q=1 HTTP/1.1" 200 -',
        '',
        '203.0.113.9 - - [08/Oct/2024:19:14:08 +0000] "\\x16\\x03\\x01" 400 226 "-" "say \\"hi\\""',
        'not a log line',
        '198.51.100.4 - - [31/Foo/2024:00:00:00 +0000] "GET / HTTP/1.0" 200 5',
      ].join('\n'),
      context,
    );
    expect(parsed.rows).toEqual([
      {
        table: 'access',
        line: 1,
        values: [
          '2001:db8::10',
          null,
          'alice',
          Date.UTC(2024, 9, 8, 19, 14, 7),
          'GET',
          '/a?q=1',
          'HTTP/1.1',
          200,
          null,
          null,
          null,
          '+02:00',
        ],
      },
      {
        table: 'access',
        line: 3,
        values: [
          '203.0.113.9',
          null,
          null,
          Date.UTC(2024, 9, 8, 19, 14, 8),
          null,
          '\\x16\\x03\\x01',
          null,
          400,
          226,
          null,
          'say "hi"',
          'UTC',
        ],
      },
    ]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([4, 5]);
    expect(parsed.problems[0]?.reason).toMatch(/^Expected an access log line/u);
    expect(parsed.problems[1]?.reason).toMatch(/^Expected a time such as/u);
  });
});

describe('the apache-error parser on hand-written lines', () => {
  it('reads module, level, pid, tid and an IPv6 client with its port, and reports a broken line', () => {
    const parsed = apacheErrorParser.parse(
      [
        '[Tue Oct 08 21:14:07.318842 2024] [php7:error] [pid 22501:tid 140] [client 2001:db8::5:41963] PHP Fatal error, referer: https://www.example.org/',
        '[Tue Oct 08 21:14:08 2024] [error] [client 192.0.2.8] File does not exist: /var/www/x',
        '[Tue Oct 08 21:14',
      ].join('\n'),
      context,
    );
    expect(parsed.rows.map((row) => row.values)).toEqual([
      [
        Date.UTC(2024, 9, 8, 19, 14, 7, 318),
        'php7',
        'error',
        22501,
        140,
        '2001:db8::5',
        41963,
        'PHP Fatal error, referer: https://www.example.org/',
        'Europe/Vienna',
      ],
      [
        Date.UTC(2024, 9, 8, 19, 14, 8),
        null,
        'error',
        null,
        null,
        '192.0.2.8',
        null,
        'File does not exist: /var/www/x',
        'Europe/Vienna',
      ],
    ]);
    expect(parsed.problems).toEqual([
      { line: 3, reason: expect.stringMatching(/^Expected an Apache error log line/u) },
    ]);
  });
});

describe('the nginx-error parser', () => {
  it('reads level, pid, tid, connection and client, and reports a broken line', () => {
    const parsed = nginxErrorParser.parse(
      '2024/10/08 21:14:07 [error] 812#812: *41 open() "/srv/x" failed (2: No such file or directory), client: 198.51.100.7, server: www.example.com, request: "GET /x HTTP/1.1"\n2024/10/08 21:15:00 [notice] 1#1: signal process started\nnope\n',
      { zone: '+02:00', year: 2024 },
    );
    expect(parsed.rows.map((row) => row.values.slice(0, 6))).toEqual([
      [Date.UTC(2024, 9, 8, 19, 14, 7), 'error', 812, 812, 41, '198.51.100.7'],
      [Date.UTC(2024, 9, 8, 19, 15), 'notice', 1, 1, null, null],
    ]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3]);
  });
});

describe('the apache-combined parser on times', () => {
  it('reads negative and half-hour offsets, and refuses a day the month does not have', () => {
    const parsed = apacheCombinedParser.parse(
      [
        '192.0.2.1 - - [01/Mar/2024:00:30:00 -0530] "GET / HTTP/1.1" 200 1',
        '192.0.2.1 - - [29/Feb/2024:23:59:59 +0000] "GET / HTTP/1.1" 200 1',
        '192.0.2.1 - - [30/Feb/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1',
      ].join('\n'),
      context,
    );
    expect(parsed.rows.map((row) => [row.values[3], row.values[11]])).toEqual([
      [Date.UTC(2024, 2, 1, 6), '-05:30'],
      [Date.UTC(2024, 1, 29, 23, 59, 59), 'UTC'],
    ]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3]);
  });
});
