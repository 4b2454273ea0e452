/**
 * A sliding-window counter per key, in memory: Casebench runs as one process on one machine, so
 * an in-process limiter sees every request. Old keys are swept so memory stays bounded.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may act again, or 0 when it is under its limit now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit ? 0 : recent[0]! + this.windowMs - now;
  }

  /** Records one event for the key. */
  record(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (now - this.lastSweep > this.windowMs) this.sweep(now);
  }

  private recent(key: string, now: number): number[] {
    return (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, times] of this.hits) if (times.every((time) => now - time >= this.windowMs)) this.hits.delete(key);
  }
}
