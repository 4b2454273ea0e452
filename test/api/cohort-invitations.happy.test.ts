// Invitations: an instructor finds a trainee in the picker and invites them; the trainee accepts on their
// start page and is then a member, as with the join code (the cohort access rule of issue #11).
import { describe, expect } from 'vitest';
import { addApiTestCourse } from './cohort-fixture.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';

const it = apiTest
  .extend('labsDir', labsFolder(addApiTestCourse))
  .extend('mira', ({ harness }) => harness.user('mira'))
  .extend('miraAgent', ({ harness, mira }) => harness.signIn(mira));

describe('inviting a trainee', () => {
  it('makes them a member only once they accept, and the picker says where each stands', async ({
    harness,
    cohort,
    instructor,
    mira,
    miraAgent,
  }) => {
    const invited = await instructor.json<{ invitation: { id: number; expiresAt: string } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      { userId: mira.id },
    );
    expect(invited.status).toBe(201);
    expect(new Date(invited.body.invitation.expiresAt).getTime() - harness.now().getTime()).toBe(30 * 24 * 3600_000);
    expect(harness.count('cohort_members', 'user_id = ?', mira.id)).toBe(0);

    const search = await instructor.json<{ trainees: { username: string; member: boolean; invited: boolean }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/trainee-search?q=mi`,
    );
    expect(search.body.trainees).toEqual([expect.objectContaining({ username: 'mira', member: false, invited: true })]);
    const pending = await instructor.json<{ invitations: { username: string }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/invitations`,
    );
    expect(pending.body.invitations.map((row) => row.username)).toEqual(['mira']);

    const mine = await miraAgent.json<{ invitations: { id: number; cohortName: string; invitedBy: string }[] }>(
      'GET',
      '/api/cohorts/invitations',
    );
    expect(mine.body.invitations).toEqual([
      expect.objectContaining({ id: invited.body.invitation.id, cohortName: cohort.name, invitedBy: 'ines display' }),
    ]);
    // Before accepting, the cohort's lab is not hers.
    expect((await miraAgent.json('GET', '/api/labs/api-lab')).status).toBe(404);

    const accepted = await miraAgent.json<{ cohort: { id: number } }>(
      'POST',
      `/api/cohorts/invitations/${invited.body.invitation.id}/accept`,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.cohort.id).toBe(cohort.id);
    expect(harness.count('cohort_members', 'cohort_id = ? and user_id = ?', cohort.id, mira.id)).toBe(1);
    expect((await miraAgent.json('GET', '/api/labs/api-lab')).status).toBe(200);
    expect(
      (await miraAgent.json<{ invitations: unknown[] }>('GET', '/api/cohorts/invitations')).body.invitations,
    ).toEqual([]);
    expect(
      harness.count(
        'audit_log',
        "action in ('cohort.invite', 'cohort.add_member') and subject = ?",
        `cohort:${cohort.id}`,
      ),
    ).toBe(2);
  });

  it('leaves them out when they decline, and lets the instructor invite again later', async ({
    harness,
    cohort,
    instructor,
    mira,
    miraAgent,
  }) => {
    const first = await instructor.json<{ invitation: { id: number } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      {
        userId: mira.id,
      },
    );
    expect((await miraAgent.json('POST', `/api/cohorts/invitations/${first.body.invitation.id}/decline`)).status).toBe(
      200,
    );
    expect(harness.count('cohort_members', 'user_id = ?', mira.id)).toBe(0);
    expect(harness.count('audit_log', "action = 'cohort.decline_invitation'")).toBe(1);
    const again = await instructor.json('POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id });
    expect(again.status).toBe(201);
  });

  it('can be withdrawn before it is answered, and then cannot be accepted', async ({
    harness,
    cohort,
    instructor,
    mira,
    miraAgent,
  }) => {
    const invited = await instructor.json<{ invitation: { id: number } }>(
      'POST',
      `/api/cohorts/${cohort.id}/invitations`,
      { userId: mira.id },
    );
    const id = invited.body.invitation.id;
    expect((await instructor.json('DELETE', `/api/cohorts/${cohort.id}/invitations/${id}`)).status).toBe(200);
    const late = await miraAgent.json<{ error: { code: string; message: string } }>(
      'POST',
      `/api/cohorts/invitations/${id}/accept`,
    );
    expect(late.status).toBe(404);
    expect(late.body.error.message).toMatch(/no longer open/u);
    expect(harness.count('cohort_members', 'user_id = ?', mira.id)).toBe(0);
  });

  it('expires after thirty days unanswered, after which a new one can be sent', async ({
    harness,
    cohort,
    ines,
    mira,
  }) => {
    const invite = (agent: Awaited<ReturnType<typeof harness.signIn>>) =>
      agent.json<{ invitation: { id: number } }>('POST', `/api/cohorts/${cohort.id}/invitations`, { userId: mira.id });
    const open = async (agent: Awaited<ReturnType<typeof harness.signIn>>) =>
      (await agent.json<{ invitations: unknown[] }>('GET', '/api/cohorts/invitations')).body.invitations;
    const invited = await invite(await harness.signIn(ines));
    expect(await open(await harness.signIn(mira))).toHaveLength(1);
    await harness.advance(30 * 24 * 3600_000 + 1000);
    // Sessions end sooner than invitations: both sign in again.
    const miraAgent = await harness.signIn(mira);
    expect(await open(miraAgent)).toEqual([]);
    expect((await miraAgent.json('POST', `/api/cohorts/invitations/${invited.body.invitation.id}/accept`)).status).toBe(
      404,
    );
    expect(harness.count('cohort_members', 'user_id = ?', mira.id)).toBe(0);
    expect((await invite(await harness.signIn(ines))).status).toBe(201);
  });
});
