import { runInterruptibly, TIMED_OUT } from '../interruptible.ts';

/** How long one author's pattern may run against one answer before it is judged unsafe. */
export const REGEX_TIME_LIMIT_MS = 100;

/**
 * Runs a regular expression under a time limit. Static checks (safe-regex2) miss some patterns that
 * backtrack catastrophically, such as overlapping alternatives; V8 can interrupt a script run with
 * a timeout, so a pattern that hangs costs at most the limit instead of the whole server.
 */
export function testWithTimeLimit(pattern: RegExp, text: string, timeoutMs = REGEX_TIME_LIMIT_MS): boolean | 'timeout' {
  // The limit counts wall-clock time, so a busy machine or a garbage-collection pause can use it up
  // for a harmless pattern: only a second run with ten times the time proves the pattern slow.
  const first = runOnce(pattern, text, timeoutMs);
  return first === 'timeout' ? runOnce(pattern, text, timeoutMs * 10) : first;
}

function runOnce(pattern: RegExp, text: string, timeoutMs: number): boolean | 'timeout' {
  const matched = runInterruptibly(() => pattern.test(text), timeoutMs);
  return matched === TIMED_OUT ? 'timeout' : matched;
}
