import { describe, expect, it } from 'vitest';
import { squidParser } from '../../../../server/evidence/tables/squid.ts';
import type { Cell, Row } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };
const columns = squidParser.tables![0]!.columns.map((column) => column.name);

/** A row as an object by column name, for readable assertions. */
function named(row: Row): Record<string, Cell> {
  return Object.fromEntries(columns.map((name, index) => [name, row.values[index]!]));
}

describe('squid', () => {
  it("reads native access.log lines, times as UTC whatever the lab's zone", () => {
    const text = [
      '1791538200.123    245 192.0.2.10 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/198.51.100.80 text/html',
      '',
      '1791538201.5      12 2001:db8::10 TCP_TUNNEL/200 88213 CONNECT upload.example.net:443 j.doe HIER_DIRECT/2001:db8::443 -',
      '1791538202.000      0 192.0.2.11 TCP_DENIED/403 3921 GET http://blocked.example.org/ - HIER_NONE/- text/html; charset=utf-8',
    ].join('\n');
    const result = squidParser.parse(text, context);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([1, 3, 4]);
    const [first, second, third] = result.rows.map(named);
    expect(first).toEqual({
      time: 1791538200123,
      elapsed_ms: 245,
      client_ip: '192.0.2.10',
      result_code: 'TCP_MISS',
      status: 200,
      bytes: 5120,
      method: 'GET',
      url: 'http://www.example.com/',
      user: null,
      hierarchy: 'HIER_DIRECT',
      peer_ip: '198.51.100.80',
      content_type: 'text/html',
      source_zone: 'UTC',
    });
    expect(new Date(first!.time as number).toISOString()).toBe('2026-10-09T09:30:00.123Z');
    expect(second).toMatchObject({
      time: 1791538201500,
      method: 'CONNECT',
      user: 'j.doe',
      peer_ip: '2001:db8::443',
      content_type: null,
    });
    expect(third).toMatchObject({
      result_code: 'TCP_DENIED',
      status: 403,
      hierarchy: 'HIER_NONE',
      peer_ip: null,
      content_type: 'text/html; charset=utf-8',
    });
  });

  it('reports lines that are not access.log lines, with their numbers', () => {
    const text = [
      '1791538200.123    245 192.0.2.10 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/198.51.100.80 text/html',
      '1791538200.123    245 192.0.2.10 TCP_MISS/200 5120 GET',
      'yesterday    245 192.0.2.10 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/198.51.100.80 text/html',
      '1791538200.123    245 192.0.2.10 TCP_MISS 5120 GET http://www.example.com/ - HIER_DIRECT/198.51.100.80 text/html',
      '1791538200.123    245 client-7 TCP_MISS/200 5120 GET http://www.example.com/ - HIER_DIRECT/198.51.100.80 text/html',
    ].join('\n');
    const result = squidParser.parse(text, context);
    expect(result.rows.map((row) => row.line)).toEqual([1]);
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5]);
    expect(result.problems[0]!.reason).toMatch(/expected a Squid access.log line/u);
    expect(result.problems[1]!.reason).toMatch(/seconds since 1970/u);
    expect(result.problems[2]!.reason).toMatch(/TCP_MISS\/200/u);
    expect(result.problems[3]!.reason).toMatch(/client's address/u);
  });
});
