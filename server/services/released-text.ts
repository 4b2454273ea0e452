import type { taskResults } from '../db/schema.ts';
import { referenceAnswers } from '../grading/registry.ts';
import { interpolate } from '../grading/variables.ts';
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

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * A hint or explanation as released to a trainee, with the answers of the lab's other tasks that
 * are still open masked. Authors naturally write "the attacker, 203.0.113.7, then logged in as
 * j.doe", and a trainee can get an explanation released by using up a task's attempts; masking
 * makes that impossible to exploit whatever the texts say. A value is masked as a whole token and
 * regardless of case; it shows again once its own task is settled.
 */
export function releaseText(text: string, ownTaskId: string, variant: LabVariant, results: Map<string, TaskResultRow>, titles: Map<string, string>): string {
  let released = interpolate(text, variant.values);
  for (const [taskId, task] of variant.tasks) {
    if (taskId === ownTaskId || OPTION_KINDS.has(task.answer.kind)) continue;
    const status = results.get(taskId)?.status;
    if (status === 'solved' || status === 'failed') continue;
    const secrets = [...new Set(referenceAnswers(task.answer).flatMap(answerStrings).map((answer) => answer.trim()))].filter((answer) => answer.length >= 3).sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      const startsWord = /^\w/u.test(secret) ? '(?<![\\p{L}\\p{N}_])' : '';
      const endsWord = /\w$/u.test(secret) ? '(?![\\p{L}\\p{N}_])' : '';
      released = released.replace(new RegExp(`${startsWord}${escapeForPattern(secret)}${endsWord}`, 'giu'), `[answer of "${titles.get(taskId) ?? taskId}", shown once that task is done]`);
    }
  }
  return released;
}
