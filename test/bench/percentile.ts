/** The value below which `share` of the values fall (nearest rank), NaN for none; null counts as never (Infinity). */
export function percentile(values: (number | null)[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.map((value) => value ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}
