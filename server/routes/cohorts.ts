import { Hono } from 'hono';
import { z } from 'zod';
import {
  addMember,
  assignToCohort,
  createCohort,
  getCohortDetails,
  joinCohort,
  listOwnCohorts,
  removeMember,
  rotateJoinCode,
  unassign,
} from '../services/cohorts/cohorts.ts';
import {
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  listCohortSubmissions,
} from '../services/cohorts/cohort-submissions.ts';
import {
  answerInvitation,
  inviteTrainee,
  listCohortInvitations,
  listMyInvitations,
  withdrawInvitation,
} from '../services/cohorts/invitations.ts';
import { searchTrainees } from '../services/instructor/trainee-picker.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

const cohortParam = z.object({ cohortId: z.coerce.number().int().positive() });
const memberParam = cohortParam.extend({ userId: z.coerce.number().int().positive() });
const invitationParam = z.object({ invitationId: z.coerce.number().int().positive() });
const cohortInvitationParam = cohortParam.extend({ invitationId: z.coerce.number().int().positive() });
const invitationBody = z.object({
  userId: z.number({ message: 'Give the trainee’s account number (userId).' }).int().positive(),
});
const assignmentParam = cohortParam.extend({ assignmentId: z.coerce.number().int().positive() });
// A page at a time (see listCohortSubmissions): `before` is the nextCursor of the previous page.
const submissionsQuery = z.object({
  userId: z.coerce.number().int().positive().optional(),
  labId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(HISTORY_PAGE_DEFAULT),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
// The length is judged by the service after the cohort check, so a trainee learns nothing from a 400.
const traineeSearchQuery = z.object({ q: z.string().max(100, 'Type at most 100 characters.').default('') });
const optionalDate = z.iso
  .datetime({ offset: true, message: 'Give a date and time.' })
  .nullable()
  .optional()
  .transform((value) => (value ? new Date(value) : null));
const assignmentBody = z.object({
  labId: z.string().min(1).max(64).optional(),
  courseId: z.string().min(1).max(64).optional(),
  opensAt: optionalDate,
  closesAt: optionalDate,
});

const JOIN_CODE_SHAPE =
  'A join code has eight letters and digits, such as “K7PX-M2QD”: ' + 'check it with your instructor.';

/** Cohorts: instructors manage their own; trainees join with a code. */
export function cohortRoutes() {
  return (
    new Hono<AppEnv>()
      .post(
        '/join',
        validate('json', z.object({ code: z.string().min(4, JOIN_CODE_SHAPE).max(20, JOIN_CODE_SHAPE) })),
        async (c) => c.json({ cohort: await joinCohort(c.get('services'), signedIn(c), c.req.valid('json').code) }),
      )
      // A trainee's invitations (before the /:cohortId routes, which would take "invitations" for an id).
      .get('/invitations', (c) => c.json({ invitations: listMyInvitations(c.get('services'), signedIn(c)) }))
      .post('/invitations/:invitationId/accept', validate('param', invitationParam), async (c) =>
        c.json(await answerInvitation(c.get('services'), signedIn(c), c.req.valid('param').invitationId, 'accepted')),
      )
      .post('/invitations/:invitationId/decline', validate('param', invitationParam), async (c) =>
        c.json(await answerInvitation(c.get('services'), signedIn(c), c.req.valid('param').invitationId, 'declined')),
      )
      .get('/', (c) => c.json({ cohorts: listOwnCohorts(c.get('services'), signedIn(c)) }))
      .post(
        '/',
        validate(
          'json',
          z.object({
            name: z
              .string()
              .trim()
              .min(1, 'Give the cohort a name.')
              .max(120, 'A cohort name can have at most 120 characters.'),
          }),
        ),
        async (c) => {
          const cohort = await createCohort(c.get('services'), signedIn(c), c.req.valid('json'));
          return c.json({ cohort }, 201);
        },
      )
      .get('/:cohortId', validate('param', cohortParam), (c) =>
        c.json(getCohortDetails(c.get('services'), signedIn(c), c.req.valid('param').cohortId)),
      )
      .post('/:cohortId/join-code', validate('param', cohortParam), async (c) =>
        c.json({ cohort: await rotateJoinCode(c.get('services'), signedIn(c), c.req.valid('param').cohortId) }),
      )
      .get('/:cohortId/trainee-search', validate('param', cohortParam), validate('query', traineeSearchQuery), (c) =>
        c.json({
          trainees: searchTrainees(
            c.get('services'),
            signedIn(c),
            c.req.valid('param').cohortId,
            c.req.valid('query').q,
          ),
        }),
      )
      .post(
        '/:cohortId/members',
        validate('param', cohortParam),
        validate(
          'json',
          z.object({
            username: z
              .string()
              .min(1, 'Enter the trainee’s username.')
              .max(100, 'A username has at most 40 characters.'),
          }),
        ),
        async (c) => {
          await addMember(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('json').username);
          return c.json({ ok: true as const }, 201);
        },
      )
      .get('/:cohortId/invitations', validate('param', cohortParam), (c) =>
        c.json({ invitations: listCohortInvitations(c.get('services'), signedIn(c), c.req.valid('param').cohortId) }),
      )
      .post('/:cohortId/invitations', validate('param', cohortParam), validate('json', invitationBody), async (c) => {
        const { cohortId } = c.req.valid('param');
        const invitation = await inviteTrainee(c.get('services'), signedIn(c), cohortId, c.req.valid('json').userId);
        return c.json({ invitation }, 201);
      })
      .delete('/:cohortId/invitations/:invitationId', validate('param', cohortInvitationParam), async (c) => {
        const { cohortId, invitationId } = c.req.valid('param');
        await withdrawInvitation(c.get('services'), signedIn(c), cohortId, invitationId);
        return c.json({ ok: true as const });
      })
      .delete('/:cohortId/members/:userId', validate('param', memberParam), async (c) => {
        const { cohortId, userId } = c.req.valid('param');
        await removeMember(c.get('services'), signedIn(c), cohortId, userId);
        return c.json({ ok: true as const });
      })
      .post('/:cohortId/assignments', validate('param', cohortParam), validate('json', assignmentBody), async (c) => {
        const assignments = await assignToCohort(
          c.get('services'),
          signedIn(c),
          c.req.valid('param').cohortId,
          c.req.valid('json'),
        );
        return c.json({ assignments }, 201);
      })
      .delete('/:cohortId/assignments/:assignmentId', validate('param', assignmentParam), async (c) => {
        const { cohortId, assignmentId } = c.req.valid('param');
        await unassign(c.get('services'), signedIn(c), cohortId, [assignmentId]);
        return c.json({ ok: true as const });
      })
      .get('/:cohortId/submissions', validate('param', cohortParam), validate('query', submissionsQuery), (c) =>
        c.json(
          listCohortSubmissions(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query')),
        ),
      )
  );
}
