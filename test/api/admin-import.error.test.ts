import { describe, expect } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../server/services/admin/account-import.ts';
import { createCohort } from '../../server/services/cohorts/cohorts.ts';
import { adminTest } from './admin-accounts.fixture.ts';
import { csvOf, importCsv, importForReal } from './admin-import.fixture.ts';

const it = adminTest.extend('ines', ({ harness }) => harness.user('ines', 'instructor'));

const HEADER = 'username,display name,role,cohort';

/** Everything an import writes: compared before and after a refused or failed import. */
const written = (harness: { snapshot: (queries: Record<string, string>) => Record<string, unknown[]> }) =>
  harness.snapshot({
    users: 'select * from users order by id',
    links: 'select * from password_links order by token_hash',
    members: 'select * from cohort_members order by cohort_id, user_id',
    audit: 'select * from audit_log order by id',
  });

describe('rows an import refuses, each with its line and why', () => {
  it('malformed rows: the wrong number of cells, and quotes that do not close', async ({ admin }) => {
    const preview = await importCsv(
      admin,
      csvOf(
        HEADER,
        'kofi,Kofi Mensah,trainee,',
        'ama,Ama,Boateng,trainee,',
        'yaw,Yaw Darko',
        'efua,"Efua "E" Ansah",trainee,',
      ),
    );
    expect(preview.status).toBe(200);
    expect(preview.body.accepted.map((row) => row.username)).toEqual(['kofi']);
    expect(preview.body.refused.map((row) => [row.line, row.problems[0]!.field, row.problems[0]!.message])).toEqual([
      [3, null, 'This row has 5 cells and the header 4: quote a cell that holds the delimiter.'],
      [4, null, 'This row has 2 cells and the header 4: quote a cell that holds the delimiter.'],
      [5, null, expect.stringMatching(/^This row cannot be read as CSV \(.+\): check its quotes\.$/u)],
    ]);
  });

  it('usernames that are invalid, taken, or on several rows of the file (every such row)', async ({ admin }) => {
    const preview = await importCsv(
      admin,
      csvOf(
        HEADER,
        'x,Too Short,trainee,',
        ',No Username,trainee,',
        'TOMAS,Tomas Again,trainee,',
        'kofi,Kofi Mensah,trainee,',
        'ama,Ama Boateng,trainee,',
        'Kofi,Kofi Owusu,trainee,',
      ),
    );
    expect(preview.body.accepted.map((row) => row.username)).toEqual(['ama']);
    expect(preview.body.refused.map((row) => [row.line, row.problems])).toEqual([
      [2, [{ field: 'username', message: expect.stringContaining('A username has 2 to 40 characters') }]],
      [3, [{ field: 'username', message: 'Enter a username.' }]],
      [4, [{ field: 'username', message: 'The username “tomas” is taken by an account.' }]],
      [
        5,
        [
          {
            field: 'username',
            message: 'The username “kofi” is on lines 5 and 7 of the file: give each account one row.',
          },
        ],
      ],
      [
        7,
        [
          {
            field: 'username',
            message: 'The username “kofi” is on lines 5 and 7 of the file: give each account one row.',
          },
        ],
      ],
    ]);
  });

  it('unknown roles, missing display names, and every problem of a row at once', async ({ admin }) => {
    const preview = await importCsv(admin, csvOf(HEADER, 'kofi,Kofi,superuser,', 'ama,,,', '!,,Chief,Nowhere'));
    expect(preview.body.refused).toEqual([
      {
        line: 2,
        cells: { username: 'kofi', displayName: 'Kofi', role: 'superuser', cohort: '' },
        problems: [{ field: 'role', message: '“superuser” is not a role: write trainee, instructor and admin.' }],
      },
      {
        line: 3,
        cells: { username: 'ama', displayName: '', role: '', cohort: '' },
        problems: [
          { field: 'displayName', message: 'Enter a display name.' },
          { field: 'role', message: 'Enter a role: trainee, instructor and admin.' },
        ],
      },
      {
        line: 4,
        cells: { username: '!', displayName: '', role: 'Chief', cohort: 'Nowhere' },
        problems: [
          { field: 'username', message: expect.stringContaining('A username has') },
          { field: 'displayName', message: 'Enter a display name.' },
          { field: 'role', message: '“Chief” is not a role: write trainee, instructor and admin.' },
          { field: 'cohort', message: 'There is no cohort named “Nowhere”.' },
        ],
      },
    ]);
  });

  it('cohorts that do not exist, are archived, are named twice, or are given to staff', async ({
    harness,
    admin,
    ines,
  }) => {
    const archived = await createCohort(harness.services, ines, { name: 'Spring 2025' });
    harness.db.$client.prepare('update cohorts set archived_at = ? where id = ?').run(Date.now(), archived.id);
    await createCohort(harness.services, ines, { name: 'Twins' });
    await createCohort(harness.services, ines, { name: 'twins' });
    await createCohort(harness.services, ines, { name: 'Autumn' });
    const preview = await importCsv(
      admin,
      csvOf(
        HEADER,
        'kofi,Kofi,trainee,Winter',
        'ama,Ama,trainee,Spring 2025',
        'yaw,Yaw,trainee,TWINS',
        'victor,Victor,instructor,Autumn',
        'grace,Grace,admin,Autumn',
      ),
    );
    expect(preview.body.accepted).toEqual([]);
    expect(preview.body.refused.map((row) => row.problems)).toEqual([
      [{ field: 'cohort', message: 'There is no cohort named “Winter”.' }],
      [{ field: 'cohort', message: 'The cohort “Spring 2025” is archived: nobody can join it any more.' }],
      [{ field: 'cohort', message: '2 cohorts are named “Twins”: rename one, then import again.' }],
      [
        {
          field: 'cohort',
          message: 'Only trainees can be members of a cohort: leave the cohort empty for an instructor.',
        },
      ],
      [
        {
          field: 'cohort',
          message: 'Only trainees can be members of a cohort: leave the cohort empty for an administrator.',
        },
      ],
    ]);
  });
});

describe('files an import refuses as a whole, writing nothing', () => {
  it('answers 400 for an empty file, a header that lacks columns, names unknown ones or one twice', async ({
    harness,
    admin,
  }) => {
    const before = written(harness);
    const cases: [string, string][] = [
      ['', 'The file is empty: it needs a header row and a row per account.'],
      [
        csvOf('kofi,Kofi Mensah,trainee'),
        'The header row names columns Casebench does not know: “kofi”, “Kofi Mensah” and “trainee”. ' +
          'The columns are username, display name, role and cohort (optional).',
      ],
      [
        csvOf('username,role', 'kofi,trainee'),
        'The first row must be a header naming the columns username, display name and role (cohort is optional), ' +
          'in any order; it lacks “display name”.',
      ],
      [csvOf('username,name,display name,role'), 'The header row names the same column twice: “displayName”.'],
    ];
    for (const [csv, message] of cases)
      for (const dryRun of [true, false]) {
        const refused = await importCsv(admin, csv, dryRun);
        expect({ status: refused.status, error: refused.body.error }).toEqual({
          status: 400,
          error: { code: 'bad_request', message, field: 'csv' },
        });
      }
    const missing = await admin.json('POST', '/api/admin/accounts/import', { dryRun: true });
    expect(missing.status).toBe(400);
    expect(written(harness)).toEqual(before);
  });

  it(`answers 413 for more than ${MAX_IMPORT_ROWS} rows or ${MAX_IMPORT_BYTES / 1024} KB`, async ({
    harness,
    admin,
  }) => {
    const before = written(harness);
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, index) => `u${index},U ${index},trainee`);
    const tooMany = await importForReal(admin, csvOf('username,display name,role', ...rows));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toEqual({
      code: 'payload_too_large',
      message: `An import may have at most ${MAX_IMPORT_ROWS} rows besides the header, and this file has ${MAX_IMPORT_ROWS + 1}: split it and import each part.`,
      field: 'csv',
    });
    const wide = Array.from({ length: 100 }, (_, index) => `u${index},${'é'.repeat(220)},trainee`);
    const tooLarge = await importCsv(admin, csvOf('username,display name,role', ...wide));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toBe(
      `An import file may have at most ${MAX_IMPORT_BYTES / 1024} KB: split the file and import each part.`,
    );
    expect(written(harness)).toEqual(before);
    // Just inside both limits, the file is read.
    const largest = Array.from({ length: MAX_IMPORT_ROWS }, (_, index) => `u${index},U ${index},trainee`);
    expect((await importCsv(admin, csvOf('username,display name,role', ...largest))).body.accepted).toHaveLength(
      MAX_IMPORT_ROWS,
    );
  });
});

describe('one transaction', () => {
  it('an unexpected failure on one row leaves no account, link, membership or audit entry of the file', async ({
    harness,
    admin,
    ines,
  }) => {
    await createCohort(harness.services, ines, { name: 'Autumn' });
    harness.db.$client.exec(
      "create trigger fail_import before insert on users when new.username = 'yaw' begin select raise(abort, 'disk trouble'); end",
    );
    const before = written(harness);
    const csv = csvOf(HEADER, 'kofi,Kofi,trainee,Autumn', 'ama,Ama,trainee,Autumn', 'yaw,Yaw,trainee,Autumn');
    expect((await importCsv(admin, csv)).body.accepted).toHaveLength(3);
    const failed = await importForReal(admin, csv);
    expect(failed.status).toBe(500);
    expect(written(harness)).toEqual(before);
  });
});
