import { Hono } from 'hono';
import { z } from 'zod';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { openEvidenceTables } from '../services/trainee/evidence-tables.ts';
import {
  forgetSavedQuery,
  importSavedQueries,
  listSavedQueries,
  MAX_KEPT_QUERIES,
  MAX_QUERY_NAME_LENGTH,
  nameSavedQuery,
  runAndRecordQuery,
} from '../services/trainee/query-history.ts';

const labParam = z.object({ labId: z.string().max(64) });
const savedQueryParam = labParam.extend({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/u, 'A query is named by its id, a whole number such as 12.')
    .transform(Number),
});
/** Long enough for any query a person writes; the body limit bounds it anyway. */
export const MAX_QUERY_LENGTH = 20_000;
const sqlText = z
  .string()
  .trim()
  .min(1, 'Write a query first, such as: SELECT * FROM <table> LIMIT 10')
  .max(MAX_QUERY_LENGTH, `A query may be at most ${MAX_QUERY_LENGTH.toLocaleString('en')} characters long.`);
const queryBody = z.object({ sql: sqlText });
const queryName = z
  .string({ error: 'Send the name as text, or null to remove it.' })
  .trim()
  .min(1, 'A name needs a character other than spaces; send null to remove the name.')
  .max(MAX_QUERY_NAME_LENGTH, `A name may be at most ${MAX_QUERY_NAME_LENGTH} characters long.`)
  .regex(/^\P{Cc}*$/u, 'A name is one line of text, without tabs or line breaks.')
  .nullable();
const nameBody = z.object({ name: queryName });
const importBody = z.object({
  queries: z
    .array(
      z.object({
        sql: sqlText,
        name: queryName.optional(),
        ranAt: z.number().int().min(0, 'ranAt is a time in milliseconds since 1970.'),
      }),
    )
    .max(MAX_KEPT_QUERIES, `At most ${MAX_KEPT_QUERIES} queries are kept: send no more than that.`),
});

/**
 * Evidence as tables (issue #13): the tables of the trainee's variant of a lab (built on first use,
 * with progress while that takes time), read-only queries over them, and the trainee's history of
 * those queries, kept per lab (named, run again, forgotten).
 */
export function evidenceTableRoutes() {
  return new Hono<AppEnv>()
    .get('/tables', validate('param', labParam), async (c) =>
      c.json(await openEvidenceTables(c.get('services'), signedIn(c), c.req.valid('param').labId)),
    )
    .post('/queries', validate('param', labParam), validate('json', queryBody), async (c) =>
      c.json(
        await runAndRecordQuery(c.get('services'), signedIn(c), c.req.valid('param').labId, c.req.valid('json').sql),
      ),
    )
    .get('/queries', validate('param', labParam), (c) =>
      c.json({ queries: listSavedQueries(c.get('services'), signedIn(c), c.req.valid('param').labId) }),
    )
    .post('/queries/import', validate('param', labParam), validate('json', importBody), async (c) =>
      c.json({
        queries: await importSavedQueries(
          c.get('services'),
          signedIn(c),
          c.req.valid('param').labId,
          c.req.valid('json').queries,
        ),
      }),
    )
    .patch('/queries/:id', validate('param', savedQueryParam), validate('json', nameBody), async (c) =>
      c.json({
        query: await nameSavedQuery(c.get('services'), signedIn(c), {
          ...c.req.valid('param'),
          name: c.req.valid('json').name,
        }),
      }),
    )
    .delete('/queries/:id', validate('param', savedQueryParam), async (c) => {
      const { labId, id } = c.req.valid('param');
      await forgetSavedQuery(c.get('services'), signedIn(c), labId, id);
      return c.json({ ok: true as const });
    });
}
