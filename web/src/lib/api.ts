import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import { t } from '../i18n/messages.ts';

/**
 * What the client knows about the session, so that one ended while the page is open (expiry, a
 * sign-out in another tab, a session deleted on the server) interrupts nothing: a request answered
 * 401 waits while the person signs in again, and is then sent again and answered to its caller as
 * if nothing had happened. The session context (session.tsx) drives it; the dialog lives in App.tsx.
 */
class SessionWatch {
  private userId: number | null = null;
  private abandoned = false;
  private resumption: Promise<boolean> | undefined;
  private settle: ((retry: boolean) => void) | undefined;
  private readonly listeners = new Set<() => void>();

  /** Who the app believes is signed in; null while nobody is, when a 401 is simply the answer. */
  signedIn(userId: number | null): void {
    this.userId = userId;
  }

  /** The id of the user the app believes is signed in, or null. */
  currentUserId(): number | null {
    return this.userId;
  }

  /** Whether the session has ended and requests are waiting for the person to sign in again. */
  hasEnded(): boolean {
    return this.resumption !== undefined;
  }

  /**
   * Whether this page belongs to a user who is no longer the one signed in (another person signed in
   * in its place): it is about to be replaced, and none of its requests may go out any more, or they
   * would act with the other person's session.
   */
  isAbandoned(): boolean {
    return this.abandoned;
  }

  /** Calls the listener each time the session is found to have ended; returns the unsubscribe. */
  onEnded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reports the session ended (once, however many requests find out at the same time) and resolves
   * when the person has signed in again: true to send the request again, false to give up on it.
   */
  ended(): Promise<boolean> {
    if (!this.resumption) {
      this.resumption = new Promise<boolean>((resolve) => (this.settle = resolve));
      for (const listener of this.listeners) listener();
    }
    return this.resumption;
  }

  /** Signed in again: the waiting requests are sent again (the same user) or given their 401 (signed out). */
  resume(retry: boolean): void {
    const settle = this.settle;
    this.resumption = undefined;
    this.settle = undefined;
    settle?.(retry);
  }

  /** Someone else is signed in now: nothing more is sent for this page's user (see isAbandoned). */
  abandon(): void {
    this.abandoned = true;
    this.userId = null;
    this.resume(false);
  }
}

/** The one session watch of the page. */
export const sessionWatch = new SessionWatch();

/** Sign-in, sign-out and "who am I": their 401 is an answer about credentials, not an ended session. */
const AUTH_PATH = /\/api\/auth\//u;

function pathOf(input: RequestInfo | URL): string {
  if (input instanceof Request) return input.url;
  return String(input);
}

/** The answer to a request that was not sent because nobody (or somebody else) is signed in. */
function notSignedIn(): Response {
  return new Response(JSON.stringify({ error: { code: 'unauthenticated', message: t('error.signedOut') } }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Every request of the typed client. State-changing requests must be JSON (the server's CSRF rule):
 * an empty object is sent when there is no body. A 401 while signed in waits for the person to sign
 * in again and is then sent again with the same body (the client's bodies are strings: reusable).
 * While the session has ended, new requests wait before they are sent rather than after: the cookie
 * may change to another person's meanwhile, and nothing meant for the first may reach the server as
 * the second. Requests sent while the page unloads (keepalive) cannot wait for anyone: during an
 * ended session they are not sent, and a 401 is their answer.
 */
async function sendRequest(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  const method = (init?.method ?? 'GET').toUpperCase();
  let prepared: RequestInit = { ...init, headers };
  if (method !== 'GET' && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
    prepared = { ...prepared, body: init?.body ?? '{}' };
  }
  if (AUTH_PATH.test(pathOf(input))) return fetch(input, prepared);
  for (;;) {
    if (sessionWatch.isAbandoned()) return notSignedIn();
    if (sessionWatch.hasEnded()) {
      if (prepared.keepalive || !(await sessionWatch.ended())) return notSignedIn();
      continue;
    }
    const response = await fetch(input, prepared);
    if (response.status !== 401 || prepared.keepalive || sessionWatch.currentUserId() === null) return response;
    // Another 401 after signing in again (the session ended once more) waits again.
    if (!(await sessionWatch.ended())) return response;
  }
}

/** How the API client sends requests (also the instructors' preview's client, lib/lab-space.tsx). */
export const clientOptions = { init: { credentials: 'same-origin' }, fetch: sendRequest } satisfies Parameters<
  typeof hc
>[1];

/** The typed client of the Casebench API: the only way the front end talks to the server. */
export const client = hc<AppType>('/', clientOptions).api;

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
export async function read<T>(
  request: Promise<Response & { json(): Promise<T> }>,
): Promise<Exclude<T, { error: unknown }>> {
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
  throw new ApiError(
    response.status,
    body.error?.code ?? 'unknown',
    body.error?.message ?? t('error.unknown'),
    body.error?.field,
  );
}

export type Catalogue = InferResponseType<typeof client.catalogue.$get, 200>;
export type CatalogueLab = Catalogue['labs'][number];
export type LabView = InferResponseType<(typeof client.labs)[':labId']['$get'], 200>['lab'];
export type TaskView = LabView['tasks'][number];
export type EvidenceView = LabView['evidence'][number];
export type SubmissionOutcome = InferResponseType<
  (typeof client.labs)[':labId']['tasks'][':taskId']['submissions']['$post'],
  201
>['submission'];
export type Me = InferResponseType<typeof client.auth.me.$get, 200>['user'];
export type LineWindow = InferResponseType<
  (typeof client.labs)[':labId']['evidence'][':evidenceId']['lines']['$get'],
  200
>;
export type SearchResult = InferResponseType<
  (typeof client.labs)[':labId']['evidence'][':evidenceId']['search']['$get'],
  200
>;

/** Instructors and administrators: the people who run cohorts. */
export const isStaff = (user: Pick<Me, 'role'> | null | undefined): boolean =>
  user?.role === 'instructor' || user?.role === 'admin';

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
export type TraineeHistory = InferResponseType<
  InstructorCohortRoute['trainees'][':userId']['submissions']['$get'],
  200
>;
export type CohortAnalytics = InferResponseType<InstructorCohortRoute['analytics']['$get'], 200>;
export type TaskAnalytics = CohortAnalytics['labs'][number]['tasks'][number];
export type ReviewQueue = InferResponseType<InstructorCohortRoute['reviews']['$get'], 200>;
export type ReviewEntry = ReviewQueue['entries'][number];
export type AuditEntry = InferResponseType<InstructorCohortRoute['audit']['$get'], 200>['entries'][number];
export type IntegritySignals = InferResponseType<InstructorCohortRoute['integrity']['$get'], 200>;

/** Addresses the browser opens itself (downloads, event streams), built by the typed client so they follow the routes. */
export const urls = {
  scoreboardStream: (cohortId: number | string, limit: number) =>
    client.scoreboard[':cohortId'].stream.$path({
      param: { cohortId: String(cohortId) },
      query: { limit: String(limit) },
    }),
  scoreboardCsv: (cohortId: number | string) =>
    client.scoreboard[':cohortId'].csv.$path({ param: { cohortId: String(cohortId) }, query: {} }),
  gradesCsv: (cohortId: number | string) =>
    client.instructor.cohorts[':cohortId']['grades.csv'].$path({ param: { cohortId: String(cohortId) } }),
};
