import { z } from 'zod';
import type { AnswerInput, AnswerKind, ItemAnswerShape, CheckResult } from '../types.ts';
import { quote, readList, result } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved, variantReference } from './variant-reference.ts';
import { gradeWithPartialCredit, scoringOption } from './partial-credit.ts';
import { whenValid } from './when-valid.ts';
import { textKind, textSpec } from './text.ts';
import { numberKind, numberSpec } from './number.ts';
import { ipKind, ipSpec } from './ip.ts';
import { hashKind, hashSpec } from './hash.ts';
import { timestampKind, timestampSpec } from './timestamp.ts';
import { accountKind, accountSpec } from './account.ts';
import { domainKind, domainSpec } from './domain.ts';

/** Most expected items in one set: each answer item is checked against each expected item (up to 200 × 50 checks). */
export const MAX_SET_ITEMS = 50;

/**
 * An item kind's options without the field named by `drop`. Built from the shape rather than with
 * .omit(), which zod refuses on schemas that carry refinements (ip has one); those refinements still
 * run, because every expected item is checked with the item kind's full schema.
 */
function withoutFields<Shape extends z.ZodRawShape, Drop extends keyof Shape & string>(
  schema: z.ZodObject<Shape>,
  drop: readonly Drop[],
) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).filter(([field]) => !(drop as readonly string[]).includes(field)),
  ) as Omit<Shape, Drop>;
  return z.strictObject(shape);
}

/** The kinds a set's items can be, with the schema and checker used for each item. */
const ITEM_KINDS = {
  text: { schema: textSpec, kind: textKind },
  number: { schema: numberSpec, kind: numberKind },
  ip: { schema: ipSpec, kind: ipKind },
  hash: { schema: hashSpec, kind: hashKind },
  timestamp: { schema: timestampSpec, kind: timestampKind },
  account: { schema: accountSpec, kind: accountKind },
  domain: { schema: domainSpec, kind: domainKind },
} as const;
type ItemKindName = keyof typeof ITEM_KINDS;
type AnyKind = AnswerKind<{ kind: string }>;

const itemOptions = z
  .discriminatedUnion('kind', [
    withoutFields(textSpec, ['expected']),
    withoutFields(numberSpec, ['expected']),
    // cidr would make every address in a network match every expected item; a set lists addresses.
    withoutFields(ipSpec, ['expected', 'cidr']),
    withoutFields(hashSpec, ['expected']),
    withoutFields(timestampSpec, ['expected']),
    withoutFields(accountSpec, ['expected']),
    withoutFields(domainSpec, ['expected']),
  ])
  .describe(
    'How each item is checked: the options of a text, number, ip, hash, timestamp, account or domain answer, ' +
      'without expected (for ' +
      'example {kind: ip} or {kind: hash, algorithm: sha256}).',
  );

export const setSpec = z
  .strictObject({
    kind: z.literal('set'),
    of: itemOptions,
    expected: z
      .union([
        variantReference,
        z
          .array(z.union([z.string().min(1), z.number()]))
          .min(1)
          .max(MAX_SET_ITEMS),
      ])
      .describe(
        'The items of the right answer (at most 50), in any order, each written as the item kind expects it (an ' +
          'address, a number, a hash). May be a variant reference such as "{{lateral_hosts}}", or contain references ' +
          'as items.',
      ),
    scoring: scoringOption(
      'all',
      'How an answer is scored. "all" (default): correct only with every item and nothing else. "partial": the F1 ' +
        "score of the items (the balance of how many of the trainee's items are right and how many of the right " +
        'items were found), so wrong extra items lower the score; correct only with every item and nothing else.',
    ),
  })
  .superRefine((spec, ctx) => {
    if (!Array.isArray(spec.expected)) return; // a variant reference: checked once resolved
    const specs: ({ kind: string } | undefined)[] = spec.expected.map((item, index) => {
      if (isReference(item)) return undefined;
      const built = itemSpec(spec.of, item);
      if (!built.ok)
        ctx.addIssue({
          code: 'custom',
          path: ['expected', index],
          message: `expected item '${String(item)}' is not a valid ${spec.of.kind} answer: ${built.message}`,
        });
      return built.ok ? built.spec : undefined;
    });
    const kind = ITEM_KINDS[spec.of.kind].kind as unknown as AnyKind;
    spec.expected.forEach((item, index) => {
      if (specs[index] === undefined) return;
      const clash = specs.findIndex(
        (other, otherIndex) => otherIndex < index && other !== undefined && isCorrect(kind.check(other, String(item))),
      );
      if (clash !== -1) {
        ctx.addIssue({
          code: 'custom',
          path: ['expected', index],
          message:
            `expected items '${String(spec.expected[clash])}' and '${String(item)}' are the same answer; list ` +
            'each item once',
        });
      }
    });
  }, whenValid);
export type SetSpec = z.infer<typeof setSpec>;
type ItemOptions = SetSpec['of'];

function isCorrect(checked: CheckResult): boolean {
  return checked.status === 'graded' && checked.verdict === 'correct';
}

/**
 * The full options of the item kind for one expected item. Numbers and numeric strings are tried the
 * other way round when the item kind wants the other type (a generated list of numbers arrives as text).
 */
function itemSpec(
  of: ItemOptions,
  item: unknown,
): { ok: true; spec: { kind: string } } | { ok: false; message: string } {
  const schema = ITEM_KINDS[of.kind as ItemKindName].schema as unknown as z.ZodType<{ kind: string }>;
  const first = schema.safeParse({ ...of, expected: item });
  if (first.success) return { ok: true, spec: first.data };
  let other: unknown;
  if (typeof item === 'number' && Number.isSafeInteger(item)) other = String(item);
  else if (typeof item === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/u.test(item)) other = Number(item);
  if (other !== undefined) {
    const second = schema.safeParse({ ...of, expected: other });
    if (second.success) return { ok: true, spec: second.data };
  }
  // Issues about expected itself only say which branch of its union failed; the kind's name says more.
  const messages = first.error.issues.filter((issue) => issue.path[0] !== 'expected').map((issue) => issue.message);
  return {
    ok: false,
    message: messages.length > 0 ? messages.join('; ') : `expected ${of.kind === 'number' ? 'a number' : 'text'}`,
  };
}

/** The item kind's options for every expected item of a resolved spec. */
function expectedSpecs(spec: SetSpec): { kind: AnyKind; specs: { kind: string }[] } {
  const expected = assertResolved<(string | number)[]>(spec.expected, 'expected', 'set');
  if (!Array.isArray(expected) || expected.length === 0 || expected.length > MAX_SET_ITEMS)
    throw new Error(`set answer: expected must be a list of 1 to ${MAX_SET_ITEMS} items`);
  const specs = expected.map((item) => {
    const built = itemSpec(spec.of, item);
    if (!built.ok)
      throw new Error(
        `set answer: expected item '${String(item)}' is not a valid ${spec.of.kind} answer: ${built.message}`,
      );
    return built.spec;
  });
  return { kind: ITEM_KINDS[spec.of.kind].kind as unknown as AnyKind, specs };
}

/**
 * The size of a maximum matching between given items and expected items, where `edges[g]` lists the
 * expected items that given item g matches (Kuhn's augmenting paths; sets are small).
 */
export function maximumMatching(edges: readonly (readonly number[])[], expectedCount: number): number {
  const owner: (number | undefined)[] = Array.from({ length: expectedCount }, () => undefined);
  const augment = (given: number, seen: boolean[]): boolean => {
    for (const expected of edges[given]!) {
      if (seen[expected]) continue;
      seen[expected] = true;
      const current = owner[expected];
      if (current === undefined || augment(current, seen)) {
        owner[expected] = given;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let given = 0; given < edges.length; given++)
    if (
      augment(
        given,
        Array.from({ length: expectedCount }, () => false),
      )
    )
      size++;
  return size;
}

export const setKind: AnswerKind<SetSpec> = {
  name: 'set',
  description:
    'An unordered list of items (addresses, hashes, names), each checked like a single answer of its kind; optional ' +
    'partial credit by F1 score.',
  spec: setSpec,
  check(spec, input: AnswerInput) {
    const { kind, specs } = expectedSpecs(spec);
    const read = readList(input, 'items');
    if (!read.ok) return read.result;
    const byForm = new Map<string, number[]>();
    for (const item of read.items) {
      const results = specs.map((expected) => kind.check(expected, item));
      const refused = results.find((checked) => checked.status === 'invalid');
      if (refused) return result.invalid(`Your item ${quote(item)} is not valid: ${refused.feedback}`);
      const first = results[0]!;
      const form = first.status === 'invalid' ? item : first.normalized;
      if (byForm.has(form)) continue;
      byForm.set(
        form,
        results.flatMap((checked, index) => (isCorrect(checked) ? [index] : [])),
      );
    }
    const normalized = [...byForm.keys()].sort().join(', ');
    const matched = maximumMatching([...byForm.values()], specs.length);
    // No right item at all is plainly not correct (and its F1 score is undefined).
    if (matched === 0) return result.incorrect(normalized);
    return gradeWithPartialCredit({
      normalized,
      complete: matched === specs.length && byForm.size === matched,
      scoring: spec.scoring,
      score: () => {
        const precision = matched / byForm.size;
        const recall = matched / specs.length;
        return (2 * precision * recall) / (precision + recall);
      },
      feedback: 'Partly right: some of your items are correct, but the answer is not complete or contains wrong items.',
    });
  },
  referenceAnswers(spec) {
    expectedSpecs(spec);
    return [(spec.expected as (string | number)[]).map(String)];
  },
  lint(spec) {
    if (!Array.isArray(spec.expected)) return [];
    const kind = ITEM_KINDS[spec.of.kind].kind as unknown as AnyKind;
    const problems = new Set<string>();
    for (const item of spec.expected) {
      if (isReference(item)) continue;
      const built = itemSpec(spec.of, item);
      if (!built.ok) problems.add(`set item '${String(item)}': not a valid ${spec.of.kind} answer: ${built.message}`);
      else for (const problem of kind.lint?.(built.spec) ?? []) problems.add(`set item '${String(item)}': ${problem}`);
    }
    return [...problems];
  },
  publicShape(spec) {
    // The item kind's public shape never reads expected, so the options alone are enough (and work
    // before a variant is chosen).
    const item = ITEM_KINDS[spec.of.kind].kind as unknown as AnyKind;
    // Every item kind's publicShape returns its own member of ItemAnswerShape; AnyKind only erased that.
    return { kind: 'set', of: item.publicShape({ ...spec.of }) as ItemAnswerShape };
  },
};
