import { parse } from 'csv-parse/sync';
import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of "Ransomware at a regional water utility": reads the exported event logs
 * (JSON lines) and the VPN session CSV the way an analyst would, and never looks at the generator.
 *
 * Method: find the Remote Desktop logon from a VPN pool address that follows failed attempts with
 * several account names; that gives the first host, the account and the pool address, and the VPN
 * log gives the internet address behind it. Every later trace of that account on other hosts
 * (process starts, Remote Desktop) and every PsExec-style service installed after it marks the
 * hosts the intruder moved to. The shadow-copy deletion, the ransomware (a sibling process of
 * the deletion) and the Security log clear follow from the process and service events. The client
 * name of the intruder's Remote Desktop logon also marks failed logons from another pool address
 * hours earlier: the VPN session that held that address at that moment names the account it used.
 */

interface WindowsEvent {
  TimeCreated: string;
  EventID: number;
  EventRecordID: number;
  Channel: string;
  Computer: string;
  EventData: Record<string, string>;
}

interface VpnSession {
  user: string;
  clientIp: string;
  assignedIp: string;
  start: string;
  end: string;
}

const shortName = (computer: string): string => computer.split('.')[0]!.toUpperCase();
/** TimeCreated strings share one format (UTC, seven decimals), so they sort as text. */
const byTime = (a: WindowsEvent, b: WindowsEvent): number =>
  a.TimeCreated < b.TimeCreated ? -1 : a.TimeCreated > b.TimeCreated ? 1 : 0;
const seconds = (time: string): number => Date.parse(time) / 1000;

function readEvents(text: string, evidenceId: string): WindowsEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as WindowsEvent;
      } catch (error) {
        throw new Error(`${evidenceId} line ${index + 1} is not valid JSON: ${(error as Error).message}`);
      }
    });
}

/** The appliance's CSV: one row per event; a session is the start and end rows sharing a session id. */
function readVpnSessions(text: string): VpnSession[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const column = (row: Record<string, string>, name: string): string => row[name] ?? '';
  const sessions = new Map<string, Partial<VpnSession>>();
  for (const row of rows) {
    const id = column(row, 'session_id');
    if (!id) continue;
    const time = `${column(row, 'time_utc').replace(' ', 'T')}Z`;
    const session = sessions.get(id) ?? {
      user: column(row, 'user'),
      clientIp: column(row, 'client_ip'),
      assignedIp: column(row, 'assigned_ip'),
    };
    if (column(row, 'event') === 'session-start') session.start = time;
    if (column(row, 'event') === 'session-end') session.end = time;
    sessions.set(id, session);
  }
  return [...sessions.values()].filter((session): session is VpnSession => !!session.start && !!session.end);
}

export const solve: LabSolver = (evidence) => {
  const events: WindowsEvent[] = [];
  let vpn: VpnSession[] = [];
  for (const [id, content] of evidence) {
    const text = content.toString('utf8');
    if (id === 'vpn-sessions') vpn = readVpnSessions(text);
    else events.push(...readEvents(text, id));
  }
  events.sort(byTime);
  const poolAddresses = new Set(vpn.map((session) => session.assignedIp));

  // 1. Failed logons from one VPN address with several account names within minutes, then a Remote Desktop logon from it.
  const failures = events.filter(
    (event) => event.EventID === 4625 && poolAddresses.has(event.EventData.IpAddress ?? ''),
  );
  const suspicious = failures.filter((failure) => {
    const near = failures.filter(
      (other) =>
        other.EventData.IpAddress === failure.EventData.IpAddress &&
        Math.abs(seconds(other.TimeCreated) - seconds(failure.TimeCreated)) < 600,
    );
    return new Set(near.map((other) => other.EventData.TargetUserName!.toLowerCase())).size >= 2;
  });
  // The burst that the intruder followed up with a Remote Desktop logon from the same address within minutes.
  const rdpAfter = (failure: WindowsEvent) =>
    events.find(
      (event) =>
        event.EventID === 4624 &&
        event.EventData.LogonType === '10' &&
        event.EventData.IpAddress === failure.EventData.IpAddress &&
        event.Computer === failure.Computer &&
        event.TimeCreated > failure.TimeCreated &&
        seconds(event.TimeCreated) - seconds(failure.TimeCreated) < 600,
    );
  const firstFailure = suspicious.find((failure) => rdpAfter(failure) !== undefined);
  if (!firstFailure) throw new Error('no burst of failed logons with several account names from a VPN address');
  const sourceIp = firstFailure.EventData.IpAddress!;
  const entry = rdpAfter(firstFailure)!;
  const account = entry.EventData.TargetUserName!;
  const patientZero = shortName(entry.Computer);
  const vpnSession = vpn.find(
    (session) =>
      session.assignedIp === sourceIp && session.start <= entry.TimeCreated && session.end >= entry.TimeCreated,
  );
  if (!vpnSession) throw new Error(`no VPN session held ${sourceIp} at ${entry.TimeCreated}`);
  const heldAt = (address: string, time: string) =>
    vpn.find((session) => session.assignedIp === address && session.start <= time && session.end >= time);

  // 1b. The intruder's client name, from the burst; its failures from another pool address came through another account.
  const intruderClient = firstFailure.EventData.WorkstationName!;
  const earlierTry = failures.find(
    (failure) =>
      failure.EventData.WorkstationName === intruderClient &&
      failure.EventData.IpAddress !== sourceIp &&
      failure.TimeCreated < firstFailure.TimeCreated,
  );
  if (!earlierTry) throw new Error(`no earlier failed logon from ${intruderClient}`);
  const earlierSession = heldAt(earlierTry.EventData.IpAddress!, earlierTry.TimeCreated);
  if (!earlierSession)
    throw new Error(`no VPN session held ${earlierTry.EventData.IpAddress} at ${earlierTry.TimeCreated}`);

  // 2. What followed on the first host and elsewhere.
  const afterEntry = events.filter((event) => event.TimeCreated >= entry.TimeCreated);
  const isAccount = (name: string | undefined) => name?.toLowerCase() === account.toLowerCase();
  const privileges = afterEntry.find(
    (event) => event.EventID === 4672 && event.EventData.SubjectLogonId === entry.EventData.TargetLogonId,
  )!;
  const recon = afterEntry.find(
    (event) =>
      event.EventID === 4688 &&
      shortName(event.Computer) === patientZero &&
      isAccount(event.EventData.SubjectUserName) &&
      /\\(whoami|net|nltest|ipconfig)\.exe$/iu.test(event.EventData.NewProcessName ?? ''),
  )!;
  // The first host's own address, as the other hosts record the account's network logons from it.
  const internalSources = afterEntry.filter(
    (event) =>
      event.EventID === 4624 &&
      isAccount(event.EventData.TargetUserName) &&
      shortName(event.Computer) !== patientZero &&
      !poolAddresses.has(event.EventData.IpAddress ?? ''),
  );
  const patientZeroIp = internalSources[0]?.EventData.IpAddress;

  const psexecService = (event: WindowsEvent) =>
    event.EventID === 7045 &&
    event.EventData.ServiceType === 'user mode service' &&
    /^%SystemRoot%\\[^\\]+\.exe$/iu.test(event.EventData.ImagePath ?? '');
  const lateralEvidence = afterEntry.filter(
    (event) =>
      shortName(event.Computer) !== patientZero &&
      (psexecService(event) ||
        (event.EventID === 4688 && isAccount(event.EventData.SubjectUserName)) ||
        (event.EventID === 4624 &&
          event.EventData.LogonType === '10' &&
          isAccount(event.EventData.TargetUserName) &&
          event.EventData.IpAddress === patientZeroIp)),
  );
  const lateralTargets = [...new Set(lateralEvidence.map((event) => shortName(event.Computer)))].sort();
  const firstLateral = afterEntry.find(
    (event) =>
      shortName(event.Computer) !== patientZero &&
      lateralTargets.includes(shortName(event.Computer)) &&
      event.EventID === 4624 &&
      isAccount(event.EventData.TargetUserName),
  )!;

  // The process that deleted: vssadmin or wmic itself, not the cmd.exe, PsExec or `wmic /node:` that carried the command there.
  const deletions = afterEntry.filter(
    (event) =>
      event.EventID === 4688 &&
      /\\(vssadmin|wmic)\.exe$/iu.test(event.EventData.NewProcessName ?? '') &&
      /delete shadows|shadowcopy delete/iu.test(event.EventData.CommandLine ?? '') &&
      !/process call create/iu.test(event.EventData.CommandLine ?? ''),
  );
  const deletion = deletions[0]!;
  const encryption = afterEntry.find(
    (event) =>
      event.EventID === 4688 &&
      event.Computer === deletion.Computer &&
      event.EventData.ProcessId === deletion.EventData.ProcessId &&
      event.TimeCreated > deletion.TimeCreated &&
      !/^C:\\Windows\\(System32|SysWOW64)\\/iu.test(event.EventData.NewProcessName ?? ''),
  )!;
  const firstEncryption = afterEntry.find(
    (event) => event.EventID === 4688 && event.EventData.NewProcessName === encryption.EventData.NewProcessName,
  )!;
  const logCleared = afterEntry.find((event) => event.EventID === 1102)!;

  const phases: [string, WindowsEvent][] = [
    ['rdp-logon', entry],
    ['privileges', privileges],
    ['recon', recon],
    ['lateral', firstLateral],
    ['inhibit-recovery', deletion],
    ['encrypt', firstEncryption],
    ['clear-log', logCleared],
  ];
  const order = phases.sort((a, b) => byTime(a[1], b[1])).map(([phase]) => phase);

  return {
    'patient-zero': patientZero,
    'initial-account': account,
    'rdp-source-address': sourceIp,
    'vpn-client-address': vpnSession.clientIp,
    'earlier-vpn-account': earlierSession.user,
    'lateral-targets': lateralTargets,
    'service-install-event': '7045',
    'backup-deletion-command': deletion.EventData.CommandLine!,
    'ransomware-binary': encryption.EventData.NewProcessName!,
    'log-cleared-time': logCleared.TimeCreated,
    'intrusion-sequence': order,
  };
};
