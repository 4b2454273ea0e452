import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.ts';

/** The largest body a route takes: routes are matched by path, the first match wins. */
export interface BodyLimitRule {
  path: RegExp;
  maxBytes: number;
  /** What the body is, for the error message ("an answer", "a sign-in"). */
  what: string;
  /** The error message, when the size in KB or MB would not say it exactly. */
  message?: string;
}

function describe(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;
}

/**
 * Refuses request bodies over the limit of their route (or `defaultBytes`), before any is parsed.
 * A body with a Content-Length is judged by the header alone (Node's HTTP parser never delivers more
 * bytes than it announces), which leaves the body unread for the Node adapter's direct reader; only
 * chunked bodies are counted while they stream in. Touching the body here any other way makes the
 * adapter build a full web Request per answer, which cost more than grading and storing it.
 */
export function limitRequestBodies(rules: BodyLimitRule[], defaultBytes: number): MiddlewareHandler {
  const streamed = new Map<BodyLimitRule | undefined, MiddlewareHandler>();
  const tooLarge = (rule: BodyLimitRule | undefined, maxBytes: number) =>
    new AppError(
      'payload_too_large',
      rule?.message ?? `${rule?.what ?? 'the request body'} may be at most ${describe(maxBytes)}`,
    );
  const limitBody: MiddlewareHandler = async (c, next) => {
    const rule = rules.find((candidate) => candidate.path.test(c.req.path));
    const maxBytes = rule?.maxBytes ?? defaultBytes;
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      let limiter = streamed.get(rule);
      if (!limiter) {
        limiter = bodyLimit({
          maxSize: maxBytes,
          onError: () => {
            throw tooLarge(rule, maxBytes);
          },
        });
        streamed.set(rule, limiter);
      }
      return limiter(c, next);
    }
    if (!/^\d+$/u.test(length) || Number(length) > maxBytes) throw tooLarge(rule, maxBytes);
    return next();
  };
  // Reads have no body: they pass straight on, without an async step of their own.
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next));
}
