import type { taskResults } from '../db/schema.ts';
import { referenceAnswers } from '../grading/registry.ts';
import { escapeForRegex, interpolate } from '../grading/variables.ts';
import type { LabVariant } from './variant-store.ts';

type TaskResultRow = typeof taskResults.$inferSelect;

/** Kinds whose reference answers are option ids, which the answer field shows anyway. */
const OPTION_KINDS = new Set(['choice', 'sequence', 'mapping', 'manual']);

function answerStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(answerStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(answerStrings);
  return [];
}

/**
 * A hint or explanation as released to a trainee, with the answers of the lab's other tasks that
 * are still open masked. Authors naturally write "the attacker, 203.0.113.7, then logged in as
 * j.doe", and a trainee can get an explanation released by using up a task's attempts; masking
 * makes that impossible to exploit whatever the texts say. A value is masked as a whole token and
 * regardless of case; it shows again once its own task is settled.
 */
export function releaseText(text: string, ownTaskId: string, variant: LabVariant, results: Map<string, TaskResultRow>, tasks: readonly { id: string; title: string }[]): string {
  let released = interpolate(text, variant.values);
  for (const [taskId, patterns] of answerPatternsOf(variant)) {
    if (taskId === ownTaskId) continue;
    const status = results.get(taskId)?.status;
    if (status === 'solved' || status === 'failed') continue;
    const title = tasks.find((task) => task.id === taskId)?.title ?? taskId;
    for (const pattern of patterns) released = released.replace(pattern, `[answer of "${title}", shown once that task is done]`);
  }
  return released;
}

const patternsByVariant = new WeakMap<LabVariant, Map<string, RegExp[]>>();

/** Each task's answers as whole-token patterns, longest first; built once per variant, which is cached. */
function answerPatternsOf(variant: LabVariant): Map<string, RegExp[]> {
  let patterns = patternsByVariant.get(variant);
  if (!patterns) {
    patterns = new Map();
    for (const [taskId, task] of variant.tasks) {
      if (OPTION_KINDS.has(task.answer.kind)) continue;
      const secrets = [...new Set(referenceAnswers(task.answer).flatMap(answerStrings).map((answer) => answer.trim()))].filter((answer) => answer.length >= 3).sort((a, b) => b.length - a.length);
      patterns.set(
        taskId,
        secrets.map((secret) => {
          const startsWord = /^\w/u.test(secret) ? '(?<![\\p{L}\\p{N}_])' : '';
          const endsWord = /\w$/u.test(secret) ? '(?![\\p{L}\\p{N}_])' : '';
          return new RegExp(`${startsWord}${escapeForRegex(secret)}${endsWord}`, 'giu');
        }),
      );
    }
    patternsByVariant.set(variant, patterns);
  }
  return patterns;
}
