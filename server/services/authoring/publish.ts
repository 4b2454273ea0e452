import { existsSync } from 'node:fs';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { parse } from 'yaml';
import type { Db } from '../../db/client.ts';
import { moveLibraryEpoch } from '../../db/library-epoch.ts';
import { labDrafts, labVersions, users } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { tryLoadLab, type LabLibrary, type LoadedLab } from '../../labs/loader.ts';
import { selfTestLab } from '../../labs/self-test.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { isAdmin } from '../policy.ts';
import { requireAuthor } from './authors.ts';
import { requireDraft } from './drafts.ts';
import { clearStaging, copyLabFolder, draftLabDir, isCodePath, listLabFiles, versionLabDir } from './storage.ts';
import { declaredLabId, LabFolderInvalid, refuseDisguisedGenerator, stageLab } from './validate-draft.ts';

/** The seeds a publish self-tests, as validate parses tables for: enough to catch a generator's bad seed. */
const PUBLISH_SEEDS = ['seed-1', 'seed-2', 'seed-3'];

type VersionSource = (typeof labVersions.$inferSelect)['source'];
type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What a publish or a restore made live. */
export interface Published {
  labId: string;
  version: number;
  previousVersion: number | null;
  publishedAt: Date;
}

/** Labs with a publish or restore under way, per authoring folder: one at a time per lab. */
const busyLabs = new Set<string>();

/** Runs `work` holding the given labs (a package's several at once), or refuses if one is busy. */
async function oneAtATime<T>(
  ctx: ServiceContext,
  labIds: string | readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const ids = typeof labIds === 'string' ? [labIds] : [...new Set(labIds)];
  const keyOf = (labId: string) => `${ctx.authoringDir}\0${labId}`;
  const busy = ids.find((labId) => busyLabs.has(keyOf(labId)));
  if (busy !== undefined)
    throw new AppError('conflict', `Another publish or restore of "${busy}" is running: try again in a moment.`);
  for (const labId of ids) busyLabs.add(keyOf(labId));
  try {
    return await work();
  } finally {
    for (const labId of ids) busyLabs.delete(keyOf(labId));
  }
}

function versionRows(db: Db, labId: string) {
  return db.select().from(labVersions).where(eq(labVersions.labId, labId)).orderBy(desc(labVersions.version)).all();
}

/**
 * Whether a lab id belongs to the labs shipped in the labs folder (or installed there by hand): its
 * live folder is not one of the published versions, or its first kept version came from there.
 */
function isShipped(ctx: ServiceContext, labId: string, rows: ReturnType<typeof versionRows>): boolean {
  if (rows.some((row) => row.source === 'installed')) return true;
  const live = ctx.library.labs.get(labId);
  if (live) return relative(join(ctx.authoringDir, 'published'), live.dir).startsWith('..');
  return rows.length === 0 && ctx.library.failures.some((failure) => failure.id === labId);
}

function requireMayReplace(ctx: ServiceContext, actor: Actor, labId: string, rows: ReturnType<typeof versionRows>) {
  if (!isAdmin(actor) && isShipped(ctx, labId, rows))
    throw new AppError(
      'forbidden',
      `"${labId}" is one of the labs installed with Casebench: only an administrator can replace or restore its ` +
        'versions. Copy it as a new lab instead, or ask an administrator.',
    );
}

/** Makes a loaded lab the one every following request sees, and forgets a failure to load it. */
export function swapIn(library: LabLibrary, lab: LoadedLab): void {
  library.labs.set(lab.definition.id, lab);
  for (let index = library.failures.length - 1; index >= 0; index--)
    if (library.failures[index]!.id === lab.definition.id) library.failures.splice(index, 1);
}

/** A lab folder validated in its final place under published/, recorded and live only once committed. */
interface PreparedVersion {
  published: Published;
  /** Writes its version rows and audit entry: inside the caller's transaction. */
  record: (tx: Transaction) => void;
  /** Makes it the lab every following request sees (once the transaction committed). */
  swapIn: () => void;
  /** Removes every file the preparation wrote, and the lab's folder under published/ if it is left empty. */
  discard: () => Promise<void>;
}

/**
 * Validates a lab folder completely (the loader, the evidence tables and the self-test) in its final
 * place under published/, without making it live: the caller records it and swaps it in (see
 * publishFolder), or discards it. The first publish over an installed lab keeps a copy of that lab's
 * folder as a version of its own, so it can be restored. Runs holding the lab (oneAtATime).
 */
async function prepareVersion(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    dir: string;
    labId: string;
    asNewVersion: boolean;
    source: Exclude<VersionSource, 'installed'>;
    draftId?: number;
  },
): Promise<PreparedVersion> {
  const { labId } = input;
  const version = await declaredVersion(input.dir);
  const hasCode = (await listLabFiles(input.dir)).some((file) => isCodePath(file.path));
  const rows = versionRows(ctx.db, labId);
  const live = ctx.library.labs.get(labId);
  const exists = !!live || rows.length > 0 || ctx.library.failures.some((failure) => failure.id === labId);
  if (exists && !input.asNewVersion)
    throw new AppError(
      'conflict',
      `A lab "${labId}" is already installed: install this one as a new version of it, or give it another id.`,
      'labId',
    );
  if (exists) requireMayReplace(ctx, actor, labId, rows);
  if (hasCode && !isAdmin(actor) && input.source === 'package')
    throw new AppError(
      'forbidden',
      'This lab contains generator code, which runs on the server: only an administrator can install it.',
    );
  const highest = Math.max(live?.definition.version ?? 0, ...rows.map((row) => row.version));
  if (version !== undefined && exists && version <= highest)
    throw new AppError(
      'conflict',
      `lab.yaml says version ${version}, but "${labId}" is live at version ${live?.definition.version ?? '(none)'}` +
        `${highest !== live?.definition.version ? ` and version ${highest} is kept` : ''}: raise version to ` +
        `${highest + 1} or more to publish a new version.`,
      'version',
    );
  const target = versionLabDir(ctx.authoringDir, labId, version ?? 0);
  // A version folder without a row is what a crash in the middle of a publish leaves: nobody uses it.
  await rm(dirname(target), { recursive: true, force: true });
  const staged = await stageLab(input.dir, dirname(target), labId);
  // The installed folder may be changed in place (an upgrade): keep a copy of what was live.
  const archive = live && rows.length === 0 ? live : undefined;
  const archiveDir = archive && versionLabDir(ctx.authoringDir, labId, archive.definition.version);
  const discard = async () => {
    await staged.discard();
    if (archiveDir) await rm(dirname(archiveDir), { recursive: true, force: true });
    // Only when empty: a lab that was new leaves nothing behind, one with kept versions keeps them.
    await rmdir(dirname(dirname(target))).catch(() => undefined);
  };
  let lab: LoadedLab;
  try {
    if (!staged.lab || staged.problems.length > 0 || version === undefined) throw new LabFolderInvalid(staged.problems);
    lab = staged.lab;
    const failures = selfTestLab(lab, PUBLISH_SEEDS);
    if (failures.length > 0) throw new LabFolderInvalid([], failures);
    if (archive && archiveDir) await copyLabFolder(archive.dir, archiveDir);
  } catch (error) {
    await discard();
    throw error;
  }
  const publishedAt = ctx.now();
  const published = { labId, version, previousVersion: live?.definition.version ?? null, publishedAt };
  const record = (tx: Transaction) => {
    if (archive)
      tx.insert(labVersions)
        .values({
          labId,
          version: archive.definition.version,
          source: 'installed',
          title: archive.definition.title,
          publishedBy: null,
          publishedAt,
          live: false,
          hasCode: !!archive.definition.variants,
        })
        .run();
    tx.update(labVersions).set({ live: false }).where(eq(labVersions.labId, labId)).run();
    tx.insert(labVersions)
      .values({
        labId,
        version,
        source: input.source,
        title: lab.definition.title,
        publishedBy: actor.id,
        publishedAt,
        live: true,
        hasCode,
      })
      .run();
    if (input.draftId !== undefined)
      tx.update(labDrafts)
        .set({ basedOnLabId: labId, basedOnVersion: version })
        .where(eq(labDrafts.id, input.draftId))
        .run();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.published',
      subject: `lab:${labId}`,
      details: {
        version,
        previousVersion: live?.definition.version ?? null,
        source: input.source,
        hasCode,
        ...(input.draftId !== undefined ? { draftId: input.draftId } : {}),
      },
      at: publishedAt,
    });
  };
  return { published, record, swapIn: () => swapIn(ctx.library, lab), discard };
}

/**
 * Validates a lab folder completely in its final place under published/ (prepareVersion), and makes
 * it the live version of its lab at once: the in-memory library is changed in place, so the next
 * request sees it without a restart.
 */
async function publishFolder(
  ctx: ServiceContext,
  actor: Actor,
  input: Parameters<typeof prepareVersion>[2],
): Promise<Published> {
  // Checked inside the lock: a publish that finished meanwhile changes what is live and kept.
  return oneAtATime(ctx, input.labId, async () => {
    const prepared = await prepareVersion(ctx, actor, input);
    try {
      ctx.db.transaction((tx) => {
        prepared.record(tx);
        moveLibraryEpoch(tx);
      });
    } catch (error) {
      await prepared.discard();
      throw error;
    }
    prepared.swapIn();
    return prepared.published;
  });
}

/** The version lab.yaml declares, if it is a whole number (the loader reports anything else). */
async function declaredVersion(dir: string): Promise<number | undefined> {
  try {
    const parsed = parse(await readFile(join(dir, 'lab.yaml'), 'utf8')) as { version?: unknown };
    return Number.isInteger(parsed?.version) && (parsed.version as number) >= 1
      ? (parsed.version as number)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Publishes a draft as the new live version of its lab (or as a new lab); the draft is kept. */
export async function publishDraft(ctx: ServiceContext, actor: Actor, draftId: number): Promise<Published> {
  const draft = requireDraft(ctx, actor, draftId);
  await refuseDisguisedGenerator(actor, draftLabDir(ctx, draftId, draft.labId));
  return publishFolder(ctx, actor, {
    dir: draftLabDir(ctx, draftId, draft.labId),
    labId: draft.labId,
    asNewVersion: true,
    source: 'draft',
    draftId,
  });
}

/** The lab id a folder's lab.yaml declares, after the checks every publish of a folder makes. */
async function labIdOfFolder(ctx: ServiceContext, actor: Actor, dir: string): Promise<string> {
  await refuseDisguisedGenerator(actor, dir);
  const labId = await declaredLabId(dir);
  if (labId) return labId;
  // Let the loader say what is wrong with lab.yaml, located.
  const staged = await stageLab(dir, join(ctx.authoringDir, 'staging', `unnamed-${Date.now()}`));
  await staged.discard();
  throw new LabFolderInvalid(staged.problems);
}

/**
 * Installs lab folders (an unpacked package's) as live versions without a restart, all of them or
 * none, with the checks and records of a draft's publish. First every folder is validated in its
 * final place and `prepare` runs (the caller's own step that may fail, a course file say: it answers
 * its undo); then one transaction records every version with the caller's `record` (an audit entry);
 * only then are they all made live. A failure before the commit removes every file written, so
 * nothing changed. Each `dir` is copied, never changed; its name need not be the lab's id. With
 * `asNewVersion` false, a lab id already installed is refused (409).
 */
export async function publishLabFolders(
  ctx: ServiceContext,
  actor: Actor,
  folders: readonly { dir: string; asNewVersion: boolean }[],
  steps: {
    prepare: (published: Published[]) => Promise<() => Promise<void>>;
    record: (tx: Transaction, published: Published[]) => void;
  },
): Promise<Published[]> {
  requireAuthor(ctx, actor);
  const labs: { dir: string; asNewVersion: boolean; labId: string }[] = [];
  for (const folder of folders) labs.push({ ...folder, labId: await labIdOfFolder(ctx, actor, folder.dir) });
  return oneAtATime(
    ctx,
    labs.map((lab) => lab.labId),
    async () => {
      const prepared: PreparedVersion[] = [];
      let undoCallerStep: (() => Promise<void>) | undefined;
      try {
        for (const lab of labs) prepared.push(await prepareVersion(ctx, actor, { ...lab, source: 'package' }));
        const published = prepared.map((version) => version.published);
        undoCallerStep = await steps.prepare(published);
        ctx.db.transaction((tx) => {
          for (const version of prepared) version.record(tx);
          steps.record(tx, published);
          moveLibraryEpoch(tx);
        });
        for (const version of prepared) version.swapIn();
        return published;
      } catch (error) {
        await undoCallerStep?.();
        for (const version of prepared.reverse()) await version.discard();
        throw error;
      }
    },
  );
}

/** Every kept version of a lab, the newest first, with which one is live. */
export function listVersions(ctx: ServiceContext, actor: Actor, labId: string) {
  requireAuthor(ctx, actor);
  const live = ctx.library.labs.get(labId);
  const rows = ctx.db
    .select({
      version: labVersions.version,
      live: labVersions.live,
      source: labVersions.source,
      title: labVersions.title,
      publishedAt: labVersions.publishedAt,
      publisherId: users.id,
      publisherUsername: users.username,
      publisherDisplayName: users.displayName,
    })
    .from(labVersions)
    .leftJoin(users, eq(users.id, labVersions.publishedBy))
    .where(eq(labVersions.labId, labId))
    .orderBy(desc(labVersions.version))
    .all();
  if (rows.length === 0 && !live) throw new AppError('not_found', `There is no lab "${labId}".`);
  const versions =
    rows.length > 0
      ? rows.map((row) => ({
          version: row.version,
          live: row.live,
          source: row.source,
          title: row.title,
          publishedBy:
            row.publisherId === null
              ? null
              : { id: row.publisherId, username: row.publisherUsername!, displayName: row.publisherDisplayName! },
          publishedAt: row.source === 'installed' ? null : row.publishedAt.toISOString(),
        }))
      : [
          {
            version: live!.definition.version,
            live: true,
            source: 'installed' as VersionSource,
            title: live!.definition.title,
            publishedBy: null,
            publishedAt: null,
          },
        ];
  return { labId, liveVersion: live?.definition.version ?? null, versions };
}

/** Makes a kept version of a lab live again, without a restart; audit-logged. */
export async function restoreVersion(ctx: ServiceContext, actor: Actor, labId: string, version: number) {
  requireAuthor(ctx, actor);
  const rows = versionRows(ctx.db, labId);
  const row = rows.find((candidate) => candidate.version === version);
  if (!row) throw new AppError('not_found', `"${labId}" has no kept version ${version}.`, 'version');
  requireMayReplace(ctx, actor, labId, rows);
  if (row.live) throw new AppError('conflict', `Version ${version} of "${labId}" is already the live one.`, 'version');
  return oneAtATime(ctx, labId, async () => {
    const dir = versionLabDir(ctx.authoringDir, labId, version);
    if (!existsSync(join(dir, 'lab.yaml')))
      throw new AppError('conflict', `The files of version ${version} of "${labId}" are missing from ${dir}.`);
    const outcome = await tryLoadLab(dir);
    if ('failure' in outcome) throw new LabFolderInvalid(outcome.failure.problems);
    const previousVersion = ctx.library.labs.get(labId)?.definition.version ?? null;
    const at = ctx.now();
    ctx.db.transaction((tx) => {
      tx.update(labVersions).set({ live: false }).where(eq(labVersions.labId, labId)).run();
      tx.update(labVersions)
        .set({ live: true })
        .where(and(eq(labVersions.labId, labId), eq(labVersions.version, version)))
        .run();
      recordAudit(tx, {
        actorId: actor.id,
        action: 'authoring.restored',
        subject: `lab:${labId}`,
        details: { version, previousVersion },
        at,
      });
      moveLibraryEpoch(tx);
    });
    swapIn(ctx.library, outcome.lab);
    return { restored: { labId, version, previousVersion } };
  });
}

/**
 * At start: the live published version of each lab, loaded over the shipped folder of the same id,
 * so a restart serves what was published. A version that no longer loads is reported as a failure
 * (the shipped folder, if any, then stays). Returns the ids loaded.
 */
export async function loadPublishedLabs(db: Db, library: LabLibrary, authoringDir: string): Promise<string[]> {
  await clearStaging(authoringDir);
  const live = db.select().from(labVersions).where(eq(labVersions.live, true)).all();
  const loaded: string[] = [];
  for (const row of live) {
    const outcome = await tryLoadLab(versionLabDir(authoringDir, row.labId, row.version));
    if ('lab' in outcome) {
      swapIn(library, outcome.lab);
      loaded.push(row.labId);
    } else library.failures.push({ ...outcome.failure, id: row.labId });
  }
  return loaded;
}
