// Issue 11, item 11 and "sign out everywhere": a session's end ends everything it opened, including
// live scoreboard streams, and a user can end all their sessions at once.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { SESSION_RECHECK_MS } from '../../server/services/accounts/sessions.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { accountTest } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { expectCrossSitePostRefused } from '../helpers/refusals.ts';

/** Tomas and Amira, trainees; `openStream` opens a scoreboard stream of their cohort (no labs needed). */
const it = accountTest
  .extend('amira', ({ harness }) => harness.user('amira'))
  .extend('openStream', async ({ harness, ines, tomas, amira }) => {
    const cohort = await harness.cohort(ines, [tomas, amira], []);
    // The app runs on the harness's manual clock: session rechecks happen only when the test moves it,
    // and whether a stream has ended is read from what has arrived, without waiting.
    return (agent: Agent) => EventStream.open(agent.request(`/api/scoreboard/${cohort.id}/stream`));
  });

describe('sign out everywhere', () => {
  it('ends every session of the caller, the current one included, and no one else’s', async ({
    harness,
    tomas,
    amira,
  }) => {
    const [laptop, phone, colleague] = await Promise.all([
      harness.signIn(tomas),
      harness.signIn(tomas),
      harness.signIn(amira),
    ]);
    const response = await laptop.json<{ ok: true; ended: number }>('POST', '/api/auth/logout-all');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, ended: 2 });
    expect(laptop.cookie).toBe('');
    expect(harness.count('sessions', 'user_id = ?', tomas.id)).toBe(0);
    expect((await phone.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await colleague.json('GET', '/api/auth/me')).status).toBe(200);
  });

  it('needs a session (401) and refuses a cross-site request (403), keeping the sessions', async ({
    harness,
    tomas,
  }) => {
    expect((await harness.anonymous().json<ErrorBody>('POST', '/api/auth/logout-all')).body.error.code).toBe(
      'unauthenticated',
    );
    await expectCrossSitePostRefused(await harness.signIn(tomas), '/api/auth/logout-all');
  });
});

describe('a scoreboard stream after its session ends (item 11)', () => {
  it('ends at once when its session signs out', async ({ harness, tomas, openStream }) => {
    const agent = await harness.signIn(tomas);
    const stream = await openStream(agent);
    await agent.json('POST', '/api/auth/logout');
    expect(await stream.closed()).toBe(true);
  });

  it('ends when the user signs out everywhere from another browser, and so do the other browser’s', async ({
    harness,
    tomas,
    openStream,
  }) => {
    const [laptop, phone] = await Promise.all([harness.signIn(tomas), harness.signIn(tomas)]);
    const onLaptop = await openStream(laptop);
    const onPhone = await openStream(phone);
    await phone.json('POST', '/api/auth/logout-all');
    expect(await onLaptop.closed()).toBe(true);
    expect(await onPhone.closed()).toBe(true);
  });

  it('keeps streams of the user’s other sessions, and of other users, when one session signs out', async ({
    harness,
    tomas,
    amira,
    openStream,
  }) => {
    const [laptop, phone, colleague] = await Promise.all([
      harness.signIn(tomas),
      harness.signIn(tomas),
      harness.signIn(amira),
    ]);
    const onPhone = await openStream(phone);
    const ofColleague = await openStream(colleague);
    await laptop.json('POST', '/api/auth/logout');
    await harness.advance(SESSION_RECHECK_MS * 2);
    expect(await onPhone.closed()).toBe(false);
    expect(await ofColleague.closed()).toBe(false);
    await onPhone.cancel();
    await ofColleague.cancel();
  });

  it('ends when the account is disabled, at the next recheck', async ({ harness, tomas, openStream }) => {
    const stream = await openStream(await harness.signIn(tomas));
    harness.db.$client.prepare('update users set disabled_at = ? where id = ?').run(harness.now().getTime(), tomas.id);
    await harness.advance(SESSION_RECHECK_MS - 1);
    expect(await stream.closed()).toBe(false);
    await harness.advance(1);
    expect(await stream.closed()).toBe(true);
  });

  it('ends when the session expires, within the recheck interval', async ({ harness, tomas, openStream }) => {
    const stream = await openStream(await harness.signIn(tomas));
    await harness.advance(harness.services.settings.sessionIdleMs - 1);
    expect(await stream.closed()).toBe(false);
    await harness.advance(1 + SESSION_RECHECK_MS);
    expect(await stream.closed()).toBe(true);
  });
});
