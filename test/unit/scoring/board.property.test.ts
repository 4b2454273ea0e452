import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verdicts } from '../../../server/db/schema.ts';
import { type BoardRow, boardAt, type ScoreEvent } from '../../../server/services/scoring/rule.ts';

/*
 * Properties of the board replayed from random answers and grades: few members, tasks and distinct
 * times, so that ties in points and in time, grades that lower points and same-moment events are
 * common. Run counts stay modest: CI has two cores.
 */

const time = fc.integer({ min: 0, max: 40 });
const place = fc.record({
  userId: fc.integer({ min: 1, max: 6 }),
  labId: fc.constantFrom('lab-a', 'lab-b'),
  taskId: fc.constantFrom('t1', 't2', 't3'),
  at: time,
  points: fc.constantFrom(0, 5, 10, 20, 50),
});
const event: fc.Arbitrary<ScoreEvent> = fc.oneof(
  fc
    .tuple(place, fc.constantFrom(...verdicts))
    .map(([fields, verdict]): ScoreEvent => ({ kind: 'answer', ...fields, verdict })),
  place.map((fields): ScoreEvent => ({ kind: 'grade', ...fields })),
);
const events = fc.array(event, { maxLength: 40 });

/** Whether `a` belongs above `b` by the board's documented order. */
function ranksAbove(a: BoardRow, b: BoardRow): boolean {
  if (a.points !== b.points) return a.points > b.points;
  if (a.points > 0 && a.lastScoredAt !== b.lastScoredAt) return a.lastScoredAt! < b.lastScoredAt!;
  return a.userId < b.userId;
}

describe('the board as of a time', () => {
  it('is the whole board of just the events up to that time', () => {
    fc.assert(
      fc.property(events, time, (all, until) => {
        expect(boardAt(all, until)).toEqual(boardAt(all.filter((candidate) => candidate.at <= until)));
      }),
      { numRuns: 500 },
    );
  });

  it('ranks its members 1 to n in the board’s order, each member once', () => {
    fc.assert(
      fc.property(events, fc.option(time, { nil: undefined }), (all, until) => {
        const board = boardAt(all, until);
        expect(board.map((row) => row.rank)).toEqual(board.map((_, index) => index + 1));
        expect(new Set(board.map((row) => row.userId)).size).toBe(board.length);
        for (let index = 1; index < board.length; index++)
          expect(ranksAbove(board[index - 1]!, board[index]!)).toBe(true);
        // Points are there only with a time they were scored at, and never below zero.
        for (const row of board) {
          expect(row.points).toBeGreaterThanOrEqual(0);
          expect(row.lastScoredAt === null).toBe(row.points === 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
