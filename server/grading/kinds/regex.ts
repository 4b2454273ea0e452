import { z } from 'zod';
import type { RE2JS } from 're2js';
import { compileLinearRegex, PatternError } from '../linear-regex.ts';
import type { AnswerKind } from '../types.ts';
import { plainTypography, readText, result, tidyPlain } from '../answer-input.ts';
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
        'Regular expression in JavaScript syntax that the whole answer must match: it is anchored for you, so do not ' +
          'add ^ and $. It runs on RE2, a linear-time engine, so any pattern is safe, but lookaround ((?=, (?!, ' +
          '(?<=, (?<!) and backreferences (\\1, \\k<name>) are refused; \\d, \\w and \\b are ASCII-only. The answer ' +
          'is tidied first (Unicode compatibility forms folded, typographic dashes and quotes made plain "-", \' and ", ' +
          'surrounding whitespace removed, inner whitespace collapsed to one space). May contain variant references such as {{user}}.',
      ),
    case_sensitive: z
      .boolean()
      .default(false)
      .describe('Respect upper and lower case. Default false: the pattern matches ignoring case.'),
    max_length: z
      .number()
      .int()
      .min(1)
      .max(MAX_REGEX_INPUT)
      .default(200)
      .describe(
        'Longest answer accepted, in characters (default 200, at most 1000). Longer answers are refused before the ' +
          'pattern runs.',
      ),
    example: z
      .string()
      .min(1)
      .describe(
        'One answer that must be accepted, used to prove the task is solvable (lab check). May be a variant ' +
          'reference such as "{{example_path}}".',
      ),
  })
  .superRefine((spec, ctx) => {
    for (const problem of patternProblems(spec))
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }, whenValid);
export type RegexSpec = z.infer<typeof regexSpec>;

/**
 * The pattern on the linear-time engine; throws PatternError with the reason it cannot run. It is
 * matched with testExact, which anchors the whole pattern, so "a)|(b" cannot escape the anchors
 * (RE2 refuses the unbalanced parenthesis).
 */
function compile(pattern: string, caseSensitive: boolean): RE2JS {
  return compileLinearRegex(plainPattern(pattern), { caseSensitive });
}

/**
 * The pattern with the typographic dashes and quotes that answers never contain (plainTypography
 * replaces them) in their plain forms, so that an author's "EX(?:-|–)" still matches "EX–7" typed in
 * a word processor. A dash becomes the escaped "\-", which is a literal hyphen inside a character
 * class as well as outside: "[a–z]" stays a class of three characters, not a range.
 */
function plainPattern(pattern: string): string {
  return pattern
    .replace(/\\?[\u2010-\u2015\u2212]/gu, '\\-')
    .replace(/\\?[\u2018\u2019\u201A\u201B]/gu, "'")
    .replace(/\\?[\u201C\u201D\u201E\u201F]/gu, '"');
}

/**
 * What is wrong with the pattern and example, for the schema and lint. Variant references inside the
 * pattern are replaced by a plain letter for these checks, and the example is only tried when
 * neither holds a reference (the registry checks resolved specs again).
 */
function patternProblems(
  spec: Pick<RegexSpec, 'pattern' | 'case_sensitive' | 'max_length' | 'example'>,
): { field: 'pattern' | 'example'; message: string }[] {
  if (isReference(spec.pattern)) return [];
  const pattern = spec.pattern.replace(/\{\{\s*[a-z][a-z0-9_]*\s*\}\}/gu, 'x');
  let regex: RE2JS;
  try {
    regex = compile(pattern, spec.case_sensitive);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return [{ field: 'pattern', message: `pattern ${error.message}` }];
  }
  if (pattern !== spec.pattern || referencedNames(spec.example).length > 0) return [];
  const example = tidyPlain(spec.example);
  if (example.length > spec.max_length)
    return [{ field: 'example', message: `example is longer than max_length (${spec.max_length} characters)` }];
  if (!regex.testExact(example))
    return [
      {
        field: 'example',
        message:
          `example '${spec.example}' does not match pattern (the whole example must ` +
          `match${spec.case_sensitive ? ', respecting case' : ''})`,
      },
    ];
  return [];
}

const compiledSpecs = new WeakMap<RegexSpec, RE2JS>();

/**
 * The resolved spec's pattern, compiled once: resolved specs are cached per variant, so answers to
 * the same task do not repeat the translation and compilation.
 */
function compiledPattern(spec: RegexSpec): RE2JS {
  let regex = compiledSpecs.get(spec);
  if (regex) return regex;
  const names = referencedNames(spec.pattern);
  if (names.length > 0)
    throw new Error(
      `regex answer: pattern still refers to variant values (${names.join(', ')}); resolve the spec for a variant ` +
        'before checking',
    );
  try {
    regex = compile(spec.pattern, spec.case_sensitive);
  } catch (error) {
    // The loader refuses such patterns; one can only arrive here through a variant value.
    if (error instanceof PatternError) throw new Error(`regex answer: pattern ${error.message}`);
    throw error;
  }
  compiledSpecs.set(spec, regex);
  return regex;
}

export const regexKind: AnswerKind<RegexSpec> = {
  name: 'regex',
  description:
    'An answer matched as a whole against a regular expression written by the lab author, for answers with many ' +
    'valid spellings.',
  spec: regexSpec,
  check(spec, input) {
    const regex = compiledPattern(spec);
    const read = readText(input, spec.max_length, {
      notOneValue: 'Enter a single answer as text.',
      tooLong: `The answer is too long: at most ${spec.max_length} characters are accepted.`,
      empty: 'Enter an answer.',
    });
    if (!read.ok) return read.result;
    const value = plainTypography(read.value);
    const normalized = spec.case_sensitive ? value : value.toLowerCase();
    // Linear time in the answer (at most MAX_REGEX_INPUT characters) whatever the pattern: no time limit is needed.
    return regex.testExact(value) ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers: (spec) => [assertResolved(spec.example, 'example', 'regex')],
  publicShape: (spec) => ({ kind: 'regex', case_sensitive: spec.case_sensitive, max_length: spec.max_length }),
  lint: (spec) => patternProblems(spec).map((problem) => `regex ${problem.field}: ${problem.message}`),
};
