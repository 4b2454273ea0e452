import { describe, expect, it } from 'vitest';
import { postfixParser } from '../../../../server/evidence/tables/mail-log.ts';
import type { Cell, Row } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };
const columns = postfixParser.tables![0]!.columns.map((column) => column.name);

/** A row as an object by column name, for readable assertions. */
function named(row: Row): Record<string, Cell> {
  return Object.fromEntries(columns.map((name, index) => [name, row.values[index]!]));
}

// Fictional lines in Postfix's and Dovecot's own formats, one message followed through the server.
const LOG = [
  'Oct  9 11:30:00 mx1 postfix/smtpd[2101]: connect from unknown[203.0.113.45]',
  'Oct  9 11:30:01 mx1 postfix/smtpd[2101]: 4TvB3n1QkVz4wQ: client=unknown[203.0.113.45], sasl_method=LOGIN, sasl_username=j.doe@example.org',
  'Oct  9 11:30:01 mx1 postfix/cleanup[2104]: 4TvB3n1QkVz4wQ: message-id=<20261009.4471@mail.example.net>',
  'Oct  9 11:30:01 mx1 postfix/qmgr[812]: 4TvB3n1QkVz4wQ: from=<billing@example.net>, size=6293, nrcpt=1 (queue active)',
  '',
  'Oct  9 11:30:02 mx1 postfix/smtp[2107]: 4TvB3n1QkVz4wQ: to=<accounts@example.com>, relay=mx.example.com[198.51.100.25]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 6C1F21A0093)',
  'Oct  9 11:30:05 mx1 postfix/smtpd[2101]: NOQUEUE: reject: RCPT from unknown[2001:db8:0:0::7]: 554 5.7.1 <x@example.org>: Relay access denied; from=<spam@example.net> to=<x@example.org> proto=ESMTP helo=<ws-042>',
  'Oct  9 11:31:00 mx1 dovecot: imap-login: Login: user=<j.doe@example.org>, method=PLAIN, rip=192.0.2.15, lip=192.0.2.25, mpid=3301, TLS',
  'Oct 10 08:00:00 mx1 dovecot[700]: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<admin@example.org>, method=PLAIN, rip=203.0.113.9, lip=192.0.2.25',
  '2026-10-10T08:05:00.250+00:00 mx1 postfix/anvil[99]: statistics: max connection rate 1/60s for (smtp:203.0.113.45) at Oct 10 08:04:00',
].join('\n');

describe('postfix', () => {
  const result = postfixParser.parse(LOG, context);
  const rows = result.rows.map(named);

  it('gives a row per line, blank lines skipped, each at its line', () => {
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10]);
    for (const row of result.rows) expect(row.values.length).toBe(columns.length);
  });

  it("takes a year-less syslog time in the lab's zone and year, and an ISO time with its offset", () => {
    // 11:30 in Vienna on 9 October 2026 (summer time, +02:00) is 09:30 UTC.
    expect(rows[0]).toMatchObject({ time: Date.UTC(2026, 9, 9, 9, 30), source_zone: 'Europe/Vienna' });
    expect(rows[8]).toMatchObject({ time: Date.UTC(2026, 9, 10, 8, 5, 0, 250), source_zone: 'UTC' });
  });

  it('reads the Postfix fields that tie a message together', () => {
    expect(rows[0]).toMatchObject({
      host: 'mx1',
      program: 'postfix/smtpd',
      pid: 2101,
      queue_id: null,
      client_host: 'unknown',
      client_ip: '203.0.113.45',
    });
    expect(rows[1]).toMatchObject({
      queue_id: '4TvB3n1QkVz4wQ',
      client_ip: '203.0.113.45',
      sasl_username: 'j.doe@example.org',
    });
    expect(rows[2]).toMatchObject({
      message_id: '20261009.4471@mail.example.net',
      message: 'message-id=<20261009.4471@mail.example.net>',
    });
    expect(rows[3]).toMatchObject({ from_address: 'billing@example.net', to_address: null, status: null });
    expect(rows[4]).toMatchObject({
      to_address: 'accounts@example.com',
      relay: 'mx.example.com[198.51.100.25]:25',
      status: 'sent',
      dsn: '2.0.0',
      client_ip: null,
    });
    expect(rows[5]).toMatchObject({
      queue_id: 'NOQUEUE',
      status: 'reject',
      client_ip: '2001:db8::7',
      from_address: 'spam@example.net',
      to_address: 'x@example.org',
    });
  });

  it('reads Dovecot logins and failures', () => {
    expect(rows[6]).toMatchObject({
      program: 'dovecot',
      pid: null,
      status: 'login',
      sasl_username: 'j.doe@example.org',
      client_ip: '192.0.2.15',
    });
    expect(rows[7]).toMatchObject({
      pid: 700,
      status: 'auth failed',
      sasl_username: 'admin@example.org',
      client_ip: '203.0.113.9',
    });
  });

  it('keeps a line without known fields as a row with what parsed', () => {
    expect(rows[8]).toMatchObject({
      program: 'postfix/anvil',
      queue_id: null,
      client_ip: null,
      message: expect.stringMatching(/^statistics:/u),
    });
  });

  it('reports lines that are not syslog lines, with their numbers', () => {
    const bad = postfixParser.parse(
      [
        'Oct  9 11:30:00 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]',
        'garbage',
        'Okt  9 11:30:00 mx1 x: y',
        'Feb 30 11:30:00 mx1 postfix/smtpd[1]: z',
      ].join('\n'),
      context,
    );
    expect(bad.rows.map((row) => row.line)).toEqual([1]);
    expect(bad.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
    expect(bad.problems[0]!.reason).toMatch(/expected a syslog line/u);
    expect(bad.problems[2]!.reason).toMatch(/expected a time/u);
  });
});
