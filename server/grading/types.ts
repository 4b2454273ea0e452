import type { z } from 'zod';

/** What a trainee sends for one task: a single value, a list (sets, sequences, multiple choice) or a mapping. */
export type AnswerInput = string | string[] | Record<string, string>;

export type Verdict = 'correct' | 'partial' | 'incorrect';

/**
 * The outcome of checking one answer.
 * - `graded`: a real attempt with a verdict and a score fraction in [0, 1].
 * - `invalid`: the input does not even have the expected shape (not an IP, not a hash); it must not
 *   count as an attempt, and the feedback says what shape was expected.
 * - `pending`: stored for an instructor to grade by hand (manual tasks).
 * Feedback is always safe to show: it never contains or hints at the expected value.
 */
export type CheckResult =
  | { status: 'graded'; verdict: Verdict; score: number; feedback: string; normalized: string }
  | { status: 'invalid'; feedback: string }
  | { status: 'pending'; feedback: string; normalized: string };

/** One entry trainees pick or order: a choice option, a sequence step, a mapping item or label. */
export interface AnswerOption {
  id: string;
  label: string;
}

/** The public shape of the kinds that can also be the items of a set. */
export type ItemAnswerShape =
  | { kind: 'text'; exact: boolean; case_sensitive: boolean }
  | { kind: 'number'; unit?: string }
  | { kind: 'ip' }
  | { kind: 'hash'; algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512' }
  | { kind: 'timestamp'; zone: string; precision: 'second' | 'minute' }
  | { kind: 'account' }
  | { kind: 'domain' };

/**
 * What the answer field needs to render, with nothing that could reveal the answer: one member per
 * answer kind, told apart by `kind`. This is the single declaration of the shapes; the typed client
 * carries it to the browser, whose registry of input components must cover every member.
 */
export type PublicAnswerShape =
  | ItemAnswerShape
  | { kind: 'regex'; case_sensitive: boolean; max_length: number }
  | { kind: 'set'; of: ItemAnswerShape }
  | { kind: 'sequence'; options: AnswerOption[] }
  | { kind: 'choice'; multiple: boolean; options: AnswerOption[] }
  | { kind: 'mapping'; items: AnswerOption[]; labels: AnswerOption[] }
  | { kind: 'manual'; max_length: number };

/** The public shape of one kind. */
export type PublicShapeOf<Kind extends string> = Extract<PublicAnswerShape, { kind: Kind }>;

/**
 * One answer kind: the schema of its options in lab.yaml, and pure functions over them.
 * Adding a kind is one new module that exports one of these and one line in the registry.
 */
export interface AnswerKind<Spec extends { kind: string } = { kind: string }> {
  name: Spec['kind'];
  /** One-line description for the lab authors' reference and the JSON Schema. */
  description: string;
  /** The zod schema of this kind's options (including `kind`). */
  spec: z.ZodType<Spec>;
  /** Checks one answer. Pure: no I/O, no clock, no randomness. */
  check(spec: Spec, input: AnswerInput): CheckResult;
  /** Answers that must be accepted as fully correct: used by `lab check` to prove the task is solvable. */
  referenceAnswers(spec: Spec): AnswerInput[];
  /** The parts of the spec a trainee may see (options to pick from, unit, algorithm). */
  publicShape(spec: Spec): PublicShapeOf<Spec['kind']>;
  /** Author-level problems a schema cannot express (a regex that could backtrack forever). */
  lint?(spec: Spec): string[];
}
