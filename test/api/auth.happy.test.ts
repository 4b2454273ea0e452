import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Agent, Harness, TEST_PASSWORD } from '../helpers/harness.ts';

let harness: Harness;
let trainee: Actor;

beforeEach(async () => {
  // Signing in needs no labs.
  harness = await Harness.create({ withoutLabs: true });
  trainee = await harness.user('tomas');
});
afterEach(async () => {
  await harness.dispose();
});

/** The attributes of the Set-Cookie header, lower-cased, with the cookie's own name=value first. */
function cookieAttributes(response: { headers: Headers }): { pair: string; attributes: Map<string, string> } {
  const header = response.headers.get('set-cookie');
  expect(header, 'a Set-Cookie header').toBeTruthy();
  const [pair, ...rest] = header!.split(';').map((part) => part.trim());
  const attributes = new Map(
    rest.map((part) => {
      const [name, ...value] = part.split('=');
      return [name!.toLowerCase(), value.join('=')];
    }),
  );
  return { pair: pair!, attributes };
}

describe('signing in', () => {
  it('answers with the user and sets an HttpOnly, SameSite=Lax session cookie for the whole site', async () => {
    const agent = harness.anonymous();
    const response = await agent.json<{ user: Actor }>('POST', '/api/auth/login', {
      username: 'tomas',
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({
      id: trainee.id,
      username: 'tomas',
      displayName: 'tomas display',
      role: 'trainee',
    });
    const { pair, attributes } = cookieAttributes(response);
    expect(pair).toMatch(/^casebench_session=[\w-]{40,}$/u);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('secure')).toBe(false);
  });

  it('lets the cookie expire when the session reaches its absolute limit', async () => {
    const response = await harness
      .anonymous()
      .json('POST', '/api/auth/login', { username: 'tomas', password: TEST_PASSWORD });
    const expires = cookieAttributes(response).attributes.get('expires');
    expect(new Date(expires!).getTime()).toBe(harness.now().getTime() + harness.services.settings.sessionMaxMs);
  });

  it('marks the cookie Secure when secure cookies are configured', async () => {
    harness.services.settings.secureCookies = true;
    const response = await harness
      .anonymous()
      .json('POST', '/api/auth/login', { username: 'tomas', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(cookieAttributes(response).attributes.has('secure')).toBe(true);
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const response = await harness.app.request('https://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(cookieAttributes(response).attributes.has('secure')).toBe(true);
  });

  it('accepts the username in any case and with surrounding spaces', async () => {
    const response = await harness
      .anonymous()
      .json('POST', '/api/auth/login', { username: '  TOMAS ', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
  });

  it('stores passwords as scrypt hashes, never as given', async () => {
    const row = harness.db.$client.prepare('select password_hash from users where id = ?').get(trainee.id) as {
      password_hash: string;
    };
    expect(row.password_hash.startsWith('scrypt$')).toBe(true);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    // Parameters, salt and key: scrypt$N$r$p$salt$key.
    expect(row.password_hash.split('$')).toHaveLength(6);
  });
});

describe('the signed-in user', () => {
  it('is described by /api/auth/me, with a pseudonym and without the password hash', async () => {
    const agent = await harness.signIn(trainee);
    const response = await agent.json<{ user: Record<string, unknown> }>('GET', '/api/auth/me');
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ id: trainee.id, username: 'tomas', role: 'trainee' });
    expect(typeof response.body.user.pseudonym).toBe('string');
    expect(response.text).not.toContain('scrypt');
  });

  it('can be read through the typed client', async () => {
    const agent = await harness.signIn(trainee);
    const response = await agent.api.auth.me.$get();
    expect(response.status).toBe(200);
    expect((await response.json()).user.username).toBe('tomas');
  });

  it('stays signed in while active, past the idle limit counted from sign-in', async () => {
    const agent = await harness.signIn(trainee);
    const idle = harness.services.settings.sessionIdleMs;
    for (let step = 0; step < 3; step++) {
      harness.advance(idle - 60 * 60_000);
      expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
    }
  });

  it('can sign in from two browsers at once', async () => {
    const first = await harness.signIn(trainee);
    const second = await harness.signIn(trainee);
    expect(first.cookie).not.toBe(second.cookie);
    expect((await first.json('GET', '/api/auth/me')).status).toBe(200);
    expect((await second.json('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('signing out', () => {
  it('clears the cookie and ends the session on the server', async () => {
    const agent = await harness.signIn(trainee);
    const oldCookie = agent.cookie;
    const response = await agent.json('POST', '/api/auth/logout');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    const { pair, attributes } = cookieAttributes(response);
    expect(pair).toBe('casebench_session=');
    expect(attributes.get('max-age')).toBe('0');

    // The old cookie, replayed by someone who copied it, no longer works.
    const replay = new Agent(harness.app);
    replay.cookie = oldCookie;
    const me = await replay.json('GET', '/api/auth/me');
    expect(me.status).toBe(401);
    expect(harness.db.$client.prepare('select count(*) as count from sessions').get()).toEqual({ count: 0 });
  });

  it("ends only the session signed out of, not the user's other browsers", async () => {
    const first = await harness.signIn(trainee);
    const second = await harness.signIn(trainee);
    await first.json('POST', '/api/auth/logout');
    expect((await second.json('GET', '/api/auth/me')).status).toBe(200);
  });

  it('answers ok for a browser that was not signed in', async () => {
    const response = await harness.anonymous().json('POST', '/api/auth/logout');
    expect(response.status).toBe(200);
  });
});
