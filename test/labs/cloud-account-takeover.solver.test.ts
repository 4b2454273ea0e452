import { expect } from 'vitest';
import { consoleInstant, describeTraps, describeHintQueries } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/cloud-account-takeover.ts';

describeSolver('cloud-account-takeover', solve);

describeTraps('cloud-account-takeover', commonMistakes);

describeHintQueries(
  'cloud-account-takeover',
  ['audit_log', 'message_trace', 'signin_log'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    const [firstSigninHint, lagQuery] = blocks.get('first-signin')!;
    const foreign = (await run(firstSigninHint!)).find((row) => row[4] !== 'ZZ' && row[5] === '0');
    expect(consoleInstant(foreign?.[1])).toBe(Date.parse(String(values.first_success_time)));
    expect((await run(lagQuery!)).length).toBeGreaterThan(0);

    const ips = (await run(blocks.get('attacker-ips')![0]!)).filter((row) => row[2] !== 'ZZ').map((row) => row[0]);
    expect(new Set(ips)).toEqual(new Set(values.attacker_ips as string[]));

    const rules = await run(blocks.get('rule-name')![0]!);
    expect(rules.some((row) => String(row[6]).includes(`"Value":"${values.rule_name}"`))).toBe(true);

    const [appReads] = await run(blocks.get('oauth-app')![1]!);
    expect(Number(appReads?.[0])).toBeGreaterThan(0);

    const invoiceReads = await run(blocks.get('invoice-read')![1]!);
    expect(consoleInstant(invoiceReads[0]?.[0])).toBe(Date.parse(String(values.invoice_first_read_time)));

    const [counts] = await run(blocks.get('messages-read')![0]!);
    expect(counts?.map(Number)).toEqual([values.read_count, values.read_records]);
    const named = await run(blocks.get('messages-read')![1]!);
    expect(named.length).toBe(values.read_count);

    const [lastAccess] = await run(
      `WITH intruder AS (SELECT DISTINCT ip_address FROM signin_log
       WHERE user_principal_name = '${values.victim_upn}'
         AND json_extract_string(status, '$.errorCode') = '0'
         AND json_extract_string(location, '$.countryOrRegion') <> 'ZZ')
     ${blocks
       .get('access-end')![0]!
       .replace(/;\s*$/u, '')
       .replaceAll('(...the addresses...)', '(SELECT ip_address FROM intruder)')}`,
    );
    expect(consoleInstant(lastAccess?.[0])).toBe(Date.parse(String(values.last_attacker_time)));
  },
  {
    // Every complete query runs (the access-end hint leaves its addresses for the trainee to fill in).
    runnable: (sql) => !sql.includes('...'),
  },
);
