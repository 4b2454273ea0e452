import { Hono } from 'hono';
import { z } from 'zod';
import { getCatalogue, listMySubmissions } from '../services/trainee/catalogue.ts';
import { findEvidence } from '../services/trainee/evidence.ts';
import { unlockHint } from '../services/trainee/hints.ts';
import { getNotes, MAX_NOTES_LENGTH, saveNotes } from '../services/trainee/notes.ts';
import { submitAnswer } from '../services/trainee/submit-answer.ts';
import { getTraineeLab } from '../services/trainee/trainee-lab.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { sendEvidenceFile } from './evidence-finder.ts';
import { evidenceTextRoutes } from './evidence-text.ts';
import { evidenceViewRoutes } from './evidence-views.ts';
import { evidenceTableRoutes } from './evidence-tables.ts';

const id = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/u,
    'This is not an id: ids are lowercase words joined by hyphens, such as “brute-force-101”.',
  )
  .max(64);
// Also the instructors' preview's (routes/preview.ts), which runs these same routes over a preview variant.
export const labParam = z.object({ labId: id });
export const taskParam = labParam.extend({ taskId: id });
export const evidenceParam = labParam.extend({ evidenceId: id });
export const hintParam = taskParam.extend({ index: z.coerce.number().int().min(0).max(100) });

export const answerSchema = z.union([
  z.string().max(100_000),
  z.array(z.string().max(10_000)).max(500),
  z.record(z.string().max(200), z.string().max(10_000)),
]);
export const submissionBody = z.object({ answer: answerSchema });
export const notesBody = z.object({ body: z.string().max(MAX_NOTES_LENGTH), baseRevision: z.number().int().min(0) });

/** The trainee's side: catalogue, labs, evidence, answers, hints and notes, always their own. */
export function labRoutes() {
  return new Hono<AppEnv>()
    .get('/catalogue', (c) => c.json(getCatalogue(c.get('services'), signedIn(c))))
    .get('/labs/:labId', validate('param', labParam), async (c) =>
      c.json({ lab: await getTraineeLab(c.get('services'), signedIn(c), c.req.valid('param').labId) }),
    )
    .get('/labs/:labId/evidence/:evidenceId', validate('param', evidenceParam), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = await findEvidence(c.get('services'), signedIn(c), labId, evidenceId);
      return sendEvidenceFile(c, file);
    })
    .route('/labs/:labId/evidence/:evidenceId', evidenceTextRoutes())
    .route('/labs/:labId/evidence/:evidenceId', evidenceViewRoutes())
    .route('/labs/:labId', evidenceTableRoutes())
    .post(
      '/labs/:labId/tasks/:taskId/submissions',
      validate('param', taskParam),
      validate('json', submissionBody),
      async (c) => {
        const { labId, taskId } = c.req.valid('param');
        const outcome = await submitAnswer(c.get('services'), signedIn(c), {
          labId,
          taskId,
          answer: c.req.valid('json').answer,
        });
        return c.json({ submission: outcome }, 201);
      },
    )
    .get('/labs/:labId/tasks/:taskId/submissions', validate('param', taskParam), (c) => {
      const { labId, taskId } = c.req.valid('param');
      return c.json({ submissions: listMySubmissions(c.get('services'), signedIn(c), labId, taskId) });
    })
    .post('/labs/:labId/tasks/:taskId/hints/:index', validate('param', hintParam), async (c) =>
      c.json({ hint: await unlockHint(c.get('services'), signedIn(c), c.req.valid('param')) }),
    )
    .get('/labs/:labId/notes', validate('param', labParam), (c) =>
      c.json({ notes: getNotes(c.get('services'), signedIn(c), c.req.valid('param').labId) }),
    )
    .put('/labs/:labId/notes', validate('param', labParam), validate('json', notesBody), async (c) =>
      c.json({
        notes: await saveNotes(c.get('services'), signedIn(c), c.req.valid('param').labId, c.req.valid('json')),
      }),
    );
}
