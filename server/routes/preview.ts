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
import { allowOnly, signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { sendEvidenceFile, type FindEvidence } from './evidence-finder.ts';
import { evidenceTextRoutes } from './evidence-text.ts';
import { evidenceViewRoutes } from './evidence-views.ts';
import { evidenceParam, hintParam, labParam, notesBody, submissionBody, taskParam } from './labs.ts';

/** A preview variant's seed, as the address carries it (also the reveal page's `seed`, routes/instructor.ts). */
export const previewSeed = z
  .string()
  .regex(PREVIEW_SEED, 'This is not a preview variant: open the preview again from the library.');
const seedParam = z.object({ seed: previewSeed });
const previewLabParam = labParam.merge(seedParam);

/** The preview variant's artefact named by the address (its seed is part of the path these routes sit under). */
const previewEvidence: FindEvidence = async (c, labId, evidenceId, options) => {
  const parsed = previewSeed.safeParse(c.req.param('seed'));
  return findPreviewEvidence(
    c.get('services'),
    signedIn(c),
    { labId, evidenceId, seed: parsed.success ? parsed.data : '' },
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
      .use(
        '*',
        allowOnly((_, actor) => requireStaff(actor)),
      )
      .get('/:seed/labs/:labId', validate('param', previewLabParam), (c) => {
        const { labId, seed } = c.req.valid('param');
        return c.json({ lab: getPreviewLab(c.get('services'), signedIn(c), labId, seed) });
      })
      .get('/:seed/labs/:labId/evidence/:evidenceId', validate('param', evidenceParam.merge(seedParam)), async (c) => {
        const { labId, evidenceId } = c.req.valid('param');
        return sendEvidenceFile(c, await previewEvidence(c, labId, evidenceId));
      })
      .route('/:seed/labs/:labId/evidence/:evidenceId', evidenceTextRoutes({ find: previewEvidence }))
      .route('/:seed/labs/:labId/evidence/:evidenceId', evidenceViewRoutes(previewEvidence))
      .post(
        '/:seed/labs/:labId/tasks/:taskId/submissions',
        validate('param', taskParam.merge(seedParam)),
        validate('json', submissionBody),
        (c) => {
          const { labId, taskId, seed } = c.req.valid('param');
          const submission = submitPreviewAnswer(c.get('services'), signedIn(c), {
            labId,
            taskId,
            seed,
            answer: c.req.valid('json').answer,
          });
          return c.json({ submission }, 201);
        },
      )
      .post('/:seed/labs/:labId/tasks/:taskId/hints/:index', validate('param', hintParam.merge(seedParam)), (c) =>
        c.json({ hint: unlockPreviewHint(c.get('services'), signedIn(c), c.req.valid('param')) }),
      )
      .get('/:seed/labs/:labId/notes', validate('param', previewLabParam), (c) => {
        const { labId, seed } = c.req.valid('param');
        return c.json({ notes: getPreviewNotes(c.get('services'), signedIn(c), labId, seed) });
      })
      .put('/:seed/labs/:labId/notes', validate('param', previewLabParam), validate('json', notesBody), (c) => {
        const { labId, seed } = c.req.valid('param');
        return c.json({
          notes: savePreviewNotes(c.get('services'), signedIn(c), labId, seed, c.req.valid('json')),
        });
      })
  );
}
