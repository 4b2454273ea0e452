import type { EvidenceFiles, LabSolver } from '../solver-harness.ts';
import { csvRows } from './csv-rows.ts';

/*
 * Independent solver of "A seized phone's extraction report": reads the header page, the custody
 * record and the exported CSV tables the way an investigator would (the export's zone and the phone's
 * zone from the header, the offence time and places from the request), never the generator's values.
 */

/** "yyyy-MM-dd HH:mm:ss" (or EXIF's "yyyy:MM:dd HH:mm:ss") in a fixed offset, as epoch milliseconds. */
const instant = (local: string, offsetHours: number): number =>
  Date.parse(`${local.replace(/^(\d{4}):(\d{2}):/u, '$1-$2-').replace(' ', 'T')}Z`) - offsetHours * 3_600_000;
const isoUtc = (milliseconds: number): string => `${new Date(milliseconds).toISOString().slice(0, 19)}Z`;

/** The export's zone as the header states it ("Time zone of exported times: UTC+01:00"). */
const offsetOf = (text: string, label: RegExp): number => {
  const match = label.exec(text)!;
  return Number(match[1]) + Math.sign(Number(match[1])) * (Number(match[2]) / 60);
};

interface Reading {
  header: string;
  custody: string;
  messages: Record<string, string>[];
  calls: Record<string, string>[];
  locations: Record<string, string>[];
  photos: Record<string, string>[];
  exportOffset: number;
  phoneOffset: number;
  offence: number;
  places: Map<string, { lat: number; lon: number }>;
}

function read(evidence: EvidenceFiles): Reading {
  const header = evidence.get('extraction-report-header')!.toString('utf8');
  const custody = evidence.get('custody-and-request')!.toString('utf8');
  const exportOffset = offsetOf(header, /Time zone of exported times: UTC([+-]\d{2}):(\d{2})/u);
  const offence = /Offence time: (\S+ \S+) UTC([+-]\d{2}):(\d{2})/u.exec(custody)!;
  const places = new Map(
    [...custody.matchAll(/^\s+(\w+):.*?\s(\d+\.\d+), (\d+\.\d+)$/gmu)].map(
      (match) => [match[1]!, { lat: Number(match[2]), lon: Number(match[3]) }] as const,
    ),
  );
  return {
    header,
    custody,
    messages: csvRows(evidence.get('messages')!.toString('utf8')),
    calls: csvRows(evidence.get('calls')!.toString('utf8')),
    locations: csvRows(evidence.get('locations')!.toString('utf8')),
    photos: csvRows(evidence.get('photos')!.toString('utf8')),
    exportOffset,
    phoneOffset: offsetOf(header, /Time zone setting:\s+\S+ \(UTC([+-]\d{2}):(\d{2})\)/u),
    offence: instant(offence[1]!, Number(offence[2]) + Number(offence[3]) / 60),
    places,
  };
}

/** The custody entries as [number, text, hash]. */
const custodyEntries = (custody: string) =>
  [...custody.matchAll(/^(\d)\. (.+)\n\s+SHA-256 ([0-9a-f]{64})$/gmu)].map((match) => ({
    entry: `entry-${match[1]}`,
    text: match[2]!,
    hash: match[3]!,
  }));

/** The place of interest nearest a fix (metres on a local flat approximation, enough at this scale). */
function nearestPlace(reading: Reading, fix: Record<string, string>): string {
  const lat = Number(fix.latitude);
  const lon = Number(fix.longitude);
  const distance = (place: { lat: number; lon: number }) =>
    Math.hypot((place.lat - lat) * 111_000, (place.lon - lon) * 111_000 * Math.cos((lat * Math.PI) / 180));
  return [...reading.places].sort((a, b) => distance(a[1]) - distance(b[1]))[0]![0];
}

const fixesAround = (reading: Reading) =>
  reading.locations
    .map((fix) => ({ fix, at: instant(fix.date_time!, reading.exportOffset) }))
    .filter(({ at }) => Math.abs(at - reading.offence) <= 15 * 60_000);

const photoOfInterest = (reading: Reading) => {
  const file = /Photo of interest: (\S+)/u.exec(reading.custody)![1]!;
  return reading.photos.find((row) => row.file_path!.endsWith(`/${file}`))!;
};

const wolfNumbers = (reading: Reading, match: (name: string) => boolean) =>
  new Set(reading.messages.filter((row) => match(row.party_name!)).map((row) => row.party!.replace(/ /gu, '')));

const firstYardMessage = (reading: Reading, includeDeleted: boolean) =>
  reading.messages
    .filter((row) => /yard/iu.test(row.body!) && (includeDeleted || row.status !== 'Deleted - recovered'))
    .sort((a, b) => a.date_time!.localeCompare(b.date_time!))[0]!;

export const solve: LabSolver = (evidence) => {
  const reading = read(evidence);
  const reportHash = /SHA-256:\s+([0-9A-F ]+)$/mu.exec(reading.header)![1]!.replace(/ /gu, '').toLowerCase();
  const imei = /IMEI:\s+(\d{15})/u.exec(reading.header)![1]!;
  const entry = custodyEntries(reading.custody).find((item) => item.hash === reportHash && item.text.includes(imei));

  const wolfThread = reading.messages.find((row) => row.party_name === 'Wolf')!.thread;
  const numbers = wolfNumbers(reading, (name) => name === 'Wolf');
  const best = fixesAround(reading).sort((a, b) => Number(a.fix.accuracy_m) - Number(b.fix.accuracy_m))[0]!;
  const photo = photoOfInterest(reading);

  return {
    integrity: entry?.entry ?? 'none',
    'meeting-time': isoUtc(instant(firstYardMessage(reading, true).date_time!, reading.exportOffset)),
    'deleted-count': String(
      reading.messages.filter((row) => row.thread === wolfThread && row.status === 'Deleted - recovered').length,
    ),
    'wolf-calls': String(reading.calls.filter((row) => numbers.has(row.number!)).length),
    location: nearestPlace(reading, best.fix),
    'photo-time': isoUtc(instant(photo.datetime_original!, reading.phoneOffset)),
    'device-user': 'other-user',
  };
};

/** The answers of a trainee who falls for each task's trap: each must be graded, and not correct. */
export const commonMistakes: LabSolver = (evidence) => {
  const reading = read(evidence);
  const imei = /IMEI:\s+(\d{15})/u.exec(reading.header)![1]!;
  const logical = custodyEntries(reading.custody).find(
    (item) => item.text.includes(imei) && /logical/u.test(item.text),
  );
  const numbers = wolfNumbers(reading, (name) => /wolf/iu.test(name));
  const nearestInTime = fixesAround(reading).sort(
    (a, b) => Math.abs(a.at - reading.offence) - Math.abs(b.at - reading.offence),
  )[0]!;
  const photo = photoOfInterest(reading);
  return {
    integrity: logical!.entry,
    'meeting-time': isoUtc(instant(firstYardMessage(reading, true).date_time!, 0)),
    'deleted-count': String(reading.messages.filter((row) => row.status === 'Deleted - recovered').length),
    'wolf-calls': String(reading.calls.filter((row) => numbers.has(row.number!)).length),
    location: nearestPlace(reading, nearestInTime.fix),
    'photo-time': isoUtc(instant(photo.datetime_original!, 0)),
    'device-user': 'owner-proven',
  };
};
