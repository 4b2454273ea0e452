import { describe, expect, it } from 'vitest';
import { bindQueryParser } from '../../../../server/evidence/tables/bind.ts';
import type { Cell, Row } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };
const columns = bindQueryParser.tables![0]!.columns.map((column) => column.name);

/** A row as an object by column name, for readable assertions. */
function named(row: Row): Record<string, Cell> {
  return Object.fromEntries(columns.map((name, index) => [name, row.values[index]!]));
}

describe('bind-query', () => {
  it("reads query lines of the formats BIND writes, times in the lab's zone", () => {
    const text = [
      '09-Oct-2026 11:30:00.123 client @0x7f3a2c001e10 192.0.2.10#53211 (www.example.com): query: www.example.com IN A +E(0)K (198.51.100.53)',
      '',
      '09-Oct-2026 11:30:01.500 queries: info: client @0x7f3a2c001e10 2001:db8:0:0::10#40000 (example.org): view internal: query: example.org IN MX -ED (2001:db8::53)',
      '10-Oct-2026 00:00:00 client 192.0.2.11#1024: query: exfil.example.net IN TXT + (198.51.100.53)',
    ].join('\n');
    const result = bindQueryParser.parse(text, context);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([1, 3, 4]);
    const [first, second, third] = result.rows.map(named);
    expect(first).toEqual({
      // 11:30 in Vienna on 9 October 2026 (+02:00) is 09:30 UTC.
      time: Date.UTC(2026, 9, 9, 9, 30, 0, 123),
      client_ip: '192.0.2.10',
      client_port: 53211,
      query_name: 'www.example.com',
      query_class: 'IN',
      query_type: 'A',
      flags: '+E(0)K',
      server_ip: '198.51.100.53',
      view: null,
      source_zone: 'Europe/Vienna',
    });
    expect(second).toMatchObject({
      client_ip: '2001:db8::10',
      query_type: 'MX',
      flags: '-ED',
      server_ip: '2001:db8::53',
      view: 'internal',
    });
    expect(third).toMatchObject({
      time: Date.UTC(2026, 9, 9, 22, 0, 0),
      query_name: 'exfil.example.net',
      query_type: 'TXT',
    });
  });

  it('reports lines that are not query lines, with their numbers', () => {
    const text = [
      '09-Oct-2026 11:30:00.123 client @0x7f 192.0.2.10#53211 (a.example.com): query: a.example.com IN A + (198.51.100.53)',
      '09-Oct-2026 11:30:00.123 general: info: zone example.com/IN: loaded serial 2026100901',
      '31-Feb-2026 11:30:00.123 client 192.0.2.10#53211: query: a.example.com IN A + (198.51.100.53)',
      '09-Oct-2026 11:30:00.123 client 192.0.2.999#53211: query: a.example.com IN A + (198.51.100.53)',
    ].join('\n');
    const result = bindQueryParser.parse(text, context);
    expect(result.rows.map((row) => row.line)).toEqual([1]);
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
    expect(result.problems[0]!.reason).toMatch(/expected a BIND query line/u);
    expect(result.problems[1]!.reason).toMatch(/expected a time/u);
    expect(result.problems[2]!.reason).toMatch(/client's address/u);
  });
});
