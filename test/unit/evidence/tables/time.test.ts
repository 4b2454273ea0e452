import fc from 'fast-check';
import { DateTime, Info, Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import {
  instantFromWallClock,
  instantFromWallClockByLuxon,
  monthNumber,
  type WallClock,
  offsetZoneName,
  parseIsoTimestamp,
  parseIsoTimestampByLuxon,
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

/** Every wall-clock time from `start` for `hours` hours, `stepMinutes` apart, with seconds that vary. */
function wallClocks(start: WallClock, hours: number, stepMinutes: number): WallClock[] {
  const clocks: WallClock[] = [];
  const first = Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second);
  for (let minute = 0; minute < hours * 60; minute += stepMinutes) {
    const time = new Date(first + minute * 60_000 + (minute % 60) * 1000);
    clocks.push({
      year: time.getUTCFullYear(),
      month: time.getUTCMonth() + 1,
      day: time.getUTCDate(),
      hour: time.getUTCHours(),
      minute: time.getUTCMinutes(),
      second: time.getUTCSeconds(),
    });
  }
  return clocks;
}

/** The wall clocks whose fast reading differs from Luxon's, with both readings, for a readable failure. */
function differences(clocks: WallClock[], zone: string) {
  return clocks.flatMap((clock) => {
    const fast = instantFromWallClock(clock, zone);
    const luxon = instantFromWallClockByLuxon(clock, zone);
    return fast?.ms === luxon?.ms && fast?.zone === luxon?.zone ? [] : [{ clock, fast, luxon }];
  });
}

/**
 * Every instant at which `zone` shows the wall clock `local` (its fields as if UTC), found by trying every
 * offset a zone can have: the reference the change nights are checked against.
 */
function instantsShowing(local: number, zone: string): number[] {
  const luxonZone = Info.normalizeZone(zone);
  if (!luxonZone) throw new Error(`unknown zone ${zone}`);
  const instants: number[] = [];
  // Every offset in use is a whole number of quarter hours (Nepal +05:45, Lord Howe +10:30).
  for (let offset = -12 * 60; offset <= 14 * 60; offset += 15) {
    if (luxonZone.offset(local - offset * 60_000) === offset) instants.push(local - offset * 60_000);
  }
  return instants;
}

const asLocal = (clock: WallClock) =>
  Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);

describe('instantFromWallClock around the changes of summer time', () => {
  const originalNow = Settings.now;
  afterEach(() => {
    Settings.now = originalNow;
  });
  // Luxon's own reading starts from the zone's offset today; ours must not depend on the date it runs on.
  const todays = [
    ['a winter day', Date.UTC(2026, 0, 15)],
    ['a summer day', Date.UTC(2026, 6, 15)],
  ] as const;

  for (const [today, now] of todays) {
    it(`takes the later instant of a repeated time and moves a skipped one forward, read on ${today}`, () => {
      Settings.now = () => now;
      const nights = [
        ['Europe/Vienna', { year: 2026, month: 3, day: 28, hour: 12, minute: 0, second: 0 }],
        ['Europe/Vienna', { year: 2026, month: 10, day: 24, hour: 12, minute: 0, second: 0 }],
        ['America/New_York', { year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0 }],
        ['Australia/Lord_Howe', { year: 2026, month: 4, day: 4, hour: 12, minute: 0, second: 0 }],
      ] as const;
      for (const [zone, start] of nights) {
        for (const clock of wallClocks(start, 24, 7)) {
          const local = asLocal(clock);
          const showing = instantsShowing(local, zone);
          const read = instantFromWallClock(clock, zone);
          expect(read, `${zone} ${JSON.stringify(clock)}`).toEqual(instantFromWallClockByLuxon(clock, zone));
          if (showing.length > 0) expect(read?.ms, `${zone} ${JSON.stringify(clock)}`).toBe(Math.max(...showing));
          else {
            // Skipped: the instant shows the same time later by the gap, and nothing between.
            const shown = DateTime.fromMillis(read?.ms ?? Number.NaN, { zone });
            const gap = asLocal({ ...shown.toObject(), second: shown.second } as WallClock) - local;
            expect(gap, `${zone} ${JSON.stringify(clock)}`).toBeGreaterThan(0);
            expect(gap).toBeLessThanOrEqual(60 * 60_000);
          }
        }
      }
      // Vienna: 02:30 on 25 October 2026 is 01:30 UTC (after the clocks went back); on 29 March it does not
      // exist and is read as 03:30 summer time, also 01:30 UTC.
      const repeated = { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 };
      expect(instantFromWallClock(repeated, 'Europe/Vienna')?.ms).toBe(Date.UTC(2026, 9, 25, 1, 30));
      const missing = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 };
      expect(instantFromWallClock(missing, 'Europe/Vienna')?.ms).toBe(Date.UTC(2026, 2, 29, 1, 30));
    });

    it(`reads times without an offset in text the same way, read on ${today}`, () => {
      Settings.now = () => now;
      const repeated = '2026-10-25 02:30:00';
      expect(parseIsoTimestamp(repeated, 'Europe/Vienna')?.ms).toBe(Date.UTC(2026, 9, 25, 1, 30));
      expect(parseIsoTimestampByLuxon(`${repeated}.5`, 'Europe/Vienna')?.ms).toBe(Date.UTC(2026, 9, 25, 1, 30, 0, 500));
      expect(parseTimestamp('25/Oct/2026:02:30:00', 'dd/MMM/yyyy:HH:mm:ss', { zone: 'Europe/Vienna' })?.ms).toBe(
        Date.UTC(2026, 9, 25, 1, 30),
      );
      expect(parseTimestamp('Mar 29 02:30:00', 'MMM d HH:mm:ss', { zone: 'Europe/Vienna', year: 2026 })?.ms).toBe(
        Date.UTC(2026, 2, 29, 1, 30),
      );
    });
  }
});

describe('instantFromWallClock gives exactly what its slow path gives', () => {
  it('through whole years in zones with summer time, half-hour changes and fixed offsets', () => {
    const zones = [
      'Europe/Vienna',
      'America/New_York',
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'UTC',
      '+05:30',
      '-03:00',
    ];
    for (const year of [2024, 2026]) {
      const clocks = wallClocks({ year, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, 366 * 24, 97);
      for (const zone of zones) expect(differences(clocks, zone), `${zone} ${year}`).toEqual([]);
    }
  });

  it('for times the calendar does not have or Luxon reads its own way', () => {
    const base = { year: 2026, month: 3, day: 4, hour: 10, minute: 0, second: 0 };
    const odd: WallClock[] = [
      { ...base, month: 2, day: 29 },
      { ...base, month: 4, day: 31 },
      { ...base, month: 13 },
      { ...base, day: 0 },
      { ...base, hour: 24 },
      { ...base, hour: 24, minute: 1 },
      { ...base, minute: 60 },
      { ...base, second: 60 },
      { ...base, millisecond: 1000 },
      { ...base, millisecond: 250 },
      { ...base, second: 1.5 },
      { ...base, year: 99 },
      { ...base, year: 1899 },
    ];
    for (const zone of ['Europe/Vienna', 'UTC', '+02:00', 'Europe/Atlantis'])
      expect(differences(odd, zone)).toEqual([]);
    expect(instantFromWallClock(base, 'Europe/Atlantis')).toBeUndefined();
  });
});

describe('parseIsoTimestamp gives exactly what Luxon gives', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(2, '0'));
  const isoText = fc
    .record({
      year: fc.constantFrom('2024', '2026', '1969', '0099', '2199'),
      month: two(13),
      day: two(32),
      separator: fc.constantFrom('T', ' '),
      hour: two(25),
      minute: two(60),
      second: two(60),
      fraction: fc.option(fc.stringMatching(/^\d{1,9}$/u), { nil: undefined }),
      offset: fc.constantFrom('', 'Z', '+01:00', '-05:30', '-00:00', '+00:00', '+14:00', '+15:00', '-00:30', '+02:60'),
    })
    .map(
      (t) =>
        `${t.year}-${t.month}-${t.day}${t.separator}${t.hour}:${t.minute}:${t.second}` +
        `${t.fraction === undefined ? '' : `.${t.fraction}`}${t.offset}`,
    );

  it('for ISO times with and without offsets, valid or not, in zones with and without summer time', () => {
    fc.assert(
      fc.property(isoText, fc.constantFrom('Europe/Vienna', 'UTC', '+02:00', 'America/New_York'), (text, zone) => {
        expect(parseIsoTimestamp(text, zone)).toEqual(parseIsoTimestampByLuxon(text, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it("around Vienna's changes, with the times written without an offset", () => {
    const clocks = [
      ...wallClocks({ year: 2026, month: 3, day: 28, hour: 12, minute: 0, second: 0 }, 24, 7),
      ...wallClocks({ year: 2026, month: 10, day: 24, hour: 12, minute: 0, second: 0 }, 24, 7),
    ];
    for (const clock of clocks) {
      const pad = (value: number) => String(value).padStart(2, '0');
      const date = `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`;
      const text = `${date}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}.5`;
      expect(parseIsoTimestamp(text, 'Europe/Vienna'), text).toEqual(parseIsoTimestampByLuxon(text, 'Europe/Vienna'));
    }
  });
});
