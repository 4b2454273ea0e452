import { expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';

/**
 * The shipped labs and courses, Ines (instructor) with a cohort named "Spring investigators" and
 * no member, Victor (another instructor) with his own cohort, an administrator, and trainees whose
 * display names the picker searches: "Tomas Novak" (tomas), "Tamara Novakova" (tamara) and a
 * disabled "Tobias Novy" (tobias).
 */
export const libraryTest = apiTest
  .extend('labsDir', 'labs')
  .extend('spring', async ({ instructor }) => {
    const response = await instructor.json<{ cohort: { id: number; name: string; joinCode: string } }>(
      'POST',
      '/api/cohorts',
      {
        name: 'Spring investigators',
      },
    );
    expect(response.status).toBe(201);
    return response.body.cohort;
  })
  .extend('victor', ({ harness }) => harness.user('victor', 'instructor'))
  .extend('victorAgent', ({ harness, victor }) => harness.signIn(victor))
  .extend('victorsCohort', async ({ victorAgent }) => {
    const response = await victorAgent.json<{ cohort: { id: number } }>('POST', '/api/cohorts', {
      name: 'Victor’s prosecutors',
    });
    return response.body.cohort;
  })
  .extend('trainees', async ({ harness, tomas }) => {
    const named = (username: string, displayName: string) =>
      harness.db.$client.prepare('update users set display_name = ? where username = ?').run(displayName, username);
    named(tomas.username, 'Tomas Novak');
    const tamara = await harness.user('tamara');
    named('tamara', 'Tamara Novakova');
    const tobias = await harness.user('tobias');
    named('tobias', 'Tobias Novy');
    harness.db.$client.prepare('update users set disabled_at = ? where username = ?').run(Date.now(), 'tobias');
    await harness.user('novak-instructor', 'instructor');
    return { tomas, tamara, tobias };
  });

/** A trainee search in a cohort, raw, so tests can send what the typed client would not. */
export function searchTrainees(agent: Agent, cohortId: number | string, q: string) {
  return agent.json<{ trainees: { id: number; username: string; displayName: string; member: boolean }[] }>(
    'GET',
    `/api/cohorts/${cohortId}/trainee-search?q=${encodeURIComponent(q)}`,
  );
}

/** The cohort's members by username, read from the database. */
export function membersOf(harness: Harness, cohortId: number): string[] {
  return (
    harness.db.$client
      .prepare(
        'select u.username from cohort_members m join users u on u.id = m.user_id where m.cohort_id = ? order by 1',
      )
      .all(cohortId) as { username: string }[]
  ).map((row) => row.username);
}
