import { describe, expect, it } from 'vitest';
import { timestampKind, timestampSpec, type TimestampSpec } from '../../../server/grading/kinds/timestamp.ts';
import { type AnswerCase, checkAnswerTable, outcomeThroughRegistry } from './answer-table.ts';

/*
 * The author's own input formats (a BIND query log writes 28-Mar-2026 09:14:02.123) and fixed
 * offsets as a task's zone (a device clock that ignores summer time).
 */

const spec = (fields: Record<string, unknown>): TimestampSpec => timestampSpec.parse({ kind: 'timestamp', ...fields });

const BIND = 'dd-MMM-yyyy HH:mm:ss.SSS';
/** The query was logged at 28-Mar-2026 09:14:02.123 on a server whose clock runs on +01:00 all year. */
const bind = spec({ expected: '2026-03-28T08:14:02Z', zone: '+01:00', formats: [BIND] });
/** The same moment with the zone Europe/Vienna: still winter time (+01:00) on 28 March 2026. */
const vienna = spec({ expected: '2026-03-28T08:14:02Z', zone: 'Europe/Vienna', formats: [BIND] });
/** A format without a year, with the year given. */
const noYear = spec({ expected: '2026-03-28T08:14:02Z', formats: ['dd/MM HH:mm:ss'], year: 2026 });
/** A format with its own offset token and a quoted literal. */
const withOffset = spec({ expected: '2026-03-28T08:14:02Z', formats: ["yyyyMMdd'T'HHmmss ZZZ"] });
/** A negative fixed offset with minutes. */
const minusOffset = spec({ expected: '2026-03-28T08:14:02Z', zone: '-03:30' });
const secrets = ['2026-03-28', '28-mar', '08:14', '09:14', '28/03', '05:44'];

const cases: AnswerCase<TimestampSpec>[] = [
  {
    title: 'reads the BIND form in the fixed offset',
    input: '28-Mar-2026 09:14:02.123',
    outcome: 'correct',
    normalized: '2026-03-28T08:14:02Z',
  },
  { title: 'reads the BIND month name in any case', input: '28-MAR-2026 09:14:02.123', outcome: 'correct' },
  { title: 'still reads ISO 8601 with an offset', input: '2026-03-28T09:14:02+01:00', outcome: 'correct' },
  { title: 'reads a time without a zone in the fixed offset', input: '2026-03-28 09:14:02', outcome: 'correct' },
  { title: 'rejects the BIND form an hour off (read as UTC)', input: '28-Mar-2026 08:14:02.123', outcome: 'incorrect' },
  { title: 'rejects another day in the BIND form', input: '27-Mar-2026 09:14:02.123', outcome: 'incorrect' },
  {
    title: 'refuses the BIND form without milliseconds, which the format requires',
    input: '28-Mar-2026 09:14:02',
    outcome: 'invalid',
  },
  { title: 'refuses an impossible date in the BIND form', input: '31-Feb-2026 09:14:02.123', outcome: 'invalid' },
  { title: 'reads the BIND form in an IANA zone', spec: vienna, input: '28-Mar-2026 09:14:02.123', outcome: 'correct' },
  {
    title: 'keeps a fixed offset across the summer-time change an IANA zone makes',
    spec: spec({ expected: '2026-03-30T08:14:02Z', zone: '+01:00', formats: [BIND] }),
    input: '30-Mar-2026 09:14:02.000',
    outcome: 'correct',
  },
  {
    title: 'follows the summer-time change in an IANA zone',
    spec: spec({ expected: '2026-03-30T07:14:02Z', zone: 'Europe/Vienna', formats: [BIND] }),
    input: '30-Mar-2026 09:14:02.000',
    outcome: 'correct',
  },
  {
    title: 'reads a format without a year in the given year',
    spec: noYear,
    input: '28/03 08:14:02',
    outcome: 'correct',
  },
  {
    title: 'reads a format with its own offset and a quoted literal',
    spec: withOffset,
    input: '20260328T101402 +0200',
    outcome: 'correct',
  },
  {
    title: 'reads a negative offset with minutes as the zone',
    spec: minusOffset,
    input: '2026-03-28 04:44:02',
    outcome: 'correct',
  },
  {
    title: 'rejects the moment read as UTC under a negative offset',
    spec: minusOffset,
    input: '2026-03-28 08:14:02',
    outcome: 'incorrect',
  },
  { title: 'refuses text that fits no form', input: 'yesterday at nine', outcome: 'invalid' },
  {
    title: 'stays cheap on a long hostile answer',
    input: `28-Mar-2026 09:14:02.${'1'.repeat(180)}`,
    outcome: 'invalid',
    noCostlierThan: '28-Mar-2026 09:14:02.123',
  },
];

describe('timestamp answers in the author’s formats and fixed offsets', () => {
  checkAnswerTable(timestampKind, {
    spec: bind,
    cases,
    secrets,
    referenceSpecs: [bind, vienna, noYear, withOffset, minusOffset],
  });

  it('accepts fixed offsets as a zone and refuses impossible ones', () => {
    const parses = (zone: string) => timestampSpec.safeParse({ kind: 'timestamp', expected: 'x', zone }).success;
    expect(['+01:00', '-03:30', '+0530', 'UTC', 'Europe/Vienna'].map(parses)).toEqual([true, true, true, true, true]);
    expect(['+15:00', '+01:60', '01:00', 'Mars/Olympus_Mons', '+1'].map(parses)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses a format without the hour and minute', () => {
    const problem = timestampSpec.safeParse({ kind: 'timestamp', expected: 'x', formats: ['dd-MMM-yyyy'] });
    expect(problem.success).toBe(false);
    expect(problem.error?.issues[0]?.message).toMatch(/hour \(H\) and the minute/u);
  });

  it('shows the fixed offset to the trainee as the task’s zone', () => {
    expect(timestampKind.publicShape(bind)).toEqual({ kind: 'timestamp', zone: '+01:00', precision: 'second' });
  });

  it('never reads a format without a year by the clock when no year is known', () => {
    const undated = spec({ expected: '2026-03-28T08:14:02Z', formats: ['dd/MM HH:mm:ss'] });
    // The year comes from the expected moment, as for syslog times.
    expect(timestampKind.check(undated, '28/03 08:14:02')).toMatchObject({ verdict: 'correct' });
  });

  it('lets the author write the expected moment in their format', () => {
    const authored = spec({ expected: '28-Mar-2026 09:14:02.123', zone: '+01:00', formats: [BIND] });
    expect(timestampKind.referenceAnswers(authored)).toEqual(['2026-03-28T08:14:02Z']);
    expect(timestampKind.lint?.(authored)).toEqual([expect.stringMatching(/has no offset/u)]);
  });

  it('can be the item kind of a set, with the formats', async () => {
    const authored = {
      kind: 'set',
      of: { kind: 'timestamp', zone: '+01:00', formats: [BIND] },
      expected: ['2026-03-28T08:14:02Z', '2026-03-28T08:15:00Z'],
    };
    expect(await outcomeThroughRegistry(authored, {}, '28-Mar-2026 09:14:02.123\n28-Mar-2026 09:15:00.000')).toBe(
      'correct',
    );
  });
});
