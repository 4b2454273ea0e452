import { createHash } from 'node:crypto';
import { lstat, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { mayEditCode } from './authors.ts';
import { requireDraft, touchDraft } from './drafts.ts';
import { checkLabPath, draftLabDir, isCodePath, isTextContent, replaceFile } from './storage.ts';

/** The largest text file the editor saves: lab.yaml and briefs are a few KB; evidence is uploaded instead. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;

/** Files the editor may read in one answer: a larger one is downloaded raw. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

/** Refuses code files to those who may not write code (403, saying why and what to do). */
export function requireCodeRight(actor: Actor, path: string): void {
  if (isCodePath(path) && !mayEditCode(actor))
    throw new AppError(
      'forbidden',
      `Only an administrator can write generator code ("${path}"): code runs on the server when the lab loads. ` +
        'Ask an administrator to make the change, or leave the file as it is.',
      'path',
    );
}

/** The absolute path of a draft's file, after the path checks; the file must be a regular file if `mustExist`. */
async function draftFilePath(ctx: ServiceContext, draftId: number, labId: string, path: string, mustExist: boolean) {
  checkLabPath(path);
  const absolute = join(draftLabDir(ctx, draftId, labId), path);
  const info = await lstat(absolute).catch(() => undefined);
  if (mustExist && !info?.isFile()) throw new AppError('not_found', `The draft has no file "${path}".`, 'path');
  if (info && !info.isFile()) throw new AppError('bad_request', `"${path}" is a folder, not a file.`, 'path');
  return absolute;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A draft file: its text when it is text, otherwise only its size and hash. */
export async function readDraftFile(ctx: ServiceContext, actor: Actor, draftId: number, path: string) {
  const draft = requireDraft(ctx, actor, draftId);
  const absolute = await draftFilePath(ctx, draftId, draft.labId, path, true);
  const info = await lstat(absolute);
  if (info.size > MAX_READ_BYTES) {
    return { path, size: info.size, sha256: null, text: false, content: null };
  }
  const bytes = await readFile(absolute);
  const text = isTextContent(bytes);
  return { path, size: bytes.length, sha256: sha256(bytes), text, content: text ? bytes.toString('utf8') : null };
}

/** A draft file's bytes, for downloading and image previews. */
export async function readDraftFileBytes(ctx: ServiceContext, actor: Actor, draftId: number, path: string) {
  const draft = requireDraft(ctx, actor, draftId);
  const absolute = await draftFilePath(ctx, draftId, draft.labId, path, true);
  return { name: path.split('/').pop()!, bytes: await readFile(absolute) };
}

/** Saves a text file of a draft (created with its folders if new); audit-logged. */
export async function saveDraftFile(ctx: ServiceContext, actor: Actor, draftId: number, path: string, content: string) {
  const draft = requireDraft(ctx, actor, draftId);
  requireCodeRight(actor, path);
  const bytes = Buffer.from(content, 'utf8');
  if (bytes.length > MAX_TEXT_FILE_BYTES)
    throw new AppError(
      'payload_too_large',
      `"${path}" is ${bytes.length} bytes; a text file saved in the editor may have at most ${MAX_TEXT_FILE_BYTES} ` +
        'bytes. Upload larger evidence as a file instead.',
      'content',
    );
  const absolute = await draftFilePath(ctx, draftId, draft.labId, path, false);
  await replaceFile(absolute, bytes);
  ctx.db.transaction((tx) => {
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.file_saved',
      subject: `draft:${draftId}`,
      details: { path, size: bytes.length },
      at: ctx.now(),
    });
  });
  touchDraft(ctx, draftId);
  return { file: { path, size: bytes.length, sha256: sha256(bytes), text: true, code: isCodePath(path) } };
}

/** Deletes a file of a draft (never its lab.yaml); audit-logged. */
export async function deleteDraftFile(ctx: ServiceContext, actor: Actor, draftId: number, path: string) {
  const draft = requireDraft(ctx, actor, draftId);
  if (path === 'lab.yaml')
    throw new AppError('bad_request', 'A lab always has a lab.yaml: edit it instead of deleting it.', 'path');
  requireCodeRight(actor, path);
  const absolute = await draftFilePath(ctx, draftId, draft.labId, path, true);
  await rm(absolute);
  ctx.db.transaction((tx) => {
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.file_deleted',
      subject: `draft:${draftId}`,
      details: { path },
      at: ctx.now(),
    });
  });
  touchDraft(ctx, draftId);
  return { deleted: path };
}
