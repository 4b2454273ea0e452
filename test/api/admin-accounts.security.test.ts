import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import type { Harness } from '../helpers/harness.ts';
import { expectCrossSitePostRefused, expectEveryRouteRefused, type Route } from '../helpers/refusals.ts';
import { NEW_PASSWORD, adminTest, createThroughApi, setPassword } from './admin-accounts.fixture.ts';

const it = adminTest.extend('ines', ({ harness }) => harness.user('ines', 'instructor'));

/** Every account administration route, aimed at the account `userId`, with a body where it takes one. */
function adminRoutes(userId: number): Route[] {
  return [
    ['GET', '/api/admin/accounts'],
    ['GET', '/api/admin/accounts?q=a&role=admin'],
    ['POST', '/api/admin/accounts', { username: 'mallory', displayName: 'Mallory', role: 'admin' }],
    ['POST', `/api/admin/accounts/${userId}/disable`],
    ['POST', `/api/admin/accounts/${userId}/enable`],
    ['POST', `/api/admin/accounts/${userId}/role`, { role: 'admin' }],
    ['POST', `/api/admin/accounts/${userId}/end-sessions`],
    ['POST', `/api/admin/accounts/${userId}/reset-password`],
  ];
}

/** What an administration route could change: compared before and after refused requests. */
function accountState(harness: Harness) {
  return harness.snapshot({
    users: 'select id, username, role, password_hash, disabled_at from users order by id',
    sessions: 'select token_hash, user_id from sessions order by token_hash',
    links: 'select * from password_links order by token_hash',
    audit: 'select * from audit_log order by id',
  });
}

describe('who may administer accounts', () => {
  it('refuses every route to anonymous callers with 401, changing nothing', async ({ harness, tomas }) => {
    const before = accountState(harness);
    await expectEveryRouteRefused(harness.anonymous(), adminRoutes(tomas.id), {
      status: 401,
      code: 'unauthenticated',
    });
    expect(accountState(harness)).toEqual(before);
  });

  it('refuses every route to trainees with 403, their own account included, changing nothing', async ({
    harness,
    tomas,
  }) => {
    const trainee = await harness.signIn(tomas);
    const before = accountState(harness);
    await expectEveryRouteRefused(trainee, adminRoutes(tomas.id), { status: 403, code: 'forbidden' });
    expect(accountState(harness)).toEqual(before);
  });

  it('refuses every route to instructors with 403, for their trainees and themselves, changing nothing', async ({
    harness,
    ines,
    tomas,
  }) => {
    const instructor = await harness.signIn(ines);
    const before = accountState(harness);
    for (const target of [tomas.id, ines.id])
      await expectEveryRouteRefused(instructor, adminRoutes(target), { status: 403, code: 'forbidden' });
    expect(accountState(harness)).toEqual(before);
  });

  it('lets an administrator through every route', async ({ admin, tomas }) => {
    const statuses = [];
    for (const [method, path, body] of adminRoutes(tomas.id))
      statuses.push([method, path, (await admin.json(method, path, body)).status]);
    expect(statuses.map(([, , status]) => status)).toEqual([200, 200, 201, 200, 200, 200, 200, 200]);
  });
});

describe('requests from elsewhere', () => {
  it('refuses cross-site and non-JSON writes on every mutating route', async ({ harness, admin, tomas }) => {
    const untouched = accountState(harness);
    for (const [method, path] of adminRoutes(tomas.id).filter(([method]) => method === 'POST')) {
      await expectCrossSitePostRefused(admin, path);
      const plain = await admin.request(path, { method, headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect({ path, status: plain.status }).toEqual({ path, status: 415 });
    }
    expect(accountState(harness)).toEqual(untouched);
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    const before = accountState(harness);
    const forged = await harness.anonymous().request('/api/auth/set-password', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ token: link.token, password: NEW_PASSWORD }),
    });
    expect(forged.status).toBe(403);
    expect(accountState(harness)).toEqual(before);
  });
});

describe('one-time links at rest and in answers', () => {
  it('stores only the SHA-256 of the token, and no answer but the one that made it carries it', async ({
    harness,
    admin,
  }) => {
    const { account, link } = await createThroughApi(admin, { username: 'kofi' });
    const stored = harness.db.$client.prepare('select * from password_links').all() as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/u);
    const everything = JSON.stringify(
      harness.db.$client
        .prepare("select name from sqlite_master where type = 'table'")
        .all()
        .map((table) => harness.db.$client.prepare(`select * from "${(table as { name: string }).name}"`).all()),
    );
    expect(everything).not.toContain(link.token);
    expect(link.token.length).toBeGreaterThanOrEqual(43);
    const listed = await admin.json('GET', '/api/admin/accounts');
    expect(listed.text).not.toContain(link.token);
    const audit = harness.db.$client
      .prepare('select details from audit_log where subject = ?')
      .all(`user:${account.id}`);
    expect(JSON.stringify(audit)).not.toContain(link.token);
  });

  it('setting a password does not sign anyone in, and ends the sessions of that account only', async ({
    harness,
    admin,
    tomas,
  }) => {
    const tomasAgent = await harness.signIn(tomas);
    const reset = await admin.json<{ link: { token: string } }>(
      'POST',
      `/api/admin/accounts/${tomas.id}/reset-password`,
    );
    const anonymous = harness.anonymous();
    const set = await anonymous.json<ErrorBody>('POST', '/api/auth/set-password', {
      token: reset.body.link.token,
      password: NEW_PASSWORD,
    });
    expect(set.status).toBe(200);
    expect(anonymous.cookie).toBe('');
    expect(set.headers.get('set-cookie')).toBeNull();
    expect((await tomasAgent.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.json('GET', '/api/auth/me')).status).toBe(200);
  });

  it("a trainee's link cannot set anyone else's password, and a session token is not a link", async ({
    harness,
    admin,
    tomas,
  }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    expect((await setPassword(harness, link.token)).body.username).toBe('kofi');
    const tomasAgent = await harness.signIn(tomas);
    const sessionToken = decodeURIComponent(tomasAgent.cookie.split('=')[1]!);
    expect((await setPassword(harness, sessionToken)).status).toBe(400);
  });
});
