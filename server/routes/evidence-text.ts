import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { getLineIndex, MAX_WINDOW_LINES, readLines } from '../evidence/line-index.ts';
import { MAX_MATCH_LIMIT, MAX_QUERY_CHARS } from '../evidence/search.ts';
import { searchPool, type SearchPool } from '../evidence/search-pool.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { traineeEvidence, type FindEvidence } from './evidence-finder.ts';

const params = z.object({ labId: z.string().max(64), evidenceId: z.string().max(64) });
const booleanFlag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((value) => value === '1' || value === 'true');
const windowQuery = z.object({
  from: z.coerce.number().int().min(1).default(1),
  count: z.coerce.number().int().min(1).max(MAX_WINDOW_LINES).default(200),
});
const searchQuery = z.object({
  q: z.string().min(1).max(MAX_QUERY_CHARS),
  regex: booleanFlag,
  case: booleanFlag,
  from: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MATCH_LIMIT).optional(),
});

/** Searches per user and minute: a person clicking through results never needs more. */
export const SEARCHES_PER_MINUTE = 30;

/**
 * Reading text evidence without downloading it: a window of lines, and a search. Both go through a
 * line index built once per file, so they stay fast on a log of a gigabyte. Searches run on the
 * search pool's worker threads, one at a time per user and at most SEARCHES_PER_MINUTE a minute,
 * so that no trainee can take the pool (or the server) for themselves.
 */
export function evidenceTextRoutes(options: { pool?: () => SearchPool; find?: FindEvidence } = {}) {
  const pool = options.pool ?? searchPool;
  const find = options.find ?? traineeEvidence;
  const searching = new Set<number>();
  const searchesPerUser = new RateLimiter(SEARCHES_PER_MINUTE, 60_000);
  return new Hono<AppEnv>()
    .get('/lines', validate('param', params), validate('query', windowQuery), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = await find(c, labId, evidenceId, { textOnly: true });
      const { from, count } = c.req.valid('query');
      return c.json(await readLines(await getLineIndex(file.path), from, count));
    })
    .get('/search', validate('param', params), validate('query', searchQuery), async (c) => {
      const { labId, evidenceId } = c.req.valid('param');
      const file = await find(c, labId, evidenceId, { textOnly: true });
      const query = c.req.valid('query');
      const actor = signedIn(c);
      if (searching.has(actor.id))
        throw new AppError(
          'too_many_requests',
          'A search of yours is already running: wait for its results before starting another.',
        );
      const now = c.get('services').now().getTime();
      const wait = searchesPerUser.retryAfter(String(actor.id), now);
      if (wait > 0)
        throw new AppError(
          'too_many_requests',
          `Too many searches in a minute: try again in ${Math.ceil(wait / 1000)} seconds.`,
        );
      searchesPerUser.record(String(actor.id), now);
      searching.add(actor.id);
      try {
        const options = { regex: query.regex, caseSensitive: query.case, fromLine: query.from, limit: query.limit };
        return c.json(await pool().search(file.path, query.q, options, { signal: c.req.raw.signal }));
      } finally {
        searching.delete(actor.id);
      }
    });
}
