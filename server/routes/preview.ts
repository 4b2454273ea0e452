import { Hono } from 'hono';
import { z } from 'zod';
import {
  findPreviewEvidence,
  getPreviewLab,
  getPreviewNotes,
  PREVIEW_SEED,
  savePreviewNotes,
  submitPreviewAnswer,
  unlockPreviewHint,
} from '../services/instructor/preview-workspace.ts';
import { requireStaff } from '../services/policy.ts';
import { MAX_NOTES_LENGTH } from '../services/trainee/notes.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { sendEvidenceFile, type FindEvidence } from './evidence-finder.ts';
import { evidenceTextRoutes } from './evidence-text.ts';
import { evidenceViewRoutes } from './evidence-views.ts';
import { answerSchema } from './labs.ts';

const id = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/u,
    'This is not an id: ids are lowercase words joined by hyphens, such as “brute-force-101”.',
  )
  .max(64);
const seed = z.string().regex(PREVIEW_SEED, 'This is not a preview variant: open the preview again from the library.');
const labParam = z.object({ seed, labId: id });
const taskParam = labParam.extend({ taskId: id });
const evidenceParam = labParam.extend({ evidenceId: id });
const hintParam = taskParam.extend({ index: z.coerce.number().int().min(0).max(100) });
const submissionBody = z.object({ answer: answerSchema });
const notesBody = z.object({ body: z.string().max(MAX_NOTES_LENGTH), baseRevision: z.number().int().min(0) });

/** The preview variant's artefact named by the address (its seed is part of the path these routes sit under). */
const previewEvidence: FindEvidence = async (c, labId, evidenceId, options) => {
  const previewSeed = seed.safeParse(c.req.param('seed'));
  return findPreviewEvidence(
    c.get('services'),
    signedIn(c),
    { labId, evidenceId, seed: previewSeed.success ? previewSeed.data : '' },
    options,
  );
};

/**
 * The trainee's lab routes over an instructor's preview variant, under
 * /api/instructor/library/preview/:seed: the same paths and answers as /api/labs/..., so the
 * workspace page runs unchanged on them, for staff only, and nothing they do is stored
 * (services/instructor/preview-workspace.ts). Evidence tables are not offered in a preview.
 */
export function previewRoutes() {
  return (
    new Hono<AppEnv>()
      // Staff only, before anything in the request is read: a trainee learns nothing of previews, not even a seed's form.
      .use('*', async (c, next) => {
        requireStaff(signedIn(c));
        await next();
      })
      .get('/:seed/labs/:labId', validate('param', labParam), (c) => {
        const { labId, seed: previewSeed } = c.req.valid('param');
        return c.json({ lab: getPreviewLab(c.get('services'), signedIn(c), labId, previewSeed) });
      })
      .get('/:seed/labs/:labId/evidence/:evidenceId', validate('param', evidenceParam), async (c) => {
        const { labId, evidenceId } = c.req.valid('param');
        return sendEvidenceFile(c, await previewEvidence(c, labId, evidenceId));
      })
      .route('/:seed/labs/:labId/evidence/:evidenceId', evidenceTextRoutes({ find: previewEvidence }))
      .route('/:seed/labs/:labId/evidence/:evidenceId', evidenceViewRoutes(previewEvidence))
      .post(
        '/:seed/labs/:labId/tasks/:taskId/submissions',
        validate('param', taskParam),
        validate('json', submissionBody),
        (c) => {
          const { labId, taskId, seed: previewSeed } = c.req.valid('param');
          const submission = submitPreviewAnswer(c.get('services'), signedIn(c), {
            labId,
            taskId,
            seed: previewSeed,
            answer: c.req.valid('json').answer,
          });
          return c.json({ submission }, 201);
        },
      )
      .post('/:seed/labs/:labId/tasks/:taskId/hints/:index', validate('param', hintParam), (c) =>
        c.json({ hint: unlockPreviewHint(c.get('services'), signedIn(c), c.req.valid('param')) }),
      )
      .get('/:seed/labs/:labId/notes', validate('param', labParam), (c) => {
        const { labId, seed: previewSeed } = c.req.valid('param');
        return c.json({ notes: getPreviewNotes(c.get('services'), signedIn(c), labId, previewSeed) });
      })
      .put('/:seed/labs/:labId/notes', validate('param', labParam), validate('json', notesBody), (c) => {
        const { labId, seed: previewSeed } = c.req.valid('param');
        return c.json({
          notes: savePreviewNotes(c.get('services'), signedIn(c), labId, previewSeed, c.req.valid('json')),
        });
      })
  );
}
