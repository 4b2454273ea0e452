import type { Clock, Timer } from '../../server/lib/clock.ts';

/**
 * Lets the work already started finish: every promise that can settle without a timer or I/O has
 * settled when this resolves (the macrotask runs only after the microtask queue is empty). In-process
 * streams (`app.request`) pass their chunks through promises only, so what was written is then readable.
 */
export function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Scheduled {
  due: number;
  /** Order of scheduling: timers due at the same time run in the order they were set. */
  order: number;
  callback: () => void;
  every?: number;
}

/**
 * A clock that moves only when the test moves it: `advance` runs the timers that fall due, in time
 * order, so "nothing happened until the clock moved" is a fact rather than a wait.
 */
export class ManualClock implements Clock {
  private time: number;
  private readonly timers = new Set<Scheduled>();
  private scheduled = 0;

  constructor(start: Date) {
    this.time = start.getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimeout(callback: () => void, ms: number): Timer {
    return this.schedule({ due: this.time + Math.max(0, ms), order: this.scheduled++, callback });
  }

  setInterval(callback: () => void, ms: number): Timer {
    const every = Math.max(1, ms);
    return this.schedule({ due: this.time + every, order: this.scheduled++, callback, every });
  }

  /** How many timers wait to run: what a test checks to prove a stream left nothing behind. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms` (0 runs what is due now), running each timer at its own time and
   * letting the work it starts settle before the next. Time moves at once when no timer falls due,
   * so callers that do not await still see the new time.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.time = next.due;
      if (next.every === undefined) this.timers.delete(next);
      else {
        next.due += next.every;
        next.order = this.scheduled++;
      }
      next.callback();
      await settled();
    }
    this.time = target;
  }

  private schedule(entry: Scheduled): Timer {
    this.timers.add(entry);
    return { cancel: () => this.timers.delete(entry) };
  }

  private nextDue(limit: number): Scheduled | undefined {
    let first: Scheduled | undefined;
    for (const timer of this.timers)
      if (
        timer.due <= limit &&
        (!first || timer.due < first.due || (timer.due === first.due && timer.order < first.order))
      )
        first = timer;
    return first;
  }
}
