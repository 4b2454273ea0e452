import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { getProfile, logIn } from '../services/accounts.ts';
import { SESSION_COOKIE, endSession } from '../services/sessions.ts';
import { clientAddress, signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });

/** Whether the cookie must be Secure: always when configured, and whenever the request came over HTTPS. */
function isSecure(url: string, forced: boolean, forwardedProto: string | undefined): boolean {
  return forced || url.startsWith('https:') || forwardedProto === 'https';
}

export function authRoutes(options: { trustProxy: boolean }) {
  return new Hono<AppEnv>()
    .post('/login', validate('json', loginBody), async (c) => {
      const services = c.get('services');
      const input = c.req.valid('json');
      const session = await logIn(services, { ...input, address: clientAddress(c, options.trustProxy) });
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: isSecure(c.req.url, services.settings.secureCookies, options.trustProxy ? c.req.header('x-forwarded-proto') : undefined),
        path: '/',
        expires: session.expiresAt,
      });
      return c.json({ user: session.user });
    })
    .post('/logout', (c) => {
      endSession(c.get('services'), getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const });
    })
    .get('/me', (c) => c.json({ user: getProfile(c.get('services'), signedIn(c)) }));
}
