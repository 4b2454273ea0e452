import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import type { LabFixture } from '../helpers/lab-fixtures.ts';
import { read } from '../helpers/read.ts';

/*
 * The format features of issue #15 as a trainee meets them: typographic dashes and quotes, accounts
 * and domain names, through the real app. The unit tables in test/unit/grading cover the cases.
 */

/** api-lab from the template plus one task of each new kind, a text task with a hyphenated name and a BIND-log timestamp. */
async function addFormatLab(fixture: LabFixture): Promise<void> {
  await fixture.addLab('api-lab');
  await fixture.edit(
    'api-lab',
    '        - 192.0.2.15',
    `        - 192.0.2.15
  - id: account
    title: Account
    prompt: Which account signed in?
    points: 10
    answer:
      kind: account
      expected: 'COURT\\a.horvat'
      domains: [[COURT, court.example]]
  - id: domain
    title: Domain
    prompt: Which domain did the link point to?
    points: 10
    answer: { kind: domain, expected: invoice-portal.example }
  - id: name
    title: Name
    prompt: Who owns the device?
    points: 10
    answer: { kind: text, expected: "Ana-Maria O'Neill" }
  - id: query-time
    title: Query time
    prompt: When did the resolver log the query?
    points: 10
    answer:
      kind: timestamp
      expected: 2026-03-28T08:14:02Z
      zone: "+01:00"
      formats: [dd-MMM-yyyy HH:mm:ss.SSS]`,
  );
}

const it = apiTest.extend('labsDir', labsFolder(addFormatLab));

function submit(as: Agent, taskId: string, answer: string) {
  return read(
    as.api.labs[':labId'].tasks[':taskId'].submissions.$post({ param: { labId: 'api-lab', taskId }, json: { answer } }),
  );
}

async function answerShape(as: Agent, taskId: string) {
  const view = await read(as.api.labs[':labId'].$get({ param: { labId: 'api-lab' } }));
  return view.body.lab.tasks.find((task) => task.id === taskId)!.answer;
}

describe('account answers', () => {
  it('shows an account field that reveals neither the account nor the domains', async ({ trainee }) => {
    expect(await answerShape(trainee, 'account')).toEqual({ kind: 'account' });
  });

  it('accepts the UPN of a declared domain and rejects the same user elsewhere', async ({ trainee }) => {
    const wrong = await submit(trainee, 'account', 'REGISTRY\\a.horvat');
    expect(wrong.body.submission).toMatchObject({ verdict: 'incorrect' });
    const right = await submit(trainee, 'account', 'A.Horvat@COURT.example');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
  });

  it('refuses what is no account without counting it as an attempt', async ({ trainee }) => {
    const refused = await submit(trainee, 'account', 'COURT\\a\\horvat');
    expect(refused.status).toBe(422);
  });
});

describe('domain answers', () => {
  it('shows a domain field that reveals nothing', async ({ trainee }) => {
    expect(await answerShape(trainee, 'domain')).toEqual({ kind: 'domain' });
  });

  it('accepts a defanged URL of the domain', async ({ trainee }) => {
    const right = await submit(trainee, 'domain', 'hxxps://Invoice-Portal[.]example/login');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
  });
});

describe('timestamps in the author’s format and a fixed offset', () => {
  it('shows the offset as the task’s zone and nothing of the format or the moment', async ({ trainee }) => {
    expect(await answerShape(trainee, 'query-time')).toEqual({
      kind: 'timestamp',
      zone: '+01:00',
      precision: 'second',
    });
  });

  it('accepts a time copied from the BIND log', async ({ trainee }) => {
    const right = await submit(trainee, 'query-time', '28-Mar-2026 09:14:02.123');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
  });
});

describe('typography in text answers', () => {
  it('reads an en dash and a curly apostrophe as their plain forms', async ({ trainee }) => {
    const right = await submit(trainee, 'name', 'Ana\u2013Maria O\u2019Neill');
    expect(right.body.submission).toMatchObject({ verdict: 'correct' });
  });
});
