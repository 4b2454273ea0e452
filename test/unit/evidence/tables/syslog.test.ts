import { describe, expect, it } from 'vitest';
import { syslogParser } from '../../../../server/evidence/tables/syslog.ts';
import { instantFromWallClockByLuxon } from '../../../../server/evidence/tables/time.ts';
import type { ParsedArtefact, Row } from '../../../../server/evidence/tables/types.ts';
import { loadLibrary } from '../../../../server/labs/loader.ts';
import { generateVariant, type Variant } from '../../../../server/labs/variants.ts';

const library = await loadLibrary('labs');

function variantOf(labId: string): Variant {
  const lab = library.labs.get(labId);
  if (!lab) throw new Error(`the lab ${labId} is not loaded`);
  return generateVariant(lab, 'evidence-tables-seed');
}

function fileOf(variant: Variant, evidenceId: string): string {
  const file = variant.files.get(evidenceId);
  if (!file) throw new Error(`no generated file ${evidenceId}`);
  return typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
}

const lineCount = (text: string) => text.split('\n').filter((line) => line.trim() !== '').length;
const rowsOf = (parsed: ParsedArtefact, table: string) => parsed.rows.filter((row) => row.table === table);
const column = (name: string, table = 'sshd') =>
  syslogParser.tables?.find((spec) => spec.name === table)?.columns.findIndex((spec) => spec.name === name) ?? -1;
const cell = (row: Row | undefined, name: string, table = 'sshd') => row?.values[column(name, table)];

describe('the syslog parser on the sample-ssh-intrusion lab (UTC)', () => {
  const variant = variantOf('sample-ssh-intrusion');
  const text = fileOf(variant, 'auth-log');
  const parsed = syslogParser.parse(text, { zone: 'UTC', year: 2024 });

  it('reads every line into the syslog table without a problem', () => {
    expect(parsed.problems).toEqual([]);
    expect(rowsOf(parsed, 'syslog')).toHaveLength(lineCount(text));
  });

  it('finds the first accepted login of the attacker at the moment the lab expects', () => {
    const accepted = rowsOf(parsed, 'sshd').filter(
      (row) => cell(row, 'event') === 'accepted' && cell(row, 'ip') === variant.values.attacker_ip,
    );
    const first = accepted[0];
    expect(cell(first, 'time')).toBe(Date.parse(String(variant.values.first_login)));
    expect(cell(first, 'user')).toBe(variant.values.compromised_user);
    expect(cell(first, 'source_zone')).toBe('UTC');
    expect(text.split('\n')[(first?.line ?? 0) - 1]).toContain(`${variant.values.first_login_syslog} `);
  });

  it('counts the failed password lines the lab counts', () => {
    const failed = rowsOf(parsed, 'sshd').filter(
      (row) => cell(row, 'event') === 'failed' && cell(row, 'method') === 'password',
    );
    expect(failed.length).toBe(Number(variant.values.failed_password_lines));
  });
});

describe('the syslog parser on the fileserver-bruteforce lab (Europe/Amsterdam)', () => {
  const variant = variantOf('fileserver-bruteforce');
  const current = fileOf(variant, 'auth-log');
  const rotated = fileOf(variant, 'auth-log-1');
  const context = { zone: 'Europe/Amsterdam', year: 2024 };
  const parsedCurrent = syslogParser.parse(current, context);
  const parsedRotated = syslogParser.parse(rotated, context);

  it('reads every line of both logs without a problem', () => {
    expect(parsedCurrent.problems).toEqual([]);
    expect(parsedRotated.problems).toEqual([]);
    expect(rowsOf(parsedCurrent, 'syslog')).toHaveLength(lineCount(current));
    expect(rowsOf(parsedRotated, 'syslog')).toHaveLength(lineCount(rotated));
  });

  it('turns the local syslog time of the first login into the UTC instant', () => {
    const all = [...rowsOf(parsedRotated, 'sshd'), ...rowsOf(parsedCurrent, 'sshd')];
    const first = all.find(
      (row) => cell(row, 'event') === 'accepted' && cell(row, 'ip') === variant.values.attacker_ip,
    );
    expect(cell(first, 'time')).toBe(Date.parse(String(variant.values.first_login)));
    expect(cell(first, 'source_zone')).toBe('Europe/Amsterdam');
  });

  it("counts the attacker's repeated failures through the times column", () => {
    const failures = rowsOf(parsedCurrent, 'sshd')
      .filter((row) => cell(row, 'event') === 'failed' && cell(row, 'ip') === variant.values.attacker_ip)
      .reduce((sum, row) => sum + Number(cell(row, 'times')), 0);
    expect(failures).toBe(Number(variant.values.failed_in_auth_log));
  });
});

describe('the syslog parser on hand-written lines', () => {
  const context = { zone: '+01:00', year: 2024 };

  it('splits program and pid, and leaves pid null when absent', () => {
    const parsed = syslogParser.parse(
      'Nov 17 06:25:10 fs02 sudo:  alice : TTY=pts/0 ; COMMAND=/bin/ls\nNov  9 23:59:59 fs02 CRON[4008]: done\n',
      context,
    );
    expect(parsed.rows).toEqual([
      {
        table: 'syslog',
        line: 1,
        values: [
          Date.UTC(2024, 10, 17, 5, 25, 10),
          'fs02',
          'sudo',
          null,
          ' alice : TTY=pts/0 ; COMMAND=/bin/ls',
          '+01:00',
        ],
      },
      { table: 'syslog', line: 2, values: [Date.UTC(2024, 10, 9, 22, 59, 59), 'fs02', 'CRON', 4008, 'done', '+01:00'] },
    ]);
  });

  it('reads RFC 5424 lines and ISO-timed lines with their own offsets', () => {
    const parsed = syslogParser.parse(
      [
        '<34>1 2024-10-11T22:14:15.003Z web01.example.org sshd 4242 ID47 [origin ip="192.0.2.1"] Invalid user admin from 203.0.113.9 port 50122',
        '2024-10-11T22:14:16.500+02:00 web01 sshd[77]: Accepted publickey for ana from 2001:DB8:0:0::5 port 4022 ssh2',
      ].join('\n'),
      context,
    );
    expect(parsed.problems).toEqual([]);
    expect(rowsOf(parsed, 'syslog').map((row) => row.values)).toEqual([
      [
        Date.UTC(2024, 9, 11, 22, 14, 15, 3),
        'web01.example.org',
        'sshd',
        4242,
        'Invalid user admin from 203.0.113.9 port 50122',
        'UTC',
      ],
      [
        Date.UTC(2024, 9, 11, 20, 14, 16, 500),
        'web01',
        'sshd',
        77,
        'Accepted publickey for ana from 2001:DB8:0:0::5 port 4022 ssh2',
        '+02:00',
      ],
    ]);
    expect(rowsOf(parsed, 'sshd').map((row) => row.values.slice(2, 9))).toEqual([
      [4242, 'invalid_user', null, 'admin', '203.0.113.9', 50122, 1],
      [77, 'accepted', 'publickey', 'ana', '2001:db8::5', 4022, 1],
    ]);
  });

  it('takes an RFC 5424 host or program written as "-" as null', () => {
    const parsed = syslogParser.parse('<13>1 2024-10-11T22:14:15Z - - - - - started', context);
    expect(parsed.rows[0]?.values).toEqual([Date.UTC(2024, 9, 11, 22, 14, 15), null, null, null, 'started', 'UTC']);
  });

  it('reports lines that are not syslog, by line, and skips blank ones', () => {
    const parsed = syslogParser.parse(
      'Nov 17 06:25:10 fs02 CRON[1]: ok\n\ngarbage here\nNov 31 10:00:00 fs02 x: y\n',
      context,
    );
    expect(rowsOf(parsed, 'syslog').map((row) => row.line)).toEqual([1]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3, 4]);
    expect(parsed.problems[0]?.reason).toMatch(/^Expected a syslog line/u);
    expect(parsed.problems[1]?.reason).toMatch(/^Expected a time .* \(no such date\)/u);
  });
});

describe('the syslog parser across summer time changes', () => {
  // Every ten minutes through the nights of Vienna's changes, with the events the sshd table tells apart.
  const messages = [
    'Failed password for invalid user admin from 203.0.113.77 port 50122 ssh2',
    'Accepted publickey for alice from 2001:db8::1 port 40222 ssh2',
    'message repeated 3 times: [ Failed password for root from 203.0.113.77 port 50124 ssh2]',
    'pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)',
    'Disconnecting: Too many authentication failures [preauth]',
    'Connection closed by 203.0.113.9 port 50130 [preauth]',
  ];
  const nights = [
    { month: 3, monthName: 'Mar', day: 29 },
    { month: 10, monthName: 'Oct', day: 25 },
  ];
  const clocks = nights.flatMap(({ month, monthName, day }) =>
    Array.from({ length: 30 }, (_, index) => {
      const hour = Math.floor(index / 6);
      const minute = (index % 6) * 10;
      const written = `${monthName} ${day} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:07`;
      return { written, clock: { year: 2026, month, day, hour, minute, second: 7 } };
    }),
  );
  const text = clocks
    .map(({ written }, index) => `${written} fs01 sshd[${100 + index}]: ${messages[index % messages.length]}`)
    .join('\n');
  const parsed = syslogParser.parse(text, { zone: 'Europe/Vienna', year: 2026 });

  it('reads every time as Luxon reads it, in the missing and the repeated hour too', () => {
    expect(parsed.problems).toEqual([]);
    expect(rowsOf(parsed, 'syslog').map((row) => cell(row, 'time', 'syslog'))).toEqual(
      clocks.map(({ clock }) => instantFromWallClockByLuxon(clock, 'Europe/Vienna')?.ms),
    );
  });

  it('finds the sshd events of the lines', () => {
    const events = rowsOf(parsed, 'sshd').slice(0, 6);
    expect(events.map((row) => [cell(row, 'event'), cell(row, 'user'), cell(row, 'ip'), cell(row, 'times')])).toEqual([
      ['failed', 'admin', '203.0.113.77', 1],
      ['accepted', 'alice', '2001:db8::1', 1],
      ['failed', 'root', '203.0.113.77', 3],
      ['session_opened', 'alice', null, 1],
      ['too_many_failures', null, null, 1],
      ['connection_closed', null, '203.0.113.9', 1],
    ]);
  });
});
