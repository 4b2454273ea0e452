import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "A seized phone's extraction report".
 *
 * From the seed it writes the forensic tool's report of a full file system extraction of the
 * suspect's phone, as an examiner exports it:
 *  - the report's header page (device, IMEI, extraction, tool, examiner, the phone's time zone
 *    setting, the accounts on the device, the SHA-256 of the extraction file);
 *  - the messages, calls and locations tables (CSV, times in the export's zone UTC+01:00 without an
 *    offset, as the header states) and the photos table (EXIF DateTimeOriginal: the phone's local
 *    time, no zone);
 *  - the custody record and examination request (the extraction files and their hashes, the offence
 *    time, the places of interest, the photo of interest).
 * Per seed: the people, numbers, times, the number of deleted and recovered messages, where the
 * GPS fix at the offence puts the phone (the cell fix of the same minute points elsewhere), the
 * phone's zone, which custody entry the report's hash matches, and who else used the phone.
 * Numbers are fictional (+999 5550 1xxx). Only context.random is used.
 */

type Random = Parameters<VariantGenerator>[0]['random'];

/** The export writes every table time in this fixed offset (the lab's table zone is "+01:00"). */
const EXPORT_OFFSET_HOURS = 1;
/** Minutes from 2026-11-12 00:00:00 UTC. */
const BASE = Date.UTC(2026, 10, 12, 0, 0, 0);
const at = (seconds: number, offsetHours: number): string =>
  new Date(BASE + (seconds + offsetHours * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
const local = (seconds: number): string => at(seconds, EXPORT_OFFSET_HOURS);
const iso = (seconds: number): string => `${at(seconds, 0).replace(' ', 'T')}Z`;
const exif = (seconds: number, offsetHours: number): string => at(seconds, offsetHours).replace(/-/gu, ':');

const PHONE_ZONES = [
  { name: 'Europe/Helsinki', offset: 2 },
  { name: 'Europe/Athens', offset: 2 },
  { name: 'Europe/Bucharest', offset: 2 },
  { name: 'Europe/Sofia', offset: 2 },
];
const OWNERS = [
  { first: 'Darko', last: 'Maric' },
  { first: 'Emil', last: 'Vantaa' },
  { first: 'Jonas', last: 'Pellerin' },
  { first: 'Teo', last: 'Halvorsen' },
];
const OTHER_USERS = [
  { first: 'Lena', last: 'Sorvali' },
  { first: 'Mira', last: 'Kestner' },
  { first: 'Nadia', last: 'Ruusk' },
  { first: 'Ilse', last: 'Brannock' },
];
const FRIENDS = ['Tomas', 'Kai', 'Ruben', 'Stellan', 'Pavo'];
const MODELS = ['Orion X7 Pro', 'Nimbus 12 Lite', 'Pelican S24'];

/** Places of interest (fictional town of Marrowby); the phone's fixes are placed near them. */
const PLACES = {
  yard: { lat: 47.81234, lon: 13.04567 },
  home: { lat: 47.80112, lon: 13.06021 },
  pub: { lat: 47.82381, lon: 13.02714 },
};
type Place = keyof typeof PLACES;

const near = (random: Random, place: Place, metres: number) => {
  const dLat = ((random.int(-100, 100) / 100) * metres) / 111_000;
  const dLon = ((random.int(-100, 100) / 100) * metres) / 75_000;
  return { lat: (PLACES[place].lat + dLat).toFixed(5), lon: (PLACES[place].lon + dLon).toFixed(5) };
};

const quote = (text: string) => `"${text.replace(/"/gu, '""')}"`;

const generate: VariantGenerator = ({ random }) => {
  const usedNumbers = new Set<string>();
  const number = (): string => {
    for (;;) {
      const value = `${random.int(10, 99)}${random.int(10, 99)}`;
      if (!usedNumbers.has(value)) {
        usedNumbers.add(value);
        return value;
      }
    }
  };
  /** The same number as the messages (spaced) and the call log (compact) write it. */
  const spaced = (suffix: string) => `+999 5550 ${suffix}`;
  const compact = (suffix: string) => `+9995550${suffix}`;

  const owner = random.pick(OWNERS);
  const otherUser = random.pick(OTHER_USERS);
  const friend = random.pick(FRIENDS);
  const zone = random.pick(PHONE_ZONES);
  const model = random.pick(MODELS);
  const ownerNumber = number();
  const wolf = number();
  const wolfgang = number();
  const mum = number();
  const friendNumber = number();
  const otherUserNumber = number();

  // The offence: 14 November, 21:20–22:10 local (UTC+01:00).
  const offence = 2 * 86_400 + 20 * 3600 + random.int(20, 70) * 60;

  // ---- Messages ----
  interface Message {
    app: string;
    thread: string;
    direction: 'incoming' | 'outgoing';
    party: string;
    name: string;
    time: number;
    body: string;
    deleted: boolean;
  }
  const messages: Message[] = [];
  const say = (
    app: string,
    thread: string,
    party: string,
    name: string,
    direction: Message['direction'],
    time: number,
    body: string,
    deleted = false,
  ) => messages.push({ app, thread, direction, party: spaced(party), name, time, body, deleted });

  const wolfThread = `parley-${random.int(100, 999)}`;
  // Small talk before the arrangement.
  let clock = random.int(9, 13) * 3600 + random.int(0, 3599);
  for (const [direction, body] of [
    ['incoming', 'you around this week?'],
    ['outgoing', 'yeah, working till thursday'],
    ['incoming', 'got something for you, easy money'],
  ] as const) {
    say('Parley', wolfThread, wolf, 'Wolf', direction, clock, body);
    clock += random.int(2, 40) * 60 + random.int(0, 59);
  }
  // The arrangement: the first message naming the yard is always one the user deleted (recovered).
  const arrangementTime = clock + random.int(1, 5) * 3600 + random.int(0, 3599);
  const meetHour = at(offence, EXPORT_OFFSET_HOURS).slice(11, 13);
  say(
    'Parley',
    wolfThread,
    wolf,
    'Wolf',
    'incoming',
    arrangementTime,
    `saturday ${meetHour}:00 at the Kessler yard, back gate. bring the van`,
    true,
  );
  clock = arrangementTime + random.int(3, 20) * 60 + random.int(0, 59);
  say('Parley', wolfThread, wolf, 'Wolf', 'outgoing', clock, 'ok. who else is coming', true);
  clock += random.int(2, 15) * 60 + random.int(0, 59);
  say('Parley', wolfThread, wolf, 'Wolf', 'incoming', clock, 'just us. delete this');
  // The next day: a live message that names the yard again (the first a trainee sees without deleted rows).
  clock = 86_400 + random.int(10, 18) * 3600 + random.int(0, 3599);
  const liveYard = clock;
  say('Parley', wolfThread, wolf, 'Wolf', 'outgoing', clock, 'still on for the yard tomorrow?');
  clock += random.int(5, 50) * 60 + random.int(0, 59);
  say('Parley', wolfThread, wolf, 'Wolf', 'incoming', clock, 'yes. same time');
  // On the day: a few more, some deleted.
  const extraDeleted = random.int(0, 3);
  const dayLines = [
    ['incoming', 'leaving now'],
    ['outgoing', 'van is fuelled'],
    ['incoming', 'park on the lane not the road'],
    ['outgoing', 'ok'],
    ['incoming', 'all good?'],
  ] as const;
  const deletedFlags = random.shuffle(dayLines.map((_, index) => index < extraDeleted));
  clock = offence - random.int(90, 150) * 60;
  dayLines.forEach(([direction, body], index) => {
    say('Parley', wolfThread, wolf, 'Wolf', direction, clock, body, deletedFlags[index]);
    clock += random.int(8, 25) * 60 + random.int(0, 59);
  });
  const wolfDeleted = 2 + extraDeleted;

  // A contact whose name also contains "Wolf" (a car sale, nothing to do with the yard).
  const wolfgangThread = `sms-${random.int(100, 999)}`;
  clock = random.int(8, 20) * 3600 + random.int(0, 3599);
  for (const [direction, body, deleted] of [
    ['incoming', 'Is the Golf still for sale?', false],
    ['outgoing', 'Yes, 4200 or best offer', false],
    ['incoming', 'Can I see it on Sunday?', random.chance(0.5)],
    ['outgoing', 'Sunday after 11 is fine', false],
  ] as const) {
    say('SMS', wolfgangThread, wolfgang, 'Wolfgang Reiter', direction, clock, body, deleted);
    clock += random.int(10, 300) * 60 + random.int(0, 59);
  }
  // Family, with deleted messages too (they are not the thread asked about).
  const mumThread = `sms-${random.int(100, 999)}`;
  const mumDeleted = random.int(1, 3);
  clock = random.int(7, 12) * 3600 + random.int(0, 3599);
  ['Did you eat?', 'yes mum', 'Come on Sunday for lunch', 'will try', 'Call your sister', 'ok'].forEach(
    (body, index) => {
      say('SMS', mumThread, mum, 'Mum', index % 2 === 0 ? 'incoming' : 'outgoing', clock, body, index < mumDeleted);
      clock += random.int(30, 900) * 60 + random.int(0, 59);
    },
  );
  // The friend's thread: one outgoing message written by someone else, who signs it.
  const friendThread = `parley-${random.int(100, 999)}`;
  clock = random.int(1, 2) * 86_400 + random.int(9, 17) * 3600 + random.int(0, 3599);
  say('Parley', friendThread, friendNumber, friend, 'incoming', clock, 'match on saturday?');
  clock += random.int(60, 180) * 60 + random.int(0, 59);
  const signedTime = clock;
  say(
    'Parley',
    friendThread,
    friendNumber,
    friend,
    'outgoing',
    clock,
    `hi ${friend}, it's ${otherUser.first}. ${owner.first} left his phone with me today, message me on my own number ${spaced(otherUserNumber)}`,
  );
  clock += random.int(5, 40) * 60 + random.int(0, 59);
  say('Parley', friendThread, friendNumber, friend, 'incoming', clock, `ok ${otherUser.first}, thanks`);

  messages.sort((a, b) => a.time - b.time);
  const messageRows = ['message_id,app,thread,direction,party,party_name,date_time,body,status'];
  let messageId = 10_000;
  for (const message of messages)
    messageRows.push(
      [
        (messageId += random.int(1, 4)),
        message.app,
        message.thread,
        message.direction,
        message.party,
        quote(message.name),
        local(message.time),
        quote(message.body),
        message.deleted ? 'Deleted - recovered' : message.direction === 'outgoing' ? 'Sent' : 'Read',
      ].join(','),
    );

  // ---- Calls ----
  interface Call {
    number: string;
    direction: string;
    start: number;
    duration: number;
  }
  const calls: Call[] = [];
  const wolfCalls = random.int(3, 6);
  for (let index = 0; index < wolfCalls; index++) {
    const missed = index === 0 && random.chance(0.5);
    calls.push({
      number: compact(wolf),
      direction: missed ? 'missed' : random.pick(['incoming', 'outgoing']),
      start: random.int(0, 2) * 86_400 + random.int(9, 21) * 3600 + random.int(0, 3599),
      duration: missed ? 0 : random.int(15, 420),
    });
  }
  // One call from Wolf minutes before the offence.
  calls.push({
    number: compact(wolf),
    direction: 'incoming',
    start: offence - random.int(8, 20) * 60 - random.int(1, 59),
    duration: random.int(20, 90),
  });
  const wolfCallCount = wolfCalls + 1;
  const wolfgangCalls = random.int(1, 3);
  for (let index = 0; index < wolfgangCalls; index++)
    calls.push({
      number: compact(wolfgang),
      direction: random.pick(['incoming', 'outgoing']),
      start: random.int(0, 2) * 86_400 + random.int(9, 21) * 3600 + random.int(0, 3599),
      duration: random.int(30, 300),
    });
  for (const suffix of [mum, friendNumber, mum])
    calls.push({
      number: compact(suffix),
      direction: random.pick(['incoming', 'outgoing']),
      start: random.int(0, 2) * 86_400 + random.int(9, 19) * 3600 + random.int(0, 3599),
      duration: random.int(40, 900),
    });
  calls.sort((a, b) => a.start - b.start);
  const callRows = ['call_id,number,direction,start_time,duration_s'];
  for (const [index, call] of calls.entries())
    callRows.push([5_000 + index, call.number, call.direction, local(call.start), call.duration].join(','));

  // ---- Locations ----
  const right: Place = random.pick(['yard', 'home']);
  const cellPlace: Place = right === 'yard' ? random.pick(['home', 'pub']) : random.pick(['yard', 'pub']);
  const gpsGap = random.int(2, 4) * 60 + random.int(0, 59);
  const fixes: { time: number; place: ReturnType<typeof near>; source: string; accuracy: number }[] = [];
  // Earlier in the evening: home on Wi-Fi, then on the move.
  for (let minutes = 240; minutes >= 40; minutes -= random.int(25, 45))
    fixes.push({
      time: offence - minutes * 60 - random.int(0, 59),
      place: near(random, minutes > 150 ? 'home' : random.pick(['home', 'pub', 'yard']), 60),
      source: minutes > 150 ? 'Wi-Fi' : random.pick(['GPS', 'Cell']),
      accuracy: 0,
    });
  for (const fix of fixes)
    fix.accuracy =
      fix.source === 'Wi-Fi' ? random.int(20, 45) : fix.source === 'GPS' ? random.int(5, 15) : random.int(900, 3500);
  // At the offence: a coarse cell fix (centre near another place) and precise GPS fixes just before and after.
  fixes.push({
    time: offence + random.int(0, 40),
    place: near(random, cellPlace, 150),
    source: 'Cell',
    accuracy: random.int(2_400, 4_000),
  });
  fixes.push({ time: offence - gpsGap, place: near(random, right, 12), source: 'GPS', accuracy: random.int(4, 12) });
  fixes.push({
    time: offence + random.int(5, 8) * 60,
    place: near(random, right, 12),
    source: 'GPS',
    accuracy: random.int(4, 12),
  });
  fixes.push({
    time: offence + random.int(40, 70) * 60,
    place: near(random, 'home', 40),
    source: 'Wi-Fi',
    accuracy: random.int(20, 45),
  });
  fixes.sort((a, b) => a.time - b.time);
  const locationRows = ['fix_id,date_time,latitude,longitude,source,accuracy_m'];
  for (const [index, fix] of fixes.entries())
    locationRows.push([800 + index, local(fix.time), fix.place.lat, fix.place.lon, fix.source, fix.accuracy].join(','));

  // ---- Photos ----
  const cameraModel = model;
  const photoTime = offence - random.int(4, 12) * 60 - random.int(0, 59);
  const photoFile = `IMG_${exif(photoTime, zone.offset).replace(/[: ]/gu, '').slice(0, 8)}_${exif(photoTime, zone.offset).slice(11).replace(/:/gu, '')}.jpg`;
  interface Photo {
    path: string;
    original: string;
    make: string;
    model: string;
    lat: string;
    lon: string;
  }
  const photos: Photo[] = [];
  const cameraPhoto = (seconds: number, place: Place): Photo => {
    const stamp = exif(seconds, zone.offset);
    const position = near(random, place, 25);
    return {
      path: `/data/media/0/DCIM/Camera/IMG_${stamp.slice(0, 10).replace(/:/gu, '')}_${stamp.slice(11).replace(/:/gu, '')}.jpg`,
      original: stamp,
      make: 'Orion Mobile',
      model: cameraModel,
      lat: position.lat,
      lon: position.lon,
    };
  };
  photos.push({ ...cameraPhoto(photoTime, right), path: `/data/media/0/DCIM/Camera/${photoFile}` });
  for (let index = 0; index < random.int(3, 5); index++)
    photos.push(
      cameraPhoto(
        random.int(0, 1) * 86_400 + random.int(10, 18) * 3600 + random.int(0, 3599),
        random.pick(['home', 'pub']),
      ),
    );
  for (let index = 0; index < random.int(2, 3); index++)
    photos.push({
      path: `/data/media/0/Parley/Media/Parley Images/PRL-IMG-202611${12 + index}-${random.hex(6)}.jpg`,
      original: '',
      make: '',
      model: '',
      lat: '',
      lon: '',
    });
  const photoRows = ['file_path,datetime_original,camera_make,camera_model,gps_latitude,gps_longitude,sha256'];
  for (const photo of random.shuffle(photos))
    photoRows.push(
      [quote(photo.path), photo.original, photo.make, photo.model, photo.lat, photo.lon, random.hex(64)].join(','),
    );

  // ---- Header page and custody ----
  const imei = `00${random.int(1_000_000, 9_999_999)}${random.int(100_000, 999_999)}`;
  const otherImei = `00${random.int(1_000_000, 9_999_999)}${random.int(100_000, 999_999)}`;
  const ffsHash = random.hex(64);
  const logicalHash = random.hex(64);
  const otherHash = random.hex(64);
  const start = 6 * 86_400 + random.int(8, 11) * 3600 + random.int(0, 3599);
  const end = start + random.int(70, 160) * 60 + random.int(0, 59);
  const caseNo = `2026-1114-${random.int(100, 999)}`;
  const grouped = ffsHash.toUpperCase().match(/.{8}/gu)!.join(' ');
  const header = [
    'SLEUTHGRID MOBILE EXAMINER - EXTRACTION REPORT',
    '',
    `Case number:            ${caseNo}`,
    'Exhibit:                DM/1',
    'Examiner:               DC Petra Ilves, Digital Forensics Unit',
    'Tool:                   Sleuthgrid Mobile Examiner 5.2.1 (build 5.2.1.884)',
    '',
    'DEVICE',
    `Make / model:           Orion Mobile ${model}`,
    `IMEI:                   ${imei}`,
    'Operating system:       Android 15',
    `Owner number (SIM 1):   ${spaced(ownerNumber)}`,
    `Time zone setting:      ${zone.name} (UTC+0${zone.offset}:00), automatic time zone off`,
    'Accounts on the device:',
    `  - cloud account ${owner.first.toLowerCase()}.${owner.last.toLowerCase()}@mail.example (signed in 2026-09-30)`,
    `  - cloud account ${otherUser.first.toLowerCase()}.${otherUser.last.toLowerCase()}@mail.example (signed in ${at(signedTime - random.int(60, 240) * 60 - random.int(0, 59), EXPORT_OFFSET_HOURS)} UTC+01:00, still signed in)`,
    `  - Parley messenger, registered to ${spaced(ownerNumber)}`,
    '',
    'EXTRACTION',
    'Extraction type:        Full file system (FFS), agent-based',
    `Start:                  ${local(start)} UTC+01:00`,
    `End:                    ${local(end)} UTC+01:00`,
    `Extraction file:        DM1_${caseNo}_FFS.zip`,
    `SHA-256:                ${grouped}`,
    '',
    'EXPORT',
    'Tables exported:        messages.csv, calls.csv, locations.csv, photos.csv',
    'Time zone of exported times: UTC+01:00 (examiner setting). Times in the messages, calls and',
    'locations tables are written without an offset. Photo times are the EXIF DateTimeOriginal as',
    "stored in the file: the device's local clock time, without a zone.",
    'Deleted records: rows with status "Deleted - recovered" were carved from free pages of the',
    'messenger databases. Carving recovers some deleted records, not all of them.',
    '',
  ].join('\n');

  const entries = random.shuffle([
    { key: 'ffs', text: `DM1_${caseNo}_FFS.zip (exhibit DM/1, IMEI ${imei}, full file system)`, hash: ffsHash },
    {
      key: 'logical',
      text: `DM1_${caseNo}_LOG.zip (exhibit DM/1, IMEI ${imei}, logical; superseded)`,
      hash: logicalHash,
    },
    {
      key: 'other',
      text: `DM2_${caseNo}_FFS.zip (exhibit DM/2, IMEI ${otherImei}, full file system)`,
      hash: otherHash,
    },
  ]);
  const entryOption = `entry-${entries.findIndex((entry) => entry.key === 'ffs') + 1}`;
  const logicalOption = `entry-${entries.findIndex((entry) => entry.key === 'logical') + 1}`;
  const offenceLocal = local(offence);
  const custody = [
    'REGIONAL POLICE - CHAIN OF CUSTODY AND EXAMINATION REQUEST',
    '',
    `Case ${caseNo}: burglary at Kessler Logistics, 14 Quarry Lane, Marrowby`,
    '',
    'SEIZURE',
    `DM/1  Mobile phone Orion Mobile ${model}, IMEI ${imei} (label in SIM tray), seized from`,
    `      ${owner.first} ${owner.last} on arrest, 2026-11-16, by PC Aaro Lind. Placed in a shielding bag, powered on.`,
    `DM/2  Mobile phone, IMEI ${otherImei}, found in the van, 2026-11-16, by PC Aaro Lind.`,
    '',
    'EXTRACTION FILES RECEIVED BY THE EVIDENCE STORE (SHA-256 computed on receipt)',
    ...entries.map((entry, index) => `${index + 1}. ${entry.text}\n   SHA-256 ${entry.hash}`),
    '',
    'EXAMINATION REQUEST (DS Rowan Adair, officer in the case)',
    `- Offence time: ${offenceLocal} UTC+01:00 (CCTV at the back gate; clock checked).`,
    '- Places of interest (WGS 84):',
    `    yard: Kessler Logistics yard, back gate    ${PLACES.yard.lat}, ${PLACES.yard.lon}`,
    `    home: ${owner.first} ${owner.last}'s flat, 3 Linden Court   ${PLACES.home.lat}, ${PLACES.home.lon}`,
    `    pub:  The Harbour Tap, Mill Street          ${PLACES.pub.lat}, ${PLACES.pub.lon}`,
    `- Photo of interest: ${photoFile} (a gate at night, taken on the evening of the offence).`,
    '- Questions: contact with the person known as "Wolf"; the meeting; where the phone was at the',
    '  offence time; who used the phone.',
    '',
  ].join('\n');

  const photoUtc = photoTime;
  return {
    files: {
      'evidence/extraction-report-header.txt': header,
      'evidence/custody-and-request.txt': custody,
      'evidence/messages.csv': `${messageRows.join('\n')}\n`,
      'evidence/calls.csv': `${callRows.join('\n')}\n`,
      'evidence/locations.csv': `${locationRows.join('\n')}\n`,
      'evidence/photos.csv': `${photoRows.join('\n')}\n`,
    },
    values: {
      offence_time: iso(offence),
      offence_local: offenceLocal,
      photo_file: photoFile,
      imei,
      extraction_hash: ffsHash,
      custody_entry: entryOption,
      logical_entry: logicalOption,
      meeting_time: iso(arrangementTime),
      meeting_time_as_utc: `${local(arrangementTime).replace(' ', 'T')}Z`,
      meeting_time_live: iso(liveYard),
      wolf_thread: wolfThread,
      wolf_number: spaced(wolf),
      deleted_count: wolfDeleted,
      deleted_all: wolfDeleted + mumDeleted + messages.filter((m) => m.deleted && m.thread === wolfgangThread).length,
      wolf_calls: wolfCallCount,
      wolf_calls_with_wolfgang: wolfCallCount + wolfgangCalls,
      location_option: right,
      cell_option: cellPlace,
      phone_zone: `${zone.name} (UTC+0${zone.offset}:00)`,
      photo_time: iso(photoUtc),
      photo_time_as_utc: `${exif(photoTime, zone.offset).replace(/:/u, '-').replace(/:/u, '-').replace(' ', 'T')}Z`,
      photo_time_export_zone: iso(photoTime + (zone.offset - EXPORT_OFFSET_HOURS) * 3600),
      other_user: `${otherUser.first} ${otherUser.last}`,
      owner: `${owner.first} ${owner.last}`,
    },
  };
};

export default generate;
