import Database from 'better-sqlite3';
import { referenceAnswers } from '../../../server/grading/registry.ts';
import type { AnswerInput } from '../../../server/grading/types.ts';
import { loadLibrary, type LabLibrary } from '../../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../../server/labs/variants.ts';

/** What the browser solver needs to know of one task: its rules, and its reference answer for the trainee's variant. */
export interface SolvableTask {
  id: string;
  kind: string;
  points: number;
  requires: string[];
  maxAttempts: number | undefined;
  wrongPenalty: number;
  /** Shortest accepted written finding (manual tasks). */
  minLength: number;
  /** The reference answer; undefined for written findings, which an instructor grades. */
  answer: AnswerInput | undefined;
}

let library: Promise<LabLibrary> | undefined;

/** The shipped labs, loaded once per test file (loading them takes seconds on a busy machine). */
export function shippedLabs(): Promise<LabLibrary> {
  library ??= loadLibrary('labs');
  return library;
}

/** The shipped lab and the variant the server gave a user, from the user's seed in the database. */
async function variantOf(databasePath: string, username: string, labId: string) {
  const db = new Database(databasePath, { readonly: true });
  const row = db
    .prepare(
      'select variant_seed as seed from lab_attempts join users on users.id = lab_attempts.user_id where users.username = ? and lab_attempts.lab_id = ?',
    )
    .get(username, labId) as { seed: string } | undefined;
  db.close();
  if (!row) throw new Error(`${username} has not opened ${labId}`);
  const lab = (await shippedLabs()).labs.get(labId);
  if (!lab) throw new Error(`no shipped lab ${labId}`);
  return { lab, variant: generateVariant(lab, row.seed) };
}

/**
 * The test's oracle: the reference answer of a task for the variant the server gave a user. Only
 * tests use it; the browser never sees it.
 */
export async function referenceAnswerFor(
  databasePath: string,
  username: string,
  labId: string,
  taskId: string,
): Promise<AnswerInput> {
  const { lab, variant } = await variantOf(databasePath, username, labId);
  const task = lab.definition.tasks.find((candidate) => candidate.id === taskId)!;
  return referenceAnswers(resolveTask(task, variant).answer)[0]!;
}

/** Every task of a lab with its rules and its reference answer for the variant the server gave a user. */
export async function solvableTasks(databasePath: string, username: string, labId: string): Promise<SolvableTask[]> {
  const { lab, variant } = await variantOf(databasePath, username, labId);
  return lab.definition.tasks.map((task) => {
    const spec = task.answer;
    return {
      id: task.id,
      kind: spec.kind,
      points: task.points,
      requires: [...task.requires],
      maxAttempts: task.max_attempts,
      wrongPenalty: task.wrong_penalty,
      minLength: spec.kind === 'manual' ? spec.min_length : 1,
      answer: spec.kind === 'manual' ? undefined : referenceAnswers(resolveTask(task, variant).answer)[0],
    };
  });
}
