import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { parse } from 'yaml';
import { labDrafts, labVersions, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { YamlSource } from '../../labs/problems.ts';
import { scaffoldLab } from '../../labs/scaffold.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { isAdmin } from '../policy.ts';
import { requireAuthor } from './authors.ts';
import { copyLabFolder, draftLabDir, draftRootDir, isCodePath, isTextFile, listLabFiles } from './storage.ts';

type DraftRow = typeof labDrafts.$inferSelect;

/** A lab id as the format allows it (the slug of server/labs/schema.ts). */
const LAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

function checkLabId(id: string, field: string): void {
  if (!LAB_ID.test(id) || id.length > 64)
    throw new AppError(
      'bad_request',
      `"${id.slice(0, 64)}" is not a valid lab id: use lower-case letters, digits and single hyphens (at most 64).`,
      field,
    );
}

/** Whether a lab id is taken: installed now, or published once (even if no longer loaded). */
function labIdTaken(ctx: ServiceContext, labId: string): boolean {
  return (
    ctx.library.labs.has(labId) ||
    ctx.library.failures.some((failure) => failure.id === labId) ||
    !!ctx.db.select({ labId: labVersions.labId }).from(labVersions).where(eq(labVersions.labId, labId)).get()
  );
}

/** The draft if the actor may see it: its author, or any administrator; for everyone else it does not exist. */
export function requireDraft(ctx: ServiceContext, actor: Actor, draftId: number): DraftRow {
  requireAuthor(ctx, actor);
  const row = ctx.db.select().from(labDrafts).where(eq(labDrafts.id, draftId)).get();
  if (!row || (!isAdmin(actor) && row.ownerId !== actor.id))
    throw new AppError('not_found', 'There is no such draft (it may have been deleted).');
  return row;
}

/** Notes that a draft changed now. */
export function touchDraft(ctx: ServiceContext, draftId: number): void {
  ctx.db.update(labDrafts).set({ updatedAt: ctx.now() }).where(eq(labDrafts.id, draftId)).run();
}

/** A draft as lists show it. */
export interface DraftSummary {
  id: number;
  labId: string;
  title: string | null;
  version: number | null;
  owner: { id: number; username: string; displayName: string };
  source: DraftRow['source'];
  basedOn: { labId: string; version: number } | null;
  liveVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Title and version as lab.yaml has them now, if it parses at all (a draft may be half-written). */
async function headerOf(dir: string): Promise<{ title: string | null; version: number | null }> {
  try {
    const parsed = parse(await readFile(join(dir, 'lab.yaml'), 'utf8')) as { title?: unknown; version?: unknown };
    return {
      title: typeof parsed?.title === 'string' ? parsed.title : null,
      version: typeof parsed?.version === 'number' ? parsed.version : null,
    };
  } catch {
    return { title: null, version: null };
  }
}

async function summarise(ctx: ServiceContext, row: DraftRow, owner: DraftSummary['owner']): Promise<DraftSummary> {
  return {
    id: row.id,
    labId: row.labId,
    ...(await headerOf(draftLabDir(ctx, row.id, row.labId))),
    owner,
    source: row.source,
    basedOn:
      row.basedOnLabId !== null && row.basedOnVersion !== null
        ? { labId: row.basedOnLabId, version: row.basedOnVersion }
        : null,
    liveVersion: ctx.library.labs.get(row.labId)?.definition.version ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function ownerOf(ctx: ServiceContext, ownerId: number): DraftSummary['owner'] {
  return ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, ownerId))
    .get()!;
}

/** The actor's drafts (an administrator's: everyone's), the latest change first. */
export async function listDrafts(ctx: ServiceContext, actor: Actor): Promise<{ drafts: DraftSummary[] }> {
  requireAuthor(ctx, actor);
  const rows = ctx.db
    .select({ draft: labDrafts, owner: { id: users.id, username: users.username, displayName: users.displayName } })
    .from(labDrafts)
    .innerJoin(users, eq(users.id, labDrafts.ownerId))
    .where(isAdmin(actor) ? undefined : eq(labDrafts.ownerId, actor.id))
    .orderBy(desc(labDrafts.updatedAt), desc(labDrafts.id))
    .all();
  return { drafts: await Promise.all(rows.map((row) => summarise(ctx, row.draft, row.owner))) };
}

/** One draft with the files of its folder. */
export async function getDraft(ctx: ServiceContext, actor: Actor, draftId: number) {
  const row = requireDraft(ctx, actor, draftId);
  return describeDraft(ctx, row);
}

async function describeDraft(ctx: ServiceContext, row: DraftRow) {
  const files = await listLabFiles(draftLabDir(ctx, row.id, row.labId)).catch(() => []);
  return {
    ...(await summarise(ctx, row, ownerOf(ctx, row.ownerId))),
    files: await Promise.all(
      files.map(async (file) => ({
        ...file,
        text: await isTextFile(join(draftLabDir(ctx, row.id, row.labId), file.path)),
        code: isCodePath(file.path),
      })),
    ),
  };
}

export type CreateDraftInput =
  | { from: 'template'; labId: string }
  | { from: 'lab'; labId: string; newLabId?: string | undefined };

/**
 * A new draft: the template (a valid lab to start from), or a copy of an installed lab's live version,
 * either as its next version or, with `newLabId`, as a new lab of its own (version 1).
 */
export async function createDraft(ctx: ServiceContext, actor: Actor, input: CreateDraftInput) {
  requireAuthor(ctx, actor);
  let labId: string;
  let based: { labId: string; version: number; dir: string } | undefined;
  if (input.from === 'template') {
    checkLabId(input.labId, 'labId');
    if (labIdTaken(ctx, input.labId))
      throw new AppError(
        'conflict',
        `A lab "${input.labId}" is already installed: start from a copy of it, or choose another id.`,
        'labId',
      );
    labId = input.labId;
  } else {
    const lab = ctx.library.labs.get(input.labId);
    if (!lab) throw new AppError('not_found', `There is no installed lab "${input.labId}" to copy.`, 'labId');
    based = { labId: lab.definition.id, version: lab.definition.version, dir: lab.dir };
    labId = input.newLabId ?? lab.definition.id;
    if (input.newLabId !== undefined) {
      checkLabId(input.newLabId, 'newLabId');
      if (labIdTaken(ctx, input.newLabId))
        throw new AppError(
          'conflict',
          `A lab "${input.newLabId}" is already installed: choose another id.`,
          'newLabId',
        );
    }
  }
  const now = ctx.now();
  const row = ctx.db.transaction((tx) => {
    const inserted = tx
      .insert(labDrafts)
      .values({
        ownerId: actor.id,
        labId,
        source: input.from,
        basedOnLabId: based?.labId ?? null,
        basedOnVersion: based?.version ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.draft_created',
      subject: `draft:${inserted.id}`,
      details: { labId, from: input.from, ...(based ? { basedOn: `${based.labId}@${based.version}` } : {}) },
      at: now,
    });
    return inserted;
  });
  try {
    if (!based) await scaffoldLab(draftRootDir(ctx, row.id), labId);
    else {
      const dir = draftLabDir(ctx, row.id, labId);
      await copyLabFolder(based.dir, dir);
      if (labId !== based.labId) await renameLabInYaml(dir, labId);
    }
  } catch (error) {
    // Nothing half-made: the row goes with the folder.
    await rm(draftRootDir(ctx, row.id), { recursive: true, force: true });
    ctx.db.delete(labDrafts).where(eq(labDrafts.id, row.id)).run();
    throw error;
  }
  return describeDraft(ctx, row);
}

/** A copy as a new lab: its id is the new one and it starts again at version 1, comments kept. */
async function renameLabInYaml(dir: string, labId: string): Promise<void> {
  const path = join(dir, 'lab.yaml');
  const source = new YamlSource('lab.yaml', await readFile(path, 'utf8'));
  source.document.set('id', labId);
  source.document.set('version', 1);
  await writeFile(path, source.document.toString({ lineWidth: 0, flowCollectionPadding: false }));
}

/** Deletes a draft and its files; audit-logged. */
export async function deleteDraft(ctx: ServiceContext, actor: Actor, draftId: number): Promise<{ deleted: true }> {
  const row = requireDraft(ctx, actor, draftId);
  ctx.db.transaction((tx) => {
    tx.delete(labDrafts).where(eq(labDrafts.id, draftId)).run();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.draft_deleted',
      subject: `draft:${draftId}`,
      details: { labId: row.labId, ownerId: row.ownerId },
      at: ctx.now(),
    });
  });
  await rm(draftRootDir(ctx, draftId), { recursive: true, force: true });
  return { deleted: true };
}
