import Database from 'better-sqlite3';
import { referenceAnswers } from '../../../server/grading/registry.ts';
import type { AnswerInput } from '../../../server/grading/types.ts';
import { loadLibrary } from '../../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../../server/labs/variants.ts';

/**
 * The test's oracle: the reference answer of a task for the variant the server gave a user,
 * computed from the lab and the user's seed in the database. Only tests use it; the browser never
 * sees it.
 */
export async function referenceAnswerFor(
  databasePath: string,
  username: string,
  labId: string,
  taskId: string,
): Promise<AnswerInput> {
  const db = new Database(databasePath, { readonly: true });
  const row = db
    .prepare(
      'select variant_seed as seed from lab_attempts join users on users.id = lab_attempts.user_id where users.username = ? and lab_attempts.lab_id = ?',
    )
    .get(username, labId) as { seed: string } | undefined;
  db.close();
  if (!row) throw new Error(`${username} has not opened ${labId}`);
  const lab = (await loadLibrary('labs')).labs.get(labId)!;
  const task = lab.definition.tasks.find((candidate) => candidate.id === taskId)!;
  return referenceAnswers(resolveTask(task, generateVariant(lab, row.seed)).answer)[0]!;
}
