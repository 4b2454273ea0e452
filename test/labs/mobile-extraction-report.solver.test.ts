import { expect } from 'vitest';
import { describeTraps, describeHintQueries } from './variant-tables.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/mobile-extraction-report.ts';

describeSolver('mobile-extraction-report', solve);

describeTraps('mobile-extraction-report', commonMistakes);

describeHintQueries(
  'mobile-extraction-report',
  ['calls', 'locations', 'messages', 'photos'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

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
  },
);
