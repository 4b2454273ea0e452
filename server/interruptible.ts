import { createContext, Script } from 'node:vm';

/** What `runInterruptibly` returns when the work was stopped at its time limit. */
export const TIMED_OUT = Symbol('timed out');

// node:vm's timeout is the one way to interrupt a running regular expression without a worker
// thread: a watchdog thread terminates the JavaScript running inside runInContext, including the
// calls it makes back into this realm. About 0.1 ms per call, so callers batch work into one call.
const script = new Script('work()');
const context = createContext({ work: (): unknown => undefined });

/**
 * Runs synchronous work, stopping it once it has run for `timeoutMs` (wall-clock time): the
 * trainee's search regexes and the authors' answer patterns, which static checks cannot all vet.
 */
export function runInterruptibly<T>(work: () => T, timeoutMs: number): T | typeof TIMED_OUT {
  context.work = work;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.ceil(timeoutMs)) }) as T;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return TIMED_OUT;
    throw error;
  } finally {
    context.work = () => undefined;
  }
}
