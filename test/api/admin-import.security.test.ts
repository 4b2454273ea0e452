import { describe, expect } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { expectCrossSitePostRefused, expectEveryRouteRefused, type Route } from '../helpers/refusals.ts';
import { adminTest } from './admin-accounts.fixture.ts';
import { csvOf, importForReal } from './admin-import.fixture.ts';

const it = adminTest.extend('ines', ({ harness }) => harness.user('ines', 'instructor'));

const CSV = csvOf('username,display name,role', 'mallory,Mallory,admin');

/** The import (preview and real run), the start page and the audit log. */
const ROUTES: Route[] = [
  ['POST', '/api/admin/accounts/import', { csv: CSV, dryRun: true }],
  ['POST', '/api/admin/accounts/import', { csv: CSV, dryRun: false }],
  ['GET', '/api/admin/overview'],
  ['GET', '/api/admin/audit'],
  ['GET', '/api/admin/audit?limit=5&offset=5'],
];

function state(harness: Harness) {
  return harness.snapshot({
    users: 'select * from users order by id',
    links: 'select * from password_links order by token_hash',
    audit: 'select * from audit_log order by id',
  });
}

describe('who may import accounts and read the start page and the audit log', () => {
  it('refuses anonymous callers with 401, trainees and instructors with 403, creating nobody', async ({
    harness,
    tomas,
    ines,
  }) => {
    const before = state(harness);
    await expectEveryRouteRefused(harness.anonymous(), ROUTES, { status: 401, code: 'unauthenticated' }, ['mallory']);
    for (const user of [tomas, ines])
      await expectEveryRouteRefused(await harness.signIn(user), ROUTES, { status: 403, code: 'forbidden' }, [
        'mallory',
        'ines display',
      ]);
    expect(state(harness)).toEqual(before);
  });

  it('lets an administrator through', async ({ admin }) => {
    const statuses = [];
    for (const [method, path, body] of ROUTES) statuses.push((await admin.json(method, path, body)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('refuses cross-site and non-JSON imports, creating nobody', async ({ harness, admin }) => {
    const before = state(harness);
    await expectCrossSitePostRefused(admin, '/api/admin/accounts/import');
    const forged = await admin.request('/api/admin/accounts/import', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ csv: CSV, dryRun: false }),
    });
    expect(forged.status).toBe(403);
    // A form or a file posted as CSV from another page is not JSON: refused before it is read.
    for (const type of ['text/csv', 'text/plain', 'multipart/form-data; boundary=x'])
      expect(
        (
          await admin.request('/api/admin/accounts/import', {
            method: 'POST',
            headers: { 'content-type': type },
            body: CSV,
          })
        ).status,
      ).toBe(415);
    expect(state(harness)).toEqual(before);
  });
});

describe('what the answers hold', () => {
  it('one-time tokens are in the import report only: stored as hashes, never in the audit log or the preview', async ({
    harness,
    admin,
  }) => {
    const report = await importForReal(
      admin,
      csvOf('username,display name,role', 'kofi,Kofi,trainee', 'ama,Ama,trainee'),
    );
    const tokens = report.body.created.map((row) => row.link.token);
    expect(tokens).toHaveLength(2);
    const audit = await admin.json('GET', '/api/admin/audit?limit=200');
    const tables = JSON.stringify(
      harness.snapshot({ links: 'select * from password_links', audit: 'select * from audit_log' }),
    );
    for (const token of tokens) {
      expect(audit.text).not.toContain(token);
      expect(tables).not.toContain(token);
    }
  });

  it('the start page names no password hash, join code or token', async ({ harness, admin, ines }) => {
    const { createCohort } = await import('../../server/services/cohorts/cohorts.ts');
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn' });
    const overview = await admin.json('GET', '/api/admin/overview');
    expect(overview.text).not.toContain(cohort.joinCode);
    expect(overview.text).not.toMatch(/password_?hash|scrypt|token/iu);
  });
});
