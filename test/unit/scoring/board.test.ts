import { describe, expect, it } from 'vitest';
import { boardAt, type ScoreEvent, scoreSteps } from '../../../server/services/scoring/rule.ts';

const answer = (
  userId: number,
  task: string,
  at: number,
  points: number,
  verdict: 'correct' | 'partial' | 'incorrect' | 'invalid' | 'pending' = 'correct',
  labId = 'lab-a',
): ScoreEvent => ({ kind: 'answer', userId, labId, taskId: task, at, points, verdict });
const grade = (userId: number, task: string, at: number, points: number, labId = 'lab-a'): ScoreEvent => ({
  kind: 'grade',
  userId,
  labId,
  taskId: task,
  at,
  points,
});

/** The standing fields of a board, without the per-lab maps, for compact expectations. */
const standings = (events: ScoreEvent[], until?: number) =>
  boardAt(events, until).map(({ userId, rank, points, tasksSolved, lastScoredAt }) => ({
    userId,
    rank,
    points,
    tasksSolved,
    lastScoredAt,
  }));

describe('the board as of a time', () => {
  it('sums each member’s task points and counts their solved tasks', () => {
    const events = [answer(1, 't1', 10, 30), answer(1, 't2', 20, 15, 'partial'), answer(2, 't1', 15, 30)];
    expect(standings(events)).toEqual([
      { userId: 1, rank: 1, points: 45, tasksSolved: 1, lastScoredAt: 20 },
      { userId: 2, rank: 2, points: 30, tasksSolved: 1, lastScoredAt: 15 },
    ]);
  });

  it('ignores what happened after the time, and counts what happened at it', () => {
    const events = [answer(1, 't1', 10, 30), answer(1, 't2', 20, 50), answer(2, 't1', 30, 30)];
    expect(standings(events, 20)).toEqual([{ userId: 1, rank: 1, points: 80, tasksSolved: 2, lastScoredAt: 20 }]);
    expect(standings(events, 19)).toEqual([{ userId: 1, rank: 1, points: 30, tasksSolved: 1, lastScoredAt: 10 }]);
  });

  it('counts a task’s best points once, scored when first reached', () => {
    // Each answer carries the task's points after it: a later answer keeps or raises them.
    const events = [
      answer(1, 't1', 10, 20, 'partial'),
      answer(1, 't1', 20, 20, 'incorrect'),
      answer(1, 't1', 30, 20, 'incorrect'),
    ];
    expect(standings(events)).toEqual([{ userId: 1, rank: 1, points: 20, tasksSolved: 0, lastScoredAt: 10 }]);
  });

  it('takes the answers in time order, whatever order they are given in', () => {
    const events = [answer(1, 't1', 30, 60), answer(1, 't1', 10, 40, 'partial')];
    expect(standings(events)[0]).toMatchObject({ points: 60, lastScoredAt: 30 });
    expect(standings(events, 20)[0]).toMatchObject({ points: 40, lastScoredAt: 10 });
  });

  it('does not count refused answers', () => {
    expect(standings([answer(1, 't1', 10, 30, 'invalid')])).toEqual([]);
  });

  it('counts a correct answer that earned nothing as solved, without points', () => {
    expect(standings([answer(1, 't1', 10, 0)])).toEqual([
      { userId: 1, rank: 1, points: 0, tasksSolved: 1, lastScoredAt: null },
    ]);
  });

  it('ranks equal points by who reached them first, then by user id, and members without points last by id', () => {
    const events = [
      answer(7, 't1', 20, 50),
      answer(3, 't1', 30, 50),
      answer(5, 't1', 20, 50),
      answer(9, 't1', 10, 80),
      answer(2, 't1', 40, 0, 'incorrect'),
      answer(1, 't1', 5, 0, 'incorrect'),
    ];
    expect(standings(events).map(({ userId, rank }) => [rank, userId])).toEqual([
      [1, 9],
      [2, 5],
      [3, 7],
      [4, 3],
      [5, 1],
      [6, 2],
    ]);
  });

  it('breaks down each member’s points by lab', () => {
    const events = [
      answer(1, 't1', 10, 30, 'correct', 'lab-a'),
      answer(1, 't2', 11, 20, 'correct', 'lab-a'),
      answer(1, 't1', 12, 25, 'correct', 'lab-b'),
      answer(2, 't1', 13, 10, 'partial', 'lab-b'),
    ];
    const [first, second] = boardAt(events);
    expect(first!.labPoints).toEqual(
      new Map([
        ['lab-a', 50],
        ['lab-b', 25],
      ]),
    );
    expect(second!.labPoints).toEqual(new Map([['lab-b', 10]]));
  });

  it('counts an instructor’s grade from the time it was given, solving the task', () => {
    const events = [answer(1, 'summary', 10, 0, 'pending'), grade(1, 'summary', 50, 40)];
    expect(standings(events, 49)).toEqual([{ userId: 1, rank: 1, points: 0, tasksSolved: 0, lastScoredAt: null }]);
    expect(standings(events, 50)).toEqual([{ userId: 1, rank: 1, points: 40, tasksSolved: 1, lastScoredAt: 50 }]);
  });

  it('lets a grade lower the points without moving the time they were scored', () => {
    const events = [answer(1, 'summary', 10, 0, 'pending'), grade(1, 'summary', 20, 40), grade(1, 'summary', 30, 25)];
    expect(standings(events)).toEqual([{ userId: 1, rank: 1, points: 25, tasksSolved: 1, lastScoredAt: 20 }]);
  });

  it('applies an answer before a grade of the same moment', () => {
    const events = [grade(1, 'summary', 10, 25), answer(1, 'summary', 10, 40)];
    expect(standings(events)[0]).toMatchObject({ points: 25 });
  });

  it('dates a member’s last score by the latest of their tasks that still has points', () => {
    const events = [
      answer(1, 't1', 10, 30),
      answer(1, 'summary', 20, 0, 'pending'),
      grade(1, 'summary', 30, 10),
      grade(1, 'summary', 40, 0),
    ];
    expect(standings(events)[0]).toMatchObject({ points: 30, lastScoredAt: 10 });
  });
});

describe('the score over time', () => {
  it('steps at every event that moved a member’s total, up to the time', () => {
    const events = [
      answer(1, 't1', 10, 20, 'partial'),
      answer(1, 't1', 20, 20, 'incorrect'),
      answer(2, 't1', 25, 30),
      answer(1, 't2', 30, 50),
      answer(1, 't1', 40, 60),
      answer(1, 'summary', 45, 0, 'pending'),
      grade(1, 'summary', 50, 10),
      grade(1, 'summary', 60, 5),
    ];
    expect(scoreSteps(events, 55)).toEqual(
      new Map([
        [
          1,
          [
            [10, 20],
            [30, 70],
            [40, 110],
            [50, 120],
          ],
        ],
        [2, [[25, 30]]],
      ]),
    );
    expect(scoreSteps(events).get(1)!.at(-1)).toEqual([60, 115]);
  });
});
