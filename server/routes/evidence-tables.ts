import { Hono } from 'hono';
import { z } from 'zod';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { openEvidenceTables, runEvidenceQuery } from '../services/trainee/evidence-tables.ts';

const labParam = z.object({ labId: z.string().max(64) });
/** Long enough for any query a person writes; the body limit bounds it anyway. */
export const MAX_QUERY_LENGTH = 20_000;
const queryBody = z.object({
  sql: z
    .string()
    .trim()
    .min(1, 'Write a query first, such as: SELECT * FROM <table> LIMIT 10')
    .max(MAX_QUERY_LENGTH, `A query may be at most ${MAX_QUERY_LENGTH.toLocaleString('en')} characters long.`),
});

/**
 * Evidence as tables (issue #13): the tables of the trainee's variant of a lab (built on first use,
 * with progress while that takes time), and read-only queries over them.
 */
export function evidenceTableRoutes() {
  return new Hono<AppEnv>()
    .get('/tables', validate('param', labParam), async (c) =>
      c.json(await openEvidenceTables(c.get('services'), signedIn(c), c.req.valid('param').labId)),
    )
    .post('/queries', validate('param', labParam), validate('json', queryBody), async (c) =>
      c.json(
        await runEvidenceQuery(c.get('services'), signedIn(c), c.req.valid('param').labId, c.req.valid('json').sql),
      ),
    );
}
