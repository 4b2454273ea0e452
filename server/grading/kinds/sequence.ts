import { z } from 'zod';
import type { AnswerInput, AnswerKind, CheckResult } from '../types.ts';
import { MAX_LIST_ITEMS, quote, readList, result, tidy } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved, variantReference } from './variant-reference.ts';
import { type Option, optionFinder, optionId, optionList, publicOptions } from './option-list.ts';
import { gradeWithPartialCredit, scoringOption } from './partial-credit.ts';
import { whenValid } from './when-valid.ts';

export const sequenceSpec = z
  .strictObject({
    kind: z.literal('sequence'),
    options: optionList(
      'step',
      'The steps trainees put in order. Trainees always see them sorted by id, never in this order, so the order ' +
        'here does not matter. Steps that are not in expected are distractors: an answer that uses one is not correct.',
    ),
    expected: z
      .union([variantReference, z.array(optionId).min(2)])
      .describe(
        'The ids of the steps in the right order (at least two). May leave out distractor steps. May be a variant ' +
          'reference such as "{{boot_order}}".',
      ),
    scoring: scoringOption(
      'partial',
      'How an answer is scored. "partial" (default): score = (length of the longest run of the answer that is in the ' +
        'right relative order - 1) / (number of steps - 1), so a reversed order scores 0; extra or missing steps ' +
        'lower the score. "all": correct only in exactly the right order.',
    ),
  })
  .superRefine((spec, ctx) => {
    if (!Array.isArray(spec.expected)) return; // a variant reference: checked once resolved
    const ids = new Set(spec.options.map((option) => option.id));
    spec.expected.forEach((id, index) => {
      if (!ids.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['expected', index],
          message: `expected refers to step '${id}', which is not in options`,
        });
      else if (spec.expected.indexOf(id) < index)
        ctx.addIssue({
          code: 'custom',
          path: ['expected', index],
          message: `expected lists step '${id}' more than once`,
        });
    });
  }, whenValid);
export type SequenceSpec = z.infer<typeof sequenceSpec>;

function expectedOrder(spec: SequenceSpec): string[] {
  const expected = assertResolved<string[]>(spec.expected, 'expected', 'sequence');
  if (!Array.isArray(expected) || expected.length === 0)
    throw new Error('sequence answer: expected must be a non-empty list of step ids');
  expected.forEach((id, index) => {
    if (!spec.options.some((option) => option.id === id))
      throw new Error(`sequence answer: expected refers to '${String(id)}', which is not in options`);
    if (expected.indexOf(id) < index) throw new Error(`sequence answer: expected lists '${id}' more than once`);
  });
  return expected;
}

/** Arrows people type between steps: "a > b", "a -> b", "a => b", "a → b". */
const ARROW = /-*>|=>|\u2192/u;

/** Reads the trainee's order as step ids, or says why it cannot be read. */
function readOrder(
  spec: SequenceSpec,
  input: AnswerInput,
): { ok: true; ids: string[] } | { ok: false; result: CheckResult } {
  const read = readList(input, 'steps');
  if (!read.ok) return read;
  const items =
    typeof input === 'string'
      ? read.items
          .flatMap((item) => item.split(ARROW))
          .map(tidy)
          .filter((item) => item !== '')
      : read.items;
  if (items.length === 0)
    return { ok: false, result: result.invalid('Enter the steps in order, for example "first > second > third".') };
  if (items.length > MAX_LIST_ITEMS)
    return { ok: false, result: result.invalid(`Too many items: at most ${MAX_LIST_ITEMS}.`) };
  const findOption = optionFinder(spec.options);
  const ids: string[] = [];
  for (const item of items) {
    const option = findOption(item);
    if (!option)
      return {
        ok: false,
        result: result.invalid(`${quote(item)} is not one of the steps. Use the listed steps, by id or by their text.`),
      };
    if (ids.includes(option.id))
      return {
        ok: false,
        result: result.invalid(`${quote(item)} appears more than once. Use each step at most once.`),
      };
    ids.push(option.id);
  }
  return { ok: true, ids };
}

/**
 * The length of the longest subsequence of `given` that appears in the same relative order in
 * `expected` (both without repeats): the longest increasing run of expected positions. Steps not in
 * `expected` (distractors) never count.
 */
export function longestOrderedRun(given: readonly string[], expected: readonly string[]): number {
  const position = new Map(expected.map((id, index) => [id, index]));
  const tails: number[] = [];
  for (const id of given) {
    const at = position.get(id);
    if (at === undefined) continue;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (tails[middle]! < at) low = middle + 1;
      else high = middle;
    }
    tails[low] = at;
  }
  return tails.length;
}

export const sequenceKind: AnswerKind<SequenceSpec> = {
  name: 'sequence',
  description: 'Steps to put in the right order, with partial credit for the longest run in the right relative order.',
  spec: sequenceSpec,
  check(spec, input) {
    const expected = expectedOrder(spec);
    const read = readOrder(spec, input);
    if (!read.ok) return read.result;
    const given = read.ids;
    return gradeWithPartialCredit({
      normalized: given.join(' > '),
      complete: given.length === expected.length && given.every((id, index) => id === expected[index]),
      scoring: spec.scoring,
      score: () => {
        const length = Math.max(expected.length, given.length);
        return length <= 1 ? 0 : Math.max(0, (longestOrderedRun(given, expected) - 1) / (length - 1));
      },
      feedback:
        'Partly right: some of your steps are in the right relative order, but the sequence is not complete or not ' +
        'entirely right.',
    });
  },
  referenceAnswers: (spec) => [expectedOrder(spec)],
  publicShape: (spec) => ({ kind: 'sequence', options: byId(spec.options) }),
  lint(spec) {
    if (isReference(spec.expected)) return [];
    const shown = byId(spec.options)
      .map((option) => option.id)
      .filter((id) => spec.expected.includes(id));
    if (shown.every((id, index) => id === spec.expected[index])) {
      return [
        'sequence: the step ids sort in the expected order, and trainees see the steps sorted by id, so the list ' +
          'gives the answer away; use ids that do not follow the order (not step1, step2, ...)',
      ];
    }
    return [];
  },
};

/** The steps as trainees see them: sorted by id, so the list never follows the expected order. */
function byId(options: readonly Option[]): Option[] {
  return publicOptions(options).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
