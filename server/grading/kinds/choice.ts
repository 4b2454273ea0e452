import { z } from 'zod';
import type { AnswerInput, AnswerKind, CheckResult } from '../types.ts';
import { MAX_SCALAR_INPUT, alternatives, quote, readList, readScalar, result, tidy } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved, variantReference } from './variant-reference.ts';
import { optionFinder, optionId, optionList, publicOptions } from './option-list.ts';
import { gradeWithPartialCredit, scoringOption } from './partial-credit.ts';
import { whenValid } from './when-valid.ts';

export const choiceSpec = z
  .strictObject({
    kind: z.literal('choice'),
    options: optionList('option', 'The options trainees choose from, shown in this order.'),
    expected: z
      .union([variantReference, optionId, z.array(optionId).min(1)])
      .describe(
        'The id of the right option, or for multiple choice the list of ids of all right options. May be a variant ' +
          'reference such as "{{right_option}}".',
      ),
    multiple: z
      .boolean()
      .default(false)
      .describe('Let trainees pick several options (checkboxes). Default false: exactly one option is picked.'),
    scoring: scoringOption(
      'all',
      'How a multiple-choice answer is scored. "all" (default): correct only when exactly the right options are ' +
        'picked. "partial": score = (right picks - wrong picks) / number of right options, at least 0.',
    ),
  })
  .superRefine((spec, ctx) => {
    if (isReference(spec.expected)) return; // a variant reference: checked once resolved
    const expected = alternatives(spec.expected);
    const ids = new Set(spec.options.map((option) => option.id));
    expected.forEach((id, index) => {
      if (!ids.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['expected', ...(Array.isArray(spec.expected) ? [index] : [])],
          message: `expected refers to option '${id}', which is not in options`,
        });
    });
    if (new Set(expected).size !== expected.length)
      ctx.addIssue({ code: 'custom', path: ['expected'], message: 'expected lists the same option more than once' });
    if (!spec.multiple && expected.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['expected'],
        message: 'expected one option id for a single choice; set multiple: true if several options are right',
      });
    }
    if (spec.multiple && expected.length >= spec.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['expected'],
        message: 'expected lists every option, so picking everything would be correct; add at least one wrong option',
      });
    }
  }, whenValid);
export type ChoiceSpec = z.infer<typeof choiceSpec>;

function expectedIds(spec: ChoiceSpec): string[] {
  const expected = alternatives(assertResolved<string | string[]>(spec.expected, 'expected', 'choice'));
  if (!spec.multiple && expected.length !== 1)
    throw new Error('choice answer: a single choice needs exactly one expected option');
  for (const id of expected) {
    if (typeof id !== 'string' || !spec.options.some((option) => option.id === id))
      throw new Error(`choice answer: expected refers to '${String(id)}', which is not in options`);
  }
  return expected;
}

/** Reads the trainee's picks as option ids, or says why they cannot be read. */
function readPicks(
  spec: ChoiceSpec,
  input: AnswerInput,
): { ok: true; ids: string[] } | { ok: false; result: CheckResult } {
  if (!spec.multiple) {
    const findOption = optionFinder(spec.options);
    if (Array.isArray(input) && input.length > 1) return { ok: false, result: result.invalid('Pick only one option.') };
    const read = readScalar(input, 'an option', MAX_SCALAR_INPUT);
    if (!read.ok) return { ok: false, result: result.invalid('Pick one of the listed options.') };
    const option = findOption(read.value);
    if (option) return { ok: true, ids: [option.id] };
    const parts = read.value
      .split(/[,;]/u)
      .map(tidy)
      .filter((part) => part !== '');
    if (parts.length > 1 && parts.every((part) => findOption(part)))
      return { ok: false, result: result.invalid('Pick only one option.') };
    return {
      ok: false,
      result: result.invalid(`${quote(read.value)} is not one of the options. Pick one of the listed options.`),
    };
  }
  const read = readList(input, 'options');
  if (!read.ok) return read;
  const findOption = optionFinder(spec.options);
  const ids: string[] = [];
  for (const item of read.items) {
    const option = findOption(item);
    if (!option)
      return {
        ok: false,
        result: result.invalid(`${quote(item)} is not one of the options. Pick from the listed options.`),
      };
    ids.push(option.id);
  }
  return { ok: true, ids: [...new Set(ids)] };
}

/** Sorted ids joined by ", ": the canonical form of an unordered pick. */
function sortedIds(ids: Iterable<string>): string {
  return [...new Set(ids)].sort().join(', ');
}

export const choiceKind: AnswerKind<ChoiceSpec> = {
  name: 'choice',
  description: 'Single or multiple choice among listed options, answered by option id or label.',
  spec: choiceSpec,
  check(spec, input) {
    const expected = new Set(expectedIds(spec));
    const read = readPicks(spec, input);
    if (!read.ok) return read.result;
    const normalized = sortedIds(read.ids);
    const right = read.ids.filter((id) => expected.has(id)).length;
    const wrong = read.ids.length - right;
    return gradeWithPartialCredit({
      normalized,
      complete: right === expected.size && wrong === 0,
      // A single choice is right or wrong: there is nothing to share out.
      scoring: spec.multiple ? spec.scoring : 'all',
      score: () => Math.max(0, (right - wrong) / expected.size),
      feedback: 'Partly right: some of your picks are correct, but the answer is not complete or contains wrong picks.',
    });
  },
  referenceAnswers(spec) {
    const expected = expectedIds(spec);
    return spec.multiple ? [expected] : [expected[0]!];
  },
  publicShape: (spec) => ({ kind: 'choice', multiple: spec.multiple, options: publicOptions(spec.options) }),
};
