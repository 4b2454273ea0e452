import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { readAttachment, readMailbox } from '../evidence/email-message.ts';
import { readFileRange } from '../evidence/line-index.ts';
import { kindInWords, type EvidenceFile } from '../services/trainee/evidence.ts';
import { traineeEvidence, type FindEvidence } from './evidence-finder.ts';
import { quoted } from '../lib/words.ts';
import type { AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

/** The most bytes one page of the hex view returns. */
export const MAX_HEX_PAGE = 4096;

const params = z.object({ labId: z.string().max(64), evidenceId: z.string().max(64) });
const attachmentParams = params.extend({
  index: z
    .string()
    .regex(/^\d{1,5}$/u, 'This is not the number of an attachment.')
    .transform(Number),
});
const messageQuery = z.object({ message: z.coerce.number().int().min(0).max(100_000).default(0) });
const hexQuery = z.object({
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  length: z.coerce.number().int().min(1).max(MAX_HEX_PAGE).default(512),
});

function emailEvidence(file: EvidenceFile): EvidenceFile {
  if (file.kind !== 'email')
    throw new AppError('bad_request', `${quoted(file.title)} is ${kindInWords(file.kind)}, not an e-mail.`);
  return file;
}

/** A file name for Content-Disposition: an ASCII fallback, and the full name in RFC 5987 form. */
function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\w.-]/gu, '_').slice(0, 200) || 'attachment';
  const encoded = encodeURIComponent(name).replace(
    /['()*!]/gu,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// Only raster formats a browser decodes without running anything; SVG can carry script, so it is
// never served as an image, whatever the file is called.
const IMAGE_SIGNATURES: { type: string; matches: (head: Buffer) => boolean }[] = [
  {
    type: 'image/png',
    matches: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff },
  { type: 'image/gif', matches: (head) => ['GIF87a', 'GIF89a'].includes(head.subarray(0, 6).toString('latin1')) },
  {
    type: 'image/webp',
    matches: (head) =>
      head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/**
 * Rendered views of artefacts that are not plain text: an e-mail's headers, hops, bodies and
 * attachments; a page of bytes for the hex view; an image with its real type for display. Every
 * route finds the file through `find` (evidence-finder.ts), so the access rules are those of the download.
 */
export function evidenceViewRoutes(find: FindEvidence = traineeEvidence) {
  return new Hono<AppEnv>()
    .get('/message', validate('param', params), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = emailEvidence(await find(c, labId, evidenceId));
      return c.json({ fileName: file.fileName, size: file.size, sha256: file.sha256, ...(await readMailbox(file)) });
    })
    .get(
      '/message/attachments/:index',
      validate('param', attachmentParams),
      validate('query', messageQuery),
      async (c) => {
        const { labId, evidenceId, index } = c.req.valid('param');
        const file = emailEvidence(await find(c, labId, evidenceId));
        const { summary, bytes } = await readAttachment(file, c.req.valid('query').message, index);
        // Always a download of opaque bytes: an attachment from a suspect must never render in the app's origin.
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'content-type': 'application/octet-stream',
          'content-disposition': contentDisposition('attachment', summary.filename ?? `attachment-${index + 1}.bin`),
          'content-length': String(bytes.byteLength),
          'x-content-type-options': 'nosniff',
          'x-attachment-sha256': summary.sha256,
          'cache-control': 'private, no-store',
        });
      },
    )
    .get('/hex', validate('param', params), validate('query', hexQuery), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = await find(c, labId, evidenceId);
      const { offset, length } = c.req.valid('query');
      if (offset > file.size || (offset === file.size && file.size > 0))
        throw new AppError(
          'bad_request',
          `This page starts past the end of the file, which has ${file.size} bytes.`,
          'offset',
        );
      const bytes =
        file.size === 0
          ? Buffer.alloc(0)
          : await readFileRange(file.path, offset, Math.min(offset + length, file.size));
      return c.json({ offset, size: file.size, length: bytes.length, hex: bytes.toString('hex') });
    })
    .get('/image', validate('param', params), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = await find(c, labId, evidenceId);
      if (file.kind !== 'image')
        throw new AppError('bad_request', `${quoted(file.title)} is ${kindInWords(file.kind)}, not an image.`);
      const head = await readFileRange(file.path, 0, 16);
      const type = IMAGE_SIGNATURES.find((signature) => signature.matches(head))?.type;
      if (!type)
        throw new AppError(
          'unsupported_media_type',
          'This image is not PNG, JPEG, GIF or WebP, so it cannot be shown here: download it to examine it.',
        );
      return new Response(Readable.toWeb(createReadStream(file.path)) as ReadableStream, {
        headers: {
          'content-type': type,
          'content-disposition': contentDisposition('inline', file.fileName),
          'content-length': String(file.size),
          'x-content-type-options': 'nosniff',
          // Opened on its own, the image still runs nothing and loads nothing.
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        },
      });
    });
}
