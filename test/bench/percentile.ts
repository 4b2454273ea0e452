/** The value below which `share` of the values fall (nearest rank), NaN for none; null counts as never (Infinity). */
export function percentile(values: (number | null)[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.map((value) => value ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** percentile over a histogram of [value, count] pairs (pairs of one value may repeat); NaN for none. */
export function histogramPercentile(histogram: [number, number][], share: number): number {
  const counts = new Map<number, number>();
  for (const [value, count] of histogram) counts.set(value, (counts.get(value) ?? 0) + count);
  const values = [...counts.keys()].sort((a, b) => a - b);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (const value of values) {
    seen += counts.get(value)!;
    if (seen >= rank) return value;
  }
  return values.at(-1)!;
}
