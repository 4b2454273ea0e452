import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Ransomware at a regional water utility".
 *
 * From the seed it writes the Security and System event logs of eight Windows hosts of the Valley
 * Water Authority as JSON lines (one event per line, as the responders' export script writes them),
 * and the VPN appliance's session log as CSV, for Friday 11 October 2024 00:00 UTC until the
 * export on Monday 14 October. Only context.random is used: the same seed gives the same bytes.
 *
 * The logs hold, in time order:
 *  - background noise on every host: service logons (type 5) with their 4672, system processes
 *    (scheduled tasks, Windows Update, Defender), service state changes, DCOM warnings, Defender
 *    signature updates; staff working on Friday (network logons to the file servers and the domain
 *    controller, Remote Desktop sessions from the office and through the VPN, a few mistyped
 *    passwords); the nightly "Previous Versions" shadow copies on the file servers (vssadmin create
 *    shadow: a decoy for the deletion); the historian and backup jobs;
 *  - decoys: the compromised account's owner working normally on Friday from home; an IT colleague
 *    clearing the Security log of one host on Friday morning (a benign 1102); the on-call
 *    administrator checking the backup server through the VPN on Saturday afternoon;
 *  - the intrusion (Saturday evening or the night to Sunday): a VPN session with the stolen account
 *    from an unknown internet address; Remote Desktop to the first host after failed attempts with
 *    other accounts from the same VPN address; 4672; reconnaissance commands (which also log the
 *    account on to the domain controller: not lateral movement); copying the ransomware to two to
 *    four servers and running commands there (PsExec-style service 7045, WMI, or Remote Desktop);
 *    shadow copies deleted and recovery disabled; the ransomware started; finally the Security log
 *    of the last server cleared through the PsExec service (1102 by the machine account), which
 *    erases that host's earlier Security events but not its System log;
 *  - the end: the network isolated on Monday at 05:15 UTC and the responders exporting the logs.
 */

const DOMAIN = 'corp.valleywater.example';
const NETBIOS = 'VWA';
const DOMAIN_SID = 'S-1-5-21-3841172019-2290417756-1093346271';
const KERBEROS_REALM = DOMAIN.toUpperCase();

/** Times are seconds (or 100-ns ticks, as Windows stores them) since 2024-10-11T00:00:00Z. */
type Sec = number;
type Ticks = number;
const FIRST_DAY = 11;
const TICKS = 10_000_000;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const at = (day: number, hour: number, minute = 0, second = 0): Sec =>
  (day - FIRST_DAY) * DAY + hour * HOUR + minute * MINUTE + second;
/** The network was isolated on Monday 14 October at 05:15 UTC: no logons from other hosts after that. */
const ISOLATED: Sec = at(14, 5, 15);
const two = (value: number): string => String(value).padStart(2, '0');

function clock(sec: Sec): string {
  const day = FIRST_DAY + Math.floor(sec / DAY);
  const rest = sec % DAY;
  return `2024-10-${two(day)}T${two(Math.floor(rest / HOUR))}:${two(Math.floor((rest % HOUR) / MINUTE))}:${two(rest % MINUTE)}`;
}
/** ISO 8601 in UTC to the second: "2024-10-13T02:14:07Z". */
const isoSecond = (sec: Sec): string => `${clock(sec)}Z`;
/** As the export writes TimeCreated: seven decimals, UTC. */
const isoTicks = (ticks: Ticks): string =>
  `${clock(Math.floor(ticks / TICKS))}.${String(ticks % TICKS).padStart(7, '0')}Z`;
/** As the VPN appliance writes its times: "2024-10-12 21:03:44" (UTC). */
const vpnTime = (sec: Sec): string => clock(sec).replace('T', ' ');

type Role = 'dc' | 'fs' | 'bkp' | 'app' | 'rds' | 'eng' | 'hist';
interface Host {
  name: string;
  ip: string;
  role: Role;
}
const HOSTS: readonly Host[] = [
  { name: 'DC01', ip: '10.20.1.10', role: 'dc' },
  { name: 'FS01', ip: '10.20.1.21', role: 'fs' },
  { name: 'FS02', ip: '10.20.1.22', role: 'fs' },
  { name: 'BKP01', ip: '10.20.1.40', role: 'bkp' },
  { name: 'APP01', ip: '10.20.1.50', role: 'app' },
  { name: 'RDS01', ip: '10.20.2.15', role: 'rds' },
  { name: 'ENG-WS04', ip: '10.30.1.24', role: 'eng' },
  { name: 'HIST01', ip: '10.30.5.15', role: 'hist' },
];
const hostNamed = (name: string): Host => HOSTS.find((host) => host.name === name)!;
const fqdn = (name: string): string => `${name}.${DOMAIN}`;
/** Hosts staff reach with Remote Desktop through the VPN: where an intruder with a VPN account lands. */
const RDP_LANDING = ['RDS01', 'ENG-WS04', 'APP01'] as const;

interface Person {
  user: string;
  rid: number;
  /** Office workstation name and address. */
  pc: string;
  pcIp: string;
  /** Laptop used at home, and the home internet address. */
  laptop: string;
  homeIp: string;
  admin: boolean;
  /** The host the person normally uses Remote Desktop on. */
  usualHost: string;
  vpn: boolean;
}

/** IT and OT staff with administrator rights: the compromised account and the decoy admins come from here. */
const ADMIN_POOL: { user: string; usualHost: string }[] = [
  { user: 'd.falkner', usualHost: 'RDS01' },
  { user: 'm.hartig', usualHost: 'ENG-WS04' },
  { user: 's.novak', usualHost: 'RDS01' },
  { user: 'p.renner', usualHost: 'ENG-WS04' },
  { user: 'j.amankwah', usualHost: 'APP01' },
  { user: 'r.castillo', usualHost: 'RDS01' },
];
const STAFF_NAMES = [
  'a.brennan',
  'b.ostrowski',
  'c.whitfield',
  'e.lindahl',
  'f.mbeki',
  'g.tanaka',
  'h.oyelaran',
  'i.petrova',
  'k.dubois',
  'l.varga',
  'n.quist',
  'o.marchetti',
  'q.nakamura',
  't.abernathy',
  'u.kaplan',
  'v.rossi',
  'w.sandoval',
  'y.holm',
  'z.farouk',
  'a.kowalczyk',
  'b.strand',
  'c.ibarra',
  'e.mwangi',
  'g.larsen',
];
/** Staff who use the billing application on APP01 or the engineering workstation. */
const BILLING_STAFF = new Set(['c.whitfield', 'i.petrova', 'v.rossi', 'b.strand']);
const ENGINEERING_STAFF = new Set(['g.tanaka', 'n.quist', 'e.mwangi']);

/** Account names from the intruder's credential list that fail on the first host. */
const DUMP_ACCOUNTS: { user: string; status: string; subStatus: string; reason: string }[] = [
  { user: 'administrator', status: '0xc000006d', subStatus: '0xc000006a', reason: '%%2313' },
  { user: 'svc_backup', status: '0xc000006d', subStatus: '0xc0000064', reason: '%%2313' },
  { user: 'scada.admin', status: '0xc000006d', subStatus: '0xc0000064', reason: '%%2313' },
  { user: 'vwa.vendor', status: '0xc000006e', subStatus: '0xc0000072', reason: '%%2310' },
  { user: 'helpdesk', status: '0xc000006d', subStatus: '0xc0000064', reason: '%%2313' },
  { user: 't.marsh', status: '0xc000006e', subStatus: '0xc0000072', reason: '%%2310' },
];

const PSEXEC_SERVICE_NAMES = ['PSEXESVC', 'WinUpdSvc', 'MsHealthSvc', 'SysInfoSvc', 'RemComSvc', 'WinTelemetry'];
const RANSOMWARE_NAMES = [
  'tidelock.exe',
  'aqualock.exe',
  'wupdate.exe',
  'svhost32.exe',
  'crypt64.exe',
  'vwa_patch.exe',
  'hydrolock.exe',
];
const RANSOMWARE_FOLDERS = [
  'C:\\PerfLogs',
  'C:\\Users\\Public\\Libraries',
  'C:\\Windows\\Temp\\vmw',
  'C:\\ProgramData\\USOShared\\Logs',
];
/** The intruder's tools on the first host: copied in through the Remote Desktop clipboard. */
const STAGING = 'C:\\Users\\Public\\Music';

/** How the shadow copies are deleted: the CommandLine the process logs, and its executable. */
const SHADOW_DELETIONS = [
  {
    tool: 'vssadmin',
    verb: 'delete shadows',
    command: 'vssadmin.exe delete shadows /all /quiet',
    image: 'C:\\Windows\\System32\\vssadmin.exe',
  },
  {
    tool: 'wmic',
    verb: 'shadowcopy delete',
    command: 'wmic.exe shadowcopy delete /nointeractive',
    image: 'C:\\Windows\\System32\\wbem\\WMIC.exe',
  },
] as const;
const BCDEDIT_RECOVERY = 'bcdedit.exe /set {default} recoveryenabled No';
const BCDEDIT_FAILURES = 'bcdedit.exe /set {default} bootstatuspolicy ignoreallfailures';

const SYSTEM_PRIVILEGES = [
  'SeAssignPrimaryTokenPrivilege',
  'SeTcbPrivilege',
  'SeSecurityPrivilege',
  'SeTakeOwnershipPrivilege',
  'SeLoadDriverPrivilege',
  'SeBackupPrivilege',
  'SeRestorePrivilege',
  'SeDebugPrivilege',
  'SeAuditPrivilege',
  'SeSystemEnvironmentPrivilege',
  'SeImpersonatePrivilege',
  'SeDelegateSessionUserImpersonatePrivilege',
].join('\n\t\t\t');
const ADMIN_PRIVILEGES = [
  'SeSecurityPrivilege',
  'SeBackupPrivilege',
  'SeRestorePrivilege',
  'SeTakeOwnershipPrivilege',
  'SeDebugPrivilege',
  'SeSystemEnvironmentPrivilege',
  'SeLoadDriverPrivilege',
  'SeImpersonatePrivilege',
  'SeDelegateSessionUserImpersonatePrivilege',
].join('\n\t\t\t');
const BACKUP_PRIVILEGES = ['SeBackupPrivilege', 'SeRestorePrivilege'].join('\n\t\t\t');

const DEFENDER = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24080.9-0';
/** Routine processes started by the system on every host: [image, command line, parent]. */
const SYSTEM_PROCESSES: [string, string, string][] = [
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe', 'C:\\Windows\\System32\\svchost.exe'],
  ['C:\\Windows\\System32\\taskhostw.exe', 'taskhostw.exe Install $(Arg0)', 'C:\\Windows\\System32\\svchost.exe'],
  [
    'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
    'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\conhost.exe',
    '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  ['C:\\Windows\\System32\\sppsvc.exe', 'C:\\Windows\\system32\\sppsvc.exe', 'C:\\Windows\\System32\\services.exe'],
  [
    'C:\\Windows\\System32\\CompatTelRunner.exe',
    'C:\\Windows\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\MoUsoCoreWorker.exe',
    'C:\\Windows\\System32\\mousocoreworker.exe -Embedding',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\wuauclt.exe',
    '"C:\\Windows\\system32\\wuauclt.exe" /RunHandlerComServer',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\dllhost.exe',
    'C:\\Windows\\system32\\DllHost.exe /Processid:{3EB3C877-1F16-487C-9050-104DBCD66683}',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\svchost.exe',
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s gpsvc',
    'C:\\Windows\\System32\\services.exe',
  ],
  [
    'C:\\Windows\\System32\\WerFault.exe',
    'C:\\Windows\\system32\\WerFault.exe -u -p 4312 -s 1188',
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    `${DEFENDER}\\MpCmdRun.exe`,
    `"${DEFENDER}\\MpCmdRun.exe" -SignatureUpdate -ScheduleJob -RestrictPrivileges`,
    `${DEFENDER}\\MsMpEng.exe`,
  ],
  [
    `${DEFENDER}\\MpCmdRun.exe`,
    `"${DEFENDER}\\MpCmdRun.exe" -IdleTask -TaskName WdCacheMaintenance`,
    'C:\\Windows\\System32\\svchost.exe',
  ],
  [
    'C:\\Windows\\System32\\backgroundTaskHost.exe',
    '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider',
    'C:\\Windows\\System32\\svchost.exe',
  ],
];
/** Services that start and stop on their own all day: [display name, how often per day]. */
const ROUTINE_SERVICES: [string, number][] = [
  ['Windows Modules Installer', 2],
  ['Windows Update', 3],
  ['Background Intelligent Transfer Service', 2],
  ['WinHTTP Web Proxy Auto-Discovery Service', 3],
  ['Software Protection', 3],
  ['Windows Error Reporting Service', 1],
  ['Device Setup Manager', 1],
  ['Update Orchestrator Service', 2],
  ['Microsoft Store Install Service', 0.5],
  ['Network Setup Service', 0.5],
];
const USER_APPS: [string, string][] = [
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"',
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n',
  ],
  [
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument https://intranet.valleywater.example/',
  ],
  ['C:\\Windows\\System32\\notepad.exe', '"C:\\Windows\\system32\\notepad.exe"'],
];
const ROLE_APPS: Partial<Record<Role, [string, string][]>> = {
  app: [['D:\\Billing\\Client\\BillDesk.exe', '"D:\\Billing\\Client\\BillDesk.exe" /profile:standard']],
  eng: [
    ['C:\\Program Files\\HydroSCADA\\Studio\\HSStudio.exe', '"C:\\Program Files\\HydroSCADA\\Studio\\HSStudio.exe"'],
    [
      'C:\\Program Files\\AquaView Historian\\Client\\AVTrend.exe',
      '"C:\\Program Files\\AquaView Historian\\Client\\AVTrend.exe" /server:HIST01',
    ],
  ],
  bkp: [
    [
      'C:\\Program Files\\Veeam\\Backup and Replication\\Console\\veeam.backup.shell.exe',
      '"C:\\Program Files\\Veeam\\Backup and Replication\\Console\\veeam.backup.shell.exe"',
    ],
  ],
};
/** What an administrator types on an ordinary working day: the same tools as an intruder's reconnaissance. */
const ADMIN_ROUTINE: [string, string][] = [
  ['C:\\Windows\\System32\\ipconfig.exe', 'ipconfig /all'],
  ['C:\\Windows\\System32\\whoami.exe', 'whoami'],
  ['C:\\Windows\\System32\\gpupdate.exe', 'gpupdate /force'],
  ['C:\\Windows\\System32\\nslookup.exe', 'nslookup fs02.corp.valleywater.example'],
  ['C:\\Windows\\System32\\PING.EXE', 'ping -n 2 10.20.1.40'],
  ['C:\\Windows\\System32\\net.exe', 'net use'],
];

interface LogEvent {
  ticks: Ticks;
  order: number;
  channel: 'Security' | 'System';
  id: number;
  provider: string;
  level: 'Information' | 'Warning' | 'Error';
  data: Record<string, string>;
}

interface VpnRow {
  sec: Sec;
  order: number;
  fields: string[];
}

/** A logon session on a host: the id that ties 4624, 4672, 4688 and 4634 together. */
interface Session {
  host: Host;
  user: string;
  domain: string;
  sid: string;
  logonId: string;
  privileged: boolean;
}

const generate: VariantGenerator = ({ random }) => {
  let order = 0;
  const logs = new Map<string, LogEvent[]>(HOSTS.map((host) => [host.name, []]));
  /** Security log clear per host: events before it are gone from that host's Security export. */
  const securityCleared = new Map<string, Ticks>();
  // The responders exported one host every ten minutes from 09:20 UTC (the custody records in lab.yaml give the same times).
  const exportAt = new Map<string, Sec>(HOSTS.map((host, index) => [host.name, at(14, 9, 20) + index * 10 * MINUTE]));
  const vpnRows: VpnRow[] = [];

  const tick = (sec: Sec): Ticks => sec * TICKS + random.int(0, TICKS - 1);
  const hexId = (min: number, max: number): string => `0x${random.int(min, max).toString(16)}`;
  const pid = (): string => `0x${(random.int(0x100, 0x3fff) * 4).toString(16)}`;
  const port = (): string => String(random.int(49_152, 65_535));

  function emit(
    host: Host,
    ticks: Ticks,
    channel: LogEvent['channel'],
    id: number,
    provider: string,
    data: Record<string, string>,
    level: LogEvent['level'] = 'Information',
  ): void {
    logs.get(host.name)!.push({ ticks, order: order++, channel, id, provider, level, data });
  }
  const security = (host: Host, ticks: Ticks, id: number, data: Record<string, string>) =>
    emit(host, ticks, 'Security', id, 'Microsoft-Windows-Security-Auditing', data);
  const scm = (
    host: Host,
    ticks: Ticks,
    id: number,
    data: Record<string, string>,
    level: LogEvent['level'] = 'Information',
  ) => emit(host, ticks, 'System', id, 'Service Control Manager', data, level);

  // --- People.
  const adminPicks = random.shuffle(ADMIN_POOL);
  const publicIps = new Set<string>(['203.0.113.9', '192.0.2.10', '192.0.2.44']);
  const publicAddress = (): string => {
    for (;;) {
      // Home and mobile connections; the VPN pool (198.51.100.128/25) is never a client address.
      const candidate = random.chance(0.5) ? `203.0.113.${random.int(11, 254)}` : `192.0.2.${random.int(11, 254)}`;
      if (!publicIps.has(candidate)) {
        publicIps.add(candidate);
        return candidate;
      }
    }
  };
  let rid = 1104;
  const person = (user: string, index: number, admin: boolean, usualHost: string): Person => ({
    user,
    rid: rid++,
    pc: `VWA-PC${String(index + 10).padStart(3, '0')}`,
    pcIp: `10.20.10.${index + 10}`,
    laptop: `VWA-LT${String(index + 10).padStart(3, '0')}`,
    homeIp: publicAddress(),
    admin,
    usualHost,
    vpn: admin || random.chance(0.55) || BILLING_STAFF.has(user) || ENGINEERING_STAFF.has(user),
  });
  const admins = adminPicks.map((entry, index) => person(entry.user, index, true, entry.usualHost));
  const staff = STAFF_NAMES.map((user, index) =>
    person(
      user,
      index + admins.length,
      false,
      BILLING_STAFF.has(user) ? 'APP01' : ENGINEERING_STAFF.has(user) ? 'ENG-WS04' : 'RDS01',
    ),
  );
  const everyone = [...admins, ...staff];
  const victim = admins[0]!;
  const onCallAdmin = admins[1]!;
  const clearingAdmin = admins[2]!;
  const sidOf = (user: string): string =>
    `${DOMAIN_SID}-${everyone.find((someone) => someone.user === user)?.rid ?? 500}`;
  const svcVeeam = { user: 'svc_veeam', sid: `${DOMAIN_SID}-1401` };
  const svcHistorian = { user: 'svc_histcollect', sid: `${DOMAIN_SID}-1402` };

  // --- Event builders.

  /** A logon (4624, with 4672 when the account is privileged); returns the session. */
  function logon(
    host: Host,
    ticks: Ticks,
    options: {
      user: string;
      domain?: string;
      sid?: string;
      type: 2 | 3 | 5 | 10 | 11;
      ip?: string;
      workstation?: string;
      kerberos?: boolean;
      privileged?: boolean;
    },
  ): Session {
    const { user, type } = options;
    const domain = options.domain ?? NETBIOS;
    const sid = options.sid ?? sidOf(user);
    const logonId = hexId(0x100000, 0x7ffffff);
    const remote = type === 3;
    const interactive = type === 2 || type === 10 || type === 11;
    const kerberos = options.kerberos ?? false;
    security(host, ticks, 4624, {
      SubjectUserSid: remote ? 'S-1-0-0' : 'S-1-5-18',
      SubjectUserName: remote ? '-' : `${host.name}$`,
      SubjectDomainName: remote ? '-' : NETBIOS,
      SubjectLogonId: remote ? '0x0' : '0x3e7',
      TargetUserSid: sid,
      TargetUserName: user,
      TargetDomainName: domain,
      TargetLogonId: type === 5 ? '0x3e7' : logonId,
      LogonType: String(type),
      LogonProcessName: type === 5 ? 'Advapi  ' : interactive ? 'User32 ' : kerberos ? 'Kerberos' : 'NtLmSsp ',
      AuthenticationPackageName: type === 5 || interactive ? 'Negotiate' : kerberos ? 'Kerberos' : 'NTLM',
      WorkstationName: interactive ? host.name : remote && !kerberos ? (options.workstation ?? '-') : '-',
      ProcessName:
        type === 5 ? 'C:\\Windows\\System32\\services.exe' : interactive ? 'C:\\Windows\\System32\\svchost.exe' : '-',
      IpAddress: type === 5 ? '-' : type === 2 ? '127.0.0.1' : (options.ip ?? '-'),
      IpPort: type === 5 ? '-' : type === 2 ? '0' : port(),
      ImpersonationLevel: '%%1833',
      ElevatedToken: options.privileged || type === 5 ? '%%1842' : '%%1843',
    });
    const privileged = options.privileged ?? false;
    if (privileged || type === 5) {
      security(host, ticks + random.int(1, 900), 4672, {
        SubjectUserSid: sid,
        SubjectUserName: user,
        SubjectDomainName: domain,
        SubjectLogonId: type === 5 ? '0x3e7' : logonId,
        PrivilegeList: type === 5 ? SYSTEM_PRIVILEGES : user === svcVeeam.user ? BACKUP_PRIVILEGES : ADMIN_PRIVILEGES,
      });
    }
    return { host, user, domain, sid, logonId: type === 5 ? '0x3e7' : logonId, privileged };
  }

  function logoff(session: Session, ticks: Ticks, type: number): void {
    if (type === 10 || type === 2)
      security(session.host, ticks - random.int(10_000, 2_000_000), 4647, {
        TargetUserSid: session.sid,
        TargetUserName: session.user,
        TargetDomainName: session.domain,
        TargetLogonId: session.logonId,
      });
    security(session.host, ticks, 4634, {
      TargetUserSid: session.sid,
      TargetUserName: session.user,
      TargetDomainName: session.domain,
      TargetLogonId: session.logonId,
      LogonType: String(type),
    });
  }

  function failedLogon(
    host: Host,
    ticks: Ticks,
    options: {
      user: string;
      status: string;
      subStatus: string;
      reason: string;
      type: number;
      ip: string;
      workstation: string;
    },
  ): void {
    security(host, ticks, 4625, {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      SubjectDomainName: '-',
      SubjectLogonId: '0x0',
      TargetUserSid: 'S-1-0-0',
      TargetUserName: options.user,
      TargetDomainName: NETBIOS,
      Status: options.status,
      FailureReason: options.reason,
      SubStatus: options.subStatus,
      LogonType: String(options.type),
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: options.workstation,
      ProcessName: '-',
      IpAddress: options.ip,
      IpPort: port(),
    });
  }

  /** A member of staff mistypes their password once (an NLA failure, so logon type 3) and gets it right seconds later. */
  function mistypedPassword(host: Host, when: Sec, user: string, from: { ip: string; workstation: string }): void {
    const expired = random.chance(0.15);
    failedLogon(host, tick(when), {
      user,
      status: '0xc000006d',
      subStatus: expired ? '0xc0000071' : '0xc000006a',
      reason: expired ? '%%2309' : '%%2313',
      type: 3,
      ip: from.ip,
      workstation: from.workstation,
    });
    security(hostNamed('DC01'), tick(when), 4776, {
      PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
      TargetUserName: user,
      Workstation: from.workstation,
      Status: expired ? '0xc0000071' : '0xc000006a',
    });
  }

  /** A process start (4688); returns its process id so that children can name it as parent. */
  function process(
    host: Host,
    ticks: Ticks,
    subject: { user: string; sid: string; domain: string; logonId: string },
    image: string,
    commandLine: string,
    parent: { image: string; pid: string },
    elevated = true,
  ): string {
    const newPid = pid();
    const system = subject.sid === 'S-1-5-18';
    security(host, ticks, 4688, {
      SubjectUserSid: subject.sid,
      SubjectUserName: subject.user,
      SubjectDomainName: subject.domain,
      SubjectLogonId: subject.logonId,
      NewProcessId: newPid,
      NewProcessName: image,
      TokenElevationType: system ? '%%1936' : elevated ? '%%1937' : '%%1938',
      ProcessId: parent.pid,
      CommandLine: commandLine,
      TargetUserSid: 'S-1-0-0',
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: '0x0',
      ParentProcessName: parent.image,
      MandatoryLabel: system ? 'S-1-16-16384' : elevated ? 'S-1-16-12288' : 'S-1-16-8192',
    });
    return newPid;
  }
  const systemSubject = (host: Host) => ({ user: `${host.name}$`, sid: 'S-1-5-18', domain: NETBIOS, logonId: '0x3e7' });
  const subjectOf = (session: Session) => ({
    user: session.user,
    sid: session.sid,
    domain: session.domain,
    logonId: session.logonId,
  });
  const servicesPid = new Map<string, string>(HOSTS.map((host) => [host.name, pid()]));
  const svchostPid = new Map<string, string>(HOSTS.map((host) => [host.name, pid()]));
  const services = (host: Host) => ({ image: 'C:\\Windows\\System32\\services.exe', pid: servicesPid.get(host.name)! });
  const svchost = (host: Host) => ({ image: 'C:\\Windows\\System32\\svchost.exe', pid: svchostPid.get(host.name)! });

  function serviceState(host: Host, ticks: Ticks, name: string, state: 'running' | 'stopped'): void {
    scm(host, ticks, 7036, { param1: name, param2: state });
  }

  /** The user's desktop coming up after an interactive logon: userinit, explorer, rdpclip. Returns explorer. */
  function desktop(session: Session, ticks: Ticks, rdp: boolean): { image: string; pid: string } {
    const host = session.host;
    const winlogon = { image: 'C:\\Windows\\System32\\winlogon.exe', pid: pid() };
    const userinit = process(
      host,
      ticks + random.int(5_000_000, 20_000_000),
      subjectOf(session),
      'C:\\Windows\\System32\\userinit.exe',
      'C:\\Windows\\system32\\userinit.exe',
      winlogon,
      session.privileged,
    );
    const explorer = process(
      host,
      ticks + random.int(21_000_000, 40_000_000),
      subjectOf(session),
      'C:\\Windows\\explorer.exe',
      'C:\\Windows\\Explorer.EXE',
      { image: 'C:\\Windows\\System32\\userinit.exe', pid: userinit },
      session.privileged,
    );
    if (rdp)
      process(
        host,
        ticks + random.int(41_000_000, 60_000_000),
        subjectOf(session),
        'C:\\Windows\\System32\\rdpclip.exe',
        'rdpclip',
        svchost(host),
        session.privileged,
      );
    return { image: 'C:\\Windows\\explorer.exe', pid: explorer };
  }

  /**
   * A Remote Desktop session: with Network Level Authentication the client first authenticates
   * over the network (a type 3 logon naming the client computer), then the type 10 logon follows.
   */
  function rdpSession(
    host: Host,
    start: Sec,
    length: Sec,
    who: { user: string; privileged: boolean },
    from: { ip: string; workstation: string },
    work: (session: Session, shell: { image: string; pid: string }) => void,
  ): Session {
    if (random.chance(0.12)) mistypedPassword(host, start - random.int(6, 25), who.user, from);
    const nla = logon(host, tick(start), {
      user: who.user,
      type: 3,
      ip: from.ip,
      workstation: from.workstation,
      privileged: who.privileged,
    });
    security(host, tick(start + 1), 4634, {
      TargetUserSid: nla.sid,
      TargetUserName: nla.user,
      TargetDomainName: nla.domain,
      TargetLogonId: nla.logonId,
      LogonType: '3',
    });
    const session = logon(host, tick(start + random.int(2, 4)), {
      user: who.user,
      type: 10,
      ip: from.ip,
      privileged: who.privileged,
    });
    const shell = desktop(session, tick(start + 5), true);
    work(session, shell);
    logoff(session, tick(start + length), 10);
    return session;
  }

  /** A network logon (file share, SMB, LDAP) that ends after a short while. */
  function networkAccess(
    host: Host,
    start: Sec,
    who: { user: string; sid?: string; privileged?: boolean },
    from: { ip: string; workstation?: string },
    kerberos = true,
    length = random.int(2, 600),
  ): void {
    const session = logon(host, tick(start), {
      user: who.user,
      sid: who.sid,
      type: 3,
      ip: from.ip,
      workstation: from.workstation,
      kerberos,
      privileged: who.privileged,
    });
    logoff(session, tick(start + length), 3);
  }

  /** Kerberos service ticket requests on the domain controller: one per network logon elsewhere. */
  function ticketRequest(start: Sec, user: string, service: string, fromIp: string): void {
    const dc = hostNamed('DC01');
    security(dc, tick(start), 4769, {
      TargetUserName: `${user}@${KERBEROS_REALM}`,
      TargetDomainName: KERBEROS_REALM,
      ServiceName: service,
      ServiceSid: `${DOMAIN_SID}-${random.int(1600, 1700)}`,
      TicketOptions: '0x40810000',
      TicketEncryptionType: '0x12',
      IpAddress: `::ffff:${fromIp}`,
      IpPort: port(),
      Status: '0x0',
    });
  }

  // --- Background noise on every host.
  for (const host of HOSTS) {
    const end = exportAt.get(host.name)!;
    const working = (sec: Sec) => (sec >= at(11, 5) && sec < at(11, 15)) || (sec >= at(14, 4) && sec < ISOLATED);
    for (let hour = 0; hour * HOUR < end; hour++) {
      const base = hour * HOUR;
      const inHour = () => base + random.int(0, HOUR - 1);
      for (let count = random.int(0, 2); count > 0; count--)
        logon(host, tick(inHour()), { user: 'SYSTEM', domain: 'NT AUTHORITY', sid: 'S-1-5-18', type: 5 });
      for (let count = random.int(0, 3); count > 0; count--) {
        const [image, commandLine, parent] = random.pick(SYSTEM_PROCESSES);
        process(
          host,
          tick(inHour()),
          systemSubject(host),
          image,
          commandLine,
          parent.endsWith('services.exe')
            ? services(host)
            : { image: parent, pid: parent.endsWith('svchost.exe') ? svchostPid.get(host.name)! : pid() },
        );
      }
      for (const [name, perDay] of ROUTINE_SERVICES) {
        if (!random.chance(perDay / 24)) continue;
        const start = inHour();
        serviceState(host, tick(start), name, 'running');
        serviceState(host, tick(start + random.int(30, 900)), name, 'stopped');
      }
      if (random.chance(0.12))
        emit(
          host,
          tick(inHour()),
          'System',
          10016,
          'Microsoft-Windows-DistributedCOM',
          {
            param1: 'application-specific',
            param2: 'Local',
            param3: 'Activation',
            param4: '{D63B10C5-BB46-4990-A94F-E40B9D520160}',
            param5: '{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}',
            param6: 'NT AUTHORITY',
            param7: 'SYSTEM',
            param8: 'S-1-5-18',
            param9: 'LocalHost (Using LRPC)',
            param10: 'Unavailable',
            param11: 'Unavailable',
          },
          'Warning',
        );
      if (random.chance(0.22)) {
        const version = `1.419.${(hour % 97) + 60}.0`;
        emit(host, tick(inHour()), 'System', 19, 'Microsoft-Windows-WindowsUpdateClient', {
          updateTitle: `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version ${version}) - Current Channel (Broad)`,
          updateGuid: `{${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}}`,
          updateRevisionNumber: '200',
        });
      }
      // Domain members are visited by the domain controller's machine account (group policy, DFS referrals).
      if (host.role !== 'dc' && base < ISOLATED && random.chance(0.35))
        networkAccess(
          host,
          inHour(),
          { user: 'DC01$', sid: `${DOMAIN_SID}-1000` },
          { ip: hostNamed('DC01').ip },
          true,
          random.int(1, 5),
        );
      if (working(base)) {
        // Office hours: staff at their desks reach the file servers and the domain controller.
        if (host.role === 'fs') {
          for (let count = random.int(8, 16); count > 0; count--) {
            const someone = random.pick(everyone);
            const start = inHour();
            networkAccess(host, start, { user: someone.user }, { ip: someone.pcIp });
          }
        }
        if (host.role === 'dc') {
          for (let count = random.int(7, 13); count > 0; count--) {
            const someone = random.pick(everyone);
            const start = inHour();
            const machine = random.chance(0.4);
            networkAccess(
              host,
              start,
              {
                user: machine ? `${someone.pc}$` : someone.user,
                sid: machine ? `${DOMAIN_SID}-${someone.rid + 2000}` : undefined,
              },
              { ip: someone.pcIp },
              true,
              random.int(1, 30),
            );
            ticketRequest(
              start,
              someone.user,
              random.pick(['FS01$', 'FS02$', 'APP01$', 'RDS01$', 'krbtgt', 'HIST01$']),
              someone.pcIp,
            );
          }
        }
        if (host.role === 'app') {
          for (let count = random.int(3, 8); count > 0; count--) {
            const someone = random.pick(staff.filter((member) => BILLING_STAFF.has(member.user)));
            networkAccess(host, inHour(), { user: someone.user }, { ip: someone.pcIp });
          }
        }
      } else if (host.role === 'dc' && base < ISOLATED) {
        for (let count = random.int(2, 6); count > 0; count--) {
          const someone = random.pick(everyone);
          networkAccess(
            host,
            inHour(),
            { user: `${someone.pc}$`, sid: `${DOMAIN_SID}-${someone.rid + 2000}` },
            { ip: someone.pcIp },
            true,
            random.int(1, 10),
          );
        }
      }
      if (host.role === 'hist' && base < ISOLATED) {
        // The SCADA server's collector writes to the historian around the clock.
        for (let count = random.int(1, 3); count > 0; count--)
          networkAccess(
            host,
            inHour(),
            { user: svcHistorian.user, sid: svcHistorian.sid },
            { ip: '10.30.2.10' },
            true,
            random.int(60, 1800),
          );
        if (random.chance(0.5))
          process(
            host,
            tick(inHour()),
            systemSubject(host),
            'C:\\Program Files\\AquaView Historian\\bin\\AVHArchiver.exe',
            '"C:\\Program Files\\AquaView Historian\\bin\\AVHArchiver.exe" -compact -days 1',
            services(host),
          );
      }
      if (host.role === 'bkp' && hour % 24 === 20) {
        // The nightly backup job (22:00 local) reads the file servers and the historian with the backup account.
        const job = base + random.int(0, 300);
        process(
          host,
          tick(job),
          { user: svcVeeam.user, sid: svcVeeam.sid, domain: NETBIOS, logonId: hexId(0x100000, 0x7ffffff) },
          'C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Manager.exe',
          `"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Manager.exe" -JobId ${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)} -Incremental`,
          services(host),
        );
        for (const target of ['FS01', 'FS02', 'HIST01']) {
          if (job >= ISOLATED) continue;
          networkAccess(
            hostNamed(target),
            job + random.int(20, 200),
            { user: svcVeeam.user, sid: svcVeeam.sid, privileged: true },
            { ip: host.ip },
            true,
            random.int(900, 5400),
          );
        }
      }
      if (host.role === 'fs' && (hour % 24 === 5 || hour % 24 === 10)) {
        // Windows' own "Previous Versions" task: vssadmin *creates* a shadow copy twice a day.
        const start = base + random.int(0, 20);
        const taskHost = process(
          host,
          tick(start),
          systemSubject(host),
          'C:\\Windows\\System32\\taskhostw.exe',
          'taskhostw.exe',
          svchost(host),
        );
        process(
          host,
          tick(start + 1),
          systemSubject(host),
          'C:\\Windows\\System32\\vssadmin.exe',
          `C:\\Windows\\system32\\vssadmin.exe Create Shadow /AutoRetry=15 /For=\\\\?\\Volume{${host.name === 'FS01' ? '5d1c2a8e-0b6f-4e0e-9c1e-7f3b2a1d9e40' : 'a8e3f7c2-61d4-4b8a-b0f3-2c9e8d7a6b51'}}\\`,
          { image: 'C:\\Windows\\System32\\taskhostw.exe', pid: taskHost },
        );
        serviceState(host, tick(start + 2), 'Volume Shadow Copy', 'running');
        serviceState(host, tick(start + random.int(200, 400)), 'Volume Shadow Copy', 'stopped');
      }
    }
    // Defender's scan driver is installed as a kernel driver with a random name now and then: a 7045 that is not an intruder.
    for (let count = random.int(1, 3); count > 0; count--) {
      scm(host, tick(random.int(0, end - 1)), 7045, {
        ServiceName: `MpKsl${random.hex(8)}`,
        ImagePath: `\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{${random.hex(8).toUpperCase()}-${random.hex(4).toUpperCase()}-${random.hex(4).toUpperCase()}-${random.hex(4).toUpperCase()}-${random.hex(12).toUpperCase()}}\\MpKslDrv.sys`,
        ServiceType: 'kernel mode driver',
        StartType: 'demand start',
        AccountName: '',
      });
    }
    // The responders log on at the console to export the logs: the last events of every export.
    const exportStart = end - random.int(4, 8) * MINUTE;
    const responder = logon(host, tick(exportStart), {
      user: 'ir.northgate',
      domain: host.name,
      sid: `S-1-5-21-${random.int(1e9, 4e9)}-${random.int(1e9, 4e9)}-${random.int(1e9, 4e9)}-1001`,
      type: 2,
      privileged: true,
    });
    const shell = desktop(responder, tick(exportStart + 2), false);
    process(
      host,
      tick(end - 30),
      subjectOf(responder),
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      'powershell.exe -NoProfile -ExecutionPolicy Bypass -File E:\\collect\\Export-EventJson.ps1 -Since 2024-10-11T00:00:00Z -Out E:\\evidence',
      shell,
    );
  }

  // --- Friday's Windows updates on the file and application servers (maintenance window 20:00 UTC), with reboots.
  for (const name of ['FS01', 'FS02', 'APP01', 'BKP01']) {
    const host = hostNamed(name);
    const start = at(11, 20, random.int(0, 40), random.int(0, 59));
    emit(host, tick(start), 'System', 19, 'Microsoft-Windows-WindowsUpdateClient', {
      updateTitle:
        '2024-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5044281)',
      updateGuid: '{c0e4b6a2-1f3d-4a8e-9b2c-7d5e3f1a0b94}',
      updateRevisionNumber: '1',
    });
    emit(host, tick(start + 60), 'System', 1074, 'User32', {
      param1: `C:\\Windows\\servicing\\TrustedInstaller.exe (${name})`,
      param2: name,
      param3: 'Operating System: Upgrade (Planned)',
      param4: '0x80020003',
      param5: 'restart',
      param6: '',
      param7: 'NT AUTHORITY\\SYSTEM',
    });
    emit(host, tick(start + 75), 'System', 6006, 'EventLog', {});
    emit(host, tick(start + 190), 'System', 6009, 'EventLog', {
      param1: '10.00.',
      param2: '20348',
      param3: 'Multiprocessor Free',
      param4: '0',
    });
    emit(host, tick(start + 190), 'System', 6005, 'EventLog', {});
    for (const service of ['Windows Update', 'Background Intelligent Transfer Service', 'Windows Modules Installer'])
      serviceState(host, tick(start + random.int(200, 400)), service, 'running');
  }

  // --- VPN sessions: staff working from home, each with a pool address given out by the appliance.
  const POOL = Array.from({ length: 121 }, (_, index) => `198.51.100.${130 + index}`);
  const busyUntil = new Map<string, Sec>();
  const freeAddress = (start: Sec, end: Sec, avoid: Set<string>): string => {
    for (;;) {
      const candidate = random.pick(POOL);
      if (!avoid.has(candidate) && (busyUntil.get(candidate) ?? -1) < start) {
        busyUntil.set(candidate, end);
        return candidate;
      }
    }
  };
  interface VpnSession {
    who: Person;
    start: Sec;
    end: Sec;
    poolIp: string;
    publicIp: string;
  }
  const sessionIds = new Set<string>();
  function vpnSession(who: Person, start: Sec, end: Sec, poolIp: string, publicIp: string, reason: string): VpnSession {
    let id = random.hex(8);
    while (sessionIds.has(id)) id = random.hex(8);
    sessionIds.add(id);
    vpnRows.push({
      sec: start,
      order: order++,
      fields: [vpnTime(start), 'session-start', who.user, publicIp, poolIp, id, '', '', '', 'login ok'],
    });
    const duration = end - start;
    vpnRows.push({
      sec: end,
      order: order++,
      fields: [
        vpnTime(end),
        'session-end',
        who.user,
        publicIp,
        poolIp,
        id,
        String(duration),
        String(random.int(2_000, 40_000) * duration),
        String(random.int(200, 6_000) * duration),
        reason,
      ],
    });
    return { who, start, end, poolIp, publicIp };
  }

  /** What a member of staff does through a VPN session: Remote Desktop to their usual host, or file shares directly. */
  function workFromHome(session: VpnSession): void {
    const { who, start, end } = session;
    if (who.usualHost !== 'RDS01' || random.chance(0.75)) {
      const host = hostNamed(who.usualHost);
      const rdpStart = start + random.int(30, 300);
      const rdpEnd = Math.min(end - 20, rdpStart + random.int(20 * MINUTE, 5 * HOUR));
      if (rdpEnd <= rdpStart + 300) return;
      rdpSession(
        host,
        rdpStart,
        rdpEnd - rdpStart,
        { user: who.user, privileged: who.admin },
        { ip: session.poolIp, workstation: who.laptop },
        (rdp, shell) => {
          const apps = [...USER_APPS, ...(ROLE_APPS[host.role] ?? [])];
          for (let count = random.int(1, 4); count > 0; count--) {
            const [image, commandLine] = random.pick(apps);
            process(
              host,
              tick(rdpStart + random.int(20, rdpEnd - rdpStart - 10)),
              subjectOf(rdp),
              image,
              commandLine,
              shell,
              false,
            );
          }
          for (let count = random.int(1, 5); count > 0; count--) {
            const share = hostNamed(random.pick(['FS01', 'FS02']));
            const when = rdpStart + random.int(30, rdpEnd - rdpStart - 10);
            networkAccess(share, when, { user: who.user }, { ip: host.ip });
            ticketRequest(when, who.user, `${share.name}$`, host.ip);
          }
        },
      );
    } else {
      for (let count = random.int(2, 8); count > 0; count--) {
        const share = hostNamed(random.pick(['FS01', 'FS02']));
        networkAccess(
          share,
          start + random.int(60, end - start - 60),
          { user: who.user },
          { ip: session.poolIp, workstation: who.laptop },
          false,
        );
      }
    }
  }

  const vpnUsers = everyone.filter((someone) => someone.vpn && someone !== victim && someone !== onCallAdmin);
  const fridaySessions: VpnSession[] = [];
  for (const who of vpnUsers) {
    if (!random.chance(0.8)) continue;
    const start = at(11, random.int(5, 12), random.int(0, 59), random.int(0, 59));
    const end = Math.min(at(11, 16, random.int(0, 59)), start + random.int(50 * MINUTE, 7 * HOUR));
    const session = vpnSession(
      who,
      start,
      end,
      freeAddress(start, end, new Set()),
      random.chance(0.9) ? who.homeIp : publicAddress(),
      random.pick(['user logout', 'user logout', 'idle timeout']),
    );
    fridaySessions.push(session);
    workFromHome(session);
  }

  // The compromised account's owner works from home on Friday, as usual: the account's legitimate use.
  const victimFriday = (() => {
    const start = at(11, random.int(5, 7), random.int(0, 59), random.int(0, 59));
    const end = start + random.int(6 * HOUR, 8 * HOUR);
    const session = vpnSession(victim, start, end, freeAddress(start, end, new Set()), victim.homeIp, 'user logout');
    const host = hostNamed(victim.usualHost);
    const rdpStart = start + random.int(60, 240);
    rdpSession(
      host,
      rdpStart,
      end - rdpStart - random.int(60, 300),
      { user: victim.user, privileged: true },
      { ip: session.poolIp, workstation: victim.laptop },
      (rdp, shell) => {
        const cmd = process(
          host,
          tick(rdpStart + random.int(600, 1800)),
          subjectOf(rdp),
          'C:\\Windows\\System32\\cmd.exe',
          '"C:\\Windows\\system32\\cmd.exe"',
          shell,
        );
        let when = rdpStart + random.int(1900, 3000);
        for (const [image, commandLine] of random.shuffle(ADMIN_ROUTINE).slice(0, 3)) {
          process(host, tick(when), subjectOf(rdp), image, commandLine, {
            image: 'C:\\Windows\\System32\\cmd.exe',
            pid: cmd,
          });
          when += random.int(20, 200);
        }
        for (let count = random.int(3, 6); count > 0; count--) {
          const share = hostNamed(random.pick(['FS01', 'FS02']));
          const at2 = rdpStart + random.int(300, end - rdpStart - 600);
          networkAccess(share, at2, { user: victim.user, privileged: true }, { ip: host.ip });
          ticketRequest(at2, victim.user, `${share.name}$`, host.ip);
        }
      },
    );
    return session;
  })();

  // A colleague clears the Security log of one host on Friday morning (a log that filled up during an audit-policy test).
  const benignClearHost = hostNamed(
    random.pick(['DC01', 'APP01', 'ENG-WS04', 'RDS01'].filter((name) => name !== victim.usualHost)),
  );
  const benignClearAt = at(11, random.int(7, 9), random.int(0, 59), random.int(0, 59));
  {
    const start = benignClearAt - random.int(5, 15) * MINUTE;
    const session = rdpSession(
      benignClearHost,
      start,
      random.int(25, 50) * MINUTE,
      { user: clearingAdmin.user, privileged: true },
      { ip: clearingAdmin.pcIp, workstation: clearingAdmin.pc },
      (rdp, shell) => {
        process(
          benignClearHost,
          tick(benignClearAt - random.int(60, 200)),
          subjectOf(rdp),
          'C:\\Windows\\System32\\mmc.exe',
          '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\eventvwr.msc" /s',
          shell,
        );
        process(
          benignClearHost,
          tick(benignClearAt + random.int(60, 300)),
          subjectOf(rdp),
          'C:\\Windows\\System32\\auditpol.exe',
          'auditpol /get /category:*',
          shell,
        );
      },
    );
    const clearTicks = tick(benignClearAt);
    emit(benignClearHost, clearTicks, 'Security', 1102, 'Microsoft-Windows-Eventlog', {
      SubjectUserSid: session.sid,
      SubjectUserName: session.user,
      SubjectDomainName: NETBIOS,
      SubjectLogonId: session.logonId,
    });
    securityCleared.set(benignClearHost.name, clearTicks);
  }

  // --- The intrusion.
  const patientZero = hostNamed(random.pick(RDP_LANDING.filter((name) => name !== victim.usualHost)));
  const fileServers = random.shuffle(['FS01', 'FS02']).slice(0, random.int(1, 2));
  const targetNames = random.shuffle(['HIST01', ...fileServers, ...(random.chance(0.45) ? ['BKP01'] : [])]);
  type Method = 'service' | 'wmi' | 'rdp';
  const methods = targetNames.map(
    (_, index): Method =>
      index === targetNames.length - 1 ? 'service' : random.pick<Method>(['service', 'service', 'wmi', 'rdp']),
  );
  const clearedHost = hostNamed(targetNames[targetNames.length - 1]!);
  const serviceName = random.pick(PSEXEC_SERVICE_NAMES);
  const ransomwareName = random.pick(RANSOMWARE_NAMES);
  const ransomwareFolder = random.pick(RANSOMWARE_FOLDERS);
  const ransomwarePath = `${ransomwareFolder}\\${ransomwareName}`;
  const shadow = random.pick(SHADOW_DELETIONS);
  const attackerWorkstation = `DESKTOP-${Array.from({ length: 7 }, () => random.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'])).join('')}`;
  const attackerPublicIp = publicAddress();

  const intrusionStart = at(12, 20, 0) + random.int(0, 5 * HOUR + 30 * MINUTE);
  // The pool address the appliance gives the intruder was given to a member of staff on Friday.
  const earlierHolder = random.pick(fridaySessions);
  const attackerPoolIp = earlierHolder.poolIp;
  const vpnStart = intrusionStart - random.int(40, 150);
  // A credential from the intruder's list that the VPN refuses, seconds before the stolen account works.
  const vpnDumpTry = random.pick(DUMP_ACCOUNTS);
  const vpnFailAt = vpnStart - random.int(20, 70);
  vpnRows.push({
    sec: vpnFailAt,
    order: order++,
    fields: [
      vpnTime(vpnFailAt),
      'auth-fail',
      vpnDumpTry.user,
      attackerPublicIp,
      '',
      '',
      '',
      '',
      '',
      vpnDumpTry.subStatus === '0xc0000064' ? 'user unknown' : 'invalid credentials',
    ],
  });

  // On Saturday, hours before, the intruder had already tried the first host through another member of staff's
  // VPN account (a password from the same list, without administrator rights): Remote Desktop logons with
  // administrator names from the list fail (NLA, so type 3) from the intruder's computer, and they leave. Only
  // the pool address and the moment tie those failures to the VPN session: the appliance gave the same address
  // to a colleague on Friday and gives it to another on Sunday, and others are connected at the same time.
  const dc = hostNamed('DC01');
  /**
   * Failed Remote Desktop logons (NLA, so logon type 3) from the intruder's computer on the first host, one
   * per name from their list (the domain controller checks the names that exist); returns the time after them.
   */
  function intruderFailures(names: typeof DUMP_ACCOUNTS, ip: string, start: Sec): Sec {
    let when = start;
    for (const attempt of names) {
      failedLogon(patientZero, tick(when), { ...attempt, type: 3, ip, workstation: attackerWorkstation });
      if (attempt.subStatus !== '0xc0000064')
        security(dc, tick(when), 4776, {
          PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
          TargetUserName: attempt.user,
          Workstation: attackerWorkstation,
          Status: attempt.subStatus,
        });
      when += random.int(6, 45);
    }
    return when;
  }
  const probeOwner = random.pick(vpnUsers.filter((someone) => !someone.admin && someone !== earlierHolder.who));
  const probeHolders = fridaySessions.filter(
    (session) => session.poolIp !== attackerPoolIp && session.who !== probeOwner,
  );
  const probeStart = at(12, random.int(7, 13), random.int(0, 59), random.int(0, 59));
  const probeFirstTry = probeStart + random.int(60, 240);
  const probeTries = random.shuffle(DUMP_ACCOUNTS).slice(0, random.int(2, 3));
  const probeEnd = probeFirstTry + probeTries.length * 45 + random.int(2, 10) * MINUTE;
  const probeEarlierHolder = probeHolders.length > 0 ? random.pick(probeHolders) : undefined;
  const probePoolIp = probeEarlierHolder?.poolIp ?? freeAddress(probeStart, probeEnd, new Set([attackerPoolIp]));
  busyUntil.set(probePoolIp, probeEnd);
  const probePublicIp = publicAddress();
  const probeSession = vpnSession(probeOwner, probeStart, probeEnd, probePoolIp, probePublicIp, 'user logout');
  intruderFailures(probeTries, probePoolIp, probeFirstTry);
  // A colleague working through the VPN at the same time, with another pool address (from home or a hotspot).
  {
    const who = random.pick(vpnUsers.filter((someone) => someone !== probeOwner));
    const start = probeStart - random.int(10, 90) * MINUTE;
    const end = probeEnd + random.int(10, 120) * MINUTE;
    workFromHome(
      vpnSession(
        who,
        start,
        end,
        freeAddress(start, end, new Set([attackerPoolIp, probePoolIp])),
        random.chance(0.5) ? publicAddress() : who.homeIp,
        'user logout',
      ),
    );
  }
  // The same pool address, given on Sunday to another member of staff.
  const probeLaterHolder = (() => {
    const who = random.pick(
      vpnUsers.filter((someone) => someone !== probeOwner && someone !== probeEarlierHolder?.who),
    );
    const start = at(13, random.int(8, 15), random.int(0, 59), random.int(0, 59));
    const session = vpnSession(
      who,
      start,
      start + random.int(40, 180) * MINUTE,
      probePoolIp,
      who.homeIp,
      'user logout',
    );
    busyUntil.set(probePoolIp, session.end);
    workFromHome(session);
    return session;
  })();

  // Failed Remote Desktop attempts (NLA, so logon type 3) with other accounts from the list, then the stolen one.
  const tries = random.shuffle(DUMP_ACCOUNTS).slice(0, random.int(2, 4));
  let time = intruderFailures(tries, attackerPoolIp, intrusionStart);
  if (random.chance(0.5)) {
    failedLogon(patientZero, tick(time), {
      user: victim.user,
      status: '0xc000006d',
      subStatus: '0xc000006a',
      reason: '%%2313',
      type: 3,
      ip: attackerPoolIp,
      workstation: attackerWorkstation,
    });
    security(dc, tick(time), 4776, {
      PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
      TargetUserName: victim.user,
      Workstation: attackerWorkstation,
      Status: '0xc000006a',
    });
    time += random.int(8, 30);
  }
  const firstLogon = time + random.int(10, 60);
  security(dc, tick(firstLogon), 4776, {
    PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
    TargetUserName: victim.user,
    Workstation: attackerWorkstation,
    Status: '0x0',
  });
  const nla = logon(patientZero, tick(firstLogon), {
    user: victim.user,
    type: 3,
    ip: attackerPoolIp,
    workstation: attackerWorkstation,
    privileged: true,
  });
  security(patientZero, tick(firstLogon + 1), 4634, {
    TargetUserSid: nla.sid,
    TargetUserName: nla.user,
    TargetDomainName: nla.domain,
    TargetLogonId: nla.logonId,
    LogonType: '3',
  });
  const rdpLogon = firstLogon + random.int(2, 4);
  const intruder = logon(patientZero, rdpLogon * TICKS + random.int(0, TICKS / 2), {
    user: victim.user,
    type: 10,
    ip: attackerPoolIp,
    privileged: true,
  });
  const intruderShell = desktop(intruder, tick(rdpLogon + 1), true);

  const asIntruder = subjectOf(intruder);
  const cmdImage = 'C:\\Windows\\System32\\cmd.exe';
  const intruderCmd = process(
    patientZero,
    tick(rdpLogon + random.int(90, 400)),
    asIntruder,
    cmdImage,
    '"C:\\Windows\\system32\\cmd.exe"',
    intruderShell,
  );
  const cmdParent = { image: cmdImage, pid: intruderCmd };
  time = rdpLogon + random.int(420, 900);
  const reconStart = time;
  const recon: [string, string, (when: Sec) => void][] = [
    ['C:\\Windows\\System32\\whoami.exe', 'whoami /all', () => undefined],
    [
      'C:\\Windows\\System32\\net.exe',
      'net group "domain admins" /domain',
      (when) => {
        networkAccess(
          dc,
          when,
          { user: victim.user, privileged: true },
          { ip: patientZero.ip },
          true,
          random.int(1, 3),
        );
      },
    ],
    [
      'C:\\Windows\\System32\\nltest.exe',
      `nltest /dclist:${DOMAIN}`,
      (when) => {
        networkAccess(
          dc,
          when,
          { user: victim.user, privileged: true },
          { ip: patientZero.ip },
          true,
          random.int(1, 3),
        );
      },
    ],
    ['C:\\Windows\\System32\\ipconfig.exe', 'ipconfig /all', () => undefined],
  ];
  const extras: [string, string, (when: Sec) => void][] = random
    .shuffle([
      ['C:\\Windows\\System32\\quser.exe', 'quser', () => undefined],
      ['C:\\Windows\\System32\\systeminfo.exe', 'systeminfo', () => undefined],
      ['C:\\Windows\\System32\\net.exe', 'net localgroup administrators', () => undefined],
      ['C:\\Windows\\System32\\ARP.EXE', 'arp -a', () => undefined],
    ] satisfies [string, string, (when: Sec) => void][])
    .slice(0, random.int(1, 2));
  const reconCommands = [recon[0]!, ...random.shuffle([recon[1]!, recon[2]!, recon[3]!, ...extras])];
  for (const [image, commandLine, sideEffect] of reconCommands) {
    const child = process(patientZero, tick(time), asIntruder, image, commandLine, cmdParent);
    if (image.endsWith('net.exe'))
      process(
        patientZero,
        tick(time),
        asIntruder,
        'C:\\Windows\\System32\\net1.exe',
        `C:\\Windows\\system32\\net1 ${commandLine.slice(4)}`,
        { image, pid: child },
      );
    sideEffect(time);
    time += random.int(15, 150);
  }

  /** Runs a command on a target the way the intruder reached it; returns the parent of what the command starts. */
  const psexec = `${STAGING}\\PsExec64.exe`;
  const serviceFlag = serviceName === 'PSEXESVC' ? '' : ` -r ${serviceName}`;
  const serviceImage = `C:\\Windows\\${serviceName}.exe`;
  const rdpSessions = new Map<string, { session: Session; shell: { image: string; pid: string } }>();
  function remoteCommand(
    target: Host,
    method: Method,
    when: Sec,
    command: string,
    wait = false,
  ): { subject: ReturnType<typeof subjectOf>; parent: { image: string; pid: string }; at: Sec } {
    if (method === 'service') {
      process(
        patientZero,
        tick(when),
        asIntruder,
        psexec,
        `${psexec} \\\\${target.name} -accepteula -s${wait ? '' : ' -d'}${serviceFlag} cmd.exe /c "${command}"`,
        cmdParent,
      );
      const session = logon(target, tick(when + 1), {
        user: victim.user,
        type: 3,
        ip: patientZero.ip,
        kerberos: true,
        privileged: true,
      });
      scm(target, tick(when + 2), 7045, {
        ServiceName: serviceName,
        ImagePath: `%SystemRoot%\\${serviceName}.exe`,
        ServiceType: 'user mode service',
        StartType: 'demand start',
        AccountName: 'LocalSystem',
      });
      serviceState(target, tick(when + 2), serviceName, 'running');
      const servicePid = process(
        target,
        tick(when + 3),
        systemSubject(target),
        serviceImage,
        serviceImage,
        services(target),
      );
      const shell = process(target, tick(when + 4), systemSubject(target), cmdImage, `cmd.exe /c "${command}"`, {
        image: serviceImage,
        pid: servicePid,
      });
      serviceState(target, tick(when + random.int(40, 90)), serviceName, 'stopped');
      logoff(session, tick(when + random.int(40, 90)), 3);
      return { subject: systemSubject(target), parent: { image: cmdImage, pid: shell }, at: when + 5 };
    }
    if (method === 'wmi') {
      process(
        patientZero,
        tick(when),
        asIntruder,
        'C:\\Windows\\System32\\wbem\\WMIC.exe',
        `wmic /node:${target.name} process call create "cmd.exe /c ${command}"`,
        cmdParent,
      );
      const session = logon(target, tick(when + 1), {
        user: victim.user,
        type: 3,
        ip: patientZero.ip,
        kerberos: true,
        privileged: true,
      });
      const wmiPid = process(
        target,
        tick(when + 1),
        systemSubject(target),
        'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
        'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
        svchost(target),
      );
      const shell = process(target, tick(when + 2), subjectOf(session), cmdImage, `cmd.exe /c ${command}`, {
        image: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
        pid: wmiPid,
      });
      logoff(session, tick(when + random.int(30, 80)), 3);
      return { subject: subjectOf(session), parent: { image: cmdImage, pid: shell }, at: when + 3 };
    }
    // Remote Desktop from the first host: the intruder types the command into a console on the target.
    const { session, shell: explorer } = rdpSessions.get(target.name)!;
    const shell = process(
      target,
      tick(when),
      subjectOf(session),
      cmdImage,
      '"C:\\Windows\\system32\\cmd.exe"',
      explorer,
    );
    return { subject: subjectOf(session), parent: { image: cmdImage, pid: shell }, at: when + random.int(10, 40) };
  }

  // Lateral movement: copy the ransomware to each target's disk, then check that commands run there.
  time += random.int(15, 45) * MINUTE;
  const lateralStart = time;
  const targets = targetNames.map(hostNamed);
  const rdpTargetEnds: [Host, Session, Sec][] = [];
  targets.forEach((target, index) => {
    const method = methods[index]!;
    const destination = `\\\\${target.name}\\C$${ransomwareFolder.slice(2)}`;
    process(
      patientZero,
      tick(time),
      asIntruder,
      'C:\\Windows\\System32\\Robocopy.exe',
      `robocopy ${STAGING} ${destination} ${ransomwareName}`,
      cmdParent,
    );
    networkAccess(
      target,
      time,
      { user: victim.user, privileged: true },
      { ip: patientZero.ip },
      true,
      random.int(2, 8),
    );
    ticketRequest(time, victim.user, `${target.name}$`, patientZero.ip);
    time += random.int(30, 120);
    if (method === 'rdp') {
      process(
        patientZero,
        tick(time),
        asIntruder,
        'C:\\Windows\\System32\\mstsc.exe',
        `mstsc.exe /v:${target.name}`,
        cmdParent,
      );
      const nlaOnTarget = logon(target, tick(time + 3), {
        user: victim.user,
        type: 3,
        ip: patientZero.ip,
        kerberos: true,
        privileged: true,
      });
      security(target, tick(time + 4), 4634, {
        TargetUserSid: nlaOnTarget.sid,
        TargetUserName: nlaOnTarget.user,
        TargetDomainName: nlaOnTarget.domain,
        TargetLogonId: nlaOnTarget.logonId,
        LogonType: '3',
      });
      const session = logon(target, tick(time + 6), {
        user: victim.user,
        type: 10,
        ip: patientZero.ip,
        privileged: true,
      });
      rdpSessions.set(target.name, { session, shell: desktop(session, tick(time + 7), true) });
      rdpTargetEnds.push([target, session, 0]);
      const check = remoteCommand(target, 'rdp', time + random.int(60, 180), 'hostname');
      process(target, tick(check.at), check.subject, 'C:\\Windows\\System32\\HOSTNAME.EXE', 'hostname', check.parent);
    } else {
      const check = remoteCommand(target, method, time, 'hostname', true);
      process(target, tick(check.at), check.subject, 'C:\\Windows\\System32\\HOSTNAME.EXE', 'hostname', check.parent);
    }
    time += random.int(2, 9) * MINUTE;
  });

  // Impact: on each target delete the shadow copies, disable recovery and start the ransomware.
  time += random.int(40, 140) * MINUTE;
  let deletionStart = 0;
  let encryptionStart = 0;
  const payload = `${shadow.command} & ${BCDEDIT_RECOVERY} & ${BCDEDIT_FAILURES} & ${ransomwarePath} -path D:\\ -nolog`;
  targets.forEach((target, index) => {
    const method = methods[index]!;
    const run = remoteCommand(target, method, time, payload);
    let when = run.at;
    if (deletionStart === 0) deletionStart = when;
    process(target, tick(when), run.subject, shadow.image, shadow.command, run.parent);
    when += random.int(2, 9);
    process(target, tick(when), run.subject, 'C:\\Windows\\System32\\bcdedit.exe', BCDEDIT_RECOVERY, run.parent);
    when += 1;
    process(target, tick(when), run.subject, 'C:\\Windows\\System32\\bcdedit.exe', BCDEDIT_FAILURES, run.parent);
    when += random.int(1, 3);
    process(target, tick(when), run.subject, ransomwarePath, `${ransomwarePath} -path D:\\ -nolog`, run.parent);
    if (encryptionStart === 0) encryptionStart = when;
    if (target.role === 'hist')
      scm(
        target,
        tick(when + random.int(300, 900)),
        7034,
        { param1: 'AquaView Historian Collector', param2: '1' },
        'Error',
      );
    const rdp = rdpTargetEnds.find(([host]) => host === target);
    if (rdp) rdp[2] = when + random.int(60, 300);
    time = when + random.int(60, 240);
  });
  for (const [, session, end] of rdpTargetEnds) logoff(session, tick(end), 10);

  // Covering tracks: the Security log of the last target is cleared through the PsExec service (so by SYSTEM).
  time += random.int(3, 12) * MINUTE;
  const clear = remoteCommand(clearedHost, 'service', time, 'wevtutil.exe cl Security');
  process(
    clearedHost,
    tick(clear.at),
    clear.subject,
    'C:\\Windows\\System32\\wevtutil.exe',
    'wevtutil.exe cl Security',
    clear.parent,
  );
  const logClearedAt = clear.at + 1;
  const clearTicks = tick(logClearedAt);
  emit(clearedHost, clearTicks, 'Security', 1102, 'Microsoft-Windows-Eventlog', {
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: `${clearedHost.name}$`,
    SubjectDomainName: NETBIOS,
    SubjectLogonId: '0x3e7',
  });
  securityCleared.set(clearedHost.name, clearTicks);

  // The intruder signs off the first host and the VPN.
  const intrusionEnd = logClearedAt + random.int(4, 20) * MINUTE;
  logoff(intruder, tick(intrusionEnd), 10);
  const attackerVpn = vpnSession(
    victim,
    vpnStart,
    intrusionEnd + random.int(30, 180),
    attackerPoolIp,
    attackerPublicIp,
    'user logout',
  );
  busyUntil.set(attackerPoolIp, attackerVpn.end);

  // The on-call administrator's scheduled weekend check of the backups (Saturday afternoon), through the VPN.
  const onCallStart = at(12, random.int(12, 16), random.int(0, 59), random.int(0, 59));
  const onCallEnd = onCallStart + random.int(40, 90) * MINUTE;
  const onCallSession = vpnSession(
    onCallAdmin,
    onCallStart,
    onCallEnd,
    freeAddress(onCallStart, onCallEnd, new Set([attackerPoolIp, probePoolIp])),
    onCallAdmin.homeIp,
    'user logout',
  );
  const rds = hostNamed('RDS01');
  rdpSession(
    rds,
    onCallStart + 60,
    onCallEnd - onCallStart - 120,
    { user: onCallAdmin.user, privileged: true },
    { ip: onCallSession.poolIp, workstation: onCallAdmin.laptop },
    (session, shell) => {
      const hop = onCallStart + random.int(180, 400);
      process(
        rds,
        tick(hop),
        subjectOf(session),
        'C:\\Windows\\System32\\mstsc.exe',
        '"C:\\Windows\\system32\\mstsc.exe" /v:BKP01',
        shell,
      );
      const backup = hostNamed('BKP01');
      rdpSession(
        backup,
        hop + 3,
        random.int(15, 30) * MINUTE,
        { user: onCallAdmin.user, privileged: true },
        { ip: rds.ip, workstation: 'RDS01' },
        (inner, innerShell) => {
          const [image, commandLine] = ROLE_APPS.bkp![0]!;
          process(backup, tick(hop + random.int(60, 120)), subjectOf(inner), image, commandLine, innerShell);
        },
      );
    },
  );

  // A few more people work over the weekend and on Monday morning (an engineer checks the plant; early starters).
  const weekendPeople = random.shuffle(vpnUsers).slice(0, random.int(3, 6));
  for (const who of weekendPeople) {
    const day = random.pick([12, 13, 14]);
    const start =
      day === 14
        ? at(14, random.int(3, 4), random.int(0, 59))
        : at(day, random.int(7, 18), random.int(0, 59), random.int(0, 59));
    const end = Math.min(ISOLATED, start + random.int(30 * MINUTE, 3 * HOUR));
    if (start > attackerVpn.start - 4 * HOUR && start < attackerVpn.end) continue;
    const session = vpnSession(
      who,
      start,
      end,
      freeAddress(start, end, new Set([attackerPoolIp, probePoolIp])),
      // At the weekend some connect from a phone's hotspot rather than from home.
      random.chance(0.3) ? publicAddress() : who.homeIp,
      end === ISOLATED ? 'admin disconnect' : 'user logout',
    );
    workFromHome(session);
  }

  // --- Write the files.
  const files: Record<string, string> = {};
  for (const host of HOSTS) {
    const end = exportAt.get(host.name)! * TICKS + TICKS - 1;
    const cleared = securityCleared.get(host.name);
    const events = logs
      .get(host.name)!
      .filter((event) => event.ticks <= end)
      .sort((a, b) => a.ticks - b.ticks || a.order - b.order);
    let securityRecord = random.int(1_200_000, 9_800_000);
    let systemRecord = random.int(20_000, 190_000);
    const lines: string[] = [];
    const computer = JSON.stringify(fqdn(host.name));
    for (const event of events) {
      // Record numbers keep counting through a clear; the records before it are simply gone.
      const record = event.channel === 'Security' ? securityRecord++ : systemRecord++;
      if (event.channel === 'Security' && cleared !== undefined && event.ticks < cleared) continue;
      // The same key order and escaping as JSON.stringify of the whole object; the fixed parts are written once.
      lines.push(
        `{"TimeCreated":"${isoTicks(event.ticks)}","EventID":${event.id},"EventRecordID":${record},"Level":"${event.level}","Channel":"${event.channel}","ProviderName":"${event.provider}","Computer":${computer},"EventData":${JSON.stringify(event.data)}}`,
      );
    }
    files[`evidence/${host.name}.jsonl`] = `${lines.join('\n')}\n`;
  }
  const header = 'time_utc,event,user,client_ip,assigned_ip,session_id,duration_s,bytes_in,bytes_out,detail';
  const rows = vpnRows.filter((row) => row.sec <= ISOLATED + 60).sort((a, b) => a.sec - b.sec || a.order - b.order);
  files['evidence/vpn-sessions.csv'] = `${[header, ...rows.map((row) => row.fields.join(','))].join('\n')}\n`;

  const lateralTargets = [...targetNames].sort();
  const otherShadow = SHADOW_DELETIONS.find((candidate) => candidate !== shadow)!;
  const localOffset = 2 * HOUR;

  return {
    files,
    values: {
      patient_zero: patientZero.name,
      patient_zero_names: [patientZero.name, fqdn(patientZero.name)],
      patient_zero_fqdn: fqdn(patientZero.name),
      patient_zero_ip: patientZero.ip,
      patient_zero_table: `${patientZero.name.toLowerCase().replace('-', '_')}_events`,
      victim_usual_host: victim.usualHost,
      first_target: targetNames[0]!,
      compromised_account: victim.user,
      compromised_account_forms: [victim.user, `${NETBIOS}\\${victim.user}`, `${victim.user}@${DOMAIN}`],
      compromised_account_netbios: `${NETBIOS}\\${victim.user}`,
      on_call_admin: onCallAdmin.user,
      clearing_admin: clearingAdmin.user,
      failed_accounts: tries.map((attempt) => attempt.user),
      failed_account: tries[0]!.user,
      attacker_workstation: attackerWorkstation,
      rdp_source_ip: attackerPoolIp,
      vpn_client_ip: attackerPublicIp,
      victim_home_ip: victim.homeIp,
      victim_friday_pool_ip: victimFriday.poolIp,
      earlier_pool_user: earlierHolder.who.user,
      earlier_pool_user_ip: earlierHolder.publicIp,
      on_call_pool_ip: onCallSession.poolIp,
      probe_account: probeOwner.user,
      probe_account_forms: [probeOwner.user, `${NETBIOS}\\${probeOwner.user}`, `${probeOwner.user}@${DOMAIN}`],
      probe_at: isoSecond(probeFirstTry),
      probe_pool_ip: probePoolIp,
      probe_client_ip: probeSession.publicIp,
      probe_pool_earlier_user: probeEarlierHolder?.who.user ?? probeLaterHolder.who.user,
      probe_pool_later_user: probeLaterHolder.who.user,
      probe_tried_account: probeTries[0]!.user,
      first_logon_at: isoSecond(rdpLogon),
      lateral_targets: lateralTargets,
      lateral_targets_fqdn: lateralTargets.map(fqdn),
      lateral_with_decoy: [...lateralTargets, 'DC01'],
      lateral_with_patient_zero: [...lateralTargets, patientZero.name],
      lateral_missing_cleared: lateralTargets.filter((name) => name !== clearedHost.name),
      lateral_methods_text: targetNames
        .map(
          (name, index) =>
            `${name} (${methods[index] === 'service' ? 'service install' : methods[index] === 'wmi' ? 'WMI' : 'Remote Desktop'})`,
        )
        .join(', '),
      cleared_host: clearedHost.name,
      service_name: serviceName,
      service_image_path: serviceImage,
      shadow_tool: shadow.tool,
      shadow_verb: shadow.verb,
      shadow_command: shadow.command,
      shadow_command_full_path: `${shadow.image} ${shadow.command.slice(shadow.command.indexOf(' ') + 1)}`,
      shadow_command_without_exe: shadow.command.replace('.exe', ''),
      other_shadow_command: otherShadow.command,
      bcdedit_command: BCDEDIT_RECOVERY,
      payload_command: `cmd.exe /c "${payload}"`,
      ransomware_path: ransomwarePath,
      ransomware_name: ransomwareName,
      ransomware_staging_path: `${STAGING}\\${ransomwareName}`,
      log_cleared_at: isoSecond(logClearedAt),
      log_cleared_at_local: `${clock(logClearedAt + localOffset)}+02:00`,
      log_cleared_as_local: `${clock(logClearedAt)}+02:00`,
      log_cleared_ticks: isoTicks(clearTicks),
      benign_clear_at: isoSecond(benignClearAt),
      benign_clear_host: benignClearHost.name,
      recon_start: isoSecond(reconStart),
      lateral_start: isoSecond(lateralStart),
      deletion_start: isoSecond(deletionStart),
      encryption_start: isoSecond(encryptionStart),
    },
  };
};

export default generate;
