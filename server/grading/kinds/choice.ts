import { z } from 'zod';
import type { AnswerInput, AnswerKind, CheckResult } from '../types.ts';
import { MAX_SCALAR_INPUT, alternatives, readList, readScalar, result, tidy } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { variantReference } from './variant-reference.ts';

/*
 * Option lists ({id, label}) are shared by choice, sequence and mapping; they live here because
 * this is the first kind that needs them.
 */

/**
 * For cross-field refinements: run only when everything else in the value is valid. Zod would
 * otherwise run them after non-aborting issues (a failed .refine on an element), on partial data.
 */
export const whenValid: z.core.$ZodSuperRefineParams = { when: (payload) => payload.issues.length === 0 };

/** Most options, items or labels in one list. */
export const MAX_OPTIONS = 100;

/**
 * An option id: what the answer field sends and what the expected answer refers to. It must survive
 * the way typed answers are read (tidied, split at new lines, commas and semicolons, and at ">" in
 * sequences), or a trainee could not type it.
 */
export const optionId = z
  .string()
  .min(1)
  .max(100)
  .refine((id) => id === tidy(id) && !/[\n,;>\u2192]|\{\{/u.test(id), {
    message: 'expected an id on one line without commas, semicolons, ">", "\u2192" or "{{", and without leading, trailing or repeated spaces',
  });

const optionObject = z.strictObject({
  id: optionId.describe('Short stable identifier of this entry, such as "write_blocker". Expected answers refer to it; trainees may type it or the label.'),
  label: z.string().min(1).max(500).describe('The text trainees see for this entry. Trainees may also type it (case does not matter) instead of the id.'),
});

export interface Option {
  id: string;
  label: string;
}

/** The key a typed id or label is compared by: tidied and lower-cased. Look-alike letters from other scripts stay distinct. */
export function foldKey(text: string): string {
  return tidy(text).toLowerCase();
}

/**
 * A list of {id, label} entries, where a plain string is shorthand for an entry whose id and label
 * are that string. Ids must be unique, and no two entries may share an id or label when compared
 * case-insensitively, so that whatever a trainee types points at one entry only.
 */
export function optionList(what: string, description: string, min = 2) {
  return z
    .array(
      z
        .union([optionObject, optionId])
        .transform((entry): Option => (typeof entry === 'string' ? { id: entry, label: entry } : entry))
        .describe(`One ${what}: an object {id, label}, or a plain string used as both id and label.`),
    )
    .min(min)
    .max(MAX_OPTIONS)
    .superRefine((entries, ctx) => {
      const ownerOf = new Map<string, string>();
      entries.forEach((entry, index) => {
        if (entries.findIndex((other) => other.id === entry.id) < index) {
          ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `${what} id '${entry.id}' is used more than once; ids must be unique` });
          return;
        }
        for (const key of optionKeys(entry)) {
          const owner = ownerOf.get(key);
          if (owner !== undefined && owner !== entry.id) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: `${what}s '${owner}' and '${entry.id}' cannot be told apart when typed: both are written '${key}' (ids and labels are compared ignoring case)`,
            });
          } else ownerOf.set(key, entry.id);
        }
      });
    }, whenValid)
    .describe(description);
}

/**
 * Looks up the entry a trainee meant: its exact id, or its id or label ignoring case. Built once per
 * check so that long answers cost one map lookup per typed item. Because no two entries share a key
 * (see optionList), the result is never ambiguous.
 */
export function optionFinder<O extends Option>(options: readonly O[]): (typed: string) => O | undefined {
  const byId = new Map<string, O>();
  const byKey = new Map<string, O>();
  for (const option of options) {
    byId.set(option.id, option);
    for (const key of [foldKey(option.id), foldKey(option.label)]) if (!byKey.has(key)) byKey.set(key, option);
  }
  return (typed) => byId.get(typed) ?? byKey.get(foldKey(typed));
}

/** Every key an entry can be typed as, folded (see foldKey). */
export function optionKeys(option: Option): string[] {
  return [...new Set([foldKey(option.id), foldKey(option.label)])];
}

/** The trainee's own text, shortened for quoting in feedback (it is safe to show: they wrote it). */
export function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short}'`;
}

/**
 * True when a spec field is still a whole variant reference. Unlike isReference it is not a type
 * guard, so a field that is a string either way (an option id, a pattern) keeps its type.
 */
export function refersToVariant(value: unknown): boolean {
  return isReference(value);
}

/** Throws when a spec field still holds a variant reference: the registry must resolve it before grading. */
export function assertResolved<T>(value: T | string, field: string, kind: string): T {
  if (isReference(value)) throw new Error(`${kind} answer: ${field} is still the variant reference ${value}; resolve the spec for a variant before checking`);
  return value as T;
}

/** Sorted ids joined by ", ": the canonical form of an unordered pick. */
export function sortedIds(ids: Iterable<string>): string {
  return [...new Set(ids)].sort().join(', ');
}

export const choiceSpec = z
  .strictObject({
    kind: z.literal('choice'),
    options: optionList('option', 'The options trainees choose from, shown in this order.'),
    expected: z
      .union([variantReference, optionId, z.array(optionId).min(1)])
      .describe('The id of the right option, or for multiple choice the list of ids of all right options. May be a variant reference such as "{{right_option}}".'),
    multiple: z.boolean().default(false).describe('Let trainees pick several options (checkboxes). Default false: exactly one option is picked.'),
    scoring: z
      .enum(['all', 'partial'])
      .default('all')
      .describe(
        'How a multiple-choice answer is scored. "all" (default): correct only when exactly the right options are picked. "partial": score = (right picks - wrong picks) / number of right options, at least 0.',
      ),
  })
  .superRefine((spec, ctx) => {
    if (refersToVariant(spec.expected)) return;
    const expected = alternatives(spec.expected);
    const ids = new Set(spec.options.map((option) => option.id));
    expected.forEach((id, index) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['expected', ...(Array.isArray(spec.expected) ? [index] : [])], message: `expected refers to option '${id}', which is not in options` });
    });
    if (new Set(expected).size !== expected.length) ctx.addIssue({ code: 'custom', path: ['expected'], message: 'expected lists the same option more than once' });
    if (!spec.multiple && expected.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['expected'], message: 'expected one option id for a single choice; set multiple: true if several options are right' });
    }
    if (spec.multiple && expected.length >= spec.options.length) {
      ctx.addIssue({ code: 'custom', path: ['expected'], message: 'expected lists every option, so picking everything would be correct; add at least one wrong option' });
    }
  }, whenValid);
export type ChoiceSpec = z.infer<typeof choiceSpec>;

function expectedIds(spec: ChoiceSpec): string[] {
  const expected = alternatives(assertResolved<string | string[]>(spec.expected, 'expected', 'choice'));
  if (!spec.multiple && expected.length !== 1) throw new Error('choice answer: a single choice needs exactly one expected option');
  for (const id of expected) {
    if (typeof id !== 'string' || !spec.options.some((option) => option.id === id)) throw new Error(`choice answer: expected refers to '${String(id)}', which is not in options`);
  }
  return expected;
}

const PARTIAL_FEEDBACK = 'Partly right: some of your picks are correct, but the answer is not complete or contains wrong picks.';

/** Reads the trainee's picks as option ids, or says why they cannot be read. */
function readPicks(spec: ChoiceSpec, input: AnswerInput): { ok: true; ids: string[] } | { ok: false; result: CheckResult } {
  if (!spec.multiple) {
    const findOption = optionFinder(spec.options);
    if (Array.isArray(input) && input.length > 1) return { ok: false, result: result.invalid('Pick only one option.') };
    const read = readScalar(input, 'an option', MAX_SCALAR_INPUT);
    if (!read.ok) return { ok: false, result: result.invalid('Pick one of the listed options.') };
    const option = findOption(read.value);
    if (option) return { ok: true, ids: [option.id] };
    const parts = read.value.split(/[,;]/u).map(tidy).filter((part) => part !== '');
    if (parts.length > 1 && parts.every((part) => findOption(part))) return { ok: false, result: result.invalid('Pick only one option.') };
    return { ok: false, result: result.invalid(`${quote(read.value)} is not one of the options. Pick one of the listed options.`) };
  }
  const read = readList(input, 'options');
  if (!read.ok) return read;
  const findOption = optionFinder(spec.options);
  const ids: string[] = [];
  for (const item of read.items) {
    const option = findOption(item);
    if (!option) return { ok: false, result: result.invalid(`${quote(item)} is not one of the options. Pick from the listed options.`) };
    ids.push(option.id);
  }
  return { ok: true, ids: [...new Set(ids)] };
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
    if (right === expected.size && wrong === 0) return result.correct(normalized);
    if (!spec.multiple || spec.scoring === 'all') return result.incorrect(normalized);
    const score = Math.max(0, (right - wrong) / expected.size);
    return result.partial(normalized, score, PARTIAL_FEEDBACK);
  },
  referenceAnswers(spec) {
    const expected = expectedIds(spec);
    return spec.multiple ? [expected] : [expected[0]!];
  },
  publicShape: (spec) => ({ kind: 'choice', multiple: spec.multiple, options: spec.options.map(({ id, label }) => ({ id, label })) }),
};
