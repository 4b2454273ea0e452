/**
 * Timing checks that hold on any machine, however fast or busy. A fixed number of milliseconds is
 * too tight on a loaded two-core runner and too loose on a fast laptop; instead, the cost of the
 * work under test is compared with the cost of ordinary work of the same code, measured alongside it
 * in the same process, so that both are slowed alike.
 */

/**
 * How many times as much checking a hostile input may cost as checking ordinary input of the same
 * code: far below what reading a megabyte instead of refusing it, or backtracking, costs (thirtyfold
 * to a thousandfold and more), far above what the noise of a busy machine does to costRatio.
 */
export const HOSTILE_COST_LIMIT = 10;

/** A timed run repeats a call for at least this long: long against the clock's resolution, short against the scheduler's time slices. */
const RUN_MS = 1;
/** Runs per side, alternating: enough that at least one of each is not interrupted by another process or a garbage collection. */
const RUNS = 9;

/** How many calls of `work` make a run of at least RUN_MS: one when a single call already takes that long. */
function callsPerRun(work: () => unknown): number {
  for (let calls = 1; ; calls *= 2) {
    const started = performance.now();
    for (let call = 0; call < calls; call++) work();
    if (performance.now() - started >= RUN_MS) return calls;
  }
}

function timePerCall(work: () => unknown, calls: number): number {
  const started = performance.now();
  for (let call = 0; call < calls; call++) work();
  return (performance.now() - started) / calls;
}

/**
 * How many times as long one call of `work` takes as one call of `yardstick`. The runs of the two
 * alternate, and each side's fastest run counts: another process or a garbage collection can make a
 * run slower than its work, never faster.
 */
export function costRatio(work: () => unknown, yardstick: () => unknown): number {
  const workCalls = callsPerRun(work);
  const yardstickCalls = callsPerRun(yardstick);
  let fastestWork = Number.POSITIVE_INFINITY;
  let fastestYardstick = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    fastestYardstick = Math.min(fastestYardstick, timePerCall(yardstick, yardstickCalls));
    fastestWork = Math.min(fastestWork, timePerCall(work, workCalls));
  }
  return fastestWork / fastestYardstick;
}
