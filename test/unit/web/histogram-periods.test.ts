import { describe, expect, it } from 'vitest';
import { histogramBars, histogramPeriodCount } from '../../../web/src/lib/histogram-periods.ts';

describe('histogramBars', () => {
  it('draws the hours without rows between two busy hours as empty bars', () => {
    const rows = [
      ['2024-03-06T09:00:00.000Z', 4],
      ['2024-03-06T12:00:00.000Z', 7],
    ];
    expect(histogramBars(rows, 'hour')).toEqual([
      { period: '2024-03-06T09:00:00.000Z', count: 4 },
      { period: '2024-03-06T10:00:00.000Z', count: 0 },
      { period: '2024-03-06T11:00:00.000Z', count: 0 },
      { period: '2024-03-06T12:00:00.000Z', count: 7 },
    ]);
    expect(histogramPeriodCount(rows, 'hour')).toBe(4);
  });

  it('fills days and minutes the same way, and puts rows without a time last', () => {
    const days = [
      ['2024-03-01T00:00:00Z', 1],
      ['2024-03-03T00:00:00Z', 2],
      [null, 5],
    ];
    expect(histogramBars(days, 'day').map((bar) => [bar.period, bar.count])).toEqual([
      ['2024-03-01T00:00:00.000Z', 1],
      ['2024-03-02T00:00:00.000Z', 0],
      ['2024-03-03T00:00:00.000Z', 2],
      [null, 5],
    ]);
    expect(histogramPeriodCount(days, 'day')).toBe(4);
    const minutes = [
      ['2024-03-01T10:58:00Z', 1],
      ['2024-03-01T11:01:00Z', 1],
    ];
    expect(histogramBars(minutes, 'minute')).toHaveLength(4);
  });

  it('counts the periods of a long window without drawing them, so a caller can refuse to', () => {
    const rows = [
      ['2020-01-01T00:00:00Z', 1],
      ['2024-01-01T00:00:00Z', 1],
    ];
    expect(histogramPeriodCount(rows, 'minute')).toBe((Date.UTC(2024, 0, 1) - Date.UTC(2020, 0, 1)) / 60_000 + 1);
  });

  it('draws rows as given when the period is not a time or the unit unknown', () => {
    const rows = [
      ['not a time', 3],
      ['2024-03-01T00:00:00Z', 1],
    ];
    expect(histogramBars(rows, 'hour')).toEqual([
      { period: 'not a time', count: 3 },
      { period: '2024-03-01T00:00:00Z', count: 1 },
    ]);
    expect(histogramPeriodCount(rows, 'hour')).toBe(2);
    expect(histogramBars([['2024-03-01T00:00:00Z', 1]], 'week')).toEqual([
      { period: '2024-03-01T00:00:00Z', count: 1 },
    ]);
  });
});
