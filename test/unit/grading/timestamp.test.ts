import { Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { timestampKind, timestampSpec, type TimestampSpec } from '../../../server/grading/kinds/timestamp.ts';
import { type AnswerCase, checkAnswerTable, distinctNormalizedForms, outcomeThroughRegistry } from './answer-table.ts';

const spec = (fields: Record<string, unknown>): TimestampSpec => timestampSpec.parse({ kind: 'timestamp', ...fields });

/** The login of this variant happened at 2023-11-20T08:15:42Z (Unix 1700468142); another variant's at 08:51:24. */
const utc = spec({ expected: '2023-11-20T08:15:42Z' });
const berlin = spec({ expected: '2023-11-20T08:15:42Z', zone: 'Europe/Berlin' });
const minute = spec({ expected: '2023-11-20T08:15:42Z', precision: 'minute' });
const tolerant = spec({ expected: '2023-11-20T08:15:42Z', tolerance_seconds: 2 });
const secrets = ['2023-11-20', '08:15', '09:15', '1700468142', 'Nov 20', '20 Nov', '20/Nov', '2023'];

const NORMAL = '2023-11-20T08:15:42Z';

const cases: AnswerCase<TimestampSpec>[] = [
  { title: 'accepts ISO 8601 with Z', input: '2023-11-20T08:15:42Z', outcome: 'correct', normalized: NORMAL },
  {
    title: 'accepts ISO 8601 with a space and lowercase letters',
    input: '2023-11-20 08:15:42z',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'reads a time without a zone in the spec zone, UTC by default',
    input: '2023-11-20 08:15:42',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'compares across time zones with an extended offset',
    input: '2023-11-20T09:15:42+01:00',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'compares across time zones with a basic offset',
    input: '2023-11-20T03:15:42-0500',
    outcome: 'correct',
    normalized: NORMAL,
  },
  { title: 'accepts an offset of hours only', input: '2023-11-20 10:15:42+02', outcome: 'correct', normalized: NORMAL },
  { title: 'accepts a trailing UTC word', input: '2023-11-20 08:15:42 UTC', outcome: 'correct', normalized: NORMAL },
  {
    title: 'accepts a zero offset followed by UTC, as Go prints times',
    input: '2023-11-20 08:15:42 +0000 UTC',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts GMT followed by an offset',
    input: '2023-11-20 09:15:42 GMT+01:00',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'ignores fractions of a second at second precision',
    input: '2023-11-20T08:15:42.987654Z',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts an RFC 2822 date',
    input: 'Mon, 20 Nov 2023 08:15:42 +0000',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts an RFC 2822 date pasted with the zone name comment mail servers add',
    input: 'Mon, 20 Nov 2023 09:15:42 +0100 (CET)',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts an HTTP date in another zone',
    input: 'Mon, 20 Nov 2023 09:15:42 +0100',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts a syslog time without a year, padded with two spaces',
    input: 'Nov  20 08:15:42',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts a syslog time without a year, single-spaced',
    input: 'Nov 20 08:15:42',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts an Apache log time in brackets',
    input: '[20/Nov/2023:09:15:42 +0100]',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts an Apache log time without brackets',
    input: '20/Nov/2023:08:15:42 +0000',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts a ctime date as printed by date(1)',
    input: 'Mon Nov 20 08:15:42 UTC 2023',
    outcome: 'correct',
    normalized: NORMAL,
  },
  { title: 'accepts Unix seconds', input: '1700468142', outcome: 'correct', normalized: NORMAL },
  { title: 'accepts Unix milliseconds', input: '1700468142345', outcome: 'correct', normalized: NORMAL },
  {
    title: 'accepts fullwidth digits through NFKC',
    input: '２０２３-１１-２０ ０８:１５:４２',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'accepts a final full stop ending a sentence',
    input: '2023-11-20 08:15:42 UTC.',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'grades the time of another variant as incorrect',
    input: '2023-11-20T08:51:24Z',
    outcome: 'incorrect',
    normalized: '2023-11-20T08:51:24Z',
    feedback: /^Not correct/u,
  },
  {
    title: 'grades a local time read as UTC as incorrect, an hour off',
    input: '2023-11-20 09:15:42',
    outcome: 'incorrect',
    normalized: '2023-11-20T09:15:42Z',
  },
  {
    title: 'grades a time one second off as incorrect without tolerance',
    input: '2023-11-20T08:15:43Z',
    outcome: 'incorrect',
  },
  {
    title: 'reads a time without a zone in the spec zone',
    spec: berlin,
    input: '2023-11-20 09:15:42',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'reads a syslog time in the spec zone',
    spec: berlin,
    input: 'Nov 20 09:15:42',
    outcome: 'correct',
    normalized: NORMAL,
  },
  {
    title: 'applies summer time in the spec zone',
    spec: spec({ expected: '2023-07-01T08:00:00Z', zone: 'Europe/Berlin' }),
    input: '2023-07-01 10:00:00',
    outcome: 'correct',
  },
  {
    title: 'takes the year of a yearless time from the expected moment in the spec zone',
    spec: spec({ expected: '2023-12-31T23:30:00Z', zone: 'Europe/Berlin' }),
    input: 'Jan  1 00:30:00',
    outcome: 'correct',
    normalized: '2023-12-31T23:30:00Z',
  },
  {
    title: 'uses the configured year for a yearless time',
    spec: spec({ expected: '2023-11-20T08:15:42Z', year: 2022 }),
    input: 'Nov 20 08:15:42',
    outcome: 'incorrect',
    normalized: '2022-11-20T08:15:42Z',
  },
  { title: 'accepts a time within the tolerance', spec: tolerant, input: '2023-11-20 08:15:44', outcome: 'correct' },
  {
    title: 'grades a time outside the tolerance as incorrect',
    spec: tolerant,
    input: '2023-11-20 08:15:45',
    outcome: 'incorrect',
  },
  {
    title: 'accepts a time without seconds at minute precision',
    spec: minute,
    input: '2023-11-20 08:15 UTC',
    outcome: 'correct',
    normalized: '2023-11-20T08:15:00Z',
  },
  {
    title: 'ignores the seconds on both sides at minute precision',
    spec: minute,
    input: '2023-11-20 08:15:59',
    outcome: 'correct',
    normalized: '2023-11-20T08:15:00Z',
  },
  {
    title: 'grades the next minute as incorrect at minute precision',
    spec: minute,
    input: '2023-11-20 08:16:00',
    outcome: 'incorrect',
  },
  {
    title: 'refuses a time without seconds at second precision',
    input: '2023-11-20 08:15 UTC',
    outcome: 'invalid',
    feedback: /Include the seconds, for example 2024-03-05 14:02:37 UTC/u,
  },
  {
    title: 'refuses a weekday that does not match the date',
    input: 'Tue, 20 Nov 2023 08:15:42 +0000',
    outcome: 'invalid',
    feedback: /day of the week/u,
  },
  {
    title: 'refuses an ambiguous zone abbreviation',
    input: '2023-11-20 09:15:42 CET',
    outcome: 'invalid',
    feedback: /offset/u,
  },
  {
    title: 'refuses an offset that contradicts a trailing UTC',
    input: '2023-11-20 10:15:42 +02:00 UTC',
    outcome: 'invalid',
  },
  {
    title: 'refuses a date that does not exist',
    input: '2023-02-30 08:15:42',
    outcome: 'invalid',
    feedback: /does not exist/u,
  },
  { title: 'refuses a date without a time', input: '2023-11-20', outcome: 'invalid' },
  {
    title: 'refuses a number of digits that is no Unix time',
    input: '17004681420',
    outcome: 'invalid',
    feedback: /Unix time/u,
  },
  { title: 'refuses an empty answer', input: '', outcome: 'invalid' },
  { title: 'refuses whitespace only', input: '\t \n', outcome: 'invalid' },
  {
    title: 'refuses Arabic-Indic digits instead of misreading them',
    input: '٢٠٢٣-١١-٢٠ ٠٨:١٥:٤٢',
    outcome: 'invalid',
    feedback: /digits 0 to 9/u,
  },
  {
    title: 'refuses a day-first numeric date, which could be read two ways',
    input: '11/20/2023 08:15:42',
    outcome: 'invalid',
  },
  {
    title: 'refuses a megabyte of digits quickly',
    input: '1'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: '2023-11-20T08:15:42Z',
  },
];

/** Specs whose reference answers must all be graded correct. */
const referenceSpecs = [
  utc,
  berlin,
  minute,
  tolerant,
  spec({ expected: ['2023-11-20T09:15:42.5+01:00', '2023-11-20T08:51:24Z'], zone: 'Asia/Kolkata' }),
];

describe('timestamp answers', () => {
  checkAnswerTable(timestampKind, { spec: utc, cases, secrets, referenceSpecs });

  it('normalizes every way of writing the same moment identically', () => {
    const forms = [
      '2023-11-20T08:15:42Z',
      '2023-11-20T09:15:42+01:00',
      'Mon, 20 Nov 2023 08:15:42 GMT',
      'Nov 20 08:15:42',
      '20/Nov/2023:08:15:42 +0000',
      '1700468142',
      '1700468142999',
    ];
    expect(distinctNormalizedForms(timestampKind, utc, forms)).toEqual([NORMAL]);
  });

  it('does not depend on the machine clock or time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(timestampKind.check(utc, 'Nov 20 08:15:42')).toMatchObject({ verdict: 'correct', normalized: NORMAL });
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('throws when the expected value is still a variant reference', () => {
    expect(() => timestampKind.check(spec({ expected: '{{login_time}}' }), NORMAL)).toThrow(/variant/u);
  });

  it('validates the zone in the schema', () => {
    expect(timestampSpec.safeParse({ kind: 'timestamp', expected: NORMAL, zone: 'Mars/Olympus_Mons' }).success).toBe(
      false,
    );
    expect(timestampSpec.safeParse({ kind: 'timestamp', expected: NORMAL, zone: 'America/New_York' }).success).toBe(
      true,
    );
    expect(timestampSpec.safeParse({ kind: 'timestamp', expected: NORMAL, precision: 'hour' }).success).toBe(false);
  });

  it('gives the expected moment as reference answer in UTC', () => {
    expect(timestampKind.referenceAnswers(berlin)).toEqual([NORMAL]);
  });

  it('shows only the zone and precision in the public shape', () => {
    expect(timestampKind.publicShape(minute)).toEqual({ kind: 'timestamp', zone: 'UTC', precision: 'minute' });
    expect(timestampKind.publicShape(berlin)).toEqual({
      kind: 'timestamp',
      zone: 'Europe/Berlin',
      precision: 'second',
    });
  });

  it('lints expected values that do not parse, lack seconds or an offset, disagree with the year, or are examples', () => {
    expect(timestampKind.lint!(utc)).toEqual([]);
    expect(timestampKind.lint!(spec({ expected: 'yesterday' }))).toEqual([
      expect.stringMatching(/not a date and time/u),
    ]);
    expect(timestampKind.lint!(spec({ expected: '2023-11-20T08:15Z' }))).toEqual([
      expect.stringMatching(/no seconds/u),
    ]);
    expect(timestampKind.lint!(spec({ expected: '2023-11-20 08:15:42' }))).toEqual([
      expect.stringMatching(/no offset/u),
    ]);
    expect(timestampKind.lint!(spec({ expected: NORMAL, year: 2022 }))).toEqual([
      expect.stringMatching(/year 2022 differs/u),
    ]);
    expect(timestampKind.lint!(spec({ expected: '2024-03-05T14:02:37Z' }))).toEqual([
      expect.stringMatching(/example/u),
    ]);
    expect(timestampKind.lint!(spec({ expected: '{{login_time}}' }))).toEqual([]);
  });

  it('grades through the registry once a variant reference is resolved', async () => {
    const authored = { kind: 'timestamp', expected: '{{login_time}}', zone: 'Europe/Berlin' };
    expect(await outcomeThroughRegistry(authored, { login_time: NORMAL }, 'Nov 20 09:15:42')).toBe('correct');
    expect(await outcomeThroughRegistry(authored, { login_time: '2023-11-20T08:51:24Z' }, NORMAL)).toBe('incorrect');
  });
});

describe('timestamp answers at the hour the autumn change repeats', () => {
  const originalNow = Settings.now;
  afterEach(() => {
    Settings.now = originalNow;
  });
  // Amsterdam, 27 October 2024: 03:00 summer time became 02:00 winter time, so 02:30 happened twice.
  const later = spec({ expected: '2024-10-27T01:30:00Z', zone: 'Europe/Amsterdam' });
  const earlier = spec({ expected: '2024-10-27T00:30:00Z', zone: 'Europe/Amsterdam' });

  for (const [today, now] of [
    ['a winter day', Date.UTC(2026, 0, 15)],
    ['a summer day', Date.UTC(2026, 6, 15)],
  ] as const) {
    it(`grades a time written without a zone the same on ${today}: at its later instant`, async () => {
      Settings.now = () => now;
      expect(await outcomeThroughRegistry(later, {}, '2024-10-27 02:30:00')).toBe('correct');
      expect(await outcomeThroughRegistry(earlier, {}, '2024-10-27 02:30:00')).toBe('incorrect');
      // With its offset the earlier instant can be given exactly.
      expect(await outcomeThroughRegistry(earlier, {}, '2024-10-27 02:30:00 +02:00')).toBe('correct');
    });
  }
});
