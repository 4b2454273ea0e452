import { describe, expect } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Actor } from '../../server/services/context.ts';
import { DEFAULT_LOGIN_LIMITS, LoginThrottle } from '../../server/security/login-throttle.ts';
import { Agent, type Harness, TEST_PASSWORD } from '../helpers/harness.ts';
import { expectCrossSitePostRefused } from '../helpers/refusals.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { accountTest } from '../helpers/fixtures.ts';

const it = accountTest;

/** Every text value stored in any table of the database, to look for secrets at rest. */
function everyStoredText(harness: Harness): string[] {
  const sqlite = harness.db.$client;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (sqlite.prepare(`select * from "${name}"`).all() as Record<string, unknown>[]).flatMap((row) =>
      Object.values(row).filter((value): value is string => typeof value === 'string'),
    ),
  );
}

function tokenOf(agent: Agent): string {
  const token = agent.cookie.split('=')[1];
  expect(token).toBeTruthy();
  return decodeURIComponent(token!);
}

describe('secrets at rest', () => {
  it('stores the session token only as a hash: the cookie value appears nowhere in the database', async ({
    harness,
    tomas,
  }) => {
    const agent = await harness.signIn(tomas);
    const token = tokenOf(agent);
    const rows = harness.db.$client.prepare('select * from sessions').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    for (const value of Object.values(rows[0]!)) expect(String(value)).not.toContain(token);
    expect(everyStoredText(harness).filter((text) => text.includes(token))).toEqual([]);
  });

  it('keeps no password in clear anywhere in the database', async ({ harness, tomas }) => {
    await harness.signIn(tomas);
    expect(everyStoredText(harness).filter((text) => text.includes(TEST_PASSWORD))).toEqual([]);
    const hashes = harness.db.$client.prepare('select password_hash from users').all() as { password_hash: string }[];
    for (const { password_hash } of hashes) expect(password_hash).toMatch(/^scrypt\$/u);
  });

  it('never sends the token or the password hash in a response body', async ({ harness }) => {
    const agent = harness.anonymous();
    const response = await agent.json('POST', '/api/auth/login', { username: 'tomas', password: TEST_PASSWORD });
    const token = tokenOf(agent);
    expect(response.text).not.toContain(token);
    expect(response.text).not.toContain('scrypt');
    const me = await agent.json('GET', '/api/auth/me');
    expect(me.text).not.toContain(token);
    expect(me.text).not.toContain('scrypt');
  });
});

describe('session tokens', () => {
  it('issues a fresh token at sign-in even when the browser already presents one', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    const planted = agent.cookie;
    await agent.json('POST', '/api/auth/login', { username: 'tomas', password: TEST_PASSWORD });
    expect(agent.cookie).not.toBe(planted);
  });

  it('are long random values, different for every session', async ({ harness, tomas }) => {
    const tokens = new Set<string>();
    for (let index = 0; index < 3; index++) tokens.add(tokenOf(await harness.signIn(tomas)));
    expect(tokens.size).toBe(3);
    for (const token of tokens) expect(token.length).toBeGreaterThanOrEqual(40);
  });

  it('cannot be used once the session has been signed out, even by a copy of the cookie', async ({
    harness,
    tomas,
  }) => {
    const agent = await harness.signIn(tomas);
    const copy = new Agent(harness.app);
    copy.cookie = agent.cookie;
    await agent.json('POST', '/api/auth/logout');
    expect((await copy.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await copy.json('GET', '/api/catalogue')).status).toBe(401);
  });
});

describe('sign-in throttling under attack', () => {
  // Regression (found while writing these tests, fixed in server/services/accounts/accounts.ts): the limit
  // was checked before the slow password check and the failure recorded after it, so guesses sent
  // in parallel all passed the check before any was recorded.
  it('verifies no more than five parallel guesses for one account', async ({ harness }) => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        harness.anonymous().json('POST', '/api/auth/login', { username: 'tomas', password: `guess number ${index}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
  });

  // Regression (fixed in server/middleware/session.ts): behind a trusted proxy that appends to
  // X-Forwarded-For, the first entry is whatever the client sent; only the last one, added by the
  // proxy, names the client. Counting by the first let a sprayer get a fresh budget per request.
  it('with a trusted proxy, counts failures by the address the proxy saw, not by what the client claims', async ({
    harness,
  }) => {
    // The address limit (30 by default) lowered to 3: the rule under test is which address counts.
    harness.services.limits.login = new LoginThrottle({ ...DEFAULT_LOGIN_LIMITS, perAddress: 3 });
    const agent = new Agent(createApp(harness.services, { trustProxy: true }));
    const realClient = '203.0.113.9';
    await Promise.all(
      Array.from({ length: 3 }, (_, index) =>
        agent.request('/api/auth/login', {
          method: 'POST',
          headers: { 'x-forwarded-for': `10.0.${index}.1, ${realClient}` },
          body: JSON.stringify({ username: `sprayed-${index}`, password: 'Spring2024!' }),
        }),
      ),
    );
    const response = await agent.request('/api/auth/login', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.99.99.1, ${realClient}` },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(429);
    // Another client behind the same proxy is not locked out by them.
    const other = await agent.request('/api/auth/login', {
      method: 'POST',
      headers: { 'x-forwarded-for': `203.0.113.10` },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(other.status).toBe(200);
  });
});

describe('the Secure flag', () => {
  it('ignores X-Forwarded-Proto when no proxy is trusted', async ({ harness }) => {
    const response = await harness.anonymous().request('/api/auth/login', {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).not.toMatch(/;\s*Secure/iu);
  });

  it('honours X-Forwarded-Proto from a trusted proxy', async ({ harness }) => {
    const agent = new Agent(createApp(harness.services, { trustProxy: true }));
    const response = await agent.request('/api/auth/login', {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/;\s*Secure/iu);
  });
});

describe('cross-site requests to the session routes', () => {
  it.for<[string, Record<string, string>]>([
    ['an Origin from another site', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a sign-in with %s (login CSRF)', async ([_name, headers], { harness }) => {
    const agent = harness.anonymous();
    const response = await agent.request('/api/auth/login', {
      method: 'POST',
      headers,
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe('forbidden');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in posted as a form', async ({ harness }) => {
    const response = await harness.anonymous().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=tomas&password=${encodeURIComponent(TEST_PASSWORD)}`,
    });
    expect(response.status).toBe(415);
  });

  it('refuses a cross-site sign-out, which keeps the session alive', async ({ harness, tomas }) => {
    await expectCrossSitePostRefused(await harness.signIn(tomas), '/api/auth/logout');
  });

  it('accepts a request whose Origin is the server itself', async ({ harness }) => {
    const response = await harness.anonymous().request('/api/auth/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ username: 'tomas', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
  });
});

describe('account administration', () => {
  it('refuses the user list to anonymous callers (401), trainees and instructors (403)', async ({ harness, tomas }) => {
    const instructor = await harness.user('ines', 'instructor');
    expect((await harness.anonymous().json('GET', '/api/users')).status).toBe(401);
    expect((await (await harness.signIn(tomas)).json('GET', '/api/users')).status).toBe(403);
    expect((await (await harness.signIn(instructor)).json('GET', '/api/users')).status).toBe(403);
  });

  it('lets no one but an administrator create accounts, including administrators', async ({ harness, tomas }) => {
    const instructor = await harness.user('ines', 'instructor');
    const body = { username: 'mallory', displayName: 'Mallory', password: 'a long enough password', role: 'admin' };
    expect((await harness.anonymous().json('POST', '/api/users', body)).status).toBe(401);
    expect((await (await harness.signIn(tomas)).json('POST', '/api/users', body)).status).toBe(403);
    expect((await (await harness.signIn(instructor)).json('POST', '/api/users', body)).status).toBe(403);
    expect(harness.db.$client.prepare("select count(*) as count from users where username = 'mallory'").get()).toEqual({
      count: 0,
    });
  });

  it('lets an administrator create an account whose password is stored hashed', async ({ harness }) => {
    const admin = await harness.user('root-admin', 'admin');
    const agent = await harness.signIn(admin);
    const response = await agent.json<{ user: Actor }>('POST', '/api/users', {
      username: 'Nadia',
      displayName: 'Nadia',
      password: 'a long enough password',
      role: 'trainee',
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ username: 'nadia', role: 'trainee' });
    expect(response.text).not.toContain('a long enough password');
    const row = harness.db.$client.prepare("select password_hash from users where username = 'nadia'").get() as {
      password_hash: string;
    };
    expect(row.password_hash).toMatch(/^scrypt\$/u);
    const audit = harness.db.$client
      .prepare("select actor_id, action from audit_log where action = 'user.create' and subject = ?")
      .get(`user:${response.body.user.id}`);
    expect(audit).toEqual({ actor_id: admin.id, action: 'user.create' });
  });
});
