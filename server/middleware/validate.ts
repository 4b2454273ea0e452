import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
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
  if (target !== 'json') return validator;
  const withBody: MiddlewareHandler = async (c, next) => {
    // Only bodies the validator would parse: it ignores a body sent without a JSON content type.
    if (/^application\/([a-z-.]+\+)?json\b/iu.test(c.req.header('content-type') ?? '')) await readJsonBody(c);
    return validator(c, next);
  };
  return withBody as typeof validator;
}
