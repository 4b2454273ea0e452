import { describe, expect } from 'vitest';
import { createCohort, joinCohort } from '../../server/services/cohorts/cohorts.ts';
import { TEST_PASSWORD } from '../helpers/harness.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { readError } from '../helpers/read.ts';
import { MISSING_ID } from '../helpers/refusals.ts';
import {
  NEW_PASSWORD,
  adminTest as it,
  createThroughApi,
  setPassword,
  signInStatus,
} from './admin-accounts.fixture.ts';

describe('the last active administrator', () => {
  it('cannot be disabled or demoted, with a 409 that says why, and nothing changes', async ({ harness, ada }) => {
    // Ada is the only administrator; a second one, disabled, does not count.
    const grace = await harness.user('grace', 'admin');
    const graceAgent = await harness.signIn(grace);
    expect((await graceAgent.json('POST', `/api/admin/accounts/${ada.id}/disable`)).status).toBe(200);
    const before = harness.snapshot({ users: 'select id, role, disabled_at from users order by id' });

    const demoted = await readError(
      graceAgent.api.admin.accounts[':userId'].role.$post({
        param: { userId: `${grace.id}` },
        json: { role: 'trainee' },
      }),
    );
    expect(demoted.status).toBe(409);
    expect(demoted.body.error).toEqual({
      code: 'conflict',
      message:
        '“grace” is the last active administrator and cannot be given another role: make another account an administrator first.',
    });
    expect(harness.snapshot({ users: 'select id, role, disabled_at from users order by id' })).toEqual(before);

    // The other way round: Ada, enabled again, disables Grace and is then the last one herself.
    await graceAgent.json('POST', `/api/admin/accounts/${ada.id}/enable`);
    const admin = await harness.signIn(ada);
    expect((await admin.json('POST', `/api/admin/accounts/${grace.id}/disable`)).status).toBe(200);
    const selfDemoted = await readError(
      admin.api.admin.accounts[':userId'].role.$post({ param: { userId: `${ada.id}` }, json: { role: 'instructor' } }),
    );
    expect(selfDemoted.status).toBe(409);
    expect(selfDemoted.body.error.message).toContain('last active administrator');
  });

  it('no one disables themselves; another administrator may, and is then the last one', async ({
    harness,
    admin,
    ada,
  }) => {
    const self = await admin.json<ErrorBody>('POST', `/api/admin/accounts/${ada.id}/disable`);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('You cannot disable your own account: ask another administrator.');
    // Grace disables Ada while both are active (allowed), and Ada's sessions end.
    const grace = await harness.user('grace', 'admin');
    const graceAgent = await harness.signIn(grace);
    expect((await graceAgent.json('POST', `/api/admin/accounts/${ada.id}/disable`)).status).toBe(200);
    expect((await admin.json('GET', '/api/auth/me')).status).toBe(401);
    // Now Grace is the last active one: demoting her is refused even by herself.
    const demote = await graceAgent.json<ErrorBody>('POST', `/api/admin/accounts/${grace.id}/role`, {
      role: 'trainee',
    });
    expect(demote.status).toBe(409);
  });
});

describe('one-time links', () => {
  it('refuse a wrong token with a clear message', async ({ harness, admin }) => {
    await createThroughApi(admin, { username: 'kofi' });
    const wrong = await setPassword(harness, 'not-the-token-at-all');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({
      code: 'bad_request',
      field: 'token',
      message:
        'This link to set a password is not valid: check that you opened or copied all of it, or ask your administrator for a new one.',
    });
    const missing = await harness
      .anonymous()
      .json<ErrorBody>('POST', '/api/auth/set-password', { password: NEW_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('token');
  });

  it('expire 72 hours after they are made', async ({ harness, admin, ada }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    await harness.advance(72 * 3_600_000);
    const expired = await setPassword(harness, link.token);
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toBe(
      'This link to set a password has expired (links last 72 hours): ask your administrator for a new one.',
    );
    expect(await signInStatus(harness, 'kofi', NEW_PASSWORD)).toBe(401);
    // The administrator's session has long ended by then (idle limit): a new one.
    const again = await harness.signIn(ada);
    const listed = await again.json<{ accounts: { passwordLinkExpiresAt: string | null }[] }>(
      'GET',
      '/api/admin/accounts?q=kofi',
    );
    expect(listed.body.accounts[0]!.passwordLinkExpiresAt).toBeNull();
  });

  it('work a moment before they expire', async ({ harness, admin }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    await harness.advance(72 * 3_600_000 - 1000);
    expect((await setPassword(harness, link.token)).status).toBe(200);
  });

  it('cannot be used twice', async ({ harness, admin }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    expect((await setPassword(harness, link.token)).status).toBe(200);
    const reused = await setPassword(harness, link.token, 'another passphrase 99');
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toBe(
      'This link has already been used to set a password: sign in with that password, or ask your administrator for a new link.',
    );
    expect(await signInStatus(harness, 'kofi', NEW_PASSWORD)).toBe(200);
    expect(await signInStatus(harness, 'kofi', 'another passphrase 99')).toBe(401);
  });

  it('used twice at the same moment, set the password once', async ({ harness, admin }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    const answers = await Promise.all([
      setPassword(harness, link.token, 'first passphrase 111'),
      setPassword(harness, link.token, 'second passphrase 222'),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    expect(harness.count('audit_log', "action = 'user.password_set'")).toBe(1);
  });

  it('are replaced by a newer link for the same account', async ({ harness, admin }) => {
    const { account, link } = await createThroughApi(admin, { username: 'kofi' });
    const reset = await admin.json<{ link: { token: string } }>(
      'POST',
      `/api/admin/accounts/${account.id}/reset-password`,
    );
    const replaced = await setPassword(harness, link.token);
    expect(replaced.body.error.message).toBe(
      'A newer link has been made for this account, which replaces this one: use the newer link.',
    );
    expect((await setPassword(harness, reset.body.link.token)).status).toBe(200);
  });

  it('are withdrawn when the account is disabled, and a reset is refused until it is enabled', async ({
    harness,
    admin,
  }) => {
    const { account, link } = await createThroughApi(admin, { username: 'kofi' });
    await admin.json('POST', `/api/admin/accounts/${account.id}/disable`);
    const withdrawn = await setPassword(harness, link.token);
    expect(withdrawn.body.error.message).toBe(
      'This link was withdrawn when the account was disabled: ask your administrator.',
    );
    const reset = await admin.json<ErrorBody>('POST', `/api/admin/accounts/${account.id}/reset-password`);
    expect(reset.status).toBe(409);
    expect(reset.body.error.message).toBe('“kofi” is disabled: enable the account first.');
  });

  it('refuse a password that breaks the rules and stay usable', async ({ harness, admin }) => {
    const { link } = await createThroughApi(admin, { username: 'kofi' });
    const short = await setPassword(harness, link.token, 'short');
    expect(short.status).toBe(400);
    expect(short.body.error).toEqual({
      code: 'bad_request',
      field: 'password',
      message: 'A password needs at least 10 characters.',
    });
    const long = await setPassword(harness, link.token, 'x'.repeat(201));
    expect(long.body.error.field).toBe('password');
    expect((await setPassword(harness, link.token)).status).toBe(200);
  });
});

describe('refused requests', () => {
  it('name an account that does not exist with a 404 on every route', async ({ admin }) => {
    for (const [path, body] of [
      [`/api/admin/accounts/${MISSING_ID}/disable`, undefined],
      [`/api/admin/accounts/${MISSING_ID}/enable`, undefined],
      [`/api/admin/accounts/${MISSING_ID}/role`, { role: 'trainee' }],
      [`/api/admin/accounts/${MISSING_ID}/end-sessions`, undefined],
      [`/api/admin/accounts/${MISSING_ID}/reset-password`, undefined],
    ] as const) {
      const response = await admin.json<ErrorBody>('POST', path, body);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 404,
        body: { error: { code: 'not_found', message: 'There is no such account.' } },
      });
    }
    expect((await admin.json('POST', '/api/admin/accounts/abc/disable')).status).toBe(400);
  });

  it('refuse a taken username, a malformed one, an unknown role and a bad page, naming the field', async ({
    harness,
    admin,
  }) => {
    const taken = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'TOMAS',
      displayName: 'T',
      role: 'trainee',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'username' });
    const malformed = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'x y',
      displayName: 'X',
      role: 'trainee',
    });
    expect(malformed.body.error).toMatchObject({ code: 'bad_request', field: 'username' });
    const role = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'kofi',
      displayName: 'K',
      role: 'root',
    });
    expect(role.body.error).toEqual({
      code: 'bad_request',
      field: 'role',
      message: 'Choose a role: admin, instructor or trainee.',
    });
    const password = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'kofi',
      displayName: 'K',
      role: 'trainee',
      password: 'chosen by me',
    });
    // A password chosen by the administrator is not part of the request: it is ignored, never stored.
    expect(password.status).toBe(201);
    expect(await signInStatus(harness, 'kofi', 'chosen by me')).toBe(401);
    expect((await admin.json('GET', '/api/admin/accounts?limit=0')).status).toBe(400);
    expect((await admin.json('GET', '/api/admin/accounts?limit=201')).status).toBe(400);
    expect((await admin.json('GET', '/api/admin/accounts?role=root')).status).toBe(400);
  });

  it('refuse a cohort that does not exist, and a cohort for staff', async ({ harness, admin }) => {
    const missing = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'kofi',
      displayName: 'K',
      role: 'trainee',
      cohortId: MISSING_ID,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'There is no such cohort.', field: 'cohortId' });
    const ines = await harness.user('ines', 'instructor');
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn' });
    const staff = await admin.json<ErrorBody>('POST', '/api/admin/accounts', {
      username: 'kofi',
      displayName: 'K',
      role: 'instructor',
      cohortId: cohort.id,
    });
    expect(staff.status).toBe(400);
    expect(staff.body.error.field).toBe('cohortId');
    expect(harness.count('users', "username = 'kofi'")).toBe(0);
  });

  it('refuse a role that would leave a cohort with a staff member or a trainee running it', async ({
    harness,
    admin,
    tomas,
  }) => {
    const ines = await harness.user('ines', 'instructor');
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn' });
    await joinCohort(harness.services, tomas, cohort.joinCode);
    const member = await admin.json<ErrorBody>('POST', `/api/admin/accounts/${tomas.id}/role`, { role: 'instructor' });
    expect(member.status).toBe(409);
    expect(member.body.error.message).toBe(
      '“tomas” is a member of “Autumn”: only trainees can be members, so remove them from those cohorts first.',
    );
    const runs = await admin.json<ErrorBody>('POST', `/api/admin/accounts/${ines.id}/role`, { role: 'trainee' });
    expect(runs.status).toBe(409);
    expect(runs.body.error.message).toBe(
      '“ines” runs “Autumn”: a trainee cannot run a cohort, so archive those cohorts first.',
    );
    expect(await signInStatus(harness, 'tomas', TEST_PASSWORD)).toBe(200);
  });
});
