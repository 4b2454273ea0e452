import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for a JSON API with cookie sessions. A state-changing request must be JSON (or a
 * file sent as application/octet-stream, as authors upload evidence): a browser cannot send either
 * cross-site without a CORS preflight, which this server never grants. Forms' types stay refused.
 * Requests a browser marks as cross-site, or whose Origin differs from ours, are refused outright.
 */
export function csrfProtection(allowedOrigins: string[] = []) {
  const checkWrite = createMiddleware(async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const ownOrigin = new URL(c.req.url).origin;
    if (
      (site && site !== 'same-origin' && site !== 'none') ||
      (origin && origin !== ownOrigin && !allowedOrigins.includes(origin))
    )
      throw new AppError('forbidden', 'This request came from another site and was refused.');
    const contentType = c.req.header('content-type') ?? '';
    if (!/^application\/(?:json|octet-stream)\b/iu.test(contentType))
      throw new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
    await next();
  });
  // Reads pass straight on, without an async step of their own (each costs the request microseconds).
  return createMiddleware((c, next) => (SAFE_METHODS.has(c.req.method) ? next() : checkWrite(c, next)));
}
