import { Hono } from 'hono';
import { z } from 'zod';
import { getLineIndex, MAX_WINDOW_LINES, readLines } from '../evidence/line-index.ts';
import { MAX_MATCH_LIMIT, MAX_QUERY_CHARS, searchEvidence } from '../evidence/search.ts';
import { findEvidence } from '../services/evidence.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

const params = z.object({ labId: z.string().max(64), evidenceId: z.string().max(64) });
const booleanFlag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((value) => value === '1' || value === 'true');
const windowQuery = z.object({ from: z.coerce.number().int().min(1).default(1), count: z.coerce.number().int().min(1).max(MAX_WINDOW_LINES).default(200) });
const searchQuery = z.object({
  q: z.string().min(1).max(MAX_QUERY_CHARS),
  regex: booleanFlag,
  case: booleanFlag,
  from: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MATCH_LIMIT).optional(),
});

/**
 * Reading text evidence without downloading it: a window of lines, and a search. Both go through a
 * line index built once per file, so they stay fast on a log of a gigabyte.
 */
export function evidenceTextRoutes() {
  return new Hono<AppEnv>()
    .get('/lines', validate('param', params), validate('query', windowQuery), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = findEvidence(c.get('services'), signedIn(c), labId, evidenceId, { textOnly: true });
      const { from, count } = c.req.valid('query');
      return c.json(await readLines(await getLineIndex(file.path), from, count));
    })
    .get('/search', validate('param', params), validate('query', searchQuery), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = findEvidence(c.get('services'), signedIn(c), labId, evidenceId, { textOnly: true });
      const query = c.req.valid('query');
      const result = await searchEvidence(await getLineIndex(file.path), query.q, { regex: query.regex, caseSensitive: query.case, fromLine: query.from, limit: query.limit });
      return c.json(result);
    });
}
