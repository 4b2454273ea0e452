import { parse } from 'csv-parse/sync';
import type { Scoreboard, ScoreboardRow } from '../../server/services/scoreboard/scoreboard.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinCohort, removeMember } from '../../server/services/cohorts/cohorts.ts';
import { reviewManualAnswer } from '../../server/services/instructor/review-manual-answer.ts';
import type { Actor } from '../../server/services/context.ts';
import { HEARTBEAT_MS } from '../../server/routes/scoreboard.ts';
import { SCOREBOARD_NOTICE_INTERVAL_MS } from '../../server/services/scoreboard/stream.ts';
import { EventStream, type ServerSentEvent } from '../helpers/event-stream.ts';
import { joinTraineesNamed } from '../helpers/display-names.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { createInstructorWorld, disposeWorld, type InstructorWorld } from './instructor-fixture.ts';

let world: InstructorWorld;
let harness: Harness;
let ines: Actor;
let ana: Actor;
let ben: Actor;
let cleo: Actor;
let inesAgent: Agent;
let anaAgent: Agent;
let benAgent: Agent;
let cleoAgent: Agent;
let cohortId: number;
let joinCode: string;

/** Ines's cohort with Ana, Ben and Cleo, api-lab and api-lab-2 assigned, everyone signed in (Victor too). */
beforeEach(async () => {
  world = await createInstructorWorld(['ana', 'ben', 'cleo']);
  ({ harness, ines, inesAgent, cohortId, joinCode } = world);
  ({ ana, ben, cleo } = world.trainees as Record<'ana' | 'ben' | 'cleo', Actor>);
  ({ ana: anaAgent, ben: benAgent, cleo: cleoAgent } = world.agents as Record<'ana' | 'ben' | 'cleo', Agent>);
});
afterEach(() => disposeWorld(world));

// The JSON shapes of the board are the service's types (dates arrive as ISO strings, as typed).
type Row = ScoreboardRow;
type Board = Scoreboard;
interface Chart {
  frozen: boolean;
  view: string;
  series: { rank: number; name: string; points: number; me: boolean; steps: [string, number][] }[];
}

const ANSWERS: Record<string, string> = { 'attacker-ip': '203.0.113.77', attempts: '2' };

async function solve(agent: Agent, taskId: string, labId = 'api-lab'): Promise<void> {
  const response = await agent.json<{ submission: { verdict: string } }>(
    'POST',
    `/api/labs/${labId}/tasks/${taskId}/submissions`,
    { answer: ANSWERS[taskId] },
  );
  expect(response.status, response.text).toBe(201);
  expect(response.body.submission.verdict).toBe('correct');
}

async function answerWrongly(agent: Agent, taskId: string, labId = 'api-lab'): Promise<void> {
  const response = await agent.json('POST', `/api/labs/${labId}/tasks/${taskId}/submissions`, {
    answer: taskId === 'attempts' ? '7' : '192.0.2.15',
  });
  expect(response.status, response.text).toBe(201);
}

async function board(agent: Agent, query = ''): Promise<Board> {
  const response = await agent.json<Board>('GET', `/api/scoreboard/${cohortId}${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

async function settings(body: Record<string, unknown>, agent = inesAgent) {
  const response = await agent.json<{ settings: { visibility: string; freezeAt: string | null } }>(
    'PATCH',
    `/api/scoreboard/${cohortId}/settings`,
    body,
  );
  expect(response.status, response.text).toBe(200);
  return response.body.settings;
}

const summary = (rows: Row[]) => rows.map((row) => [row.rank, row.name, row.points]);

describe('the list of scoreboards', () => {
  it('shows a trainee the cohorts they belong to, an instructor their own and an admin all, with the settings', async () => {
    const other = await harness.cohort(world.victor, [cleo], []);
    const admin = await harness.signIn(await harness.user('root', 'admin'));

    const names = async (agent: Agent) =>
      (await agent.json<{ cohorts: { id: number; name: string }[] }>('GET', '/api/scoreboard')).body.cohorts.map(
        (cohort) => cohort.id,
      );
    expect(await names(anaAgent)).toEqual([cohortId]);
    expect(await names(cleoAgent)).toEqual([cohortId, other.id]);
    expect(await names(inesAgent)).toEqual([cohortId]);
    expect(await names(admin)).toEqual([cohortId, other.id]);

    const listed = await anaAgent.api.scoreboard.$get();
    expect((await listed.json()).cohorts[0]).toEqual({
      id: cohortId,
      name: 'Cohort of ines',
      visibility: 'pseudonyms',
      freezeAt: null,
      archived: false,
    });
  });
});

describe('the ranking', () => {
  beforeEach(() => settings({ visibility: 'names' }));

  it('orders members by points, counts solved tasks and shows the points per assigned lab', async () => {
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(anaAgent, 'attempts');
    await harness.advance(60_000);
    await solve(benAgent, 'attacker-ip', 'api-lab-2');

    const view = await board(inesAgent);
    expect(view.labs.map((lab) => lab.id)).toEqual(['api-lab', 'api-lab-2']);
    expect(view.total).toBe(3);
    expect(view.frozen).toBe(false);
    expect(view.view).toBe('full');
    expect(
      view.rows.map((row) => ({
        rank: row.rank,
        name: row.name,
        points: row.points,
        tasksSolved: row.tasksSolved,
        labPoints: row.labPoints,
        lastScoredAt: row.lastScoredAt,
      })),
    ).toEqual([
      {
        rank: 1,
        name: 'ana display',
        points: 30,
        tasksSolved: 2,
        labPoints: [30, 0],
        lastScoredAt: '2024-04-01T09:01:00.000Z',
      },
      {
        rank: 2,
        name: 'ben display',
        points: 10,
        tasksSolved: 1,
        labPoints: [0, 10],
        lastScoredAt: '2024-04-01T09:02:00.000Z',
      },
      { rank: 3, name: 'cleo display', points: 0, tasksSolved: 0, labPoints: [0, 0], lastScoredAt: null },
    ]);
  });

  it('drops a removed member with their points and leaves the others untouched; back in, the member counts from their new joining', async () => {
    await solve(anaAgent, 'attacker-ip');
    await solve(anaAgent, 'attempts');
    await solve(benAgent, 'attacker-ip', 'api-lab-2');
    const removed = await inesAgent.json('DELETE', `/api/cohorts/${cohortId}/members/${ana.id}`);
    expect(removed.status, removed.text).toBeLessThan(300);
    expect(summary((await board(inesAgent)).rows)).toEqual([
      [1, 'ben display', 10],
      [2, 'cleo display', 0],
    ]);

    await harness.advance(1_000);
    const joined = await anaAgent.json('POST', '/api/cohorts/join', { code: joinCode });
    expect(joined.status, joined.text).toBe(200);
    // What ana earned before she left is no longer the cohort's: only what she does from now on counts.
    expect((await board(inesAgent)).rows.map((row) => [row.name, row.points, row.tasksSolved, row.labPoints])).toEqual([
      ['ben display', 10, 1, [0, 10]],
      ['ana display', 0, 0, [0, 0]],
      ['cleo display', 0, 0, [0, 0]],
    ]);
    await solve(anaAgent, 'attacker-ip', 'api-lab-2');
    expect((await board(inesAgent)).rows.map((row) => [row.name, row.points, row.tasksSolved, row.labPoints])).toEqual([
      ['ben display', 10, 1, [0, 10]],
      ['ana display', 10, 1, [0, 10]],
      ['cleo display', 0, 0, [0, 0]],
    ]);
  });

  it('ranks who reached a score first above a later member with the same points', async () => {
    await solve(cleoAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(benAgent, 'attacker-ip');
    expect(summary((await board(inesAgent)).rows)).toEqual([
      [1, 'cleo display', 10],
      [2, 'ana display', 10],
      [3, 'ben display', 10],
    ]);

    // Ana goes ahead, then Cleo reaches the same total later and ranks below her.
    await harness.advance(1_000);
    await solve(anaAgent, 'attempts');
    await harness.advance(1_000);
    await solve(cleoAgent, 'attempts');
    expect(summary((await board(inesAgent)).rows)).toEqual([
      [1, 'ana display', 30],
      [2, 'cleo display', 30],
      [3, 'ben display', 10],
    ]);
  });

  it('breaks a tie at the same moment by user id and ranks members without points after everyone with some', async () => {
    await solve(benAgent, 'attacker-ip');
    await solve(anaAgent, 'attacker-ip');
    // A wrong answer leaves Cleo at 0 points, among the members who have none.
    await answerWrongly(cleoAgent, 'attacker-ip');
    const view = await board(inesAgent);
    expect(summary(view.rows)).toEqual([
      [1, 'ana display', 10],
      [2, 'ben display', 10],
      [3, 'cleo display', 0],
    ]);
  });

  it('always includes the caller’s own row, flagged, with its rank even below the limit', async () => {
    const dan = await harness.user('dan');
    await joinCohort(harness.services, dan, joinCode);
    const danAgent = await harness.signIn(dan);
    await solve(anaAgent, 'attacker-ip');
    await solve(anaAgent, 'attempts');
    await harness.advance(1_000);
    await solve(benAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(cleoAgent, 'attacker-ip', 'api-lab-2');

    const scored = await board(cleoAgent, '?limit=1');
    expect(scored.total).toBe(4);
    expect(scored.rows.map((row) => [row.rank, row.name, row.points, row.me, row.labPoints])).toEqual([
      [1, 'ana display', 30, false, [30, 0]],
      [3, 'cleo display', 10, true, [0, 10]],
    ]);

    const unscored = await board(danAgent, '?limit=2');
    expect(unscored.rows.map((row) => [row.rank, row.name, row.points, row.me])).toEqual([
      [1, 'ana display', 30, false],
      [2, 'ben display', 10, false],
      [4, 'dan display', 0, true],
    ]);
    expect(unscored.rows[2]).toMatchObject({ userId: dan.id, lastScoredAt: null, tasksSolved: 0 });

    // Inside the limit the own row is not repeated.
    const inside = await board(anaAgent, '?limit=2');
    expect(inside.rows.map((row) => [row.rank, row.me])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('gives the rank of a member without points from their place among the members without points', async () => {
    const extra: Actor[] = [];
    for (const name of ['dan', 'eva', 'fritz']) extra.push(await harness.user(name));
    for (const user of extra) await joinCohort(harness.services, user, joinCode);
    await solve(benAgent, 'attacker-ip');
    const fritzAgent = await harness.signIn(extra[2]!);
    const view = await board(fritzAgent, '?limit=2');
    // Ben first; then ana, cleo, dan, eva, fritz by user id.
    expect(view.rows.map((row) => [row.rank, row.name])).toEqual([
      [1, 'ben display'],
      [2, 'ana display'],
      [6, 'fritz display'],
    ]);
    const full = await board(inesAgent);
    expect(full.rows.map((row) => row.name)).toEqual([
      'ben display',
      'ana display',
      'cleo display',
      'dan display',
      'eva display',
      'fritz display',
    ]);
    expect(full.rows.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('can be read through the typed client', async () => {
    await solve(anaAgent, 'attacker-ip');
    const response = await anaAgent.api.scoreboard[':cohortId'].$get({
      param: { cohortId: String(cohortId) },
      query: { limit: '10' },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.rows[0]).toMatchObject({ rank: 1, name: 'ana display', points: 10, me: true });
  });
});

describe('visibility', () => {
  beforeEach(async () => {
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(benAgent, 'attacker-ip');
  });

  it('shows display names to everyone in names mode', async () => {
    await settings({ visibility: 'names' });
    const view = await board(cleoAgent);
    expect(view.rows.map((row) => [row.name, row.userId, row.pseudonym])).toEqual([
      ['ana display', null, null],
      ['ben display', null, null],
      ['cleo display', cleo.id, expect.any(String)],
    ]);
  });

  it('shows pseudonyms to trainees in pseudonym mode, with their own display name and pseudonym on their own row', async () => {
    const pseudonymOf = (user: Actor) =>
      (harness.db.$client.prepare('select pseudonym from users where id = ?').get(user.id) as { pseudonym: string })
        .pseudonym;
    const view = await board(benAgent);
    expect(view.cohort.visibility).toBe('pseudonyms');
    expect(view.rows.map((row) => [row.name, row.pseudonym, row.me])).toEqual([
      [pseudonymOf(ana), null, false],
      ['ben display', pseudonymOf(ben), true],
      [pseudonymOf(cleo), null, false],
    ]);
  });

  it('gives a trainee only their own row and rank when the board is hidden, and the instructor the full board with real names', async () => {
    await settings({ visibility: 'hidden' });
    const own = await board(benAgent);
    expect(own.view).toBe('own-row');
    expect(own.total).toBe(3);
    expect(own.rows).toEqual([
      {
        rank: 2,
        userId: ben.id,
        name: 'ben display',
        pseudonym: expect.any(String),
        points: 10,
        tasksSolved: 1,
        lastScoredAt: '2024-04-01T09:00:01.000Z',
        labPoints: [10, 0],
        me: true,
      },
    ]);
    const full = await board(inesAgent);
    expect(full.view).toBe('full');
    expect(full.rows.map((row) => [row.name, row.userId])).toEqual([
      ['ana display', ana.id],
      ['ben display', ben.id],
      ['cleo display', cleo.id],
    ]);
  });
});

describe('settings', () => {
  it('are changed by the instructor and recorded in the audit log with the old and new values', async () => {
    const changed = await settings({ visibility: 'hidden', freezeAt: '2024-04-01T12:00:00+02:00' });
    expect(changed).toEqual({ visibility: 'hidden', freezeAt: '2024-04-01T10:00:00.000Z' });
    await settings({ freezeAt: null });
    const audit = harness.db.$client
      .prepare(
        "select actor_id as actorId, subject, details from audit_log where action = 'scoreboard.settings' order by id",
      )
      .all() as { actorId: number; subject: string; details: string }[];
    expect(audit.map((entry) => ({ ...entry, details: JSON.parse(entry.details) as unknown }))).toEqual([
      {
        actorId: ines.id,
        subject: `cohort:${cohortId}`,
        details: {
          before: { visibility: 'pseudonyms', freezeAt: null },
          after: { visibility: 'hidden', freezeAt: '2024-04-01T10:00:00.000Z' },
        },
      },
      {
        actorId: ines.id,
        subject: `cohort:${cohortId}`,
        details: {
          before: { visibility: 'hidden', freezeAt: '2024-04-01T10:00:00.000Z' },
          after: { visibility: 'hidden', freezeAt: null },
        },
      },
    ]);
    expect((await board(anaAgent)).cohort).toMatchObject({ visibility: 'hidden', freezeAt: null });
  });

  it('can be changed by an administrator', async () => {
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    expect(await settings({ visibility: 'names' }, admin)).toEqual({ visibility: 'names', freezeAt: null });
  });
});

describe('the freeze', () => {
  beforeEach(async () => {
    await settings({ visibility: 'names' });
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(benAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(benAgent, 'attempts');
  });

  it('shows trainees the board as it stood at the freeze while the instructor sees the live one', async () => {
    const beforeFreeze = await board(anaAgent);
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(60_000);
    await solve(anaAgent, 'attempts');
    await harness.advance(60_000);
    await solve(cleoAgent, 'attacker-ip', 'api-lab-2');

    const frozen = await board(anaAgent);
    expect(frozen.frozen).toBe(true);
    expect(frozen.cohort.freezeAt).toBe('2024-04-01T09:02:00.000Z');
    expect(frozen.rows).toEqual(beforeFreeze.rows);
    expect(summary(frozen.rows)).toEqual([
      [1, 'ben display', 30],
      [2, 'ana display', 10],
      [3, 'cleo display', 0],
    ]);

    const live = await board(inesAgent);
    expect(live.frozen).toBe(false);
    // Ana caught up with Ben's 30 points after him, so she ranks below him.
    expect(summary(live.rows)).toEqual([
      [1, 'ben display', 30],
      [2, 'ana display', 30],
      [3, 'cleo display', 10],
    ]);

    // Lifting the freeze shows trainees the live board again.
    await settings({ freezeAt: null });
    expect(summary((await board(anaAgent)).rows)).toEqual(summary(live.rows));
  });

  it('does not freeze before the freeze time has come', async () => {
    await settings({ freezeAt: new Date(harness.now().getTime() + 3_600_000).toISOString() });
    await solve(anaAgent, 'attempts');
    const view = await board(cleoAgent);
    expect(view.frozen).toBe(false);
    expect(summary(view.rows)[0]).toEqual([1, 'ana display', 30]);
  });

  it('computes the frozen board once and serves it from memory afterwards', async () => {
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(1_000);
    const first = await board(cleoAgent);
    await solve(anaAgent, 'attempts');
    // A submission written into the frozen period behind the services' back would change a fresh
    // computation; the cached board does not see it.
    harness.db.$client
      .prepare(
        `insert into submissions (user_id, cohort_id, lab_id, lab_version, task_id, variant_seed, raw_answer, normalized_answer, verdict, feedback, score_fraction, points_awarded, counts_as_attempt, created_at)
         values (?, ?, 'api-lab', 1, 'attacker-ip', 'seed', '"x"', 'x', 'correct', 'ok', 1, 10, 1, ?)`,
      )
      .run(cleo.id, cohortId, Date.parse('2024-04-01T09:00:30Z'));
    expect((await board(cleoAgent)).rows).toEqual(first.rows);
    expect(summary((await board(anaAgent)).rows)).toEqual(summary(first.rows));

    // A new freeze time is a new board, computed afresh (and now counting that submission).
    await settings({ freezeAt: new Date(harness.now().getTime() - 500).toISOString() });
    expect(summary((await board(cleoAgent)).rows)).toEqual([
      [1, 'ben display', 30],
      [2, 'ana display', 10],
      [3, 'cleo display', 10],
    ]);
  });

  it('ranks a member who joins after the freeze among the members without points', async () => {
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(1_000);
    await board(anaAgent);
    const dan = await harness.user('dan');
    await joinCohort(harness.services, dan, joinCode);
    const view = await board(await harness.signIn(dan), '?limit=1');
    expect(view.total).toBe(4);
    expect(view.rows.map((row) => [row.rank, row.name, row.me])).toEqual([
      [1, 'ben display', false],
      [4, 'dan display', true],
    ]);
  });
});

describe('the chart', () => {
  it('gives the leaders’ cumulative points at every submission that raised them', async () => {
    await settings({ visibility: 'names' });
    await harness.advance(60_000);
    await answerWrongly(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(benAgent, 'attacker-ip', 'api-lab-2');
    await harness.advance(60_000);
    await answerWrongly(anaAgent, 'attempts');
    await harness.advance(60_000);
    await solve(anaAgent, 'attempts');

    const response = await cleoAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(response.status).toBe(200);
    // Ana: 10 at 09:02, then 20 - 3 (one wrong answer) = 17 more at 09:05. Cleo has no points but is the caller.
    expect(response.body.series).toEqual([
      {
        rank: 1,
        userId: null,
        name: 'ana display',
        pseudonym: null,
        points: 27,
        me: false,
        steps: [
          ['2024-04-01T09:02:00.000Z', 10],
          ['2024-04-01T09:05:00.000Z', 27],
        ],
      },
      {
        rank: 2,
        userId: null,
        name: 'ben display',
        pseudonym: null,
        points: 10,
        me: false,
        steps: [['2024-04-01T09:03:00.000Z', 10]],
      },
      { rank: 3, userId: cleo.id, name: 'cleo display', pseudonym: expect.any(String), points: 0, me: true, steps: [] },
    ]);

    const top1 = await inesAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart?top=1`);
    expect(top1.body.series.map((series) => series.name)).toEqual(['ana display']);
  });

  it('stops at the freeze for trainees and names the series as the board does', async () => {
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(benAgent, 'attacker-ip');
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(60_000);
    await solve(anaAgent, 'attempts');

    const trainee = await benAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(trainee.body.frozen).toBe(true);
    const pseudonym = (
      harness.db.$client.prepare('select pseudonym from users where id = ?').get(ana.id) as { pseudonym: string }
    ).pseudonym;
    expect(trainee.body.series.map((series) => [series.name, series.steps])).toEqual([
      [pseudonym, [['2024-04-01T09:00:00.000Z', 10]]],
      ['ben display', [['2024-04-01T09:01:00.000Z', 10]]],
    ]);

    const instructor = await inesAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(instructor.body.series.map((series) => [series.name, series.steps.at(-1)])).toEqual([
      ['ana display', ['2024-04-01T09:02:00.000Z', 30]],
      ['ben display', ['2024-04-01T09:01:00.000Z', 10]],
    ]);
  });

  it('charts only the caller’s own series when the board is hidden', async () => {
    await solve(anaAgent, 'attacker-ip');
    await solve(benAgent, 'attacker-ip');
    await settings({ visibility: 'hidden' });
    const chart = await benAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(chart.body.view).toBe('own-row');
    expect(chart.body.series.map((series) => [series.name, series.me, series.rank])).toEqual([
      ['ben display', true, 2],
    ]);
  });
});

describe('instructors’ grades of manual answers', () => {
  async function handIn(agent: Agent, user: Actor): Promise<number> {
    const response = await agent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', {
      answer: 'The attacker guessed passwords and failed.',
    });
    expect(response.status, response.text).toBe(201);
    return (
      harness.db.$client
        .prepare("select max(id) as id from submissions where user_id = ? and task_id = 'summary'")
        .get(user.id) as { id: number }
    ).id;
  }

  it('count from the time they were given, on the frozen board and in the chart', async () => {
    await settings({ visibility: 'names' });
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(60_000);
    const anaSummary = await handIn(anaAgent, ana);
    await harness.advance(60_000);
    await reviewManualAnswer(harness.services, ines, { submissionId: anaSummary, points: 7, comment: 'Good.' });
    await harness.advance(60_000);
    await solve(benAgent, 'attacker-ip');
    await harness.advance(60_000);
    await solve(benAgent, 'attempts');
    await harness.advance(60_000);
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(60_000);
    const benSummary = await handIn(benAgent, ben);
    await harness.advance(60_000);
    await reviewManualAnswer(harness.services, ines, { submissionId: benSummary, points: 10, comment: 'Complete.' });

    const frozen = await board(cleoAgent);
    expect(frozen.rows.map((row) => [row.name, row.points, row.tasksSolved, row.lastScoredAt])).toEqual([
      ['ben display', 30, 2, '2024-04-01T09:04:00.000Z'],
      ['ana display', 17, 2, '2024-04-01T09:02:00.000Z'],
      ['cleo display', 0, 0, null],
    ]);
    expect(summary((await board(inesAgent)).rows)).toEqual([
      [1, 'ben display', 40],
      [2, 'ana display', 17],
      [3, 'cleo display', 0],
    ]);

    const trainee = await cleoAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(trainee.body.series.slice(0, 2).map((series) => [series.name, series.steps])).toEqual([
      [
        'ben display',
        [
          ['2024-04-01T09:03:00.000Z', 10],
          ['2024-04-01T09:04:00.000Z', 30],
        ],
      ],
      [
        'ana display',
        [
          ['2024-04-01T09:00:00.000Z', 10],
          ['2024-04-01T09:02:00.000Z', 17],
        ],
      ],
    ]);

    // A lower grade later takes points away: the live chart goes down and ends at the board's points.
    await harness.advance(60_000);
    await reviewManualAnswer(harness.services, ines, {
      submissionId: anaSummary,
      points: 5,
      comment: 'On reflection, thin.',
    });
    const live = await inesAgent.json<Chart>('GET', `/api/scoreboard/${cohortId}/chart`);
    expect(live.body.series.map((series) => [series.name, series.points, series.steps.at(-1)])).toEqual([
      ['ben display', 40, ['2024-04-01T09:07:00.000Z', 40]],
      ['ana display', 15, ['2024-04-01T09:08:00.000Z', 15]],
    ]);
  });
});

describe('the CSV export', () => {
  it('has a header, a row per member and a column per lab, as an attachment', async () => {
    await settings({ visibility: 'names' });
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(benAgent, 'attacker-ip', 'api-lab-2');
    const response = await anaAgent.request(`/api/scoreboard/${cohortId}/csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="scoreboard-cohort-${cohortId}.csv"`,
    );
    const title = harness.library.labs.get('api-lab')!.definition.title;
    const title2 = harness.library.labs.get('api-lab-2')!.definition.title;
    // The byte order mark is kept (Response.text() would drop it), and lines end in CRLF.
    const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(raw.endsWith('\r\n')).toBe(true);
    expect(parse(raw, { bom: true })).toEqual([
      ['rank', 'name', 'points', 'tasks solved', 'last score', title, title2],
      ['1', 'ana display', '10', '1', '2024-04-01T09:00:00.000Z', '10', '0'],
      ['2', 'ben display', '10', '1', '2024-04-01T09:00:01.000Z', '0', '10'],
      ['3', 'cleo display', '0', '0', '', '0', '0'],
    ]);
  });

  it('quotes fields with commas, quotes and line breaks and defuses names a spreadsheet would run as formulas', async () => {
    const names = [
      '=HYPERLINK("http://evil.example","click")',
      '+SUM(A1)',
      '-2+3',
      '@cmd',
      '\tTabbed',
      'Smith, "Bobby"',
      'Line\nbreak',
    ];
    await joinTraineesNamed(harness, joinCode, names);
    await settings({ visibility: 'names' });
    const text = await (await inesAgent.request(`/api/scoreboard/${cohortId}/csv`)).text();
    // Read back by a CSV parser, as a spreadsheet would: after the header and ana, ben and cleo come
    // the new members; each name survives commas, quotes and line breaks, and formulas stay text.
    const nameFields = (parse(text, { bom: true }) as string[][]).slice(4).map((row) => row[1]);
    expect(nameFields).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\tTabbed",
      'Smith, "Bobby"',
      'Line\nbreak',
    ]);
  });

  it('follows the visibility rules of the board', async () => {
    await solve(anaAgent, 'attacker-ip');
    await settings({ visibility: 'hidden' });
    const text = await (await benAgent.request(`/api/scoreboard/${cohortId}/csv`)).text();
    expect((parse(text, { bom: true }) as string[][]).slice(1)).toEqual([['2', 'ben display', '0', '0', '', '0', '0']]);
  });
});

describe('the live stream', () => {
  // The app runs on the harness's manual clock: a notice, a heartbeat or a recheck happens only when
  // the test moves the clock, so "no event" below means none was due, not that none came in time.
  const open = (agent: Agent, query = '') =>
    EventStream.open(agent.request(`/api/scoreboard/${cohortId}/stream${query}`));
  interface ScoresEvent {
    version: number;
    at: string;
    board: Board;
  }
  const scoresOf = (event: ServerSentEvent) => JSON.parse(event.data) as ScoresEvent;
  const versions = (events: ServerSentEvent[]) =>
    events.map((event) => [event.type, event.id, scoresOf(event).version]);
  /** The board carried by the one event a stream has received since it was last read. */
  async function carried(stream: EventStream): Promise<Board> {
    const events = await stream.ready();
    expect(events.map((event) => event.type)).toEqual(['scores']);
    return scoresOf(events[0]!).board;
  }

  it('carries, at another trainee’s solve, the board as the board route answers the caller, without waiting', async () => {
    const stream = await open(anaAgent);
    await solve(benAgent, 'attacker-ip');
    await harness.advance(0);
    const events = await stream.ready();
    expect(versions(events)).toEqual([['scores', '1', 1]]);
    const scores = scoresOf(events[0]!);
    expect(scores.at).toBe(harness.now().toISOString());
    expect(scores.board).toEqual(await board(anaAgent));
    // The solve is on it, with Ben under his pseudonym and Ana's own row marked.
    expect(scores.board.rows.map((row) => [row.rank, row.points, row.me])).toEqual([
      [1, 10, false],
      [2, 0, true],
      [3, 0, false],
    ]);
    expect(scores.board.rows[0]!.name).not.toContain('ben');
    await stream.cancel();
  });

  for (const visibility of ['names', 'pseudonyms', 'hidden'] as const)
    it(`carries each viewer’s own board in ${visibility} mode, for the stream’s page size, live and frozen`, async () => {
      await settings({ visibility });
      const admin = await harness.signIn(await harness.user('root', 'admin'));
      const viewers: [Agent, string][] = [
        [anaAgent, ''],
        [anaAgent, '?limit=1'],
        [benAgent, '?limit=1'],
        [cleoAgent, '?limit=2'],
        [inesAgent, '?limit=1'],
        [inesAgent, ''],
        [admin, '?limit=2'],
      ];
      const streams = await Promise.all(viewers.map(([agent, query]) => open(agent, query)));
      const expectCarriedBoards = async () => {
        for (const [index, [agent, query]] of viewers.entries())
          expect(await carried(streams[index]!), `viewer ${index} ${query}`).toEqual(await board(agent, query));
      };

      await solve(cleoAgent, 'attacker-ip');
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      await expectCarriedBoards();
      // Ben takes the lead: Ana's own row is now below the first row on her one-row board.
      await solve(benAgent, 'attacker-ip');
      await solve(benAgent, 'attempts');
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      await expectCarriedBoards();

      // Frozen for trainees: moving the freeze time tells them, with the frozen board.
      await settings({ freezeAt: harness.now().toISOString() });
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      await expectCarriedBoards();
      await harness.advance(1_000);
      await solve(anaAgent, 'attacker-ip');
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      for (const [index, [agent, query]] of viewers.entries()) {
        const staff = agent === inesAgent || agent === admin;
        if (staff) expect(await carried(streams[index]!)).toEqual(await board(agent, query));
        else expect(await streams[index]!.ready(), `trainee viewer ${index}`).toEqual([]);
      }
      await settings({ freezeAt: new Date(harness.now().getTime() - 500).toISOString() });
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      const frozen = await carried(streams[0]!);
      expect(frozen.frozen).toBe(true);
      expect(frozen).toEqual(await board(anaAgent));
      for (const stream of streams.slice(1)) await stream.ready();
      for (const stream of streams) await stream.cancel();
    });

  it('marks only the caller’s own row on boards shared by viewers of one kind', async () => {
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(1_000);
    await solve(benAgent, 'attacker-ip');
    const [anaStream, benStream, cleoStream] = await Promise.all([
      open(anaAgent),
      open(benAgent),
      open(cleoAgent, '?limit=1'),
    ]);
    await solve(cleoAgent, 'attacker-ip', 'api-lab-2');
    await harness.advance(0);
    const named = (rows: Row[]) => rows.map((row) => [row.rank, row.name, row.userId, row.me]);
    const pseudonymOf = (user: Actor) =>
      (harness.db.$client.prepare('select pseudonym from users where id = ?').get(user.id) as { pseudonym: string })
        .pseudonym;
    expect(named((await carried(anaStream)).rows)).toEqual([
      [1, 'ana display', ana.id, true],
      [2, pseudonymOf(ben), null, false],
      [3, pseudonymOf(cleo), null, false],
    ]);
    expect(named((await carried(benStream)).rows)).toEqual([
      [1, pseudonymOf(ana), null, false],
      [2, 'ben display', ben.id, true],
      [3, pseudonymOf(cleo), null, false],
    ]);
    expect(named((await carried(cleoStream)).rows)).toEqual([
      [1, pseudonymOf(ana), null, false],
      [3, 'cleo display', cleo.id, true],
    ]);
    for (const stream of [anaStream, benStream, cleoStream]) await stream.cancel();
  });

  it('numbers the events of a stream 1, 2, 3…, each with the board as it is then', async () => {
    const stream = await open(inesAgent, '?limit=1');
    const seen: [string | undefined, number, number][] = [];
    for (const [agent, taskId] of [
      [anaAgent, 'attacker-ip'],
      [benAgent, 'attacker-ip'],
      [benAgent, 'attempts'],
    ] as const) {
      await solve(agent, taskId);
      await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
      for (const event of await stream.ready()) {
        const scores = scoresOf(event);
        seen.push([event.id, scores.version, scores.board.rows[0]!.points]);
      }
    }
    expect(seen).toEqual([
      ['1', 1, 10],
      ['2', 2, 10],
      ['3', 3, 30],
    ]);
    await stream.cancel();
  });

  it('does not show a member who left after the last notice, on any stream', async () => {
    const earlier = await open(inesAgent);
    const admin = await harness.signIn(await harness.user('root', 'admin'));
    const later = await open(admin);
    await solve(anaAgent, 'attacker-ip');
    await harness.advance(0);
    expect((await carried(earlier)).rows.map((row) => row.name)).toContain('cleo display');
    expect((await carried(later)).rows.map((row) => row.name)).toContain('cleo display');
    // A departure sends no notice; the boards kept since must not show Cleo in the next one.
    await removeMember(harness.services, ines, cohortId, cleo.id);
    harness.services.events.emit('scores-changed', [cohortId], []);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    for (const stream of [earlier, later]) {
      const board = await carried(stream);
      expect(board.rows.map((row) => row.name)).toEqual(['ana display', 'ben display']);
      expect(board.total).toBe(2);
    }
    await earlier.cancel();
    await later.cancel();
  });

  it('refuses a page size the board route refuses', async () => {
    for (const limit of ['0', '501', 'ten']) {
      const response = await anaAgent.json<{ error: { code: string } }>(
        'GET',
        `/api/scoreboard/${cohortId}/stream?limit=${limit}`,
      );
      expect(response.status, limit).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
    }
  });

  it('coalesces a burst of changes into one event, and the next burst into one event an interval later', async () => {
    const stream = await open(inesAgent);
    for (let i = 0; i < 10; i++) harness.services.events.emit('scores-changed', [cohortId]);
    await harness.advance(0);
    expect(versions(await stream.ready())).toEqual([['scores', '1', 1]]);

    harness.services.events.emit('scores-changed', [cohortId + 1000]);
    harness.services.events.emit('scores-changed', [cohortId]);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS / 2);
    harness.services.events.emit('scores-changed', [cohortId]);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS / 2 - 1);
    expect(await stream.ready()).toEqual([]);
    await harness.advance(1);
    expect(versions(await stream.ready())).toEqual([['scores', '2', 2]]);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS * 4);
    expect(await stream.ready()).toEqual([]);
    await stream.cancel();
  });

  it('ignores changes of other cohorts', async () => {
    const stream = await open(anaAgent);
    harness.services.events.emit('scores-changed', [cohortId + 1]);
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS * 4);
    expect(await stream.ready()).toEqual([]);
    expect(await stream.closed()).toBe(false);
    await stream.cancel();
  });

  it('keeps a quiet stream open with a heartbeat comment every 25 s, which is not an event', async () => {
    const stream = await open(anaAgent);
    await harness.advance(HEARTBEAT_MS - 1);
    expect(await stream.ready()).toEqual([]);
    expect(stream.comments).toEqual(['connected']);
    await harness.advance(1);
    await harness.advance(HEARTBEAT_MS);
    expect(await stream.ready()).toEqual([]);
    expect(stream.comments).toEqual(['connected', 'heartbeat', 'heartbeat']);
    await stream.cancel();
  });

  it('stops listening, and leaves no timer behind, when the client goes away', async () => {
    // As the page does, the board is loaded before its stream is opened: the process's kept boards
    // (and their one listener, for good) exist before the count starts.
    await board(anaAgent);
    const events = harness.services.events;
    const listeners = () => events.listenerCount('scores-changed');
    const before = { listeners: listeners(), timers: harness.clock.pending };
    const first = await open(anaAgent);
    const second = await open(inesAgent);
    // The streams of one cohort share one listener.
    expect(listeners()).toBe(before.listeners + 1);
    expect(harness.clock.pending).toBeGreaterThan(before.timers);
    await first.cancel();
    await second.cancel();
    expect(listeners()).toBe(before.listeners);
    expect(harness.clock.pending).toBe(before.timers);
  });

  it('does not tell a trainee about solves while their board is frozen, but does when the freeze is lifted', async () => {
    await settings({ freezeAt: harness.now().toISOString() });
    await harness.advance(1_000);
    const trainee = await open(anaAgent);
    const instructor = await open(inesAgent);
    await solve(benAgent, 'attacker-ip');
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    expect(await instructor.ready()).toHaveLength(1);
    expect(await trainee.ready()).toEqual([]);
    await settings({ freezeAt: null });
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    expect(versions(await trainee.ready())).toEqual([['scores', '1', 1]]);
    await trainee.cancel();
    await instructor.cancel();
  });

  it("turns a trainee's open board into the frozen one when the freeze time comes, without a solve", async () => {
    await settings({ freezeAt: new Date(harness.now().getTime() + 10_000).toISOString() });
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS);
    const trainee = await open(anaAgent);
    await harness.advance(10_000 - SCOREBOARD_NOTICE_INTERVAL_MS - 1);
    expect(await trainee.ready()).toEqual([]);
    await harness.advance(1 + SCOREBOARD_NOTICE_INTERVAL_MS);
    expect((await carried(trainee)).frozen).toBe(true);
    // From then on, solves do not change the board the trainee sees, so they are not told.
    await solve(benAgent, 'attacker-ip');
    await harness.advance(SCOREBOARD_NOTICE_INTERVAL_MS * 2);
    expect(await trainee.ready()).toEqual([]);
    await trainee.cancel();
  });

  it('tells open streams to reload when the settings change', async () => {
    const stream = await open(anaAgent);
    await settings({ visibility: 'hidden' });
    await harness.advance(0);
    expect(await stream.ready()).toHaveLength(1);
    await stream.cancel();
  });
});
