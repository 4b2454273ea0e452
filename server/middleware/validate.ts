import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { validationError } from '../errors.ts';

const TARGET_NAMES: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie', form: 'form' };

/** zod validation of one part of a request; failures answer in the API's error envelope. */
export function validate<Schema extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(result.error, TARGET_NAMES[target] ?? target);
  });
}
