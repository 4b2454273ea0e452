// Who may invite, see, withdraw and answer invitations: only the cohort's staff invite and withdraw,
// only the invited trainee answers, and nobody learns of another cohort's or trainee's invitations.
import { describe, expect } from 'vitest';
import { addApiTestCourse } from './cohort-fixture.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';

const it = apiTest
  .extend('labsDir', labsFolder(addApiTestCourse))
  .extend('mira', ({ harness }) => harness.user('mira'))
  .extend('miraAgent', ({ harness, mira }) => harness.signIn(mira))
  .extend('victor', ({ harness }) => harness.user('victor', 'instructor'))
  .extend('victorAgent', ({ harness, victor }) => harness.signIn(victor))
  .extend('invitationId', async ({ cohort, instructor, mira }) => {
    const invited = await instructor.json<{ invitation: { id: number } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      { userId: mira.id },
    );
    expect(invited.status).toBe(201);
    return invited.body.invitation.id;
  });

const state = (harness: { snapshot: (queries: Record<string, string>) => Record<string, unknown[]> }) =>
  harness.snapshot({
    invitations: 'select id, cohort_id, user_id, ended_at, ended_because from cohort_invitations order by id',
    members: 'select cohort_id, user_id from cohort_members order by 1, 2',
  });

describe('invitations refused', () => {
  it('to anonymous callers on every route', async ({ harness, cohort, mira, invitationId }) => {
    const before = state(harness);
    const anonymous = harness.anonymous();
    for (const [method, path, body] of [
      ['GET', '/api/cohorts/invitations'],
      ['POST', `/api/cohorts/invitations/${invitationId}/accept`],
      ['POST', `/api/cohorts/invitations/${invitationId}/decline`],
      ['GET', `/api/cohorts/${cohort.id}/invitations`],
      ['POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id }],
      ['DELETE', `/api/cohorts/${cohort.id}/invitations/${invitationId}`],
    ] as const)
      expect((await anonymous.json(method, path, body)).status, `${method} ${path}`).toBe(401);
    expect(state(harness)).toEqual(before);
  });

  it('to another instructor, for whom the cohort does not exist', async ({
    harness,
    cohort,
    mira,
    victorAgent,
    invitationId,
  }) => {
    const before = state(harness);
    expect((await victorAgent.json('GET', `/api/cohorts/${cohort.id}/invitations`)).status).toBe(404);
    expect((await victorAgent.json('POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id })).status).toBe(
      404,
    );
    expect((await victorAgent.json('DELETE', `/api/cohorts/${cohort.id}/invitations/${invitationId}`)).status).toBe(
      404,
    );
    expect(state(harness)).toEqual(before);
  });

  it('to a trainee answering another trainee’s invitation, or inviting anyone', async ({
    harness,
    cohort,
    trainee,
    mira,
    invitationId,
  }) => {
    const before = state(harness);
    // Tomas is a member already; Mira's invitation does not exist for him.
    expect((await trainee.json('POST', `/api/cohorts/invitations/${invitationId}/accept`)).status).toBe(404);
    expect((await trainee.json('POST', `/api/cohorts/invitations/${invitationId}/decline`)).status).toBe(404);
    expect(
      (await trainee.json<{ invitations: unknown[] }>('GET', '/api/cohorts/invitations')).body.invitations,
    ).toEqual([]);
    expect((await trainee.json('POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id })).status).toBe(403);
    expect(state(harness)).toEqual(before);
  });

  it('to staff answering invitations: they are not members of cohorts', async ({
    harness,
    instructor,
    invitationId,
  }) => {
    const before = state(harness);
    expect((await instructor.json('GET', '/api/cohorts/invitations')).status).toBe(403);
    expect((await instructor.json('POST', `/api/cohorts/invitations/${invitationId}/accept`)).status).toBe(403);
    expect(state(harness)).toEqual(before);
  });

  it('for accounts that are not active trainees, all with one message', async ({
    harness,
    cohort,
    instructor,
    victor,
  }) => {
    const disabled = await harness.user('gone');
    harness.db.$client.prepare('update users set disabled_at = ? where id = ?').run(Date.now(), disabled.id);
    const messages = new Set<string>();
    for (const userId of [victor.id, disabled.id, 987_654]) {
      const refused = await instructor.json<{ error: { code: string; message: string } }>(
        'POST',
        `/api/cohorts/${cohort.id}/invitations`,
        { userId },
      );
      expect(refused.status).toBe(404);
      messages.add(refused.body.error.message);
    }
    expect([...messages]).toEqual(['There is no active trainee with this account.']);
    expect(harness.count('cohort_invitations')).toBe(0);
  });
});

describe('invitations that cannot be sent', () => {
  it('to a member, twice, or with a malformed body', async ({ harness, cohort, instructor, tomas, mira }) => {
    const member = await instructor.json<{ error: { code: string; message: string } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      { userId: tomas.id },
    );
    expect(member.status).toBe(409);
    expect(member.body.error.message).toMatch(/already a member/u);
    expect((await instructor.json('POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id })).status).toBe(
      201,
    );
    const twice = await instructor.json<{ error: { message: string } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      {
        userId: mira.id,
      },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already been invited/u);
    const malformed = await instructor.json<{ error: { code: string; message: string } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      { userId: 'mira' },
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/userId/u);
    expect(harness.count('cohort_invitations')).toBe(1);
  });
});
