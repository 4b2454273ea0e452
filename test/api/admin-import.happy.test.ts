import { describe, expect } from 'vitest';
import { createCohort } from '../../server/services/cohorts/cohorts.ts';
import { NEW_PASSWORD, adminTest, auditOf, setPassword, signInStatus } from './admin-accounts.fixture.ts';
import { csvOf, importCsv, importForReal } from './admin-import.fixture.ts';

const it = adminTest.extend('ines', ({ harness }) => harness.user('ines', 'instructor'));

describe('the preview of an import', () => {
  it('reads a header in any order and case, and tells what each row would create, writing nothing', async ({
    harness,
    admin,
    ines,
  }) => {
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn intake' });
    const before = harness.snapshot({ users: 'select * from users', audit: 'select * from audit_log' });
    const preview = await importCsv(
      admin,
      csvOf(
        'Cohort,ROLE,Display Name,username',
        'autumn intake,trainee,Nadia Osei,N.Osei',
        ',Instructor,Victor Hale,victor',
        ',administrator,"Hale, Grace",grace',
      ),
    );
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual({
      dryRun: true,
      rows: 3,
      accepted: [
        {
          line: 2,
          username: 'n.osei',
          displayName: 'Nadia Osei',
          role: 'trainee',
          cohort: { id: cohort.id, name: 'Autumn intake' },
        },
        { line: 3, username: 'victor', displayName: 'Victor Hale', role: 'instructor', cohort: null },
        { line: 4, username: 'grace', displayName: 'Hale, Grace', role: 'admin', cohort: null },
      ],
      refused: [],
    });
    expect(harness.snapshot({ users: 'select * from users', audit: 'select * from audit_log' })).toEqual(before);
  });

  it('takes a file saved with semicolons and a byte-order mark, skipping blank rows', async ({ admin }) => {
    const preview = await importCsv(admin, `\uFEFFusername;display name;role\n\nkofi;Kofi Mensah;trainee\n;;\n`);
    expect(preview.body.accepted).toEqual([
      { line: 3, username: 'kofi', displayName: 'Kofi Mensah', role: 'trainee', cohort: null },
    ]);
    expect(preview.body.refused).toEqual([]);
  });

  it('takes a row that stops before the optional cohort at the end, without its comma', async ({ admin }) => {
    const preview = await importCsv(admin, csvOf('username,display name,role,cohort', 'kofi,Kofi Mensah,trainee'));
    expect(preview.body.accepted).toEqual([
      { line: 2, username: 'kofi', displayName: 'Kofi Mensah', role: 'trainee', cohort: null },
    ]);
    expect(preview.body.refused).toEqual([]);
  });
});

describe('an import for real', () => {
  it('creates every acceptable row with a one-time link, puts trainees in their cohort and reports refusals', async ({
    harness,
    admin,
    ada,
    ines,
  }) => {
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn intake' });
    const report = await importForReal(
      admin,
      csvOf(
        'username,display name,role,cohort',
        'kofi,Kofi Mensah,trainee,Autumn intake',
        'tomas,Someone Else,trainee,',
        'victor,Victor Hale,instructor,',
      ),
    );
    expect(report.status, report.text).toBe(200);
    expect(report.body.dryRun).toBe(false);
    expect(report.body.created.map((row) => [row.line, row.username, row.role, row.cohort?.name ?? null])).toEqual([
      [2, 'kofi', 'trainee', 'Autumn intake'],
      [4, 'victor', 'instructor', null],
    ]);
    expect(report.body.refused).toEqual([
      {
        line: 3,
        cells: { username: 'tomas', displayName: 'Someone Else', role: 'trainee', cohort: '' },
        problems: [{ field: 'username', message: 'The username “tomas” is taken by an account.' }],
      },
    ]);
    const [kofi, victor] = report.body.created;
    expect(kofi!.link).toMatchObject({ purpose: 'new_account', path: `/set-password#${kofi!.link.token}` });
    expect(new Date(kofi!.link.expiresAt).getTime() - harness.now().getTime()).toBe(72 * 3_600_000);
    expect(kofi!.link.token).not.toBe(victor!.link.token);
    expect(harness.count('cohort_members', 'cohort_id = ? and user_id = ?', cohort.id, kofi!.id)).toBe(1);

    // Each link opens its own account, and only that one.
    expect((await setPassword(harness, kofi!.link.token)).body).toEqual({ ok: true, username: 'kofi' });
    expect(await signInStatus(harness, 'kofi', NEW_PASSWORD)).toBe(200);
    expect(await signInStatus(harness, 'victor', NEW_PASSWORD)).toBe(401);

    expect(auditOf(harness, victor!.id)).toEqual([
      { action: 'user.create', actor_id: ada.id },
      { action: 'user.password_link', actor_id: ada.id },
    ]);
    const summary = harness.db.$client
      .prepare("select actor_id, subject, details from audit_log where action = 'user.import'")
      .all() as { actor_id: number; subject: string; details: string }[];
    expect(summary.map((row) => ({ ...row, details: JSON.parse(row.details) }))).toEqual([
      { actor_id: ada.id, subject: 'accounts', details: { rows: 3, created: 2, refused: 1, refusedLines: [3] } },
    ]);
    expect(harness.count('audit_log', "action = 'cohort.add_member' and subject = ?", `cohort:${cohort.id}`)).toBe(1);
  });

  it('checks the rows again when it runs: an account made since the preview is refused, not doubled', async ({
    harness,
    admin,
  }) => {
    const csv = csvOf('username,display name,role', 'kofi,Kofi Mensah,trainee', 'ama,Ama Boateng,trainee');
    expect((await importCsv(admin, csv)).body.accepted).toHaveLength(2);
    await harness.user('kofi');
    const report = await importForReal(admin, csv);
    expect(report.body.created.map((row) => row.username)).toEqual(['ama']);
    expect(report.body.refused.map((row) => row.line)).toEqual([2]);
    expect(harness.count('users', "username = 'kofi'")).toBe(1);
  });
});

describe("the administrator's start page", () => {
  it('counts accounts by role, disabled and waiting, and lists every cohort with its instructor, members and labs', async ({
    harness,
    admin,
    ines,
    tomas,
  }) => {
    const cohort = await harness.cohort(ines, [tomas], []);
    const old = await createCohort(harness.services, ines, { name: 'Archived one' });
    harness.db.$client.prepare('update cohorts set archived_at = ? where id = ?').run(harness.now().getTime(), old.id);
    await importForReal(admin, csvOf('username,display name,role', 'kofi,Kofi,trainee'));
    await admin.json('POST', `/api/admin/accounts/${tomas.id}/disable`);
    const overview = await admin.json<{
      accounts: unknown;
      cohorts: {
        name: string;
        instructor: { username: string };
        members: number;
        labs: number;
        archivedAt: string | null;
      }[];
      library: { labs: unknown[]; failed: unknown[] };
    }>('GET', '/api/admin/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.accounts).toEqual({
      total: 4,
      byRole: { admin: 1, instructor: 1, trainee: 2 },
      disabled: 1,
      waitingForPassword: 1,
    });
    expect(overview.body.cohorts).toEqual([
      expect.objectContaining({ id: cohort.id, name: cohort.name, members: 1, labs: 0, archivedAt: null }),
      expect.objectContaining({ name: 'Archived one', members: 0, archivedAt: harness.now().toISOString() }),
    ]);
    expect(overview.body.cohorts[0]!.instructor).toEqual({
      id: ines.id,
      username: 'ines',
      displayName: 'ines display',
    });
    expect(overview.body.library).toMatchObject({ labs: [], failed: [] });
  });

  it('pages the whole audit log newest first, with who did it and the name of what it was about', async ({
    harness,
    admin,
    ada,
    tomas,
  }) => {
    await admin.json('POST', `/api/admin/accounts/${tomas.id}/disable`);
    await admin.json('POST', `/api/admin/accounts/${tomas.id}/enable`);
    const first = await admin.json<{
      entries: { action: string; subject: string; subjectName: string | null; actor: { username: string } | null }[];
      total: number;
    }>('GET', '/api/admin/audit?limit=2');
    const total = harness.count('audit_log');
    expect(first.body.total).toBe(total);
    expect(first.body.entries.map((entry) => [entry.action, entry.subjectName, entry.actor?.username])).toEqual([
      ['user.enable', 'tomas', ada.username],
      ['user.disable', 'tomas', ada.username],
    ]);
    const rest = await admin.json<{ entries: { action: string }[]; offset: number }>(
      'GET',
      `/api/admin/audit?limit=200&offset=2`,
    );
    expect(rest.body.entries).toHaveLength(total - 2);
  });
});

describe('an import into a cohort', () => {
  it("tells the cohort's open boards about each new member once, after the import is committed", async ({
    harness,
    admin,
    ines,
  }) => {
    const cohort = await createCohort(harness.services, ines, { name: 'Autumn intake' });
    const told: [number[], number[] | undefined][] = [];
    const listener = (cohortIds: number[], userIds?: number[]) => told.push([cohortIds, userIds]);
    harness.services.events.on('scores-changed', listener);
    try {
      const report = await importForReal(
        admin,
        csvOf(
          'username,display name,role,cohort',
          'kofi,Kofi Mensah,trainee,Autumn intake',
          'victor,Victor Hale,instructor,',
        ),
      );
      expect(report.status, report.text).toBe(200);
      const kofi = report.body.created.find((row) => row.username === 'kofi')!;
      expect(told).toEqual([[[cohort.id], [kofi.id]]]);
    } finally {
      harness.services.events.off('scores-changed', listener);
    }
  });
});
