import { expect, it } from 'vitest';
import type { AnswerInput, AnswerKind, CheckResult } from '../../../server/grading/types.ts';
import { interpolate, type VariantValues } from '../../../server/grading/variables.ts';
import { costRatio, HOSTILE_COST_LIMIT } from './relative-cost.ts';

/** What an answer gets: the verdict of a graded answer, or the status of one that is not graded. */
export type Outcome = 'correct' | 'partial' | 'incorrect' | 'invalid' | 'pending';

export function outcomeOf(checked: CheckResult): Outcome {
  return checked.status === 'graded' ? checked.verdict : checked.status;
}

/** One row of a kind's answer table: an answer and what checking it must give. */
export interface AnswerCase<Spec> {
  /** A sentence about the behaviour, used as the test title. */
  title: string;
  /** The spec to check against; the table's spec when left out. */
  spec?: Spec;
  input: AnswerInput;
  outcome: Outcome;
  score?: number;
  normalized?: string;
  feedback?: RegExp;
  /**
   * For hostile input: an ordinary answer to the same spec whose check this case's check may cost at
   * most HOSTILE_COST_LIMIT times as much (measured side by side, see costRatio): the work must not
   * grow with what makes the input hostile, whatever the machine's speed.
   */
  noCostlierThan?: AnswerInput;
}

export interface AnswerTable<Spec> {
  /** The spec of cases that name none. */
  spec?: Spec;
  cases: AnswerCase<Spec>[];
  /**
   * The right answer written every way feedback could give it away. Only the feedback on a correct
   * answer may contain them; the comparison ignores case.
   */
  secrets: string[];
  /** Feedback quotes the trainee's own items back ('…'), which may be listed option names: quoted text is not searched for secrets. */
  feedbackQuotesAnswer?: boolean;
  /** Specs whose reference answers must all exist and be accepted as fully correct. */
  referenceSpecs?: Spec[];
}

/**
 * Runs a kind's answer table: one test per case, checking the outcome, the score, the normalized
 * form, the feedback and that the feedback keeps the right answer secret; and, with referenceSpecs,
 * one test that every reference answer is fully correct.
 */
export function checkAnswerTable<Spec extends { kind: string }>(
  kind: AnswerKind<Spec>,
  table: AnswerTable<Spec>,
): void {
  // One it() per case rather than it.each('$title'), which quotes titles and cuts them at 40 characters.
  for (const { title, spec = table.spec, input, outcome, score, normalized, feedback, noCostlierThan } of table.cases) {
    it(title, () => {
      if (spec === undefined) throw new Error('the case names no spec and the table has no default spec');
      const checked = kind.check(spec, input);
      expect(outcomeOf(checked)).toBe(outcome);
      if (score !== undefined) expect(checked).toMatchObject({ score });
      if (normalized !== undefined) expect(checked).toMatchObject({ normalized });
      if (feedback !== undefined) expect(checked.feedback).toMatch(feedback);
      if (noCostlierThan !== undefined) {
        const ratio = costRatio(
          () => kind.check(spec, input),
          () => kind.check(spec, noCostlierThan),
        );
        expect(ratio, 'cost of this check over the cost of checking the ordinary answer').toBeLessThan(
          HOSTILE_COST_LIMIT,
        );
      }
      if (outcomeOf(checked) !== 'correct') {
        const searched = (
          table.feedbackQuotesAnswer ? checked.feedback.replace(/'[^']*'/gu, '') : checked.feedback
        ).toLowerCase();
        for (const secret of table.secrets) expect(searched).not.toContain(secret.toLowerCase());
      }
    });
  }

  const { referenceSpecs } = table;
  if (referenceSpecs !== undefined) {
    it('accepts every reference answer as fully correct', () => {
      for (const spec of referenceSpecs) {
        const answers = kind.referenceAnswers(spec);
        expect(answers.length).toBeGreaterThan(0);
        for (const answer of answers)
          expect(kind.check(spec, answer)).toMatchObject({ status: 'graded', verdict: 'correct', score: 1 });
      }
    });
  }
}

/** The distinct normalized forms a kind gives some answers: exactly one when they all write the same answer. */
export function distinctNormalizedForms<Spec extends { kind: string }>(
  kind: AnswerKind<Spec>,
  spec: Spec,
  forms: AnswerInput[],
): string[] {
  const normalized = forms.map((form) => {
    const checked = kind.check(spec, form);
    return checked.status === 'invalid' ? `invalid: ${checked.feedback}` : checked.normalized;
  });
  return [...new Set(normalized)];
}

/** Resolves an authored spec for one variant, as the services do, and checks an answer through the registry. */
export async function outcomeThroughRegistry(
  authored: Record<string, unknown>,
  values: VariantValues,
  input: AnswerInput,
): Promise<Outcome> {
  const { answerSpecSchema, checkAnswer } = await import('../../../server/grading/registry.ts');
  return outcomeOf(checkAnswer(interpolate(answerSpecSchema.parse(authored), values), input));
}
