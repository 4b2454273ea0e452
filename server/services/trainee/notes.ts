import { and, eq } from 'drizzle-orm';
import { notes } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireLabAccess } from './lab-access.ts';

export const MAX_NOTES_LENGTH = 200_000;

/** The refusal of a save made on an older revision (also the instructors' preview's notes). */
export const NOTES_SAVED_ELSEWHERE =
  'Your notes were saved from another tab or device meanwhile. Reload them to see that version, then save again.';

/** The actor's own notes for a lab (empty at revision 0 before the first save). */
export function getNotes(ctx: ServiceContext, actor: Actor, labId: string) {
  requireLabAccess(ctx, actor, labId);
  const row = ctx.db
    .select()
    .from(notes)
    .where(and(eq(notes.userId, actor.id), eq(notes.labId, labId)))
    .get();
  return { body: row?.body ?? '', revision: row?.revision ?? 0, updatedAt: row?.updatedAt ?? null };
}

/**
 * Saves notes if the editor saw the latest revision; otherwise 409 with nothing overwritten, so a
 * second open tab cannot silently erase what the first one saved. Autosaves of a whole cohort are
 * frequent: they share the answers' group commit instead of each waiting for an fsync of its own.
 */
export async function saveNotes(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  input: { body: string; baseRevision: number },
) {
  requireLabAccess(ctx, actor, labId, { forWriting: 'notes' });
  return ctx.writes.run((tx) => {
    const where = and(eq(notes.userId, actor.id), eq(notes.labId, labId));
    const current = tx.select().from(notes).where(where).get();
    const currentRevision = current?.revision ?? 0;
    if (currentRevision !== input.baseRevision) throw new AppError('conflict', NOTES_SAVED_ELSEWHERE, 'baseRevision');
    const now = ctx.now();
    const revision = currentRevision + 1;
    if (current) tx.update(notes).set({ body: input.body, revision, updatedAt: now }).where(where).run();
    else tx.insert(notes).values({ userId: actor.id, labId, body: input.body, revision, updatedAt: now }).run();
    return { revision, updatedAt: now };
  });
}
