import { DateTime, FixedOffsetZone, Info, type Zone } from 'luxon';

const HOUR = 3_600_000;

/**
 * The instant (ms since 1970 UTC) that a wall-clock time names in `zone`, given as `local`: the wall clock's
 * fields read as if they were UTC. The same whatever today's date is, which Luxon's own reading is not (it
 * starts from the zone's offset today, so a time the autumn change repeats came out at its summer instant
 * from April to October and at its winter instant otherwise):
 * - a time the autumn change repeats is taken at its later instant (after the clocks went back);
 * - a time the spring change skips is moved forward by the gap, as the clocks were (02:30 becomes 03:30).
 */
export function instantOfWallClock(local: number, zone: Zone): number {
  if (zone.isUniversal) return local - zone.offset(local) * 60_000;
  // Offsets run from -12:00 to +14:00, so the instant lies between 14 hours before and 12 after `local`.
  const before = zone.offset(local - 15 * HOUR);
  const after = zone.offset(local + 13 * HOUR);
  if (before === after && zone.offset(local - before * 60_000) === before) return local - before * 60_000;
  const offsets = new Set<number>();
  for (let at = local - 15 * HOUR; at <= local + 13 * HOUR; at += HOUR) offsets.add(zone.offset(at));
  let latest: number | undefined;
  for (const offset of offsets) {
    const instant = local - offset * 60_000;
    if (zone.offset(instant) === offset && (latest === undefined || instant > latest)) latest = instant;
  }
  // No offset fits: the clocks skipped this time. The smaller offset is the one before the change.
  return latest ?? local - Math.min(...offsets) * 60_000;
}

/**
 * The Luxon zone of a zone as labs write it: "UTC", a fixed offset such as "+01:00" or "-0530", or an
 * IANA name such as "Europe/Vienna"; undefined when it is none of these. Luxon itself reads an offset
 * only as "UTC+1", so the offset is rewritten first.
 */
export function zoneNamed(name: string): Zone | undefined {
  const offset = /^([+-])(\d\d):?(\d\d)$/u.exec(name);
  if (offset) {
    const [, sign, hours, minutes] = offset;
    if (Number(hours) > 14 || Number(minutes) > 59) return undefined;
    return FixedOffsetZone.instance((sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)));
  }
  const zone = Info.normalizeZone(name);
  return zone?.isValid ? zone : undefined;
}

/**
 * A Luxon time read in UTC from a wall clock's fields, placed in `zone` by instantOfWallClock. Use instead of
 * `DateTime.fromObject(fields, { zone })` (or fromFormat, fromISO) wherever text carries no offset of its own.
 */
export function inZone(readAsUtc: DateTime, zone: Zone | string): DateTime {
  if (!readAsUtc.isValid) return readAsUtc;
  const resolved = typeof zone === 'string' ? Info.normalizeZone(zone) : zone;
  if (!resolved?.isValid) return DateTime.invalid('unsupported zone');
  return DateTime.fromMillis(instantOfWallClock(readAsUtc.toMillis(), resolved), { zone: resolved });
}
