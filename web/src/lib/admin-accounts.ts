import type { InferResponseType } from 'hono/client';
import { client, read } from './api.ts';

type AccountsRoute = typeof client.admin.accounts;
type AccountRoute = AccountsRoute[':userId'];

export type AccountsPage = InferResponseType<AccountsRoute['$get'], 200>;
export type Account = AccountsPage['accounts'][number];
export type Role = Account['role'];
export type OneTimeLink = InferResponseType<AccountsRoute['$post'], 201>['link'];

/** The roles in the order the screens offer them. */
export const ROLES: readonly Role[] = ['trainee', 'instructor', 'admin'];

const param = (userId: number) => ({ param: { userId: String(userId) } });

/** Account administration (administrators only): every call the admin page makes. */
export const adminAccounts = {
  list: (query: { q?: string; role?: Role; limit: number; offset: number }) =>
    read(
      client.admin.accounts.$get({
        query: {
          ...(query.q ? { q: query.q } : {}),
          ...(query.role ? { role: query.role } : {}),
          limit: String(query.limit),
          offset: String(query.offset),
        },
      }),
    ),
  create: (input: { username: string; displayName: string; role: Role; cohortId?: number }) =>
    read(client.admin.accounts.$post({ json: input })),
  disable: async (userId: number) =>
    (await read(client.admin.accounts[':userId'].disable.$post(param(userId)))).account,
  enable: async (userId: number) => (await read(client.admin.accounts[':userId'].enable.$post(param(userId)))).account,
  changeRole: async (userId: number, role: Role) =>
    (await read(client.admin.accounts[':userId'].role.$post({ ...param(userId), json: { role } }))).account,
  endSessions: async (userId: number) =>
    (await read((client.admin.accounts[':userId'] as AccountRoute)['end-sessions'].$post(param(userId)))).ended,
  resetPassword: async (userId: number) =>
    (await read(client.admin.accounts[':userId']['reset-password'].$post(param(userId)))).link,
};

/** Sets a password with the token of a one-time link (no session needed). */
export async function setPasswordWithLink(token: string, password: string): Promise<string> {
  return (await read(client.auth['set-password'].$post({ json: { token, password } }))).username;
}

/** The whole address of a one-time link on this site, as the administrator passes it on. */
export function linkAddress(link: Pick<OneTimeLink, 'path'>): string {
  return new URL(link.path, window.location.origin).href;
}
