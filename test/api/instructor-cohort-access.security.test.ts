import { describe, expect, test } from 'vitest';
import { instructorWorld, play } from './instructor-fixture.ts';

const MINUTE = 60_000;
const FINDINGS = 'Guessing from 203.0.113.77 and no login: findings written for Ines.';
/** What anna and ben did in Ines's cohort before joining Victor's: none of it may reach Victor. */
const EARLIER_WORK = ['192.0.2.15', '203.0.113.77', FINDINGS];

interface Progress {
  trainees: {
    username: string;
    points: number;
    cells: { labId: string; points: number; tasksSettled: number; started: boolean; lastActivityAt: string | null }[];
  }[];
}
interface Analytics {
  labs: {
    id: string;
    tasks: { id: string; attemptedBy: number; solvedBy: number; hints: { unlocks: number }; wrongAnswers: unknown[] }[];
  }[];
}
interface Board {
  rows: { name: string; points: number; tasksSolved: number; labPoints: number[] }[];
}

/**
 * Ines's cohort has api-lab and api-lab-2; anna works on both there (a wrong and a right address
 * with a hint, a written summary, api-lab-2's address) and ben solves api-lab's address. Victor then
 * runs a cohort with the same two labs: anna joins it with its code, an administrator adds ben.
 */
const it = test
  .extend(
    'world',
    { scope: 'file' },
    instructorWorld(['anna', 'ben'], {
      setUp: async (world) => {
        await play(world, 'anna', [
          { task: 'attacker-ip', answer: '192.0.2.15' },
          { task: 'attacker-ip', hint: 0 },
          { task: 'attacker-ip', answer: '203.0.113.77' },
          { task: 'summary', answer: FINDINGS },
        ]);
        await play(world, 'anna', [{ task: 'attacker-ip', answer: '203.0.113.77' }], 'api-lab-2');
        await play(world, 'ben', [{ task: 'attacker-ip', answer: '203.0.113.77' }]);
      },
    }),
  )
  .extend('victorsCohort', { scope: 'file' }, async ({ world }) => {
    const created = await world.victorAgent.json<{ cohort: { id: number; joinCode: string } }>('POST', '/api/cohorts', {
      name: "Victor's cohort",
    });
    const victorsCohort = created.body.cohort.id;
    for (const labId of ['api-lab', 'api-lab-2'])
      expect(
        (await world.victorAgent.json('POST', `/api/cohorts/${victorsCohort}/assignments`, { labId })).status,
      ).toBe(201);
    expect(
      (await world.victorAgent.json('PATCH', `/api/scoreboard/${victorsCohort}/settings`, { visibility: 'names' }))
        .status,
    ).toBe(200);
    world.harness.advance(MINUTE);
    expect(
      (await world.agents.anna!.json('POST', '/api/cohorts/join', { code: created.body.cohort.joinCode })).status,
    ).toBe(200);
    const adminAgent = await world.harness.signIn(await world.harness.user('root-admin', 'admin'));
    expect((await adminAgent.json('POST', `/api/cohorts/${victorsCohort}/members`, { username: 'ben' })).status).toBe(
      201,
    );
    return victorsCohort;
  });

/** Every view Victor has of his cohort, by name. */
function victorsViews(cohortId: number, traineeIds: number[]): Record<string, string> {
  return {
    progress: `/api/instructor/cohorts/${cohortId}/progress`,
    ...Object.fromEntries(
      traineeIds.map((id) => [`history of ${id}`, `/api/instructor/cohorts/${cohortId}/trainees/${id}/submissions`]),
    ),
    submissions: `/api/cohorts/${cohortId}/submissions`,
    analytics: `/api/instructor/cohorts/${cohortId}/analytics`,
    'pending reviews': `/api/instructor/cohorts/${cohortId}/reviews`,
    'reviewed reviews': `/api/instructor/cohorts/${cohortId}/reviews?status=reviewed`,
    grades: `/api/instructor/cohorts/${cohortId}/grades.csv`,
    integrity: `/api/instructor/cohorts/${cohortId}/integrity`,
    audit: `/api/instructor/cohorts/${cohortId}/audit`,
    scoreboard: `/api/scoreboard/${cohortId}`,
    chart: `/api/scoreboard/${cohortId}/chart`,
    'scoreboard csv': `/api/scoreboard/${cohortId}/csv`,
  };
}

describe('an instructor whose cohort a trainee joins later', () => {
  it('sees nothing the trainee earned before joining, in any view', async ({ world, victorsCohort }) => {
    const { anna, ben } = world.trainees;
    for (const [view, path] of Object.entries(victorsViews(victorsCohort, [anna!.id, ben!.id]))) {
      const response = await world.victorAgent.json('GET', path);
      expect({ view, status: response.status }).toEqual({ view, status: 200 });
      for (const earlier of EARLIER_WORK) expect(response.text, `${view} shows ${earlier}`).not.toContain(earlier);
    }

    const progress = (
      await world.victorAgent.json<Progress>('GET', `/api/instructor/cohorts/${victorsCohort}/progress`)
    ).body;
    for (const trainee of progress.trainees) {
      expect(trainee.points, trainee.username).toBe(0);
      for (const cell of trainee.cells)
        expect(cell, `${trainee.username} ${cell.labId}`).toMatchObject({
          points: 0,
          tasksSettled: 0,
          started: false,
          lastActivityAt: null,
        });
    }
    const analytics = (
      await world.victorAgent.json<Analytics>('GET', `/api/instructor/cohorts/${victorsCohort}/analytics`)
    ).body;
    for (const task of analytics.labs.flatMap((lab) => lab.tasks))
      expect(task, task.id).toMatchObject({
        attemptedBy: 0,
        solvedBy: 0,
        hints: expect.objectContaining({ unlocks: 0 }),
        wrongAnswers: [],
      });
    for (const id of [anna!.id, ben!.id]) {
      const history = await world.victorAgent.json<{ submissions: unknown[] }>(
        'GET',
        `/api/instructor/cohorts/${victorsCohort}/trainees/${id}/submissions`,
      );
      expect(history.body.submissions).toEqual([]);
    }
    const reviews = await world.victorAgent.json<{ entries: unknown[] }>(
      'GET',
      `/api/instructor/cohorts/${victorsCohort}/reviews`,
    );
    expect(reviews.body.entries).toEqual([]);
    const grades = await (
      await world.victorAgent.request(`/api/instructor/cohorts/${victorsCohort}/grades.csv`)
    ).text();
    expect(grades).toContain('"anna display","anna",0,0,0');
    expect(grades).toContain('"ben display","ben",0,0,0');
    const board = (await world.victorAgent.json<Board>('GET', `/api/scoreboard/${victorsCohort}`)).body;
    // Members without points rank by user id, and the fixture creates users in parallel: sorted by name here.
    expect(board.rows.map((row) => [row.name, row.points, row.tasksSolved, row.labPoints]).sort()).toEqual([
      ['anna display', 0, 0, [0, 0]],
      ['ben display', 0, 0, [0, 0]],
    ]);
    const chart = await world.victorAgent.json<{ series: unknown[] }>('GET', `/api/scoreboard/${victorsCohort}/chart`);
    expect(chart.body.series).toEqual([]);
  });

  it('does not see it on a frozen board either', async ({ world, victorsCohort }) => {
    expect(
      (
        await world.victorAgent.json('PATCH', `/api/scoreboard/${victorsCohort}/settings`, {
          freezeAt: world.harness.now().toISOString(),
        })
      ).status,
    ).toBe(200);
    try {
      const board = (await world.agents.anna!.json<Board>('GET', `/api/scoreboard/${victorsCohort}`)).body;
      expect(board.rows.map((row) => [row.name, row.points, row.labPoints]).sort()).toEqual([
        ['anna display', 0, [0, 0]],
        ['ben display', 0, [0, 0]],
      ]);
    } finally {
      expect(
        (await world.victorAgent.json('PATCH', `/api/scoreboard/${victorsCohort}/settings`, { freezeAt: null })).status,
      ).toBe(200);
    }
  });

  it('sees what the trainee does after joining, on the labs both cohorts share, and so does the first instructor', async ({
    world,
    victorsCohort,
  }) => {
    await play(world, 'anna', [{ task: 'attempts', answer: '2' }]);
    const anna = world.trainees.anna!;
    const progress = (
      await world.victorAgent.json<Progress>('GET', `/api/instructor/cohorts/${victorsCohort}/progress`)
    ).body;
    const row = progress.trainees.find((trainee) => trainee.username === 'anna')!;
    expect(row.points).toBe(20);
    expect(row.cells.map((cell) => [cell.labId, cell.points, cell.tasksSettled])).toEqual([
      ['api-lab', 20, 1],
      ['api-lab-2', 0, 0],
    ]);
    const history = await world.victorAgent.json<{ submissions: { taskId: string; answer: unknown }[] }>(
      'GET',
      `/api/instructor/cohorts/${victorsCohort}/trainees/${anna.id}/submissions`,
    );
    expect(history.body.submissions.map((submission) => [submission.taskId, submission.answer])).toEqual([
      ['attempts', '2'],
    ]);
    const board = (await world.victorAgent.json<Board>('GET', `/api/scoreboard/${victorsCohort}`)).body;
    expect(board.rows[0]).toMatchObject({ name: 'anna display', points: 20, tasksSolved: 1, labPoints: [20, 0] });

    const ines = (await world.inesAgent.json<Progress>('GET', `/api/instructor/cohorts/${world.cohortId}/progress`))
      .body;
    const inesRow = ines.trainees.find((trainee) => trainee.username === 'anna')!;
    expect(inesRow.cells.find((cell) => cell.labId === 'api-lab')!.tasksSettled).toBe(3);
  });
});
