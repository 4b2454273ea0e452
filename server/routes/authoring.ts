import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError, handleError } from '../errors.ts';
import { allowOnly, signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { authoringStatus, listAuthorAccounts, requireAuthor, setAuthor } from '../services/authoring/authors.ts';
import {
  deleteDraftFile,
  readDraftFile,
  readDraftFileBytes,
  saveDraftFile,
} from '../services/authoring/draft-files.ts';
import { draftVariant, previewDraft } from '../services/authoring/draft-preview.ts';
import { createDraft, deleteDraft, getDraft, listDrafts } from '../services/authoring/drafts.ts';
import { uploadEvidence } from '../services/authoring/evidence-upload.ts';
import { listVersions, publishDraft, restoreVersion } from '../services/authoring/publish.ts';
import {
  LabFolderInvalid,
  selfTestDraft,
  validateDraft,
  DEFAULT_SELF_TEST_SEEDS,
} from '../services/authoring/validate-draft.ts';

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const labId = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/u,
    'This is not a lab id: lab ids are lowercase words joined by hyphens, such as “brute-force-101”.',
  )
  .max(64);
const draftParam = z.object({ draftId: positiveId });
const userParam = z.object({ userId: positiveId });
const labParam = z.object({ labId });
const versionParam = labParam.extend({ version: positiveId });
// The service checks the path (traversal, absolute, hidden) and says what is wrong with it.
const pathQuery = z.object({ path: z.string({ message: 'Name the file in the query: ?path=lab.yaml' }).max(1000) });
const seed = z.string().min(1).max(64);
const variantQuery = z.object({ seed: seed.default('preview') });
const previewQuery = z.object({ reveal: z.enum(['true', 'false']).default('false') });
const newDraftBody = z.discriminatedUnion(
  'from',
  [
    z.object({ from: z.literal('template'), labId: z.string().max(200) }),
    z.object({ from: z.literal('lab'), labId: z.string().max(200), newLabId: z.string().max(200).optional() }),
  ],
  { message: 'Say where the draft starts: { "from": "template", "labId": … } or { "from": "lab", "labId": … }.' },
);
const fileBody = z.object({ content: z.string({ message: 'Send the file as text in "content".' }) });
const selfTestBody = z.object({ seeds: z.array(seed).min(1).max(20).optional() });
const authorBody = z.object({ author: z.boolean({ message: 'Send { "author": true } or { "author": false }.' }) });
// The entry's fields ride in the query, the artefact is the body (application/octet-stream: the CSRF rule
// refuses forms); the service checks them against the lab format's own rules for evidence and custody.
const uploadQuery = z.record(z.string(), z.string().max(2000));

/** A lab that does not validate: the error envelope plus every problem and self-test failure, located. */
function invalidLab(c: Context, error: LabFolderInvalid) {
  return c.json(
    {
      error: { code: error.code, message: error.message },
      problems: error.problems,
      failures: error.failures,
    },
    409,
  );
}

/** Lab authoring in the browser (issue #14): authors and administrators, as the services decide. */
export function authoringRoutes() {
  const routes = new Hono<AppEnv>()
    .get('/me', (c) => c.json(authoringStatus(c.get('services'), signedIn(c))))
    // Everything else is for authors: refused before any input is read, so others learn nothing from it.
    .use('*', allowOnly(requireAuthor))
    .get('/authors', (c) => c.json(listAuthorAccounts(c.get('services'), signedIn(c))))
    .put('/authors/:userId', validate('param', userParam), validate('json', authorBody), (c) =>
      c.json({
        account: setAuthor(c.get('services'), signedIn(c), c.req.valid('param').userId, c.req.valid('json').author),
      }),
    )
    .get('/drafts', async (c) => c.json(await listDrafts(c.get('services'), signedIn(c))))
    .post('/drafts', validate('json', newDraftBody), async (c) =>
      c.json({ draft: await createDraft(c.get('services'), signedIn(c), c.req.valid('json')) }, 201),
    )
    .get('/drafts/:draftId', validate('param', draftParam), async (c) =>
      c.json({ draft: await getDraft(c.get('services'), signedIn(c), c.req.valid('param').draftId) }),
    )
    .delete('/drafts/:draftId', validate('param', draftParam), async (c) =>
      c.json(await deleteDraft(c.get('services'), signedIn(c), c.req.valid('param').draftId)),
    )
    .get('/drafts/:draftId/file', validate('param', draftParam), validate('query', pathQuery), async (c) =>
      c.json(
        await readDraftFile(c.get('services'), signedIn(c), c.req.valid('param').draftId, c.req.valid('query').path),
      ),
    )
    .get('/drafts/:draftId/raw', validate('param', draftParam), validate('query', pathQuery), async (c) => {
      const { name, bytes } = await readDraftFileBytes(
        c.get('services'),
        signedIn(c),
        c.req.valid('param').draftId,
        c.req.valid('query').path,
      );
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/gu, '_')}"`,
      });
    })
    .put(
      '/drafts/:draftId/file',
      validate('param', draftParam),
      validate('query', pathQuery),
      validate('json', fileBody),
      async (c) =>
        c.json(
          await saveDraftFile(
            c.get('services'),
            signedIn(c),
            c.req.valid('param').draftId,
            c.req.valid('query').path,
            c.req.valid('json').content,
          ),
        ),
    )
    .delete('/drafts/:draftId/file', validate('param', draftParam), validate('query', pathQuery), async (c) =>
      c.json(
        await deleteDraftFile(c.get('services'), signedIn(c), c.req.valid('param').draftId, c.req.valid('query').path),
      ),
    )
    .post('/drafts/:draftId/evidence', validate('param', draftParam), validate('query', uploadQuery), async (c) => {
      const { name, ...fields } = c.req.valid('query');
      if (!/^application\/octet-stream\b/iu.test(c.req.header('content-type') ?? ''))
        throw new AppError(
          'unsupported_media_type',
          'Send the artefact itself as the body (Content-Type: application/octet-stream) and its fields in the query.',
        );
      const uploaded = await uploadEvidence(c.get('services'), signedIn(c), c.req.valid('param').draftId, {
        fileName: name ?? '',
        bytes: new Uint8Array(await c.req.arrayBuffer()),
        fields,
      });
      return c.json(uploaded, uploaded.created ? 201 : 200);
    })
    .post('/drafts/:draftId/validate', validate('param', draftParam), async (c) =>
      c.json(await validateDraft(c.get('services'), signedIn(c), c.req.valid('param').draftId)),
    )
    .post('/drafts/:draftId/self-test', validate('param', draftParam), validate('json', selfTestBody), async (c) =>
      c.json(
        await selfTestDraft(
          c.get('services'),
          signedIn(c),
          c.req.valid('param').draftId,
          c.req.valid('json').seeds ?? DEFAULT_SELF_TEST_SEEDS,
        ),
      ),
    )
    .get('/drafts/:draftId/variant', validate('param', draftParam), validate('query', variantQuery), async (c) =>
      c.json(
        await draftVariant(c.get('services'), signedIn(c), c.req.valid('param').draftId, c.req.valid('query').seed),
      ),
    )
    .get('/drafts/:draftId/preview', validate('param', draftParam), validate('query', previewQuery), async (c) =>
      c.json(
        await previewDraft(c.get('services'), signedIn(c), c.req.valid('param').draftId, {
          reveal: c.req.valid('query').reveal === 'true',
        }),
      ),
    )
    .post('/drafts/:draftId/publish', validate('param', draftParam), async (c) => {
      const published = await publishDraft(c.get('services'), signedIn(c), c.req.valid('param').draftId);
      return c.json({ published: { ...published, publishedAt: published.publishedAt.toISOString() } }, 200);
    })
    .get('/labs/:labId/versions', validate('param', labParam), (c) =>
      c.json(listVersions(c.get('services'), signedIn(c), c.req.valid('param').labId)),
    )
    .post('/labs/:labId/versions/:version/restore', validate('param', versionParam), async (c) => {
      const { labId: id, version } = c.req.valid('param');
      return c.json(await restoreVersion(c.get('services'), signedIn(c), id, version), 200);
    });
  // A lab that does not validate answers with its problems beside the error envelope, for the editor.
  routes.onError((error, c) => (error instanceof LabFolderInvalid ? invalidLab(c, error) : handleError(error, c)));
  return routes;
}
