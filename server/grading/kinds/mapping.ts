import { z } from 'zod';
import type { AnswerInput, AnswerKind, CheckResult } from '../types.ts';
import { MAX_LIST_ITEMS, MAX_SCALAR_INPUT, quote, result, tidy } from '../answer-input.ts';
import { assertResolved, variantReference } from './variant-reference.ts';
import { foldKey, type Option, optionFinder, optionKeys, optionList, publicOptions } from './option-list.ts';
import { gradeWithPartialCredit, scoringOption } from './partial-credit.ts';
import { whenValid } from './when-valid.ts';

export const mappingSpec = z
  .strictObject({
    kind: z.literal('mapping'),
    items: optionList('item', 'The things trainees label (files, messages, devices), shown in this order.', 1),
    labels: optionList(
      'label',
      'The labels trainees choose from for each item, such as relevant / irrelevant / contraband.',
    ),
    expected: z
      .union([variantReference, z.record(z.string(), z.string())])
      .describe(
        'The right label for every item: an object from item id to label id, covering every item. May be a variant ' +
          'reference such as "{{file_labels}}".',
      ),
    scoring: scoringOption(
      'partial',
      'How an answer is scored. "partial" (default): the fraction of items labelled right; items left out count as ' +
        'wrong. "all": correct only when every item is labelled right.',
    ),
  })
  .superRefine((spec, ctx) => {
    if (typeof spec.expected === 'string') return; // a variant reference: checked once resolved
    for (const problem of expectedProblems(spec.items, spec.labels, spec.expected))
      ctx.addIssue({ code: 'custom', path: ['expected', ...problem.path], message: problem.message });
  }, whenValid);
export type MappingSpec = z.infer<typeof mappingSpec>;

function expectedProblems(
  items: readonly Option[],
  labels: readonly Option[],
  expected: Record<string, unknown>,
): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  for (const [itemId, labelId] of Object.entries(expected)) {
    if (!items.some((item) => item.id === itemId))
      problems.push({ path: [itemId], message: `expected labels item '${itemId}', which is not in items` });
    else if (typeof labelId !== 'string' || !labels.some((label) => label.id === labelId)) {
      problems.push({
        path: [itemId],
        message: `expected gives item '${itemId}' the label '${String(labelId)}', which is not in labels`,
      });
    }
  }
  for (const item of items)
    if (!Object.hasOwn(expected, item.id))
      problems.push({ path: [], message: `expected has no label for item '${item.id}'; every item needs one` });
  return problems;
}

function expectedMapping(spec: MappingSpec): Map<string, string> {
  const expected = assertResolved<Record<string, string>>(spec.expected, 'expected', 'mapping');
  if (!expected || typeof expected !== 'object' || Array.isArray(expected))
    throw new Error('mapping answer: expected must be an object from item id to label id');
  const problems = expectedProblems(spec.items, spec.labels, expected);
  if (problems.length > 0) throw new Error(`mapping answer: ${problems[0]!.message}`);
  return new Map(spec.items.map((item) => [item.id, expected[item.id]!]));
}

type Finder = (typed: string) => Option | undefined;

/**
 * Finds the item and label of one typed line such as "photo_01.jpg: contraband" or "photo_01.jpg = 2".
 * The line is read from its end: it must end with a label (id or text), then ":" or "=", and the rest
 * is the item, so item names may themselves contain ":" (C:\Users\...). Work per line is bounded by
 * the number of label keys, whatever the line holds.
 */
function splitLine(
  line: string,
  labelKeys: readonly string[],
  findItem: Finder,
  findLabel: Finder,
): { item: Option; label: Option } | undefined {
  const folded = foldKey(line);
  for (const key of labelKeys) {
    if (!folded.endsWith(key)) continue;
    const rest = folded.slice(0, folded.length - key.length).trimEnd();
    if (!rest.endsWith(':') && !rest.endsWith('=')) continue;
    const item = findItem(rest.slice(0, -1).trim());
    const label = findLabel(key);
    if (item && label) return { item, label };
  }
  return undefined;
}

/** Reads the trainee's labelling as item id → label id, or says why it cannot be read. */
function readMapping(
  spec: MappingSpec,
  input: AnswerInput,
): { ok: true; given: Map<string, string> } | { ok: false; result: CheckResult } {
  const pairs: { item: Option; label: Option; typed: string }[] = [];
  const findItem = optionFinder(spec.items);
  const findLabel = optionFinder(spec.labels);
  const labelKeys = spec.labels.flatMap(optionKeys).sort((a, b) => b.length - a.length);
  if (typeof input === 'string' || Array.isArray(input)) {
    if (typeof input === 'string' && input.length > MAX_SCALAR_INPUT * MAX_LIST_ITEMS)
      return { ok: false, result: result.invalid('The answer is too long.') };
    const lines = typeof input === 'string' ? input.split(/\r?\n/u) : input;
    if (lines.length > MAX_LIST_ITEMS * 2)
      return { ok: false, result: result.invalid(`Too many lines: at most ${MAX_LIST_ITEMS}.`) };
    for (const line of lines) {
      if (typeof line !== 'string') return { ok: false, result: result.invalid('Each line must be text.') };
      if (line.length > MAX_SCALAR_INPUT)
        return {
          ok: false,
          result: result.invalid(`A line is too long: at most ${MAX_SCALAR_INPUT} characters each.`),
        };
      const typed = tidy(line);
      if (typed === '') continue;
      const pair = splitLine(typed, labelKeys, findItem, findLabel);
      if (!pair)
        return {
          ok: false,
          result: result.invalid(
            `${quote(typed)} is not a line of the form "item: label" with a listed item and a listed label.`,
          ),
        };
      pairs.push({ ...pair, typed });
    }
  } else if (input && typeof input === 'object') {
    const entries = Object.entries(input);
    if (entries.length > MAX_LIST_ITEMS)
      return { ok: false, result: result.invalid(`Too many items: at most ${MAX_LIST_ITEMS}.`) };
    for (const [rawItem, rawLabel] of entries) {
      if (typeof rawLabel !== 'string') return { ok: false, result: result.invalid('Each label must be text.') };
      if (rawItem.length > MAX_SCALAR_INPUT || rawLabel.length > MAX_SCALAR_INPUT)
        return {
          ok: false,
          result: result.invalid(`An item or label is too long: at most ${MAX_SCALAR_INPUT} characters each.`),
        };
      const typedItem = tidy(rawItem);
      const typedLabel = tidy(rawLabel);
      const item = findItem(typedItem);
      if (!item) return { ok: false, result: result.invalid(`${quote(typedItem)} is not one of the items.`) };
      if (typedLabel === '') continue;
      const label = findLabel(typedLabel);
      if (!label) return { ok: false, result: result.invalid(`${quote(typedLabel)} is not one of the labels.`) };
      pairs.push({ item, label, typed: typedItem });
    }
  } else return { ok: false, result: result.invalid('Enter one label for each item, one "item: label" per line.') };
  if (pairs.length === 0)
    return { ok: false, result: result.invalid('Enter one label for each item, one "item: label" per line.') };
  const given = new Map<string, string>();
  for (const { item, label, typed } of pairs) {
    const earlier = given.get(item.id);
    if (earlier !== undefined && earlier !== label.id)
      return {
        ok: false,
        result: result.invalid(`${quote(typed)}: this item is given two different labels. Give each item one label.`),
      };
    given.set(item.id, label.id);
  }
  return { ok: true, given };
}

export const mappingKind: AnswerKind<MappingSpec> = {
  name: 'mapping',
  description:
    'Items to label from a fixed list of labels (relevant / irrelevant / contraband), scored by the fraction ' +
    'labelled right.',
  spec: mappingSpec,
  check(spec, input) {
    const expected = expectedMapping(spec);
    const read = readMapping(spec, input);
    if (!read.ok) return read.result;
    const right = [...expected].filter(([item, label]) => read.given.get(item) === label).length;
    return gradeWithPartialCredit({
      normalized: [...read.given]
        .map(([item, label]) => `${item}=${label}`)
        .sort()
        .join(', '),
      complete: right === expected.size,
      scoring: spec.scoring,
      score: () => right / expected.size,
      feedback: 'Partly right: some of your labels are correct, but not all items are labelled right.',
    });
  },
  referenceAnswers: (spec) => [Object.fromEntries(expectedMapping(spec))],
  publicShape: (spec) => ({
    kind: 'mapping',
    items: publicOptions(spec.items),
    labels: publicOptions(spec.labels),
  }),
};
