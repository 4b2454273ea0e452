import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { withVariantTables } from './variant-tables.ts';
import { describeSolver, type EvidenceFiles } from './solver-harness.ts';
import { solve } from './solvers/procedural-powers-and-safeguards.ts';

describeSolver('procedural-powers-and-safeguards', solve);

/*
 * The mistakes the lab is about, made from the evidence as a hurried reader would make them, must be
 * graded wrong (one for each kind of answer the lab checks automatically).
 */
describe('the lab procedural-powers-and-safeguards refuses the typical mistakes', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('procedural-powers-and-safeguards')!;
  const seeds = ['mistake-seed-1', 'mistake-seed-2', 'mistake-seed-3'];

  const verdict = (seed: string, taskId: string, answer: AnswerInput) => {
    const variant = generateVariant(lab, seed);
    const task = lab.definition.tasks.find((candidate) => candidate.id === taskId)!;
    const outcome = checkAnswer(resolveTask(task, variant).answer, answer);
    return outcome.status === 'graded' ? outcome.verdict : outcome.status;
  };
  const evidenceOf = (seed: string): EvidenceFiles => {
    const variant = generateVariant(lab, seed);
    return new Map(
      lab.evidence.map((item) => [item.definition.id, Buffer.from(variant.files.get(item.definition.id)!.content)]),
    );
  };

  it.each(seeds)('%s: the local time read as UTC, and the customer the provider named, are wrong', (seed) => {
    const file = evidenceOf(seed).get('measures-file')!.toString('utf8');
    const [, day, time] = /assigned on (\d{1,2} \w+ \d{4}) at (\d\d:\d\d:\d\d) CET/u.exec(file)!;
    expect(verdict(seed, 'nat-moment', `${day} ${time} UTC`)).toBe('incorrect');
    const named = /assigned to our customer \*\*(VB-\d+)\*\*/u.exec(file)![1]!;
    expect(verdict(seed, 'nat-customer', named)).toBe('incorrect');
  });

  it.each(seeds)('%s: mappings that follow what the drafts say, not what the law requires, are not correct', (seed) => {
    const right = solve(evidenceOf(seed));
    // Every draft taken as issuable, and every item of a traffic-data order taken as traffic data.
    const allClean = Object.fromEntries(
      Object.keys(right.defects as Record<string, string>).map((app) => [app, 'none']),
    );
    expect(verdict(seed, 'defects', allClean)).not.toBe('correct');
    const asIfSubscriber = { ...(right['data-categories'] as Record<string, string>), D1: 'traffic' };
    expect(verdict(seed, 'data-categories', asIfSubscriber)).not.toBe('correct');
    const allJudge = Object.fromEntries(
      Object.keys(right.authority as Record<string, string>).map((app) => [app, 'judge']),
    );
    expect(verdict(seed, 'authority', allJudge)).not.toBe('correct');
    const basis = { ...(right['legal-basis'] as Record<string, string>) };
    for (const app of Object.keys(basis)) if (basis[app] === 'art18-1-b') basis[app] = 'art18-1-a';
    expect(verdict(seed, 'legal-basis', basis)).not.toBe('correct');
    expect(verdict(seed, 'prokuratuur', 'accept-independent')).toBe('incorrect');
  });
});

describe('the SQL in the hints and explanations of procedural-powers-and-safeguards', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('procedural-powers-and-safeguards')!;
  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the NAT table of variant %s and finds the customer',
    { timeout: 60_000 },
    async (seed) => {
      await withVariantTables(lab, seed, async ({ variant, manifest, run, blocks }) => {
        expect(manifest.problems).toEqual([]);
        // Its second hint's query, then its explanation's (the first hint has none).
        const [hintQuery, explanationQuery, ...others] = blocks.get('nat-customer')!;
        expect(others).toEqual([]);
        // The hint lists every holder of the port's block, the right one among them.
        const holders = (await run(hintQuery!)).map((row) => row[0]);
        expect(holders).toContain(variant.values.nat_customer);
        expect(holders.length).toBeGreaterThan(1);
        // The explanation's query gives exactly the right holder.
        expect((await run(explanationQuery!)).map((row) => row[0])).toEqual([variant.values.nat_customer]);
      });
    },
  );
});
