import type { ClientResponse } from 'hono/client';
import type { ErrorBody } from '../../server/errors.ts';

/** What a test reads of an answer: its status, its parsed JSON body (if any), the text and the headers. */
export interface Read<Body> {
  status: number;
  body: Body;
  text: string;
  headers: Headers;
}

/** The body a typed-client call declares for its success status (the error envelope is thrown, so not declared). */
type DeclaredBody<Response> = Response extends ClientResponse<infer Body, number, 'json'> ? Body : never;

/** What both a typed-client answer and a raw Response offer. */
interface Answer {
  status: number;
  headers: Headers;
  text(): Promise<string>;
}

/** Reads any answer (typed client or raw): its body parsed when it is JSON, typed as the caller says. */
export async function readAs<Body>(request: Promise<Answer>): Promise<Read<Body>> {
  const response = await request;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body: body as Body, text, headers: response.headers };
}

/**
 * Reads a typed-client answer, its body typed as the route declares it:
 * `await read(agent.api.cohorts.$post({ json: { name } }))`. Check `status` before trusting the body.
 */
export function read<Response extends ClientResponse<unknown>>(
  request: Promise<Response>,
): Promise<Read<DeclaredBody<Response>>> {
  return readAs<DeclaredBody<Response>>(request);
}

/** Reads an answer the test expects to be refused (typed client or raw): its body is the API's error envelope. */
export function readError(request: Promise<Answer>): Promise<Read<ErrorBody>> {
  return readAs<ErrorBody>(request);
}
