import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { scoreboardVisibilities } from '../db/schema.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';
import { getScoreboard, listScoreboards, updateScoreboardSettings } from '../services/scoreboard/scoreboard.ts';
import { openScoreboard } from '../services/scoreboard/access.ts';
import { getScoreboardChart } from '../services/scoreboard/chart.ts';
import { exportScoreboardCsv } from '../services/scoreboard/csv.ts';
import { watchScoreboard } from '../services/scoreboard/stream.ts';
import { SESSION_COOKIE, watchSession } from '../services/accounts/sessions.ts';

/** A comment line every 25 s keeps proxies and browsers from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;

const cohortParam = z.object({ cohortId: z.coerce.number().int().positive() });
const boardQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const chartQuery = z.object({ top: z.coerce.number().int().min(1).max(10).default(5) });
// An export is the whole board unless a limit is given.
const csvQuery = z.object({ limit: z.coerce.number().int().min(1).max(100_000).optional() });
const settingsBody = z
  .strictObject({
    visibility: z.enum(scoreboardVisibilities).optional(),
    freezeAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .transform((value) => (typeof value === 'string' ? new Date(value) : value)),
  })
  .refine((body) => body.visibility !== undefined || body.freezeAt !== undefined, {
    message: 'Give a visibility, a freeze time, or both.',
    path: ['visibility'],
  });

/** Cohort scoreboards: ranking, live stream, chart data, CSV export and settings. */
export function scoreboardRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ cohorts: listScoreboards(c.get('services'), signedIn(c)) }))
    .get('/:cohortId', validate('param', cohortParam), validate('query', boardQuery), (c) =>
      c.json(getScoreboard(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query'))),
    )
    .patch('/:cohortId/settings', validate('param', cohortParam), validate('json', settingsBody), async (c) => {
      return c.json({
        settings: await updateScoreboardSettings(
          c.get('services'),
          signedIn(c),
          c.req.valid('param').cohortId,
          c.req.valid('json'),
        ),
      });
    })
    .get('/:cohortId/chart', validate('param', cohortParam), validate('query', chartQuery), (c) =>
      c.json(getScoreboardChart(c.get('services'), signedIn(c), c.req.valid('param').cohortId, c.req.valid('query'))),
    )
    .get('/:cohortId/csv', validate('param', cohortParam), validate('query', csvQuery), (c) => {
      const limit = c.req.valid('query').limit ?? Number.MAX_SAFE_INTEGER;
      const { fileName, text } = exportScoreboardCsv(c.get('services'), signedIn(c), c.req.valid('param').cohortId, {
        limit,
      });
      return c.body(text, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName}"`,
      });
    })
    .get('/:cohortId/stream', validate('param', cohortParam), validate('query', boardQuery), (c) => {
      const services = c.get('services');
      const actor = signedIn(c);
      const { cohortId } = c.req.valid('param');
      // Its events carry the board of ?limit= rows, as the board route answers it.
      const options = c.req.valid('query');
      // Checked before the stream starts, so a refusal is an ordinary error answer.
      openScoreboard(services, actor, cohortId);
      c.header('x-accel-buffering', 'no');
      return streamSSE(c, async (stream) => {
        let end = () => {};
        const ended = new Promise<void>((resolve) => (end = resolve));
        stream.onAbort(end);
        // The stream lives no longer than its session: logout, sign-out everywhere, a disabled
        // account, expiry, or the server shutting down end it.
        const stopSessionWatch = watchSession(services, getCookie(c, SESSION_COOKIE), actor.id, end);
        // The events of one stream are numbered 1, 2, 3...: a client that sees a gap has missed one.
        let version = 0;
        const stopWatching = watchScoreboard(services, actor, cohortId, options, {
          notify: (board) => {
            version += 1;
            const at = services.now().toISOString();
            return stream.writeSSE({
              event: 'scores',
              id: String(version),
              // The board is JSON text already, shared with the other streams: not parsed and serialised again.
              data: `{"version":${version},"at":"${at}","board":${board}}`,
            });
          },
          refused: end,
        });
        let beating = false;
        const heartbeat = services.clock.setInterval(() => {
          if (beating) return;
          beating = true;
          void stream.write(': heartbeat\n\n').finally(() => (beating = false));
        }, HEARTBEAT_MS);
        try {
          await Promise.race([stream.write(': connected\nretry: 5000\n\n'), ended]);
          await ended;
        } finally {
          stopSessionWatch();
          stopWatching();
          heartbeat.cancel();
        }
      });
    });
}
