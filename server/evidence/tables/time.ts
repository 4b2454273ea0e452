import { DateTime } from 'luxon';

/**
 * Timestamps of evidence as instants: milliseconds since 1970 UTC, and the zone the source wrote
 * them in (what a table keeps in its source_zone column). Luxon does the calendar and zone work.
 */
export interface Instant {
  ms: number;
  /** The zone or offset the time was written in: "+02:00", "UTC", or the IANA name a lab declared. */
  zone: string;
}

/**
 * Reads `text` with a Luxon format (https://moment.github.io/luxon/#/parsing?id=table-of-tokens).
 * An offset or zone in the text wins; otherwise the time is taken in `zone` (an IANA name, "UTC" or
 * "+02:00"). A format without a year takes `year`. Undefined when the text does not fit the format.
 */
export function parseTimestamp(
  text: string,
  format: string,
  context: { zone: string; year?: number },
): Instant | undefined {
  const zone = luxonZone(context.zone);
  const tokens = format.replace(/'[^']*'/gu, '');
  const writtenWithZone = /Z|ZZ|ZZZ|z/u.test(tokens);
  // The year goes in before parsing, not after: "Feb 29" only exists in the lab's year when it is a leap year.
  const withYear = /y/u.test(tokens) || context.year === undefined ? undefined : context.year;
  const parsed = DateTime.fromFormat(
    withYear === undefined ? text : `${withYear} ${text}`,
    withYear === undefined ? format : `yyyy ${format}`,
    { zone, setZone: writtenWithZone, locale: 'en-US' },
  );
  if (!parsed.isValid) return undefined;
  return { ms: parsed.toMillis(), zone: writtenWithZone ? offsetName(parsed) : context.zone };
}

/** An ISO 8601 timestamp ("T" or a space between date and time); one without an offset is taken in `zone`. */
export function parseIsoTimestamp(text: string, zone: string): Instant | undefined {
  const trimmed = text.trim();
  const hasOffset = /(?:Z|[+-]\d\d:?\d\d)$/u.test(trimmed);
  const options = { zone: luxonZone(zone), setZone: hasOffset };
  let parsed = DateTime.fromISO(trimmed, options);
  if (!parsed.isValid) parsed = DateTime.fromSQL(trimmed, options);
  if (!parsed.isValid) return undefined;
  return { ms: parsed.toMillis(), zone: hasOffset ? offsetName(parsed) : zone };
}

/** Luxon's name for a zone a lab may write: IANA names as they are, "+02:00" as "UTC+2", "UTC" as is. */
function luxonZone(zone: string): string {
  const offset = /^([+-])(\d\d):?(\d\d)$/u.exec(zone);
  if (!offset) return zone;
  const [, sign, hours, minutes] = offset;
  return `UTC${sign}${Number(hours)}${minutes === '00' ? '' : `:${minutes}`}`;
}

/** "+02:00", or "UTC" for a zero offset. */
function offsetName(time: DateTime): string {
  return time.offset === 0 ? 'UTC' : time.toFormat('ZZ');
}

/** An offset as written in logs ("+0200", "-05:30") as source_zone names it: "+02:00", or "UTC" for zero. */
export function offsetZoneName(sign: string, hours: string, minutes: string): string {
  return hours === '00' && minutes === '00' ? 'UTC' : `${sign}${hours}:${minutes}`;
}

/** The parts of a wall-clock time as a log writes them; month 1 to 12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

/**
 * A wall-clock time in `zone` (IANA name, "UTC" or "+02:00") as an instant; undefined for a time the
 * calendar does not have. Faster than parseTimestamp's format matching, for logs of many thousand lines.
 */
export function instantFromWallClock(clock: WallClock, zone: string): Instant | undefined {
  const time = DateTime.fromObject(clock, { zone: luxonZone(zone) });
  return time.isValid ? { ms: time.toMillis(), zone } : undefined;
}

/** "Jan" to "Dec" as 1 to 12, as logs abbreviate months in English whatever the locale; undefined otherwise. */
export function monthNumber(abbreviation: string): number | undefined {
  const index = MONTH_ABBREVIATIONS.indexOf(abbreviation);
  return index < 0 ? undefined : index + 1;
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
