import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { getProfile, logIn, passwordSchema, tooManyFailures } from '../services/accounts/accounts.ts';
import { setPasswordWithLink } from '../services/accounts/password-links.ts';
import { SESSION_COOKIE, endAllSessions, endSession } from '../services/accounts/sessions.ts';
import { clientAddress, signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

const setPasswordBody = z.object({
  token: z.string().min(1, 'Open the whole link your administrator gave you.').max(100, 'This link is not valid.'),
  password: passwordSchema,
});
const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) });

/** Whether the cookie must be Secure: always when configured, and whenever the request came over HTTPS. */
function isSecure(url: string, forced: boolean, forwardedProto: string | undefined): boolean {
  return forced || url.startsWith('https:') || forwardedProto === 'https';
}

/**
 * Refuses a sign-in from an address over its failure limit before its body is read or parsed: the
 * address is all that decision needs, so a flood from a throttled address costs no parsing.
 */
function refuseThrottledAddress(trustProxy: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const wait = c
      .get('services')
      .limits.login.addressRetryAfter(clientAddress(c, trustProxy), c.get('services').now().getTime());
    if (wait > 0) throw tooManyFailures(wait);
    await next();
  });
}

export function authRoutes(options: { trustProxy: boolean }) {
  return (
    new Hono<AppEnv>()
      .post('/login', refuseThrottledAddress(options.trustProxy), validate('json', loginBody), async (c) => {
        const services = c.get('services');
        const input = c.req.valid('json');
        const session = await logIn(services, { ...input, address: clientAddress(c, options.trustProxy) });
        setCookie(c, SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: isSecure(
            c.req.url,
            services.settings.secureCookies,
            options.trustProxy ? c.req.header('x-forwarded-proto') : undefined,
          ),
          path: '/',
          expires: session.expiresAt,
        });
        return c.json({ user: session.user });
      })
      .post('/logout', async (c) => {
        await endSession(c.get('services'), getCookie(c, SESSION_COOKIE));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true as const });
      })
      // Sign out everywhere: every session of the caller ends, this one included, with its streams.
      .post('/logout-all', async (c) => {
        const ended = await endAllSessions(c.get('services'), signedIn(c));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true as const, ended });
      })
      .get('/me', (c) => c.json({ user: getProfile(c.get('services'), signedIn(c)) }))
      // A one-time link's token (issue #14): anyone holding it may set the account's password, once.
      .post('/set-password', validate('json', setPasswordBody), async (c) =>
        c.json({ ok: true as const, ...(await setPasswordWithLink(c.get('services'), c.req.valid('json'))) }),
      )
  );
}
