import { describe, expect, it } from 'vitest';
import {
  attemptPoints,
  attemptRefusal,
  awaitsGrade,
  gradeManualAnswer,
  type ScoredTask,
  scoreAttempt,
  scoredAtAfter,
  type TaskScore,
} from '../../../server/services/scoring/rule.ts';

const at = new Date('2026-03-05T14:02:00Z');
const later = new Date('2026-03-05T15:30:00Z');
const task: ScoredTask = { points: 100, wrong_penalty: 10, max_attempts: 3 };
const unlimited: ScoredTask = { points: 100, wrong_penalty: 10 };

/** Attempts one after another on a task, each scored on the result the one before left. */
function attempts(
  on: ScoredTask,
  verdicts: { verdict: 'correct' | 'partial' | 'incorrect' | 'pending'; fraction?: number; hintCost?: number }[],
): TaskScore {
  let current: TaskScore | undefined;
  for (const attempt of verdicts)
    current = scoreAttempt(on, current, {
      verdict: attempt.verdict,
      fraction: attempt.fraction ?? (attempt.verdict === 'correct' ? 1 : 0),
      hintCost: attempt.hintCost ?? 0,
      at,
    });
  return current!;
}

describe('the points of one attempt', () => {
  it('are the task points for a correct answer without hints or earlier mistakes', () => {
    expect(attemptPoints(100, 1, 0, 10, 0)).toBe(100);
  });

  it('lose the cost of every hint unlocked for the task', () => {
    expect(attemptPoints(100, 1, 25, 10, 0)).toBe(75);
  });

  it('lose wrong_penalty for each earlier wrong attempt', () => {
    expect(attemptPoints(100, 1, 0, 10, 3)).toBe(70);
    expect(attemptPoints(100, 1, 15, 10, 2)).toBe(65);
  });

  it('never go below zero', () => {
    expect(attemptPoints(100, 1, 80, 10, 5)).toBe(0);
    expect(attemptPoints(10, 0.5, 20, 0, 0)).toBe(0);
  });

  it('are a partial answer’s share of the task points, rounded, before hint costs and penalties', () => {
    expect(attemptPoints(100, 0.5, 0, 10, 0)).toBe(50);
    expect(attemptPoints(10, 1 / 3, 0, 0, 0)).toBe(3);
    expect(attemptPoints(100, 0.5, 5, 10, 1)).toBe(35);
  });
});

describe('an attempt on a task', () => {
  it('solves the task when correct, earning its points at that time', () => {
    expect(attempts(task, [{ verdict: 'correct' }])).toEqual({
      status: 'solved',
      attempts: 1,
      wrongAttempts: 0,
      bestFraction: 1,
      points: 100,
      solvedAt: at,
    });
  });

  it('charges the penalty of each earlier incorrect or partial attempt to a later correct one', () => {
    const result = attempts(unlimited, [
      { verdict: 'incorrect' },
      { verdict: 'partial', fraction: 0.5 },
      { verdict: 'correct' },
    ]);
    expect(result).toMatchObject({ status: 'solved', attempts: 3, wrongAttempts: 2, points: 80 });
  });

  it('charges the hint costs it is given', () => {
    expect(attempts(task, [{ verdict: 'correct', hintCost: 30 }]).points).toBe(70);
  });

  it('keeps the best attempt: a later lower score does not lower the points', () => {
    const result = attempts(unlimited, [
      { verdict: 'partial', fraction: 0.8 },
      { verdict: 'partial', fraction: 0.5 },
    ]);
    expect(result).toMatchObject({ status: 'open', points: 80, bestFraction: 0.8, wrongAttempts: 2 });
  });

  it('lets a later correct answer raise the points above an earlier partial one', () => {
    const result = attempts(unlimited, [{ verdict: 'partial', fraction: 0.5 }, { verdict: 'correct' }]);
    expect(result).toMatchObject({ status: 'solved', points: 90, bestFraction: 1 });
  });

  it('keeps a partial answer’s points even when a later correct one earns fewer after penalties', () => {
    const harsh: ScoredTask = { points: 100, wrong_penalty: 60 };
    const result = attempts(harsh, [{ verdict: 'partial', fraction: 0.5 }, { verdict: 'correct' }]);
    expect(result).toMatchObject({ status: 'solved', points: 50 });
  });

  it('fails the task on the last allowed attempt without a correct answer', () => {
    const result = attempts(task, [{ verdict: 'incorrect' }, { verdict: 'incorrect' }, { verdict: 'incorrect' }]);
    expect(result).toMatchObject({ status: 'failed', attempts: 3, points: 0, solvedAt: null });
  });

  it('keeps a task open while attempts are left, or without a limit', () => {
    expect(attempts(task, [{ verdict: 'incorrect' }, { verdict: 'incorrect' }]).status).toBe('open');
    expect(
      attempts(
        unlimited,
        Array.from({ length: 20 }, () => ({ verdict: 'incorrect' as const })),
      ).status,
    ).toBe('open');
  });

  it('hands a manual answer in for review without points', () => {
    const result = attempts(task, [{ verdict: 'pending', fraction: 0 }]);
    expect(result).toMatchObject({ status: 'pending_review', attempts: 1, wrongAttempts: 0, points: 0 });
  });

  it('is refused on a solved task and on a task without attempts left', () => {
    expect(attemptRefusal(task, undefined)).toBeNull();
    expect(attemptRefusal(task, { status: 'open', attempts: 2 })).toBeNull();
    expect(attemptRefusal(task, { status: 'pending_review', attempts: 1 })).toBeNull();
    expect(attemptRefusal(task, { status: 'solved', attempts: 1 })).toBe('solved');
    expect(attemptRefusal(task, { status: 'failed', attempts: 3 })).toBe('no_attempts_left');
    // A lab whose max_attempts was lowered since: the attempts already made count.
    expect(attemptRefusal(task, { status: 'open', attempts: 3 })).toBe('no_attempts_left');
    expect(attemptRefusal(unlimited, { status: 'open', attempts: 300 })).toBeNull();
  });
});

describe('an instructor’s grade of a manual answer', () => {
  const handedIn = attempts(task, [{ verdict: 'pending' }]);

  it('solves the task with the points given, dated when the answer was handed in', () => {
    expect(gradeManualAnswer(task, handedIn, { points: 60, answeredAt: at })).toEqual({
      status: 'solved',
      attempts: 1,
      wrongAttempts: 0,
      bestFraction: 0.6,
      points: 60,
      solvedAt: at,
    });
  });

  it('replaces an earlier grade, lower or higher, and keeps the first solving time', () => {
    const graded = gradeManualAnswer(task, handedIn, { points: 60, answeredAt: at });
    expect(gradeManualAnswer(task, graded, { points: 20, answeredAt: later })).toMatchObject({
      points: 20,
      bestFraction: 0.2,
      solvedAt: at,
    });
    expect(gradeManualAnswer(task, graded, { points: 100, answeredAt: later }).points).toBe(100);
  });

  it('gives a task worth nothing a full fraction', () => {
    expect(gradeManualAnswer({ points: 0 }, handedIn, { points: 0, answeredAt: at }).bestFraction).toBe(1);
  });

  it('may be given to a task waiting for review or already graded, and to no other', () => {
    expect(awaitsGrade('pending_review')).toBe(true);
    expect(awaitsGrade('solved')).toBe(true);
    expect(awaitsGrade('open')).toBe(false);
    expect(awaitsGrade('failed')).toBe(false);
  });
});

describe('the time a task’s points were scored', () => {
  it('moves to a change that raised them and stays for one that kept or lowered them', () => {
    expect(scoredAtAfter(50, at, 80, later)).toBe(later);
    expect(scoredAtAfter(50, at, 50, later)).toBe(at);
    expect(scoredAtAfter(50, at, 20, later)).toBe(at);
    expect(scoredAtAfter(0, null, 0, later)).toBeNull();
  });
});
