import { ServerResponse } from 'node:http';
import { Hono, type Context, type TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { scoreboardVisibilities } from '../db/schema.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { validate } from '../middleware/validate.ts';
import {
  getScoreboardJson,
  listScoreboards,
  type Scoreboard,
  updateScoreboardSettings,
} from '../services/scoreboard/scoreboard.ts';
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

/** JSON text made already, answered as c.json would answer the value it was made from (and typed so). */
function jsonText<T>(c: Context, text: string) {
  return c.newResponse(text, 200, { 'content-type': 'application/json' }) as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}

/** Cohort scoreboards: ranking, live stream, chart data, CSV export and settings. */
export function scoreboardRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ cohorts: listScoreboards(c.get('services'), signedIn(c)) }))
    .get('/:cohortId', validate('param', cohortParam), validate('query', boardQuery), (c) =>
      // JSON text already, its shared part serialised once per change (see getScoreboardJson).
      jsonText<Scoreboard>(
        c,
        getScoreboardJson(
          c.get('services'),
          signedIn(c),
          c.req.valid('param').cohortId,
          c.req.valid('query'),
          c.get('stamp'),
        ),
      ),
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
      const feed = boardFeed(services, actor, cohortId, options, getCookie(c, SESSION_COOKIE));
      const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
      if (!(outgoing instanceof ServerResponse))
        return streamSSE(c, (stream) =>
          feed({
            write: (pieces) => stream.write(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces.map(bytesOf))),
            onAbort: (listener) => stream.onAbort(listener),
          }),
        );
      // Served by Node: the events go straight to its response, without a web stream between (for
      // thousands of streams, that stream's copies and promises per write cost more than the board).
      // The headers are written once the middleware has added its own to the answer returned here.
      const answer = c.newResponse(null, 200, { 'x-hono-already-sent': 'true' });
      // Made a full Response now: @hono/node-server answers its lighter stand-in itself (ending the
      // stream), whereas it leaves a full one marked already sent to the handler.
      void answer.body;
      setImmediate(() => {
        const headers = Object.fromEntries(
          [...c.res.headers].filter(([name]) => name !== 'x-hono-already-sent' && name !== 'cache-control'),
        );
        streamToNode(outgoing, headers, feed);
      });
      return answer;
    });
}

/** feedBoard for one caller's stream, waiting for its sink; made outside the handler for streamToNode's reason. */
function boardFeed(
  services: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
  sessionToken: string | undefined,
): (sink: EventSink) => Promise<void> {
  return (sink) => feedBoard(services, actor, cohortId, options, sessionToken, sink);
}

/**
 * Starts the event stream on Node's response and feeds it until it ends. Kept apart from the route's
 * handler on purpose: the closures that live as long as the stream are made here, where the request's
 * Hono context is out of reach, so that a stream does not keep the context, the request and their
 * headers alive (about a third of a stream's memory when thousands are open).
 */
function streamToNode(
  outgoing: ServerResponse,
  headers: Record<string, string>,
  feed: (sink: EventSink) => Promise<void>,
): void {
  // Gone before it started: nothing will tell the stream to end.
  if (outgoing.destroyed) return;
  outgoing.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  outgoing.flushHeaders();
  forgetSentHeaders(outgoing);
  void feed({
    // One corked write of all the pieces: one chunk on the wire, the shared ones never copied per stream.
    write: (pieces) =>
      new Promise((resolve) => {
        outgoing.cork();
        for (const piece of pieces.slice(0, -1)) outgoing.write(piece);
        outgoing.write(pieces.at(-1)!, () => resolve(undefined));
        outgoing.uncork();
      }),
    onAbort: (listener) => outgoing.once('close', listener),
  })
    // Refused since the check above (the caller left the cohort, say): the stream just ends.
    .catch(() => {})
    .finally(() => outgoing.end());
}

/**
 * Lets Node drop its copies of headers already on the wire. A response keeps, for as long as it is
 * open, the header block as a string built of some seventy concatenated pieces and the headers as an
 * object of name and value pairs: about 5 KB per stream, 15 MB of the heap with 3,000 boards open
 * (measured in a heap snapshot). Once sent, Node reads them only to say that headers were sent
 * (`headersSent`, from `_header`) or to list them (`getHeaders`, from kOutHeaders, which starts as
 * null), so a one-character marker and null keep both answers true to what happened.
 */
function forgetSentHeaders(outgoing: ServerResponse): void {
  const internals = outgoing as unknown as Record<string | symbol, unknown>;
  if (internals._headerSent !== true || typeof internals._header !== 'string') return;
  internals._header = 'sent';
  const outHeaders = Object.getOwnPropertySymbols(outgoing).find((symbol) => symbol.description === 'kOutHeaders');
  if (outHeaders) internals[outHeaders] = null;
}

const bytesOf = (piece: string | Buffer) => (typeof piece === 'string' ? Buffer.from(piece) : piece);

/** Where a stream's text goes: Node's response itself, or Hono's stream where there is no Node response (tests). */
interface EventSink {
  /** Writes the pieces as one text; resolves once it is handed to the connection (a slow client holds it back). */
  write: (pieces: readonly (string | Buffer)[]) => Promise<unknown>;
  onAbort: (listener: () => void) => void;
}

/**
 * Feeds the caller's board to the stream until the client goes, the session ends or the caller may
 * no longer see the board: a comment at the start, each notice as a 'scores' event, and a heartbeat.
 */
async function feedBoard(
  services: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
  sessionToken: string | undefined,
  stream: EventSink,
): Promise<void> {
  let end = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  stream.onAbort(end);
  // The stream lives no longer than its session: logout, sign-out everywhere, a disabled
  // account, expiry, or the server shutting down end it.
  const stopSessionWatch = watchSession(services, sessionToken, actor.id, end);
  // The events of one stream are numbered 1, 2, 3...: a client that sees a gap has missed one.
  let version = 0;
  const stopWatching = watchScoreboard(services, actor, cohortId, options, {
    notify: (board, at) => {
      version += 1;
      // The event as writeSSE would write it, without splitting its data into lines: the board is
      // JSON text already (shared with the other streams), and JSON text holds no line breaks.
      return stream.write([
        `event: scores\ndata: {"version":${version},"at":"${at}","board":`,
        ...board,
        `}\nid: ${version}\n\n`,
      ]);
    },
    refused: end,
  });
  let beating = false;
  const heartbeat = services.clock.setInterval(() => {
    if (beating) return;
    beating = true;
    void stream.write([': heartbeat\n\n']).finally(() => (beating = false));
  }, HEARTBEAT_MS);
  try {
    await Promise.race([stream.write([': connected\nretry: 5000\n\n']), ended]);
    await ended;
  } finally {
    stopSessionWatch();
    stopWatching();
    heartbeat.cancel();
  }
}
