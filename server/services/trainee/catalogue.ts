import { and, desc, eq, inArray } from 'drizzle-orm';
import { labAttempts, submissions, taskResults } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { answerPreview, submissionRecordColumns } from '../cohorts/cohort-submissions.ts';
import { assignmentsFor, requireLabAccess, type LabAssignment } from './lab-access.ts';

interface LabProgress {
  tasksTotal: number;
  tasksSolved: number;
  tasksSettled: number;
  points: number;
  maxPoints: number;
  startedAt: Date | null;
  completedAt: Date | null;
}

function progressByLab(ctx: ServiceContext, actor: Actor, assignments: LabAssignment[]): Map<string, LabProgress> {
  const labIds = assignments.map((assignment) => assignment.lab.definition.id);
  if (labIds.length === 0) return new Map();
  const results = ctx.db
    .select()
    .from(taskResults)
    .where(and(eq(taskResults.userId, actor.id), inArray(taskResults.labId, labIds)))
    .all();
  const attempts = ctx.db
    .select()
    .from(labAttempts)
    .where(and(eq(labAttempts.userId, actor.id), inArray(labAttempts.labId, labIds)))
    .all();
  return new Map(
    assignments.map(({ lab }) => {
      const id = lab.definition.id;
      const taskIds = new Set(lab.definition.tasks.map((task) => task.id));
      const mine = results.filter((row) => row.labId === id && taskIds.has(row.taskId));
      const attempt = attempts.find((row) => row.labId === id);
      return [
        id,
        {
          tasksTotal: taskIds.size,
          tasksSolved: mine.filter((row) => row.status === 'solved').length,
          tasksSettled: mine.filter((row) => row.status !== 'open').length,
          points: mine.reduce((total, row) => total + row.points, 0),
          maxPoints: lab.definition.tasks.reduce((total, task) => total + task.points, 0),
          startedAt: attempt?.startedAt ?? null,
          completedAt: attempt?.completedAt ?? null,
        },
      ];
    }),
  );
}

function labSummary(assignment: LabAssignment, progress: LabProgress | undefined) {
  const definition = assignment.lab.definition;
  return {
    id: definition.id,
    title: definition.title,
    summary: definition.summary,
    difficulty: definition.difficulty,
    durationMinutes: definition.duration_minutes,
    audiences: definition.audience,
    state: assignment.state,
    opensAt: assignment.opensAt,
    closesAt: assignment.closesAt,
    lockedBy: assignment.lockedBy,
    progress: progress!,
  };
}

/** The labs assigned to me, grouped by course in course order, with my progress on each. */
export function getCatalogue(ctx: ServiceContext, actor: Actor) {
  const assignments = assignmentsFor(ctx, actor);
  const progress = progressByLab(ctx, actor, assignments);
  const byLab = new Map(assignments.map((assignment) => [assignment.lab.definition.id, assignment]));
  const courseIds = [
    ...new Set(assignments.map((assignment) => assignment.courseId).filter((id): id is string => !!id)),
  ];
  const courses = courseIds
    .map((courseId) => ctx.library.courses.get(courseId))
    .filter((course) => course !== undefined)
    .map((course) => ({
      id: course.definition.id,
      title: course.definition.title,
      summary: course.definition.summary,
      audiences: course.definition.audience,
      labs: course.definition.labs
        .filter((entry) => byLab.has(entry.lab))
        .map((entry) => ({
          ...labSummary(byLab.get(entry.lab)!, progress.get(entry.lab)),
          optional: entry.optional,
          requires: entry.requires,
        })),
    }));
  const inCourses = new Set(courses.flatMap((course) => course.labs.map((lab) => lab.id)));
  const standalone = assignments
    .filter((assignment) => !inCourses.has(assignment.lab.definition.id))
    .sort((a, b) => a.lab.definition.title.localeCompare(b.lab.definition.title))
    .map((assignment) => labSummary(assignment, progress.get(assignment.lab.definition.id)));
  return { courses, labs: standalone };
}

/** How many of my latest submissions to a task are listed: far more than any task's attempts. */
export const MY_SUBMISSIONS_LIMIT = 100;

/**
 * My submissions for one task of a lab, newest first: the latest MY_SUBMISSIONS_LIMIT, each answer
 * shown up to a bounded prefix (malformed answers cost no attempt, so there can be any number, of
 * any size up to the answer limit).
 */
export function listMySubmissions(ctx: ServiceContext, actor: Actor, labId: string, taskId: string) {
  const { lab } = requireLabAccess(ctx, actor, labId);
  if (!lab.definition.tasks.some((task) => task.id === taskId))
    throw new AppError('not_found', 'This lab has no such task.');
  return ctx.db
    .select({
      id: submissions.id,
      answer: submissionRecordColumns.answer,
      verdict: submissions.verdict,
      feedback: submissions.feedback,
      score: submissions.scoreFraction,
      pointsAwarded: submissions.pointsAwarded,
      countsAsAttempt: submissions.countsAsAttempt,
      labVersion: submissions.labVersion,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .where(and(eq(submissions.userId, actor.id), eq(submissions.labId, labId), eq(submissions.taskId, taskId)))
    .orderBy(desc(submissions.id))
    .limit(MY_SUBMISSIONS_LIMIT)
    .all()
    .map((row) => ({ ...row, ...answerPreview(row.answer) }));
}
