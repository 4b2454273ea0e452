import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { readText, result } from '../answer-input.ts';
import { whenValid } from './when-valid.ts';

export const manualSpec = z
  .strictObject({
    kind: z.literal('manual'),
    rubric: z
      .string()
      .trim()
      .min(1)
      .describe(
        "The instructor's marking guide in Markdown: what a good answer contains and how to grade it. Never shown to " +
          'trainees before their answer is graded.',
      ),
    max_length: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(10_000)
      .describe('Longest answer accepted, in characters (default 10000, at most 100000).'),
    min_length: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'Shortest answer accepted, in characters after surrounding and repeated whitespace is removed (default 1).',
      ),
  })
  .superRefine((spec, ctx) => {
    if (spec.min_length > spec.max_length)
      ctx.addIssue({
        code: 'custom',
        path: ['min_length'],
        message: `expected min_length to be at most max_length (${spec.max_length})`,
      });
  }, whenValid);
export type ManualSpec = z.infer<typeof manualSpec>;

export const manualKind: AnswerKind<ManualSpec> = {
  name: 'manual',
  description: 'Free-form findings that an instructor grades by hand against a rubric.',
  spec: manualSpec,
  check(spec, input) {
    const read = readText(input, spec.max_length, {
      notOneValue: 'Write your findings as text.',
      tooLong: `Your answer is too long: at most ${spec.max_length} characters are accepted.`,
      empty: 'Write your findings before submitting.',
    });
    if (!read.ok) return read.result;
    const text = read.value;
    if (text.length < spec.min_length)
      return result.invalid(`Your answer is too short: write at least ${spec.min_length} characters.`);
    return {
      status: 'pending',
      feedback: 'Your findings were submitted for review by your instructor.',
      normalized: text,
    };
  },
  referenceAnswers: () => [],
  publicShape: (spec) => ({ kind: 'manual', max_length: spec.max_length }),
};
