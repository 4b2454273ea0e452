import { expect } from 'vitest';
import type { ErrorBody, ErrorCode } from '../../server/errors.ts';
import type { Agent } from './harness.ts';

/** A route as a refusal walk sends it: the method, the path, and a body where the route takes one. */
export type Route = [method: string, path: string, body?: unknown];

/** The id the walks below use for a cohort, submission or assignment that does not exist. */
export const MISSING_ID = 987654;

/**
 * Sends every route as the agent (raw JSON, so no route is left out for want of a typed call) and
 * expects each to be refused with the same status and error code, its answer naming none of `hidden`.
 */
export async function expectEveryRouteRefused(
  agent: Agent,
  routes: Route[],
  expected: { status: number; code: ErrorCode },
  hidden: string[] = [],
): Promise<void> {
  for (const [method, path, body] of routes) {
    const response = await agent.json<ErrorBody>(method, path, body);
    expect({ method, path, status: response.status, code: response.body?.error?.code }).toEqual({
      method,
      path,
      ...expected,
    });
    for (const text of hidden) expect(response.text, `${method} ${path}`).not.toContain(text);
  }
}

/**
 * Expects every route to answer 404 exactly as its twin in `missing` (the same route naming things
 * that do not exist): the same message once the ids are set aside, so an outsider learns nothing of
 * what exists. `ids` are the real ids in `routes`; `missing` names MISSING_ID in their place.
 */
export async function expectRoutesLikeMissing(
  agent: Agent,
  routes: Route[],
  missing: Route[],
  ids: number[],
  hidden: string[] = [],
): Promise<void> {
  const neutral = (message: string, ...named: number[]) =>
    named.reduce((text, id) => text.replaceAll(String(id), 'N'), message);
  for (const [index, [method, path, body]] of routes.entries()) {
    const response = await agent.json<ErrorBody>(method, path, body);
    const [missingMethod, missingPath, missingBody] = missing[index]!;
    const nonexistent = await agent.json<ErrorBody>(missingMethod, missingPath, missingBody);
    expect({ method, path, status: response.status, code: response.body.error.code }).toEqual({
      method,
      path,
      status: 404,
      code: 'not_found',
    });
    expect(neutral(response.body.error.message, ...ids)).toBe(neutral(nonexistent.body.error.message, MISSING_ID));
    for (const text of hidden) expect(response.text, `${method} ${path}`).not.toContain(text);
  }
}

/** Expects a cross-site POST (an Origin of another site) to the path to be refused with 403, the session living on. */
export async function expectCrossSitePostRefused(agent: Agent, path: string): Promise<void> {
  const response = await agent.request(path, {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
    body: '{}',
  });
  expect(response.status).toBe(403);
  expect((await agent.json('GET', '/api/auth/me')).status).toBe(200);
}
