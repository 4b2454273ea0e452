import { z } from 'zod';
import { testWithTimeLimit } from '../bounded-regex.ts';
import safeRegex from 'safe-regex2';
import type { AnswerKind } from '../types.ts';
import { readText, result, tidy } from '../answer-input.ts';
import { isReference, referencedNames } from '../variables.ts';
import { assertResolved } from './variant-reference.ts';
import { whenValid } from './when-valid.ts';

/** Longest answer a regex task may accept; the input is refused before the regex runs. */
export const MAX_REGEX_INPUT = 1_000;

export const regexSpec = z
  .strictObject({
    kind: z.literal('regex'),
    pattern: z
      .string()
      .min(1)
      .max(2_000)
      .describe(
        'JavaScript regular expression (Unicode mode) that the whole answer must match: it is anchored for you, so do not add ^ and $. Patterns that could take exponential time, such as (a+)+ or a group with a quantifier repeated by another quantifier, are refused; write bounded repeats out instead (\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3} rather than (\\d{1,3}\\.){3}\\d{1,3}). The answer is tidied first (Unicode compatibility forms folded, surrounding whitespace removed, inner whitespace collapsed to one space). May contain variant references such as {{user}}.',
      ),
    case_sensitive: z.boolean().default(false).describe('Respect upper and lower case. Default false: the pattern matches ignoring case.'),
    max_length: z
      .number()
      .int()
      .min(1)
      .max(MAX_REGEX_INPUT)
      .default(200)
      .describe('Longest answer accepted, in characters (default 200, at most 1000). Longer answers are refused before the pattern runs.'),
    example: z
      .string()
      .min(1)
      .describe('One answer that must be accepted, used to prove the task is solvable (lab check). May be a variant reference such as "{{example_path}}".'),
  })
  .superRefine((spec, ctx) => {
    for (const problem of patternProblems(spec)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }, whenValid);
export type RegexSpec = z.infer<typeof regexSpec>;

function flagsOf(caseSensitive: boolean): string {
  return caseSensitive ? 'u' : 'iu';
}

/** The pattern as it runs: anchored at both ends, Unicode mode, case-insensitive unless asked. */
function compile(pattern: string, caseSensitive: boolean): RegExp {
  new RegExp(pattern, flagsOf(caseSensitive)); // on its own first, so that "a)|(b" cannot escape the anchors
  return new RegExp(`^(?:${pattern})$`, flagsOf(caseSensitive));
}

/**
 * The pattern as the safety check should see it: without the `?` that makes a part optional. An
 * optional part cannot backtrack exponentially, but safe-regex2 counts `?` as a repetition and
 * would refuse the everyday `(?:https?://)?`. Group syntax such as `(?:` and lazy `*?` stay.
 */
export function withoutOptionalMarks(pattern: string): string {
  let out = '';
  let escaped = false;
  let inClass = false;
  for (const character of pattern) {
    if (escaped) {
      out += character;
      escaped = false;
      continue;
    }
    if (character === '\\') escaped = true;
    else if (character === '[') inClass = true;
    else if (character === ']') inClass = false;
    else if (character === '?' && !inClass && out !== '' && !'(*+?}'.includes(out.at(-1)!)) continue;
    out += character;
  }
  return out;
}

/** Whether the pattern passes the static check for catastrophic backtracking. */
function isSafePattern(pattern: string): boolean {
  return safeRegex(withoutOptionalMarks(pattern));
}

const UNSAFE =
  'pattern could take exponential time on some answers: it repeats a group that itself contains a quantifier (such as (a+)+ or (\\d{1,3}\\.){3}), uses more than 25 quantifiers, or uses syntax the safety check cannot read (lookbehind); write repeats out or simplify it';

/**
 * What is wrong with the pattern and example, for the schema and lint. Variant references inside the
 * pattern are replaced by a plain letter for these checks, and the example is only tried when
 * neither holds a reference (the registry checks resolved specs again).
 */
function patternProblems(spec: Pick<RegexSpec, 'pattern' | 'case_sensitive' | 'max_length' | 'example'>): { field: 'pattern' | 'example'; message: string }[] {
  if (isReference(spec.pattern)) return [];
  const pattern = spec.pattern.replace(/\{\{\s*[a-z][a-z0-9_]*\s*\}\}/gu, 'x');
  let regex: RegExp;
  try {
    regex = compile(pattern, spec.case_sensitive);
  } catch (error) {
    return [{ field: 'pattern', message: `pattern is not a valid regular expression: ${(error as Error).message}` }];
  }
  if (!isSafePattern(pattern)) return [{ field: 'pattern', message: UNSAFE }];
  if (pattern !== spec.pattern || referencedNames(spec.example).length > 0) return [];
  const example = tidy(spec.example);
  if (example.length > spec.max_length) return [{ field: 'example', message: `example is longer than max_length (${spec.max_length} characters)` }];
  if (!regex.test(example)) return [{ field: 'example', message: `example '${spec.example}' does not match pattern (the whole example must match${spec.case_sensitive ? ', respecting case' : ''})` }];
  return [];
}

const compiledSpecs = new WeakMap<RegexSpec, RegExp>();

/**
 * The resolved spec's pattern, checked and compiled once: resolved specs are cached per variant,
 * so answers to the same task do not repeat the safety analysis and compilation.
 */
function compiledPattern(spec: RegexSpec): RegExp {
  let regex = compiledSpecs.get(spec);
  if (regex) return regex;
  const names = referencedNames(spec.pattern);
  if (names.length > 0) throw new Error(`regex answer: pattern still refers to variant values (${names.join(', ')}); resolve the spec for a variant before checking`);
  if (!isSafePattern(spec.pattern)) throw new Error(`regex answer: ${UNSAFE}`);
  regex = compile(spec.pattern, spec.case_sensitive);
  compiledSpecs.set(spec, regex);
  return regex;
}

export const regexKind: AnswerKind<RegexSpec> = {
  name: 'regex',
  description: 'An answer matched as a whole against a regular expression written by the lab author, for answers with many valid spellings.',
  spec: regexSpec,
  check(spec, input) {
    const regex = compiledPattern(spec);
    const read = readText(input, spec.max_length, { notOneValue: 'Enter a single answer as text.', tooLong: `The answer is too long: at most ${spec.max_length} characters are accepted.`, empty: 'Enter an answer.' });
    if (!read.ok) return read.result;
    const value = read.value;
    const normalized = spec.case_sensitive ? value : value.toLowerCase();
    const matched = testWithTimeLimit(regex, value);
    // A pattern that runs away is the author's fault: the trainee loses no attempt.
    if (matched === 'timeout') return result.invalid('This answer could not be checked in time. Tell your instructor: the task\'s pattern needs fixing.');
    return matched ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers: (spec) => [assertResolved(spec.example, 'example', 'regex')],
  publicShape: (spec) => ({ kind: 'regex', case_sensitive: spec.case_sensitive, max_length: spec.max_length }),
  lint: (spec) => patternProblems(spec).map((problem) => `regex ${problem.field}: ${problem.message}`),
};
