import { describe, expect, test } from 'vitest';
import type { Agent } from '../helpers/harness.ts';
import { expectEveryRouteRefused, expectRoutesLikeMissing, MISSING_ID, type Route } from '../helpers/refusals.ts';
import {
  addVariantLab,
  instructorWorld,
  latestSubmissionId,
  play,
  seedVariants,
  type ErrorBody,
  type InstructorWorld,
} from './instructor-fixture.ts';

const FINDINGS = 'Guessing from 203.0.113.77 and no login: my findings.';
const RUBRIC = 'Mentions the guessing and that it failed.';

/** Every instructor dashboard route, with a body where it takes one. */
function dashboardRoutes(cohortId: number | string, userId: number, submissionId: number | string): Route[] {
  return [
    ['GET', `/api/instructor/cohorts/${cohortId}/progress`],
    ['GET', `/api/instructor/cohorts/${cohortId}/trainees/${userId}/submissions`],
    ['GET', `/api/instructor/cohorts/${cohortId}/trainees/${userId}/submissions?labId=api-lab`],
    ['GET', `/api/instructor/cohorts/${cohortId}/analytics`],
    ['GET', `/api/instructor/cohorts/${cohortId}/analytics?labId=api-lab`],
    ['GET', `/api/instructor/cohorts/${cohortId}/reviews`],
    ['GET', `/api/instructor/cohorts/${cohortId}/reviews?status=reviewed`],
    ['GET', `/api/instructor/cohorts/${cohortId}/grades.csv`],
    ['GET', `/api/instructor/cohorts/${cohortId}/audit`],
    ['GET', `/api/instructor/cohorts/${cohortId}/integrity`],
    ['POST', `/api/instructor/reviews/${submissionId}`, { points: 10, comment: 'Forged grade.' }],
  ];
}

/** What a dashboard route could change: compared before and after refused requests. */
function state(world: InstructorWorld) {
  const sqlite = world.harness.db.$client;
  return {
    reviews: sqlite.prepare('select * from reviews').all(),
    results: sqlite.prepare('select * from task_results order by user_id, lab_id, task_id').all(),
    scores: sqlite.prepare('select * from cohort_scores order by cohort_id, user_id').all(),
    attempts: sqlite.prepare('select * from lab_attempts order by user_id, lab_id').all(),
    audit: sqlite.prepare('select count(*) as count from audit_log').get(),
  };
}

/**
 * Ines's cohort: anna handed in a summary (`submissionId`) and gave a wrong address; victor runs
 * no part of it. One world for the file, as the refused requests leave it as it was.
 */
const it = test
  .extend(
    'world',
    { scope: 'file' },
    instructorWorld(['anna', 'ben'], {
      labs: ['api-lab'],
      setUp: (world) =>
        play(world, 'anna', [
          { task: 'attacker-ip', answer: '192.0.2.15' },
          { task: 'summary', answer: FINDINGS },
        ]),
    }),
  )
  .extend('submissionId', { scope: 'file' }, ({ world }) => latestSubmissionId(world, 'anna', 'summary'))
  /** anna tries ben's address in a lab with per-trainee variants, and ben solves his within 2 minutes. */
  .extend(
    'flaggedWorld',
    { scope: 'file' },
    instructorWorld(['anna', 'ben'], {
      labs: ['variant-lab'],
      prepare: (fixture) => addVariantLab(fixture),
      setUp: async (world) => {
        const start = world.harness.now();
        const addresses = seedVariants(world, 'variant-lab', { anna: start, ben: start });
        world.harness.advance(2 * 60_000);
        for (const [username, answer] of [
          ['ben', addresses.ben!],
          ['anna', addresses.ben!],
        ] as const)
          expect(
            (
              await world.agents[username]!.json('POST', '/api/labs/variant-lab/tasks/attacker-ip/submissions', {
                answer,
              })
            ).status,
          ).toBe(201);
        const signals = await world.inesAgent.json<{ answerSharing: unknown[]; fastSolves: unknown[] }>(
          'GET',
          `/api/instructor/cohorts/${world.cohortId}/integrity`,
        );
        expect(signals.body.answerSharing).toHaveLength(1);
        expect(signals.body.fastSolves).toHaveLength(1);
      },
    }),
  );

describe('who may use the instructor dashboard', () => {
  it('anonymous callers get 401 from every route', async ({ world, submissionId }) => {
    const before = state(world);
    await expectEveryRouteRefused(
      world.harness.anonymous(),
      dashboardRoutes(world.cohortId, world.trainees.anna!.id, submissionId),
      { status: 401, code: 'unauthenticated' },
    );
    expect(state(world)).toEqual(before);
  });

  it('a trainee gets 403 from every route, even for their own cohort and their own submission, and learns nothing', async ({
    world,
    submissionId,
  }) => {
    const before = state(world);
    for (const agent of [world.agents.anna!, world.agents.ben!])
      await expectEveryRouteRefused(
        agent,
        dashboardRoutes(world.cohortId, world.trainees.anna!.id, submissionId),
        { status: 403, code: 'forbidden' },
        [FINDINGS, RUBRIC, '192.0.2.15'],
      );
    expect(state(world)).toEqual(before);
  });

  it('a trainee gets the same 403 for cohorts and submissions that do not exist, so ids reveal nothing', async ({
    world,
  }) => {
    await expectEveryRouteRefused(world.agents.anna!, dashboardRoutes(MISSING_ID, MISSING_ID, MISSING_ID), {
      status: 403,
      code: 'forbidden',
    });
  });

  it('another instructor gets 404 on every route of the cohort, exactly as for a cohort or submission that does not exist', async ({
    world,
    submissionId,
  }) => {
    const before = state(world);
    await expectRoutesLikeMissing(
      world.victorAgent,
      dashboardRoutes(world.cohortId, world.trainees.anna!.id, submissionId),
      dashboardRoutes(MISSING_ID, world.trainees.anna!.id, MISSING_ID),
      [world.cohortId, submissionId],
      [FINDINGS, RUBRIC],
    );
    expect(state(world)).toEqual(before);
  });

  it('another instructor cannot grade the submission even after the trainee joins their own cohort', async ({
    world,
    submissionId,
  }) => {
    const own = await world.victorAgent.json<{ cohort: { id: number; joinCode: string } }>('POST', '/api/cohorts', {
      name: "Victor's cohort",
    });
    const ownId = own.body.cohort.id;
    world.harness.advance(60_000);
    expect(
      (await world.agents.anna!.json('POST', '/api/cohorts/join', { code: own.body.cohort.joinCode })).status,
    ).toBe(200);
    expect(
      (await world.victorAgent.json('POST', `/api/cohorts/${ownId}/assignments`, { labId: 'api-lab' })).status,
    ).toBe(201);
    const before = state(world);

    const graded = await world.victorAgent.json<ErrorBody>('POST', `/api/instructor/reviews/${submissionId}`, {
      points: 10,
      comment: 'Forged grade.',
    });
    expect(graded.status).toBe(404);
    expect(graded.body.error.message).toBe('There is no such answer to grade.');
    expect(state(world)).toEqual(before);

    // What anna answered through Ines's cohort stays there.
    const queue = await world.victorAgent.json<{ entries: unknown[] }>(
      'GET',
      `/api/instructor/cohorts/${ownId}/reviews`,
    );
    expect(queue.body.entries).toEqual([]);
    const history = await world.victorAgent.json<{ submissions: unknown[] }>(
      'GET',
      `/api/instructor/cohorts/${ownId}/trainees/${world.trainees.anna!.id}/submissions`,
    );
    expect(history.status).toBe(200);
    expect(history.body.submissions).toEqual([]);
    const analytics = await world.victorAgent.json('GET', `/api/instructor/cohorts/${ownId}/analytics`);
    expect(analytics.status).toBe(200);
    for (const response of [queue, history, analytics]) {
      expect(response.text).not.toContain(FINDINGS);
      expect(response.text).not.toContain('192.0.2.15');
    }
  });

  it("the cohort's instructor and an administrator are let in on every route", async ({ world, submissionId }) => {
    const admin = await world.harness.user('root-admin', 'admin');
    const adminAgent = await world.harness.signIn(admin);
    for (const agent of [world.inesAgent, adminAgent]) {
      for (const [method, path] of dashboardRoutes(world.cohortId, world.trainees.anna!.id, submissionId).filter(
        ([method]) => method === 'GET',
      )) {
        const response = await agent.request(path);
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 200 });
      }
    }
  });
});

describe('integrity signals are for the instructor only', () => {
  it('a trainee gets 403 from the integrity route, flagged or not', async ({ flaggedWorld: world }) => {
    for (const agent of [world.agents.anna!, world.agents.ben!]) {
      const response = await agent.json<ErrorBody>('GET', `/api/instructor/cohorts/${world.cohortId}/integrity`);
      expect(response.status).toBe(403);
      expect(response.text).not.toMatch(/answerSharing|fastSolves/u);
    }
  });

  it('no route a trainee can reach shows a flag or who was flagged with them', async ({ flaggedWorld: world }) => {
    const traineeRoutes = [
      '/api/auth/me',
      '/api/catalogue',
      '/api/labs/variant-lab',
      '/api/labs/variant-lab/tasks/attacker-ip/submissions',
      '/api/labs/variant-lab/notes',
      '/api/scoreboard',
      `/api/scoreboard/${world.cohortId}`,
      `/api/scoreboard/${world.cohortId}/chart`,
    ];
    const pairs: [Agent, string][] = [
      [world.agents.anna!, 'ben display'],
      [world.agents.ben!, 'anna display'],
    ];
    for (const [agent, other] of pairs)
      for (const path of traineeRoutes) {
        const response = await agent.json('GET', path);
        expect({ path, status: response.status < 500 }).toEqual({ path, status: true });
        expect(response.text, path).not.toMatch(
          /answerSharing|fastSolves|minPlausibleMinutes|integrity|implausib|shar(ed|ing) answer/iu,
        );
        expect(response.text, path).not.toContain(other);
      }
  });
});
