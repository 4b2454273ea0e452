import type { EvidenceFiles, LabSolver } from '../solver-harness.ts';
import { csvRows } from './csv-rows.ts';

/*
 * Independent solver of "Memory triage of a compromised workstation": reads the Volatility 3 CSV
 * exports and the acquisition record the way an investigator would (parents and paths, the parent's
 * command line, the connection owned by the PID, the MZ header in malfind, the file's own contents in
 * the dump list, the local offset from the record), never the generator's values.
 */

type Row = Record<string, string>;

interface Reading {
  record: string;
  pslist: Row[];
  cmdline: Row[];
  netscan: Row[];
  malfind: Row[];
  dumped: Row[];
  localOffsetHours: number;
}

function read(evidence: EvidenceFiles): Reading {
  const text = (id: string) => evidence.get(id)!.toString('utf8');
  const record = text('acquisition-record');
  const zone = /Time zone setting: \(UTC([+-]\d{2}):(\d{2})\)/u.exec(record)!;
  return {
    record,
    pslist: csvRows(text('pslist')),
    cmdline: csvRows(text('cmdline')),
    netscan: csvRows(text('netscan')),
    malfind: csvRows(text('malfind')),
    dumped: csvRows(text('dumped-files')),
    localOffsetHours: Number(zone[1]) + Number(zone[2]) / 60,
  };
}

const argsOf = (reading: Reading, pid: string) => reading.cmdline.find((row) => row.PID === pid)?.Args ?? '';
const nameOf = (reading: Reading, pid: string) => reading.pslist.find((row) => row.PID === pid)?.ImageFileName;

/** Processes whose own command line is a program run with a service group (-k), with their parent's name. */
const serviceHosts = (reading: Reading) =>
  reading.pslist
    .filter((row) => /^"?[^"]+\.exe"? -k /u.test(argsOf(reading, row.PID!)))
    .map((row) => ({ row, parent: nameOf(reading, row.PPID!) }));

/** The process with a service group not started by services.exe. */
const disguised = (reading: Reading): Row => {
  const found = serviceHosts(reading).filter((host) => host.parent !== 'services.exe');
  if (found.length !== 1) throw new Error(`expected one disguised service host, found ${found.length}`);
  return found[0]!.row;
};

/** "2026-11-24T08:17:08+00:00" shifted to a wall clock at `offsetHours`, as "2026-11-24 09:17:08". */
const wallClock = (volatilityTime: string, offsetHours: number): string =>
  new Date(Date.parse(volatilityTime) + offsetHours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export const solve: LabSolver = (evidence) => {
  const reading = read(evidence);
  const fake = disguised(reading);
  const parentArgs = argsOf(reading, fake.PPID!);
  const url = /-Uri '([^']+)'/u.exec(parentArgs)![1]!;
  const established = reading.netscan.filter((row) => row.PID === fake.PID && row.State === 'ESTABLISHED');
  const injected = reading.malfind.filter((row) => row.Hexdump!.startsWith('4d 5a'));
  const fileCopy = reading.dumped.filter(
    (row) => row.PID === fake.PID && row.Source!.startsWith('DataSectionObject') && /every page/u.test(row.Source!),
  );
  if (established.length !== 1 || injected.length !== 1 || fileCopy.length !== 1)
    throw new Error('the evidence does not single out one connection, one injected region and one file copy');
  return {
    'disguised-process': fake.PID!,
    'download-host': new URL(url).hostname,
    persistence: /\/tn '([^']+)'/u.exec(parentArgs)![1]!,
    'c2-address': established[0]!.ForeignAddr!,
    'start-local': wallClock(fake.CreateTime!, reading.localOffsetHours),
    'injected-into': injected[0]!.PID!,
    'file-hash': fileCopy[0]!['SHA-256']!,
    'what-memory-proves': 'derived, footprint, smear',
  };
};

/** The answers of a trainee who falls for each task's trap: each must be graded, and not correct. */
export const commonMistakes: LabSolver = (evidence) => {
  const reading = read(evidence);
  const fake = disguised(reading);
  const lateLegitimate = serviceHosts(reading)
    .filter((host) => host.parent === 'services.exe')
    .sort((a, b) => Date.parse(b.row.CreateTime!) - Date.parse(a.row.CreateTime!))[0]!.row;
  const nimbus = reading.cmdline.find((row) => row.Process === 'NimbusDrive.exe')!;
  const jit = reading.malfind.find((row) => row.Process === 'msedge.exe')!;
  return {
    'disguised-process': lateLegitimate.PID!,
    'download-host': /https?:\/\/(\S+)/u.exec(nimbus.Args!)![1]!,
    persistence: 'Schedule',
    'c2-address': reading.netscan.find((row) => row.PID === fake.PPID)!.ForeignAddr!,
    // Volatility's UTC time typed as it stands, read by the task as local time.
    'start-local': wallClock(fake.CreateTime!, 0),
    'injected-into': jit.PID!,
    'file-hash': reading.dumped.find((row) => row.PID === fake.PID && row.Plugin === 'windows.pslist --dump')![
      'SHA-256'
    ]!,
    'what-memory-proves': 'derived, reacquire, exfiltration',
  };
};
