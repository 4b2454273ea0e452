import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, canonicalAlternatives, readScalar, result, tidyPlain } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { parseTimestamp } from '../../evidence/tables/time.ts';
import { inZone, zoneNamed } from '../../lib/wall-clock.ts';
import { assertResolved } from './variant-reference.ts';

export const timestampSpec = z.strictObject({
  kind: z.literal('timestamp'),
  expected: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe(
      'The correct moment, or a list of accepted alternatives, best written in ISO 8601 with an offset: ' +
        '"2024-03-05T14:02:37Z" or "2024-03-05T15:02:37+01:00". Answers are compared as moments in time, whatever ' +
        'zone they are written in.',
    ),
  zone: z
    .string()
    .min(1)
    .refine((zone) => zoneNamed(zone) !== undefined, {
      message: 'not a time zone: use "UTC", a fixed offset such as "+01:00", or an IANA name such as "Europe/Berlin"',
    })
    .default('UTC')
    .describe(
      'The time zone of answers written without one (such as "2024-03-05 14:02:37" or a syslog time): "UTC", a ' +
        'fixed offset such as "+01:00" (for a device whose clock ignores summer time), or an IANA name such as ' +
        '"Europe/Berlin". Shown to trainees. Default "UTC".',
    ),
  formats: z
    .array(
      z
        .string()
        .min(1)
        .max(100)
        .refine((format) => /[Hhk]/u.test(withoutLiterals(format)) && /m/u.test(withoutLiterals(format)), {
          message: 'a format needs at least the hour (H) and the minute (mm), such as "dd-MMM-yyyy HH:mm:ss.SSS"',
        }),
    )
    .max(10)
    .default([])
    .describe(
      'More forms answers may be written in, as Luxon formats (https://moment.github.io/luxon/#/parsing), tried ' +
        'before the built-in ones: "dd-MMM-yyyy HH:mm:ss.SSS" reads a BIND log time such as 28-Mar-2026 ' +
        '09:14:02.123. A form without an offset token (Z, ZZ) is read in zone, one without a year (yyyy) in year.',
    ),
  year: z
    .number()
    .int()
    .min(1970)
    .max(9999)
    .optional()
    .describe(
      'The year of answers written without one, as syslog writes them ("Mar  5 14:02:37"). Default: the year of the ' +
        '(first) expected moment in zone.',
    ),
  tolerance_seconds: z
    .number()
    .min(0)
    .default(0)
    .describe('How many seconds an answer may be off and still count as correct. Default 0.'),
  precision: z
    .enum(['second', 'minute'])
    .default('second')
    .describe(
      '"second" (default): answers must include the seconds, and fractions of a second are ignored. "minute": ' +
        'seconds are ignored on both sides, and answers may leave them out.',
    ),
});
export type TimestampSpec = z.infer<typeof timestampSpec>;

/** Examples used in format help; fixed, so they never reveal an answer (lint warns when an answer is one of them). */
const EXAMPLE_SPACE = '2024-03-05 14:02:37 UTC';
const EXAMPLE_OFFSET = '2024-03-05T14:02:37+01:00';
const EXAMPLE_UNIX = '1709647357';
const FORMAT_HELP =
  `Enter a date and time such as ${EXAMPLE_SPACE} or ${EXAMPLE_OFFSET}, ` + `or a Unix time such as ${EXAMPLE_UNIX}.`;
const SECONDS_HELP = `Include the seconds, for example ${EXAMPLE_SPACE}.`;
const ZONE_HELP = `Write the time zone as an offset such as +01:00, or as UTC. ${FORMAT_HELP}`;

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|' +
  'sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY =
  '(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** 2024-03-05T14:02:37Z, 2024-03-05 14:02:37.123 +0200, 2024/03/05 14:02 UTC. */
const ISO_LIKE = new RegExp(`^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})(?:t|\\s)${TIME}\\s?(.*)$`, 'iu');
/** RFC 2822 and HTTP dates: Tue, 05 Mar 2024 14:02:37 +0000; 5 Mar 2024 14:02:37 GMT. */
const DAY_FIRST = new RegExp(`^(?:${WEEKDAY},?\\s)?(\\d{1,2})\\s${MONTH}\\s(\\d{4})\\s${TIME}(?:\\s(\\S+))?$`, 'iu');
/** Syslog (Mar 5 14:02:37, with or without year) and ctime (Tue Mar 5 14:02:37 UTC 2024). */
const MONTH_FIRST = new RegExp(
  `^(?:${WEEKDAY},?\\s)?${MONTH}\\s(\\d{1,2})(?:,?\\s(\\d{4}))?\\s${TIME}` +
    `(?:\\s([^\\s\\d]\\S*|[+-]\\d{2}:?\\d{2}))?(?:\\s(\\d{4}))?$`,
  'iu',
);
/** Apache common log: 05/Mar/2024:14:02:37 +0000. */
const APACHE = new RegExp(`^(\\d{1,2})/${MONTH}/(\\d{4}):${TIME}(?:\\s?(\\S+))?$`, 'iu');
/** The zone after a time: Z, UTC, GMT, +02:00, +0200, +02, GMT+02:00, +0000 UTC. */
const ZONE_SUFFIX = /^(?:(z|utc|gmt|ut)|(?:(?:utc|gmt)\s?)?([+-])(\d{2})(?::?(\d{2}))?(?:\s?(z|utc|gmt))?)$/iu;
/** The zones RFC 2822 names (obsolete but unambiguous there), in minutes east of UTC. */
const RFC2822_ZONES: Record<string, number> = {
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/** A Luxon format without its quoted literals ('T'), for looking at its tokens. */
function withoutLiterals(format: string): string {
  return format.replace(/'[^']*'/gu, '');
}

interface ReadContext {
  /** The zone of text written without one, as the spec names it ("UTC", "+01:00", "Europe/Berlin"). */
  zone: string;
  /** The author's own Luxon formats, tried first. */
  formats: readonly string[];
  /** The year of text written without one; undefined refuses such text. */
  year: number | undefined;
}

type ReadMoment =
  | { ok: true; moment: DateTime; hasSeconds: boolean; hasZone: boolean }
  | { ok: false; feedback: string };

type ReadZone = { ok: true; zone: Zone | undefined } | { ok: false };

function readZone(suffix: string | undefined, allowRfc2822Names: boolean): ReadZone {
  if (suffix === undefined || suffix === '') return { ok: true, zone: undefined };
  const named = RFC2822_ZONES[suffix.toLowerCase()];
  if (allowRfc2822Names && named !== undefined) return { ok: true, zone: FixedOffsetZone.instance(named) };
  const match = ZONE_SUFFIX.exec(suffix);
  if (!match) return { ok: false };
  if (match[1] !== undefined) return { ok: true, zone: FixedOffsetZone.utcInstance };
  const hours = Number(match[3]);
  const minutes = Number(match[4] ?? '0');
  if (hours > 23 || minutes > 59) return { ok: false };
  const offset = (match[2] === '-' ? -1 : 1) * (hours * 60 + minutes);
  // "+02:00 UTC" contradicts itself; "+0000 UTC" (Go's format) does not.
  if (match[5] !== undefined && offset !== 0) return { ok: false };
  return { ok: true, zone: FixedOffsetZone.instance(offset) };
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
  second: string | undefined;
  fraction: string | undefined;
}

function build(fields: Fields, zone: Zone | undefined, context: ReadContext, weekday?: string): ReadMoment {
  const wallClock = DateTime.fromObject(
    {
      year: fields.year,
      month: fields.month,
      day: fields.day,
      hour: Number(fields.hour),
      minute: Number(fields.minute),
      second: Number(fields.second ?? '0'),
      millisecond: fields.fraction === undefined ? 0 : Number(fields.fraction.slice(0, 3).padEnd(3, '0')),
    },
    { zone: zone ?? 'utc' },
  );
  // Without a zone of its own the time is read in the task's zone the same way whatever today's date is.
  const moment = zone === undefined ? inZone(wallClock, zoneOf(context.zone)) : wallClock;
  if (!moment.isValid) return { ok: false, feedback: `That date or time does not exist. ${FORMAT_HELP}` };
  if (weekday !== undefined && WEEKDAYS.indexOf(weekday.slice(0, 3).toLowerCase()) + 1 !== moment.weekday) {
    return { ok: false, feedback: `The day of the week does not match the date. ${FORMAT_HELP}` };
  }
  return { ok: true, moment, hasSeconds: fields.second !== undefined, hasZone: zone !== undefined };
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/**
 * Reads a moment in any of the forms investigators copy from evidence. Every pattern is anchored and
 * free of nested quantifiers, and the input is bounded by readScalar, so reading is linear.
 */
function readMoment(raw: string, context: ReadContext): ReadMoment {
  // Mail servers append the zone's name as an RFC 5322 comment ("+0200 (CEST)"); the offset already says it all.
  let text = tidyPlain(raw)
    .replace(/\.$/u, '')
    .replace(/\s*\([A-Za-z][A-Za-z0-9 +:-]{0,30}\)$/u, '');
  const bracketed = /^\[(.*)\]$/u.exec(text);
  if (bracketed) text = bracketed[1]!.trim();
  if (/[^\P{Nd}0-9]/u.test(text))
    return { ok: false, feedback: `Write the date and time with the digits 0 to 9. ${FORMAT_HELP}` };

  for (const format of context.formats) {
    const tokens = withoutLiterals(format);
    // Luxon would fill in this year: a check must not depend on the clock.
    if (!/y/u.test(tokens) && context.year === undefined) continue;
    const read = parseTimestamp(text, format, context);
    if (!read) continue;
    return {
      ok: true,
      moment: DateTime.fromMillis(read.ms, { zone: 'utc' }),
      hasSeconds: /s/u.test(tokens),
      hasZone: /[Zz]/u.test(tokens),
    };
  }

  if (/^\d+(?:\.\d+)?$/u.test(text)) {
    const unixSeconds = /^(\d{9,10})(?:\.(\d{1,9}))?$/u.exec(text);
    if (unixSeconds) {
      const millis = Number(unixSeconds[1]) * 1000 + Number((unixSeconds[2] ?? '').slice(0, 3).padEnd(3, '0'));
      return { ok: true, moment: DateTime.fromMillis(millis, { zone: 'utc' }), hasSeconds: true, hasZone: true };
    }
    if (/^\d{12,13}$/u.test(text))
      return { ok: true, moment: DateTime.fromMillis(Number(text), { zone: 'utc' }), hasSeconds: true, hasZone: true };
    return {
      ok: false,
      feedback: `A Unix time has 9 or 10 digits in seconds, or 12 or 13 in milliseconds. ${FORMAT_HELP}`,
    };
  }

  let match = ISO_LIKE.exec(text);
  if (match) {
    const zone = readZone(match[9], false);
    if (!zone.ok) return { ok: false, feedback: ZONE_HELP };
    const fields = {
      year: Number(match[1]),
      month: Number(match[3]),
      day: Number(match[4]),
      hour: match[5]!,
      minute: match[6]!,
      second: match[7],
      fraction: match[8],
    };
    return build(fields, zone.zone, context);
  }

  match = DAY_FIRST.exec(text);
  if (match) {
    const zone = readZone(match[9], true);
    if (!zone.ok) return { ok: false, feedback: ZONE_HELP };
    const fields = {
      year: Number(match[4]),
      month: monthNumber(match[3]!),
      day: Number(match[2]),
      hour: match[5]!,
      minute: match[6]!,
      second: match[7],
      fraction: match[8],
    };
    return build(fields, zone.zone, context, match[1]);
  }

  match = MONTH_FIRST.exec(text);
  if (match) {
    const [, weekday, month, day, leadingYear, hour, minute, second, fraction, zoneText, trailingYear] = match;
    if (leadingYear !== undefined && trailingYear !== undefined) return { ok: false, feedback: FORMAT_HELP };
    const zone = readZone(zoneText, true);
    if (!zone.ok) return { ok: false, feedback: ZONE_HELP };
    const writtenYear = leadingYear ?? trailingYear;
    const year = writtenYear === undefined ? context.year : Number(writtenYear);
    if (year === undefined) return { ok: false, feedback: `Include the year. ${FORMAT_HELP}` };
    // A weekday without a year cannot be checked against anything reliable; it is only checked with one.
    return build(
      { year, month: monthNumber(month!), day: Number(day), hour: hour!, minute: minute!, second, fraction },
      zone.zone,
      context,
      writtenYear === undefined ? undefined : weekday,
    );
  }

  match = APACHE.exec(text);
  if (match) {
    const zone = readZone(match[8], false);
    if (!zone.ok) return { ok: false, feedback: ZONE_HELP };
    const fields = {
      year: Number(match[3]),
      month: monthNumber(match[2]!),
      day: Number(match[1]),
      hour: match[4]!,
      minute: match[5]!,
      second: match[6],
      fraction: match[7],
    };
    return build(fields, zone.zone, context);
  }

  return { ok: false, feedback: FORMAT_HELP };
}

/** The zone of a spec's zone field, which the schema has checked. */
function zoneOf(name: string): Zone {
  const zone = zoneNamed(name);
  if (!zone) throw new Error(`timestamp answer: zone "${name}" is not a time zone`);
  return zone;
}

function contextOf(spec: TimestampSpec, year: number | undefined): ReadContext {
  return { zone: spec.zone, formats: spec.formats, year };
}

/**
 * The year assumed for text without one: the spec's, else the year of the first expected moment
 * where the trainee reads it (in zone).
 */
function assumedYear(spec: TimestampSpec): number | undefined {
  if (spec.year !== undefined) return spec.year;
  for (const expected of alternatives(spec.expected)) {
    const read = readMoment(expected, contextOf(spec, undefined));
    if (read.ok) return read.moment.setZone(zoneOf(spec.zone)).year;
  }
  return undefined;
}

/** Milliseconds since the epoch, cut down to the precision compared. */
function truncated(moment: DateTime, precision: TimestampSpec['precision']): number {
  const unit = precision === 'minute' ? 60_000 : 1_000;
  return Math.floor(moment.toMillis() / unit) * unit;
}

/** The canonical form: ISO 8601 in UTC, to the precision compared ("2024-03-05T14:02:37Z"). */
function canonical(millis: number): string {
  return DateTime.fromMillis(millis, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? String(millis);
}

export const timestampKind: AnswerKind<TimestampSpec> = {
  name: 'timestamp',
  description:
    'A moment in time, compared across time zones, read from ISO 8601, RFC 2822, syslog, Apache log or Unix time ' +
    'notation.',
  spec: timestampSpec,
  check(spec, input) {
    assertResolved(spec.expected, 'expected', 'timestamp');
    const read = readScalar(input, 'a date and time', 200);
    if (!read.ok) return read.result;
    const context = contextOf(spec, assumedYear(spec));
    const given = readMoment(read.value, context);
    if (!given.ok) return result.invalid(given.feedback);
    if (spec.precision === 'second' && !given.hasSeconds) return result.invalid(SECONDS_HELP);
    const givenMillis = truncated(given.moment, spec.precision);
    const normalized = canonical(givenMillis);
    const accepted = alternatives(spec.expected).some((expected) => {
      const parsed = readMoment(expected, context);
      return (
        parsed.ok && Math.abs(truncated(parsed.moment, spec.precision) - givenMillis) <= spec.tolerance_seconds * 1000
      );
    });
    return accepted ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers(spec) {
    const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'timestamp');
    const context = contextOf(spec, assumedYear(spec));
    return canonicalAlternatives(expected, (text) => {
      const parsed = readMoment(text, context);
      return parsed.ok ? canonical(truncated(parsed.moment, spec.precision)) : undefined;
    });
  },
  publicShape: (spec) => ({ kind: 'timestamp', zone: spec.zone, precision: spec.precision }),
  lint(spec) {
    const problems: string[] = [];
    const context = contextOf(spec, spec.year);
    const examples = [EXAMPLE_SPACE, EXAMPLE_OFFSET, EXAMPLE_UNIX].map((example) => {
      const read = readMoment(example, context);
      return read.ok ? truncated(read.moment, spec.precision) : Number.NaN;
    });
    for (const expected of alternatives(spec.expected)) {
      if (isReference(expected)) continue;
      const read = readMoment(expected, context);
      if (!read.ok) {
        problems.push(
          `expected "${expected}" is not a date and time in a form this kind reads; write it in ISO 8601 with an ` +
            'offset, such as 2024-03-05T14:02:37Z',
        );
        continue;
      }
      if (!read.hasSeconds && spec.precision === 'second')
        problems.push(`expected "${expected}" has no seconds; add them or set precision: minute`);
      if (!read.hasZone)
        problems.push(
          `expected "${expected}" has no offset and is read in ${spec.zone}; write the offset (Z or +01:00) to make ` +
            'it unambiguous',
        );
      const year = read.moment.setZone(zoneOf(spec.zone)).year;
      if (spec.year !== undefined && spec.year !== year)
        problems.push(
          `year ${spec.year} differs from the year of expected "${expected}" (${year} in ${spec.zone}); answers ` +
            'written without a year would never match',
        );
      const millis = truncated(read.moment, spec.precision);
      if (examples.some((example) => Math.abs(example - millis) <= spec.tolerance_seconds * 1000)) {
        problems.push(
          `expected "${expected}" is the moment of an example shown in the answer format help; trainees would see it`,
        );
      }
    }
    return problems;
  },
};
