import { describe, expect } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Agent, TEST_PASSWORD } from '../helpers/harness.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { accountTest } from '../helpers/fixtures.ts';

const it = accountTest
  // A sign-in as an anonymous caller (or the agent given).
  .extend(
    'login',
    ({ harness }) =>
      (username: string, password: string, agent: Agent = harness.anonymous()) =>
        agent.json<ErrorBody>('POST', '/api/auth/login', { username, password }),
  )
  .extend('disable', ({ harness }) => (user: Actor) => {
    harness.db.$client.prepare('update users set disabled_at = ? where id = ?').run(harness.now().getTime(), user.id);
  });

describe('a failed sign-in', () => {
  it('answers a wrong password and an unknown user with the same 401 and message', async ({ login }) => {
    const wrongPassword = await login('tomas', 'not the password at all');
    const unknownUser = await login('nobody-here', 'not the password at all');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual({
      error: { code: 'unauthenticated', message: 'The username or password is not correct.' },
    });
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a disabled account with the same message, even with the right password', async ({
    tomas,
    login,
    disable,
  }) => {
    disable(tomas);
    const response = await login('tomas', TEST_PASSWORD);
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('The username or password is not correct.');
  });

  it('names the missing field of an incomplete request', async ({ harness }) => {
    const response = await harness.anonymous().json<ErrorBody>('POST', '/api/auth/login', { username: 'tomas' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'password' });
  });

  it('answers a body that is not JSON with a 400 in the error envelope', async ({ harness }) => {
    const response = await harness
      .anonymous()
      .request('/api/auth/login', { method: 'POST', body: '{"username": "tomas", ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_request');
  });
});

describe('sign-in throttling', () => {
  // Every request here comes from the same address (the harness has no socket): the limit that
  // applies is the one per account and address. Other addresses are not locked out by it (see
  // test/api/hardening-login.test.ts).
  it('refuses even the right password with a 429 after five failures on the account from the same address', async ({
    login,
  }) => {
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await login('tomas', `wrong password ${attempt}`)).status).toBe(401);
    const response = await login('tomas', TEST_PASSWORD);
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('too_many_requests');
    expect(response.body.error.message).toMatch(/try again in \d+ seconds/u);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('throttles an account in any spelling of its name', async ({ login }) => {
    for (let attempt = 0; attempt < 5; attempt++)
      await login(attempt % 2 ? 'TOMAS' : ' tomas ', `wrong password ${attempt}`);
    expect((await login('tomas', TEST_PASSWORD)).status).toBe(429);
  });

  it('lets the account sign in again once the window has passed', async ({ harness, login }) => {
    for (let attempt = 0; attempt < 5; attempt++) await login('tomas', `wrong password ${attempt}`);
    expect((await login('tomas', TEST_PASSWORD)).status).toBe(429);
    harness.advance(15 * 60_000);
    expect((await login('tomas', TEST_PASSWORD)).status).toBe(200);
  });

  it('forgets earlier failures after a successful sign-in', async ({ login }) => {
    for (let attempt = 0; attempt < 4; attempt++) await login('tomas', `wrong password ${attempt}`);
    expect((await login('tomas', TEST_PASSWORD)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt++) await login('tomas', `wrong password ${attempt}`);
    expect((await login('tomas', TEST_PASSWORD)).status).toBe(200);
  });

  it('does not lock other accounts when one is throttled', async ({ harness, login }) => {
    const other = await harness.user('amira');
    for (let attempt = 0; attempt < 5; attempt++) await login('tomas', `wrong password ${attempt}`);
    expect((await login(other.username, TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses every account from an address that failed thirty times, whatever X-Forwarded-For claims', async ({
    harness,
    login,
  }) => {
    // The harness has no socket, so every request comes from the same (unknown) address; no proxy
    // is trusted, so a forwarded-for header that changes every time must not make a new address.
    const agent = harness.anonymous();
    const sprayed = await Promise.all(
      Array.from({ length: 30 }, (_, attempt) =>
        agent.request('/api/auth/login', {
          method: 'POST',
          headers: { 'x-forwarded-for': `198.51.100.${attempt}` },
          body: JSON.stringify({ username: `sprayed-${attempt}`, password: 'Spring2024!' }),
        }),
      ),
    );
    expect(sprayed.every((response) => response.status === 401)).toBe(true);
    const response = await login('tomas', TEST_PASSWORD);
    expect(response.status).toBe(429);
    expect(response.body.error.message).toMatch(/try again in \d+ seconds/u);
  });
});

describe('an existing session', () => {
  it('ends after the idle limit without requests', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    harness.advance(harness.services.settings.sessionIdleMs + 1);
    const response = await agent.json<ErrorBody>('GET', '/api/auth/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
    expect(harness.db.$client.prepare('select count(*) as count from sessions').get()).toEqual({ count: 0 });
  });

  it('ends at the absolute limit however active the user is', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    const { sessionIdleMs, sessionMaxMs } = harness.services.settings;
    const step = sessionIdleMs / 2;
    let elapsed = 0;
    while (elapsed + step < sessionMaxMs) {
      harness.advance(step);
      elapsed += step;
      expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
    }
    harness.advance(sessionMaxMs - elapsed);
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);
  });

  it('stops working when the account is disabled', async ({ harness, tomas, disable }) => {
    const agent = await harness.signIn(tomas);
    disable(tomas);
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);
  });

  it('stops working when the account is deleted', async ({ harness, tomas }) => {
    const agent = await harness.signIn(tomas);
    harness.db.$client.prepare('delete from users where id = ?').run(tomas.id);
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('/api/auth/me', () => {
  it('answers 401 without a cookie', async ({ harness }) => {
    const response = await harness.anonymous().json<ErrorBody>('GET', '/api/auth/me');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'unauthenticated', message: 'Sign in first: your session has ended or you are not signed in.' },
    });
  });

  it.for<[string, string]>([
    ['an unknown token', 'casebench_session=not-a-session-token'],
    ['an empty token', 'casebench_session='],
    ['an overlong token', `casebench_session=${'a'.repeat(5000)}`],
    ['a token with odd characters', 'casebench_session=%00%27%20or%201%3D1--'],
  ])('answers 401 for %s', async ([_name, cookie], { harness }) => {
    const agent = new Agent(harness.app);
    agent.cookie = cookie;
    const response = await agent.json<ErrorBody>('GET', '/api/auth/me');
    expect({ status: response.status, code: response.body.error.code }).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  });
});
