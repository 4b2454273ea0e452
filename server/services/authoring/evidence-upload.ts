import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isMap, isSeq } from 'yaml';
import { validationError, AppError } from '../../errors.ts';
import { YamlSource } from '../../labs/problems.ts';
import { custodySchema, evidenceKinds } from '../../labs/schema.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireCodeRight } from './draft-files.ts';
import { requireDraft, touchDraft } from './drafts.ts';
import { checkLabPath, draftLabDir, replaceFile } from './storage.ts';

/** The largest evidence file uploaded in the browser; bigger artefacts belong in a package or the labs folder. */
export const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/**
 * The form fields of an upload: the evidence entry and its custody record (the lab format's own
 * custodySchema, so the upload and lab.yaml can never disagree about what custody needs).
 */
export const evidenceUploadFields = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'expected an evidence id: lower-case letters, digits and single hyphens'),
  title: z.string().trim().min(1, 'give the artefact a title, as trainees will see it'),
  kind: z.enum(evidenceKinds, { message: `expected one of ${evidenceKinds.join(', ')}` }),
  path: optionalText,
  format: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]*$/u, 'expected a format such as syslog or apache-combined')
    .transform((value) => value || undefined)
    .optional(),
  description: optionalText,
  source_device: custodySchema.shape.source_device,
  acquired_by: custodySchema.shape.acquired_by,
  acquired_at: custodySchema.shape.acquired_at,
  method: custodySchema.shape.method,
  notes: optionalText,
});

/** A file name made safe as the last segment of evidence/<name>. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/u).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/gu, '-').replace(/^[.-]+/u, '');
  return cleaned.slice(0, 100) || 'artefact';
}

/**
 * Stores an uploaded artefact in a draft and adds (or, for an id already there, updates) its evidence
 * entry in lab.yaml with the SHA-256 computed here and the custody record given. The rest of lab.yaml
 * (comments, other entries, the entry's table) stays as it was. Audit-logged with the hash.
 */
export async function uploadEvidence(
  ctx: ServiceContext,
  actor: Actor,
  draftId: number,
  upload: { fileName: string; bytes: Uint8Array; fields: Record<string, unknown> },
) {
  const draft = requireDraft(ctx, actor, draftId);
  const parsed = evidenceUploadFields.safeParse(upload.fields);
  if (!parsed.success) throw validationError(parsed.error, 'form');
  const fields = parsed.data;
  if (upload.bytes.length === 0) throw new AppError('bad_request', 'The uploaded file is empty.', 'file');
  if (upload.bytes.length > MAX_EVIDENCE_BYTES)
    throw new AppError(
      'payload_too_large',
      `The file is ${upload.bytes.length} bytes; an upload may have at most ${MAX_EVIDENCE_BYTES} bytes.`,
      'file',
    );
  const path = checkLabPath(fields.path ?? `evidence/${safeFileName(upload.fileName)}`);
  requireCodeRight(actor, path);
  if (path === 'lab.yaml') throw new AppError('bad_request', 'Evidence cannot be stored as lab.yaml.', 'path');

  const dir = draftLabDir(ctx, draftId, draft.labId);
  const yamlPath = join(dir, 'lab.yaml');
  const source = new YamlSource('lab.yaml', await readFile(yamlPath, 'utf8'));
  if (source.syntaxProblems().length > 0 || !isMap(source.document.contents))
    throw new AppError(
      'conflict',
      'lab.yaml does not parse as YAML, so the evidence entry cannot be added: fix lab.yaml (validate shows where), ' +
        'then upload again. Nothing was stored.',
    );
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const entry = {
    id: fields.id,
    file: path,
    title: fields.title,
    ...(fields.description ? { description: fields.description } : {}),
    kind: fields.kind,
    ...(fields.format ? { format: fields.format } : {}),
    sha256,
    custody: {
      source_device: fields.source_device,
      acquired_by: fields.acquired_by,
      acquired_at: fields.acquired_at,
      method: fields.method,
      ...(fields.notes ? { notes: fields.notes } : {}),
    },
  };
  const document = source.document;
  let evidence = document.get('evidence', true);
  if (!isSeq(evidence)) {
    document.set('evidence', document.createNode([]));
    evidence = document.get('evidence', true);
  }
  const items = isSeq(evidence) ? evidence.items : [];
  const index = items.findIndex((item) => isMap(item) && item.get('id') === fields.id);
  if (index === -1) document.addIn(['evidence'], document.createNode(entry));
  else {
    // Only what the upload decides is replaced: a table, a description not sent again and the like stay.
    for (const [key, value] of Object.entries(entry))
      document.setIn(['evidence', index, key], document.createNode(value));
    document.deleteIn(['evidence', index, 'generated']);
  }
  await replaceFile(join(dir, path), upload.bytes);
  await replaceFile(yamlPath, document.toString({ lineWidth: 0, flowCollectionPadding: false }));
  ctx.db.transaction((tx) => {
    recordAudit(tx, {
      actorId: actor.id,
      action: 'authoring.evidence_uploaded',
      subject: `draft:${draftId}`,
      details: { evidenceId: fields.id, path, sha256, size: upload.bytes.length, created: index === -1 },
      at: ctx.now(),
    });
  });
  touchDraft(ctx, draftId);
  return { evidence: { id: fields.id, file: path, sha256, size: upload.bytes.length }, created: index === -1 };
}
