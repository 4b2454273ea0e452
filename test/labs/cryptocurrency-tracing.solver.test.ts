import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { describeTraps, withVariantTables } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/cryptocurrency-tracing.ts';

describeSolver('cryptocurrency-tracing', solve);

describeTraps('cryptocurrency-tracing', commonMistakes);

describe('the SQL in the hints and explanations of cryptocurrency-tracing', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('cryptocurrency-tracing')!;

  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the tables of variant %s and gives its answers',
    { timeout: 60_000 },
    async (seed) => {
      await withVariantTables(lab, seed, async ({ manifest, run, blocks, variant }) => {
        expect(manifest.problems).toEqual([]);
        expect(manifest.tables.map((table) => table.name).sort()).toEqual([
          'cluster_attribution',
          'cobaltline_logins',
          'tx_inputs',
          'tx_outputs',
        ]);
        const values = variant.values;
        // Every complete query runs (the exchange-total hint leaves the chain's txids for the trainee to fill in).
        for (const [task, queries] of blocks)
          for (const query of queries.filter((sql) => !sql.includes('...')))
            await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

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
            .replace(
              "'...the txids of the chain...'",
              (values.chain_txids as string[]).map((id) => `'${id}'`).join(', '),
            ),
        );
        expect(listed.reduce((sum, row) => sum + Number(row[3]), 0)).toBeCloseTo(Number(values.exchange_total), 6);

        const sessions = await run(blocks.get('login-ip')![0]!);
        expect(sessions.map((row) => row[3])).toEqual([values.login_ip]);
      });
    },
  );
});
