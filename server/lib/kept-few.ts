/**
 * A map that keeps at most `max` values, dropping the one used longest ago to make room: for values
 * kept per cohort (its live or frozen board) that are cheap to make again and can be large (a board
 * of ten thousand members), so that a server whose instructors look through many cohorts does not
 * keep every board it ever built.
 */
export class KeptFew<Key, Value> {
  private entries = new Map<Key, { value: Value; usedAt: number }>();
  private uses = 0;

  constructor(private readonly max: number) {}

  /** The value, marked as just used. */
  get(key: Key): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.usedAt = ++this.uses;
    return entry.value;
  }

  set(key: Key, value: Value): void {
    if (!this.entries.has(key) && this.entries.size >= this.max) {
      // A scan, but only when a value is added to a full map: reads cost a counter.
      let oldest: Key | undefined;
      let oldestUse = Number.POSITIVE_INFINITY;
      for (const [candidate, entry] of this.entries)
        if (entry.usedAt < oldestUse) [oldest, oldestUse] = [candidate, entry.usedAt];
      this.entries.delete(oldest!);
    }
    this.entries.set(key, { value, usedAt: ++this.uses });
  }

  delete(key: Key): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
