import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error code the API answers with, and its HTTP status. */
export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // The Host header names a site this server is not configured to be (DNS rebinding).
  misdirected_request: 421,
  invalid_answer: 422,
  // An evidence query that cannot run as written (syntax, or a statement that does more than read).
  query_invalid: 400,
  // An evidence query stopped at its time or memory limit.
  query_limit: 422,
  too_many_requests: 429,
  internal: 500,
  // A package install that failed on the server's side part way and was undone: unlike internal, its
  // message (the step that failed, and that nothing was installed) is for the administrator to read.
  install_failed: 500,
  // The database stayed locked by another connection past the bounded wait: nothing was stored.
  busy: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof errorStatus;

/** An error a service throws on purpose; the handler turns it into the API's error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Where in the request's text the error is (an evidence query's syntax error), 1-based. */
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; position?: { line: number; column: number } };
}

/** The one error handler: known errors keep their code, anything else is logged and hidden. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof AppError) {
    if (error.code === 'busy') c.header('retry-after', '1');
    const body: ErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        ...(error.position ? { position: error.position } : {}),
      },
    };
    return c.json(body, errorStatus[error.code]);
  }
  if (error instanceof HTTPException) {
    const code = (Object.entries(errorStatus).find(([, status]) => status === error.status)?.[0] ??
      'bad_request') as ErrorCode;
    return c.json(
      { error: { code, message: error.message || 'The request was refused.' } } satisfies ErrorBody,
      error.status as ContentfulStatusCode,
    );
  }
  // A write outside the write batch met another connection's lock: the app connection does not wait
  // (see openDatabase), and the write rolled back, so the client may simply try again.
  if (isSqliteBusy(error))
    return c.json(
      {
        error: { code: 'busy', message: 'The server is busy: nothing was stored. Try again in a moment.' },
      } satisfies ErrorBody,
      errorStatus.busy,
      { 'retry-after': '1' },
    );
  console.error(error);
  return c.json(
    {
      error: {
        code: 'internal',
        message: 'Something went wrong on the server. Try again; if it happens again, tell your administrator.',
      },
    } satisfies ErrorBody,
    500,
  );
}

/** Whether SQLite refused because another connection holds a lock (the app connection never waits for one). */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Turns the first zod issue of a request into the API's error envelope, naming the field. Messages
 * our schemas write for people are whole sentences (ending with a full stop) and are passed on as
 * they are; zod's own wording is for API clients, so it keeps the part of the request it concerns
 * (and the web app shows a plain sentence in its place).
 */
export function validationError(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  target: string,
): AppError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  if (issue && /[.!?]$/u.test(issue.message.trim())) return new AppError('bad_request', issue.message.trim(), field);
  return new AppError(
    'bad_request',
    `${target}${field ? ` field "${field}"` : ''}: ${issue?.message ?? 'invalid'}`,
    field,
  );
}
