import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { validator as honoValidator } from 'hono/validator';
import type { z } from 'zod';
import { validationError } from '../errors.ts';
import { readJsonBody } from './json-body.ts';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
  form: 'form',
};

/**
 * zod validation of one part of a request; failures answer in the API's error envelope. A JSON body
 * is read and depth-checked here, at the route's validation step, not before routing.
 */
export function validate<Schema extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(result.error, TARGET_NAMES[target] ?? target);
  });
  if (target === 'param' || target === 'query') return remembering(target, schema) as unknown as typeof validator;
  if (target !== 'json') return validator;
  const withBody: MiddlewareHandler = async (c, next) => {
    // Only bodies the validator would parse: it ignores a body sent without a JSON content type.
    if (/^application\/([a-z-.]+\+)?json\b/iu.test(c.req.header('content-type') ?? '')) await readJsonBody(c);
    return validator(c, next);
  };
  return withBody as typeof validator;
}

/** How many distinct paths or query strings one route's validation remembers before it starts over. */
const REMEMBERED = 256;

/**
 * Path and query validation that remembers what it gave for the same raw values: a live board is asked
 * for again and again with the same cohort and limit, and zod's parse of them was about a tenth of such
 * a request's time. Only successes are remembered (a failure is thrown each time, with zod's own
 * message); what is given is frozen, so a handler cannot change what the next request receives.
 */
function remembering(target: 'param' | 'query', schema: z.ZodType): MiddlewareHandler {
  const given = new Map<string, unknown>();
  return honoValidator(target, (value) => {
    const key = JSON.stringify(value);
    const known = given.get(key);
    if (known !== undefined) return known;
    const result = schema.safeParse(value);
    if (!result.success) throw validationError(result.error, TARGET_NAMES[target] ?? target);
    if (given.size >= REMEMBERED) given.clear();
    const data = typeof result.data === 'object' && result.data !== null ? Object.freeze(result.data) : result.data;
    given.set(key, data);
    return data;
  });
}
