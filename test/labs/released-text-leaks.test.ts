import { describe, expect, it } from 'vitest';
import { findAnswerLeaks, tasksThatMayBeOpen } from '../../server/labs/answer-leaks.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';

/*
 * The leak property over every shipped lab: for 20 variants (the seeds `npm run lab -- check
 * <lab> --seeds 20` uses), no explanation or hint, as it is released, contains a piece that the
 * checker of a task that can still be open at that moment accepts. The rule and what "can still be
 * open" means are in server/labs/answer-leaks.ts; the runtime masking is the second line of defence
 * and is tested through the API in test/api/answer-leak.test.ts.
 */

const shipped = await loadLibrary('labs');
const labIds = [...shipped.labs.keys()];
const SEEDS = Array.from({ length: 20 }, (_, index) => `seed-${index + 1}`);

describe('released texts of the shipped labs', () => {
  it('every shipped lab loads', () => {
    expect(shipped.failures).toEqual([]);
    expect(labIds.length).toBeGreaterThan(0);
  });

  it.each(labIds)(
    '%s: no explanation or hint gives away the answer of a task that can still be open, in 20 variants',
    (labId) => {
      // The leak part of the check (the rest of `lab check` runs in shipped-labs.test.ts), one variant at a time.
      const lab = shipped.labs.get(labId)!;
      const leaks: string[] = [];
      for (const seed of lab.generator ? SEEDS : ['fixed']) {
        const variant = generateVariant(lab, seed);
        const resolved = new Map(lab.definition.tasks.map((task) => [task.id, resolveTask(task, variant)]));
        for (const leak of findAnswerLeaks(lab.definition.tasks, resolved, variant.values))
          leaks.push(`seed ${seed}: ${leak.task} ${leak.field} gives away ${leak.leaks} (${leak.found})`);
      }
      expect(leaks).toEqual([]);
    },
    180_000,
  );
});

describe('which tasks can still be open when a text is released', () => {
  const tasks = [
    { id: 'a', requires: [] },
    { id: 'b', requires: ['a'] },
    { id: 'c', requires: ['b'] },
    { id: 'd', requires: [] },
  ];

  it("every other task, except the ones the text's task requires directly or through others", () => {
    expect(tasksThatMayBeOpen(tasks, 'c')).toEqual(['d']);
    // A task that requires this one is open while this one's hints are bought, and when it is settled.
    expect(tasksThatMayBeOpen(tasks, 'a')).toEqual(['b', 'c', 'd']);
    expect(tasksThatMayBeOpen(tasks, 'd')).toEqual(['a', 'b', 'c']);
  });
});
