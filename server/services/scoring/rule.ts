import type { StoredVerdict, TaskStatus } from '../../db/schema.ts';
import type { Verdict } from '../../grading/types.ts';
import type { TaskDefinition } from '../../labs/schema.ts';

/*
 * The scoring rule, in one place and without a database: what an answer or an instructor's grade
 * does to a trainee's task result, and what a board looked like at a given time. Submissions and
 * manual review write task results by it; the frozen board and the chart replay stored answers and
 * grades through it; the live board reads the totals the score ledger keeps from those task results.
 */

/** What of a task the rule reads. */
export type ScoredTask = Pick<TaskDefinition, 'points' | 'wrong_penalty' | 'max_attempts'>;

/** One trainee's result on one task, as the score ledger stores it. */
export interface TaskScore {
  status: TaskStatus;
  /** Graded attempts, refused answers not counted. */
  attempts: number;
  /** Incorrect and partial attempts: each makes the next one earn wrong_penalty less. */
  wrongAttempts: number;
  bestFraction: number;
  /** The task's points: the best any attempt earned, or the instructor's grade. */
  points: number;
  solvedAt: Date | null;
}

/** An attempt's verdict: the checker's, or pending for an answer an instructor grades by hand. */
export type AttemptVerdict = Verdict | 'pending';

/**
 * Points for an attempt: the task's points scaled by the score, minus every hint unlocked for the
 * task and the wrong-answer penalty for each earlier wrong attempt, never below zero.
 */
export function attemptPoints(
  taskPoints: number,
  fraction: number,
  hintCost: number,
  wrongPenalty: number,
  wrongBefore: number,
): number {
  return Math.max(0, Math.round(taskPoints * fraction) - hintCost - wrongPenalty * wrongBefore);
}

/** Why a task takes no further attempt (solved, or out of attempts), or null when it takes one. */
export function attemptRefusal(
  task: ScoredTask,
  current: Pick<TaskScore, 'status' | 'attempts'> | undefined,
): 'solved' | 'no_attempts_left' | null {
  if (current?.status === 'solved') return 'solved';
  if (
    current?.status === 'failed' ||
    (task.max_attempts !== undefined && (current?.attempts ?? 0) >= task.max_attempts)
  )
    return 'no_attempts_left';
  return null;
}

/**
 * The task result after one more attempt. The best attempt counts: the points never go down. A
 * correct answer solves the task, a manual one waits for review, and the last allowed attempt
 * without either fails it.
 */
export function scoreAttempt(
  task: ScoredTask,
  current: TaskScore | undefined,
  attempt: {
    verdict: AttemptVerdict;
    fraction: number;
    hintCost: number;
    at: Date;
    /**
     * The penalty of the earlier wrong attempts when some of them were anticipated wrong answers with
     * their own penalty; by default wrong_penalty for each.
     */
    penaltyBefore?: number;
  },
): TaskScore {
  const attempts = (current?.attempts ?? 0) + 1;
  const wrongBefore = current?.wrongAttempts ?? 0;
  const penalty = attempt.penaltyBefore ?? task.wrong_penalty * wrongBefore;
  const earned =
    attempt.verdict === 'pending' ? 0 : attemptPoints(task.points, attempt.fraction, attempt.hintCost, penalty, 1);
  let status: TaskStatus = 'open';
  if (attempt.verdict === 'correct') status = 'solved';
  else if (attempt.verdict === 'pending') status = 'pending_review';
  else if (task.max_attempts !== undefined && attempts >= task.max_attempts) status = 'failed';
  return {
    status,
    attempts,
    wrongAttempts: wrongBefore + (attempt.verdict === 'incorrect' || attempt.verdict === 'partial' ? 1 : 0),
    bestFraction: Math.max(current?.bestFraction ?? 0, attempt.fraction),
    points: Math.max(current?.points ?? 0, earned),
    solvedAt: status === 'solved' ? attempt.at : null,
  };
}

/** Whether an instructor may grade the task: its manual answer waits for review, or was graded already. */
export function awaitsGrade(status: TaskStatus): boolean {
  return status === 'pending_review' || status === 'solved';
}

/**
 * The task result after an instructor grades its manual answer: solved, with the points given. The
 * grade replaces any earlier one, lower or higher: it is the instructor's judgement, not an attempt.
 */
export function gradeManualAnswer(
  task: Pick<ScoredTask, 'points'>,
  current: TaskScore,
  grade: { points: number; answeredAt: Date },
): TaskScore {
  return {
    status: 'solved',
    attempts: current.attempts,
    wrongAttempts: current.wrongAttempts,
    bestFraction: task.points === 0 ? 1 : grade.points / task.points,
    points: grade.points,
    // The trainee's work was done when they handed it in, not when it was graded.
    solvedAt: current.solvedAt ?? grade.answeredAt,
  };
}

/**
 * When a task's points were scored after a change from `previousPoints` to `points` at `at`: a
 * change that raised them scored then; one that kept or lowered them leaves the earlier time.
 */
export function scoredAtAfter<T>(previousPoints: number, previousScoredAt: T, points: number, at: T): T {
  return points > previousPoints ? at : previousScoredAt;
}

/**
 * A stored change to one trainee's task, at a time in milliseconds since the epoch. An answer
 * carries the task's points after it (submissions.points_awarded), so it can only raise them, and
 * solves the task if correct; a refused answer changes nothing. A grade sets the points, lower or
 * higher, and solves the task.
 */
export type ScoreEvent = { userId: number; labId: string; taskId: string; at: number; points: number } & (
  | { kind: 'answer'; verdict: StoredVerdict }
  | { kind: 'grade' }
);

/**
 * One member's place on a board. The order is total: points descending, then who reached them first
 * (lastScoredAt ascending), then user id; members without points come after everyone who has some,
 * by user id. So the rank is simply 1 + the number of members ranking above.
 */
export interface Standing {
  userId: number;
  rank: number;
  points: number;
  tasksSolved: number;
  /** Milliseconds since the epoch. */
  lastScoredAt: number | null;
}

/** A standing on a board replayed from events, with the points of each lab the member scored in. */
export interface BoardRow extends Standing {
  labPoints: Map<string, number>;
}

/** The board's order (see Standing): negative when `a` ranks above `b`. */
export function compareStandings(
  a: Pick<Standing, 'userId' | 'points' | 'lastScoredAt'>,
  b: Pick<Standing, 'userId' | 'points' | 'lastScoredAt'>,
): number {
  if (a.points !== b.points) return b.points - a.points;
  if (a.points > 0 && a.lastScoredAt !== b.lastScoredAt) return (a.lastScoredAt ?? 0) - (b.lastScoredAt ?? 0);
  return a.userId - b.userId;
}

interface TaskState {
  userId: number;
  labId: string;
  points: number;
  solved: boolean;
  scoredAt: number | null;
}

/**
 * Applies the events up to `until` (inclusive) in time order, an answer before a grade of the same
 * moment and otherwise in the order given, and calls `onChange` whenever a member's total moves.
 */
function replay(
  events: readonly ScoreEvent[],
  until: number,
  onChange?: (userId: number, at: number, total: number) => void,
): Map<string, TaskState> {
  const ordered = events
    .filter((event) => event.at <= until && !(event.kind === 'answer' && event.verdict === 'invalid'))
    .sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'answer' ? -1 : 1));
  const tasks = new Map<string, TaskState>();
  const totals = new Map<number, number>();
  for (const event of ordered) {
    const key = `${event.userId}\u0000${event.labId}\u0000${event.taskId}`;
    let task = tasks.get(key);
    if (!task) {
      task = { userId: event.userId, labId: event.labId, points: 0, solved: false, scoredAt: null };
      tasks.set(key, task);
    }
    const previous = task.points;
    const points = event.kind === 'grade' ? event.points : Math.max(previous, event.points);
    task.solved ||= event.kind === 'grade' || event.verdict === 'correct';
    if (points === previous) continue;
    task.points = points;
    task.scoredAt = scoredAtAfter(previous, task.scoredAt, points, event.at);
    const total = (totals.get(event.userId) ?? 0) + points - previous;
    totals.set(event.userId, total);
    onChange?.(event.userId, event.at, total);
  }
  return tasks;
}

/**
 * The board as it stood at `until` (inclusive; by default everything): one row for every member
 * with an event by then, in rank order. A member's points are the sum of their tasks' points, solved
 * tasks are counted, and lastScoredAt is when the last of their tasks with points was last raised.
 */
export function boardAt(events: readonly ScoreEvent[], until = Number.POSITIVE_INFINITY): BoardRow[] {
  const rows = new Map<number, BoardRow>();
  for (const task of replay(events, until).values()) {
    let row = rows.get(task.userId);
    if (!row) {
      row = { userId: task.userId, rank: 0, points: 0, tasksSolved: 0, lastScoredAt: null, labPoints: new Map() };
      rows.set(task.userId, row);
    }
    row.points += task.points;
    row.labPoints.set(task.labId, (row.labPoints.get(task.labId) ?? 0) + task.points);
    if (task.solved) row.tasksSolved += 1;
    if (task.points > 0 && task.scoredAt !== null) row.lastScoredAt = Math.max(row.lastScoredAt ?? 0, task.scoredAt);
  }
  const ranked = [...rows.values()].sort(compareStandings);
  ranked.forEach((row, index) => {
    row.rank = index + 1;
  });
  return ranked;
}

/** Each member's total over time up to `until`: [time, total] at every event that moved it. */
export function scoreSteps(
  events: readonly ScoreEvent[],
  until = Number.POSITIVE_INFINITY,
): Map<number, [at: number, total: number][]> {
  const steps = new Map<number, [number, number][]>();
  replay(events, until, (userId, at, total) => {
    let own = steps.get(userId);
    if (!own) steps.set(userId, (own = []));
    own.push([at, total]);
  });
  return steps;
}
