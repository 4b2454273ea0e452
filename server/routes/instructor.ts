import { Hono } from 'hono';
import { listLibrary } from '../services/instructor/library.ts';
import { previewLab } from '../services/instructor/lab-preview.ts';
import { previewRoutes, previewSeed } from './preview.ts';
import { z } from 'zod';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from '../services/cohorts/cohort-submissions.ts';
import { exportGradesCsv } from '../services/instructor/grade-export.ts';
import { getCohortAnalytics } from '../services/instructor/analytics.ts';
import { listCohortAudit } from '../services/instructor/audit-trail.ts';
import { getCohortProgress } from '../services/instructor/progress.ts';
import { listReviewQueue, REVIEW_PAGE_DEFAULT, REVIEW_PAGE_MAX } from '../services/instructor/review-queue.ts';
import { listTraineeSubmissions } from '../services/instructor/submissions.ts';
import { findIntegritySignals } from '../services/instructor/integrity-signals.ts';
import { MAX_REVIEW_COMMENT, reviewManualAnswer } from '../services/instructor/review-manual-answer.ts';

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const labId = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/u,
    'This is not a lab id: lab ids are lowercase words joined by hyphens, such as “brute-force-101”.',
  )
  .max(64);
const cohortParam = z.object({ cohortId: positiveId });
const labParam = z.object({ labId });
// The switch that reveals answers, explanations and hints: off unless asked for.
const previewQuery = z.object({
  reveal: z.enum(['true', 'false']).default('false'),
  // The variant of a "try it as a trainee" preview, to show its answers.
  seed: previewSeed.optional(),
});
const traineeParam = cohortParam.extend({ userId: positiveId });
const submissionParam = z.object({ submissionId: positiveId });
const labFilter = z.object({ labId: labId.optional() });
// Histories come a page at a time: a trainee with thousands of answers must not make one huge response.
const historyQuery = labFilter.extend({
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(HISTORY_PAGE_DEFAULT),
  before: positiveId.optional(),
});
const reviewQueueQuery = z.object({
  status: z.enum(['pending', 'reviewed']).default('pending'),
  limit: z.coerce.number().int().min(1).max(REVIEW_PAGE_MAX).default(REVIEW_PAGE_DEFAULT),
  cursor: z
    .string()
    .regex(/^\d{1,16}(?:\.\d{1,16})?$/u, 'This is not a page cursor: use the nextCursor of the previous page.')
    .optional(),
});
const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const reviewBody = z.object({
  points: z.number().int().min(0).max(1_000_000),
  comment: z.string().max(MAX_REVIEW_COMMENT).default(''),
});

/**
 * The instructor dashboard's data: progress, submission histories, analytics, the review queue and
 * grading, grades as CSV, the audit log and integrity signals. Every route is for the cohort's
 * instructor or an admin: trainees get 403, other instructors 404 (the services decide).
 */
export function instructorRoutes() {
  return new Hono<AppEnv>()
    .get('/library', (c) => c.json(listLibrary(c.get('services'), signedIn(c))))
    .route('/library/preview', previewRoutes())
    .get('/library/labs/:labId/preview', validate('param', labParam), validate('query', previewQuery), (c) =>
      c.json(
        previewLab(c.get('services'), signedIn(c), c.req.valid('param').labId, {
          reveal: c.req.valid('query').reveal === 'true',
          seed: c.req.valid('query').seed,
        }),
      ),
    )
    .get('/cohorts/:cohortId/progress', validate('param', cohortParam), (c) =>
      c.json(getCohortProgress(c.get('services'), signedIn(c), c.req.valid('param').cohortId)),
    )
    .get(
      '/cohorts/:cohortId/trainees/:userId/submissions',
      validate('param', traineeParam),
      validate('query', historyQuery),
      (c) => {
        const { cohortId, userId } = c.req.valid('param');
        return c.json(listTraineeSubmissions(c.get('services'), signedIn(c), cohortId, userId, c.req.valid('query')));
      },
    )
    .get('/cohorts/:cohortId/analytics', validate('param', cohortParam), validate('query', labFilter), (c) =>
      c.json(getCohortAnalytics(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query'))),
    )
    .get('/cohorts/:cohortId/reviews', validate('param', cohortParam), validate('query', reviewQueueQuery), (c) =>
      c.json(listReviewQueue(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query'))),
    )
    .post('/reviews/:submissionId', validate('param', submissionParam), validate('json', reviewBody), async (c) => {
      const { points, comment } = c.req.valid('json');
      return c.json(
        await reviewManualAnswer(c.get('services'), signedIn(c), {
          submissionId: c.req.valid('param').submissionId,
          points,
          comment,
        }),
      );
    })
    .get('/cohorts/:cohortId/grades.csv', validate('param', cohortParam), (c) => {
      const { fileName, csv } = exportGradesCsv(c.get('services'), signedIn(c), c.req.valid('param').cohortId);
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName}"`,
      });
    })
    .get('/cohorts/:cohortId/audit', validate('param', cohortParam), validate('query', auditQuery), (c) =>
      c.json(listCohortAudit(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query'))),
    )
    .get('/cohorts/:cohortId/integrity', validate('param', cohortParam), (c) =>
      c.json(findIntegritySignals(c.get('services'), signedIn(c), c.req.valid('param').cohortId)),
    );
}
