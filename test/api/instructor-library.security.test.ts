import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { expectRoutesLikeMissing, MISSING_ID } from '../helpers/refusals.ts';
import { libraryTest as it, membersOf, searchTrainees } from './instructor-library.fixture.ts';

describe('who may read the library', () => {
  it('refuses trainees (403) and anonymous callers (401), who must not learn which labs exist', async ({
    harness,
    tomas,
  }) => {
    const trainee = await harness.signIn(tomas);
    const refused = await trainee.json<ErrorBody>('GET', '/api/instructor/library');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const anonymous = await harness.anonymous().json<ErrorBody>('GET', '/api/instructor/library');
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});

describe('who may search trainees', () => {
  it('refuses anonymous callers and trainees, naming no account', async ({ harness, spring, trainees }) => {
    const anonymous = await searchTrainees(harness.anonymous(), spring.id, 'novak');
    expect(anonymous.status).toBe(401);
    const trainee = await harness.signIn(trainees.tomas);
    await trainee.json('POST', '/api/cohorts/join', { code: spring.joinCode });
    const refused = await searchTrainees(trainee, spring.id, 'novak');
    expect(refused.status).toBe(403);
    for (const response of [anonymous, refused]) expect(response.text).not.toContain('Tamara');
  });

  it('answers another instructor’s cohort exactly as a cohort that does not exist', async ({
    instructor,
    victorsCohort,
    trainees: _made,
  }) => {
    await expectRoutesLikeMissing(
      instructor,
      [['GET', `/api/cohorts/${victorsCohort.id}/trainee-search?q=novak`]],
      [['GET', `/api/cohorts/${MISSING_ID}/trainee-search?q=novak`]],
      [victorsCohort.id],
      ['Tamara', 'Tomas'],
    );
  });

  it('cannot search-and-add into another instructor’s cohort, and adding by name stays an administrator’s', async ({
    harness,
    instructor,
    spring,
    victorsCohort,
    trainees,
  }) => {
    const before = harness.snapshot({ members: 'select * from cohort_members', audit: 'select * from audit_log' });
    const intoVictors = await instructor.json<ErrorBody>('POST', `/api/cohorts/${victorsCohort.id}/members`, {
      username: trainees.tomas.username,
    });
    expect(intoVictors.status).toBe(404);
    // Into her own cohort too: trainees join an instructor's cohort with its code (the cohort access rule).
    const intoOwn = await instructor.json<ErrorBody>('POST', `/api/cohorts/${spring.id}/members`, {
      username: trainees.tomas.username,
    });
    expect([intoOwn.status, intoOwn.body.error.code]).toEqual([403, 'forbidden']);
    expect(harness.snapshot({ members: 'select * from cohort_members', audit: 'select * from audit_log' })).toEqual(
      before,
    );
    expect(membersOf(harness, victorsCohort.id)).toEqual([]);
  });

  it('lets an administrator search any cohort', async ({ adminAgent, victorsCohort, trainees: _made }) => {
    const response = await searchTrainees(adminAgent, victorsCohort.id, 'novak');
    expect(response.status).toBe(200);
    expect(response.body.trainees.map((trainee) => trainee.username)).toEqual(['tamara', 'tomas']);
  });

  it('answers only what the picker shows: no password hash, pseudonym, role or dates', async ({
    instructor,
    spring,
    trainees: _made,
  }) => {
    const response = await searchTrainees(instructor, spring.id, 'novak');
    for (const trainee of response.body.trainees)
      expect(Object.keys(trainee).sort()).toEqual(['displayName', 'id', 'invited', 'member', 'username']);
    expect(response.text).not.toMatch(/scrypt|passwordHash|pseudonym/u);
  });
});

describe('who may preview a lab', () => {
  it('refuses trainees (403) and anonymous callers (401), with or without the reveal switch, showing nothing', async ({
    harness,
    tomas,
  }) => {
    const trainee = await harness.signIn(tomas);
    const lab = harness.library.labs.get('sample-ssh-intrusion')!;
    const explanations = lab.definition.tasks.flatMap((task) => (task.explanation ? [task.explanation] : []));
    for (const query of ['', '?reveal=true']) {
      const path = `/api/instructor/library/labs/sample-ssh-intrusion/preview${query}`;
      const refused = await trainee.json<ErrorBody>('GET', path);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
      const anonymous = await harness.anonymous().json<ErrorBody>('GET', path);
      expect(anonymous.status).toBe(401);
      for (const response of [refused, anonymous]) {
        expect(response.text).not.toContain(lab.definition.tasks[0]!.prompt.slice(0, 40));
        for (const explanation of explanations) expect(response.text).not.toContain(explanation.slice(0, 40));
      }
    }
  });

  it('answers a lab that is not installed with 404, and refuses a malformed id or switch with 400', async ({
    instructor,
  }) => {
    expect((await instructor.json('GET', '/api/instructor/library/labs/not-installed/preview')).status).toBe(404);
    expect((await instructor.json('GET', '/api/instructor/library/labs/..%2Fetc/preview')).status).toBe(400);
    expect(
      (await instructor.json('GET', '/api/instructor/library/labs/sample-ssh-intrusion/preview?reveal=yes')).status,
    ).toBe(400);
  });
});
