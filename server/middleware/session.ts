import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import { type DatabaseStamp, readDatabaseStamp } from '../db/access-cache.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import { SESSION_COOKIE, userForSession } from '../services/accounts/sessions.ts';

export type AppEnv = {
  Variables: {
    services: ServiceContext;
    actor: Actor | undefined;
    /** Where the database stood as the request's session was read (only for requests with a session cookie). */
    stamp: DatabaseStamp | undefined;
  };
};

/**
 * Hands the services to handlers and resolves the session cookie to the signed-in user, if any.
 * The database stamp read for it is kept for the handler (see readDatabaseStamp). When its library
 * epoch moved (a lab published in another server process), the library is brought up to date first.
 */
export function attachServices(services: ServiceContext) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('services', services);
    const token = getCookie(c, SESSION_COOKIE);
    const stamp = readDatabaseStamp(services.db);
    const reloading = services.librarySync.follow(stamp.libraryEpoch);
    if (reloading) await reloading;
    c.set('stamp', token ? stamp : undefined);
    c.set('actor', await userForSession(services, token, stamp.epoch));
    await next();
  });
}

/** The signed-in user, or a 401: every route that needs one calls this first. */
export function signedIn(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', 'Sign in first: your session has ended or you are not signed in.');
  return actor;
}

/**
 * Refuses (401, 403) everyone `check` refuses, before a route reads anything of the request: nobody
 * learns what a route expects from its validation errors. The services check again.
 */
export function allowOnly(check: (services: ServiceContext, actor: Actor) => void) {
  return createMiddleware<AppEnv>(async (c, next) => {
    check(c.get('services'), signedIn(c));
    await next();
  });
}

/**
 * The client's address, for throttling: the socket's address, or behind a trusted reverse proxy
 * (CASEBENCH_TRUST_PROXY) the last X-Forwarded-For entry, the one that proxy added itself; the
 * entries before it are whatever the client chose to send.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
