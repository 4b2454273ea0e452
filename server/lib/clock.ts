/** A scheduled callback; `cancel` is safe to call more than once, and after it ran. */
export interface Timer {
  cancel(): void;
}

/**
 * Time and timers for behaviour that depends on them (event-stream notices and heartbeats, session
 * rechecks, throttle windows): injected so that tests move time themselves instead of waiting for it.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` once, `ms` from now. */
  setTimeout(callback: () => void, ms: number): Timer;
  /** Calls `callback` every `ms` until cancelled. */
  setInterval(callback: () => void, ms: number): Timer;
}

/**
 * The machine's clock and the global timers. Its timers never keep the process alive on their own
 * (the server's socket does): an open stream must not hold up an exit.
 */
export const realClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms).unref();
    return { cancel: () => clearTimeout(timer) };
  },
  setInterval(callback, ms) {
    const timer = setInterval(callback, ms).unref();
    return { cancel: () => clearInterval(timer) };
  },
};
