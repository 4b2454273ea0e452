import { z } from 'zod';
import { answerSpecSchema, checkAnswer, lintAnswerSpec, referenceAnswers, type AnswerSpec } from './registry.ts';
import type { AnswerInput } from './types.ts';

/*
 * Anticipated wrong answers: answers an author knows trainees give because of a particular
 * misconception ("the address the DHCP server leased to REG-WS-022 only after 13:41"), each with
 * feedback of its own and optionally a penalty of its own. They are matched with the task's own
 * checker: the task's spec with the misconception's answer as its expected value, so "203.0.113.9",
 * "203.000.113.009" and "[203.0.113.9]" all reveal the same misconception, exactly as they would
 * all be the right answer if it were that one.
 */

/** The kinds whose spec has an expected value a misconception can stand in for. */
const KINDS_WITH_EXPECTED = new Set<AnswerSpec['kind']>([
  'text',
  'number',
  'ip',
  'hash',
  'timestamp',
  'set',
  'sequence',
  'choice',
  'mapping',
  'account',
  'domain',
]);

export const misconceptionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'expected lower-case letters, digits and single hyphens')
      .max(64)
      .describe(
        'A short name for the misconception, unique in the task, such as "lease-before-renewal": the ' +
          "instructor's analytics count the answers that reveal it by this name.",
      ),
    answer: z
      .union([
        z.string().min(1),
        z.number(),
        z.array(z.union([z.string().min(1), z.number()])).min(1),
        z.record(z.string(), z.string()),
      ])
      .describe(
        'The wrong answer that reveals it, written as the expected value of this task would be (an address, a ' +
          'list of option ids for a multiple choice, a mapping); checked with the task\u2019s own checker, so ' +
          'every spelling of it counts. May be a variant reference such as "{{decoy_ip}}". Never shown to ' +
          'trainees.',
      ),
    feedback: z
      .string()
      .min(1)
      .describe(
        'What a trainee who gave this answer is told instead of the plain "not correct" (Markdown). May use any ' +
          'variant value; answers of other tasks still open are masked as in hints.',
      ),
    penalty: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Points this wrong answer takes off later attempts instead of the task's wrong_penalty."),
  })
  .describe('An anticipated wrong answer: one that reveals a known misconception.');

/**
 * The spec that accepts exactly the misconception's answer: the task's own, with `answer` as its
 * expected value. A network (ip cidr) is dropped, and partial scoring becomes all-or-nothing, so
 * only the answer itself matches.
 */
export function misconceptionSpec(
  spec: AnswerSpec,
  answer: unknown,
): { ok: true; spec: AnswerSpec } | { ok: false; message: string } {
  if (!KINDS_WITH_EXPECTED.has(spec.kind))
    return {
      ok: false,
      message: `a ${spec.kind} task cannot list anticipated wrong answers: only kinds with an expected value can`,
    };
  const candidate: Record<string, unknown> = { ...spec, expected: answer };
  if (spec.kind === 'ip') delete candidate.cidr;
  if ('scoring' in candidate) candidate.scoring = 'all';
  const parsed = answerSpecSchema.safeParse(candidate);
  if (!parsed.success)
    return { ok: false, message: `the answer is not one this task could expect: ${parsed.error.issues[0]?.message}` };
  return { ok: true, spec: parsed.data };
}

function isCorrect(spec: AnswerSpec, input: AnswerInput): boolean {
  const checked = checkAnswer(spec, input);
  return checked.status === 'graded' && checked.verdict === 'correct';
}

/**
 * What is wrong with a task's anticipated wrong answers once resolved: a name used twice, an answer
 * the task could not expect, or one the task accepts as right (it would never be reached).
 */
export function misconceptionProblems(
  spec: AnswerSpec,
  misconceptions: readonly { name: string; answer: unknown }[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  misconceptions.forEach((misconception, index) => {
    const where = `misconceptions[${index}] (${misconception.name})`;
    if (seen.has(misconception.name)) problems.push(`${where}: the name is used twice in this task`);
    seen.add(misconception.name);
    const built = misconceptionSpec(spec, misconception.answer);
    if (!built.ok) {
      problems.push(`${where}: ${built.message}`);
      return;
    }
    const lint = lintAnswerSpec(built.spec);
    const references = referenceAnswers(built.spec);
    if (lint.length > 0 || !references.every((answer) => isCorrect(built.spec, answer))) {
      problems.push(
        `${where}: the task's checker cannot read the answer${lint.length > 0 ? ` (${lint.join('; ')})` : ''}`,
      );
      return;
    }
    if (references.some((answer) => isCorrect(spec, answer)))
      problems.push(`${where}: the task accepts this answer as right, so it can never reveal a misconception`);
  });
  return problems;
}

/** A misconception with its spec built for one variant. */
export interface ResolvedMisconception {
  name: string;
  spec: AnswerSpec;
  feedback: string;
  penalty: number | undefined;
}

/** The first anticipated wrong answer the input is, if any. */
export function matchMisconception(
  misconceptions: readonly ResolvedMisconception[],
  input: AnswerInput,
): ResolvedMisconception | undefined {
  return misconceptions.find((misconception) => isCorrect(misconception.spec, input));
}
