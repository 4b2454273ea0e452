import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { read, readError } from '../helpers/read.ts';

/** An administrator signed in on an app without labs: account administration needs none. */
const it = apiTest
  .extend('labsDir', null)
  .extend('admin', async ({ harness }) => harness.signIn(await harness.user('root', 'admin')));

function createAccount(admin: Agent, account: { username: string; displayName: string; password: string }) {
  return admin.api.users.$post({ json: { ...account, role: 'trainee' } });
}

describe('account administration', () => {
  it('lets an administrator create an account that can then sign in, and lists it', async ({ harness, admin }) => {
    const created = await read(
      admin.api.users.$post({
        json: { username: 'N.Osei', displayName: 'Nadia Osei', password: 'a long passphrase here', role: 'instructor' },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'n.osei', role: 'instructor' });
    const listed = await read(admin.api.users.$get());
    expect(listed.body.users.map((user) => user.username)).toEqual(['n.osei', 'root']);
    const signedIn = await harness
      .anonymous()
      .api.auth.login.$post({ json: { username: 'n.osei', password: 'a long passphrase here' } });
    expect(signedIn.status).toBe(200);
  });

  it('refuses a taken username and a short password, naming the field', async ({ admin }) => {
    const taken = await readError(
      createAccount(admin, { username: 'root', displayName: 'Again', password: 'a long passphrase here' }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'username' });
    const short = await readError(createAccount(admin, { username: 'newbie', displayName: 'New', password: 'short' }));
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('password');
  });
});
