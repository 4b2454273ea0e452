import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import { Agent, TEST_PASSWORD } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';

// Signing in needs no labs.
const it = apiTest.extend('labsDir', null);

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

function logIn(agent: Agent, username: string) {
  return read(agent.api.auth.login.$post({ json: { username, password: TEST_PASSWORD } }));
}

describe('signing in', () => {
  it('answers with the user and sets an HttpOnly, SameSite=Lax session cookie for the whole site', async ({
    harness,
    tomas,
  }) => {
    const response = await logIn(harness.anonymous(), 'tomas');
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({
      id: tomas.id,
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

  it('lets the cookie expire when the session reaches its absolute limit', async ({ harness, tomas: _account }) => {
    const response = await logIn(harness.anonymous(), 'tomas');
    const expires = cookieAttributes(response).attributes.get('expires');
    expect(new Date(expires!).getTime()).toBe(harness.now().getTime() + harness.services.settings.sessionMaxMs);
  });

  it('marks the cookie Secure when secure cookies are configured', async ({ harness, tomas: _account }) => {
    harness.services.settings.secureCookies = true;
    const response = await logIn(harness.anonymous(), 'tomas');
    expect(response.status).toBe(200);
    expect(cookieAttributes(response).attributes.has('secure')).toBe(true);
  });

  it('marks the cookie Secure when the request came over HTTPS', async ({ harness, tomas: _account }) => {
    // A raw request: the point is the https: URL, which the agents (and their typed client) never send.
    const response = await harness.app.request('https://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(cookieAttributes(response).attributes.has('secure')).toBe(true);
  });

  it('accepts the username in any case and with surrounding spaces', async ({ harness, tomas: _account }) => {
    expect((await logIn(harness.anonymous(), '  TOMAS ')).status).toBe(200);
  });

  it('stores passwords as scrypt hashes, never as given', async ({ harness, tomas }) => {
    const row = harness.db.$client.prepare('select password_hash from users where id = ?').get(tomas.id) as {
      password_hash: string;
    };
    expect(row.password_hash.startsWith('scrypt$')).toBe(true);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    // Parameters, salt and key: scrypt$N$r$p$salt$key.
    expect(row.password_hash.split('$')).toHaveLength(6);
  });
});

describe('the signed-in user', () => {
  it('is described by /api/auth/me, with a pseudonym and without the password hash', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    const response = await read(agent.api.auth.me.$get());
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ id: tomas.id, username: 'tomas', role: 'trainee' });
    expect(typeof response.body.user.pseudonym).toBe('string');
    expect(response.text).not.toContain('scrypt');
  });

  it('stays signed in while active, past the idle limit counted from sign-in', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    const idle = harness.services.settings.sessionIdleMs;
    for (let step = 0; step < 3; step++) {
      await harness.advance(idle - 60 * 60_000);
      expect((await agent.api.auth.me.$get()).status).toBe(200);
    }
  });

  it('can sign in from two browsers at once', async ({ harness, tomas }) => {
    const first = await harness.signIn(tomas);
    const second = await harness.signIn(tomas);
    expect(first.cookie).not.toBe(second.cookie);
    expect((await first.api.auth.me.$get()).status).toBe(200);
    expect((await second.api.auth.me.$get()).status).toBe(200);
  });
});

describe('signing out', () => {
  it('clears the cookie and ends the session on the server', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    const oldCookie = agent.cookie;
    const response = await read(agent.api.auth.logout.$post());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    const { pair, attributes } = cookieAttributes(response);
    expect(pair).toBe('casebench_session=');
    expect(attributes.get('max-age')).toBe('0');

    // The old cookie, replayed by someone who copied it, no longer works.
    const replay = new Agent(harness.app);
    replay.cookie = oldCookie;
    expect((await replay.api.auth.me.$get()).status).toBe(401);
    expect(harness.count('sessions')).toBe(0);
  });

  it("ends only the session signed out of, not the user's other browsers", async ({ harness, tomas }) => {
    const first = await harness.signIn(tomas);
    const second = await harness.signIn(tomas);
    await first.api.auth.logout.$post();
    expect((await second.api.auth.me.$get()).status).toBe(200);
  });

  it('answers ok for a browser that was not signed in', async ({ harness }) => {
    expect((await harness.anonymous().api.auth.logout.$post()).status).toBe(200);
  });
});
