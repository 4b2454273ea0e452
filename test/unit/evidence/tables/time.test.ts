import { describe, expect, it } from 'vitest';
import {
  instantFromWallClock,
  monthNumber,
  offsetZoneName,
  parseIsoTimestamp,
  parseTimestamp,
} from '../../../../server/evidence/tables/time.ts';

describe('parseTimestamp', () => {
  it('takes a time without year or zone in the given year and zone', () => {
    expect(parseTimestamp('Mar  4 10:15:00', 'LLL d HH:mm:ss', { zone: 'Europe/Vienna', year: 2024 })).toBeUndefined();
    expect(parseTimestamp('Mar 4 10:15:00', 'LLL d HH:mm:ss', { zone: 'Europe/Vienna', year: 2024 })).toEqual({
      ms: Date.UTC(2024, 2, 4, 9, 15),
      zone: 'Europe/Vienna',
    });
  });

  it('keeps an offset written in the text', () => {
    expect(parseTimestamp('08/Oct/2024:21:14:07 +0200', 'dd/LLL/yyyy:HH:mm:ss ZZZ', { zone: 'UTC' })).toEqual({
      ms: Date.UTC(2024, 9, 8, 19, 14, 7),
      zone: '+02:00',
    });
  });

  it('reads a fixed offset given as the zone', () => {
    expect(parseTimestamp('2024-11-17 06:25:10', 'yyyy-MM-dd HH:mm:ss', { zone: '+01:00' })?.ms).toBe(
      Date.UTC(2024, 10, 17, 5, 25, 10),
    );
  });
});

describe('parseIsoTimestamp', () => {
  it('reads ISO and SQL forms, with and without an offset', () => {
    expect(parseIsoTimestamp('2024-03-04T10:00:00+01:00', 'UTC')).toEqual({
      ms: Date.UTC(2024, 2, 4, 9),
      zone: '+01:00',
    });
    expect(parseIsoTimestamp('2024-03-04 10:00:00', 'Europe/Vienna')).toEqual({
      ms: Date.UTC(2024, 2, 4, 9),
      zone: 'Europe/Vienna',
    });
    expect(parseIsoTimestamp('2024-03-04T10:00:00Z', 'Europe/Vienna')?.zone).toBe('UTC');
    expect(parseIsoTimestamp('not a time', 'UTC')).toBeUndefined();
  });
});

describe('parseTimestamp in a leap year', () => {
  it('reads 29 February without a year in a leap year, and refuses it in another', () => {
    expect(parseTimestamp('Feb 29 12:00:00', 'LLL d HH:mm:ss', { zone: 'UTC', year: 2024 })?.ms).toBe(
      Date.UTC(2024, 1, 29, 12),
    );
    expect(parseTimestamp('Feb 29 12:00:00', 'LLL d HH:mm:ss', { zone: 'UTC', year: 2023 })).toBeUndefined();
  });
});

describe('offsetZoneName', () => {
  it('names a zero offset UTC and others as ±hh:mm', () => {
    expect(offsetZoneName('+', '00', '00')).toBe('UTC');
    expect(offsetZoneName('-', '05', '30')).toBe('-05:30');
  });
});

describe('instantFromWallClock', () => {
  const clock = { year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 };

  // The log cannot say which of the two it was: Luxon's choice, the later one, is kept and pinned here.
  it('takes an hour the autumn change repeats at its second (winter) offset', () => {
    expect(instantFromWallClock(clock, 'Europe/Amsterdam')).toEqual({
      ms: Date.UTC(2024, 9, 27, 1, 30),
      zone: 'Europe/Amsterdam',
    });
  });

  it('reads fixed offsets and refuses a day the calendar does not have', () => {
    expect(instantFromWallClock(clock, '-05:30')?.ms).toBe(Date.UTC(2024, 9, 27, 8));
    expect(instantFromWallClock({ ...clock, month: 2, day: 30 }, 'UTC')).toBeUndefined();
  });

  it('names months the way logs abbreviate them', () => {
    expect(monthNumber('Jan')).toBe(1);
    expect(monthNumber('Dec')).toBe(12);
    expect(monthNumber('Mai')).toBeUndefined();
  });
});
