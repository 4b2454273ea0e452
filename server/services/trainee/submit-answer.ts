import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { hotQueriesOf } from '../../db/hot-queries.ts';
import { submissions, type StoredVerdict, type taskResults, type TaskStatus } from '../../db/schema.ts';
import type { Transaction } from '../scoring/score-ledger.ts';
import { AppError } from '../../errors.ts';
import { matchMisconception, type ResolvedMisconception } from '../../grading/misconceptions.ts';
import { checkAnswer } from '../../grading/registry.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import type { TaskDefinition } from '../../labs/schema.ts';
import type { ResolvedTask } from '../../labs/variants.ts';
import type { AnswerInput, CheckResult } from '../../grading/types.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { releaseText } from './released-text.ts';
import type { LabVariant } from './variant-store.ts';
import { attemptRefusal, scoreAttempt } from '../scoring/rule.ts';
import { forgetFrozenBoardsMissing } from '../scoreboard/standings.ts';
import { markLabCompleteIfDone, saveTaskResult } from '../scoring/score-ledger.ts';
import { openTraineeLab, requireSettledPrerequisites, taskResultsFor } from './trainee-lab.ts';

type TaskResultRow = typeof taskResults.$inferSelect;

/** The largest answer accepted, in bytes of JSON: far above any real answer, far below a DoS. */
export const MAX_ANSWER_BYTES = 200_000;
/** The refusal of a larger answer, the same whether the body's size or the answer's gave it away. */
export const ANSWER_TOO_LARGE = `an answer may be at most ${MAX_ANSWER_BYTES} bytes as JSON`;

/**
 * How much of a refused answer (malformed for its task, no attempt) is stored: enough for an
 * instructor to see what was tried. Refused answers cost no attempt, so only the rate limit bounds
 * how many arrive; storing them whole let a trainee grow the database by megabytes a second.
 */
export const MAX_STORED_REFUSED_CHARS = 1000;

/** The stored form of a refused answer: whole if short, else a JSON string holding a prefix of it. */
export function refusedAnswerRecord(rawAnswer: string): string {
  if (rawAnswer.length <= MAX_STORED_REFUSED_CHARS) return rawAnswer;
  // Still JSON (a string), as every reader of raw_answer parses it.
  return JSON.stringify(
    `${rawAnswer.slice(0, MAX_STORED_REFUSED_CHARS)}… (${rawAnswer.length} characters, the rest not stored)`,
  );
}

export interface SubmissionOutcome {
  submissionId: number;
  verdict: Exclude<StoredVerdict, 'invalid'>;
  score: number;
  feedback: string;
  status: TaskStatus;
  attempts: number;
  attemptsLeft: number | null;
  pointsEarned: number;
  explanation: string | null;
}

/** Refuses an answer sent too soon after the last ones to the same task (`key`: who, lab and task). */
export function requireAnswerPace(ctx: ServiceContext, key: string, now: Date): void {
  const wait = ctx.limits.submissionsPerTask.retryAfter(key, now.getTime());
  if (wait > 0)
    throw new AppError(
      'too_many_requests',
      `Too many answers in a short time: try again in ${Math.ceil(wait / 1000)} seconds.`,
    );
  ctx.limits.submissionsPerTask.record(key, now.getTime());
}

/**
 * The checker's verdict on an answer. An anticipated wrong answer gets the author's feedback for it,
 * released like a hint: answers of tasks still open, this one included, are masked (`results`, read
 * only then, says which are settled). Also the instructors' preview's check (preview-workspace.ts).
 */
export function checkWithMisconceptions(
  lab: LoadedLab,
  variant: LabVariant,
  resolved: ResolvedTask,
  answer: AnswerInput,
  results: () => Map<string, TaskResultRow>,
): { checked: CheckResult; misconception: ResolvedMisconception | undefined } {
  const checked = checkAnswer(resolved.answer, answer);
  const misconception =
    checked.status === 'graded' && checked.verdict !== 'correct'
      ? matchMisconception(resolved.misconceptions, answer)
      : undefined;
  if (!misconception || checked.status !== 'graded') return { checked, misconception };
  return {
    checked: {
      ...checked,
      feedback: releaseText(misconception.feedback, '', variant, results(), lab.definition.tasks),
    },
    misconception,
  };
}

/**
 * Checks an answer and records it. Grading is pure and runs first; the attempt limit is checked
 * again and the submission and task result are written together inside the write batch's
 * transaction (one savepoint each, one commit for the batch), so parallel submissions can neither
 * exceed max_attempts nor award points twice, and the answer is acknowledged only once durable.
 */
export async function submitAnswer(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; taskId: string; answer: AnswerInput },
): Promise<SubmissionOutcome> {
  // Judged on the answer as it would be stored, whatever escaping the request body used.
  const rawAnswer = JSON.stringify(input.answer);
  const answerBytes = Buffer.byteLength(rawAnswer);
  if (answerBytes > MAX_ANSWER_BYTES)
    throw new AppError('payload_too_large', `${ANSWER_TOO_LARGE}; this one has ${answerBytes}`, 'answer');

  const { lab, variant, assignment } = await openTraineeLab(ctx, actor, input.labId, { forWriting: true });
  const task = lab.definition.tasks.find((candidate) => candidate.id === input.taskId);
  const resolved = variant.tasks.get(input.taskId);
  if (!task || !resolved) throw new AppError('not_found', 'This lab has no such task: reload the page.');

  requireSettledPrerequisites(ctx, actor, lab.definition.id, task);

  const now = ctx.now();
  requireAnswerPace(ctx, `${actor.id}:${lab.definition.id}:${task.id}`, now);
  const { checked, misconception } = checkWithMisconceptions(lab, variant, resolved, input.answer, () =>
    taskResultsFor(ctx.db, actor, lab.definition.id),
  );

  const base = {
    userId: actor.id,
    cohortId: assignment.cohortId,
    labId: lab.definition.id,
    labVersion: lab.definition.version,
    taskId: task.id,
    variantSeed: variant.seed,
    rawAnswer,
    createdAt: now,
  };

  if (checked.status === 'invalid') {
    // Stored for the record and for instructors, but it is not an attempt. Through the write batch
    // like every answer, so a lock held by another connection is waited for without blocking.
    const invalid = {
      ...base,
      rawAnswer: refusedAnswerRecord(rawAnswer),
      normalizedAnswer: null,
      verdict: 'invalid' as const,
      feedback: checked.feedback,
      scoreFraction: 0,
      pointsAwarded: 0,
      countsAsAttempt: false,
      misconception: null,
    };
    await ctx.writes.run((tx) => hotQueriesOf(tx).insertSubmission.get(invalid));
    throw new AppError('invalid_answer', checked.feedback, 'answer');
  }

  const verdict: SubmissionOutcome['verdict'] = checked.status === 'pending' ? 'pending' : checked.verdict;
  const fraction = checked.status === 'pending' ? 0 : checked.score;

  const outcome: SubmissionOutcome = await ctx.writes.run((tx, afterCommit) => {
    const queries = hotQueriesOf(tx);
    const key = { userId: actor.id, labId: lab.definition.id, taskId: task.id };
    const current = queries.taskResult.get(key);
    const refusal = attemptRefusal(task, current);
    if (refusal === 'solved') throw new AppError('conflict', 'This task is already solved.');
    if (refusal === 'no_attempts_left') throw new AppError('conflict', 'No attempts are left for this task.');

    const score = scoreAttempt(task, current, {
      verdict,
      fraction,
      hintCost: queries.hintCost.get(key)?.total ?? 0,
      at: now,
      penaltyBefore: penaltyOfEarlierAnswers(task, current?.wrongAttempts ?? 0, () => earlierMisconceptions(tx, key)),
    });
    const { status, attempts, points } = score;

    const submission = queries.insertSubmission.get({
      ...base,
      normalizedAnswer: checked.normalized,
      verdict,
      feedback: checked.feedback,
      scoreFraction: fraction,
      pointsAwarded: points,
      countsAsAttempt: true,
      misconception: misconception?.name ?? null,
    })!;
    const changedCohorts = saveTaskResult(
      tx,
      {
        userId: actor.id,
        labId: lab.definition.id,
        taskId: task.id,
        cohortId: assignment.cohortId,
        labVersion: lab.definition.version,
        ...score,
      },
      current,
      now,
    );

    // Only after the commit: a scoreboard that reloads on this event must see the new score.
    if (changedCohorts.length > 0) afterCommit(() => ctx.events.emit('scores-changed', changedCohorts, [actor.id]));
    // Any answer counts on a frozen board (a wrong one through the penalties it sets up).
    afterCommit(() => forgetFrozenBoardsMissing(ctx, [assignment.cohortId, ...changedCohorts], now));
    if (status !== 'open')
      markLabCompleteIfDone(
        tx,
        actor.id,
        lab.definition.id,
        lab.definition.tasks.map((candidate) => candidate.id),
        now,
      );

    return {
      submissionId: submission.id,
      verdict,
      score: fraction,
      feedback: checked.feedback,
      status,
      attempts,
      attemptsLeft: task.max_attempts === undefined ? null : Math.max(0, task.max_attempts - attempts),
      pointsEarned: points,
      // Filled in after the commit, when the other tasks' states are final.
      explanation: null,
    };
  });
  if ((outcome.status === 'solved' || outcome.status === 'failed') && task.explanation) {
    outcome.explanation = releaseText(
      task.explanation,
      task.id,
      variant,
      taskResultsFor(ctx.db, actor, lab.definition.id),
      lab.definition.tasks,
    );
  }
  return outcome;
}

/**
 * The penalty the earlier wrong attempts take off this one, when the task has anticipated wrong
 * answers with a penalty of their own: each of those costs its own penalty, every other wrong
 * attempt wrong_penalty. Undefined (wrong_penalty for each, the rule's default) for other tasks,
 * whose `earlier` (the earlier wrong answers by anticipated wrong answer) is then never asked for.
 */
export function penaltyOfEarlierAnswers(
  task: TaskDefinition,
  wrongBefore: number,
  earlier: () => { name: string | null; answers: number }[],
): number | undefined {
  const own = new Map(
    task.misconceptions.flatMap((misconception) =>
      misconception.penalty === undefined ? [] : [[misconception.name, misconception.penalty] as const],
    ),
  );
  if (own.size === 0 || wrongBefore === 0) return undefined;
  let penalty = task.wrong_penalty * wrongBefore;
  for (const { name, answers } of earlier())
    penalty +=
      ((name !== null ? own.get(name) : undefined) ?? task.wrong_penalty) * answers - task.wrong_penalty * answers;
  return Math.max(0, penalty);
}

/** A trainee's earlier wrong answers to a task that were anticipated ones, counted by name. */
function earlierMisconceptions(tx: Transaction, key: { userId: number; labId: string; taskId: string }) {
  return tx
    .select({ name: submissions.misconception, answers: count() })
    .from(submissions)
    .where(
      and(
        eq(submissions.userId, key.userId),
        eq(submissions.labId, key.labId),
        eq(submissions.taskId, key.taskId),
        eq(submissions.countsAsAttempt, true),
        inArray(submissions.verdict, ['incorrect', 'partial']),
        isNotNull(submissions.misconception),
      ),
    )
    .groupBy(submissions.misconception)
    .all();
}
