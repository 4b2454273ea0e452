import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { assignToCohort, joinCohort, removeMember, unassign } from '../../server/services/cohorts/cohorts.ts';
import type { Actor } from '../../server/services/context.ts';
import { reviewManualAnswer } from '../../server/services/instructor/review-manual-answer.ts';
import { updateScoreboardSettings } from '../../server/services/scoreboard/scoreboard.ts';
import type { Scoreboard, ScoreboardRow } from '../../server/services/scoreboard/scoreboard.ts';
import { boardAt, compareStandings, type ScoreEvent } from '../../server/services/scoring/rule.ts';
import { RateLimiter } from '../../server/security/rate-limiter.ts';
import { sharedApiTestOver } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';

/*
 * The board served to every viewer is kept in memory and moved by score events. Whatever happens in
 * a cohort, in any order, it must equal the board computed from scratch. The expected board is
 * computed here from the stored task results (live) or by the scoring rule from the stored answers
 * and grades (frozen), with this file's own SQL: it never reads the kept totals or the kept board.
 */

const TRAINEES = 4;
const LABS = ['api-lab', 'api-lab-2'] as const;
const TASKS = ['attacker-ip', 'attempts', 'summary'] as const;

type Operation =
  | { kind: 'answer'; trainee: number; lab: (typeof LABS)[number]; task: (typeof TASKS)[number]; right: boolean }
  | { kind: 'grade'; trainee: number; lab: (typeof LABS)[number]; points: number }
  | { kind: 'join' | 'leave'; trainee: number }
  | { kind: 'assign' | 'withdraw'; lab: (typeof LABS)[number] }
  | { kind: 'freeze'; agoMs: number }
  | { kind: 'thaw' }
  | { kind: 'visibility'; visibility: 'names' | 'pseudonyms' | 'hidden' };

const trainee = fc.integer({ min: 0, max: TRAINEES - 1 });
const lab = fc.constantFrom(...LABS);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      trainee,
      lab,
      task: fc.constantFrom(...TASKS),
      right: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('grade' as const), trainee, lab, points: fc.constantFrom(0, 4, 10) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('join' as const, 'leave' as const), trainee }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('assign' as const, 'withdraw' as const), lab }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('freeze' as const), agoMs: fc.constantFrom(0, 1_500, 60_000) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('thaw' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('visibility' as const),
      visibility: fc.constantFrom('names' as const, 'pseudonyms' as const, 'hidden' as const),
    }),
  },
);
/** Time between operations: often none, so that ties in time are common. */
const pause = fc.constantFrom(0, 0, 1_000, 30_000);

const ANSWERS: Record<(typeof TASKS)[number], [right: string, wrong: string]> = {
  'attacker-ip': ['203.0.113.77', '192.0.2.15'],
  attempts: ['2', '7'],
  summary: ['Someone guessed passwords and failed.', 'No idea.'],
};

/** A member's line before it is ranked: what both the live and the frozen expectation compute. */
interface Line {
  userId: number;
  points: number;
  tasksSolved: number;
  lastScoredAt: number | null;
  labPoints: number[];
}

/** The file's world: an instructor and api-lab and api-lab-2 in the library; each run makes its own cohort and trainees. */
const it = sharedApiTestOver(async (fixture) => {
  await addApiTestLab(fixture);
  await addApiTestLab(fixture, 'api-lab-2');
});

class Run {
  private constructor(
    readonly harness: Harness,
    readonly ines: Actor,
    readonly inesAgent: Agent,
    readonly cohortId: number,
    readonly joinCode: string,
    readonly trainees: Actor[],
    readonly agents: Agent[],
  ) {}

  static async start(harness: Harness, ines: Actor, inesAgent: Agent, runId: number): Promise<Run> {
    const trainees: Actor[] = [];
    for (let index = 0; index < TRAINEES; index++) trainees.push(await harness.user(`run${runId}-t${index}`));
    const agents = await Promise.all(trainees.map((user) => harness.signIn(user)));
    // Two members and api-lab to start with; the operations change all of it.
    const cohort = await harness.cohort(ines, trainees.slice(0, 2), ['api-lab']);
    return new Run(harness, ines, inesAgent, cohort.id, cohort.joinCode, trainees, agents);
  }

  private sql<T>(query: string, ...params: unknown[]): T[] {
    return this.harness.db.$client.prepare(query).all(...params) as T[];
  }

  async apply(step: Operation): Promise<void> {
    const ctx = this.harness.services;
    const who = 'trainee' in step ? this.trainees[step.trainee]! : undefined;
    switch (step.kind) {
      case 'answer': {
        const [right, wrong] = ANSWERS[step.task];
        // Refused answers (not a member, lab not assigned, no attempt left) are part of the sequence too.
        await this.agents[step.trainee]!.json('POST', `/api/labs/${step.lab}/tasks/${step.task}/submissions`, {
          answer: step.right ? right : wrong,
        });
        return;
      }
      case 'grade': {
        const [latest] = this.sql<{ id: number }>(
          `select id from submissions where user_id = ? and lab_id = ? and task_id = 'summary' and cohort_id = ?
           order by id desc limit 1`,
          who!.id,
          step.lab,
          this.cohortId,
        );
        // A grade the service refuses (say, of an answer no longer awaiting one) changes nothing either.
        if (latest)
          await reviewManualAnswer(ctx, this.ines, {
            submissionId: latest.id,
            points: step.points,
            comment: 'Graded.',
          }).catch(() => undefined);
        return;
      }
      case 'join':
        await joinCohort(ctx, who!, this.joinCode);
        return;
      case 'leave':
        await removeMember(ctx, this.ines, this.cohortId, who!.id).catch(() => undefined);
        return;
      case 'assign':
        await assignToCohort(ctx, this.ines, this.cohortId, { labId: step.lab });
        return;
      case 'withdraw': {
        const ids = this.sql<{ id: number }>(
          'select id from cohort_assignments where cohort_id = ? and lab_id = ?',
          this.cohortId,
          step.lab,
        ).map((row) => row.id);
        if (ids.length > 0) await unassign(ctx, this.ines, this.cohortId, ids);
        return;
      }
      case 'freeze':
        await updateScoreboardSettings(ctx, this.ines, this.cohortId, {
          freezeAt: new Date(this.harness.now().getTime() - step.agoMs),
        });
        return;
      case 'thaw':
        await updateScoreboardSettings(ctx, this.ines, this.cohortId, { freezeAt: null });
        return;
      case 'visibility':
        await updateScoreboardSettings(ctx, this.ines, this.cohortId, { visibility: step.visibility });
    }
  }

  private members() {
    return this.sql<{ userId: number; joinedAt: number; displayName: string; pseudonym: string }>(
      `select m.user_id as userId, m.joined_at as joinedAt, u.display_name as displayName, u.pseudonym
       from cohort_members m join users u on u.id = m.user_id where m.cohort_id = ? order by m.user_id`,
      this.cohortId,
    );
  }

  private labIds(): string[] {
    return this.sql<{ labId: string }>(
      'select lab_id as labId from cohort_assignments where cohort_id = ? order by id',
      this.cohortId,
    ).map((row) => row.labId);
  }

  /** Whether the member took up the task before joining: then none of it counts on this board. */
  private startedBefore(userId: number, labId: string, taskId: string, joinedAt: number): boolean {
    return (
      this.sql(
        'select 1 from submissions where user_id = ? and lab_id = ? and task_id = ? and created_at < ?',
        userId,
        labId,
        taskId,
        joinedAt,
      ).length > 0
    );
  }

  /** The live board from scratch: every member's counted task results, summed. */
  private liveLines(labIds: string[]): Line[] {
    return this.members().map(({ userId, joinedAt }) => {
      const line: Line = { userId, points: 0, tasksSolved: 0, lastScoredAt: null, labPoints: labIds.map(() => 0) };
      const results = this.sql<{
        labId: string;
        taskId: string;
        status: string;
        points: number;
        scoredAt: number | null;
      }>(
        'select lab_id as labId, task_id as taskId, status, points, scored_at as scoredAt from task_results where user_id = ?',
        userId,
      );
      for (const result of results) {
        const column = labIds.indexOf(result.labId);
        if (column < 0 || this.startedBefore(userId, result.labId, result.taskId, joinedAt)) continue;
        line.points += result.points;
        line.labPoints[column]! += result.points;
        if (result.status === 'solved') line.tasksSolved += 1;
        if (result.scoredAt !== null) line.lastScoredAt = Math.max(line.lastScoredAt ?? 0, result.scoredAt);
      }
      return line;
    });
  }

  /** The frozen board from scratch: the stored answers and grades up to the freeze, replayed by the scoring rule. */
  private frozenLines(labIds: string[], freezeAt: number): Line[] {
    const members = this.members();
    const counted = (event: { userId: number; labId: string; taskId: string }) => {
      const member = members.find((candidate) => candidate.userId === event.userId);
      return (
        member !== undefined &&
        labIds.includes(event.labId) &&
        !this.startedBefore(event.userId, event.labId, event.taskId, member.joinedAt)
      );
    };
    const answers = this.sql<ScoreEvent & { kind: 'answer' }>(
      `select 'answer' as kind, user_id as userId, lab_id as labId, task_id as taskId, verdict,
        points_awarded as points, created_at as at from submissions where created_at <= ? order by created_at, id`,
      freezeAt,
    );
    const grades = this.sql<ScoreEvent & { kind: 'grade' }>(
      `select 'grade' as kind, s.user_id as userId, s.lab_id as labId, s.task_id as taskId, r.points,
        r.reviewed_at as at from reviews r join submissions s on s.id = r.submission_id
       where r.reviewed_at <= ? order by r.reviewed_at, r.submission_id`,
      freezeAt,
    );
    const rows = new Map(boardAt([...answers, ...grades].filter(counted)).map((row) => [row.userId, row]));
    return members.map(({ userId }): Line => {
      const row = rows.get(userId);
      return {
        userId,
        points: row?.points ?? 0,
        tasksSolved: row?.tasksSolved ?? 0,
        lastScoredAt: row?.lastScoredAt ?? null,
        labPoints: labIds.map((labId) => row?.labPoints.get(labId) ?? 0),
      };
    });
  }

  /** The board a viewer should get, computed from scratch; null when they may not see it (404). */
  expected(viewer: Actor): Scoreboard | null {
    const [cohort] = this.sql<{
      name: string;
      visibility: 'names' | 'pseudonyms' | 'hidden';
      freezeAt: number | null;
      archivedAt: number | null;
    }>(
      'select name, scoreboard_visibility as visibility, freeze_at as freezeAt, archived_at as archivedAt from cohorts where id = ?',
      this.cohortId,
    );
    const members = this.members();
    const staff = viewer.id === this.ines.id;
    if (!staff && !members.some((member) => member.userId === viewer.id)) return null;
    const labIds = this.labIds();
    const frozen = !staff && cohort!.freezeAt !== null && cohort!.freezeAt <= this.harness.now().getTime();
    const lines = frozen ? this.frozenLines(labIds, cohort!.freezeAt!) : this.liveLines(labIds);
    const ranked = lines.sort(compareStandings).map((line, index) => ({ ...line, rank: index + 1 }));
    const visibility = staff ? 'names' : cohort!.visibility;
    const rows = ranked
      .filter((line) => visibility !== 'hidden' || line.userId === viewer.id)
      .map((line): ScoreboardRow => {
        const user = members.find((member) => member.userId === line.userId)!;
        const me = !staff && line.userId === viewer.id;
        const shown =
          staff || me || visibility === 'names'
            ? {
                name: me ? viewer.displayName : user.displayName,
                userId: staff || me ? line.userId : null,
                pseudonym: staff || me ? user.pseudonym : null,
              }
            : { name: user.pseudonym, userId: null, pseudonym: null };
        return {
          rank: line.rank,
          ...shown,
          points: line.points,
          me,
          tasksSolved: line.tasksSolved,
          lastScoredAt: line.lastScoredAt === null ? null : new Date(line.lastScoredAt).toISOString(),
          labPoints: line.labPoints,
        };
      });
    return {
      cohort: {
        id: this.cohortId,
        name: cohort!.name,
        visibility: cohort!.visibility,
        freezeAt: cohort!.freezeAt === null ? null : new Date(cohort!.freezeAt).toISOString(),
        archived: cohort!.archivedAt !== null,
      },
      frozen,
      view: visibility === 'hidden' ? 'own-row' : 'full',
      labs: labIds.map((id) => ({ id, title: `New lab ${id}` })),
      rows,
      total: members.length,
    };
  }

  /** Every viewer's board as served equals the one computed from scratch. */
  async check(context: string): Promise<void> {
    const viewers: [Actor, Agent][] = [
      [this.ines, this.inesAgent],
      ...this.trainees.map((user, index): [Actor, Agent] => [user, this.agents[index]!]),
    ];
    for (const [viewer, agent] of viewers) {
      const served = await agent.json<Scoreboard>('GET', `/api/scoreboard/${this.cohortId}`);
      const expected = this.expected(viewer);
      if (expected === null) expect(served.status, `${context}: ${viewer.username}`).toBe(404);
      else {
        expect(served.status, `${context}: ${viewer.username}`).toBe(200);
        expect(served.body, `${context}: ${viewer.username}`).toEqual(expected);
      }
    }
  }
}

describe('the kept board', () => {
  it('equals the board computed from scratch after any sequence of answers, grades, joins, leaves, assignments, freezes and visibility changes, for every viewer', async ({
    harness,
    ines,
    instructor,
  }) => {
    harness.services.limits.submissionsPerTask = new RateLimiter(100_000, 60_000);
    let runId = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(operation, pause), { minLength: 1, maxLength: 20 }), async (steps) => {
        const run = await Run.start(harness, ines, instructor, runId++);
        await run.check('at the start');
        for (const [index, [step, wait]] of steps.entries()) {
          await run.apply(step);
          await run.check(`after step ${index + 1}, ${JSON.stringify(step)}`);
          await harness.advance(wait);
          if (wait > 0) await run.check(`after waiting ${wait} ms past step ${index + 1}`);
        }
      }),
      {
        numRuns: 30,
        examples: [
          // Found by a random run: an answer graded at the freeze time and graded again after it. The
          // frozen board kept from before the regrade counted it, a board computed afresh did not.
          [
            [
              [{ kind: 'answer', trainee: 1, lab: 'api-lab', task: 'summary', right: false }, 0],
              [{ kind: 'grade', trainee: 1, lab: 'api-lab', points: 0 }, 30_000],
              [{ kind: 'answer', trainee: 0, lab: 'api-lab', task: 'attacker-ip', right: false }, 30_000],
              [{ kind: 'freeze', agoMs: 60_000 }, 0],
              [{ kind: 'grade', trainee: 1, lab: 'api-lab', points: 0 }, 0],
            ],
          ],
          // Found by a random run: an answer in the freeze's own millisecond, received after the frozen
          // board was computed and kept. It counts (answers up to the freeze time do), so the kept board
          // must be computed again.
          [
            [
              [{ kind: 'freeze', agoMs: 0 }, 0],
              [{ kind: 'answer', trainee: 0, lab: 'api-lab', task: 'attacker-ip', right: true }, 0],
            ],
          ],
        ],
      },
    );
  }, 120_000);
});
