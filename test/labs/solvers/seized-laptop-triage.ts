import { parse } from 'csv-parse/sync';
import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "seized-laptop-triage". It reads only the six exhibits, the way an
 * analyst would: join the file listing to the reference hash set (case-insensitively), pair the disk
 * arrival and removal events into connection windows, place each shortcut and jump-list entry on a
 * removable drive in the window it was last opened in, keep the files created on the drive in that
 * window, tie each of those copies to the file on C: with the same name, size and modified time (to the
 * second) for its SHA-256, compare $STANDARD_INFORMATION with $FILE_NAME times, and read the browser
 * history by host.
 * Facts taken from the brief and the prompts: the company-issued stick is a Kingston DT4000G2;
 * design files carry a "KTS-" part number; the paths of the nine artefacts to classify.
 */

type Row = Record<string, string>;

/** A CSV export with a header line, as objects by column name (csv-parse, RFC 4180). */
function readCsv(text: string): Row[] {
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Row[];
}

/** Milliseconds of a UTC time written "2024-06-21 17:42:03.5523410" or "2024-06-21T17:42:03.552341Z". */
function utcMillis(text: string): number {
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/u.exec(text);
  if (!match) throw new Error(`not a time: ${text}`);
  return Date.parse(`${match[1]}T${match[2]}.${(match[3] ?? '0').padEnd(3, '0').slice(0, 3)}Z`);
}

/** The artefacts of the classification task, as its prompt lists them. */
const ARTEFACTS: Record<string, string> = {
  A: 'C:\\Users\\trehn\\Downloads\\unsorted\\IMG_2291.JPG',
  B: 'C:\\Program Files\\SOLIDWORKS Corp\\SOLIDWORKS\\samples\\tutorial\\gearbox\\planet_carrier.SLDPRT',
  C: 'C:\\Windows\\System32\\config\\SYSTEM',
  D: 'C:\\Users\\trehn\\Pictures\\Holiday 2022\\IMG_2291.JPG',
  E: 'C:\\$Recycle.Bin\\S-1-5-21-3623811015-3361044348-30300820-1013\\$RK3V9QD.JPG',
  F: 'C:\\Users\\trehn\\Documents\\Projects\\G4\\CAD\\parts\\KTS-G4-1001_housing_revC.SLDPRT',
  G: 'C:\\Windows\\System32\\WindowsCodecs.dll',
  H: 'C:\\Users\\trehn\\Downloads\\unsorted\\VID_0143.MP4',
  I: 'C:\\Users\\trehn\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\AutomaticDestinations\\6e2b1c4f9a7d3e05.automaticDestinations-ms',
};

interface Session {
  serial: string;
  model: string;
  start: number;
  end: number;
}

const fileName = (path: string): string => path.slice(path.lastIndexOf('\\') + 1);
const hostOf = (url: string): string => new URL(url).hostname;

export const solve: LabSolver = (evidence) => {
  const text = (id: string): string => {
    const file = evidence.get(id);
    if (!file) throw new Error(`missing evidence ${id}`);
    return file.toString('utf8');
  };
  const listing = readCsv(text('file-listing'));
  const history = readCsv(text('browser-history'));
  const recent = readCsv(text('recent-items'));
  const disks = readCsv(text('partition-diagnostic'));

  // --- Hash filtering.
  const category = new Map<string, string>();
  for (const entry of readCsv(text('nrhs-reference'))) category.set(entry.SHA256!.toLowerCase(), entry.Category!);
  const contraband = listing.filter((row) => category.get(row.SHA256!.toLowerCase()) === 'known-contraband');

  // --- Connection windows: an arrival (capacity above 0) up to the next removal of the same device.
  const sessions: Session[] = [];
  const open = new Map<string, Session>();
  for (const event of disks) {
    if (event.BusType !== '7') continue;
    const device = event.ParentId!;
    if (Number(event.Capacity) > 0)
      open.set(device, {
        serial: event.SerialNumber!,
        model: event.Model!,
        start: utcMillis(event.TimeCreated!),
        end: Infinity,
      });
    else {
      const session = open.get(device);
      if (session) {
        session.end = utcMillis(event.TimeCreated!);
        sessions.push(session);
        open.delete(device);
      }
    }
  }
  const sessionAt = (moment: number): Session | undefined =>
    sessions.find((session) => session.start <= moment && moment <= session.end);

  // --- Files on removable drives, placed in the connection they were last opened in, kept when created on the drive then.
  const removable = recent.filter(
    (row) => row.DriveType!.startsWith('Removable') && row.FileAttributes !== 'FILE_ATTRIBUTE_DIRECTORY',
  );
  const writtenIn = new Map<Session, Set<string>>();
  for (const row of removable) {
    const session = sessionAt(utcMillis(row.SourceModified!));
    if (!session) throw new Error(`no connection holds the open of ${row.TargetPath}`);
    const created = utcMillis(row.TargetCreated!);
    if (created < session.start || created > session.end) continue;
    const files = writtenIn.get(session) ?? new Set<string>();
    files.add(row.TargetPath!.toLowerCase());
    writtenIn.set(session, files);
  }
  const designOf = (paths: Iterable<string>): string[] =>
    [...paths].filter((path) => fileName(path).startsWith('kts-'));
  const exfilSessions = [...writtenIn].filter(
    ([session, files]) => session.model !== 'DT4000G2' && designOf(files).length > 0,
  );
  if (exfilSessions.length !== 1)
    throw new Error(`expected one connection with design files copied, found ${exfilSessions.length}`);
  const [exfil, copied] = exfilSessions[0]!;
  const copiedNames = new Map<string, string>();
  for (const row of removable)
    if (copied.has(row.TargetPath!.toLowerCase()))
      copiedNames.set(row.TargetPath!.toLowerCase(), fileName(row.TargetPath!));
  // --- The originals of the copies: a copy keeps the name, the size and the modified time of its source.
  const copyRows = new Map<string, Row>();
  for (const row of removable)
    if (copied.has(row.TargetPath!.toLowerCase())) copyRows.set(row.TargetPath!.toLowerCase(), row);
  const originalHashes = [...copyRows.values()].map((copy) => {
    const sources = listing.filter(
      (row) =>
        fileName(row.FullPath!).toLowerCase() === fileName(copy.TargetPath!).toLowerCase() &&
        row.FileSize === copy.FileSize &&
        row.SI_Modified!.slice(0, 19) === copy.TargetModified,
    );
    if (sources.length !== 1) throw new Error(`expected one original of ${copy.TargetPath}, found ${sources.length}`);
    return sources[0]!.SHA256!;
  });

  const supplierWrites = removable
    .filter(
      (row) =>
        fileName(row.TargetPath!).startsWith('KTS-') && sessionAt(utcMillis(row.SourceModified!))?.model === 'DT4000G2',
    )
    .map((row) => utcMillis(row.TargetCreated!));

  // --- Timestomping: $SI created before $FN created, every $SI time in whole seconds, the record changed before the file existed.
  const stomped = listing.filter(
    (row) =>
      row.SI_Created! < row.FN_Created! &&
      ['SI_Created', 'SI_Modified', 'SI_Accessed', 'SI_MFTChanged'].every((column) =>
        row[column]!.endsWith('.0000000'),
      ) &&
      row.SI_MFTChanged! < row.FN_Created!,
  );
  if (stomped.length !== 1) throw new Error(`expected one backdated file, found ${stomped.length}`);

  // --- The competitor's site: the host with a careers page; its first visit by host, not by substring.
  const careers = history.find((row) => new URL(row.url!).pathname === '/careers')!;
  const domain = hostOf(careers.url!).replace(/^www\./u, '');
  const firstVisit = history.find((row) => hostOf(row.url!) === domain || hostOf(row.url!).endsWith(`.${domain}`))!;
  const upload = history.find((row) => new URL(row.url!).pathname === '/upload')!;

  // --- Classification: contraband by hash, irrelevant when known-good, relevant for Kestrel's files and records of the transfer.
  const byPath = new Map(listing.map((row) => [row.FullPath!.toLowerCase(), row]));
  const labels: Record<string, string> = {};
  for (const [item, path] of Object.entries(ARTEFACTS)) {
    const row = byPath.get(path.toLowerCase());
    if (!row) throw new Error(`artefact ${item} is not in the listing`);
    const listed = category.get(row.SHA256!.toLowerCase());
    const recordsTheStick = recent.some(
      (entry) => entry.SourceFile!.toLowerCase() === path.toLowerCase() && entry.DriveType!.startsWith('Removable'),
    );
    if (listed === 'known-contraband') labels[item] = 'contraband';
    else if (listed === 'known-good') labels[item] = 'irrelevant';
    else if (fileName(path).startsWith('KTS-') || /\\config\\(?:system|software)$/iu.test(path) || recordsTheStick)
      labels[item] = 'relevant';
    else labels[item] = 'irrelevant';
  }

  const events: [string, number][] = [
    ['competitor-site', utcMillis(firstVisit.visit_time!)],
    ['supplier-stick', Math.min(...supplierWrites)],
    ['stick-connected', exfil.start],
    [
      'copy-to-stick',
      Math.min(
        ...removable
          .filter((row) => copied.has(row.TargetPath!.toLowerCase()))
          .map((row) => utcMillis(row.TargetCreated!)),
      ),
    ],
    ['backdated-file', utcMillis(stomped[0]!.FN_Created!)],
    ['upload-page', utcMillis(upload.visit_time!)],
  ];

  return {
    'classify-artefacts': Object.entries(labels)
      .map(([item, label]) => `${item}: ${label}`)
      .join('\n'),
    'contraband-matches': String(contraband.length),
    'usb-serial': exfil.serial,
    'files-copied': String(copied.size),
    'design-files-copied': designOf(copiedNames.keys()).map((path) => copiedNames.get(path)!),
    'copied-file-hashes': originalHashes,
    'timestomped-file': stomped[0]!.FullPath!,
    'competitor-first-visit': firstVisit.visit_time!,
    'event-order': events.sort((a, b) => a[1] - b[1]).map(([id]) => id),
  };
};
