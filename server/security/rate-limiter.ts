/**
 * Events per key inside a sliding window of time, in memory: Casebench runs as one process on one
 * machine, so an in-process counter sees every request. Expired events are dropped as keys are read,
 * and keys with nothing left in the window are swept at most once per window, so memory stays bounded.
 */
export class SlidingWindow<Event extends { at: number } = { at: number }> {
  private readonly events = new Map<string, Event[]>();
  private lastSweep = 0;

  constructor(readonly windowMs: number) {}

  /** The key's events still inside the window, oldest first. */
  recent(key: string, now: number): Event[] {
    const events = this.events.get(key);
    if (!events) return [];
    const kept = events.filter((event) => now - event.at < this.windowMs);
    if (kept.length === 0) this.events.delete(key);
    else if (kept.length !== events.length) this.events.set(key, kept);
    return kept;
  }

  /** Milliseconds until fewer than `limit` of the key's events are inside the window, or 0 if they already are. */
  retryAfter(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit]!.at + this.windowMs - now;
  }

  record(key: string, event: Event): void {
    const events = this.events.get(key) ?? [];
    events.push(event);
    this.events.set(key, events);
  }

  /** Keeps only the key's events that pass the test. */
  keep(key: string, test: (event: Event) => boolean): void {
    const kept = (this.events.get(key) ?? []).filter(test);
    if (kept.length > 0) this.events.set(key, kept);
    else this.events.delete(key);
  }

  forget(key: string): void {
    this.events.delete(key);
  }

  /** Drops the keys whose events have all left the window, at most once per window. */
  sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, events] of this.events)
      if (events.every((event) => now - event.at >= this.windowMs)) this.events.delete(key);
  }
}

/** At most `limit` events per key inside a sliding window. */
export class RateLimiter {
  private readonly window: SlidingWindow;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.window = new SlidingWindow(windowMs);
  }

  /** Milliseconds until the key may act again, or 0 when it is under its limit now. */
  retryAfter(key: string, now: number): number {
    return this.window.retryAfter(key, this.limit, now);
  }

  /** Records one event for the key. */
  record(key: string, now: number): void {
    this.window.record(key, { at: now });
    this.window.sweep(now);
  }
}
