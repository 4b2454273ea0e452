import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { and, desc, eq, sql } from 'drizzle-orm';
import { hotQueriesOf } from '../../db/hot-queries.ts';
import { hintUnlocks, reviews, submissions, type taskResults, type StoredVerdict } from '../../db/schema.ts';
import { publicAnswerShape } from '../../grading/registry.ts';
import type { AnswerInput } from '../../grading/types.ts';
import { interpolate, type VariantValues } from '../../grading/variables.ts';
import { AppError } from '../../errors.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import type { TaskDefinition } from '../../labs/schema.ts';
import { listInWords, quoted } from '../../lib/words.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { accessRowsOf, requireLabAccess, variantSeedFor, type LabAssignment } from './lab-access.ts';
import { releaseText } from './released-text.ts';
import type { LabVariant } from './variant-store.ts';

/** Another answer to the same task, for "the latest one" subqueries. */
const later = alias(submissions, 'later');

type TaskResultRow = typeof taskResults.$inferSelect;

/** Everything the services need to act on one trainee's lab: their assignment, variant and results. */
export interface TraineeLab {
  assignment: LabAssignment;
  lab: LoadedLab;
  variant: LabVariant;
  startedAt: Date;
  completedAt: Date | null;
}

/** Opens the actor's variant of an assigned lab (creating their seed on first visit). */
export async function openTraineeLab(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  options: { forWriting?: boolean } = {},
): Promise<TraineeLab> {
  const access = accessRowsOf(ctx, actor);
  const assignment = requireLabAccess(ctx, actor, labId, options, access);
  const { seed, startedAt, completedAt } = await variantSeedFor(ctx, actor, labId, access);
  return { assignment, lab: assignment.lab, variant: ctx.variants.get(assignment.lab, seed), startedAt, completedAt };
}

/** A trainee's task results in a lab by task id, read through `db` (the transaction, inside one). */
export function taskResultsFor(db: DbOrTransaction, actor: Actor, labId: string): Map<string, TaskResultRow> {
  const rows = hotQueriesOf(db).taskResultsOfLab.all({ userId: actor.id, labId });
  return new Map(rows.map((row) => [row.taskId, row]));
}

/** Whether the rules let the trainee see a task's explanation: once it is solved or out of attempts. */
export function explanationReleased(result: TaskResultRow | undefined): boolean {
  return result?.status === 'solved' || result?.status === 'failed';
}

/** Values a lab declared public; the only ones that may reach the brief and prompts. */
export function publicValues(lab: LoadedLab, values: VariantValues): VariantValues {
  const declared = lab.definition.variants?.values ?? {};
  return Object.fromEntries(Object.entries(values).filter(([name]) => declared[name]?.public));
}

/**
 * Refuses to act on a task whose required tasks are not settled yet; reads the trainee's results
 * only when the task requires something (most do not, and answers take this path).
 */
export function requireSettledPrerequisites(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  task: TaskDefinition,
): void {
  if (task.requires.length === 0) return;
  const lab = ctx.library.labs.get(labId);
  const refusal = lab && prerequisiteRefusal(lab, task, taskResultsFor(ctx.db, actor, labId));
  if (refusal) throw new AppError('forbidden', refusal);
}

/**
 * Why a task cannot be acted on yet, numbered and titled the way the workspace lists its tasks
 * ("Finish “1. The attacking address” first."), or undefined when its required tasks are settled.
 */
export function prerequisiteRefusal(
  lab: LoadedLab,
  task: TaskDefinition,
  results: Map<string, TaskResultRow>,
): string | undefined {
  const waitingFor = unmetRequirements(task, results);
  if (waitingFor.length === 0) return undefined;
  const tasks = lab.definition.tasks;
  const names = waitingFor.map((required) => {
    const index = tasks.findIndex((candidate) => candidate.id === required);
    return index < 0 ? 'the tasks before this one' : quoted(`${index + 1}. ${tasks[index]!.title}`);
  });
  return `Finish ${listInWords(names)} first.`;
}

/**
 * The tasks a task still waits for. A required task counts once it is settled: solved, or out of
 * attempts (its explanation is then shown anyway), so a failed task never locks the rest for good.
 */
export function unmetRequirements(task: TaskDefinition, results: Map<string, TaskResultRow>): string[] {
  return task.requires.filter((required) => !explanationReleased(results.get(required)));
}

/** What the trainee last sent for a task, as they sent it, with the verdict and feedback they were shown. */
export interface LastAnswer {
  answer: AnswerInput;
  verdict: Exclude<StoredVerdict, 'invalid'>;
  feedback: string;
  submittedAt: Date;
}

/**
 * The last counted answer of each task of a trainee's lab (malformed input that cost no attempt is
 * not shown back: the field already showed why it was refused). One row per task through the
 * (user, lab, task) index.
 */
export function lastAnswersOf(ctx: ServiceContext, actor: Actor, labId: string): Map<string, LastAnswer> {
  const latest = sql`(select max(${later.id}) from ${submissions} ${later}
    where ${later.userId} = ${submissions.userId} and ${later.labId} = ${submissions.labId}
      and ${later.taskId} = ${submissions.taskId} and ${later.countsAsAttempt} = 1)`;
  const rows = ctx.db
    .select({
      taskId: submissions.taskId,
      rawAnswer: submissions.rawAnswer,
      verdict: submissions.verdict,
      feedback: submissions.feedback,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .where(and(eq(submissions.userId, actor.id), eq(submissions.labId, labId), eq(submissions.id, latest)))
    .all();
  const answers = new Map<string, LastAnswer>();
  for (const row of rows) {
    // Counted answers passed the route's validation and are stored whole (only refused ones are cut),
    // so the column holds the answer exactly as sent; the verdict test only narrows the type.
    if (row.verdict === 'invalid') continue;
    answers.set(row.taskId, {
      answer: JSON.parse(row.rawAnswer) as AnswerInput,
      verdict: row.verdict,
      feedback: row.feedback,
      submittedAt: row.createdAt,
    });
  }
  return answers;
}

/**
 * The trainee's view of a lab. It is assembled field by field from what a trainee may see, never by
 * copying the definition, so reference answers, unreleased explanations and locked hint texts cannot
 * slip into it.
 */
export async function getTraineeLab(ctx: ServiceContext, actor: Actor, labId: string) {
  const opened = await openTraineeLab(ctx, actor, labId);
  const { lab, variant, assignment } = opened;
  const results = taskResultsFor(ctx.db, actor, labId);
  const unlocked = ctx.db
    .select()
    .from(hintUnlocks)
    .where(and(eq(hintUnlocks.userId, actor.id), eq(hintUnlocks.labId, labId)))
    .all();
  // The instructor's grade and comment on the latest reviewed manual answer of each task.
  const latestReviews = new Map<string, { points: number; comment: string; reviewedAt: Date }>();
  for (const row of ctx.db
    .select({
      taskId: submissions.taskId,
      points: reviews.points,
      comment: reviews.comment,
      reviewedAt: reviews.reviewedAt,
    })
    .from(reviews)
    .innerJoin(submissions, eq(submissions.id, reviews.submissionId))
    .where(and(eq(submissions.userId, actor.id), eq(submissions.labId, labId)))
    .orderBy(desc(submissions.id))
    .all())
    if (!latestReviews.has(row.taskId))
      latestReviews.set(row.taskId, { points: row.points, comment: row.comment, reviewedAt: row.reviewedAt });
  const lastAnswers = lastAnswersOf(ctx, actor, labId);

  return describeTraineeLab({
    lab,
    variant,
    state: assignment.state,
    opensAt: assignment.opensAt,
    closesAt: assignment.closesAt,
    startedAt: opened.startedAt,
    completedAt: opened.completedAt,
    results,
    unlocked,
    reviews: latestReviews,
    lastAnswers,
  });
}

/** What the trainee's view of a lab is made of: the lab, the variant and the trainee's record of it. */
export interface TraineeLabRecord {
  lab: LoadedLab;
  variant: LabVariant;
  state: LabAssignment['state'];
  opensAt: Date | null;
  closesAt: Date | null;
  startedAt: Date;
  completedAt: Date | null;
  results: Map<string, TaskResultRow>;
  unlocked: Pick<typeof hintUnlocks.$inferSelect, 'taskId' | 'hintIndex' | 'cost'>[];
  reviews: Map<string, { points: number; comment: string; reviewedAt: Date }>;
  lastAnswers: Map<string, LastAnswer>;
}

/**
 * The trainee's view of a lab from their record: also the instructors' preview (preview-workspace.ts),
 * whose record is kept in memory, so that both show a lab the same way.
 */
export function describeTraineeLab(record: TraineeLabRecord) {
  const { lab, variant, results, unlocked, lastAnswers } = record;
  const definition = lab.definition;
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    summary: definition.summary,
    difficulty: definition.difficulty,
    durationMinutes: definition.duration_minutes,
    audiences: definition.audience,
    skills: definition.skills,
    objectives: definition.objectives,
    state: record.state,
    opensAt: record.opensAt,
    closesAt: record.closesAt,
    startedAt: record.startedAt,
    completedAt: record.completedAt,
    brief: interpolate(lab.brief, publicValues(lab, variant.values)),
    evidence: lab.evidence.map((item) => {
      const generated = variant.files.get(item.definition.id);
      return {
        id: item.definition.id,
        title: item.definition.title,
        description: item.definition.description ?? null,
        kind: item.definition.kind,
        format: item.definition.format ?? null,
        fileName: item.definition.file.split('/').pop()!,
        size: generated?.size ?? item.size ?? 0,
        sha256: generated?.sha256 ?? item.definition.sha256!,
        custody: item.definition.custody,
      };
    }),
    tasks: definition.tasks.map((task) => {
      const result = results.get(task.id);
      const resolved = variant.tasks.get(task.id)!;
      const waitingFor = unmetRequirements(task, results);
      const attempts = result?.attempts ?? 0;
      return {
        id: task.id,
        title: task.title,
        prompt: waitingFor.length > 0 ? null : resolved.prompt,
        locked: waitingFor.length > 0,
        requires: task.requires,
        points: task.points,
        placeholder: task.placeholder ?? null,
        answer: publicAnswerShape(resolved.answer),
        maxAttempts: task.max_attempts ?? null,
        wrongPenalty: task.wrong_penalty,
        status: result?.status ?? 'open',
        attempts,
        attemptsLeft: task.max_attempts === undefined ? null : Math.max(0, task.max_attempts - attempts),
        pointsEarned: result?.points ?? 0,
        hints: task.hints.map((hint, index) => {
          const unlock = unlocked.find((row) => row.taskId === task.id && row.hintIndex === index);
          return {
            index,
            cost: unlock?.cost ?? hint.cost,
            unlocked: !!unlock,
            text: unlock ? releaseText(hint.text, task.id, variant, results, definition.tasks) : null,
          };
        }),
        explanation:
          explanationReleased(result) && task.explanation
            ? releaseText(task.explanation, task.id, variant, results, definition.tasks)
            : null,
        review: record.reviews.get(task.id) ?? null,
        // Shown back in the answer field, so the controls show what was sent after a reload too.
        lastAnswer: waitingFor.length > 0 ? null : (lastAnswers.get(task.id) ?? null),
      };
    }),
  };
}
