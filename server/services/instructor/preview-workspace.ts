import type { taskResults } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { AnswerInput } from '../../grading/types.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import type { TaskDefinition } from '../../labs/schema.ts';
import { attemptRefusal, scoreAttempt } from '../scoring/rule.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireStaff } from '../policy.ts';
import { evidenceFileOf, type EvidenceFile } from '../trainee/evidence.ts';
import { releaseText } from '../trainee/released-text.ts';
import { requireHintsBefore } from '../trainee/hints.ts';
import { NOTES_SAVED_ELSEWHERE } from '../trainee/notes.ts';
import {
  ANSWER_TOO_LARGE,
  checkWithMisconceptions,
  MAX_ANSWER_BYTES,
  penaltyOfEarlierAnswers,
  requireAnswerPace,
  type SubmissionOutcome,
} from '../trainee/submit-answer.ts';
import {
  describeTraineeLab,
  explanationReleased,
  prerequisiteRefusal,
  type LastAnswer,
} from '../trainee/trainee-lab.ts';
import type { LabVariant } from '../trainee/variant-store.ts';

/*
 * The instructors' "try it as a trainee": the trainee's workspace, with the trainee's own routes and
 * screens, over a preview variant of a lab. Answers are checked and scored by the same rules, hints
 * unlock at their cost, notes are kept, but all of it only in this process's memory, for the staff
 * member who did it: nothing reaches the database, so no trainee's work, board or analytics changes,
 * and a restart forgets it.
 */

type TaskResultRow = typeof taskResults.$inferSelect;

/** A preview's seed as the address carries it: chosen at random by the page, one per "another variant". */
export const PREVIEW_SEED = /^[0-9a-f]{12}$/u;

/** Preview records kept per process (each a staff member's tries on one lab and variant); the oldest go first. */
const MAX_RECORDS = 200;

/** What a staff member did in one preview: the trainee's record, in memory. */
interface PreviewRecord {
  startedAt: Date;
  completedAt: Date | null;
  results: Map<string, TaskResultRow>;
  unlocked: { taskId: string; hintIndex: number; cost: number }[];
  lastAnswers: Map<string, LastAnswer>;
  /** Each task's earlier wrong answers that were anticipated ones, counted by name, for their penalties. */
  misconceptions: Map<string, Map<string, number>>;
  notes: { body: string; revision: number; updatedAt: Date | null };
}

/** The records of one server (keyed by its variant store, which lives as long as its services). */
const recordsOf = new WeakMap<object, Map<string, PreviewRecord>>();

/** The variant a preview seed names: its own namespace, never a trainee's seed (24 hex digits). */
export const previewVariantSeed = (seed: string) => `preview-${seed}`;

interface OpenPreview {
  lab: LoadedLab;
  variant: LabVariant;
  record: PreviewRecord;
}

function openPreview(ctx: ServiceContext, actor: Actor, labId: string, seed: string): OpenPreview {
  requireStaff(actor);
  if (!PREVIEW_SEED.test(seed))
    throw new AppError(
      'bad_request',
      'This is not a preview variant: open the preview again from the library.',
      'seed',
    );
  const lab = ctx.library.labs.get(labId);
  if (!lab)
    throw new AppError('not_found', 'This lab is not in the library. Reload the page to see the labs there are.');
  let records = recordsOf.get(ctx.variants);
  if (!records) {
    records = new Map();
    recordsOf.set(ctx.variants, records);
  }
  // By version too: a lab published anew while a preview is open starts a fresh record.
  const key = `${actor.id}/${seed}/${labId}/${lab.definition.version}`;
  let record = records.get(key);
  if (record) records.delete(key);
  else
    record = {
      startedAt: ctx.now(),
      completedAt: null,
      results: new Map(),
      unlocked: [],
      lastAnswers: new Map(),
      misconceptions: new Map(),
      notes: { body: '', revision: 0, updatedAt: null },
    };
  records.set(key, record);
  if (records.size > MAX_RECORDS) records.delete(records.keys().next().value!);
  return { lab, variant: ctx.variants.get(lab, previewVariantSeed(seed)), record };
}

function taskOf(lab: LoadedLab, taskId: string): TaskDefinition {
  const task = lab.definition.tasks.find((candidate) => candidate.id === taskId);
  if (!task) throw new AppError('not_found', 'This lab has no such task: reload the page.');
  return task;
}

function requireSettled(lab: LoadedLab, task: TaskDefinition, record: PreviewRecord): void {
  const refusal = prerequisiteRefusal(lab, task, record.results);
  if (refusal) throw new AppError('forbidden', refusal);
}

/** The lab as the trainee's workspace shows it, from the preview's record. */
export function getPreviewLab(ctx: ServiceContext, actor: Actor, labId: string, seed: string) {
  const { lab, variant, record } = openPreview(ctx, actor, labId, seed);
  return describeTraineeLab({
    lab,
    variant,
    state: 'open',
    opensAt: null,
    closesAt: null,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    results: record.results,
    unlocked: record.unlocked,
    reviews: new Map(),
    lastAnswers: record.lastAnswers,
  });
}

/**
 * Checks an answer as a trainee's would be checked (the same checker, anticipated wrong answers,
 * attempt limits, hint costs and penalties) and keeps the outcome in the preview's record only.
 */
export function submitPreviewAnswer(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; taskId: string; seed: string; answer: AnswerInput },
): SubmissionOutcome {
  const answerBytes = Buffer.byteLength(JSON.stringify(input.answer));
  if (answerBytes > MAX_ANSWER_BYTES)
    throw new AppError('payload_too_large', `${ANSWER_TOO_LARGE}; this one has ${answerBytes}`, 'answer');
  const { lab, variant, record } = openPreview(ctx, actor, input.labId, input.seed);
  const task = taskOf(lab, input.taskId);
  const resolved = variant.tasks.get(task.id)!;
  requireSettled(lab, task, record);

  const now = ctx.now();
  requireAnswerPace(ctx, `preview:${actor.id}:${lab.definition.id}:${task.id}`, now);
  const { checked, misconception } = checkWithMisconceptions(
    lab,
    variant,
    resolved,
    input.answer,
    () => record.results,
  );
  if (checked.status === 'invalid') throw new AppError('invalid_answer', checked.feedback, 'answer');

  const current = record.results.get(task.id);
  const refusal = attemptRefusal(task, current);
  if (refusal === 'solved') throw new AppError('conflict', 'This task is already solved.');
  if (refusal === 'no_attempts_left') throw new AppError('conflict', 'No attempts are left for this task.');
  const verdict: SubmissionOutcome['verdict'] = checked.status === 'pending' ? 'pending' : checked.verdict;
  const fraction = checked.status === 'pending' ? 0 : checked.score;
  const earlier = record.misconceptions.get(task.id) ?? new Map<string, number>();
  const score = scoreAttempt(task, current, {
    verdict,
    fraction,
    hintCost: record.unlocked.filter((hint) => hint.taskId === task.id).reduce((sum, hint) => sum + hint.cost, 0),
    at: now,
    penaltyBefore: penaltyOfEarlierAnswers(task, current?.wrongAttempts ?? 0, () =>
      [...earlier].map(([name, answers]) => ({ name, answers })),
    ),
  });
  if (misconception && (verdict === 'incorrect' || verdict === 'partial'))
    record.misconceptions.set(task.id, earlier.set(misconception.name, (earlier.get(misconception.name) ?? 0) + 1));
  record.results.set(task.id, {
    userId: actor.id,
    labId: lab.definition.id,
    taskId: task.id,
    cohortId: 0,
    labVersion: lab.definition.version,
    ...score,
    scoredAt: score.points > (current?.points ?? 0) ? now : (current?.scoredAt ?? null),
    updatedAt: now,
  });
  record.lastAnswers.set(task.id, { answer: input.answer, verdict, feedback: checked.feedback, submittedAt: now });
  if (lab.definition.tasks.every((candidate) => explanationReleased(record.results.get(candidate.id))))
    record.completedAt ??= now;
  return {
    // Nothing is stored, so there is no submission to number.
    submissionId: 0,
    verdict,
    score: fraction,
    feedback: checked.feedback,
    status: score.status,
    attempts: score.attempts,
    attemptsLeft: task.max_attempts === undefined ? null : Math.max(0, task.max_attempts - score.attempts),
    pointsEarned: score.points,
    explanation:
      explanationReleased(record.results.get(task.id)) && task.explanation
        ? releaseText(task.explanation, task.id, variant, record.results, lab.definition.tasks)
        : null,
  };
}

/** Unlocks a hint in the preview, in order and at its cost, as a trainee's. */
export function unlockPreviewHint(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; taskId: string; index: number; seed: string },
) {
  const { lab, variant, record } = openPreview(ctx, actor, input.labId, input.seed);
  const task = taskOf(lab, input.taskId);
  const hint = task.hints[input.index];
  if (!hint) throw new AppError('not_found', 'This task has no such hint.');
  requireSettled(lab, task, record);
  const unlocked = record.unlocked.filter((row) => row.taskId === task.id);
  const existing = unlocked.find((row) => row.hintIndex === input.index);
  if (!existing) {
    requireHintsBefore(
      unlocked.map((row) => row.hintIndex),
      input.index,
    );
    record.unlocked.push({ taskId: task.id, hintIndex: input.index, cost: hint.cost });
  }
  return {
    index: input.index,
    cost: existing?.cost ?? hint.cost,
    text: releaseText(hint.text, task.id, variant, record.results, lab.definition.tasks),
  };
}

/** The preview's notes (the trainee's notes pane works in the preview too, in memory). */
export function getPreviewNotes(ctx: ServiceContext, actor: Actor, labId: string, seed: string) {
  return { ...openPreview(ctx, actor, labId, seed).record.notes };
}

/** Saves the preview's notes, refusing an edit of an older revision as the trainee's notes do. */
export function savePreviewNotes(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  seed: string,
  input: { body: string; baseRevision: number },
) {
  const { record } = openPreview(ctx, actor, labId, seed);
  if (record.notes.revision !== input.baseRevision)
    throw new AppError('conflict', NOTES_SAVED_ELSEWHERE, 'baseRevision');
  record.notes = { body: input.body, revision: record.notes.revision + 1, updatedAt: ctx.now() };
  return { revision: record.notes.revision, updatedAt: record.notes.updatedAt };
}

/** An artefact of the preview variant, for the evidence routes (download, lines, search, views). */
export function findPreviewEvidence(
  ctx: ServiceContext,
  actor: Actor,
  input: { labId: string; evidenceId: string; seed: string },
  options: { textOnly?: boolean } = {},
): EvidenceFile {
  const { lab, variant } = openPreview(ctx, actor, input.labId, input.seed);
  return evidenceFileOf(lab, variant, input.evidenceId, options);
}
