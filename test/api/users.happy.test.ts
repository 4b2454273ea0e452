import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.ts';

let harness: Harness;
beforeEach(async () => {
  harness = await Harness.create({ withoutLabs: true });
});
afterEach(() => harness.dispose());

describe('account administration', () => {
  it('lets an administrator create an account that can then sign in, and lists it', async () => {
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    const created = await admin.json<{ user: { username: string; role: string } }>('POST', '/api/users', {
      username: 'N.Osei',
      displayName: 'Nadia Osei',
      password: 'a long passphrase here',
      role: 'instructor',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'n.osei', role: 'instructor' });
    const listed = await admin.json<{ users: { username: string }[] }>('GET', '/api/users');
    expect(listed.body.users.map((user) => user.username)).toEqual(['n.osei', 'root']);
    const signedIn = await harness
      .anonymous()
      .json('POST', '/api/auth/login', { username: 'n.osei', password: 'a long passphrase here' });
    expect(signedIn.status).toBe(200);
  });

  it('refuses a taken username and a short password, naming the field', async () => {
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    const taken = await admin.json<{ error: { code: string; field: string } }>('POST', '/api/users', {
      username: 'root',
      displayName: 'Again',
      password: 'a long passphrase here',
      role: 'trainee',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'username' });
    const short = await admin.json<{ error: { field: string } }>('POST', '/api/users', {
      username: 'newbie',
      displayName: 'New',
      password: 'short',
      role: 'trainee',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('password');
  });
});
