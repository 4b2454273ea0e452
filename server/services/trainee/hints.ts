import { and, eq } from 'drizzle-orm';
import { hintUnlocks } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireLabAccess } from './lab-access.ts';
import { releaseText } from './released-text.ts';
import { openTraineeLab, requireSettledPrerequisites, taskResultsFor } from './trainee-lab.ts';

/** Refuses a hint while an earlier one of the task is still locked: a task's hints open in order. */
export function requireHintsBefore(unlocked: readonly number[], index: number): void {
  for (let earlier = 0; earlier < index; earlier++)
    if (!unlocked.includes(earlier))
      throw new AppError('conflict', `Show hint ${earlier + 1} first: a task’s hints open in order.`);
}

/**
 * Unlocks a hint and records its cost as it is now; the cost is taken from the points the task
 * earns, so a trainee who never scores on the task loses nothing for reading it. Hints unlock in
 * order, and unlocking twice costs once.
 */
export async function unlockHint(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; taskId: string; index: number },
) {
  // Refused once the lab has closed, like answers: after the close nothing may change the record
  // the instructor grades (a hint costs points) or release more of the lab than the trainee had.
  requireLabAccess(ctx, actor, input.labId, { forWriting: 'hint' });
  const { lab, variant } = await openTraineeLab(ctx, actor, input.labId);
  const task = lab.definition.tasks.find((candidate) => candidate.id === input.taskId);
  if (!task) throw new AppError('not_found', 'This lab has no such task.');
  const hint = task.hints[input.index];
  if (!hint) throw new AppError('not_found', 'This task has no such hint.');
  requireSettledPrerequisites(ctx, actor, lab.definition.id, task);

  return ctx.writes.run((tx) => {
    const where = and(
      eq(hintUnlocks.userId, actor.id),
      eq(hintUnlocks.labId, lab.definition.id),
      eq(hintUnlocks.taskId, task.id),
    );
    const unlocked = tx.select().from(hintUnlocks).where(where).all();
    const existing = unlocked.find((row) => row.hintIndex === input.index);
    if (!existing) {
      requireHintsBefore(
        unlocked.map((row) => row.hintIndex),
        input.index,
      );
      tx.insert(hintUnlocks)
        .values({
          userId: actor.id,
          labId: lab.definition.id,
          taskId: task.id,
          hintIndex: input.index,
          cost: hint.cost,
          unlockedAt: ctx.now(),
        })
        .run();
      recordAudit(tx, {
        actorId: actor.id,
        action: 'hint.unlock',
        subject: `lab:${lab.definition.id}`,
        details: { taskId: task.id, index: input.index, cost: hint.cost },
        at: ctx.now(),
      });
    }
    return {
      index: input.index,
      cost: existing?.cost ?? hint.cost,
      text: releaseText(
        hint.text,
        task.id,
        variant,
        taskResultsFor(tx, actor, lab.definition.id),
        lab.definition.tasks,
      ),
    };
  });
}
