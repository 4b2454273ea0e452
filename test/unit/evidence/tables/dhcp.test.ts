import { describe, expect, it } from 'vitest';
import { dhcpLeasesParser, dhcpLogParser } from '../../../../server/evidence/tables/dhcp.ts';
import type { Cell, EvidenceParser, Row } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };

/** A row as an object by column name, for readable assertions. */
function named(parser: EvidenceParser, row: Row): Record<string, Cell> {
  const columns = parser.tables!.find((table) => table.name === row.table)!.columns;
  return Object.fromEntries(columns.map((column, index) => [column.name, row.values[index]!]));
}

// A fictional dhcpd.leases in ISC's own layout, with the statements dhcpd writes around the leases.
const LEASES = [
  '# The format of this file is documented in the dhcpd.leases(5) manual page.',
  '# This lease file was written by isc-dhcp-4.4.3',
  '',
  '# authoring-byte-order entry is generated, DO NOT DELETE',
  'authoring-byte-order little-endian;',
  '',
  'lease 192.0.2.15 {',
  '  starts 3 2026/10/07 08:01:12;',
  '  ends 3 2026/10/07 20:01:12;',
  '  cltt 3 2026/10/07 08:01:12;',
  '  binding state active;',
  '  next binding state free;',
  '  rewind binding state free;',
  '  hardware ethernet 00:00:5E:00:53:01;',
  '  uid "\\001\\000\\000^\\000S\\001";',
  '  client-hostname "WS-042";',
  '}',
  'lease 192.0.2.16 { starts 4 2026/10/08 09:00:00; ends never; hardware ethernet 00:00:5e:00:53:02; }',
  'lease 192.0.2.17 {',
  '  starts epoch 1791360072; # Wed Oct 07 08:01:12 2026',
  '  binding state free;',
  '}',
  'server-duid "\\000\\001\\000\\001";',
].join('\n');

describe('dhcp-leases', () => {
  it('gives a row per lease block at the line it starts, times in UTC', () => {
    const result = dhcpLeasesParser.parse(LEASES, context);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([7, 18, 19]);
    const [first, second, third] = result.rows.map((row) => named(dhcpLeasesParser, row));
    expect(first).toEqual({
      ip: '192.0.2.15',
      starts: Date.UTC(2026, 9, 7, 8, 1, 12),
      ends: Date.UTC(2026, 9, 7, 20, 1, 12),
      cltt: Date.UTC(2026, 9, 7, 8, 1, 12),
      mac: '00:00:5e:00:53:01',
      client_hostname: 'WS-042',
      binding_state: 'active',
      source_zone: 'UTC',
    });
    expect(second).toMatchObject({ ip: '192.0.2.16', ends: null, mac: '00:00:5e:00:53:02', client_hostname: null });
    expect(third).toMatchObject({ starts: 1791360072000, binding_state: 'free' });
  });

  it('reports bad statements, bad addresses and an unterminated block with their lines', () => {
    const text = [
      'lease 192.0.2.300 {',
      '  starts 3 2026/13/07 08:01:12;',
      '  hardware ethernet zz:00:5e:00:53:01;',
      '}',
      'lease 192.0.2.20 {',
      '  starts 3 2026/10/07 08:01:12;',
      '  client-hostname "WS-050";',
    ].join('\n');
    const result = dhcpLeasesParser.parse(text, context);
    expect(result.rows.map((row) => row.line)).toEqual([1]);
    expect(result.problems.map((problem) => problem.line)).toEqual([1, 2, 3, 5]);
    expect(result.problems[0]!.reason).toMatch(/expected an IP address/u);
    expect(result.problems[1]!.reason).toMatch(/expected "starts/u);
    expect(result.problems[2]!.reason).toMatch(/expected a MAC address/u);
    expect(result.problems[3]!.reason).toMatch(/expected "\}" to close/u);
  });
});

const LOG = [
  'Oct  7 10:01:10 dhcp1 dhcpd[901]: DHCPDISCOVER from 00:00:5e:00:53:01 (WS-042) via eth0',
  'Oct  7 10:01:11 dhcp1 dhcpd[901]: DHCPOFFER on 192.0.2.15 to 00:00:5e:00:53:01 (WS-042) via eth0',
  'Oct  7 10:01:12 dhcp1 dhcpd[901]: DHCPREQUEST for 192.0.2.15 (192.0.2.1) from 00:00:5e:00:53:01 (WS-042) via eth0',
  'Oct  7 10:01:12 dhcp1 dhcpd[901]: DHCPACK on 192.0.2.15 to 00:00:5e:00:53:01 (WS-042) via eth0',
  '',
  'Oct  7 10:05:00 dhcp1 dhcpd[901]: DHCPINFORM from 192.0.2.40 via eth0',
  'Oct  7 10:06:00 dhcp1 dhcpd[901]: Wrote 3 leases to leases file.',
  'not a syslog line',
].join('\n');

describe('dhcp-log', () => {
  const result = dhcpLogParser.parse(LOG, context);
  const rows = result.rows.map((row) => named(dhcpLogParser, row));

  it("reads the DHCP exchange, times in the lab's zone", () => {
    expect(result.rows.map((row) => row.line)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(rows[0]).toMatchObject({
      // 10:01 in Vienna on 7 October 2026 (+02:00) is 08:01 UTC.
      time: Date.UTC(2026, 9, 7, 8, 1, 10),
      source_zone: 'Europe/Vienna',
      host: 'dhcp1',
      pid: 901,
      message_type: 'DHCPDISCOVER',
      ip: null,
      mac: '00:00:5e:00:53:01',
      client_hostname: 'WS-042',
      interface: 'eth0',
    });
    expect(rows[2]).toMatchObject({
      message_type: 'DHCPREQUEST',
      ip: '192.0.2.15',
      server_ip: '192.0.2.1',
      mac: '00:00:5e:00:53:01',
    });
    expect(rows[3]).toMatchObject({
      message_type: 'DHCPACK',
      ip: '192.0.2.15',
      client_hostname: 'WS-042',
      server_ip: null,
    });
    expect(rows[4]).toMatchObject({ message_type: 'DHCPINFORM', ip: '192.0.2.40', mac: null });
    expect(rows[5]).toMatchObject({ message_type: null, message: 'Wrote 3 leases to leases file.' });
  });

  it('reports a line that is not a syslog line', () => {
    expect(result.problems).toEqual([{ line: 8, reason: expect.stringMatching(/expected a syslog line/u) }]);
  });
});
