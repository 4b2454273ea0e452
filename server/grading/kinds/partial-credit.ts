import { z } from 'zod';
import type { CheckResult } from '../types.ts';
import { result } from '../answer-input.ts';

/*
 * Answers made of several parts (choice, sequence, mapping, set) can be partly right. The author
 * chooses with `scoring` whether that earns a share of the points.
 */

export type Scoring = 'all' | 'partial';

/** The `scoring` option of a kind that can give partial credit; the kind documents what its share is. */
export function scoringOption(defaultScoring: Scoring, description: string) {
  return z.enum(['all', 'partial']).default(defaultScoring).describe(description);
}

/**
 * The result of an answer that can be partly right: correct only when complete; otherwise incorrect
 * under "all" scoring, or under "partial" scoring the share `score()` (capped below 1, so rounding
 * never turns an incomplete answer into a correct one).
 */
export function gradeWithPartialCredit(graded: {
  normalized: string;
  complete: boolean;
  scoring: Scoring;
  score: () => number;
  feedback: string;
}): CheckResult {
  if (graded.complete) return result.correct(graded.normalized);
  if (graded.scoring === 'all') return result.incorrect(graded.normalized);
  return result.partial(graded.normalized, Math.min(graded.score(), 0.999), graded.feedback);
}
