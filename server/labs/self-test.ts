import { isDeepStrictEqual } from 'node:util';
import { checkAnswer, publicAnswerShape, referenceAnswers } from '../grading/registry.ts';
import type { AnswerInput } from '../grading/types.ts';
import { findAnswerLeaks } from './answer-leaks.ts';
import type { LoadedLab } from './loader.ts';
import { generateVariant, resolveTask, type Variant } from './variants.ts';

/** One way a lab's tasks misbehave for a seed. */
export interface SelfTestFailure {
  seed: string;
  task?: string;
  /** The field of the task in lab.yaml, when the failure is about one text (explanation, hints[1]). */
  field?: string;
  message: string;
}

/** Kinds whose reference answers are secret values (for choices and mappings the ids are public by design). */
const SECRET_VALUE_KINDS = new Set(['text', 'regex', 'number', 'ip', 'hash', 'timestamp', 'set']);

function describe(answer: AnswerInput): string {
  const text = JSON.stringify(answer);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The author's self-test (`npm run lab -- check`): for each seed, every reference answer and every
 * `examples.accept` must be graded correct, every `examples.reject` must not be, the placeholder must
 * not be the answer, the answer must not appear in what the trainee sees, the generator must give
 * the same output twice for the same seed, and no explanation or hint may give away the answer of a
 * task that can still be open when it is released (see answer-leaks.ts for the rule).
 */
export function selfTestLab(lab: LoadedLab, seeds: string[]): SelfTestFailure[] {
  const failures: SelfTestFailure[] = [];
  const effectiveSeeds = lab.generator ? seeds : ['fixed'];
  for (const seed of effectiveSeeds) {
    let variant: Variant;
    try {
      variant = generateVariant(lab, seed);
      const again = generateVariant(lab, seed);
      if (
        !isDeepStrictEqual(variant.values, again.values) ||
        [...variant.files].some(([id, file]) => again.files.get(id)?.sha256 !== file.sha256)
      )
        failures.push({
          seed,
          message:
            'the generator is not deterministic: the same seed gave different output (use context.random, never ' +
            'Math.random or the clock)',
        });
    } catch (error) {
      failures.push({ seed, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const resolvedTasks = new Map<string, ReturnType<typeof resolveTask>>();
    for (const task of lab.definition.tasks) {
      const fail = (message: string) => failures.push({ seed, task: task.id, message });
      let resolved: ReturnType<typeof resolveTask>;
      try {
        resolved = resolveTask(task, variant);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
        continue;
      }
      resolvedTasks.set(task.id, resolved);
      const references = referenceAnswers(resolved.answer);
      if (resolved.answer.kind !== 'manual' && references.length === 0) fail('the answer spec has no reference answer');
      for (const answer of references) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status !== 'graded' || outcome.verdict !== 'correct')
          fail(`the reference answer ${describe(answer)} is not accepted: ${outcome.feedback}`);
      }
      for (const answer of resolved.examples.accept) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status !== 'graded' || outcome.verdict !== 'correct')
          fail(`examples.accept ${describe(answer)} is not accepted (${outcome.status}: ${outcome.feedback})`);
      }
      for (const answer of resolved.examples.reject) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status === 'graded' && outcome.verdict === 'correct')
          fail(`examples.reject ${describe(answer)} is accepted as correct`);
        // A malformed example is refused before any comparison, so it would prove nothing.
        if (outcome.status === 'invalid')
          fail(
            `examples.reject ${describe(answer)} is not even a well-formed answer (${outcome.feedback}); give a ` +
              'plausible wrong answer instead',
          );
      }
      if (task.placeholder !== undefined && resolved.answer.kind !== 'manual') {
        const outcome = checkAnswer(resolved.answer, task.placeholder);
        if (outcome.status === 'graded' && outcome.verdict !== 'incorrect')
          fail(
            'the placeholder is (partly) accepted as the answer: show an example of the format that is not the answer',
          );
      }
      if (SECRET_VALUE_KINDS.has(resolved.answer.kind)) {
        const visible = [resolved.prompt, task.placeholder ?? '', JSON.stringify(publicAnswerShape(resolved.answer))]
          .join('\n')
          .toLowerCase();
        for (const answer of references.flat())
          if (typeof answer === 'string' && answer.length >= 6 && visible.includes(answer.toLowerCase()))
            fail(`the answer ${describe(answer)} appears in the prompt, placeholder or answer field`);
      }
    }
    // Only when every task resolved: a broken spec is reported above, and its leaks would be noise.
    if (resolvedTasks.size === lab.definition.tasks.length)
      for (const leak of findAnswerLeaks(lab.definition.tasks, resolvedTasks, variant.values))
        failures.push({
          seed,
          task: leak.task,
          field: leak.field,
          message:
            `gives away the answer of task ${leak.leaks}, which can still be open when this text is released: ` +
            `the checker of ${leak.leaks} accepts ` +
            `${JSON.stringify(leak.found.length > 120 ? `${leak.found.slice(0, 117)}...` : leak.found)}. Reword the ` +
            `text, or make ${leak.task} require ${leak.leaks} if it only makes sense afterwards`,
        });
  }
  return failures;
}
