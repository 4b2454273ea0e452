import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { findEvidence, parseRange, type EvidenceFile } from '../services/trainee/evidence.ts';

/**
 * How the evidence routes find the file they read: the signed-in trainee's own variant, or (for the
 * instructors' preview) the preview variant named in the address. The routes are the same for both.
 */
export type FindEvidence = (
  c: Context<AppEnv>,
  labId: string,
  evidenceId: string,
  options?: { textOnly?: boolean },
) => Promise<EvidenceFile>;

/** The trainee's artefact, through their assignment of the lab. */
export const traineeEvidence: FindEvidence = (c, labId, evidenceId, options) =>
  findEvidence(c.get('services'), signedIn(c), labId, evidenceId, options);

/** An artefact as a download: the whole file, or the byte range asked for. */
export function sendEvidenceFile(c: Context<AppEnv>, file: EvidenceFile): Response {
  const range = parseRange(c.req.header('range'), file.size);
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/gu, '_')}"`,
    'accept-ranges': 'bytes',
    'x-evidence-sha256': file.sha256,
    'cache-control': 'private, no-store',
  };
  if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'content-range': `bytes */${file.size}` });
  const { start, end } = range ?? { start: 0, end: Math.max(0, file.size - 1) };
  const length = file.size === 0 ? 0 : end - start + 1;
  const body = length === 0 ? null : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream);
  if (range)
    return new Response(body, {
      status: 206,
      headers: {
        ...headers,
        'content-length': String(length),
        'content-range': `bytes ${start}-${end}/${file.size}`,
      },
    });
  return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(length) } });
}
