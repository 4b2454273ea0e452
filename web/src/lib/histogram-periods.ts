/** One bar of a histogram over time: the start of its period (an ISO instant), or null for rows without a time. */
export interface HistogramBar {
  period: string | null;
  count: number;
}

const PERIOD_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * The bars of a histogram over time from the rows of a count per period (period, count; sorted, as the
 * table view's query returns them), with every period between the first and the last that has no row
 * drawn as a bar of zero: a quiet hour is evidence too, and must not vanish between its neighbours.
 * Rows without a time come last. `periods` is how many bars that makes, so a caller can refuse to draw
 * too many. Rows whose period cannot be read are drawn as they are, without filling.
 */
export function histogramBars(rows: readonly (readonly unknown[])[], unit: string): HistogramBar[] {
  const timed = rows.filter((row) => row[0] !== null && row[0] !== undefined);
  const untimed = rows.filter((row) => row[0] === null || row[0] === undefined);
  const step = PERIOD_MS[unit];
  const starts = timed.map((row) => Date.parse(String(row[0])));
  const asGiven = (): HistogramBar[] =>
    rows.map((row) => ({ period: row[0] == null ? null : String(row[0]), count: Number(row[1]) }));
  if (step === undefined || starts.some((start) => Number.isNaN(start))) return asGiven();
  const counts = new Map<number, number>();
  for (const [index, row] of timed.entries()) {
    const start = starts[index]!;
    counts.set(start, (counts.get(start) ?? 0) + Number(row[1]));
  }
  const bars: HistogramBar[] = [];
  if (starts.length > 0) {
    const first = Math.min(...starts);
    const last = Math.max(...starts);
    // Bounded by the caller's limit on bars: a window of years per minute is refused before drawing.
    for (let start = first; start <= last; start += step) {
      bars.push({ period: new Date(start).toISOString(), count: counts.get(start) ?? 0 });
    }
  }
  for (const row of untimed) bars.push({ period: null, count: Number(row[1]) });
  return bars;
}

/** How many bars histogramBars would draw, without making them (to refuse a histogram too long to read). */
export function histogramPeriodCount(rows: readonly (readonly unknown[])[], unit: string): number {
  const step = PERIOD_MS[unit];
  const starts = rows.filter((row) => row[0] != null).map((row) => Date.parse(String(row[0])));
  const untimed = rows.length - starts.length;
  if (step === undefined || starts.length === 0 || starts.some((start) => Number.isNaN(start))) return rows.length;
  return Math.floor((Math.max(...starts) - Math.min(...starts)) / step) + 1 + untimed;
}
