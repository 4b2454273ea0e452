import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, readScalar, result, tidyPlain } from '../answer-input.ts';

export const textSpec = z.strictObject({
  kind: z.literal('text'),
  expected: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('The accepted answer, or a list of accepted alternatives.'),
  exact: z
    .boolean()
    .default(false)
    .describe(
      'Compare exactly as written (only surrounding whitespace is ignored). Default false: Unicode compatibility ' +
        'forms, typographic dashes, quotes and spaces (as their plain forms), case, repeated whitespace, ' +
        'surrounding quotes and a final full stop are ignored.',
    ),
  case_sensitive: z
    .boolean()
    .default(false)
    .describe('Keep the forgiving comparison but respect upper and lower case (for passwords, file names on Linux).'),
});
export type TextSpec = z.infer<typeof textSpec>;

/**
 * The forgiving form of a text answer. NFKC folds fullwidth letters and ligatures into plain ones but
 * keeps look-alikes from other scripts (Cyrillic "е" stays distinct from Latin "e"): a look-alike
 * domain is exactly what a trainee must learn to tell apart. Typographic dashes, quotes and spaces
 * become plain ones (tidyPlain), so "Ana-Maria" typed in a word processor is still "Ana-Maria".
 */
function forgivingForm(value: string, caseSensitive: boolean): string {
  let form = tidyPlain(value);
  form = form.replace(/^(["'`])(.*)(["'`])$/su, '$2').trim();
  form = form.replace(/\.$/u, '');
  return caseSensitive ? form : form.toLowerCase();
}

export const textKind: AnswerKind<TextSpec> = {
  name: 'text',
  description:
    'Free text compared with one or more accepted answers, forgiving of case, spacing and Unicode compatibility forms.',
  spec: textSpec,
  check(spec, input) {
    const read = readScalar(input, 'an answer');
    if (!read.ok) return read.result;
    if (spec.exact) {
      const given = typeof input === 'string' ? input.trim() : read.value;
      return alternatives(spec.expected).some((accepted) => accepted.trim() === given)
        ? result.correct(given)
        : result.incorrect(given);
    }
    const given = forgivingForm(read.value, spec.case_sensitive);
    const accepted = alternatives(spec.expected).some(
      (alternative) => forgivingForm(alternative, spec.case_sensitive) === given,
    );
    return accepted ? result.correct(given) : result.incorrect(given);
  },
  referenceAnswers: (spec) => alternatives(spec.expected),
  publicShape: (spec) => ({ kind: 'text', exact: spec.exact, case_sensitive: spec.case_sensitive }),
};
