import type { Context } from 'hono';
import { AppError } from '../errors.ts';

/**
 * The deepest nesting of arrays and objects a request body may have. No route takes more than three
 * levels; the limit stops a body of a few hundred thousand brackets, which costs hundreds of
 * milliseconds to parse and more to validate, before JSON.parse sees it.
 */
const MAX_JSON_DEPTH = 16;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether a JSON text nests arrays and objects deeper than `limit`, read in one pass without parsing. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Reads and parses the JSON body once, refusing deep nesting before parsing, and leaves the result
 * where Hono's validator looks for it (the request's body cache). Runs where the route validates its
 * body, after the route's own earlier checks (a throttled sign-in is refused before this). The text
 * is read through the Node adapter's direct reader, as the validator would.
 */
export async function readJsonBody(c: Context): Promise<void> {
  const bodyCache = c.req.bodyCache as { json?: Promise<unknown> };
  if (bodyCache.json) return;
  const text = await c.req.text();
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new AppError('bad_request', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid JSON');
  }
  bodyCache.json = Promise.resolve(value);
}
