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
