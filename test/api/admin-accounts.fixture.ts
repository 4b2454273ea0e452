import { expect } from 'vitest';
import type { Role } from '../../server/db/schema.ts';
import type { ErrorBody } from '../../server/errors.ts';
import type { AccountView } from '../../server/services/admin/accounts.ts';
import type { PasswordLink } from '../../server/services/accounts/password-links.ts';
import { accountTest } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';

/** Accounts without labs: Tomas (trainee), Ines (instructor) and Ada, an administrator signed in as `admin`. */
export const adminTest = accountTest
  .extend('ada', ({ harness }) => harness.user('ada', 'admin'))
  .extend('admin', ({ harness, ada }) => harness.signIn(ada));

/** A password that passes the rules, for links. */
export const NEW_PASSWORD = 'a fresh passphrase 42';

/** Creates an account through the API as the administrator; expects 201 and hands back the account and its link. */
export async function createThroughApi(
  admin: Agent,
  account: { username: string; displayName?: string; role?: Role; cohortId?: number },
): Promise<{ account: AccountView; link: PasswordLink }> {
  const response = await read(
    admin.api.admin.accounts.$post({
      json: { displayName: `${account.username} display`, role: 'trainee', ...account },
    }),
  );
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/** What set-password answers: `{ ok, username }`, or the error envelope when refused. */
type SetPasswordAnswer = { ok?: true; username?: string } & ErrorBody;

/** Sets a password with a link's token, as the set-password page does (anonymous). */
export function setPassword(harness: Harness, token: string, password = NEW_PASSWORD) {
  return harness.anonymous().json<SetPasswordAnswer>('POST', '/api/auth/set-password', {
    token,
    password,
  });
}

/** Signs in by name and password; the status tells whether it worked. */
export async function signInStatus(harness: Harness, username: string, password: string): Promise<number> {
  return (await harness.anonymous().json('POST', '/api/auth/login', { username, password })).status;
}

/** The audit entries about an account, oldest first: action and actor. */
export function auditOf(harness: Harness, userId: number): { action: string; actor_id: number | null }[] {
  return harness.db.$client
    .prepare('select action, actor_id from audit_log where subject = ? order by id')
    .all(`user:${userId}`) as { action: string; actor_id: number | null }[];
}
