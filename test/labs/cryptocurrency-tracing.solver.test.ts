import { expect } from 'vitest';
import { describeTraps, describeHintQueries } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/cryptocurrency-tracing.ts';

describeSolver('cryptocurrency-tracing', solve);

describeTraps('cryptocurrency-tracing', commonMistakes);

describeHintQueries(
  'cryptocurrency-tracing',
  ['cluster_attribution', 'cobaltline_logins', 'tx_inputs', 'tx_outputs'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    const [ransomRow] = await run(blocks.get('chain-hops')![0]!);
    expect(ransomRow?.[4]).toBe((values.chain_txids as string[])[0]);
    const hops = await run(blocks.get('chain-hops')![1]!);
    expect(hops.map((row) => row[1])).toEqual(values.chain_txids);

    const hopTwo = await run(blocks.get('change-output')![0]!);
    const change = hopTwo.find((row) => row[4] === (values.chain_txids as string[])[2]);
    expect(`vout-${change?.[0]}`).toBe(values.change_option);

    const [total] = await run(blocks.get('exchange-total')![1]!);
    expect(Number(total?.[0])).toBeCloseTo(Number(values.exchange_total), 6);
    const listed = await run(
      blocks
        .get('exchange-total')![0]!
        .replace("'...the txids of the chain...'", (values.chain_txids as string[]).map((id) => `'${id}'`).join(', ')),
    );
    expect(listed.reduce((sum, row) => sum + Number(row[3]), 0)).toBeCloseTo(Number(values.exchange_total), 6);

    const sessions = await run(blocks.get('login-ip')![0]!);
    expect(sessions.map((row) => row[3])).toEqual([values.login_ip]);
  },
  {
    // Every complete query runs (the exchange-total hint leaves the chain's txids for the trainee to fill in).
    runnable: (sql) => !sql.includes('...'),
  },
);
