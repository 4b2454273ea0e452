import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import { t } from '../i18n/messages.ts';

/** The typed client of the Casebench API: the only way the front end talks to the server. */
export const client = hc<AppType>('/', {
  init: { credentials: 'same-origin' },
  // State-changing requests must be JSON (the server's CSRF rule): send an empty object when there is no body.
  fetch: (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
      return fetch(input, { ...init, headers, body: init?.body ?? '{}' });
    }
    return fetch(input, { ...init, headers });
  },
}).api;

/** An error answered by the API, with its code and a message fit to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Reads a typed response, turning the API's error envelope (or a network failure) into an ApiError. */
export async function read<T>(request: Promise<Response & { json(): Promise<T> }>): Promise<Exclude<T, { error: unknown }>> {
  let response: Response & { json(): Promise<T> };
  try {
    response = await request;
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (response.ok) return (await response.json()) as Exclude<T, { error: unknown }>;
  let body: { error?: { code?: string; message?: string; field?: string } } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = {};
  }
  throw new ApiError(response.status, body.error?.code ?? 'unknown', body.error?.message ?? t('error.unknown'), body.error?.field);
}

export type Catalogue = InferResponseType<typeof client.catalogue.$get, 200>;
export type CatalogueLab = Catalogue['labs'][number];
export type LabView = InferResponseType<(typeof client.labs)[':labId']['$get'], 200>['lab'];
export type TaskView = LabView['tasks'][number];
export type EvidenceView = LabView['evidence'][number];
export type SubmissionOutcome = InferResponseType<(typeof client.labs)[':labId']['tasks'][':taskId']['submissions']['$post'], 201>['submission'];
export type Me = InferResponseType<typeof client.auth.me.$get, 200>['user'];
export type LineWindow = InferResponseType<(typeof client.labs)[':labId']['evidence'][':evidenceId']['lines']['$get'], 200>;
export type SearchResult = InferResponseType<(typeof client.labs)[':labId']['evidence'][':evidenceId']['search']['$get'], 200>;

export type Role = Me['role'];
/** Instructors and administrators: the people who run cohorts. */
export const isStaff = (user: Pick<Me, 'role'> | null | undefined): boolean => user?.role === 'instructor' || user?.role === 'admin';

type ScoreboardRoute = (typeof client.scoreboard)[':cohortId'];
export type ScoreboardSummary = InferResponseType<typeof client.scoreboard.$get, 200>['cohorts'][number];
export type Scoreboard = InferResponseType<ScoreboardRoute['$get'], 200>;
export type ScoreboardRow = Scoreboard['rows'][number];
export type ScoreboardVisibility = Scoreboard['cohort']['visibility'];
export type ScoreboardChart = InferResponseType<ScoreboardRoute['chart']['$get'], 200>;
export type ChartSeries = ScoreboardChart['series'][number];

type CohortRoute = (typeof client.cohorts)[':cohortId'];
export type CohortSummary = InferResponseType<typeof client.cohorts.$get, 200>['cohorts'][number];
export type CohortDetails = InferResponseType<CohortRoute['$get'], 200>;
export type CohortMember = CohortDetails['members'][number];
export type CohortAssignment = CohortDetails['assignments'][number];

type InstructorCohortRoute = (typeof client.instructor.cohorts)[':cohortId'];
export type CohortProgress = InferResponseType<InstructorCohortRoute['progress']['$get'], 200>;
export type ProgressTrainee = CohortProgress['trainees'][number];
export type TraineeHistory = InferResponseType<InstructorCohortRoute['trainees'][':userId']['submissions']['$get'], 200>;
export type CohortAnalytics = InferResponseType<InstructorCohortRoute['analytics']['$get'], 200>;
export type TaskAnalytics = CohortAnalytics['labs'][number]['tasks'][number];
export type ReviewQueue = InferResponseType<InstructorCohortRoute['reviews']['$get'], 200>;
export type ReviewEntry = ReviewQueue['entries'][number];
export type AuditEntry = InferResponseType<InstructorCohortRoute['audit']['$get'], 200>['entries'][number];
export type IntegritySignals = InferResponseType<InstructorCohortRoute['integrity']['$get'], 200>;

/** Addresses the browser opens itself (downloads, event streams), built by the typed client so they follow the routes. */
export const urls = {
  scoreboardStream: (cohortId: number | string) => client.scoreboard[':cohortId'].stream.$path({ param: { cohortId: String(cohortId) } }),
  scoreboardCsv: (cohortId: number | string) => client.scoreboard[':cohortId'].csv.$path({ param: { cohortId: String(cohortId) }, query: {} }),
  gradesCsv: (cohortId: number | string) => client.instructor.cohorts[':cohortId']['grades.csv'].$path({ param: { cohortId: String(cohortId) } }),
};
