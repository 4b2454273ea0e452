import { DateTime, Info, type Zone } from 'luxon';
import { inZone } from '../../lib/wall-clock.ts';

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
  const read = DateTime.fromFormat(
    withYear === undefined ? text : `${withYear} ${text}`,
    withYear === undefined ? format : `yyyy ${format}`,
    { zone: writtenWithZone ? zone : 'utc', setZone: writtenWithZone, locale: 'en-US' },
  );
  const parsed = writtenWithZone ? read : inZone(read, zone);
  if (!parsed.isValid) return undefined;
  return { ms: parsed.toMillis(), zone: writtenWithZone ? offsetName(parsed) : context.zone };
}

const PLAIN_ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d\d):(\d\d))?$/u;

/**
 * An ISO 8601 timestamp ("T" or a space between date and time); one without an offset is taken in `zone`.
 * The usual form ("2024-03-04T10:00:00.250+01:00", seconds given, offset as Z or ±hh:mm or none) is read
 * with arithmetic that gives what Luxon gives, for logs of many thousand lines; anything else by Luxon.
 */
export function parseIsoTimestamp(text: string, zone: string): Instant | undefined {
  const plain = PLAIN_ISO.exec(text.trim());
  if (plain) {
    const [, year, month, day, hour, minute, second, fraction, utc, sign, offsetHours, offsetMinutes] = plain;
    // Luxon's own rounding of a fraction of a second.
    const millisecond = fraction === undefined ? 0 : Math.floor(Number.parseFloat(`0.${fraction}`) * 1000);
    const clock: WallClock = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
      millisecond,
    };
    if (utc === undefined && sign === undefined) return instantFromWallClock(clock, zone);
    const { year: y, month: m, day: d, hour: h, minute: min, second: s } = clock;
    const hours = Number(offsetHours ?? 0);
    const minutes = Number(offsetMinutes ?? 0);
    if (isPlainWallClock(y, m, d, h, min, s, millisecond) && hours <= 14 && minutes <= 59) {
      const offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
      const local = Date.UTC(y, m - 1, d, h, min, s, millisecond);
      return { ms: local - offset * 60 * 1000, zone: offset === 0 ? 'UTC' : `${sign}${offsetHours}:${offsetMinutes}` };
    }
  }
  return parseIsoTimestampByLuxon(text, zone);
}

/** parseIsoTimestamp the slow way, every time through Luxon (and instantOfWallClock without an offset): the reference its fast path must equal. */
export function parseIsoTimestampByLuxon(text: string, zone: string): Instant | undefined {
  const trimmed = text.trim();
  const hasOffset = /(?:Z|[+-]\d\d:?\d\d)$/u.test(trimmed);
  const options = { zone: hasOffset ? luxonZone(zone) : 'utc', setZone: hasOffset };
  let read = DateTime.fromISO(trimmed, options);
  if (!read.isValid) read = DateTime.fromSQL(trimmed, options);
  const parsed = hasOffset ? read : inZone(read, luxonZone(zone));
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
 * calendar does not have. Faster than parseTimestamp's format matching, for logs of many thousand lines:
 * away from the zone's offset changes it is arithmetic on a cached offset (see wallClockOffset); near a
 * change it is instantOfWallClock (a repeated time at its later instant, a skipped one moved forward), and
 * anything unusual Luxon checks first. Either way the result does not depend on today's date.
 */
export function instantFromWallClock(clock: WallClock, zone: string): Instant | undefined {
  const { year, month, day, hour, minute, second, millisecond = 0 } = clock;
  if (isPlainWallClock(year, month, day, hour, minute, second, millisecond)) {
    const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
    const offset = wallClockOffset(zone, local);
    if (offset !== undefined) return { ms: local - offset * 60 * 1000, zone };
  }
  return instantFromWallClockByLuxon(clock, zone);
}

/** instantFromWallClock the slow way, every time through Luxon and instantOfWallClock: the reference the fast path must equal. */
export function instantFromWallClockByLuxon(clock: WallClock, zone: string): Instant | undefined {
  const time = inZone(DateTime.fromObject(clock, { zone: 'utc' }), luxonZone(zone));
  return time.isValid ? { ms: time.toMillis(), zone } : undefined;
}

/**
 * A wall-clock time that Luxon takes as written: whole numbers in their ordinary ranges, a day the month
 * has, and a year from 1900 to 2199 (Date.UTC reads years below 100 as 19xx; Luxon does not). Anything
 * else (24:00:00, a 31st of April) goes to Luxon, which decides it as it always has.
 */
function isPlainWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1900 &&
    year < 2200 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    Number.isInteger(hour) &&
    hour >= 0 &&
    hour <= 23 &&
    Number.isInteger(minute) &&
    minute >= 0 &&
    minute <= 59 &&
    Number.isInteger(second) &&
    second >= 0 &&
    second <= 59 &&
    Number.isInteger(millisecond) &&
    millisecond >= 0 &&
    millisecond <= 999
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const HOUR = 3_600_000;
/**
 * A wall-clock time names an instant up to 14 hours before or 12 after it (offsets run from -12:00 to
 * +14:00). When the zone's offset is the same over this margin around a wall-clock hour, that offset is the
 * only one any time of the hour can have.
 */
const GUESS_MARGIN_HOURS = 40;

interface ZoneOffsets {
  zone: Zone;
  /** The zone's offset in minutes at the start of each UTC hour (hours since 1970) asked about. */
  atUtcHour: Map<number, number>;
  /** Per wall-clock hour (its "local as if UTC" hours since 1970): the offset all of it has, or null near a change. */
  ofWallClockHour: Map<number, number | null>;
}

const zoneOffsets = new Map<string, ZoneOffsets | null>();

/**
 * The offset (minutes) of every wall-clock time of the hour holding `local` (the wall clock's milliseconds
 * as if it were UTC) in `zone`, or undefined when the slow path must decide: the zone is unknown, or its
 * offset changes within GUESS_MARGIN_HOURS of the hour, where a time can be repeated (autumn) or missing
 * (spring). The offsets are sampled on whole UTC hours: no zone changes its offset and back within one hour.
 */
function wallClockOffset(zoneName: string, local: number): number | undefined {
  let offsets = zoneOffsets.get(zoneName);
  if (offsets === undefined) {
    const zone = Info.normalizeZone(luxonZone(zoneName));
    offsets = zone?.isValid ? { zone, atUtcHour: new Map(), ofWallClockHour: new Map() } : null;
    if (zoneOffsets.size >= 100) zoneOffsets.clear();
    zoneOffsets.set(zoneName, offsets);
  }
  if (offsets === null) return undefined;
  if (offsets.zone.isUniversal) return offsets.zone.offset(0);
  const wallClockHour = Math.floor(local / HOUR);
  let offset = offsets.ofWallClockHour.get(wallClockHour);
  if (offset === undefined) {
    offset = steadyOffset(offsets, wallClockHour);
    if (offsets.ofWallClockHour.size >= 100_000) offsets.ofWallClockHour.clear();
    offsets.ofWallClockHour.set(wallClockHour, offset);
  }
  return offset ?? undefined;
}

/** The zone's offset when it is the same on every UTC hour within the margin around a wall-clock hour, else null. */
function steadyOffset(offsets: ZoneOffsets, wallClockHour: number): number | null {
  let steady: number | undefined;
  for (let hour = wallClockHour - GUESS_MARGIN_HOURS; hour <= wallClockHour + GUESS_MARGIN_HOURS; hour++) {
    let offset = offsets.atUtcHour.get(hour);
    if (offset === undefined) {
      offset = offsets.zone.offset(hour * HOUR);
      if (offsets.atUtcHour.size >= 100_000) offsets.atUtcHour.clear();
      offsets.atUtcHour.set(hour, offset);
    }
    if (steady === undefined) steady = offset;
    else if (offset !== steady) return null;
  }
  return steady ?? null;
}

/** "Jan" to "Dec" as 1 to 12, as logs abbreviate months in English whatever the locale; undefined otherwise. */
export function monthNumber(abbreviation: string): number | undefined {
  const index = MONTH_ABBREVIATIONS.indexOf(abbreviation);
  return index < 0 ? undefined : index + 1;
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
