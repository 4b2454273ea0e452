import { describe, expect, test } from 'vitest';
import type { Agent } from '../helpers/harness.ts';
import { joinTraineesNamed } from '../helpers/display-names.ts';
import { read } from '../helpers/read.ts';
import {
  ANNA_SUMMARY,
  instructorWorld,
  playScenario,
  SCENARIO_TRAINEES,
  type InstructorWorld,
} from './instructor-fixture.ts';

const START = Date.parse('2024-04-01T09:00:00Z');
const scenario = instructorWorld(SCENARIO_TRAINEES, { setUp: playScenario });
/** The dashboard's reads leave the cohort as it was: one scenario for the whole file. */
const it = test.extend('world', { scope: 'file' }, scenario);
/** Tests that add trainees get a scenario of their own. */
const itOnFreshScenario = test.extend('world', scenario);

const cohortParam = (world: InstructorWorld) => ({ cohortId: String(world.cohortId) });
/** The instructor routes of the world's cohort, as Ines (or another agent) calls them. */
const dashboard = (world: InstructorWorld, agent: Agent = world.inesAgent) => agent.api.instructor.cohorts[':cohortId'];

async function history(world: InstructorWorld, username: string, query: { labId?: string } = {}) {
  const response = await read(
    dashboard(world).trainees[':userId'].submissions.$get({
      param: { ...cohortParam(world), userId: String(world.trainees[username]!.id) },
      query,
    }),
  );
  expect(response.status).toBe(200);
  return response;
}

describe('the dashboard of a cohort with known work', () => {
  describe('progress', () => {
    it('shows every member against every assigned lab with settled tasks, points, and time spent', async ({
      world,
    }) => {
      const response = await read(dashboard(world).progress.$get({ param: cohortParam(world) }));
      expect(response.status).toBe(200);
      const { labs, trainees } = response.body;
      expect(labs.map((lab) => [lab.id, lab.tasksTotal, lab.maxPoints])).toEqual([
        ['api-lab', 3, 40],
        ['api-lab-2', 3, 40],
      ]);
      expect(trainees.map((trainee) => trainee.username)).toEqual(['anna', 'ben', 'carla', 'dora', 'emil']);
      const summary = trainees.map((trainee) => [
        trainee.username,
        trainee.points,
        ...trainee.cells.map(
          (cell) =>
            `${cell.labId}: ${cell.tasksSettled}/${cell.tasksTotal} settled, ${cell.tasksSolved} solved, ${cell.points}/${cell.maxPoints}, ${cell.started ? 'started' : 'not started'}, ${cell.completed ? 'complete' : 'incomplete'}, ${cell.minutesSpent} min`,
        ),
      ]);
      expect(summary).toEqual([
        [
          'anna',
          40,
          'api-lab: 3/3 settled, 2 solved, 30/40, started, complete, 4 min',
          'api-lab-2: 1/3 settled, 1 solved, 10/40, started, incomplete, 1 min',
        ],
        [
          'ben',
          8,
          'api-lab: 2/3 settled, 1 solved, 8/40, started, incomplete, 6 min',
          'api-lab-2: 0/3 settled, 0 solved, 0/40, not started, incomplete, null min',
        ],
        [
          'carla',
          17,
          'api-lab: 2/3 settled, 2 solved, 17/40, started, incomplete, 5 min',
          'api-lab-2: 0/3 settled, 0 solved, 0/40, not started, incomplete, null min',
        ],
        // The malformed answer at minute 7 is no attempt and moves no task result: the last activity is minute 6.
        [
          'dora',
          0,
          'api-lab: 0/3 settled, 0 solved, 0/40, started, incomplete, 6 min',
          'api-lab-2: 0/3 settled, 0 solved, 0/40, not started, incomplete, null min',
        ],
        [
          'emil',
          0,
          'api-lab: 0/3 settled, 0 solved, 0/40, not started, incomplete, null min',
          'api-lab-2: 0/3 settled, 0 solved, 0/40, not started, incomplete, null min',
        ],
      ]);
      const anna = trainees[0]!.cells[0]!;
      expect(new Date(anna.completedAt!).getTime() - new Date(anna.startedAt!).getTime()).toBe(4 * 60_000);
      expect(anna.lastActivityAt).toBe(anna.completedAt);
      expect(trainees[4]!.cells[0]).toMatchObject({ startedAt: null, completedAt: null, lastActivityAt: null });
    });
  });

  describe("one trainee's submissions", () => {
    it('lists every answer newest first with how it was checked', async ({ world }) => {
      const response = await history(world, 'dora');
      expect(response.status).toBe(200);
      expect(response.body.trainee.username).toBe('dora');
      const rows = response.body.submissions;
      expect(rows).toHaveLength(7);
      expect(rows[0]).toMatchObject({
        labId: 'api-lab',
        labTitle: 'New lab api-lab',
        labVersion: 1,
        taskId: 'attacker-ip',
        taskTitle: 'Attacking address',
        answer: 'somewhere in Belgium',
        normalizedAnswer: null,
        verdict: 'invalid',
        countsAsAttempt: false,
        review: null,
      });
      expect(rows[1]).toMatchObject({
        answer: '192.0.2.20',
        normalizedAnswer: '192.0.2.20',
        verdict: 'incorrect',
        score: 0,
        pointsAwarded: 0,
        countsAsAttempt: true,
      });
      expect(rows.map((row) => row.createdAt)).toEqual([...rows.map((row) => row.createdAt)].sort().reverse());
    });

    it('narrows the history to one lab', async ({ world }) => {
      const all = await history(world, 'anna');
      const second = await history(world, 'anna', { labId: 'api-lab-2' });
      expect(all.body.submissions).toHaveLength(5);
      expect(second.body.submissions).toEqual([
        expect.objectContaining({ labId: 'api-lab-2', verdict: 'correct', score: 1, pointsAwarded: 10 }),
      ]);
    });
  });

  describe('analytics', () => {
    async function analytics(world: InstructorWorld, query: { labId?: string } = {}) {
      const response = await read(dashboard(world).analytics.$get({ param: cohortParam(world), query }));
      expect(response.status).toBe(200);
      return response.body;
    }

    it('computes attempts, solve rates, median attempts and hint use per task', async ({ world }) => {
      const body = await analytics(world);
      expect(body.members).toBe(5);
      const [ip, attempts, summary] = body.labs[0]!.tasks;
      // Attempted by anna, ben, carla, dora; solved by anna (2 attempts), ben (3), carla (1): median 2.
      expect(ip).toMatchObject({
        id: 'attacker-ip',
        kind: 'ip',
        attemptedBy: 4,
        solvedBy: 3,
        solveRate: { ofAttempted: 0.75, ofMembers: 0.6 },
        medianAttemptsToSolve: 2,
      });
      expect(ip!.hints).toEqual({ available: 1, traineesWithHints: 1, shareOfMembers: 0.2, unlocks: 1 });
      // Attempted by anna, ben, carla; solved by anna (1 attempt) and carla (2): median 1.5.
      expect(attempts).toMatchObject({ id: 'attempts', attemptedBy: 3, solvedBy: 2, medianAttemptsToSolve: 1.5 });
      expect(attempts!.solveRate.ofAttempted).toBeCloseTo(2 / 3, 10);
      expect(attempts!.solveRate.ofMembers).toBe(0.4);
      expect(attempts!.hints).toEqual({ available: 2, traineesWithHints: 1, shareOfMembers: 0.2, unlocks: 2 });
      // Only anna handed in the summary, and it waits for review.
      expect(summary).toMatchObject({
        id: 'summary',
        kind: 'manual',
        attemptedBy: 1,
        solvedBy: 0,
        solveRate: { ofAttempted: 0, ofMembers: 0 },
        medianAttemptsToSolve: null,
        wrongAnswers: [],
      });
    });

    it('lists the five wrong answers given by most trainees, malformed answers left out', async ({ world }) => {
      const [ip, attempts] = (await analytics(world)).labs[0]!.tasks;
      expect(ip!.wrongAnswers).toEqual([
        { answer: '192.0.2.15', count: 3, trainees: 3 },
        { answer: '10.0.0.1', count: 1, trainees: 1 },
        { answer: '192.0.2.16', count: 1, trainees: 1 },
        { answer: '192.0.2.17', count: 1, trainees: 1 },
        { answer: '192.0.2.18', count: 1, trainees: 1 },
      ]);
      expect(attempts!.wrongAnswers).toEqual([
        { answer: '3', count: 2, trainees: 2 },
        { answer: '4', count: 1, trainees: 1 },
      ]);
    });

    it('narrows to one lab, and reports no rate where nobody attempted', async ({ world }) => {
      const body = await analytics(world, { labId: 'api-lab-2' });
      expect(body.labs.map((lab) => lab.id)).toEqual(['api-lab-2']);
      expect(body.labs[0]!.tasks[0]).toMatchObject({
        attemptedBy: 1,
        solvedBy: 1,
        solveRate: { ofAttempted: 1, ofMembers: 0.2 },
        medianAttemptsToSolve: 1,
      });
      expect(body.labs[0]!.tasks[1]).toMatchObject({
        attemptedBy: 0,
        solvedBy: 0,
        solveRate: { ofAttempted: null, ofMembers: 0 },
        medianAttemptsToSolve: null,
        wrongAnswers: [],
      });
    });
  });

  describe('the review queue', () => {
    it('holds the manual answer waiting for review, with the prompt, rubric and points to give', async ({ world }) => {
      const reviews = (query: { status?: 'reviewed' } = {}) =>
        read(dashboard(world).reviews.$get({ param: cohortParam(world), query }));
      const response = await reviews();
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('pending');
      expect(response.body.entries).toEqual([
        expect.objectContaining({
          status: 'pending',
          labVersion: 1,
          trainee: expect.objectContaining({ username: 'anna', displayName: 'anna display' }),
          lab: { id: 'api-lab', title: 'New lab api-lab' },
          task: {
            id: 'summary',
            title: 'Summary for the prosecutor',
            prompt: 'Summarise what happened in two sentences.',
            rubric: 'Mentions the guessing and that it failed.',
            maxPoints: 10,
          },
          answer: ANNA_SUMMARY,
          points: 0,
          review: null,
        }),
      ]);
      const reviewed = await reviews({ status: 'reviewed' });
      expect(reviewed.body.entries).toEqual([]);
    });
  });

  describe('the audit log', () => {
    it('lists what happened in the cohort, newest first, with who did it', async ({ world }) => {
      const audit = (query: { limit?: string } = {}) =>
        read(dashboard(world).audit.$get({ param: cohortParam(world), query }));
      const response = await audit();
      expect(response.status).toBe(200);
      const entries = response.body.entries;
      expect(entries.every((entry) => entry.subject === `cohort:${world.cohortId}`)).toBe(true);
      expect(entries.map((entry) => entry.action).reverse()).toEqual([
        'cohort.create',
        ...SCENARIO_TRAINEES.map(() => 'cohort.join'),
        'cohort.assign',
        'cohort.assign',
      ]);
      expect(entries[0]!.actor).toEqual(expect.objectContaining({ username: 'ines', displayName: 'ines display' }));
      const limited = await audit({ limit: '2' });
      expect(limited.body.entries).toEqual(entries.slice(0, 2));
    });
  });

  describe('integrity signals', () => {
    it('finds nothing in labs without variants or a plausible minimum time', async ({ world }) => {
      const response = await read(dashboard(world).integrity.$get({ param: cohortParam(world) }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ answerSharing: [], fastSolves: [] });
    });
  });
});

describe('grades as CSV', () => {
  /** The response, whether it starts with a UTF-8 byte-order mark, and the text after it. */
  async function download(world: InstructorWorld, agent?: Agent) {
    const response = await dashboard(world, agent)['grades.csv'].$get({ param: cohortParam(world) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { response, bom, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(bom ? 3 : 0)) };
  }

  itOnFreshScenario(
    'has one row per trainee, a column of points per assigned lab, and the total, as an attachment',
    async ({ world }) => {
      const { response, bom, text } = await download(world);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="grades-cohort-of-ines-${new Date(START).toISOString().slice(0, 10)}.csv"`,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(bom).toBe(true);
      expect(text.split('\r\n')).toEqual([
        '"Display name","Username","New lab api-lab","New lab api-lab-2","Total"',
        '"anna display","anna",30,10,40',
        '"ben display","ben",8,0,8',
        '"carla display","carla",17,0,17',
        '"dora display","dora",0,0,0',
        '"emil display","emil",0,0,0',
        '',
      ]);
    },
  );

  itOnFreshScenario(
    'quotes commas, quotes and line breaks, and keeps names that look like formulas as text',
    async ({ world }) => {
      const names = [
        '=HYPERLINK("http://evil.example","Grades")',
        '+1+1',
        '-2+3',
        '@SUM(A1:A9)',
        '\tTabbed',
        'Doe, "JD"\nJane',
      ];
      await joinTraineesNamed(world.harness, world.joinCode, names);
      const { text } = await download(world);
      const rows = text.split('\r\n');
      expect(rows).toContain('"\'=HYPERLINK(""http://evil.example"",""Grades"")","odd0",0,0,0');
      expect(rows).toContain('"\'+1+1","odd1",0,0,0');
      expect(rows).toContain('"\'-2+3","odd2",0,0,0');
      expect(rows).toContain('"\'@SUM(A1:A9)","odd3",0,0,0');
      expect(rows).toContain('"\'\tTabbed","odd4",0,0,0');
      // A line break inside a quoted field is part of the field, not the end of the row.
      expect(text).toContain('"Doe, ""JD""\nJane","odd5",0,0,0\r\n');
    },
  );

  itOnFreshScenario('can be downloaded by an administrator too', async ({ world }) => {
    const admin = await world.harness.signIn(await world.harness.user('root-admin', 'admin'));
    const { response, text } = await download(world, admin);
    expect(response.status).toBe(200);
    expect(text).toContain('"anna display","anna",30,10,40');
  });
});
