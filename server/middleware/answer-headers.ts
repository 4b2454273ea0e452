import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * Headers that every answer under this middleware carries unless its handler set its own: fixed
 * values, known at start. When the request came through Node's HTTP server, they are put on Node's
 * response before the handler runs, and the handler's own headers replace them as the answer is
 * written (Node merges writeHead's headers over setHeader's). Setting them on the finished answer
 * instead, as hono's secureHeaders does, turns @hono/node-server's light answer (plain headers) into
 * a web Headers object, validated one header at a time and sorted again to be written: measured on
 * /api/health, about 25 µs of each request (a bare Hono route costs about 40 µs in all).
 *
 * Without Node's response (app.request in tests, another runtime), they are added to the finished
 * answer, where it has none of its own: the same answer either way.
 */
export function answerHeaders(headers: Readonly<Record<string, string>>): MiddlewareHandler {
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const);
  const addToAnswer: MiddlewareHandler = async (c, next) => {
    await next();
    const answer = c.res.headers;
    for (const [name, value] of entries) if (!answer.has(name)) answer.set(name, value);
  };
  return (c, next) => {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!outgoing || typeof outgoing.setHeader !== 'function' || outgoing.headersSent) return addToAnswer(c, next);
    for (const [name, value] of entries) outgoing.setHeader(name, value);
    // No async step of its own: the handler's promise is the answer.
    return next();
  };
}
