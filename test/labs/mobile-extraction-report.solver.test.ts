import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { describeTraps, withVariantTables } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/mobile-extraction-report.ts';

describeSolver('mobile-extraction-report', solve);

describeTraps('mobile-extraction-report', commonMistakes);

describe('the SQL in the hints and explanations of mobile-extraction-report', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('mobile-extraction-report')!;

  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the tables of variant %s and gives its answers',
    { timeout: 60_000 },
    async (seed) => {
      await withVariantTables(lab, seed, async ({ manifest, run, blocks, variant }) => {
        expect(manifest.problems).toEqual([]);
        expect(manifest.tables.map((table) => table.name).sort()).toEqual(['calls', 'locations', 'messages', 'photos']);
        const values = variant.values;
        for (const [task, queries] of blocks)
          for (const query of queries) await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

        const yard = await run(blocks.get('meeting-time')![0]!);
        expect(Date.parse(String(yard[0]?.[0]))).toBe(Date.parse(String(values.meeting_time)));

        const [deleted] = await run(blocks.get('deleted-count')![1]!);
        expect(Number(deleted?.[0])).toBe(values.deleted_count);

        const wolfCalls = await run(blocks.get('wolf-calls')![0]!);
        expect(wolfCalls).toHaveLength(Number(values.wolf_calls));
        const [callCount] = await run(blocks.get('wolf-calls')![1]!);
        expect(Number(callCount?.[0])).toBe(values.wolf_calls);

        const fixes = await run(blocks.get('location')![0]!);
        expect(fixes.map((row) => row[3]).sort()).toEqual(['Cell', 'GPS', 'GPS']);

        const photo = await run(blocks.get('photo-time')![0]!);
        expect(photo).toHaveLength(1);
      });
    },
  );
});
