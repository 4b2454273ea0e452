import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { plainTypography, readScalar, result, tidyPlain } from '../answer-input.ts';
import { assertResolved, variantReference } from './variant-reference.ts';

export const numberSpec = z.strictObject({
  kind: z.literal('number'),
  expected: z
    .union([z.number(), variantReference])
    .describe('The correct number, or a whole reference to a generated variant value such as "{{bytes_sent}}".'),
  tolerance: z
    .number()
    .min(0)
    .default(0)
    .describe(
      'How far an answer may be from the expected number and still count as correct, in the same unit. Default 0: ' +
        'only the exact number.',
    ),
  tolerance_percent: z
    .number()
    .min(0)
    .default(0)
    .describe(
      'The same as tolerance, as a percentage of the expected number (5 means within 5%). When both are set, the ' +
        'larger allowance applies. Default 0.',
    ),
  unit: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The unit the answer is counted in, such as "bytes" or "seconds". Shown next to the answer field; trainees may ' +
        'type it after the number. An answer with a different unit word is refused without counting as an attempt.',
    ),
  unit_aliases: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Other ways of writing the unit that are accepted after the number, such as ["B", "byte"]. Matched without ' +
        'regard to case.',
    ),
});
export type NumberSpec = z.infer<typeof numberSpec>;

/** Example values used in format help; fixed, so they can never reveal a task's answer. */
const EXAMPLES = ['42', '3.5'] as const;
/** Every number that format help may show, for the lint that keeps answers out of the help. */
const EXAMPLE_VALUES = [42, 3.5, 1234];

/**
 * The number at the start of an answer. Thousands may be grouped by ",", "_" or a space (one
 * separator used throughout, groups of exactly three digits, not starting with 0); the decimal
 * mark is "." or, when the thousands separator is not a comma, ",". A comma followed by exactly
 * three digits is therefore always a thousands separator ("1,234" is 1234) and any other comma is
 * a decimal mark ("3,5" is 3.5). No part can match the same text two ways, so this runs in linear time.
 */
const NUMBER_AT_START =
  /^([+-]?)(?:([1-9]\d{0,2})((?:([,_ ])\d{3}(?!\d))(?:\4\d{3}(?!\d))*)|(\d+))?(?:([.,])(\d+))?(?:[eE]([+-]?\d{1,4}))?/u;

type ParsedNumber = { ok: true; value: number; rest: string } | { ok: false; ambiguousComma?: true };

function parseLeadingNumber(text: string): ParsedNumber {
  const match = NUMBER_AT_START.exec(text);
  if (!match) return { ok: false };
  const [whole, sign = '', groupedHead, groupedTail, groupSeparator, plainInteger, decimalMark, fraction, exponent] =
    match;
  if (groupedHead === undefined && plainInteger === undefined && fraction === undefined) return { ok: false };
  // "1,234,5" mixes a thousands comma with a decimal comma; "1234,567" and "0,123" put a comma before
  // three digits without being valid thousands grouping. Refuse both rather than guess.
  if (decimalMark === ',' && (groupSeparator === ',' || fraction?.length === 3))
    return { ok: false, ambiguousComma: true };
  const integer =
    groupedHead !== undefined ? groupedHead + (groupedTail ?? '').replace(/[,_ ]/gu, '') : (plainInteger ?? '0');
  const decimals = fraction !== undefined ? `.${fraction}` : '';
  const power = exponent !== undefined ? `e${exponent}` : '';
  const literal = `${sign}${integer}${decimals}${power}`;
  const value = Number(literal);
  if (!Number.isFinite(value)) return { ok: false };
  return { ok: true, value, rest: text.slice(whole.length).trim() };
}

function unitForm(unit: string): string {
  return tidyPlain(unit).toLowerCase();
}

function formatHelp(spec: NumberSpec): string {
  return spec.unit === undefined
    ? `Enter a number, such as ${EXAMPLES[0]} or ${EXAMPLES[1]}.`
    : `Enter a number in ${spec.unit}, such as ${EXAMPLES[0]} or ${EXAMPLES[0]} ${spec.unit}.`;
}

/** The canonical written form of a number: the same value always gives the same text. */
function canonical(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * The expected number of a resolved spec; a leftover reference, or text where a number belongs, is
 * a programming error.
 */
function expectedNumber(spec: NumberSpec): number {
  const expected = assertResolved<number>(spec.expected, 'expected', 'number');
  // A generator that produced the number as text would otherwise make every answer incorrect.
  if (typeof expected !== 'number')
    throw new Error(`number answer: expected must be a number, not the text '${String(expected)}'`);
  return expected;
}

function withinTolerance(given: number, expected: number, spec: NumberSpec): boolean {
  const allowed = Math.max(spec.tolerance, (Math.abs(expected) * spec.tolerance_percent) / 100);
  if (allowed === 0) return given === expected;
  // Binary floating point makes 1.3 - 1.2 slightly more than 0.1: allow for that rounding only.
  const rounding = 4 * Number.EPSILON * Math.max(Math.abs(given), Math.abs(expected), allowed);
  return Math.abs(given - expected) <= allowed + rounding;
}

export const numberKind: AnswerKind<NumberSpec> = {
  name: 'number',
  description:
    'A number, optionally with a unit and a tolerance, forgiving of thousands separators, a decimal comma and the ' +
    'unit written after it.',
  spec: numberSpec,
  check(spec, input) {
    const expected = expectedNumber(spec);
    const read = readScalar(input, 'a number');
    if (!read.ok) return read.result;
    // U+2212 MINUS SIGN and dashes are what word processors and some tools produce; a final full stop ends a sentence.
    const text = plainTypography(read.value).replace(/\.$/u, '').trim();
    if (/[^\P{Nd}0-9]/u.test(text))
      return result.invalid(`Write the number with the digits 0 to 9. ${formatHelp(spec)}`);
    const parsed = parseLeadingNumber(text);
    if (!parsed.ok) {
      if (parsed.ambiguousComma)
        return result.invalid(
          'A comma before three digits is read as a thousands separator, as in 1,234. Write decimals with a point. ' +
            `${formatHelp(spec)}`,
        );
      return result.invalid(formatHelp(spec));
    }
    if (parsed.rest !== '') {
      // More digits or separators after the number: badly grouped ("1 2"), not a unit.
      if (/^[\d.,_+-]/u.test(parsed.rest)) return result.invalid(formatHelp(spec));
      if (spec.unit === undefined)
        return result.invalid(`Enter the number only, without a unit, such as ${EXAMPLES[0]} or ${EXAMPLES[1]}.`);
      const accepted = [spec.unit, ...spec.unit_aliases].map(unitForm);
      if (!accepted.includes(unitForm(parsed.rest))) {
        return result.invalid(
          `This task asks for the number in ${spec.unit}. Convert it if needed and enter it such as ${EXAMPLES[0]} ` +
            `or ${EXAMPLES[0]} ${spec.unit}.`,
        );
      }
    }
    const normalized = canonical(parsed.value);
    return withinTolerance(parsed.value, expected, spec) ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers: (spec) => [canonical(expectedNumber(spec))],
  publicShape: (spec) => (spec.unit === undefined ? { kind: 'number' } : { kind: 'number', unit: spec.unit }),
  lint(spec) {
    const problems: string[] = [];
    if (typeof spec.expected === 'number') {
      const expected = spec.expected;
      if (Number.isInteger(expected) && !Number.isSafeInteger(expected)) {
        problems.push(
          `expected ${expected} is too large to be compared exactly; answers are read as 64-bit floating point ` +
            `numbers (exact up to ${Number.MAX_SAFE_INTEGER})`,
        );
      }
      if (EXAMPLE_VALUES.includes(expected)) {
        problems.push(
          `expected ${expected} is also the example shown in the answer format help; trainees would see it`,
        );
      }
    }
    if (spec.unit === undefined && spec.unit_aliases.length > 0)
      problems.push('unit_aliases is set but unit is not; set unit too');
    for (const unit of [spec.unit, ...spec.unit_aliases]) {
      if (unit === undefined) continue;
      if (/^[\s\d+\-.,_]/u.test(unit) || /^e[+-]?\d/iu.test(unit)) {
        problems.push(
          `unit "${unit}" starts with a digit, a sign, a separator or an exponent; it could not be told apart from ` +
            'the number',
        );
      }
    }
    return problems;
  },
};
