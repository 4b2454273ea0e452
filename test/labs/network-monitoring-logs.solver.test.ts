import { expect } from 'vitest';
import { consoleInstant, describeTraps, describeHintQueries } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/network-monitoring-logs.ts';

describeSolver('network-monitoring-logs', solve);

describeTraps('network-monitoring-logs', commonMistakes);

describeHintQueries(
  'network-monitoring-logs',
  ['conn_log', 'dns_log', 'http_log', 'kerberos_log', 'ssl_log'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    // The pairs: the beacon is the outside pair with a small, non-zero spread of its gaps.
    const pairs = await run(blocks.get('beacon-host')![0]!);
    const beacon = pairs.find((row) => row[1] === values.c2_ip);
    expect(beacon?.[0]).toBe(values.beacon_ip);
    expect(Number(beacon?.[3])).toBe(values.beacon_count);
    const relative = Number(beacon?.[5]) / Number(beacon?.[4]);
    expect(relative).toBeGreaterThan(0.01);
    expect(relative).toBeLessThan(0.2);
    const ntp = pairs.find((row) => row[2] === '123');
    expect(Number(ntp?.[5] ?? Number.NaN)).toBe(0);

    const [gaps] = await run(blocks.get('beacon-interval')![0]!);
    const interval = Number(values.beacon_interval);
    expect(Math.abs(Number(gaps?.[0]) - interval) / interval).toBeLessThan(0.05);
    expect(Math.abs(Number(gaps?.[1]) - interval) / interval).toBeLessThan(0.05);

    const names = await run(blocks.get('c2-domain')![0]!);
    expect(names.map((row) => row[0])).toEqual([values.c2_domain]);

    const [first] = await run(blocks.get('first-contact')![0]!);
    expect(Math.floor(consoleInstant(first?.[0]) / 1000) * 1000).toBe(Date.parse(String(values.first_contact_time)));

    const sent = await run(blocks.get('exfil-volume')![0]!);
    expect(sent[0]?.[0]).toBe(values.exfil_sni);
    expect(Number(sent[0]?.[3])).toBe(values.exfil_bytes);
    expect(
      sent
        .filter((row) => row[1] === values.storage_ip)
        .map((row) => row[0])
        .sort(),
    ).toEqual([values.exfil_sni, values.own_bucket].sort());

    const sessions = await run(blocks.get('exfil-server')![0]!);
    const afternoon = sessions.filter((row) => consoleInstant(row[0]) >= Date.parse(String(values.exfil_start_time)));
    expect(new Set(afternoon.map((row) => row[1]))).toEqual(new Set([values.exfil_sni]));
    expect(new Set(afternoon.map((row) => row[2]))).toEqual(new Set([values.exfil_ja3]));

    const tickets = await run(blocks.get('account-used')![0]!);
    const [, adminUser] = String(values.admin_account).split('\\');
    const beforeUpload = tickets.filter(
      (row) =>
        consoleInstant(row[0]) < Date.parse(String(values.exfil_start_time)) &&
        consoleInstant(row[0]) > Date.parse(String(values.exfil_start_time)) - 3600_000 * 2,
    );
    expect(new Set(beforeUpload.map((row) => String(row[2]).split('/')[0]))).toEqual(new Set([adminUser]));
  },
  {
    title: 'the SQL in the hints of network-monitoring-logs',
    runnable: false,
  },
);
