import { describe, expect } from 'vitest';
import { TEST_PASSWORD } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';
import {
  NEW_PASSWORD,
  adminTest as it,
  auditOf,
  createThroughApi,
  setPassword,
  signInStatus,
} from './admin-accounts.fixture.ts';

describe('the account list', () => {
  it('lists accounts by username with role, state, creation and last activity', async ({ harness, admin, tomas }) => {
    await harness.signIn(tomas);
    const listed = await read(admin.api.admin.accounts.$get({ query: {} }));
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(listed.body.accounts).toEqual([
      {
        id: expect.any(Number),
        username: 'ada',
        displayName: 'ada display',
        role: 'admin',
        createdAt: harness.now().toISOString(),
        disabledAt: null,
        lastSeenAt: harness.now().toISOString(),
        passwordLinkExpiresAt: null,
      },
      expect.objectContaining({ username: 'tomas', role: 'trainee', lastSeenAt: harness.now().toISOString() }),
    ]);
  });

  it('searches usernames and display names ignoring case, filters by role, and pages', async ({ harness, admin }) => {
    for (const name of ['nadia', 'nick', 'omar', 'pauline']) await harness.user(name);
    await harness.user('ines', 'instructor');
    const search = await read(admin.api.admin.accounts.$get({ query: { q: 'N' } }));
    expect(search.body.accounts.map((account) => account.username)).toEqual(['ines', 'nadia', 'nick', 'pauline']);
    const byDisplayName = await read(admin.api.admin.accounts.$get({ query: { q: 'OMAR DISP' } }));
    expect(byDisplayName.body.accounts.map((account) => account.username)).toEqual(['omar']);
    const instructors = await read(admin.api.admin.accounts.$get({ query: { role: 'instructor' } }));
    expect(instructors.body.accounts.map((account) => account.username)).toEqual(['ines']);
    const second = await read(admin.api.admin.accounts.$get({ query: { q: 'n', limit: '2', offset: '2' } }));
    expect(second.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(second.body.accounts.map((account) => account.username)).toEqual(['nick', 'pauline']);
  });
});

describe('a new account', () => {
  it('gets a one-time link instead of a password; the link sets it and the account signs in', async ({
    harness,
    admin,
    ada,
  }) => {
    const { account, link } = await createThroughApi(admin, { username: 'N.Osei', displayName: 'Nadia Osei' });
    expect(account).toMatchObject({ username: 'n.osei', displayName: 'Nadia Osei', role: 'trainee', disabledAt: null });
    expect(link.purpose).toBe('new_account');
    expect(link.path).toBe(`/set-password#${link.token}`);
    expect(new Date(link.expiresAt).getTime() - harness.now().getTime()).toBe(72 * 3_600_000);
    expect(account.passwordLinkExpiresAt).toBe(link.expiresAt);

    // No password opens the account before the link is used.
    expect(await signInStatus(harness, 'n.osei', TEST_PASSWORD)).toBe(401);
    const set = await setPassword(harness, link.token);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ ok: true, username: 'n.osei' });
    expect(await signInStatus(harness, 'n.osei', NEW_PASSWORD)).toBe(200);

    const listed = await read(admin.api.admin.accounts.$get({ query: { q: 'osei' } }));
    expect(listed.body.accounts[0]!.passwordLinkExpiresAt).toBeNull();
    expect(auditOf(harness, account.id)).toEqual([
      { action: 'user.create', actor_id: ada.id },
      { action: 'user.password_link', actor_id: ada.id },
      { action: 'user.password_set', actor_id: account.id },
    ]);
  });

  it('of any role can be made, and a trainee can join a cohort at once', async ({ harness, admin }) => {
    const ines = await harness.user('ines', 'instructor');
    const { createCohort } = await import('../../server/services/cohorts/cohorts.ts');
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn intake' });
    const { account } = await createThroughApi(admin, { username: 'kofi', cohortId: cohort.id });
    expect(harness.count('cohort_members', 'cohort_id = ? and user_id = ?', cohort.id, account.id)).toBe(1);
    const instructor = await createThroughApi(admin, { username: 'victor', role: 'instructor' });
    expect(instructor.account.role).toBe('instructor');
    const second = await createThroughApi(admin, { username: 'grace', role: 'admin' });
    expect(second.account.role).toBe('admin');
  });
});

describe('disabling and enabling', () => {
  it('disabling ends the sessions at once and refuses sign-in; enabling lets the account in again', async ({
    harness,
    admin,
    tomas,
    ada,
  }) => {
    const tomasAgent = await harness.signIn(tomas);
    await harness.signIn(tomas);
    const disabled = await read(
      admin.api.admin.accounts[':userId'].disable.$post({ param: { userId: `${tomas.id}` } }),
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.account).toMatchObject({ username: 'tomas', disabledAt: harness.now().toISOString() });
    expect(harness.count('sessions', 'user_id = ?', tomas.id)).toBe(0);
    expect((await tomasAgent.json('GET', '/api/auth/me')).status).toBe(401);
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(401);

    const enabled = await read(admin.api.admin.accounts[':userId'].enable.$post({ param: { userId: `${tomas.id}` } }));
    expect(enabled.body.account.disabledAt).toBeNull();
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(200);
    expect(auditOf(harness, tomas.id).slice(1)).toEqual([
      { action: 'user.disable', actor_id: ada.id },
      { action: 'user.enable', actor_id: ada.id },
    ]);
  });
});

describe('roles', () => {
  it('a new role takes effect on the next request of a session already open', async ({ harness, admin, ada }) => {
    const ines = await harness.user('ines', 'instructor');
    const inesAgent = await harness.signIn(ines);
    expect((await inesAgent.json('GET', '/api/cohorts')).status).toBe(200);
    const changed = await read(
      admin.api.admin.accounts[':userId'].role.$post({ param: { userId: `${ines.id}` }, json: { role: 'trainee' } }),
    );
    expect(changed.body.account.role).toBe('trainee');
    expect((await inesAgent.json('GET', '/api/cohorts')).status).toBe(403);
    const me = await inesAgent.json<{ user: { role: string } }>('GET', '/api/auth/me');
    expect(me.body.user.role).toBe('trainee');
    await admin.api.admin.accounts[':userId'].role.$post({ param: { userId: `${ines.id}` }, json: { role: 'admin' } });
    expect((await inesAgent.json('GET', '/api/admin/accounts')).status).toBe(200);
    const audit = harness.db.$client
      .prepare("select details from audit_log where action = 'user.role' and actor_id = ? order by id")
      .all(ada.id) as { details: string }[];
    expect(audit.map((row) => JSON.parse(row.details))).toEqual([
      { from: 'instructor', to: 'trainee' },
      { from: 'trainee', to: 'admin' },
    ]);
  });

  it('an administrator can be demoted while another active one remains', async ({ harness, admin }) => {
    const grace = await harness.user('grace', 'admin');
    const changed = await read(
      admin.api.admin.accounts[':userId'].role.$post({
        param: { userId: `${grace.id}` },
        json: { role: 'instructor' },
      }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.account.role).toBe('instructor');
  });
});

describe('sessions and passwords', () => {
  it("ends every session of the account and no one else's", async ({ harness, admin, tomas, ada }) => {
    const first = await harness.signIn(tomas);
    const second = await harness.signIn(tomas);
    const ended = await read(
      admin.api.admin.accounts[':userId']['end-sessions'].$post({ param: { userId: `${tomas.id}` } }),
    );
    expect(ended.body).toEqual({ ended: 2 });
    expect((await first.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await second.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.json('GET', '/api/auth/me')).status).toBe(200);
    // The account itself is untouched: it signs in again.
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(200);
    expect(auditOf(harness, tomas.id).at(-1)).toEqual({ action: 'user.sessions_end', actor_id: ada.id });
  });

  it('a reset gives a new link; the old password works until the link is used, which ends the sessions', async ({
    harness,
    admin,
    tomas,
  }) => {
    const tomasAgent = await harness.signIn(tomas);
    const reset = await read(
      admin.api.admin.accounts[':userId']['reset-password'].$post({ param: { userId: `${tomas.id}` } }),
    );
    expect(reset.status).toBe(200);
    expect(reset.body.link).toMatchObject({ purpose: 'reset', path: `/set-password#${reset.body.link.token}` });
    expect((await tomasAgent.json('GET', '/api/auth/me')).status).toBe(200);
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(200);

    expect((await setPassword(harness, reset.body.link.token)).status).toBe(200);
    expect((await tomasAgent.json('GET', '/api/auth/me')).status).toBe(401);
    expect(harness.count('sessions', 'user_id = ?', tomas.id)).toBe(0);
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(401);
    expect(await signInStatus(harness, 'tomas', NEW_PASSWORD)).toBe(200);
  });
});
