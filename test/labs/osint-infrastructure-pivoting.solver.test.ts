import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/osint-infrastructure-pivoting.ts';
import { describeTraps, withVariantTables } from './variant-tables.ts';

describeSolver('osint-infrastructure-pivoting', solve);

describeTraps('osint-infrastructure-pivoting', commonMistakes);

describe('the SQL in the hints and explanations of osint-infrastructure-pivoting', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('osint-infrastructure-pivoting')!;

  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the tables of variant %s and gives its answers',
    { timeout: 60_000 },
    async (seed) => {
      await withVariantTables(lab, seed, async ({ manifest, run, blocks, variant }) => {
        expect(manifest.problems).toEqual([]);
        expect(manifest.tables.map((table) => table.name).sort()).toEqual([
          'capture_log',
          'ct_search',
          'ip_context',
          'page_scans',
          'passive_dns',
        ]);
        const values = variant.values;
        for (const [task, queries] of blocks)
          for (const query of queries) await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

        const [served] = await run(blocks.get('phishing-ip')![1]!);
        expect(served?.[0]).toBe(values.phishing_ip);

        const ids = await run(blocks.get('tracking-id')![1]!);
        const actorRow = ids.find((row) => row[0] === values.tracking_id);
        expect(Number(actorRow?.[2])).toBe(4);

        const certOnly = await run(blocks.get('cert-only-domain')![1]!);
        expect(certOnly.map((row) => row[0])).toEqual([values.cert_only_domain]);

        const pages = await run(blocks.get('actor-domains')![2]!);
        expect(new Set(pages.map((row) => row[0]))).toEqual(
          new Set(
            [values.start_domain, ...(values.actor_domains as string[])].filter(
              (name) => name !== values.cert_only_domain,
            ),
          ),
        );
      });
    },
  );
});
