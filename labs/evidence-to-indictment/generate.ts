import type { VariantGenerator } from '../../server/labs/variants.ts';
import type { SeededRandom } from '../../server/labs/random.ts';

/*
 * Variant generator of the lab "From evidence to indictment".
 *
 * The trainee is the prosecutor of Operation HARROW, which joined the earlier investigations (the
 * Eastbrook file server, the Vestmark permits portal, the invoice fraud against the Ministry of
 * Infrastructure, the ransomware at the Valley Water Authority) and the search of the suspect's
 * home. From the seed it writes the four documents of the charging file:
 *  - evidence/findings-summary.md: the senior investigating officer's summary, with eight findings
 *    F1..F8 in a per-seed order, one act each. The Eastbrook intrusion (Article 2) is always there;
 *    one finding is drawn for each of Articles 3 to 8 and one more from what is left, so every
 *    article 2 to 8 is supported at least once. Each finding names the exhibits it rests on;
 *  - evidence/evidence-register.csv: every item (physical items without hashes, digital items with
 *    the acquisition SHA-256 and the SHA-256 of the working copy examined). Exactly one digital item
 *    cited by a finding has a working copy that differs from its acquisition hash in three
 *    characters in the middle, with no note that explains it. Decoys: a working-copy hash written in
 *    capitals (same value), a re-acquisition whose note gives the new hash (which the working copy
 *    matches), a documented re-verification, and optional items that no finding cites;
 *  - evidence/custody-log.csv: the chain of custody of the physical items, one row per handover.
 *    Exactly one item has a period in which the log cannot say who held it: a missing return to the
 *    store, a missing booking into the store after seizure, or a return signed by someone who never
 *    received the item. The lab's choice task offers that period and four documented ones
 *    (a weekend hold by an examiner, a courier run, a stay at an outside laboratory, a long stay in
 *    the store signed by different store officers, a viewing at the prosecutor's office);
 *  - evidence/expert-report.txt: the examiner's report on the Eastbrook file server image. It covers
 *    five points an expert can be asked about (tool versions, time zone, write protection, which logs
 *    were examined, attribution of the address) and gets exactly one of them wrong.
 *
 * Times in the custody log are local clock times written as "2025-01-24 16:40"; no conversion is
 * needed anywhere. Only context.random is used: the same seed always gives the same bytes.
 */

type Article = 'art2' | 'art3' | 'art4' | 'art5' | 'art6' | 'art7' | 'art8';

/** The words of the mapping labels, for the explanation. */
const ARTICLE_NAMES: Record<Article, string> = {
  art2: 'Art. 2 illegal access',
  art3: 'Art. 3 illegal interception',
  art4: 'Art. 4 data interference',
  art5: 'Art. 5 system interference',
  art6: 'Art. 6 misuse of devices',
  art7: 'Art. 7 computer-related forgery',
  art8: 'Art. 8 computer-related fraud',
};

/** The article a hurried reader picks instead (the neighbour whose wording is closest). */
const CONFUSED_WITH: Record<Article, Article> = {
  art2: 'art3',
  art3: 'art2',
  art4: 'art5',
  art5: 'art4',
  art6: 'art2',
  art7: 'art8',
  art8: 'art7',
};

const two = (value: number): string => String(value).padStart(2, '0');
/** 312456 -> "312,456", without depending on the machine's locale data. */
const grouped = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/gu, ',');

// ---------------------------------------------------------------------------------------------
// Calendar: days counted from 1 January 2024, minutes on the local clock. Date.UTC with fixed
// arguments is only used to turn a day number into a calendar date.

const EPOCH = Date.UTC(2024, 0, 1);
const MS_PER_DAY = 86_400_000;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const dayOf = (year: number, month: number, day: number): number =>
  (Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY;
const calendar = (day: number): Date => new Date(EPOCH + day * MS_PER_DAY);
const weekday = (day: number): number => calendar(day).getUTCDay();
const isoDay = (day: number): string => {
  const date = calendar(day);
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
};
/** "Tuesday 14 January 2025". */
const longDay = (day: number): string => {
  const date = calendar(day);
  return `${WEEKDAY_NAMES[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};
/** "14 January 2025". */
const shortDay = (day: number): string => {
  const date = calendar(day);
  return `${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};

/** A moment on the local clock: minutes since 1 January 2024 00:00. */
type Moment = number;
const moment = (day: number, hour: number, minute: number): Moment => day * 1440 + hour * 60 + minute;
const dayOfMoment = (at: Moment): number => Math.floor(at / 1440);
/** As the custody log writes it: "2025-01-24 16:40". */
const stamp = (at: Moment): string => `${isoDay(dayOfMoment(at))} ${two(Math.floor((at % 1440) / 60))}:${two(at % 60)}`;

const isWorkday = (day: number): boolean => weekday(day) !== 0 && weekday(day) !== 6;
/** The first working day on or after `day`. */
function workdayFrom(day: number): number {
  let next = day;
  while (!isWorkday(next)) next++;
  return next;
}

// ---------------------------------------------------------------------------------------------
// People and places (all fictional).

const DEFENDANT = 'Adrian VELKOV';
const DEFENDANT_SHORT = 'A. Velkov';
const HOME = 'Home of A. Velkov, 14 Quayside Lane, Harbourside';
const STORE_OFFICERS = ['S. Brandvold (evidence store)', 'M. Dahl (evidence store)', 'R. Iqbal (evidence store)'];
const EXAMINERS = [
  'T. Wilk (digital forensics lab)',
  'L. Ferreira (digital forensics lab)',
  'K. Osei (digital forensics lab)',
];
const PROSECUTOR_VIEWING = "A. Lindgren (prosecutor's office)";
const OUTSIDE_LAB = 'J. Okoro (Harbour Forensic Services)';

/** Initials for the signature column: "S. Brandvold (evidence store)" -> "SB". */
function initials(person: string): string {
  const name = person.replace(/\s*\(.*$/u, '').replace(/^(?:DC|DS|DI|PC)\s+/u, '');
  if (name.startsWith('Swiftline')) return 'SW';
  const parts = name.split(/[\s.]+/u).filter((part) => part !== '');
  return parts.map((part) => part[0]!.toUpperCase()).join('');
}

// ---------------------------------------------------------------------------------------------
// The evidence register.

type ItemKey =
  | 'fs02-disk'
  | 'fs02-image'
  | 'portal-logs'
  | 'portal-db'
  | 'vps-records'
  | 'ministry-mail'
  | 'northwind-webmail'
  | 'vwa-events'
  | 'vwa-vpn'
  | 'hist01-image'
  | 'bkp01-image'
  | 'app01-export'
  | 'tap-device'
  | 'tap-image'
  | 'subscriber'
  | 'bank'
  | 'forum'
  | 'laptop'
  | 'laptop-image'
  | 'memory-capture'
  | 'phone'
  | 'phone-extraction'
  | 'usb'
  | 'usb-image'
  | 'notebook'
  | 'invoices-paper'
  | 'cloud'
  | 'search-photos'
  | 'router'
  | 'router-config'
  | 'cctv'
  | 'interview'
  | 'cdr'
  | 'ext-disk'
  | 'ext-disk-image'
  | 'sim';

interface RegisterItem {
  key: ItemKey;
  description: string;
  seizedFrom: string;
  seizedBy: string;
  day: number;
  /** Physical items carry no hashes; their images are separate digital items. */
  physical: boolean;
  /** Digital images of devices: the only items that can plausibly be re-acquired. */
  deviceImage?: boolean;
  /** The day of a second acquisition, when the first one failed. */
  reacquiredDay?: number;
  /** Set once numbers are handed out. */
  number?: string;
  acquisition?: string;
  workingCopy?: string;
  storage?: string;
  notes: string;
}

/** A short name of an item for the findings' exhibit lists and the explanations. */
const SHORT_NAMES: Record<ItemKey, string> = {
  'fs02-disk': 'system disk of EBK-FS02',
  'fs02-image': 'image of the EBK-FS02 disk',
  'portal-logs': 'portal web server logs',
  'portal-db': 'portal database snapshot',
  'vps-records': 'Cloudvale rental and NetFlow records',
  'ministry-mail': 'ministry mailbox export',
  'northwind-webmail': 'Northwind webmail log',
  'vwa-events': 'VWA event logs',
  'vwa-vpn': 'VWA VPN log',
  'hist01-image': 'image of HIST01',
  'bkp01-image': 'image of BKP01',
  'app01-export': 'APP01 refund tables',
  'tap-device': 'single-board computer',
  'tap-image': 'image of the microSD card',
  subscriber: 'Examplenet subscriber records',
  bank: 'Meridian Savings Bank records',
  forum: 'forum database extract',
  laptop: 'laptop',
  'laptop-image': 'laptop image',
  'memory-capture': 'memory capture of the laptop',
  phone: 'mobile phone',
  'phone-extraction': 'phone extraction',
  usb: 'USB stick',
  'usb-image': 'USB stick image',
  notebook: 'notebook',
  'invoices-paper': 'printed invoices',
  cloud: 'cloud storage production',
  'search-photos': 'search photographs',
  router: 'home router',
  'router-config': 'router configuration export',
  cctv: 'VWA CCTV recording',
  interview: 'interview recording',
  cdr: 'call data records',
  'ext-disk': 'external hard disk',
  'ext-disk-image': 'image of the external hard disk',
  sim: 'second SIM card',
};

interface CaseFacts {
  searchDay: number;
  eastbrookIp: string;
  vpsIp: string;
  diskSerial: string;
  laptopSerial: string;
  imei: string;
  muleIban: string;
  bagBase: number;
}

function registerItems(random: SeededRandom, facts: CaseFacts): RegisterItem[] {
  const s = facts.searchDay;
  const eastbrook = 'Municipality of Eastbrook, town hall server room';
  const vwa = 'Valley Water Authority, via Northgate Incident Response';
  const core: RegisterItem[] = [
    {
      key: 'ministry-mail',
      description:
        'Export of the mailbox of P. Okafor and extract of the mail gateway log, Ministry of Infrastructure (AH/1 to AH/7)',
      seizedFrom: 'Ministry of Infrastructure, ICT Service Centre',
      seizedBy: 'DC A. Haddad',
      day: dayOf(2024, 5, 28),
      physical: false,
      notes: 'Received on sealed USB drive RCU-60418',
    },
    {
      key: 'northwind-webmail',
      description: 'Webmail access log of mail.northwind-supplies.example, 1 March to 31 May 2024',
      seizedFrom: 'Northwind Office Supplies Ltd, through its IT provider',
      seizedBy: 'DC A. Haddad',
      day: dayOf(2024, 6, 4) + random.int(0, 3),
      physical: false,
      notes: 'Provided voluntarily with a covering letter',
    },
    {
      key: 'portal-logs',
      description: 'Apache access and error logs of permits.vestmark.example, 7 to 14 October 2024',
      seizedFrom: 'Nordhavn Hosting AS, for Vestmark Regional Authority',
      seizedBy: 'DC J. Ekholm',
      day: dayOf(2024, 10, 14),
      physical: false,
      notes: 'Second extract; the first (JE/1, JE/2, to 9 October) is contained in it',
    },
    {
      key: 'portal-db',
      description: 'Snapshot of the permits portal database (MariaDB dump of 9 October 2024, 12:00)',
      seizedFrom: 'Nordhavn Hosting AS, for Vestmark Regional Authority',
      seizedBy: 'DC J. Ekholm',
      day: dayOf(2024, 10, 10),
      physical: false,
      notes: '',
    },
    {
      key: 'vwa-events',
      description: 'Security and System event logs of eight VWA hosts, JSON lines (JW/1 to JW/8)',
      seizedFrom: vwa,
      seizedBy: 'DS A. Brandt',
      day: dayOf(2024, 10, 14),
      physical: false,
      notes: 'Received on encrypted USB drive SCU-24-1187',
    },
    {
      key: 'vwa-vpn',
      description: 'Session log of the VPN appliance vpn.valleywater.example (PS/1)',
      seizedFrom: vwa,
      seizedBy: 'DS A. Brandt',
      day: dayOf(2024, 10, 14),
      physical: false,
      notes: 'Received on encrypted USB drive SCU-24-1187',
    },
    {
      key: 'hist01-image',
      description: 'Forensic image of the system disk of HIST01, process historian (E01)',
      seizedFrom: 'Valley Water Authority, OT server room',
      seizedBy: 'L. Ferreira, digital forensics lab',
      day: dayOf(2024, 10, 15),
      physical: false,
      deviceImage: true,
      notes: 'Disk returned to the Authority after imaging (receipt VWA-R-07)',
    },
    {
      key: 'bkp01-image',
      description: 'Forensic image of the system and data disks of BKP01, backup server (E01)',
      seizedFrom: 'Valley Water Authority, IT server room',
      seizedBy: 'L. Ferreira, digital forensics lab',
      day: dayOf(2024, 10, 15),
      physical: false,
      deviceImage: true,
      notes: 'Disks returned to the Authority after imaging (receipt VWA-R-08)',
    },
    {
      key: 'app01-export',
      description:
        "Export of the refund tables of the billing application on APP01 (CSV, with the application's audit trail)",
      seizedFrom: 'Valley Water Authority, finance systems team',
      seizedBy: 'DS A. Brandt',
      day: dayOf(2024, 10, 16),
      physical: false,
      notes: '',
    },
    {
      key: 'tap-device',
      description:
        'Single-board computer in a black case with network cable and USB power supply, found behind the display in meeting room 2.14',
      seizedFrom: 'Valley Water Authority, head office, meeting room 2.14',
      seizedBy: 'DS A. Brandt',
      day: dayOf(2024, 10, 17),
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase - 212}; photographed in place before removal`,
    },
    {
      key: 'tap-image',
      description: 'Image of the 32 GB microSD card of the single-board computer (raw, dd)',
      seizedFrom: 'Valley Water Authority, head office, meeting room 2.14',
      seizedBy: 'L. Ferreira, digital forensics lab',
      day: dayOf(2024, 10, 18),
      physical: false,
      deviceImage: true,
      notes: 'Imaged through a write-blocking card reader',
    },
    {
      key: 'vps-records',
      description: 'Rental records and NetFlow extract for virtual server vps-2291 at Cloudvale Hosting',
      seizedFrom: 'Cloudvale Hosting Ltd (court-authorised production order PO-24-5512)',
      seizedBy: 'DC J. Ekholm',
      day: dayOf(2024, 11, 5) + random.int(0, 3),
      physical: false,
      notes: '',
    },
    {
      key: 'fs02-disk',
      description: `System disk of EBK-FS02 (2.5-inch SSD, 480 GB, serial S4EV${facts.diskSerial})`,
      seizedFrom: eastbrook,
      seizedBy: 'T. Wilk, digital forensics lab',
      day: dayOf(2024, 11, 18),
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase - 140}`,
    },
    {
      key: 'fs02-image',
      description: 'Forensic image of the EBK-FS02 system disk (E01, 3 segments)',
      seizedFrom: eastbrook,
      seizedBy: 'T. Wilk, digital forensics lab',
      day: dayOf(2024, 11, 18),
      physical: false,
      deviceImage: true,
      notes: 'Acquired behind a hardware write blocker',
    },
    {
      key: 'subscriber',
      description: `Subscriber and address-assignment records of Examplenet Broadband for ${facts.eastbrookIp} (production order response, PDF)`,
      seizedFrom: 'Examplenet Broadband (production order PO-24-5630)',
      seizedBy: 'DS R. Adeyemi',
      day: dayOf(2024, 12, 2) + random.int(0, 4),
      physical: false,
      notes: '',
    },
    {
      key: 'bank',
      description: `Account records of ${facts.muleIban} at Meridian Savings Bank (production order response, CSV and PDF)`,
      seizedFrom: 'Meridian Savings Bank (production order PO-24-5702)',
      seizedBy: 'DC A. Haddad',
      day: dayOf(2024, 12, 9) + random.int(0, 4),
      physical: false,
      notes: '',
    },
    {
      key: 'forum',
      description:
        'Extract of the database of the forum darkbazaar.example for the user k3strel (received by mutual legal assistance)',
      seizedFrom: 'Foreign police authority (request MLA-2024-088)',
      seizedBy: 'DI H. Voss',
      day: dayOf(2024, 12, 17) + random.int(0, 4),
      physical: false,
      notes: 'Received by secure transfer; certificate of the sending authority on file',
    },
    {
      key: 'laptop',
      description: `Laptop, grey aluminium, 14-inch, serial PF3${facts.laptopSerial}, from the desk in the study`,
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 1}; running and unlocked when found, memory captured on site`,
    },
    {
      key: 'phone',
      description: `Mobile phone, black, IMEI ${facts.imei}, from the suspect's jacket`,
      seizedFrom: HOME,
      seizedBy: 'DS R. Adeyemi',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 2}; placed in a signal-blocking pouch`,
    },
    {
      key: 'usb',
      description: 'USB stick, red, 64 GB, from the left desk drawer',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 3}`,
    },
    {
      key: 'notebook',
      description: 'A5 notebook with handwritten notes (account numbers, user names, amounts)',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 4}`,
    },
    {
      key: 'invoices-paper',
      description: 'Three printed invoices in the name of Northwind Office Supplies Ltd, from the printer tray',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 5}`,
    },
    {
      // The laptop's disk is encrypted: without this capture of the running machine there is no key and no image to read.
      key: 'memory-capture',
      description: 'Capture of the memory of the running laptop (raw, 32 GB), taken on site before it was shut down',
      seizedFrom: HOME,
      seizedBy: 'K. Osei, digital forensics lab',
      day: s,
      physical: false,
      notes:
        'Captured with a memory acquisition tool run from a write-protected USB drive, every step and the tool version in the on-site notes; SHA-256 computed on site. Source of the disk-encryption key used for the laptop image',
    },
    {
      key: 'laptop-image',
      description:
        "Forensic image of the laptop's 1 TB NVMe drive (E01, decrypted with the key recovered from the memory capture)",
      seizedFrom: HOME,
      seizedBy: 'T. Wilk, digital forensics lab',
      day: s + 1,
      physical: false,
      deviceImage: true,
      notes: '',
    },
    {
      key: 'usb-image',
      description: 'Image of the USB stick (raw, dd)',
      seizedFrom: HOME,
      seizedBy: 'T. Wilk, digital forensics lab',
      day: s + 1,
      physical: false,
      deviceImage: true,
      notes: 'Imaged behind a USB write blocker',
    },
    {
      key: 'phone-extraction',
      description: 'Full file system extraction of the mobile phone (ZIP)',
      seizedFrom: HOME,
      seizedBy: 'K. Osei, digital forensics lab',
      day: workdayFrom(s + 2),
      physical: false,
      deviceImage: true,
      notes: '',
    },
    {
      key: 'cloud',
      description: 'Production of the cloud storage account velkov.a@mailbox.example (provider export, ZIP)',
      seizedFrom: 'Skyfold Storage Inc. (court-authorised production order PO-25-0117)',
      seizedBy: 'DC J. Ekholm',
      day: s + random.int(18, 30),
      physical: false,
      notes: '',
    },
  ];
  const optional: RegisterItem[] = [
    {
      key: 'cctv',
      description: 'CCTV recording of the VWA main entrance, 16 and 17 October 2024 (MP4)',
      seizedFrom: 'Valley Water Authority, facilities team',
      seizedBy: 'DS A. Brandt',
      day: dayOf(2024, 10, 18),
      physical: false,
      notes: '',
    },
    {
      key: 'search-photos',
      description: 'Photographs of the search, 96 JPEG files',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: false,
      notes: 'Copied from the unit camera SD card at the end of the search',
    },
    {
      key: 'router',
      description: 'Home router, white, model HB-500',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 6}`,
    },
    {
      key: 'router-config',
      description: 'Configuration and log export of the home router',
      seizedFrom: HOME,
      seizedBy: 'K. Osei, digital forensics lab',
      day: workdayFrom(s + 3),
      physical: false,
      notes: '',
    },
    {
      key: 'interview',
      description: `Audio recording of the interview of ${DEFENDANT_SHORT} (WAV)`,
      seizedFrom: 'Northvale Police HQ, interview room 3',
      seizedBy: 'DS R. Adeyemi',
      day: s + 1,
      physical: false,
      notes: 'Master copy sealed; this is the working copy for transcription',
    },
    {
      key: 'cdr',
      description:
        "Call data records of the suspect's mobile number, 1 September to 31 December 2024 (operator production, CSV)",
      seizedFrom: 'Telvia Mobile (court-authorised production order PO-25-0102)',
      seizedBy: 'DC J. Ekholm',
      day: s + random.int(8, 16),
      physical: false,
      notes: '',
    },
    {
      key: 'ext-disk',
      description: 'External hard disk, black, 2 TB, from the bookshelf',
      seizedFrom: HOME,
      seizedBy: 'DC P. Lund',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 7}`,
    },
    {
      key: 'ext-disk-image',
      description: 'Forensic image of the external hard disk (E01)',
      seizedFrom: HOME,
      seizedBy: 'L. Ferreira, digital forensics lab',
      day: workdayFrom(s + 4),
      physical: false,
      deviceImage: true,
      notes: 'Contents: films and backups of an old phone; nothing of relevance found',
    },
    {
      key: 'sim',
      description: 'SIM card of Telvia Mobile in its holder, unused, from the kitchen drawer',
      seizedFrom: HOME,
      seizedBy: 'DS R. Adeyemi',
      day: s,
      physical: true,
      notes: `Sealed in bag NV-${facts.bagBase + 8}`,
    },
  ];
  // Pairs stay together: an image is only in the register with the device it was made from.
  const chosen = new Set<ItemKey>(
    random
      .shuffle(['cctv', 'search-photos', 'router', 'interview', 'cdr', 'ext-disk', 'sim'] as ItemKey[])
      .slice(0, random.int(3, 6)),
  );
  if (chosen.has('router') && random.chance(0.7)) chosen.add('router-config');
  if (chosen.has('ext-disk')) chosen.add('ext-disk-image');
  const items = [...core, ...optional.filter((item) => chosen.has(item.key))];
  // The register is kept in the order items came in; on one day, devices before their images.
  const order = items.map((item, index) => ({ item, index }));
  order.sort(
    (a, b) => a.item.day - b.item.day || Number(b.item.physical) - Number(a.item.physical) || a.index - b.index,
  );
  return order.map(({ item }) => item);
}

// ---------------------------------------------------------------------------------------------
// The findings.

interface FindingFacts extends CaseFacts {
  attempts: number;
  accountNames: number;
  compromisedAccount: string;
  loginTime: string;
  attackStart: string;
  sqliRequests: number;
  sqliRecords: number;
  mailboxLogins: number;
  mailboxIps: [string, string];
  tapFiles: number;
  tapHours: number;
  tapAccount: string;
  wifiMinutes: number;
  encryptedFiles: number;
  ransomExtension: string;
  backupSets: number;
  serviceName: string;
  historianHours: number;
  ddosRate: number;
  ddosHours: number;
  ddosBots: number;
  toolName: string;
  toolPrice: number;
  toolLicences: number;
  comboEntries: number;
  comboBuyers: number;
  comboVwa: number;
  lookalike: string;
  fraudIban: string;
  forgedInvoices: number;
  forgedCustomers: number;
  refundCount: number;
  refundAmount: string;
  feeRefundCount: number;
  feeRefundAmount: string;
}

interface FindingTemplate {
  key: string;
  article: Article;
  /** Where the act took place, for the explanation: "Eastbrook file server". */
  place: string;
  cites: ItemKey[];
  heading: (facts: FindingFacts) => string;
  body: (facts: FindingFacts, random: SeededRandom) => string;
  /** Why the article fits, for the explanation (general terms of the Convention). */
  reason: string;
}

const FINDINGS: readonly FindingTemplate[] = [
  {
    key: 'eastbrook',
    article: 'art2',
    place: 'Eastbrook file server',
    cites: ['fs02-image', 'subscriber', 'laptop-image'],
    heading: () => 'Municipality of Eastbrook: file server EBK-FS02',
    body: (f, random) =>
      [
        random.pick([
          `On Sunday 17 November 2024, from ${f.attackStart} local time, the address ${f.eastbrookIp} tried ${f.attempts} passwords against the SSH service of EBK-FS02, the municipality's file server, for ${f.accountNames} different account names.`,
          `Early on Sunday 17 November 2024 (first attempt at ${f.attackStart} local time) ${f.eastbrookIp} sent ${f.attempts} password guesses for ${f.accountNames} account names to the SSH service of EBK-FS02, the file server of the Municipality of Eastbrook.`,
        ]),
        `At ${f.loginTime} local time it logged in with the password of the staff account \`${f.compromisedAccount}\`. The holder of the account states that she never gave her password to anyone and did not log in that weekend.`,
        'In that session the intruder surveyed the server, downloaded a program and left it running, with a crontab entry that restarts it; a second session followed that evening. What the program does is still being analysed (section 6).',
        'The municipality has never given the suspect an account or any other permission to use its systems.',
        `At that time ${f.eastbrookIp} was assigned to the broadband connection at the suspect's home. A word list holding the account names that were tried was found on the suspect's laptop.`,
      ].join(' '),
    reason:
      'getting into a computer system (logging in to the server with a guessed password) without right: neither the owner nor the account holder allowed it. The intent shows in hundreds of guesses followed by a login. Nothing in the finding goes beyond the access itself',
  },
  {
    key: 'portal-sqli',
    article: 'art2',
    place: 'Vestmark permits portal, database',
    cites: ['portal-logs', 'vps-records'],
    heading: () => 'Vestmark Regional Authority: database of the permits portal',
    body: (f) =>
      [
        `On Tuesday 8 October 2024 the address ${f.vpsIp}, a virtual server rented in the suspect's name at Cloudvale Hosting, sent ${f.sqliRequests} requests to the script \`status.php\` of permits.vestmark.example in which SQL commands had been placed in the parameter \`ref\`.`,
        `The answers returned the contents of the tables \`applications\` and \`staff_users\`, which the portal never shows to the public; ${grouped(f.sqliRecords)} application records were read this way.`,
        "The portal's database was not changed by these requests. The Authority has not commissioned any test of the portal and gave nobody permission to query its database directly.",
      ].join(' '),
    reason:
      'getting into a part of a computer system (the database behind the portal, which the public is not allowed to reach) without right, by tricking the lookup script. Reading and copying data is what the intruder came for; the Convention lets states require such an intent to obtain data, and nothing was changed or hindered',
  },
  {
    key: 'northwind-mailbox',
    article: 'art2',
    place: 'Northwind mailbox',
    cites: ['northwind-webmail', 'phone-extraction'],
    heading: () => 'Northwind Office Supplies: mailbox of the credit controller',
    body: (f) =>
      [
        `Between 4 March and 16 May 2024 the mailbox of Northwind's credit controller on mail.northwind-supplies.example was opened ${f.mailboxLogins} times through webmail from the addresses ${f.mailboxIps[0]} and ${f.mailboxIps[1]}, with his user name and password.`,
        'He was on leave for part of that time and has not given his password to anyone. The sessions opened the invoices Northwind had sent to the Ministry of Infrastructure; nothing was deleted or sent.',
        "A note on the suspect's phone holds the user name and password.",
      ].join(' '),
    reason:
      "logging in to someone else's mailbox with his password, without his or Northwind's permission. A mailbox on a mail server is part of a computer system; reading it is the purpose, but the offence is complete with the access",
  },
  {
    key: 'tap',
    article: 'art3',
    place: 'VWA meeting room device',
    cites: ['tap-device', 'tap-image', 'laptop-image'],
    heading: () => 'Valley Water Authority: device in meeting room 2.14',
    body: (f) =>
      [
        'A single-board computer was found connected to a network socket in meeting room 2.14, behind the display.',
        `Its configuration copied all traffic passing on the office network segment into capture files (${f.tapFiles} files, about ${f.tapHours} hours between 23 September and 11 October 2024).`,
        `The captures hold the log-ins of staff to the intranet and to an internal FTP server, sent without encryption, among them the user name and password of \`${f.tapAccount}\`.`,
        "The SSH key the device used to upload its captures was found on the suspect's laptop. The Authority did not install the device.",
      ].join(' '),
    reason:
      "intercepting, by technical means (a device copying network traffic), transmissions of computer data that were not public: the staff's traffic on the Authority's internal network. What matters is catching data in transit, not getting into a system",
  },
  {
    key: 'wifi',
    article: 'art3',
    place: 'Northwind office Wi-Fi',
    cites: ['laptop-image'],
    heading: () => 'Northwind Office Supplies: office wireless network',
    body: (f) =>
      [
        `A capture file \`nw-office.pcapng\` on the suspect's laptop holds ${f.wifiMinutes} minutes of traffic recorded on 27 February 2024 from Northwind's office wireless network, decrypted with the network key, which Northwind gives only to its staff.`,
        'Among the packets are the mail log-ins (IMAP without encryption) of three Northwind employees, the credit controller among them.',
        "The laptop's wireless adapter was configured in monitor mode, which records the traffic of other devices.",
      ].join(' '),
    reason:
      "recording, with a technical means (a wireless adapter in monitor mode), non-public transmissions of computer data between Northwind's computers and its network. The log-ins were caught in transit; no system was entered to get them",
  },
  {
    key: 'shadow',
    article: 'art4',
    place: 'VWA file servers',
    cites: ['vwa-events', 'vwa-vpn'],
    heading: () => 'Valley Water Authority: file servers FS01 and FS02',
    body: (f) =>
      [
        "In the night of 12 to 13 October 2024 a command that deletes every shadow copy was run on the Authority's file servers under the stolen account of an IT administrator, which removed every previous version of the shared files.",
        `Minutes later ${grouped(f.encryptedFiles)} files on the shares were encrypted and renamed with the extension \`.${f.ransomExtension}\`; a ransom note was left in each folder.`,
        'The servers themselves kept running and served the files that had not been encrypted.',
      ].join(' '),
    reason:
      'deleting (the shadow copies) and altering (encrypting) computer data without right. The finding is about the data: the servers kept working. The harm to the data is the offence',
  },
  {
    key: 'backups',
    article: 'art4',
    place: 'VWA backup server',
    cites: ['bkp01-image', 'vwa-events'],
    heading: () => 'Valley Water Authority: backup server BKP01',
    body: (f) =>
      [
        `In the night of 12 to 13 October 2024, under the stolen administrator account and from the server the intruder had first logged on to, the backup catalogue and ${f.backupSets} backup sets on BKP01 were deleted and the retention setting was reduced to zero days (the backup application's own audit log in the image of BKP01).`,
        "The on-call administrator's routine check of BKP01 on the Saturday afternoon, under his own account, had found the backups complete.",
        'The backups cannot be recovered. BKP01 itself went on working and ran its next scheduled job, which had nothing left to keep.',
      ].join(' '),
    reason:
      'deleting computer data (the backup sets and their catalogue) without right. The server kept working; what was harmed is data, so it is data interference',
  },
  {
    key: 'service',
    article: 'art5',
    place: 'VWA process historian',
    cites: ['hist01-image', 'vwa-events'],
    heading: () => 'Valley Water Authority: process historian HIST01',
    body: (f) =>
      [
        `In the night of 12 to 13 October 2024 a remote-execution service named \`${f.serviceName}\` was installed on HIST01 under the stolen administrator account and used to start the same encryption program as on the file servers.`,
        "Minutes later the historian's collector service, which writes the readings, terminated and did not start again.",
        `HIST01 recorded no readings of pumps, reservoirs and treatment stages for ${f.historianHours} hours, until the Authority isolated it on 14 October; the control room worked without trend data.`,
        "The SCADA system that runs the plant is separate from the historian and kept working. Whether files on HIST01 itself were encrypted is still being examined; this finding is about the historian's recording.",
      ].join(' '),
    reason:
      "seriously hindering the functioning of a computer system (the historian stopped doing its job for two days) by inputting data (installing a service and starting a program on it). What the finding establishes is the loss of the system's function; any harm to the historian's own files would be a further count under Art. 4 once the examination proves it",
  },
  {
    key: 'ddos',
    article: 'art5',
    place: 'Vestmark portal outage',
    cites: ['portal-logs', 'vps-records'],
    heading: () => 'Vestmark Regional Authority: permits portal unreachable',
    body: (f) =>
      [
        `On Saturday 12 October 2024, the day after the deadline of the extortion e-mail had passed, the portal received up to ${grouped(f.ddosRate)} requests a second for ${f.ddosHours} hours from ${grouped(f.ddosBots)} addresses, started from the virtual server rented in the suspect's name.`,
        'During that time the portal did not answer citizens or staff. No data on the portal was changed.',
      ].join(' '),
    reason:
      'seriously hindering the functioning of a computer system by transmitting data (a flood of requests). No data was touched and nobody got in: the offence is the outage',
  },
  {
    key: 'tool',
    article: 'art6',
    place: 'sale of the password-guessing program',
    cites: ['forum', 'laptop-image'],
    heading: (f) => `Forum darkbazaar.example: the program "${f.toolName}"`,
    body: (f) =>
      [
        `From June 2024 the forum user \`k3strel\` offered a program called ${f.toolName} for EUR ${f.toolPrice} a licence.`,
        'The advertisement describes it as a tool "to get into SSH and RDP servers that aren\'t yours" by trying passwords from word lists at high speed against many addresses at once.',
        `${f.toolLicences} licences were paid for. The source code of the program and the licence keys were found on the suspect's laptop; the forum's records tie the account to his e-mail address.`,
      ].join(' '),
    reason:
      'producing, selling and making available a device (a computer program) designed or adapted primarily for committing offences under Articles 2 to 5, with the intent that it be used for them: the advertisement says so itself',
  },
  {
    key: 'combolist',
    article: 'art6',
    place: 'sale of the list of log-in details',
    cites: ['forum', 'usb-image', 'cloud'],
    heading: () => 'Forum darkbazaar.example: list of log-in details',
    body: (f) =>
      [
        `On 2 September 2024 the forum user \`k3strel\` sold to ${f.comboBuyers} buyers a file of ${grouped(f.comboEntries)} user names with passwords for VPN and webmail services, advertised as "fresh, working, utilities and municipalities".`,
        `It includes ${f.comboVwa} accounts of the Valley Water Authority. The same file is on the USB stick and in the suspect's cloud storage.`,
      ].join(' '),
    reason:
      'selling and distributing computer passwords and access codes by which a computer system can be accessed, with intent that they be used to commit the offences of Articles 2 to 5. Article 6 covers access data as well as programs',
  },
  {
    key: 'letter',
    article: 'art7',
    place: 'the "change of bank details" letter',
    cites: ['ministry-mail', 'laptop-image'],
    heading: () => 'Ministry of Infrastructure: the "change of bank details" letter',
    body: (f) =>
      [
        `The PDF letter attached to the message that came from the look-alike domain \`${f.lookalike}\` to the ministry's accounts payable clerk was made on the suspect's laptop.`,
        `It is a word-processor document with Northwind's letterhead, copied from a genuine Northwind invoice, and an image of the signature of Northwind's finance director, announcing a new bank account ${f.fraudIban}. It is dated and numbered like Northwind's own letters.`,
        'Northwind never wrote or authorised it. The file found on the laptop and the attachment have the same SHA-256.',
      ].join(' '),
    reason:
      'creating computer data (a PDF letter) that is not authentic, with the intent that it be acted upon as if it came from Northwind. That is forgery committed with a computer; what the ministry did with the letter belongs to a separate question',
  },
  {
    key: 'invoices',
    article: 'art7',
    place: "invoices in Northwind's name",
    cites: ['usb-image', 'invoices-paper'],
    heading: () => 'Invoices in the name of Northwind Office Supplies',
    body: (f) =>
      [
        `The USB stick holds an invoice template with Northwind's logo, company number and VAT number, and ${f.forgedInvoices} invoices made with it, numbered like Northwind's genuine invoices and addressed to ${f.forgedCustomers} of Northwind's customers, each giving the account ${f.fraudIban} for payment.`,
        'Three of them were found printed in the printer tray. Northwind did not issue these invoices, and none of them has been paid.',
      ].join(' '),
    reason:
      'inputting computer data that results in inauthentic data (invoices that claim to come from Northwind), intended to be acted upon for legal purposes as if authentic. No money moved: it is the forgery, not a fraud',
  },
  {
    key: 'refunds',
    article: 'art8',
    place: 'VWA customer refunds',
    cites: ['app01-export', 'bank', 'phone-extraction'],
    heading: () => 'Valley Water Authority: customer refunds in the billing application',
    body: (f) =>
      [
        `In the night of 12 to 13 October 2024, during the intrusion and under the stolen administrator account, the bank account of ${f.refundCount} pending customer refunds in the billing application on APP01 was changed to the account ${f.muleIban} (the application's audit trail).`,
        `No person checks these refunds: the application's nightly refund run paid EUR ${f.refundAmount} into that account on 13 October.`,
        "Messages on the suspect's phone arrange for the holder of that account to withdraw the money and pass it on.",
      ].join(' '),
    reason:
      'causing a loss of property (the refunds) by altering computer data (the payee account), with the fraudulent intent of procuring an economic benefit. No person was deceived: the computer paid, which is exactly the gap Article 8 closes',
  },
  {
    key: 'portal-refunds',
    article: 'art8',
    place: 'Vestmark fee refunds',
    cites: ['portal-db', 'portal-logs', 'bank'],
    heading: () => 'Vestmark Regional Authority: refunds of application fees',
    body: (f) =>
      [
        `On 8 October 2024 the payee account of ${f.feeRefundCount} refunds of application fees for withdrawn permit applications was changed in the portal's database to the account ${f.muleIban}.`,
        "The change was not made through the lookup script, whose injected queries could only read: it was made with UPDATE statements run through the web shell the intruder had placed on the server, logged in to the database with the user name and password read from the portal's configuration file `config/db.php` (the web server logs, and the change history kept with the database snapshot).",
        `The portal's automatic payment file of 9 October paid EUR ${f.feeRefundAmount} into that account. Nobody at the Authority approved or saw the changes.`,
      ].join(' '),
    reason:
      'causing a loss of property (the fee refunds) by altering computer data (the payee account) with the intent of an economic benefit for someone not entitled to it. The payment file ran automatically: a manipulated computer, not a deceived person, made the payment',
  },
];

// ---------------------------------------------------------------------------------------------
// The custody log.

interface CustodyEntry {
  item: ItemKey;
  at: Moment;
  from: string;
  to: string;
  purpose: string;
  /** What sort of period follows this entry for the item, for choosing documented decoys. */
  after?: DocumentedPeriod;
}

type DocumentedPeriod = 'weekend-hold' | 'courier' | 'outside-lab' | 'store' | 'viewing';

/** The tracked items that can carry the gap (devices whose contents matter). */
const GAP_CANDIDATES: readonly ItemKey[] = ['fs02-disk', 'tap-device', 'laptop', 'phone', 'usb'];
type GapKind = 'missing-return' | 'missing-check-in' | 'unrecorded-handover';

interface CustodyPlan {
  entries: CustodyEntry[];
  gap: { item: ItemKey; start: Moment; end: Moment; kind: GapKind; holder: string; nextFrom: string };
  decoys: { item: ItemKey; start: Moment; end: Moment; kind: DocumentedPeriod }[];
}

/**
 * Builds each tracked item's chain of handovers: seizure, booking into the store, visits out of the
 * store (imaging, analysis, a fingerprint examination at an outside laboratory by courier, a viewing
 * at the prosecutor's office), each ending back in the store. Then breaks one chain.
 */
function planCustody(
  random: SeededRandom,
  items: RegisterItem[],
  searchDay: number,
  imageOf: Map<ItemKey, RegisterItem>,
  reacquired: RegisterItem,
): CustodyPlan {
  const tracked = items.filter((item) => item.physical);
  const gapItem = random.pick(GAP_CANDIDATES.filter((key) => tracked.some((item) => item.key === key)));
  const gapKind = random.pick<GapKind>(['missing-return', 'missing-check-in', 'unrecorded-handover']);
  // One other device is examined over a weekend: a long but documented hold by an examiner.
  const weekendItem = random.pick(
    tracked.filter((item) => item.key !== gapItem && imageOf.has(item.key)).map((item) => item.key),
  );
  const outsideLabItem = random.pick(tracked.filter((item) => item.key !== weekendItem).map((item) => item.key));
  const viewingItems = new Set(random.shuffle(tracked.map((item) => item.key)).slice(0, 2));
  const asCustodian = (person: string) => person.replace(/, digital forensics lab$/u, ' (digital forensics lab)');
  const minuteOfHour = () => random.pick([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]) + random.int(0, 4);

  const chains = new Map<ItemKey, CustodyEntry[]>();
  for (const item of tracked) {
    const chain: CustodyEntry[] = [];
    const seizer = asCustodian(item.seizedBy);
    const image = imageOf.get(item.key);
    const imagedOnSite = image !== undefined && image.day === item.day;
    const seizedAt = moment(item.day, imagedOnSite ? 15 : item.day === searchDay ? 7 : 11, random.int(5, 55));
    chain.push({
      item: item.key,
      at: seizedAt,
      from: `(seized at ${item.seizedFrom})`,
      to: seizer,
      purpose: `Seizure; sealed in evidence bag ${/NV-\d+/u.exec(item.notes)?.[0] ?? 'NV-?'}`,
    });
    let t = seizedAt + (imagedOnSite ? random.int(200, 300) : random.int(90, 300));
    chain.push({
      item: item.key,
      at: t,
      from: seizer,
      to: random.pick(STORE_OFFICERS),
      purpose: imagedOnSite
        ? 'Booked into the evidence store after imaging on site, seal renewed'
        : 'Booked into the evidence store',
      after: 'store',
    });

    // Visits out of the store. Imaging happens on the day the register gives for the image, by
    // the examiner it names; so does a re-acquisition.
    type Visit =
      | { kind: 'examiner'; day?: number; examiner?: string; purpose: string; weekend?: boolean }
      | { kind: 'outside' | 'viewing' };
    const visits: Visit[] = [];
    if (image && !imagedOnSite)
      visits.push({
        kind: 'examiner',
        day: image.day,
        examiner: asCustodian(image.seizedBy),
        purpose:
          image.key === 'router-config'
            ? 'Export of the configuration and logs'
            : image.key === 'phone-extraction'
              ? 'Extraction'
              : 'Imaging',
      });
    if (image && image === reacquired)
      visits.push({
        kind: 'examiner',
        day: reacquired.reacquiredDay!,
        examiner: asCustodian(image.seizedBy),
        purpose: 'Re-acquisition (first acquisition stopped with a read error)',
      });
    const later: Visit[] = [];
    if (item.key === outsideLabItem) later.push({ kind: 'outside' });
    if (item.key === weekendItem)
      later.push({
        kind: 'examiner',
        purpose: "Further analysis of the device; runs over the weekend, item kept in the lab's evidence safe",
        weekend: true,
      });
    else if (image && (random.chance(0.5) || item.key === gapItem))
      later.push({ kind: 'examiner', purpose: 'Further analysis of the device (not of the image)' });
    if (viewingItems.has(item.key)) later.push({ kind: 'viewing' });
    if (visits.length + later.length < 2) later.push({ kind: 'viewing' });
    visits.push(...random.shuffle(later));
    // The gap needs a visit to an examiner followed by a later entry, so that the period is closed.
    if (item.key === gapItem && visits.at(-1)!.kind === 'examiner') visits.push({ kind: 'viewing' });

    for (const visit of visits) {
      let day =
        visit.kind === 'examiner' && visit.day !== undefined
          ? Math.max(visit.day, dayOfMoment(t) + 1)
          : workdayFrom(dayOfMoment(t) + random.int(2, 9));
      // Defence counsel can only view items once there is a suspect, some time after the arrest.
      if (visit.kind === 'viewing') day = workdayFrom(Math.max(day, searchDay + random.int(10, 30)));
      if (visit.kind === 'examiner' && visit.weekend) while (weekday(day) !== 5) day++;
      const store = random.pick(STORE_OFFICERS);
      if (visit.kind === 'examiner') {
        const examiner = visit.examiner ?? random.pick(EXAMINERS);
        const out = moment(day, visit.weekend ? random.int(13, 15) : random.int(8, 13), minuteOfHour());
        const back = visit.weekend ? moment(day + 3, random.int(8, 9), minuteOfHour()) : out + random.int(150, 420);
        chain.push({
          item: item.key,
          at: out,
          from: store,
          to: examiner,
          purpose: visit.purpose,
          after: visit.weekend ? 'weekend-hold' : undefined,
        });
        chain.push({
          item: item.key,
          at: back,
          from: examiner,
          to: random.pick(STORE_OFFICERS),
          purpose: 'Returned to the evidence store, seal checked and intact',
          after: 'store',
        });
        t = back;
      } else if (visit.kind === 'outside') {
        const out = moment(day, random.int(8, 13), minuteOfHour());
        const waybill = `Swiftline Secure Courier, waybill SW-${random.int(400000, 449999)}`;
        const arrive = moment(workdayFrom(day + 1), random.int(9, 11), minuteOfHour());
        const leave = moment(workdayFrom(dayOfMoment(arrive) + random.int(5, 11)), random.int(13, 15), minuteOfHour());
        const returnWaybill = `Swiftline Secure Courier, waybill SW-${random.int(450000, 499999)}`;
        const home = moment(workdayFrom(dayOfMoment(leave) + 1), random.int(9, 11), minuteOfHour());
        chain.push({
          item: item.key,
          at: out,
          from: store,
          to: waybill,
          purpose: 'To Harbour Forensic Services for fingerprint and DNA examination',
          after: 'courier',
        });
        chain.push({
          item: item.key,
          at: arrive,
          from: waybill,
          to: OUTSIDE_LAB,
          purpose: 'Received by the laboratory, seal intact',
          after: 'outside-lab',
        });
        chain.push({
          item: item.key,
          at: leave,
          from: OUTSIDE_LAB,
          to: returnWaybill,
          purpose: 'Return after examination, resealed in bag with laboratory seal',
          after: 'courier',
        });
        chain.push({
          item: item.key,
          at: home,
          from: returnWaybill,
          to: random.pick(STORE_OFFICERS),
          purpose: 'Returned to the evidence store, laboratory seal intact',
          after: 'store',
        });
        t = home;
      } else {
        const out = moment(day, random.int(9, 14), minuteOfHour());
        const back = out + random.int(90, 200);
        chain.push({
          item: item.key,
          at: out,
          from: store,
          to: PROSECUTOR_VIEWING,
          purpose: "Viewing with defence counsel at the prosecutor's office, seal not broken",
          after: 'viewing',
        });
        chain.push({
          item: item.key,
          at: back,
          from: PROSECUTOR_VIEWING,
          to: random.pick(STORE_OFFICERS),
          purpose: 'Returned to the evidence store after the viewing',
          after: 'store',
        });
        t = back;
      }
    }
    chains.set(item.key, chain);
  }

  // Break the gap item's chain.
  const chain = chains.get(gapItem)!;
  let gap: CustodyPlan['gap'];
  if (gapKind === 'missing-check-in') {
    // The officer who seized it never booked it in; the next entry is the store releasing it.
    const removed = chain.splice(1, 1)[0]!;
    gap = {
      item: gapItem,
      start: chain[0]!.at,
      end: chain[1]!.at,
      kind: gapKind,
      holder: removed.from,
      nextFrom: chain[1]!.from,
    };
  } else {
    // A visit to an examiner that is followed by a later entry, so that the period is closed.
    const outIndexes = chain
      .map((entry, index) => ({ entry, index }))
      .filter(
        ({ entry, index }) =>
          STORE_OFFICERS.includes(entry.from) &&
          EXAMINERS.includes(entry.to) &&
          entry.after === undefined &&
          index + 2 < chain.length + (gapKind === 'unrecorded-handover' ? 1 : 0),
      )
      .map(({ index }) => index);
    const outIndex = random.pick(outIndexes);
    const out = chain[outIndex]!;
    if (gapKind === 'missing-return') {
      chain.splice(outIndex + 1, 1);
      gap = {
        item: gapItem,
        start: out.at,
        end: chain[outIndex + 1]!.at,
        kind: gapKind,
        holder: out.to,
        nextFrom: chain[outIndex + 1]!.from,
      };
    } else {
      const other = random.pick(EXAMINERS.filter((examiner) => examiner !== out.to));
      chain[outIndex + 1] = { ...chain[outIndex + 1]!, from: other };
      gap = {
        item: gapItem,
        start: out.at,
        end: chain[outIndex + 1]!.at,
        kind: gapKind,
        holder: out.to,
        nextFrom: other,
      };
    }
  }

  // Documented periods between two consecutive entries of an item, to offer next to the gap.
  const candidates: CustodyPlan['decoys'] = [];
  for (const [key, entries] of chains) {
    entries.forEach((entry, index) => {
      const next = entries[index + 1];
      if (!next || !entry.after) return;
      if (key === gapItem && entry.at >= gap.start && entry.at < gap.end) return;
      if (entry.after === 'store' && next.at - entry.at < 3 * 1440) return; // only long stays are tempting
      candidates.push({ item: key, start: entry.at, end: next.at, kind: entry.after });
    });
  }
  const decoys: CustodyPlan['decoys'] = [];
  const take = (filter: (candidate: CustodyPlan['decoys'][number]) => boolean) => {
    const options = candidates.filter((candidate) => filter(candidate) && !decoys.includes(candidate));
    if (options.length > 0 && decoys.length < 4) decoys.push(random.pick(options));
  };
  take((candidate) => candidate.kind === 'weekend-hold');
  take((candidate) => candidate.item === gapItem);
  take((candidate) => candidate.kind === 'courier' || candidate.kind === 'outside-lab');
  take((candidate) => candidate.kind === 'store' && candidate.item !== gapItem);
  take((candidate) => candidate.kind === 'viewing');
  while (decoys.length < 4) take(() => true);

  const entries = [...chains.values()].flat().sort((a, b) => a.at - b.at || a.item.localeCompare(b.item));
  return { entries, gap, decoys };
}

// ---------------------------------------------------------------------------------------------
// The expert report.

type Weakness = 'tool-version' | 'time-zone' | 'write-blocker' | 'log-coverage' | 'attribution';
const WEAKNESSES: readonly Weakness[] = ['tool-version', 'time-zone', 'write-blocker', 'log-coverage', 'attribution'];

/** What the report gets wrong, in words, for the explanation. */
const WEAKNESS_EXPLANATIONS: Record<Weakness, string> = {
  'tool-version':
    'Section 3 lists every tool with its version and validation record, except **LogSift**, the program that parsed the authentication logs and counted the attempts: its version is "not recorded". Every count in section 7 comes from it. Without the version nobody can repeat the examination with the same program, or check it against the laboratory\'s validation records and the vendor\'s list of known faults',
  'time-zone':
    'Section 5 says the log times, which carry no zone, were "treated as UTC, the setting commonly used on servers". That is an assumption, not a finding: the server\'s own time-zone setting and clock were never checked. If the server ran on local time (as the findings summary says: "local time"), every time in the report is an hour off, and so is any match with the provider\'s records of who held the address at that moment',
  'write-blocker':
    'Section 4 says the disk was connected to the examination workstation "through a USB 3.0 docking station". Nothing stopped the workstation from writing to the original disk: no write blocker is mentioned, although a matching acquisition and working-copy hash proves only that the image was not changed after it was made, not that the disk was unchanged before',
  'log-coverage':
    'Section 6 lists five authentication logs in the image but says only two of them (`auth.log` and `auth.log.1`) were examined, while the conclusion in section 9 covers the whole of November and "the preceding weeks". A conclusion that no one else used the account, or that the attack began on 17 November, is not supported by logs nobody read',
  attribution:
    'Section 8 ties the address to the suspect\'s home "according to the geolocation service GeoFind". Geolocation databases only estimate a town or region from address blocks; they do not say which subscriber held an address at a given moment. That needs the provider\'s assignment records (which the investigators obtained with a production order, but the expert did not use); and even those name the subscriber of a line, not the person who used it, so the conclusion in 9.3 needs the other evidence as well',
};

function expertReport(
  random: SeededRandom,
  facts: FindingFacts,
  weakness: Weakness,
  imageItem: RegisterItem,
  subscriberItem: RegisterItem,
  reportDay: number,
): string {
  const version = (weak: boolean) => (weak ? 'not recorded' : `2.4.${random.int(0, 3)}`);
  const loginUtc = localToUtc(facts.loginTime);
  const lines = [
    'NORTHVALE POLICE - DIGITAL FORENSICS LABORATORY',
    'EXPERT REPORT (EXCERPT FOR THE CHARGING FILE)',
    '',
    `Laboratory reference:  DFL-24-0418 / Operation HARROW`,
    `Examiner:              Tomasz Wilk, senior forensic examiner`,
    `Date of report:        ${shortDay(reportDay)}`,
    `Item examined:         ${imageItem.number} (${imageItem.description})`,
    '',
    'Sections 1 (qualifications) and 10 (declaration of truth) are omitted from this excerpt.',
    'Qualifications in short: 11 years as a forensic examiner; certified examiner of the national',
    'forensic accreditation scheme; the laboratory is accredited for the acquisition and examination',
    'of storage media.',
    '',
    '2. INSTRUCTIONS AND ITEMS',
    '',
    '2.1 I was instructed by DS R. Adeyemi to establish from the system disk of the file server',
    '    EBK-FS02 of the Municipality of Eastbrook whether and how the server was entered without',
    '    authorisation in November 2024, and from which address.',
    `2.2 I acquired the disk myself on 18 November 2024 (see section 4). The register entry is`,
    `    ${imageItem.number}. Before the examination I computed the SHA-256 of the working copy:`,
    `    ${imageItem.acquisition}`,
    '    It is identical to the hash recorded at acquisition.',
    '',
    '3. EQUIPMENT AND SOFTWARE',
    '',
    '    Tool                        Version       Purpose                               Validation record',
    `    ForensiCore Imager          4.7.1         imaging and verification              VR-2023-11`,
    `    WB-300 hardware blocker     firmware 3.2  write protection (SATA)               VR-2022-04`,
    `    GNU coreutils sha256sum     8.32          hash computation                      VR-2021-02`,
    `    LogSift                     ${version(weakness === 'tool-version').padEnd(13)} parsing and counting of log records    ${weakness === 'tool-version' ? '-' : 'VR-2024-17'}`,
    `    CaseNotes                   6.1           contemporaneous notes                 n/a`,
    '',
    '4. ACQUISITION',
    '',
  ];
  if (weakness === 'write-blocker')
    lines.push(
      "4.1 The disk was removed from EBK-FS02 after the server had been shut down by the municipality's",
      '    IT coordinator. It was connected to the examination workstation through a USB 3.0 docking',
      '    station and imaged with ForensiCore Imager to the E01 format, with verification.',
    );
  else
    lines.push(
      "4.1 The disk was removed from EBK-FS02 after the server had been shut down by the municipality's",
      '    IT coordinator. It was connected to the examination workstation through the WB-300 hardware',
      '    write blocker, which I had function-tested the same morning (test record attached to the',
      '    case notes), and imaged with ForensiCore Imager to the E01 format, with verification.',
    );
  lines.push(
    '4.2 The image verified: the hash of the data read back equals the acquisition hash in 2.2.',
    '4.3 The working copy used for this examination was made from the image and verified (2.2).',
    '',
    '5. TIME',
    '',
  );
  if (weakness === 'time-zone')
    lines.push(
      '5.1 The authentication logs record the date and time of each event without a year or a time',
      '    zone. The year is 2024 (file dates). I have treated the times as UTC, the setting commonly',
      '    used on servers, and all times in this report are given in UTC.',
      "5.2 The server's clock was not compared with a reference clock; the server had been shut down.",
    );
  else
    lines.push(
      '5.1 The authentication logs record the date and time of each event without a year or a time',
      "    zone. The year is 2024 (file dates). The server's time zone, Europe/Amsterdam (UTC+01:00 in",
      '    November), was read from /etc/timezone and /etc/localtime in the image; the NTP configuration',
      "    shows the clock was synchronised with the municipality's time server, whose own log shows an",
      '    offset below one second for November 2024. Times below are given in UTC and local time.',
    );
  const rotated = ['auth.log', 'auth.log.1', 'auth.log.2.gz', 'auth.log.3.gz', 'auth.log.4.gz'];
  lines.push(
    '',
    '6. LOGS EXAMINED',
    '',
    '6.1 /var/log in the image holds five authentication logs (weekly rotation):',
    `    ${rotated.join(', ')}. The oldest, auth.log.4.gz, begins on 20 October 2024.`,
    weakness === 'log-coverage'
      ? '6.2 I examined auth.log and auth.log.1. The older logs were not examined.'
      : `6.2 I examined all five files, which together cover 20 October to 18 November 2024 without a break.`,
    '',
    '7. FINDINGS',
    '',
    `7.1 Between ${weakness === 'time-zone' ? facts.attackStart : localToUtc(facts.attackStart)} and ${weakness === 'time-zone' ? facts.loginTime : loginUtc} UTC on 17 November 2024 the address`,
    `    ${facts.eastbrookIp} made ${facts.attempts} failed password attempts over SSH for ${facts.accountNames} account names`,
    `    (LogSift count, checked by hand with grep for the first and last 50 records).`,
    `7.2 At ${weakness === 'time-zone' ? facts.loginTime : `${loginUtc} UTC (${facts.loginTime} local time)`}${weakness === 'time-zone' ? ' UTC' : ''} the same address logged in with the password of the`,
    `    account ${facts.compromisedAccount} ("Accepted password"). Two interactive sessions followed.`,
    '7.3 No other address logged in to that account with a password in the logs examined.',
    '',
    '8. ATTRIBUTION OF THE ADDRESS',
    '',
  );
  if (weakness === 'attribution')
    lines.push(
      `8.1 According to the geolocation service GeoFind, the address ${facts.eastbrookIp} is located in`,
      "    Harbourside, where the suspect lives. I conclude that the connections came from the suspect's",
      '    home connection.',
    );
  else
    lines.push(
      `8.1 According to the records of Examplenet Broadband (${subscriberItem.number}), the address ${facts.eastbrookIp} was`,
      `    assigned from 16 November 2024 ${two(random.int(17, 23))}:${two(random.int(0, 59))} UTC to 17 November 2024 ${two(random.int(8, 11))}:${two(random.int(0, 59))} UTC`,
      "    to the fixed-line connection at the suspect's home address. The times in 7.1 and 7.2, in UTC,",
      '    fall within that assignment.',
    );
  lines.push(
    '',
    '9. CONCLUSIONS',
    '',
    `9.1 EBK-FS02 was entered on 17 November 2024 with the password of the account ${facts.compromisedAccount},`,
    `    after ${facts.attempts} guesses from ${facts.eastbrookIp}.`,
    '9.2 The password-guessing began on 17 November 2024.',
    weakness === 'log-coverage'
      ? '    Before that date, in November or in the preceding weeks, no address other than the account'
      : '    Between 20 October and that date, no address other than the account',
    "    holder's usual addresses used the account.",
    "9.3 The connections came from the suspect's home connection (section 8).",
    '',
    '[End of excerpt]',
    '',
  );
  return lines.join('\n');
}

/** "06:41" local (UTC+01:00 in November) as UTC. */
function localToUtc(hhmm: string): string {
  const [hour, minute] = hhmm.split(':') as [string, string];
  return `${two((Number(hour) + 23) % 24)}:${minute}`;
}

// ---------------------------------------------------------------------------------------------
// Documents.

function csvField(value: string): string {
  return /[",\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}
const csvRow = (fields: string[]): string => fields.map(csvField).join(',');

/** Changes three hexadecimal characters in the middle of a hash: it looks the same at both ends. */
function corrupt(random: SeededRandom, hash: string): { hash: string; positions: number[] } {
  const positions = random
    .shuffle(Array.from({ length: 32 }, (_, index) => index + 16))
    .slice(0, 3)
    .sort((a, b) => a - b);
  const chars = [...hash];
  for (const position of positions) {
    let replacement = random.hex(1);
    while (replacement === chars[position]) replacement = random.hex(1);
    chars[position] = replacement;
  }
  return { hash: chars.join(''), positions: positions.map((position) => position + 1) };
}

const generate: VariantGenerator = ({ random }) => {
  // --- The case facts.
  const searchDay = workdayFrom(dayOf(2025, 1, 13) + random.int(0, 3));
  const octet = (low: number, high: number) => random.int(low, high);
  const attackHour = random.int(3, 5);
  const attackMinute = random.int(0, 50);
  const loginMinutes = attackHour * 60 + attackMinute + random.int(40, 110);
  const facts: FindingFacts = {
    searchDay,
    eastbrookIp: `203.0.113.${octet(20, 250)}`,
    vpsIp: `198.51.100.${octet(20, 120)}`,
    diskSerial: `${random.int(10, 99)}${random.hex(6).toUpperCase()}`,
    laptopSerial: `${random.hex(5).toUpperCase()}${random.int(100, 999)}`,
    imei: `35${Array.from({ length: 13 }, () => random.int(0, 9)).join('')}`,
    muleIban: `ZZ${random.int(10, 99)} MERI ${random.int(1000, 9999)} ${random.int(1000, 9999)} ${random.int(10, 99)}`,
    bagBase: random.int(40100, 40800),
    attempts: random.int(180, 960),
    accountNames: random.int(9, 23),
    compromisedAccount: random.pick(['a.bakker', 's.visser', 'l.meijer', 'n.peters', 'e.mulder']),
    attackStart: `${two(attackHour)}:${two(attackMinute)}`,
    loginTime: `${two(Math.floor(loginMinutes / 60))}:${two(loginMinutes % 60)}`,
    sqliRequests: random.int(140, 620),
    sqliRecords: random.int(2800, 9400),
    mailboxLogins: random.int(11, 38),
    mailboxIps: [`198.51.100.${octet(130, 190)}`, `203.0.113.${octet(5, 15)}`],
    tapFiles: random.int(60, 240),
    tapHours: random.int(150, 420),
    tapAccount: random.pick(['ir.svc-vpn', 'adm.kovacs', 'adm.hale', 'svc.ftpbackup']),
    wifiMinutes: random.int(25, 140),
    encryptedFiles: random.int(180_000, 460_000),
    ransomExtension: random.pick(['lck9', 'vwx', 'crpt', 'h4rr']),
    backupSets: random.int(14, 60),
    serviceName: random.pick(['WinDefendUpd', 'HistSyncSvc', 'MSUpdateCore', 'SvcHostMon']),
    historianHours: random.int(48, 55),
    ddosRate: random.int(6, 40) * 1000,
    ddosHours: random.int(3, 9),
    ddosBots: random.int(700, 4800),
    toolName: random.pick(['HydraPulse 3', 'GateCrack Pro', 'SpraySmith 2', 'KeyStorm']),
    toolPrice: random.pick([90, 120, 150, 180, 250]),
    toolLicences: random.int(9, 48),
    comboEntries: random.int(1400, 5200),
    comboBuyers: random.int(3, 17),
    comboVwa: random.int(3, 14),
    lookalike: random.pick([
      'northwind-suppiles.example',
      'northwind-supplles.example',
      'northwlnd-supplies.example',
      'northwind-supplies-ltd.example',
    ]),
    fraudIban: `ZZ${random.int(10, 99)} ALTB ${random.int(1000, 9999)} ${random.int(1000, 9999)} ${random.int(1000, 9999)}`,
    forgedInvoices: random.int(5, 19),
    forgedCustomers: random.int(3, 8),
    refundCount: random.int(18, 64),
    refundAmount: `${random.int(9, 38)},${random.int(100, 999)}.${two(random.int(0, 99))}`,
    feeRefundCount: random.int(20, 90),
    feeRefundAmount: `${random.int(4, 16)},${random.int(100, 999)}.${two(random.int(0, 99))}`,
  };

  // --- The findings: Eastbrook, one per Articles 3 to 8, and one more.
  const eastbrook = FINDINGS.find((finding) => finding.key === 'eastbrook')!;
  const chosen: FindingTemplate[] = [eastbrook];
  for (const article of ['art3', 'art4', 'art5', 'art6', 'art7', 'art8'] as Article[])
    chosen.push(random.pick(FINDINGS.filter((finding) => finding.article === article)));
  chosen.push(random.pick(FINDINGS.filter((finding) => !chosen.includes(finding))));
  const findings = random.shuffle(chosen).map((template, index) => ({ id: `F${index + 1}`, template }));

  // --- The register.
  const items = registerItems(random, facts);
  items.forEach((item, index) => {
    item.number = `EX-${two(index + 1)}`;
    if (!item.physical) {
      item.acquisition = random.hex(64);
      item.workingCopy = item.acquisition;
    }
    item.storage = item.physical
      ? `Evidence store NV, shelf ${random.pick(['A', 'B', 'C', 'D'])}${random.int(1, 9)}`
      : `Evidence server ES01, /cases/HARROW/${item.number}/`;
  });
  const byKey = (key: ItemKey): RegisterItem => items.find((item) => item.key === key)!;
  // The image can only be read with the key from the capture: the register says which capture, by number.
  byKey('laptop-image').description =
    `Forensic image of the laptop's 1 TB NVMe drive (E01, decrypted with the key recovered from the memory capture ${byKey('memory-capture').number})`;
  const citedBy = (key: ItemKey): string[] =>
    findings.filter((finding) => finding.template.cites.includes(key)).map((finding) => finding.id);
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

  const citedDigital = items.filter(
    (item) => !item.physical && item.key !== 'fs02-image' && citedBy(item.key).length > 0,
  );
  const bad = random.pick(citedDigital);
  const affected = citedBy(bad.key);
  const upperCandidates = citedDigital.filter((item) => item !== bad && !sameSet(citedBy(item.key), affected));
  const upper = random.pick(upperCandidates);
  const reacquired = random.pick(
    items.filter((item) => item.deviceImage && item !== bad && item !== upper && item.key !== 'fs02-image'),
  );
  const reverified = random.pick(
    items.filter((item) => !item.physical && item !== bad && item !== upper && item !== reacquired),
  );

  const broken = corrupt(random, bad.acquisition!);
  bad.workingCopy = broken.hash;
  if (random.chance(0.5))
    bad.notes = random.pick([
      'Working copy made by the lab on receipt',
      'Copied to the evidence server on receipt',
      'Disclosed to the defence in copy',
    ]);
  upper.workingCopy = upper.acquisition!.toUpperCase();
  upper.notes = upper.notes || 'Working copy hash as printed by the imaging workstation';
  const firstAttempt = random.hex(64);
  const reacquiredDay = workdayFrom(reacquired.day + random.int(1, 3));
  reacquired.reacquiredDay = reacquiredDay;
  reacquired.workingCopy = reacquired.acquisition;
  reacquired.acquisition = firstAttempt;
  reacquired.notes = `Re-acquired on ${isoDay(reacquiredDay)} by ${reacquired.seizedBy.replace(/, digital forensics lab$/u, '')}: the first acquisition stopped at ${random.int(38, 91)} % (read error, cable replaced) and is kept but not used. SHA-256 of the second acquisition: ${reacquired.workingCopy}. The working copy was made from the second acquisition.`;
  reverified.notes = `${reverified.notes ? `${reverified.notes}. ` : ''}Working copy re-verified on ${isoDay(searchDay + random.int(20, 40))} by K. Osei before disclosure: SHA-256 unchanged`;

  const registerLines = [
    csvRow([
      'item',
      'description',
      'seized_from',
      'seized_by',
      'date',
      'acquisition_sha256',
      'working_copy_sha256',
      'storage_location',
      'notes',
    ]),
  ];
  for (const item of items)
    registerLines.push(
      csvRow([
        item.number!,
        item.description,
        item.seizedFrom,
        item.seizedBy,
        isoDay(item.day),
        item.acquisition ?? 'n/a',
        item.workingCopy ?? 'n/a',
        item.storage!,
        item.notes,
      ]),
    );

  const digital = items.filter((item) => !item.physical);
  const verifiedCount = digital.length - 1;

  // --- The custody log.
  const imageOf = new Map<ItemKey, RegisterItem>(
    (
      [
        ['fs02-disk', 'fs02-image'],
        ['tap-device', 'tap-image'],
        ['laptop', 'laptop-image'],
        ['phone', 'phone-extraction'],
        ['usb', 'usb-image'],
        ['ext-disk', 'ext-disk-image'],
        ['router', 'router-config'],
      ] as [ItemKey, ItemKey][]
    )
      .filter(
        ([device, image]) => items.some((item) => item.key === device) && items.some((item) => item.key === image),
      )
      .map(([device, image]) => [device, byKey(image)]),
  );
  const custody = planCustody(random, items, searchDay, imageOf, reacquired);
  const custodyLines = [csvRow(['entry', 'item', 'date_time', 'released_by', 'received_by', 'purpose', 'signatures'])];
  custody.entries.forEach((entry, index) => {
    const signatures = entry.from.startsWith('(seized')
      ? initials(entry.to)
      : `${initials(entry.from)} / ${initials(entry.to)}`;
    custodyLines.push(
      csvRow([
        `C-${String(index + 1).padStart(3, '0')}`,
        byKey(entry.item).number!,
        stamp(entry.at),
        entry.from,
        entry.to,
        entry.purpose,
        signatures,
      ]),
    );
  });
  const periodLabel = (item: ItemKey, start: Moment, end: Moment) =>
    `${byKey(item).number}: ${stamp(start)} to ${stamp(end)}`;
  const periods = [
    { label: periodLabel(custody.gap.item, custody.gap.start, custody.gap.end), gap: true, start: custody.gap.start },
    ...custody.decoys.map((decoy) => ({
      label: periodLabel(decoy.item, decoy.start, decoy.end),
      gap: false,
      start: decoy.start,
    })),
  ].sort((a, b) => a.start - b.start);
  const gapOption = `p${periods.findIndex((period) => period.gap) + 1}`;
  const decoyLabels = periods.filter((period) => !period.gap).map((period) => period.label);
  const gapItem = byKey(custody.gap.item);
  const gapStory: Record<GapKind, string> = {
    'missing-return': `On ${stamp(custody.gap.start)} the store released ${gapItem.number} to ${custody.gap.holder}. There is no entry returning it: the next entry, at ${stamp(custody.gap.end)}, has the evidence store (${custody.gap.nextFrom}) releasing it again. When it came back, and who held it in between, is not recorded.`,
    'missing-check-in': `${gapItem.number} was seized by ${custody.gap.holder} on ${stamp(custody.gap.start)}, but never booked into the evidence store: the next entry, at ${stamp(custody.gap.end)}, has the store (${custody.gap.nextFrom}) releasing an item it never received.`,
    'unrecorded-handover': `On ${stamp(custody.gap.start)} the store released ${gapItem.number} to ${custody.gap.holder}. The next entry, at ${stamp(custody.gap.end)}, has ${custody.gap.nextFrom} returning it to the store. No entry shows ${custody.gap.holder} handing it to ${custody.gap.nextFrom}: a colleague in the same laboratory is still a different custodian.`,
  };
  const decoyStory: Record<DocumentedPeriod, string> = {
    'weekend-hold':
      "an examiner kept the device over a weekend for analysis: long, but the log names who held it and where (the lab's evidence safe), and the same examiner returned it",
    courier:
      'the item travelled with the secure courier: the waybill number links the release and the receipt, so the courier is the documented custodian',
    'outside-lab': 'the item was at the outside laboratory, which signed for it on arrival and on departure',
    store:
      'the item stayed in the evidence store for days: booked in and released again by store officers on duty (different names, or the same, make no difference: the store is one custodian)',
    viewing:
      "the item was taken to the prosecutor's office for a viewing and returned the same day by the person who received it",
  };
  const decoyExplanation = custody.decoys
    .map((decoy) => `- ${periodLabel(decoy.item, decoy.start, decoy.end)}: ${decoyStory[decoy.kind]}.`)
    .join('\n');

  // --- The expert report.
  const weakness = random.pick(WEAKNESSES);
  const fs02Image = byKey('fs02-image');
  const subscriber = byKey('subscriber');
  const reportDay = searchDay + random.int(30, 45);

  // --- The summary of findings.
  const exhibitList = (template: FindingTemplate) =>
    template.cites
      .map(byKey)
      .sort((a, b) => a.number!.localeCompare(b.number!))
      .map((item) => `${item.number} (${SHORT_NAMES[item.key]})`)
      .join(', ');
  const caseDay = reportDay + random.int(3, 8);
  const summary = [
    '# NORTHVALE POLICE - REGIONAL CYBERCRIME UNIT',
    '',
    '## Summary of investigative findings - Operation HARROW',
    '',
    '| | |',
    '|---|---|',
    '| Police file | RCU-2025-0031 |',
    "| Prosecutor's file | NRP-2025-0147 |",
    `| Suspect | ${DEFENDANT}, born 9 March 1991, of 14 Quayside Lane, Harbourside |`,
    '| Prepared by | DI Helena Voss, senior investigating officer |',
    `| Date | ${shortDay(caseDay)} |`,
    '| Status | For the charging decision. Not for disclosure in this form. |',
    '',
    '### 1. Purpose',
    '',
    "This summary sets out, for the prosecutor's charging decision, what the joined investigations have",
    'established. Each finding describes one act and names the exhibits it rests on, by their numbers in',
    'the evidence register (P/2). Legal qualification is for the prosecutor; the headings below describe',
    'places, not offences.',
    '',
    '### 2. How the investigations were joined',
    '',
    '- EBK-2024-1187 (DS R. Adeyemi): intrusion into the file server of the Municipality of Eastbrook, November 2024.',
    '- 2024-1009-318 (DC J. Ekholm): data theft from, extortion of and outage of the permits portal of Vestmark Regional Authority, October 2024.',
    '- FR-2024-318 (DC A. Haddad): invoice redirection fraud against the Ministry of Infrastructure, spring 2024, using a domain that imitates the supplier Northwind Office Supplies.',
    '- 2024-1014-207 (DS A. Brandt): ransomware at the Valley Water Authority, October 2024.',
    '',
    `The cases were joined on 20 December 2024 when the same virtual server (Cloudvale Hosting, rented in the suspect's name and paid with his card) and the same forum account \`k3strel\` appeared in three of them.`,
    '',
    '### 3. Identification of the suspect',
    '',
    `- Subscriber records of Examplenet Broadband, obtained by a production order for subscriber information: ${facts.eastbrookIp} was assigned to the broadband line at the suspect's home, of which he is the subscriber, on 17 November 2024 (${subscriber.number}). The records name the line and its subscriber, not the person at the keyboard: that the suspect himself used it rests on what was found on his laptop and phone.`,
    `- Cloudvale Hosting: virtual server vps-2291 (${facts.vpsIp}) rented in the suspect's name from August to November 2024 (${byKey('vps-records').number}).`,
    `- Forum darkbazaar.example: the account \`k3strel\` was registered with the suspect's e-mail address and paid out to his wallet (${byKey('forum').number}).`,
    '',
    '### 4. Search and arrest',
    '',
    `On ${longDay(searchDay)} at 06:30 the suspect's home was searched under warrant W-25-0093 and the suspect was arrested. The laptop was running and unlocked; its memory was captured on site before it was shut down (${byKey('memory-capture').number}), because its disk is encrypted and the key could only be recovered from the running machine. The items seized are in the register (P/2) and their movements in the custody log (P/3). In interview on ${longDay(searchDay + 1)} the suspect made no comment.`,
    '',
    '### 5. Findings',
    '',
    'Times are local time unless stated otherwise.',
    '',
  ];
  for (const finding of findings) {
    summary.push(
      `#### ${finding.id}. ${finding.template.heading(facts)}`,
      '',
      finding.template.body(facts, random),
      '',
      `Exhibits: ${exhibitList(finding.template)}.`,
      '',
    );
  }
  summary.push(
    '### 6. Matters outside these findings',
    '',
    "- The ministry paid Northwind's invoice into the account named in the forged letter after its clerk",
    '  changed the supplier record. Whether that payment is charged as fraud under the national criminal',
    '  code is for the prosecutor; the account holder is being investigated for money laundering in',
    '  separate proceedings.',
    '- The extortion e-mail to Vestmark Regional Authority is the subject of a separate report.',
    '- The program found running on EBK-FS02 after the intrusion is still being analysed.',
    '',
    '### 7. Attachments',
    '',
    '- P/2 Evidence register (CSV).',
    '- P/3 Chain-of-custody log of the physical items (CSV).',
    `- P/4 Expert report of T. Wilk on ${fs02Image.number} (excerpt).`,
    '',
  );

  // --- Values for the answers and the explanations.
  const mapping = Object.fromEntries(findings.map((finding) => [finding.id, finding.template.article]));
  const confused = Object.fromEntries(findings.map((finding) => [finding.id, CONFUSED_WITH[finding.template.article]]));
  // A partly wrong answer: the classic confusions of data and system interference, forgery and fraud.
  const halfConfused = Object.fromEntries(
    findings.map((finding) => {
      const article = finding.template.article;
      return [
        finding.id,
        article === 'art4' || article === 'art5' || article === 'art7' || article === 'art8'
          ? CONFUSED_WITH[article]
          : article,
      ];
    }),
  );
  const mappingExplanation = findings
    .map(
      (finding) =>
        `- **${finding.id}** (${finding.template.place}): **${ARTICLE_NAMES[finding.template.article]}**: ${finding.template.reason}.`,
    )
    .join('\n');
  const eastbrookFinding = findings.find((finding) => finding.template.key === 'eastbrook')!.id;
  const upperFindings = citedBy(upper.key);

  return {
    files: {
      'evidence/findings-summary.md': summary.join('\n'),
      'evidence/evidence-register.csv': `${registerLines.join('\n')}\n`,
      'evidence/custody-log.csv': `${custodyLines.join('\n')}\n`,
      'evidence/expert-report.txt': expertReport(random, facts, weakness, fs02Image, subscriber, reportDay),
    },
    values: {
      search_date_text: longDay(searchDay),
      finding_articles: mapping,
      finding_articles_confused: confused,
      finding_articles_half_confused: halfConfused,
      finding_articles_typed: findings
        .map((finding) => `${finding.id}: ${ARTICLE_NAMES[finding.template.article]}`)
        .join('\n'),
      mapping_explanation: mappingExplanation,
      eastbrook_finding: eastbrookFinding,

      verified_count: verifiedCount,
      digital_count: String(digital.length),
      verified_count_upper_rejected: String(verifiedCount - 1),
      verified_count_reacquired_rejected: String(verifiedCount - 2),
      register_rows_minus_one: String(items.length - 1),
      physical_count: String(items.length - digital.length),

      bad_item: bad.number!,
      bad_item_digits: String(Number(bad.number!.slice(3))),
      bad_item_compact: bad.number!.replace('-', '').toLowerCase(),
      bad_item_description: bad.description,
      bad_item_acquisition: bad.acquisition!,
      bad_item_working_copy: bad.workingCopy!,
      bad_item_positions: broken.positions.join(', '),
      uppercase_item: upper.number!,
      reacquired_item: reacquired.number!,
      reverified_item: reverified.number!,
      custody_gap_item: gapItem.number!,

      affected_findings: affected,
      affected_findings_text: affected.join(', '),
      affected_findings_decoy: upperFindings,
      affected_findings_with_extra: [
        ...affected,
        ...findings
          .map((finding) => finding.id)
          .filter((id) => !affected.includes(id))
          .slice(0, 1),
      ],

      custody_option_1: periods[0]!.label,
      custody_option_2: periods[1]!.label,
      custody_option_3: periods[2]!.label,
      custody_option_4: periods[3]!.label,
      custody_option_5: periods[4]!.label,
      custody_gap_option: gapOption,
      custody_decoy_1: decoyLabels[0]!,
      custody_decoy_2: decoyLabels[1]!,
      custody_decoy_3: decoyLabels[2]!,
      custody_decoy_4: decoyLabels[3]!,
      custody_gap_label: periods.find((period) => period.gap)!.label,
      custody_gap_story: gapStory[custody.gap.kind],
      custody_decoys_explanation: decoyExplanation,

      expert_question: weakness,
      expert_question_decoy: random.pick(WEAKNESSES.filter((other) => other !== weakness)),
      expert_weakness_explanation: WEAKNESS_EXPLANATIONS[weakness],

      fs02_image_item: fs02Image.number!,
      subscriber_item: subscriber.number!,
      laptop_image_item: byKey('laptop-image').number!,
      attacker_ip: facts.eastbrookIp,
      attack_attempts: String(facts.attempts),
      login_time_text: `17 November 2024 at ${facts.loginTime} local time (${localToUtc(facts.loginTime)} UTC)`,
      compromised_account: facts.compromisedAccount,
    },
  };
};

export default generate;
