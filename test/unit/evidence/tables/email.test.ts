import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import generate from '../../../../labs/bec-ministry-supplier/generate.ts';
import { emailParser } from '../../../../server/evidence/tables/email.ts';
import type { Cell, Row } from '../../../../server/evidence/tables/types.ts';
import { createRandom } from '../../../../server/labs/random.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };

/** A row as an object by column name, for readable assertions. */
function named(row: Row): Record<string, Cell> {
  const table = emailParser.tables!.find((spec) => spec.name === row.table)!;
  return Object.fromEntries(table.columns.map((column, index) => [column.name, row.values[index]!]));
}

const rowsOf = (rows: Row[], table: string) => rows.filter((row) => row.table === table).map(named);

describe('email', () => {
  it('reads every message of a generated bec-ministry-supplier variant', () => {
    const seed = 'tables-test';
    const variant = generate({ seed, random: createRandom(`bec-ministry-supplier:${seed}`) });
    const messages = Object.entries(variant.files).filter(([name]) => name.endsWith('.eml'));
    expect(messages.length).toBe(5);
    for (const [, content] of messages) {
      const text = String(content);
      const result = emailParser.parse(text, context);
      expect(result.problems).toEqual([]);
      const [message] = rowsOf(result.rows, 'messages');
      expect(message!.date).toEqual(expect.any(Number));
      expect(message!.from_address).toMatch(/@/u);
      const hops = rowsOf(result.rows, 'received_hops');
      expect(hops.length).toBe(text.split(/\r?\n\r?\n/u)[0]!.match(/^Received:/gmu)?.length ?? 0);
      for (const hop of hops) expect(hop.time).toEqual(expect.any(Number));
    }
  });

  it('reads the sample-phishing-report message: sender, authentication results, hops in UTC', () => {
    const text = readFileSync('labs/sample-phishing-report/evidence/invoice-reminder.eml', 'utf8');
    const result = emailParser.parse(text, context);
    expect(result.problems).toEqual([]);
    const [message] = rowsOf(result.rows, 'messages');
    expect(message).toMatchObject({
      message_index: 0,
      date: Date.UTC(2024, 2, 12, 8, 11, 52),
      source_zone: 'UTC',
      from_address: 'billing@examp1e-supplies.example',
      from_name: 'Example Supplies Ltd - Accounts',
      reply_to_address: 'accounts.examplesupplies@webmail.example.net',
      to_addresses: 'accounts@lindqvist-dental.example',
      message_id: '20240312081419.2E7B0412A3@mail.examp1e-supplies.example',
      return_path: 'billing@examp1e-supplies.example',
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
    });
    expect(result.rows.find((row) => row.table === 'messages')!.line).toBe(1);
    const hops = rowsOf(result.rows, 'received_hops');
    expect(hops.map((hop) => hop.hop)).toEqual([1, 2, 3]);
    expect(hops[1]).toMatchObject({
      from_host: 'mail.examp1e-supplies.example',
      from_ip: '203.0.113.45',
      by_host: 'mx-in.lindqvist-dental.example',
      with_protocol: 'ESMTPS',
      id: '6C1F21A0093',
      for_address: 'accounts@lindqvist-dental.example',
      // 09:14:25 +0100 (CET) is 08:14:25 UTC.
      time: Date.UTC(2024, 2, 12, 8, 14, 25),
      source_zone: '+01:00',
    });
    // The hop's row is at the line of its Received header.
    const hopRows = result.rows.filter((row) => row.table === 'received_hops');
    expect(text.split('\n')[hopRows[1]!.line - 1]).toMatch(/^Received: from mail\.examp1e-supplies/u);
  });

  it('reads each message of an mbox at the line of its envelope, and reports what does not parse', () => {
    const text = [
      'From alice@example.org Fri Oct  9 11:30:00 2026',
      'From: Alice <alice@example.org>',
      'To: bob@example.com, Carol <carol@example.net>',
      'Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=',
      'Date: Fri, 9 Oct 2026 11:30:00 +0200',
      'Received: from ws-042.example.org (ws-042.example.org [IPv6:2001:db8:0::5])',
      '  by mx.example.com with ESMTP id 4AB12; Fri, 9 Oct 2026 11:30:01 +0200',
      '',
      'Hello.',
      '>From the desk of Alice.',
      '',
      'From bob@example.com Fri Oct  9 12:00:00 2026',
      'From: bob@example.com',
      'this is not a header',
      'Date: sometime on Friday',
      'Received: by mx.example.com; not a date',
      '',
      'Body.',
    ].join('\n');
    const result = emailParser.parse(text, context);
    const messages = result.rows.filter((row) => row.table === 'messages');
    expect(messages.map((row) => row.line)).toEqual([1, 12]);
    const [first, second] = messages.map(named);
    expect(first).toMatchObject({
      to_addresses: 'bob@example.com, carol@example.net',
      subject: 'Grüße',
      date: Date.UTC(2026, 9, 9, 9, 30),
      source_zone: '+02:00',
      spf: null,
    });
    expect(second).toMatchObject({ message_index: 1, from_address: 'bob@example.com', date: null });
    const hops = result.rows.filter((row) => row.table === 'received_hops');
    expect(hops.map((row) => [row.line, named(row).from_ip ?? null])).toEqual([
      [6, '2001:db8::5'],
      [16, null],
    ]);
    expect(result.problems.map((problem) => problem.line)).toEqual([14, 15, 16]);
    expect(result.problems[0]!.reason).toMatch(/expected a header/u);
    expect(result.problems[1]!.reason).toMatch(/Date header/u);
  });

  it('reports text that is not an e-mail', () => {
    const result = emailParser.parse('\n\nnot an e-mail at all\n', context);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([{ line: 3, reason: expect.stringMatching(/expected a header/u) }]);
  });
});
