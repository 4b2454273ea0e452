// Issue 11, item 11 and "sign out everywhere": a session's end ends everything it opened, including
// live scoreboard streams, and a user can end all their sessions at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import type { Actor } from '../../server/services/context.ts';
import { SESSION_RECHECK_MS } from '../../server/services/accounts/sessions.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { Harness, type Agent } from '../helpers/harness.ts';

let harness: Harness;
let trainee: Actor;
let other: Actor;
let cohortId: number;

beforeEach(async () => {
  harness = await Harness.create({ withoutLabs: true });
  const instructor = await harness.user('ines', 'instructor');
  [trainee, other] = await Promise.all([harness.user('tomas'), harness.user('amira')]);
  cohortId = (await harness.cohort(instructor, [trainee, other], [])).id;
});
afterEach(async () => {
  await harness.dispose();
});

// The app runs on the harness's manual clock: session rechecks happen only when the test moves it,
// and whether a stream has ended is read from what has arrived, without waiting.
const openStream = (agent: Agent) => EventStream.open(agent.request(`/api/scoreboard/${cohortId}/stream`));

describe('sign out everywhere', () => {
  it('ends every session of the caller, the current one included, and no one else’s', async () => {
    const [laptop, phone, colleague] = await Promise.all([
      harness.signIn(trainee),
      harness.signIn(trainee),
      harness.signIn(other),
    ]);
    const response = await laptop.json<{ ok: true; ended: number }>('POST', '/api/auth/logout-all');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, ended: 2 });
    expect(laptop.cookie).toBe('');
    expect(harness.count('sessions', 'user_id = ?', trainee.id)).toBe(0);
    expect((await phone.json('GET', '/api/auth/me')).status).toBe(401);
    expect((await colleague.json('GET', '/api/auth/me')).status).toBe(200);
  });

  it('needs a session (401) and refuses a cross-site request (403), keeping the sessions', async () => {
    expect((await harness.anonymous().json<ErrorBody>('POST', '/api/auth/logout-all')).body.error.code).toBe(
      'unauthenticated',
    );
    const agent = await harness.signIn(trainee);
    const response = await agent.request('/api/auth/logout-all', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('a scoreboard stream after its session ends (item 11)', () => {
  it('ends at once when its session signs out', async () => {
    const agent = await harness.signIn(trainee);
    const stream = await openStream(agent);
    await agent.json('POST', '/api/auth/logout');
    expect(await stream.closed()).toBe(true);
  });

  it('ends when the user signs out everywhere from another browser, and so do the other browser’s', async () => {
    const [laptop, phone] = await Promise.all([harness.signIn(trainee), harness.signIn(trainee)]);
    const onLaptop = await openStream(laptop);
    const onPhone = await openStream(phone);
    await phone.json('POST', '/api/auth/logout-all');
    expect(await onLaptop.closed()).toBe(true);
    expect(await onPhone.closed()).toBe(true);
  });

  it('keeps streams of the user’s other sessions, and of other users, when one session signs out', async () => {
    const [laptop, phone, colleague] = await Promise.all([
      harness.signIn(trainee),
      harness.signIn(trainee),
      harness.signIn(other),
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

  it('ends when the account is disabled, at the next recheck', async () => {
    const stream = await openStream(await harness.signIn(trainee));
    harness.db.$client
      .prepare('update users set disabled_at = ? where id = ?')
      .run(harness.now().getTime(), trainee.id);
    await harness.advance(SESSION_RECHECK_MS - 1);
    expect(await stream.closed()).toBe(false);
    await harness.advance(1);
    expect(await stream.closed()).toBe(true);
  });

  it('ends when the session expires, within the recheck interval', async () => {
    const stream = await openStream(await harness.signIn(trainee));
    await harness.advance(harness.services.settings.sessionIdleMs - 1);
    expect(await stream.closed()).toBe(false);
    await harness.advance(1 + SESSION_RECHECK_MS);
    expect(await stream.closed()).toBe(true);
  });
});
