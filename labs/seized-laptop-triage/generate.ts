import type { SeededRandom } from '../../server/labs/random.ts';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Triage of a seized laptop".
 *
 * From the seed it writes what the examiner exported from the image of KTS-NB-0412, the Windows 11
 * laptop of a design engineer of Kestrel Turbine Systems who left for a competitor:
 *  - evidence/file-listing.csv: every file of the C: volume with its $STANDARD_INFORMATION and
 *    $FILE_NAME times (UTC, 100-ns precision) and SHA-256, about 4,000 rows;
 *  - evidence/browser-history.csv: the Chrome History database as url, title, visit_time (UTC),
 *    visit_count, transition, one row per visit, about 3,000 rows;
 *  - evidence/recent-items.csv: the user's Recent shortcuts (LNK) and jump lists, merged;
 *  - evidence/usb-registry.txt: RegRipper output (usbstor, port_dev, mountdev2) of SYSTEM and SOFTWARE;
 *  - evidence/partition-diagnostic.csv: event 1006 of Microsoft-Windows-Partition/Diagnostic, the
 *    disk arrivals (capacity > 0) and removals (capacity 0) of every disk;
 *  - evidence/nrhs-reference.csv: the national reference hash set extract (upper-case SHA-256 with
 *    the category known-good or known-contraband).
 *
 * The signal, and the decoys that teach:
 *  - a new USB stick connected once, late one afternoon or evening after the resignation; within
 *    minutes design files and one or two commercial files are written to E:\<folder>, then opened
 *    from the stick, which leaves shortcuts and jump-list entries whose target creation times fall
 *    inside the connection. A CV already on that stick (created before the stick ever met the
 *    laptop) is opened too. The company-issued encrypted stick carried drawings to a supplier in May
 *    (legitimate, also on E:); a photo stick is the last device mounted as E:, so MountedDevices
 *    names it, not the stick used;
 *  - one design file created in June whose $STANDARD_INFORMATION times were set back to 2019-2023
 *    with whole seconds, inside a folder of files that IT's profile migration restored with their
 *    original creation times (their $SI created is earlier than $FN created too, legitimately);
 *  - files whose hashes are on the known-contraband list (hash only: the lab never describes content),
 *    duplicated in the Recycle Bin or another folder, among look-alike names that do not match;
 *  - the competitor's website first reached through a search-engine or job-board redirect whose URL
 *    already contains the domain one or two seconds earlier, after a news article naming the firm;
 *  - an upload page of a file-sharing service, before or after the stick session;
 *  - namesakes on C: of some of the files copied (an older revision in Outlook's attachment cache, a
 *    superseded copy in an "old" folder), with other sizes and times: only the name, the size and the
 *    modified time together tie a copy on the stick to its original and so to its SHA-256.
 * Only context.random is used; the same seed always gives byte-identical files.
 */

const USER = 'trehn';
const HOME = `C:\\Users\\${USER}`;
const RECENT = `${HOME}\\AppData\\Roaming\\Microsoft\\Windows\\Recent`;
const JUMP_LISTS = `${RECENT}\\AutomaticDestinations`;
const USER_SID = 'S-1-5-21-3623811015-3361044348-30300820-1013';
const RECYCLE = `C:\\$Recycle.Bin\\${USER_SID}`;
const COMPUTER = 'KTS-NB-0412.corp.kestrel-turbines.example';
const DAY = 86_400;

/** Seconds since the Unix epoch of a moment in 2024 (UTC). */
const utc = (month: number, day: number, hour = 0, minute = 0, second = 0): number =>
  Date.UTC(2024, month - 1, day, hour, minute, second) / 1000;
const utcYear = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number =>
  Date.UTC(year, month - 1, day, hour, minute, second) / 1000;

/** Windows installed by IT's image on the new laptop, and the user's profile migrated from the old one the next morning. */
const WINDOWS_INSTALLED = utc(3, 4, 12, 5, 11);
const MIGRATION_START = utc(3, 5, 8, 41, 7);
/** The laptop is handed back on Friday 28 June and shut down that afternoon. */
const LAST_USE = utc(6, 28, 13, 52, 40);

/** A file system time: whole seconds and 100-ns ticks, as NTFS stores it. */
interface Moment {
  s: number;
  f: number;
  /** The formatted time, kept once written: the same moment often stands in several columns. */
  text?: string;
}
/** Created, modified, accessed, MFT record changed. */
type Times = [Moment, Moment, Moment, Moment];

interface FileRow {
  path: string;
  size: number;
  si: Times;
  fn: Times;
  sha: string;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const two = (value: number): string => TWO_DIGITS[value] ?? String(value).padStart(2, '0');
const dayTexts = new Map<number, string>();
/** "2024-06-21 17:42:03" (UTC). Dates are cached per day: the listing writes tens of thousands of them. */
const secondsText = (seconds: number): string => {
  const day = Math.floor(seconds / DAY);
  let date = dayTexts.get(day);
  if (date === undefined) {
    date = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    dayTexts.set(day, date);
  }
  const rest = seconds - day * DAY;
  return `${date} ${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
};
/** "2024-06-21 17:42:03.5523410": NTFS times as MFT parsers print them. */
const mftText = (moment: Moment): string =>
  (moment.text ??= `${secondsText(moment.s)}.${String(moment.f).padStart(7, '0')}`);
/** "2024-06-21T17:42:03Z". */
const isoZ = (seconds: number): string => `${secondsText(seconds).replace(' ', 'T')}Z`;
/** The laptop's local time (Europe/Berlin, UTC+02:00 from 31 March) with its offset. */
const isoLocal = (seconds: number): string => {
  const summer = seconds >= utc(3, 31, 1);
  return `${secondsText(seconds + (summer ? 7200 : 3600)).replace(' ', 'T')}${summer ? '+02:00' : '+01:00'}`;
};
/** 0 for Sunday to 6 for Saturday; 1 January 1970 was a Thursday. */
const weekday = (seconds: number): number => (Math.floor(seconds / DAY) + 4) % 7;
const isWeekend = (seconds: number): boolean => weekday(seconds) === 0 || weekday(seconds) === 6;
const baseName = (path: string): string => path.slice(path.lastIndexOf('\\') + 1);
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('\\'));

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvField = (value: string | number): string => {
  if (typeof value === 'number') return String(value);
  return value.includes(',') || value.includes('"') || value.includes('\n') ? `"${value.replace(/"/gu, '""')}"` : value;
};
const csvLine = (fields: (string | number)[]): string => fields.map(csvField).join(',');

// ---------------------------------------------------------------------------------------------
// Names

const SYSTEM_DLLS = [
  'kernel32',
  'KernelBase',
  'ntdll',
  'user32',
  'gdi32',
  'gdi32full',
  'advapi32',
  'shell32',
  'ole32',
  'oleaut32',
  'combase',
  'rpcrt4',
  'sechost',
  'msvcrt',
  'ucrtbase',
  'ws2_32',
  'crypt32',
  'bcrypt',
  'bcryptprimitives',
  'ncrypt',
  'wininet',
  'winhttp',
  'urlmon',
  'iertutil',
  'shlwapi',
  'setupapi',
  'cfgmgr32',
  'devobj',
  'powrprof',
  'wintrust',
  'imagehlp',
  'dbghelp',
  'version',
  'winmm',
  'dwmapi',
  'uxtheme',
  'comctl32',
  'comdlg32',
  'propsys',
  'windows.storage',
  'SHCore',
  'profapi',
  'userenv',
  'netapi32',
  'dnsapi',
  'IPHLPAPI',
  'nsi',
  'mswsock',
  'secur32',
  'sspicli',
  'samcli',
  'wkscli',
  'srvcli',
  'cryptbase',
  'cryptsp',
  'rsaenh',
  'msasn1',
  'wldap32',
  'msv1_0',
  'kerberos',
  'schannel',
  'lsasrv',
  'samsrv',
  'wevtapi',
  'wevtsvc',
  'taskschd',
  'schedsvc',
  'wbemcomn',
  'fastprox',
  'wmiutils',
  'dxgi',
  'd3d11',
  'd3d12',
  'd2d1',
  'DWrite',
  'mfplat',
  'mf',
  'mfreadwrite',
  'AudioSes',
  'MMDevAPI',
  'wlanapi',
  'bthprops',
  'hid',
  'msi',
  'clbcatq',
  'ntmarta',
  'edputil',
  'twinapi',
  'Windows.UI',
  'wuaueng',
  'usoapi',
  'msctf',
  'imm32',
  'TextInputFramework',
  'CoreMessaging',
  'CoreUIComponents',
  'InputHost',
  'winsta',
  'wtsapi32',
  'sppc',
  'slc',
  'cldapi',
  'FirewallAPI',
  'fwpuclnt',
  'dhcpcsvc',
  'dhcpcsvc6',
  'rasapi32',
  'rasman',
  'tapi32',
  'WindowsCodecs',
  'WindowsCodecsExt',
  'photometadatahandler',
  'thumbcache',
  'ExplorerFrame',
  'StructuredQuery',
  'Windows.Storage.Search',
  'actxprxy',
  'apphelp',
  'AppXDeploymentClient',
  'StateRepository.Core',
  'biwinrt',
  'cscapi',
  'davclnt',
  'dsreg',
  'dui70',
  'duser',
  'gpapi',
  'hnetcfg',
  'ieframe',
  'linkinfo',
  'mpr',
  'msimg32',
  'mskeyprotect',
  'ntshrui',
  'oleacc',
  'pcacli',
  'samlib',
  'sfc_os',
  'shdocvw',
  'srpapi',
  'tokenbinding',
  'vaultcli',
  'webio',
  'wer',
  'winnsi',
  'wintypes',
  'xmllite',
];
const SYSTEM_EXES = [
  'svchost',
  'explorer',
  'cmd',
  'conhost',
  'lsass',
  'services',
  'smss',
  'csrss',
  'wininit',
  'winlogon',
  'taskhostw',
  'dllhost',
  'rundll32',
  'regsvr32',
  'notepad',
  'mspaint',
  'Taskmgr',
  'mmc',
  'msiexec',
  'spoolsv',
  'SearchIndexer',
  'RuntimeBroker',
  'sihost',
  'ctfmon',
  'dwm',
  'fontdrvhost',
  'WmiPrvSE',
  'wuauclt',
  'consent',
  'reg',
  'robocopy',
  'xcopy',
  'findstr',
  'ipconfig',
  'netsh',
  'sc',
  'schtasks',
  'tasklist',
  'whoami',
  'wevtutil',
  'vssadmin',
  'bcdedit',
  'cleanmgr',
  'control',
  'dism',
  'sfc',
  'shutdown',
  'systeminfo',
  'winver',
  'write',
  'SystemSettings',
  'SecurityHealthService',
  'backgroundTaskHost',
];
const SYNTH_HEADS = [
  'Windows.',
  'Microsoft.',
  'ms',
  'win',
  'net',
  'wmi',
  'dx',
  'shell',
  'core',
  'app',
  'sys',
  'cfg',
  'prov',
  'sync',
  'media',
  'print',
  'audio',
  'bth',
  'usb',
  'cred',
  'auth',
  'dev',
  'ui',
  'storage',
  'data',
  'policy',
  'update',
  'cloud',
  'store',
  'search',
  'wlan',
  'display',
  'input',
  'speech',
  'font',
  'shared',
  'diag',
  'perf',
  'tpm',
  'vpn',
];
const SYNTH_TAILS = [
  'svc',
  'api',
  'host',
  'core',
  'client',
  'mgr',
  'ext',
  'res',
  'util',
  'proxy',
  'broker',
  'provider',
  'helper',
  'ui',
  'lib',
  'cfg',
  'eng',
  'srv',
  'plugin',
  'handler',
  'cache',
  'agent',
  'runtime',
  'wrapper',
];
const SXS_COMPONENTS = [
  'microsoft-windows-shell32',
  'microsoft-windows-kernel32',
  'microsoft-windows-gdiplus',
  'microsoft-windows-common-controls',
  'microsoft-windows-directx-direct3d11',
  'microsoft-windows-audio-audiocore',
  'microsoft-windows-bluetooth-userapis',
  'microsoft-windows-usb-usbhub3',
  'microsoft-windows-printing-spooler-core',
  'microsoft-windows-networking-mpssvc-svc',
  'microsoft-windows-storage-search',
  'microsoft-windows-security-kerberos',
  'microsoft-windows-wmi-core',
  'microsoft-windows-font-truetype',
  'microsoft-windows-mediaplayer-core',
  'microsoft-windows-photos-codecs',
  'microsoft-windows-explorer',
  'microsoft-windows-defender-core',
  'microsoft-windows-onedrive-setup',
  'microsoft-windows-speech-engine',
];
const EVTX_LOGS = [
  'Application',
  'Security',
  'System',
  'Setup',
  'Windows PowerShell',
  'Microsoft-Windows-Partition%4Diagnostic',
  'Microsoft-Windows-Kernel-PnP%4Configuration',
  'Microsoft-Windows-Ntfs%4Operational',
  'Microsoft-Windows-TaskScheduler%4Operational',
  'Microsoft-Windows-Windows Defender%4Operational',
  'Microsoft-Windows-PowerShell%4Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational',
  'Microsoft-Windows-WLAN-AutoConfig%4Operational',
  'Microsoft-Windows-Bits-Client%4Operational',
  'Microsoft-Windows-Store%4Operational',
  'Microsoft-Windows-WindowsUpdateClient%4Operational',
  'Microsoft-Windows-Shell-Core%4Operational',
  'Microsoft-Windows-StorageSpaces-Driver%4Operational',
  'Microsoft-Windows-DriverFrameworks-UserMode%4Operational',
  'Microsoft-Windows-Time-Service%4Operational',
  'Microsoft-Windows-User Profile Service%4Operational',
  'Microsoft-Windows-Winlogon%4Operational',
  'Microsoft-Windows-GroupPolicy%4Operational',
  'Microsoft-Windows-Diagnostics-Performance%4Operational',
  'Microsoft-Windows-Application-Experience%4Program-Telemetry',
  'Microsoft-Windows-Kernel-Boot%4Operational',
  'Microsoft-Windows-SMBClient%4Connectivity',
  'Microsoft-Windows-NetworkProfile%4Operational',
  'Microsoft-Windows-CodeIntegrity%4Operational',
  'Microsoft-Windows-AppXDeploymentServer%4Operational',
];
const PROGRAM_DATA_FOLDERS = [
  'Microsoft\\Windows Defender\\Scans\\History\\Service',
  'Microsoft\\Windows\\WER\\ReportArchive',
  'Microsoft\\Diagnosis\\ETLLogs',
  'Microsoft\\Windows\\DeliveryOptimization\\Logs',
  'SOLIDWORKS\\SOLIDWORKS 2024\\logs',
  'Adobe\\ARM\\Logs',
];

interface Program {
  folder: string;
  count: number;
  names: string[];
  exts: string[];
}
const PROGRAMS: Program[] = [
  {
    folder: 'C:\\Program Files\\SOLIDWORKS Corp\\SOLIDWORKS',
    count: 160,
    names: [
      'sld',
      'sw',
      'swx',
      'sldcore',
      'sldui',
      'sldmesh',
      'swpart',
      'swasm',
      'swdrw',
      'sldimp',
      'sldexp',
      'swsim',
      'swcosmos',
      'sldpdm',
      'swtoolbox',
    ],
    exts: ['dll', 'dll', 'dll', 'exe', 'tlb'],
  },
  {
    folder: 'C:\\Program Files\\SOLIDWORKS Corp\\eDrawings',
    count: 40,
    names: ['edraw', 'emodel', 'eview', 'emarkup', 'ecore'],
    exts: ['dll', 'dll', 'exe'],
  },
  {
    folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16',
    count: 150,
    names: [
      'mso',
      'msores',
      'excel',
      'word',
      'ppt',
      'outlook',
      'oart',
      'riched',
      'msxml',
      'csi',
      'oleprn',
      'mlcfg',
      'osf',
      'vbe',
      'mapi',
    ],
    exts: ['dll', 'dll', 'dll', 'exe', 'xll'],
  },
  {
    folder: 'C:\\Program Files\\Google\\Chrome\\Application\\125.0.6422.142',
    count: 45,
    names: [
      'chrome',
      'chrome_elf',
      'libegl',
      'libglesv2',
      'vk_swiftshader',
      'd3dcompiler',
      'mojo',
      'notification_helper',
      'elevation_service',
    ],
    exts: ['dll', 'dll', 'exe', 'pak', 'bin'],
  },
  {
    folder: 'C:\\Program Files\\7-Zip',
    count: 30,
    names: ['7z', '7zFM', '7zG', '7-zip', 'Uninstall', 'descript', 'History', 'License', 'readme'],
    exts: ['exe', 'dll', 'txt', 'chm', 'sfx'],
  },
  {
    folder: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat',
    count: 70,
    names: [
      'Acrobat',
      'AcroRd',
      'AGM',
      'BIB',
      'CoolType',
      'JP2KLib',
      'AcroForm',
      'AcroCEF',
      'sqlite',
      'plug_ins',
      'ACE',
      'AXE8SharedExpat',
    ],
    exts: ['dll', 'dll', 'exe', 'api', 'lst'],
  },
  {
    folder: 'C:\\Program Files\\Microsoft OneDrive\\24.101.0519.0001',
    count: 35,
    names: [
      'OneDrive',
      'FileSync',
      'FileCoAuth',
      'OneDriveSetup',
      'UpdateRingSettings',
      'LoggingPlatform',
      'ClientTelemetry',
    ],
    exts: ['dll', 'exe', 'dll'],
  },
  {
    folder: 'C:\\Program Files\\Windows Defender',
    count: 40,
    names: ['MpClient', 'MpCommu', 'MpRtp', 'MsMpEng', 'MpCmdRun', 'NisSrv', 'MpSvc', 'MpOAV', 'ProtectionManagement'],
    exts: ['dll', 'dll', 'exe'],
  },
  {
    folder: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\125.0.2535.92',
    count: 40,
    names: [
      'msedge',
      'msedge_elf',
      'identity_helper',
      'libEGL',
      'libGLESv2',
      'msedgewebview2',
      'oneauth',
      'wns_push_client',
    ],
    exts: ['dll', 'dll', 'exe', 'pak'],
  },
  {
    folder: 'C:\\Program Files\\Cisco\\Cisco Secure Client',
    count: 45,
    names: ['vpnagent', 'vpncli', 'vpnui', 'vpnapi', 'acciscocrypto', 'acruntime', 'vpncommon', 'aciseposture'],
    exts: ['dll', 'exe', 'dll'],
  },
];
const SOLIDWORKS_SAMPLES = `C:\\Program Files\\SOLIDWORKS Corp\\SOLIDWORKS\\samples\\tutorial`;
const SAMPLE_FILES = [
  'gearbox\\planet_carrier.SLDPRT',
  'gearbox\\sun_gear.SLDPRT',
  'gearbox\\ring_gear.SLDPRT',
  'gearbox\\housing.SLDPRT',
  'gearbox\\gearbox.SLDASM',
  'gearbox\\gearbox.SLDDRW',
  'assemblymates\\bracket.SLDPRT',
  'assemblymates\\shaft.SLDPRT',
  'assemblymates\\pulley.SLDPRT',
  'assemblymates\\assem1.SLDASM',
  'advdrawings\\bolt.SLDPRT',
  'advdrawings\\flange.SLDPRT',
  'advdrawings\\flange.SLDDRW',
  'molds\\cover.SLDPRT',
  'sheetmetal\\cabinet.SLDPRT',
  'sheetmetal\\cabinet.SLDDRW',
  'weldments\\frame.SLDPRT',
  'tolanalyst\\stack.SLDASM',
];

/** Parts of the firm's products: part number, name. The G4 gearbox is the project at the heart of the case. */
const G4_PARTS: [number, string][] = [
  [1001, 'housing'],
  [1002, 'housing-cover'],
  [1010, 'torque-arm'],
  [1020, 'bearing-cover'],
  [1030, 'inspection-cover'],
  [2001, 'planet-carrier'],
  [2002, 'planet-gear'],
  [2003, 'sun-gear'],
  [2004, 'ring-gear'],
  [2010, 'planet-pin'],
  [3001, 'input-shaft'],
  [3002, 'output-shaft'],
  [3010, 'hollow-shaft'],
  [4001, 'lubrication-manifold'],
  [4002, 'oil-pump-bracket'],
  [4010, 'cooling-jacket'],
  [5001, 'brake-disc'],
  [5002, 'seal-carrier'],
  [5010, 'breather-housing'],
];
const H2_PARTS: [number, string][] = [
  [1001, 'yaw-housing'],
  [1002, 'pinion'],
  [1003, 'motor-flange'],
  [2001, 'stage1-carrier'],
  [2002, 'stage2-carrier'],
  [3001, 'output-pinion-shaft'],
  [4001, 'brake-adapter'],
  [4002, 'mounting-flange'],
];
const P7_PARTS: [number, string][] = [
  [1001, 'pitch-housing'],
  [1002, 'pitch-pinion'],
  [2001, 'planet-stage'],
  [3001, 'drive-shaft'],
  [4001, 'encoder-bracket'],
];

const FIXED_DESIGN_FILE = `${HOME}\\Documents\\Projects\\G4\\CAD\\parts\\KTS-G4-1001_housing_revC.SLDPRT`;

/** Commercial files of the firm: relevant, but not design files. */
const SALES_FILES = [
  'Price list 2024 confidential.xlsx',
  'Key accounts 2024.xlsx',
  'G4 cost breakdown.xlsx',
  'G4 margin calculation.xlsx',
  'Offshore tender strategy 2024.docx',
  'Supplier cost comparison Q1.xlsx',
];
const ADMIN_FILES = [
  'Timesheet 2024-W',
  'Travel expenses ',
  'Meeting notes ',
  'Holiday request ',
  'Training record ',
  'Team minutes ',
];

/** The label texts of the classification task in lab.yaml, for an example answer typed with them. */
const LABEL_TEXTS: Record<string, string> = {
  relevant: 'Relevant to the case',
  irrelevant: 'Irrelevant',
  contraband: 'Contraband (hash on the known-contraband list)',
};

const COMPETITORS: [string, string][] = [
  ['Vantor Drive Technik', 'vantor-drive.example'],
  ['Ostberg Antriebe', 'ostberg-antriebe.example'],
  ['Northgear Systems', 'northgear-systems.example'],
  ['Brandt Windtech', 'brandt-windtech.example'],
  ['Meridian Gearworks', 'meridian-gearworks.example'],
  ['Caldera Drives', 'caldera-drives.example'],
];
const SHARING: [string, string][] = [
  ['DropVault', 'dropvault.example'],
  ['SendBox', 'sendbox.example'],
  ['FileHop', 'filehop.example'],
  ['ParcelShare', 'parcelshare.example'],
  ['BigSend', 'bigsend.example'],
];
const STICK_FOLDERS = ['transfer', 'docs', 'backup', 'misc', 'work', 'stuff', 'x'];
const SUPPLIERS = ['Brookfield Castings', 'Tamsen Machining', 'Haldern Gusswerk', 'Norvik Forge'];

// ---------------------------------------------------------------------------------------------
// USB devices

interface StickModel {
  ven: string;
  prod: string;
  rev: string;
  friendly: string;
  manufacturer: string;
  model: string;
  vid: string;
  pid: string;
  serial: (random: SeededRandom) => string;
  capacity: number;
}
const digits = (random: SeededRandom, count: number): string =>
  Array.from({ length: count }, () => random.int(0, 9)).join('');
const STICK_MODELS: StickModel[] = [
  {
    ven: 'SanDisk',
    prod: 'Ultra_Fit',
    rev: '1.00',
    friendly: 'SanDisk Ultra Fit USB Device',
    manufacturer: 'SanDisk',
    model: 'Ultra Fit',
    vid: '0781',
    pid: '5583',
    serial: (random) => `4C5300${digits(random, 14)}`,
    capacity: 61_530_439_680,
  },
  {
    ven: 'Samsung',
    prod: 'Flash_Drive_FIT',
    rev: '1100',
    friendly: 'Samsung Flash Drive FIT USB Device',
    manufacturer: 'Samsung',
    model: 'Flash Drive FIT',
    vid: '090C',
    pid: '1000',
    serial: (random) => `0374${digits(random, 12)}`,
    capacity: 64_017_629_184,
  },
  {
    ven: 'Kingston',
    prod: 'DataTraveler_3.0',
    rev: 'PMAP',
    friendly: 'Kingston DataTraveler 3.0 USB Device',
    manufacturer: 'Kingston',
    model: 'DataTraveler 3.0',
    vid: '0951',
    pid: '1666',
    serial: (random) => random.hex(24).toUpperCase(),
    capacity: 30_943_995_904,
  },
  {
    ven: 'Verbatim',
    prod: 'STORE_N_GO',
    rev: 'PMAP',
    friendly: 'Verbatim STORE N GO USB Device',
    manufacturer: 'Verbatim',
    model: 'STORE N GO',
    vid: '18A5',
    pid: '0302',
    serial: (random) => random.hex(16).toUpperCase(),
    capacity: 31_457_280_000,
  },
  {
    ven: 'PNY',
    prod: 'USB_3.0_FD',
    rev: 'PMAP',
    friendly: 'PNY USB 3.0 FD USB Device',
    manufacturer: 'PNY',
    model: 'USB 3.0 FD',
    vid: '154B',
    pid: '00EE',
    serial: (random) => random.hex(20).toUpperCase(),
    capacity: 61_865_984_000,
  },
];

interface Session {
  start: number;
  end: number;
}
interface Volume {
  driveType: string;
  label: string;
  serial: string;
}
interface Device {
  ven: string;
  prod: string;
  rev: string;
  friendly: string;
  manufacturer: string;
  model: string;
  vid: string;
  pid: string;
  /** The serial as the device reports it (empty when it has none). */
  serial: string;
  /** The USBSTOR instance name: the serial with "&0", or an id Windows made up (second character "&"). */
  instance: string;
  capacity: number;
  volume: Volume;
  sessions: Session[];
}

const REMOVABLE = 'Removable storage media (Floppy, USB)';
const FIXED = 'Fixed storage media (Hard drive)';

// ---------------------------------------------------------------------------------------------
// Recent items

interface Target {
  path: string;
  created: number;
  modified: number;
  size: number;
  directory: boolean;
  volume: Volume;
}
interface App {
  id: string;
  name: string;
}
const APPS: Record<string, App> = {
  solidworks: { id: '6e2b1c4f9a7d3e05', name: 'SOLIDWORKS 2024' },
  edrawings: { id: 'b3f0a85d21c97e46', name: 'eDrawings 2024' },
  acrobat: { id: 'ee462c3b81abb6f6', name: 'Adobe Acrobat' },
  excel: { id: 'd00655d2aa12ff6d', name: 'Microsoft Excel' },
  word: { id: 'a7bd71699cd38d1c', name: 'Microsoft Word' },
  powerpoint: { id: 'f5ac5390b9115fdb', name: 'Microsoft PowerPoint' },
  photos: { id: '4cb9c5750d51c07f', name: 'Photos' },
};
const JUMP_LIST_OF_SOLIDWORKS = `${JUMP_LISTS}\\${APPS.solidworks!.id}.automaticDestinations-ms`;

function appFor(path: string, random: SeededRandom): App {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (['sldprt', 'sldasm', 'slddrw'].includes(ext)) return random.chance(0.7) ? APPS.solidworks! : APPS.edrawings!;
  if (ext === 'step') return APPS.solidworks!;
  if (ext === 'pdf') return APPS.acrobat!;
  if (ext === 'xlsx') return APPS.excel!;
  if (ext === 'docx') return APPS.word!;
  if (ext === 'pptx') return APPS.powerpoint!;
  return APPS.photos!;
}

interface Visit {
  url: string;
  title: string;
  /** Microseconds since the epoch. */
  time: number;
  transition: string;
}

const generate: VariantGenerator = ({ random }) => {
  const tick = (): number => random.int(0, 9_999_999);
  const moment = (seconds: number, fraction = tick()): Moment => ({ s: seconds, f: fraction });
  const bytes = (min: number, max: number): number =>
    Math.round(Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min))));
  /** A fake SHA-256 from eight 32-bit draws rather than 64 one-digit ones: the listing needs thousands. */
  const hashBytes = Buffer.alloc(32);
  const hash = (): string => {
    for (let part = 0; part < 8; part++) hashBytes.writeUInt32BE(Math.floor(random.next() * 4_294_967_296), part * 4);
    return hashBytes.toString('hex');
  };
  const pick = <T>(items: readonly T[]): T => random.pick(items);

  /**
   * A moment inside the daily window [fromHour, toHour) UTC, on allowed days, between two moments. The
   * windows in range are listed and one second is drawn from all of them, so a narrow range never loops;
   * a range without any window gives a moment anywhere in it.
   */
  const inWindow = (from: number, to: number, fromHour: number, toHour: number, weekdaysOnly: boolean): number => {
    // Two passes over the days, the first to measure the windows, the second to find the drawn second (no arrays: it runs thousands of times).
    const firstDay = Math.floor(from / DAY) * DAY;
    const windowOf = (day: number): number =>
      weekdaysOnly && isWeekend(day)
        ? 0
        : Math.max(0, Math.min(to, day + toHour * 3600) - Math.max(from, day + fromHour * 3600));
    let total = 0;
    for (let day = firstDay; day <= to; day += DAY) total += windowOf(day);
    if (total === 0) return random.int(from, Math.max(from, to));
    let offset = random.int(0, total - 1);
    for (let day = firstDay; ; day += DAY) {
      const length = windowOf(day);
      if (offset < length) return Math.max(from, day + fromHour * 3600) + offset;
      offset -= length;
    }
  };
  /** Working hours: 08:30 to 16:30 local (06:30 to 14:30 UTC) on weekdays. */
  const workTime = (from: number, to: number): number => inWindow(from, to, 6.5, 14.5, true);
  /** The evening at home: 19:00 to 23:00 local (17:00 to 21:00 UTC). */
  const eveningTime = (from: number, to: number): number => inWindow(from, to, 17, 21, false);

  // --- The story's moments ----------------------------------------------------------------------
  const exfilDay = pick([17, 18, 19, 20, 21, 24, 25, 26]);
  const exfilStart = utc(6, exfilDay, random.int(15, 18), random.int(30, 59), random.int(0, 59));
  const exfilEnd = exfilStart + random.int(24 * 60, 42 * 60);
  const photoLastStart = eveningTime(utc(6, exfilDay + 1), utc(6, 27, 20));
  const photoLastEnd = photoLastStart + random.int(8 * 60, 30 * 60);
  const supplierStart = workTime(utc(5, 6), utc(5, 31, 12));
  const supplierEnd = supplierStart + random.int(14 * 60, 35 * 60);
  const [competitorName, competitorDomain] = pick(COMPETITORS);
  const [sharingName, sharingDomain] = pick(SHARING);
  const firstCompetitorVisit = eveningTime(utc(4, 8), utc(5, 31, 22));
  const uploadTime = random.chance(0.5)
    ? exfilStart - random.int(3600, 4 * 3600)
    : eveningTime(exfilEnd + DAY / 2, Math.min(exfilEnd + 3 * DAY, utc(6, 27, 21)));
  let stompRealCreated = 0;
  for (;;) {
    stompRealCreated = workTime(utc(6, 11), utc(6, 27, 14));
    if (Math.abs(stompRealCreated - exfilStart) > 3 * 3600 && Math.abs(stompRealCreated - uploadTime) > 3 * 3600) break;
  }

  // --- The file system ---------------------------------------------------------------------------
  const rows: FileRow[] = [];
  const taken = new Set<string>();
  const byPath = new Map<string, FileRow>();
  const knownGood: string[] = [];
  const addFile = (path: string, size: number, si: Times, fn: Times, sha = hash()): FileRow | undefined => {
    const key = path.toLowerCase();
    if (taken.has(key)) return undefined;
    taken.add(key);
    const row: FileRow = { path, size, si, fn, sha };
    rows.push(row);
    byPath.set(key, row);
    return row;
  };
  /** Made on the laptop at `born`, last written at `written`. */
  const madeHere = (born: Moment, written: Moment = born): [Times, Times] => {
    const last = written.s > born.s || (written.s === born.s && written.f >= born.f) ? written : born;
    return [
      [born, last, last, last],
      [born, born, born, born],
    ];
  };
  /** A copy made at `at`: Windows keeps the source's modified time and gives the copy a new creation time. */
  const copiedAt = (at: Moment, sourceModified: Moment): [Times, Times] => [
    [at, sourceModified, at, at],
    [at, at, at, at],
  ];
  /** Restored by the migration tool at `at`, which sets the original creation and modification times on $SI only. */
  const migratedAt = (at: Moment, born: Moment, written: Moment): [Times, Times] => [
    [born, written, at, at],
    [at, at, at, at],
  ];
  /** Unpacked from a ZIP archive at `at`: the modified time is the archive's DOS time (even seconds, no fraction). */
  const unzippedAt = (at: Moment, dosSeconds: number): [Times, Times] => [
    [at, moment(dosSeconds - (dosSeconds % 2), 0), at, at],
    [at, at, at, at],
  ];
  const add = (path: string, size: number, times: [Times, Times], sha?: string): FileRow | undefined =>
    addFile(path, size, times[0], times[1], sha);

  const buildTime = (fromYear: number): number => random.int(utcYear(fromYear, 1, 1), utc(2, 20));
  const installMoment = (): Moment => moment(WINDOWS_INSTALLED + random.int(0, 40 * 60));
  const patchDays = [utc(4, 10, 9, 12), utc(5, 15, 9, 40), utc(6, 12, 10, 3)];

  /** Installed by IT's image (or a later patch), known to the reference set in most cases. */
  const addSystemFile = (path: string, size: number, wholeSecondBuild: boolean, listedChance = 0.93): void => {
    const patched = random.chance(0.08);
    const at = patched ? moment(pick(patchDays) + random.int(0, 1500)) : installMoment();
    const built = moment(patched ? random.int(utc(3, 1), at.s - DAY) : buildTime(2022), wholeSecondBuild ? 0 : tick());
    const row = add(path, size, copiedAt(at, built));
    if (row && random.chance(listedChance)) knownGood.push(row.sha);
  };

  const synthName = (): string =>
    `${pick(SYNTH_HEADS)}${pick(SYNTH_TAILS)}${random.chance(0.3) ? random.int(2, 64) : ''}`;
  for (const name of SYSTEM_DLLS) addSystemFile(`C:\\Windows\\System32\\${name}.dll`, bytes(20_000, 6_000_000), false);
  for (const name of SYSTEM_EXES) addSystemFile(`C:\\Windows\\System32\\${name}.exe`, bytes(15_000, 3_000_000), false);
  for (let index = 0; index < 600; index++)
    addSystemFile(`C:\\Windows\\System32\\${synthName()}.dll`, bytes(15_000, 4_000_000), false);
  for (let index = 0; index < 200; index++)
    addSystemFile(`C:\\Windows\\System32\\en-US\\${synthName()}.dll.mui`, bytes(2_000, 200_000), false);
  for (let index = 0; index < 140; index++)
    addSystemFile(`C:\\Windows\\System32\\drivers\\${synthName()}.sys`, bytes(10_000, 2_500_000), false);
  for (let index = 0; index < 260; index++)
    addSystemFile(`C:\\Windows\\SysWOW64\\${synthName()}.dll`, bytes(15_000, 3_000_000), false);
  for (let index = 0; index < 60; index++)
    addSystemFile(`C:\\Windows\\INF\\${synthName()}.inf`, bytes(1_000, 90_000), true);
  for (let index = 0; index < 70; index++)
    addSystemFile(`C:\\Windows\\Fonts\\${synthName()}.ttf`, bytes(40_000, 9_000_000), true);
  for (let index = 0; index < 300; index++) {
    const folder = `C:\\Windows\\WinSxS\\amd64_${pick(SXS_COMPONENTS)}_31bf3856ad364e35_10.0.22621.${random.int(3000, 3737)}_none_${random.hex(16)}`;
    for (let file = random.int(1, 3); file > 0; file--)
      addSystemFile(`${folder}\\${synthName()}.dll`, bytes(15_000, 4_000_000), false);
  }
  for (const program of PROGRAMS) {
    for (let index = 0; index < program.count; index++) {
      const name = `${pick(program.names)}${random.chance(0.6) ? pick(['', 'core', 'ui', 'res', 'ext', 'lib', 'mgr', 'svc', 'api']) : ''}${random.chance(0.4) ? random.int(1, 99) : ''}`;
      addSystemFile(`${program.folder}\\${name}.${pick(program.exts)}`, bytes(8_000, 40_000_000), random.chance(0.6));
    }
  }
  for (const sample of SAMPLE_FILES)
    addSystemFile(`${SOLIDWORKS_SAMPLES}\\${sample}`, bytes(60_000, 2_500_000), true, 1);
  // Artefact G of the classification task: an operating-system file that is always on the known-good list.
  knownGood.push(byPath.get('c:\\windows\\system32\\windowscodecs.dll')!.sha);

  // Files that change all the time: hives, event logs, page files; never in a reference set.
  const lastShutdown = moment(LAST_USE);
  for (const hive of ['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY', 'DEFAULT', 'COMPONENTS', 'DRIVERS'])
    add(
      `C:\\Windows\\System32\\config\\${hive}`,
      bytes(250_000, 120_000_000),
      madeHere(moment(WINDOWS_INSTALLED - random.int(600, 1200)), moment(LAST_USE - random.int(0, 40))),
    );
  for (const log of EVTX_LOGS)
    add(
      `C:\\Windows\\System32\\winevt\\Logs\\${log}.evtx`,
      69_632 * random.int(1, 300),
      madeHere(installMoment(), moment(LAST_USE - random.int(0, 7200))),
    );
  add(`${HOME}\\NTUSER.DAT`, bytes(2_000_000, 9_000_000), madeHere(moment(MIGRATION_START - 900), lastShutdown));
  add(
    `${HOME}\\AppData\\Local\\Microsoft\\Windows\\UsrClass.dat`,
    bytes(1_000_000, 6_000_000),
    madeHere(moment(MIGRATION_START - 880), lastShutdown),
  );
  add('C:\\pagefile.sys', 6_442_450_944, madeHere(installMoment(), lastShutdown));
  add('C:\\hiberfil.sys', 6_815_744_000, madeHere(installMoment(), lastShutdown));
  add('C:\\swapfile.sys', 268_435_456, madeHere(installMoment(), lastShutdown));
  const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  for (let index = 0; index < 12; index++)
    add(`C:\\Windows\\Logs\\${synthName()}\\${synthName()}.log`, 0, madeHere(installMoment()), emptyHash);
  knownGood.push(emptyHash);
  for (let index = 0; index < 120; index++) {
    const born = moment(random.int(WINDOWS_INSTALLED, LAST_USE - DAY));
    const folder = pick(PROGRAM_DATA_FOLDERS);
    add(
      `C:\\ProgramData\\${folder}\\${synthName()}.${pick(['log', 'etl', 'dat', 'bin', 'xml'])}`,
      bytes(500, 5_000_000),
      madeHere(born, moment(Math.min(born.s + random.int(0, 20 * DAY), LAST_USE - 60))),
    );
  }

  // --- The user's files ---------------------------------------------------------------------------
  const migrating = (): Moment => moment(MIGRATION_START + random.int(0, 22 * 60));
  const oldMoment = (fromYear: number, toYear: number): Moment =>
    moment(random.int(utcYear(fromYear, 1, 10), utcYear(toYear, 12, 20)));

  // Profile migration: old documents, photos and desktop files restored with their original times.
  const archiveFolders: string[] = [];
  for (let year = 2019; year <= 2023; year++) {
    const folder = `${HOME}\\Documents\\Archive\\${year}`;
    archiveFolders.push(folder);
    for (let index = random.int(9, 16); index > 0; index--) {
      const born = oldMoment(year, year);
      const project = pick(['M2', 'M3', 'K1', 'S5']);
      const name = pick([
        `KTS-${project}-${random.int(1000, 5999)}_${pick(['bracket', 'cover', 'shaft', 'flange', 'housing', 'gear'])}_rev${pick(['A', 'B', 'C'])}.${pick(['SLDPRT', 'SLDDRW', 'pdf', 'STEP'])}`,
        `${pick(['Design review', 'Test report', 'Calculation', 'Concept study', 'Minutes'])} ${project} ${random.int(1, 40)}.${pick(['docx', 'xlsx', 'pdf', 'pptx'])}`,
      ]);
      add(
        `${folder}\\${name}`,
        bytes(40_000, 20_000_000),
        migratedAt(migrating(), born, moment(born.s + random.int(0, 60 * DAY))),
      );
    }
  }
  for (const trip of ['Holiday 2022', 'Holiday 2023', 'Family 2021', 'Garden 2023']) {
    const start = trip.includes('2021')
      ? utcYear(2021, 5, 1)
      : trip.includes('2022')
        ? utcYear(2022, 7, 10)
        : utcYear(2023, random.int(5, 8), 1);
    for (let index = random.int(22, 34); index > 0; index--) {
      const taken = moment(start + random.int(0, 20 * DAY));
      const path = `${HOME}\\Pictures\\${trip}\\IMG_${random.int(1000, 9899)}.JPG`;
      add(path, bytes(1_800_000, 6_500_000), migratedAt(migrating(), taken, taken));
    }
  }
  // The holiday photo with the same name as a file in Downloads\unsorted: the name proves nothing.
  const lookalikePhoto = `${HOME}\\Pictures\\Holiday 2022\\IMG_2291.JPG`;
  const lookalikeTaken = moment(utcYear(2022, 7, 14, 11, 3, 52));
  add(lookalikePhoto, 3_412_877, migratedAt(migrating(), lookalikeTaken, lookalikeTaken));
  for (let index = 0; index < 9; index++) {
    const born = oldMoment(2021, 2023);
    add(
      `${HOME}\\Desktop\\${pick(['notes', 'todo', 'links', 'phone numbers', 'checklist', 'ideas'])} ${index + 1}.${pick(['txt', 'docx', 'xlsx'])}`,
      bytes(800, 90_000),
      migratedAt(migrating(), born, moment(Math.min(born.s + random.int(0, 90 * DAY), MIGRATION_START - 30 * DAY))),
    );
  }
  for (const name of [
    'Tax return 2020.pdf',
    'Tax return 2021.pdf',
    'Tax return 2022.pdf',
    'Car insurance.pdf',
    'Mortgage statement 2023.pdf',
    'Football club fees.xlsx',
  ]) {
    const born = oldMoment(2020, 2023);
    add(`${HOME}\\Documents\\Personal\\${name}`, bytes(60_000, 900_000), migratedAt(migrating(), born, born));
  }

  // The design files: working copies of the project folders, copied from \\kts-fs01\engineering or made here.
  interface DesignFile {
    path: string;
    row: FileRow;
    project: string;
  }
  const designFiles: DesignFile[] = [];
  const addDesign = (
    project: string,
    partNumber: number,
    part: string,
    rev: string,
    ext: string,
    forcedPath?: string,
  ): void => {
    const name = `KTS-${project}-${partNumber}_${part}_rev${rev}.${ext}`;
    const folder =
      ext === 'SLDPRT'
        ? 'CAD\\parts'
        : ext === 'SLDASM'
          ? 'CAD\\assemblies'
          : ext === 'SLDDRW'
            ? 'Drawings'
            : ext === 'pdf'
              ? 'Drawings\\pdf'
              : 'Export';
    const path = forcedPath ?? `${HOME}\\Documents\\Projects\\${project}\\${folder}\\${name}`;
    const copy = random.chance(0.6);
    const at = moment(workTime(utc(3, 5, 10), utc(6, 14, 14)));
    const times = copy
      ? copiedAt(at, moment(random.int(utcYear(2023, 9, 1), at.s - 3600)))
      : madeHere(at, moment(workTime(at.s, Math.min(at.s + random.int(0, 30 * DAY), utc(6, 27, 14)))));
    const size =
      ext === 'STEP'
        ? bytes(1_500_000, 48_000_000)
        : ext === 'pdf'
          ? bytes(120_000, 3_200_000)
          : ext === 'SLDASM'
            ? bytes(400_000, 12_000_000)
            : bytes(180_000, 28_000_000);
    const row = add(path, size, times);
    if (row) designFiles.push({ path, row, project });
  };
  const revisions = new Map<string, string>();
  for (const [project, parts] of [
    ['G4', G4_PARTS],
    ['H2', H2_PARTS],
    ['P7', P7_PARTS],
  ] as const) {
    for (const [number, part] of parts) {
      const fixed = project === 'G4' && number === 1001;
      const rev = fixed ? 'C' : pick(['A', 'B', 'C', 'D', 'E']);
      revisions.set(`${project}-${number}`, rev);
      addDesign(project, number, part, rev, 'SLDPRT', fixed ? FIXED_DESIGN_FILE : undefined);
      if (random.chance(0.75)) addDesign(project, number, part, rev, 'SLDDRW');
      if (random.chance(0.7)) addDesign(project, number, part, rev, 'pdf');
      if (random.chance(project === 'G4' ? 0.6 : 0.3)) addDesign(project, number, part, rev, 'STEP');
    }
    addDesign(
      project,
      1,
      project === 'G4' ? 'gearbox_assy' : project === 'H2' ? 'yaw-drive_assy' : 'pitch-drive_assy',
      pick(['B', 'C', 'D']),
      'SLDASM',
    );
    addDesign(project, 100, 'main-stage_assy', pick(['A', 'B', 'C']), 'SLDASM');
    if (project === 'G4') {
      addDesign(project, 1, 'gearbox_assy', pick(['B', 'C', 'D']), 'STEP');
      addDesign(project, 200, 'planetary-stage_assy', pick(['A', 'B', 'C']), 'SLDASM');
    }
  }

  const salesRows: FileRow[] = [];
  for (const name of SALES_FILES) {
    const at = moment(workTime(utc(3, 6), utc(6, 7, 14)));
    const row = add(
      `${HOME}\\Documents\\Sales\\${name}`,
      bytes(35_000, 1_800_000),
      random.chance(0.5)
        ? copiedAt(at, moment(at.s - random.int(DAY, 90 * DAY)))
        : madeHere(at, moment(workTime(at.s, at.s + random.int(0, 20 * DAY)))),
    );
    if (row) salesRows.push(row);
  }
  const adminRows: FileRow[] = [];
  for (let index = 0; index < 36; index++) {
    const at = moment(workTime(utc(3, 6), utc(6, 27, 14)));
    const stem = pick(ADMIN_FILES);
    const row = add(
      `${HOME}\\Documents\\Admin\\${stem}${stem.endsWith('W') ? two(random.int(10, 26)) : pick(['March', 'April', 'May', 'June'])}${random.chance(0.3) ? ` (${random.int(2, 4)})` : ''}.${pick(['xlsx', 'docx', 'pdf'])}`,
      bytes(14_000, 700_000),
      madeHere(at, moment(workTime(at.s, Math.min(at.s + random.int(0, 3 * DAY), LAST_USE - 600)))),
    );
    if (row) adminRows.push(row);
  }

  // Downloads: installers (known to the reference set), a supplier catalogue unpacked from a ZIP archive, PDFs.
  const downloadRows: FileRow[] = [];
  for (const [name, size] of [
    ['ChromeSetup.exe', 1_427_096],
    ['AcroRdrDCx642400220687_en_US.exe', 342_118_312],
    ['7z2407-x64.exe', 1_601_024],
    ['eDrawingsFullAllX64.exe', 448_010_240],
  ] as const) {
    const at = moment(workTime(utc(3, 5), utc(5, 30)));
    const row = add(`${HOME}\\Downloads\\${name}`, size, madeHere(at, moment(at.s + random.int(4, 90))));
    if (row) knownGood.push(row.sha);
  }
  const catalogue = pick([
    'bearing-catalogue-2024',
    'gear-coupling-catalogue',
    'seal-handbook-2024',
    'fastener-catalogue-2024',
  ]);
  const unzipMoment = moment(workTime(utc(4, 2), utc(5, 28)));
  add(
    `${HOME}\\Downloads\\${catalogue}.zip`,
    bytes(20_000_000, 90_000_000),
    madeHere(moment(unzipMoment.s - random.int(60, 600))),
  );
  const unzippedRows: FileRow[] = [];
  for (let index = random.int(10, 18); index > 0; index--) {
    const row = add(
      `${HOME}\\Downloads\\${catalogue}\\${pick(['chapter', 'section', 'table', 'datasheet'])}-${two(random.int(1, 60))}.pdf`,
      bytes(200_000, 8_000_000),
      unzippedAt(moment(unzipMoment.s + random.int(1, 20)), random.int(utcYear(2023, 10, 1), utc(2, 28))),
    );
    if (row) unzippedRows.push(row);
  }
  for (let index = 0; index < 22; index++) {
    const at = moment(workTime(utc(3, 6), utc(6, 27, 14)));
    const row = add(
      `${HOME}\\Downloads\\${pick(['datasheet', 'quote', 'invoice', 'manual', 'report', 'paper', 'spec'])}_${random.int(100, 9999)}.pdf`,
      bytes(60_000, 9_000_000),
      madeHere(at, moment(at.s + random.int(1, 5))),
    );
    if (row) downloadRows.push(row);
  }
  for (let index = 0; index < 24; index++) {
    const at = moment(workTime(utc(3, 6), utc(6, 27, 14)));
    add(
      `${HOME}\\Pictures\\Screenshots\\Screenshot ${secondsText(at.s).slice(0, 10)} ${secondsText(at.s).slice(11).replace(/:/gu, '')}.png`,
      bytes(90_000, 1_800_000),
      madeHere(at),
    );
  }

  // Browser and application caches, temporary files.
  for (let index = 0; index < 520; index++) {
    const at = moment(random.int(MIGRATION_START + 3600, LAST_USE));
    add(
      `${HOME}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data\\f_${random.hex(6)}`,
      bytes(300, 900_000),
      madeHere(at, moment(Math.min(at.s + random.int(0, 5 * DAY), LAST_USE - 60))),
    );
  }
  for (const name of [
    'History',
    'Cookies',
    'Web Data',
    'Login Data',
    'Favicons',
    'Top Sites',
    'Preferences',
    'Bookmarks',
    'Shortcuts',
    'Visited Links',
  ]) {
    add(
      `${HOME}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\${name}`,
      bytes(20_000, 30_000_000),
      madeHere(moment(MIGRATION_START + random.int(3600, 7200)), moment(LAST_USE - random.int(60, 3600))),
    );
  }
  for (let index = 0; index < 110; index++) {
    const at = moment(random.int(MIGRATION_START + 3600, LAST_USE));
    add(
      `${HOME}\\AppData\\Local\\Temp\\${pick(['~DF', 'tmp', 'wct', 'msohtmlclip', 'sw'])}${random.hex(4).toUpperCase()}.${pick(['tmp', 'TMP', 'dat', 'log'])}`,
      bytes(100, 4_000_000),
      madeHere(at),
    );
  }
  for (let index = 0; index < 60; index++) {
    const at = moment(random.int(MIGRATION_START + 3600, LAST_USE));
    add(
      `${HOME}\\AppData\\Local\\Microsoft\\Office\\16.0\\OfficeFileCache\\${random.hex(8).toUpperCase()}.${pick(['FSF', 'FSD', 'FSC'])}`,
      bytes(4_000, 5_000_000),
      madeHere(at, moment(Math.min(at.s + random.int(0, 9 * DAY), LAST_USE - 60))),
    );
  }
  add(
    `${HOME}\\AppData\\Local\\Microsoft\\Outlook\\tomas.rehn@kestrel-turbines.example.ost`,
    3_221_250_048,
    madeHere(moment(MIGRATION_START + 4000), moment(LAST_USE - 300)),
  );

  // --- The contraband: files matched by hash only --------------------------------------------------
  const unsorted = `${HOME}\\Downloads\\unsorted`;
  const itemPhoto = `${unsorted}\\IMG_2291.JPG`;
  const itemVideo = `${unsorted}\\VID_0143.MP4`;
  const itemRecycled = `${RECYCLE}\\$RK3V9QD.JPG`;
  // Which of the three listed look-alikes match: at least one does, at least one does not.
  const variableItems = random.shuffle([itemPhoto, itemVideo, itemRecycled]);
  const matchingItems = new Set(variableItems.slice(0, random.int(1, 2)));
  const unsortedArrival = eveningTime(utc(5, 2), utc(5, 25));
  const unsortedNames = new Set<string>([baseName(itemPhoto), baseName(itemVideo)]);
  while (unsortedNames.size < random.int(9, 14)) {
    const kind = pick(['IMG', 'IMG', 'DSC', 'VID']);
    unsortedNames.add(
      `${kind}_${random.int(kind === 'VID' ? 10 : 1000, kind === 'VID' ? 299 : 9899)}.${kind === 'VID' ? 'MP4' : 'JPG'}`,
    );
  }
  const contrabandHashes: string[] = [];
  const contrabandJpgs: FileRow[] = [];
  const unsortedRows: FileRow[] = [];
  for (const name of unsortedNames) {
    const path = `${unsorted}\\${name}`;
    const at = moment(unsortedArrival + random.int(0, 240));
    const video = name.endsWith('.MP4');
    const row = add(
      path,
      video ? bytes(8_000_000, 240_000_000) : bytes(250_000, 4_500_000),
      copiedAt(at, moment(random.int(utcYear(2015, 1, 1), utcYear(2022, 12, 1)))),
    );
    if (!row) continue;
    unsortedRows.push(row);
    const listed = path === itemPhoto || path === itemVideo ? matchingItems.has(path) : random.chance(0.3);
    if (listed) {
      contrabandHashes.push(row.sha);
      if (!video) contrabandJpgs.push(row);
    }
  }
  // Make sure a photo can be duplicated into the Recycle Bin, and that something else in the folder matches.
  if (contrabandJpgs.length === 0) {
    const candidate = unsortedRows.find((row) => row.path.endsWith('.JPG') && row.path !== itemPhoto)!;
    contrabandHashes.push(candidate.sha);
    contrabandJpgs.push(candidate);
  }
  const deletedAt = moment(eveningTime(utc(6, 2), utc(6, 14)));
  const recycledSource = matchingItems.has(itemRecycled) ? pick(contrabandJpgs) : undefined;
  // A deleted file keeps its $SI creation and modification times; only its record changes when it moves into the bin.
  const recycledBorn = moment(unsortedArrival + random.int(300, 3 * DAY));
  const recycledWritten = recycledSource?.si[1] ?? moment(random.int(utcYear(2016, 1, 1), utcYear(2022, 1, 1)));
  add(
    itemRecycled,
    recycledSource?.size ?? bytes(400_000, 3_000_000),
    [
      [recycledBorn, recycledWritten, deletedAt, deletedAt],
      [recycledBorn, recycledBorn, recycledBorn, recycledBorn],
    ],
    recycledSource?.sha,
  );
  add(`${RECYCLE}\\$IK3V9QD.JPG`, 88, madeHere(deletedAt));
  for (let index = random.int(2, 5); index > 0; index--) {
    const id = random.hex(6).toUpperCase();
    const original = pick([...adminRows, ...downloadRows]);
    const at = moment(random.int(Math.max(original.si[0].s, original.si[1].s) + 600, utc(6, 27, 20)));
    add(`${RECYCLE}\\$R${id}${original.path.slice(original.path.lastIndexOf('.'))}`, original.size, [
      [original.si[0], original.si[1], at, at],
      original.fn,
    ]);
    add(
      `${RECYCLE}\\$I${id}${original.path.slice(original.path.lastIndexOf('.'))}`,
      88 + 2 * original.path.length,
      madeHere(at),
    );
  }
  // A second copy of a matching file elsewhere, always when the Recycle Bin holds none: files and distinct hashes never agree.
  if (!recycledSource || random.chance(0.5)) {
    const source = pick(unsortedRows.filter((row) => contrabandHashes.includes(row.sha)));
    const copy = moment(unsortedArrival + random.int(DAY, 9 * DAY));
    add(
      `${HOME}\\Videos\\old\\${source.path.endsWith('.MP4') ? 'clip' : 'img'}_${two(random.int(1, 40))}${source.path.slice(source.path.lastIndexOf('.')).toLowerCase()}`,
      source.size,
      copiedAt(copy, source.si[1]),
      source.sha,
    );
  }
  for (let index = random.int(3, 6); index > 0; index--) {
    const at = moment(eveningTime(utc(3, 10), utc(6, 20)));
    add(
      `${HOME}\\Videos\\old\\${pick(['match', 'birthday', 'garden', 'concert'])}_${two(random.int(1, 40))}.mp4`,
      bytes(10_000_000, 300_000_000),
      madeHere(at),
    );
  }

  // --- USB devices ---------------------------------------------------------------------------------
  const models = random.shuffle(STICK_MODELS);
  const volumeSerial = (): string => `${random.hex(4)}-${random.hex(4)}`.toUpperCase();
  const device = (model: StickModel, label: string): Device => {
    const serial = model.serial(random);
    return {
      ...model,
      serial,
      instance: `${serial}&0`,
      volume: { driveType: REMOVABLE, label, serial: volumeSerial() },
      sessions: [],
    };
  };
  const company: Device = {
    ven: 'Kingston',
    prod: 'DT4000G2',
    rev: 'PMAP',
    friendly: 'Kingston DT4000G2 USB Device',
    manufacturer: 'Kingston',
    model: 'DT4000G2',
    vid: '0951',
    pid: '1665',
    serial: random.hex(20).toUpperCase(),
    instance: '',
    capacity: 15_502_147_584,
    volume: { driveType: REMOVABLE, label: 'KTS-0731', serial: volumeSerial() },
    sessions: [],
  };
  company.instance = `${company.serial}&0`;
  const exfil = device(models[0]!, '');
  const fair = device(models[1]!, 'WINDEXPO');
  const photo: Device = {
    ven: 'Intenso',
    prod: 'Basic_Line',
    rev: '8.07',
    friendly: 'Intenso Basic Line USB Device',
    manufacturer: 'Intenso',
    model: 'Basic Line',
    vid: '1F75',
    pid: '0917',
    serial: random.hex(16).toUpperCase(),
    instance: '',
    capacity: 31_037_849_600,
    volume: { driveType: REMOVABLE, label: 'FOTOS', serial: volumeSerial() },
    sessions: [],
  };
  photo.instance = `${photo.serial}&0`;
  const wdAscii = `WX${random.int(1, 9)}${pick(['1A', '2B', '4C', '7E'])}${digits(random, 3)}${random.hex(5).toUpperCase()}`;
  const hdd: Device = {
    ven: 'WD',
    prod: 'Elements_25A2',
    rev: '1021',
    friendly: 'WD Elements 25A2 USB Device',
    manufacturer: 'WD',
    model: 'Elements 25A2',
    vid: '1058',
    pid: '25A2',
    serial: Buffer.from(wdAscii, 'ascii').toString('hex').toUpperCase(),
    instance: '',
    capacity: 2_000_365_289_472,
    volume: { driveType: REMOVABLE, label: 'Elements', serial: volumeSerial() },
    sessions: [],
  };
  hdd.instance = `${hdd.serial}&0`;
  const reader: Device = {
    ven: 'Generic-',
    prod: 'SD/MMC',
    rev: '1.00',
    friendly: 'Generic- SD/MMC USB Device',
    manufacturer: 'Generic-',
    model: 'SD/MMC',
    vid: '05E3',
    pid: '0749',
    serial: '',
    instance: `7&${random.hex(8)}&0`,
    capacity: 31_914_983_424,
    volume: { driveType: REMOVABLE, label: 'EOS_DIGITAL', serial: volumeSerial() },
    sessions: [],
  };
  const allSessions: Session[] = [];
  const free = (start: number, end: number): boolean =>
    allSessions.every((other) => end + 600 < other.start || start > other.end + 600);
  const book = (target: Device, start: number, end: number): boolean => {
    if (!free(start, end) || end > LAST_USE) return false;
    const session = { start, end };
    allSessions.push(session);
    target.sessions.push(session);
    return true;
  };
  book(exfil, exfilStart, exfilEnd);
  book(photo, photoLastStart, photoLastEnd);
  book(company, supplierStart, supplierEnd);
  book(company, utc(3, 6, 8, random.int(2, 40), random.int(0, 59)), utc(3, 6, 9, random.int(0, 50)));
  /** Books up to `wanted` sessions of a device, each `minutes` long, starting at moments from `when`, all before the photo stick's last one. */
  const bookSessions = (target: Device, wanted: number, when: () => number, minutes: [number, number]): void => {
    let booked = 0;
    for (let attempt = 0; attempt < 200 && booked < wanted; attempt++) {
      const start = when();
      const end = start + random.int(minutes[0] * 60, minutes[1] * 60);
      if (end < photoLastStart && book(target, start, end)) booked++;
    }
  };
  bookSessions(company, random.int(9, 13), () => workTime(utc(3, 7), utc(6, 27, 13)), [5, 70]);
  bookSessions(photo, random.int(2, 3), () => eveningTime(utc(3, 9), utc(6, 14)), [10, 40]);
  bookSessions(hdd, random.int(4, 6), () => eveningTime(utc(3, 8), utc(6, 14)), [35, 95]);
  bookSessions(fair, 1, () => workTime(utc(4, 16), utc(4, 19, 14)), [4, 18]);
  bookSessions(reader, random.int(1, 2), () => eveningTime(utc(4, 20), utc(5, 26)), [6, 22]);
  const devices = [company, exfil, photo, fair, hdd, reader];
  for (const each of devices) each.sessions.sort((a, b) => a.start - b.start);

  // --- Opening files: Recent shortcuts and jump lists --------------------------------------------------
  interface Open {
    at: number;
    target: Target;
    lnk: boolean;
    jump: App | undefined;
    folder: Target | undefined;
  }
  const opens: Open[] = [];
  const cVolume: Volume = { driveType: FIXED, label: 'Windows', serial: volumeSerial() };
  const network: Volume = { driveType: '', label: '', serial: '' };
  const folderTargets = new Map<string, Target>();
  const folderTarget = (path: string, volume: Volume, created: number, modified: number): Target => {
    const key = path.toLowerCase();
    const known = folderTargets.get(key);
    if (known) {
      known.created = Math.min(known.created, created);
      known.modified = Math.max(known.modified, modified);
      return known;
    }
    const made = { path, created, modified, size: 0, directory: true, volume };
    folderTargets.set(key, made);
    return made;
  };
  const targetOfRow = (row: FileRow): Target => ({
    path: row.path,
    created: row.si[0].s,
    modified: row.si[1].s,
    size: row.size,
    directory: false,
    volume: cVolume,
  });
  /** An open through Explorer leaves a shortcut (and one for the folder), an open through an application a jump-list entry, often both. */
  const open = (at: number, target: Target, how: 'any' | 'lnk' | 'jump' | 'both' = 'any', app?: App): void => {
    const lnk = how === 'lnk' || how === 'both' || (how === 'any' && random.chance(0.8));
    const jump =
      how === 'jump' || how === 'both' || (how === 'any' && (!lnk || random.chance(0.6)))
        ? (app ?? appFor(target.path, random))
        : undefined;
    const parent = parentOf(target.path);
    const folder =
      lnk && parent.length > 3 && !parent.startsWith('\\\\')
        ? folderTarget(parent, target.volume, target.created - random.int(1, 3), target.created)
        : undefined;
    opens.push({ at, target, lnk, jump, folder });
  };

  // What leaves on the stick, and what went to the supplier on the company stick: only files that existed, unchanged, before.
  const readyBefore = (row: FileRow, limit: number): boolean => Math.max(row.si[0].s, row.si[1].s) < limit - DAY;
  const cadModel = /\.(?:sldprt|sldasm|step)$/iu;
  const exfilCandidates = random.shuffle(
    designFiles.filter(
      (file) =>
        file.path !== FIXED_DESIGN_FILE &&
        readyBefore(file.row, exfilStart) &&
        (file.project === 'G4' || random.chance(0.4)),
    ),
  );
  const firstModel = exfilCandidates.find((file) => cadModel.test(file.path))!;
  const exfilDesign = [firstModel, ...exfilCandidates.filter((file) => file !== firstModel).slice(0, random.int(3, 7))];
  const supplierDesign = random
    .shuffle(
      designFiles.filter(
        (file) => file.path.endsWith('.pdf') && !exfilDesign.includes(file) && readyBefore(file.row, supplierStart),
      ),
    )
    .slice(0, random.int(2, 4));
  const copiedSet = new Set<FileRow>(exfilDesign.map((file) => file.row));
  for (const row of random
    .shuffle(salesRows.filter((each) => readyBefore(each, exfilStart)))
    .slice(0, random.int(1, 2)))
    copiedSet.add(row);
  // A shortcut is named after its target's file name, so a later local open of the same name would point it back to C:.
  // Files that went to a stick are opened locally only before that, and never from the share under the same name.
  const lastLocalOpen = new Map<string, number>();
  for (const row of copiedSet) lastLocalOpen.set(baseName(row.path).toLowerCase(), exfilStart - DAY);
  for (const file of supplierDesign) lastLocalOpen.set(baseName(file.path).toLowerCase(), supplierStart - DAY);
  const openLocally = (row: FileRow, count: number): void => {
    const from = Math.max(row.si[0].s, row.si[1].s) + 60;
    const to = lastLocalOpen.get(baseName(row.path).toLowerCase()) ?? utc(6, 27, 14);
    for (let index = 0; index < count; index++) if (from + 3600 < to) open(workTime(from, to), targetOfRow(row));
  };

  // Everyday work on the laptop.
  for (let index = 0; index < 170; index++) openLocally(pick(designFiles).row, 1);
  for (let index = 0; index < 45; index++) openLocally(pick(adminRows), 1);
  for (const row of salesRows) openLocally(row, random.int(1, 3));
  for (let index = 0; index < 16; index++) openLocally(pick([...downloadRows, ...unzippedRows]), 1);
  for (let index = 0; index < 40; index++) {
    const [project, parts] = pick([
      ['G4', G4_PARTS],
      ['H2', H2_PARTS],
      ['P7', P7_PARTS],
    ] as const);
    const [number, part] = pick(parts);
    const name = pick([
      `KTS-${project}-${number}_${part}_rev${revisions.get(`${project}-${number}`)}.pdf`,
      `${project} design review ${random.int(1, 12)}.pptx`,
      `${project} test plan.xlsx`,
      `${project} requirements.docx`,
    ]);
    if (lastLocalOpen.has(name.toLowerCase())) continue;
    const at = workTime(utc(3, 6), utc(6, 27, 14));
    open(at, {
      path: `\\\\kts-fs01\\engineering\\${project}\\${name.endsWith('.pdf') ? 'Released' : 'Reviews'}\\${name}`,
      created: at - random.int(10 * DAY, 200 * DAY),
      modified: at - random.int(DAY, 10 * DAY),
      size: bytes(60_000, 9_000_000),
      directory: false,
      volume: network,
    });
  }

  // The sticks and cards, each in its own sessions on E:.
  const photoTrip = pick(['Mallorca 2023', 'Lake Garda 2023', 'Norway 2022']);
  for (const session of photo.sessions) {
    for (let index = random.int(2, 4); index > 0; index--) {
      const created = random.int(utcYear(2022, 6, 1), utcYear(2023, 9, 30));
      open(session.start + random.int(60, session.end - session.start - 30), {
        path: `E:\\Fotos\\${photoTrip}\\IMG_${random.int(4000, 7999)}.JPG`,
        created,
        modified: created - random.int(0, 5 * DAY),
        size: bytes(2_000_000, 7_000_000),
        directory: false,
        volume: photo.volume,
      });
    }
  }
  for (const session of reader.sessions) {
    for (let index = random.int(1, 3); index > 0; index--) {
      const created = session.start - random.int(DAY, 20 * DAY);
      open(session.start + random.int(60, session.end - session.start - 30), {
        path: `E:\\DCIM\\100CANON\\IMG_${random.int(1000, 3999)}.JPG`,
        created,
        modified: created,
        size: bytes(4_000_000, 9_000_000),
        directory: false,
        volume: reader.volume,
      });
    }
  }
  for (const session of fair.sessions) {
    const created = utcYear(2024, 3, random.int(1, 28), 10);
    open(
      session.start + random.int(60, session.end - session.start - 30),
      {
        path: 'E:\\WindExpo 2024\\Exhibitor catalogue.pdf',
        created,
        modified: created - DAY,
        size: 18_341_990,
        directory: false,
        volume: fair.volume,
      },
      'both',
    );
  }
  const hddSession = hdd.sessions[random.int(0, hdd.sessions.length - 1)]!;
  const backupCreated = utcYear(2023, 11, random.int(1, 28), 18);
  open(hddSession.start + random.int(120, 600), {
    path: 'E:\\Backup old laptop\\Documents\\Contacts export.xlsx',
    created: backupCreated,
    modified: backupCreated - 3 * DAY,
    size: 48_221,
    directory: false,
    volume: hdd.volume,
  });
  for (const session of company.sessions) {
    if (session.start === supplierStart) continue;
    if (random.chance(0.6)) {
      const written = session.start + random.int(60, 300);
      open(Math.min(written + random.int(30, 600), session.end - 20), {
        path: `E:\\Meetings\\${pick(['Design review', 'Supplier meeting', 'Project status', 'Customer visit'])} ${secondsText(session.start).slice(0, 10)}.pptx`,
        created: written,
        modified: written - random.int(600, 5 * DAY),
        size: bytes(800_000, 12_000_000),
        directory: false,
        volume: company.volume,
      });
    }
  }
  const supplierFolder = `E:\\To ${pick(SUPPLIERS)}`;
  let supplierWrite = supplierStart + random.int(60, 200);
  const supplierNames: string[] = [];
  for (const file of supplierDesign) {
    supplierWrite += random.int(1, 6);
    supplierNames.push(baseName(file.path));
    open(
      Math.min(supplierWrite + random.int(60, 500), supplierEnd - 20),
      {
        path: `${supplierFolder}\\${baseName(file.path)}`,
        created: supplierWrite,
        modified: file.row.si[1].s,
        size: file.row.size,
        directory: false,
        volume: company.volume,
      },
      'both',
    );
  }

  // The stick used to take the files: the copy, then the files opened from it.
  const stickFolder = `E:\\${pick(STICK_FOLDERS)}`;
  let copyTime = exfilStart + random.int(70, 240);
  const firstCopy = copyTime;
  const exfilTargets: Target[] = [];
  /** The originals on C:, in the order of exfilTargets. */
  const exfilRows: FileRow[] = [];
  for (const row of random.shuffle([...copiedSet])) {
    exfilRows.push(row);
    exfilTargets.push({
      path: `${stickFolder}\\${baseName(row.path)}`,
      created: copyTime,
      modified: row.si[1].s,
      size: row.size,
      directory: false,
      volume: exfil.volume,
    });
    copyTime += Math.max(1, Math.round(row.size / 28_000_000)) + random.int(0, 2);
  }
  const lastCopy = copyTime;
  const cvCreated = eveningTime(firstCompetitorVisit + 2 * DAY, utc(6, 9, 21));
  const cvName = pick(['CV Tomas Rehn 2024.pdf', 'CV_T_Rehn_EN.pdf', 'Lebenslauf Tomas Rehn.pdf']);
  const cvTarget: Target = {
    path: `E:\\${cvName}`,
    created: cvCreated,
    modified: cvCreated - random.int(600, 3 * DAY),
    size: bytes(180_000, 900_000),
    directory: false,
    volume: exfil.volume,
  };
  let openAt = lastCopy + random.int(40, 120);
  const spacing = Math.floor((exfilEnd - 90 - openAt) / (exfilTargets.length + 2));
  const cvSlot = random.int(0, exfilTargets.length);
  let slot = 0;
  for (const target of random.shuffle(exfilTargets)) {
    if (slot === cvSlot) {
      open(openAt, cvTarget, 'lnk');
      openAt += random.int(20, spacing);
    }
    // CAD models are opened in SOLIDWORKS, so that its jump list (an artefact in the classification task) holds stick entries.
    const model = cadModel.test(target.path);
    open(openAt, target, slot === 0 || model ? 'both' : 'any', model ? APPS.solidworks : undefined);
    openAt += random.int(20, spacing);
    slot++;
  }
  if (cvSlot === exfilTargets.length) open(openAt, cvTarget, 'lnk');
  // Design files opened on C: while the stick was in (they stayed on the laptop).
  const localDuringSession = random
    .shuffle(
      designFiles.filter(
        (file) => !copiedSet.has(file.row) && !supplierDesign.includes(file) && file.row.si[1].s < exfilStart,
      ),
    )
    .slice(0, random.int(1, 2));
  for (const file of localDuringSession) open(random.int(firstCopy, exfilEnd - 60), targetOfRow(file.row), 'lnk');

  // Apply the opens in time order: a shortcut is created at the first open of a name and rewritten at each later one.
  opens.sort((a, b) => a.at - b.at);
  interface Entry {
    created: number;
    modified: number;
    target: Target;
    accessed: number;
  }
  const lnks = new Map<string, Entry>();
  const lnkNames = new Map<string, string>();
  const jumpLists = new Map<string, { app: App; entries: Map<string, Entry> }>();
  const touch = (map: Map<string, Entry>, key: string, at: number, target: Target): Entry => {
    const known = map.get(key);
    if (known) {
      known.modified = at;
      known.target = target;
      known.accessed = at;
      return known;
    }
    const made = { created: at, modified: at, target, accessed: at };
    map.set(key, made);
    return made;
  };
  for (const entry of opens) {
    if (entry.lnk) {
      const name = `${baseName(entry.target.path)}.lnk`;
      touch(lnks, name.toLowerCase(), entry.at, entry.target);
      lnkNames.set(name.toLowerCase(), name);
      if (entry.folder) {
        const folderName = `${baseName(entry.folder.path)}.lnk`;
        touch(lnks, folderName.toLowerCase(), entry.at + 1, entry.folder);
        lnkNames.set(folderName.toLowerCase(), folderName);
      }
    }
    if (entry.jump) {
      const list = jumpLists.get(entry.jump.id) ?? { app: entry.jump, entries: new Map<string, Entry>() };
      jumpLists.set(entry.jump.id, list);
      touch(list.entries, entry.target.path.toLowerCase(), entry.at, entry.target);
    }
  }

  const recentLines = [
    csvLine([
      'SourceType',
      'SourceFile',
      'SourceCreated',
      'SourceModified',
      'AppIdDescription',
      'TargetPath',
      'TargetCreated',
      'TargetModified',
      'TargetAccessed',
      'FileSize',
      'FileAttributes',
      'DriveType',
      'VolumeLabel',
      'VolumeSerialNumber',
    ]),
  ];
  // A folder's times as the shortcut recorded them at its last open.
  const targetFields = (entry: Entry): (string | number)[] => [
    entry.target.path,
    secondsText(Math.min(entry.target.created, entry.modified)),
    secondsText(Math.min(entry.target.modified, entry.modified)),
    secondsText(entry.target.directory ? Math.min(entry.target.modified, entry.modified) : entry.accessed),
    entry.target.size,
    entry.target.directory ? 'FILE_ATTRIBUTE_DIRECTORY' : 'FILE_ATTRIBUTE_ARCHIVE',
    entry.target.volume.driveType,
    entry.target.volume.label,
    entry.target.volume.serial,
  ];
  for (const [key, entry] of [...lnks].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const path = `${RECENT}\\${lnkNames.get(key)}`;
    recentLines.push(
      csvLine(['LNK', path, secondsText(entry.created), secondsText(entry.modified), '', ...targetFields(entry)]),
    );
    add(path, random.int(700, 2600), madeHere(moment(entry.created), moment(entry.modified)));
  }
  for (const { app, entries } of [...jumpLists.values()].sort((a, b) => (a.app.id < b.app.id ? -1 : 1))) {
    const path = `${JUMP_LISTS}\\${app.id}.automaticDestinations-ms`;
    const list = [...entries.values()].sort((a, b) => b.modified - a.modified);
    for (const entry of list)
      recentLines.push(
        csvLine([
          'JumpList',
          path,
          secondsText(entry.created),
          secondsText(entry.modified),
          app.name,
          ...targetFields(entry),
        ]),
      );
    add(
      path,
      4096 * random.int(4, 40),
      madeHere(
        moment(Math.min(...list.map((entry) => entry.created))),
        moment(Math.max(...list.map((entry) => entry.modified))),
      ),
    );
  }

  // --- The backdated file ------------------------------------------------------------------------------
  const [stompNumber, stompPart] = pick(G4_PARTS.filter(([number]) => number !== 1001));
  const stompRev = String.fromCharCode((revisions.get(`G4-${stompNumber}`) ?? 'C').charCodeAt(0) + 1);
  const stompExt = pick(['STEP', 'SLDPRT']);
  const stompYear = pick(archiveFolders);
  const stompName = `KTS-G4-${stompNumber}_${stompPart}_rev${stompRev}.${stompExt}`;
  const stompPath = `${stompYear}\\${stompName}`;
  // Always before September 2023, when the G4 project started: the fake date is an anachronism in every folder.
  const fakeBorn = random.int(utcYear(Number(stompYear.slice(-4)), 2, 1), utcYear(Number(stompYear.slice(-4)), 7, 31));
  const fakeWritten = fakeBorn + random.int(2 * DAY, 40 * DAY);
  const real = moment(stompRealCreated);
  add(stompPath, stompExt === 'STEP' ? bytes(2_000_000, 40_000_000) : bytes(400_000, 20_000_000), [
    [moment(fakeBorn, 0), moment(fakeWritten, 0), moment(fakeWritten, 0), moment(fakeWritten, 0)],
    [real, real, real, real],
  ]);
  const stompFolder = `${stompYear}\\`;
  const migratedDecoy = rows.find((row) => row.path.startsWith(stompFolder) && row.path !== stompPath)!;
  const copiedDecoy = designFiles.find(
    (file) => file.row.si[1].s < file.row.si[0].s && !copiedSet.has(file.row) && file.path !== FIXED_DESIGN_FILE,
  )!.row;

  // --- The reference hash set -------------------------------------------------------------------------------
  const reference: string[] = [];
  for (const sha of new Set(knownGood)) reference.push(`${sha.toUpperCase()},known-good`);
  for (let index = random.int(1500, 1900); index > 0; index--) reference.push(`${hash().toUpperCase()},known-good`);
  for (const sha of new Set(contrabandHashes)) reference.push(`${sha.toUpperCase()},known-contraband`);
  const listedContraband = new Set(contrabandHashes).size + random.int(28, 55);
  for (let index = new Set(contrabandHashes).size; index < listedContraband; index++)
    reference.push(`${hash().toUpperCase()},known-contraband`);
  reference.sort();
  // The registry's CSV export: a header, then one entry per line (release and categories in the exhibit's description).
  const referenceText = `${['SHA256,Category', ...reference].join('\n')}\n`;

  // --- USB records ------------------------------------------------------------------------------------------
  const regTime = (seconds: number): string => `${secondsText(seconds)}Z`;
  const usbLines = [
    'RegRipper 3.0 output, exhibit HP/0 (image of KTS-NB-0412), hives exported 5 July 2024',
    'Hive: C:\\Windows\\System32\\config\\SYSTEM',
    '',
    'usbstor v.20200515',
    '(System) Get USBStor key info',
    '',
    'USBStor',
    'ControlSet001\\Enum\\USBStor',
    '',
  ];
  const byKey = [...devices].sort((a, b) => (`${a.ven}${a.prod}` < `${b.ven}${b.prod}` ? -1 : 1));
  for (const each of byKey) {
    const first = each.sessions[0]!;
    const last = each.sessions.at(-1)!;
    const key = `Disk&Ven_${each.ven}&Prod_${each.prod}&Rev_${each.rev}`;
    usbLines.push(
      `${key} [${regTime(last.start)}]`,
      `  S/N: ${each.instance} [${regTime(last.start)}]`,
      `  Device Parameters LastWrite: [${regTime(first.start + 2)}]`,
      `  Properties LastWrite       : [${regTime(last.start)}]`,
      `    FriendlyName          : ${each.friendly}`,
      `    InstallDate           : ${regTime(first.start)}`,
      `    FirstInstallDate      : ${regTime(first.start)}`,
      `    LastArrivalDate       : ${regTime(last.start)}`,
      `    LastRemovalDate       : ${regTime(last.end)}`,
      '',
    );
  }
  const volumeGuid = new Map(
    devices.map((each) => [each, `{${random.hex(8)}-${random.hex(4)}-11ef-${random.hex(4)}-${random.hex(12)}}`]),
  );
  const deviceString = (each: Device): string =>
    `_??_USBSTOR#Disk&Ven_${each.ven}&Prod_${each.prod}&Rev_${each.rev}#${each.instance}#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}`;
  const lastE = [...devices].sort((a, b) => b.sessions.at(-1)!.start - a.sessions.at(-1)!.start)[0]!;
  usbLines.push(
    'mountdev2 v.20200517',
    '(System) Return contents of System hive MountedDevices key',
    '',
    'MountedDevices',
    `LastWrite time = ${regTime(lastE.sessions.at(-1)!.start + 1)}`,
    '',
    'Volume GUIDs:',
    `  \\??\\Volume{${random.hex(8)}-0000-0000-0000-100000000000}`,
    `    Drive Signature = ${random.hex(8)} (GPT partition on the internal NVMe disk)`,
  );
  for (const each of [...devices].sort((a, b) => a.sessions[0]!.start - b.sessions[0]!.start))
    usbLines.push(`  \\??\\Volume${volumeGuid.get(each)}`, `    ${deviceString(each)}`);
  usbLines.push(
    '',
    'Drive letters:',
    '  \\DosDevices\\C:',
    `    Drive Signature = ${random.hex(8)} (GPT partition on the internal NVMe disk)`,
    '  \\DosDevices\\E:',
    `    ${deviceString(lastE)}`,
    '',
    '',
    'Hive: C:\\Windows\\System32\\config\\SOFTWARE',
    '',
    'port_dev v.20200525',
    '(Software) Parses Windows Portable Devices key contents',
    '',
    'Microsoft\\Windows Portable Devices\\Devices',
    '',
  );
  for (const each of [...devices].sort((a, b) => a.sessions[0]!.start - b.sessions[0]!.start)) {
    usbLines.push(
      `Device    : SWD#WPDBUSENUM#${deviceString(each).toUpperCase()}`,
      `LastWrite : ${regTime(each.sessions.at(-1)!.start + 3)}`,
      `SN        : ${each.instance}`,
      `Drive     : ${each.volume.label || 'E:\\'}`,
      '',
    );
  }
  const usbText = usbLines.join('\n');

  // --- Partition/Diagnostic events --------------------------------------------------------------------------
  interface DiskEvent {
    at: Moment;
    fields: (string | number)[];
  }
  const diskEvents: DiskEvent[] = [];
  const internal = [
    '0',
    '17',
    'NVMe',
    'KXG80ZNV512G KIOXIA',
    '1106AERA',
    '0000_0000_0100_0000_8CE3_8E10_0113_2A4F.',
    'PCI\\VEN_1E0F&DEV_0001&SUBSYS_0B7F1028&REV_00\\4&2d3c1e5a&0&00E8',
    512_110_190_592,
    4,
  ];
  diskEvents.push({ at: moment(WINDOWS_INSTALLED - random.int(1500, 2400)), fields: internal });
  for (let day = utc(3, 5); day <= utc(6, 28); day += DAY) {
    if (isWeekend(day) && random.chance(0.6)) continue;
    const boot = day + random.int(5 * 3600 + 1200, 6 * 3600 + 1500);
    diskEvents.push({ at: moment(boot + 9), fields: internal });
  }
  for (const each of devices) {
    const parent = `USB\\VID_${each.vid}&PID_${each.pid}\\${each.serial || `6&${random.hex(8)}&0&1`}`;
    for (const session of each.sessions) {
      const common = [random.int(1, 2), 7, each.manufacturer, each.model, each.rev, each.serial, parent];
      diskEvents.push({ at: moment(session.start + random.int(1, 3)), fields: [...common, each.capacity, 1] });
      diskEvents.push({ at: moment(session.end + random.int(0, 1)), fields: [...common, 0, 0] });
    }
  }
  diskEvents.sort((a, b) => a.at.s - b.at.s || a.at.f - b.at.f);
  const diskLines = [
    csvLine([
      'TimeCreated',
      'EventId',
      'Computer',
      'DiskNumber',
      'BusType',
      'Manufacturer',
      'Model',
      'Revision',
      'SerialNumber',
      'ParentId',
      'Capacity',
      'PartitionCount',
    ]),
  ];
  for (const event of diskEvents) diskLines.push(csvLine([mftText(event.at), 1006, COMPUTER, ...event.fields]));

  // --- Browser history --------------------------------------------------------------------------------------
  const visits: Visit[] = [];
  const visit = (seconds: number, url: string, title: string, transition = 'link'): void => {
    visits.push({ url, title, time: seconds * 1_000_000 + random.int(0, 999_999), transition });
  };
  const slug = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-|-$/gu, '');
  const competitorSlug = slug(competitorName);
  const searchTerms = [
    'iso 6336 pitting safety factor',
    'planetary gear load sharing factor',
    'spherical roller bearing internal clearance',
    'gearbox oil temperature limit',
    'fea contact stress gear tooth',
    'solidworks flexible subassembly',
    'yaw drive backlash adjustment',
    'din 6885 keyway dimensions',
    'en-gjs-400-18 properties',
    'tolerance stack up worst case',
    'shrink fit calculation',
    'labyrinth seal design',
    'weather haldern',
    'train times haldern',
    'football results',
    'pizza haldern',
    'iso 1328 gear accuracy',
    'bolt preload vdi 2230',
    'vibration analysis gearbox sidebands',
    'bearing l10 life calculation',
  ];
  const news = [
    'economy/interest-rates-hold',
    'sport/cup-final-report',
    'local/haldern-bridge-works',
    'tech/new-phone-review',
    'weather/heatwave-warning',
    'energy/offshore-wind-auction-results',
    'industry/steel-prices-fall',
    'politics/budget-debate',
    'local/festival-programme',
    'energy/grid-expansion-plan',
  ];
  const intranetPages: [string, string][] = [
    ['', 'Kestrel Intranet – Home'],
    ['news', 'News – Kestrel Intranet'],
    ['canteen/menu', 'Canteen menu – Kestrel Intranet'],
    ['hr/leave', 'Leave requests – Kestrel Intranet'],
    ['it/helpdesk', 'IT helpdesk – Kestrel Intranet'],
    ['projects/g4', 'G4 gearbox – project room'],
    ['projects/h2', 'H2 yaw drive – project room'],
    ['quality/ncr', 'Non-conformance reports – Kestrel Intranet'],
  ];
  for (let day = utc(3, 5); day <= utc(6, 28); day += DAY) {
    const weekend = isWeekend(day);
    const lastSecond = day === utc(6, 28) ? LAST_USE - 1800 : day + 21 * 3600 + 1800;
    const count = weekend ? random.int(0, 10) : random.int(20, 38);
    for (let index = 0; index < count; index++) {
      const evening = weekend || random.chance(0.18);
      const at = evening ? day + random.int(16 * 3600, 21 * 3600) : day + random.int(6 * 3600, 15 * 3600);
      if (at > lastSecond || at < MIGRATION_START + 3600) continue;
      const roll = random.next();
      if (!evening && roll < 0.22) {
        const [path, title] = pick(intranetPages);
        visit(
          at,
          `https://intranet.kestrel-turbines.example/${path}`,
          title,
          random.chance(0.3) ? 'auto_bookmark' : 'link',
        );
      } else if (!evening && roll < 0.4) {
        visit(
          at,
          'https://mail.kestrel-turbines.example/owa/#path=/mail/inbox',
          'Mail – Tomas Rehn – Outlook',
          random.chance(0.5) ? 'typed' : 'reload',
        );
      } else if (!evening && roll < 0.52) {
        const [project, parts] = pick([
          ['G4', G4_PARTS],
          ['H2', H2_PARTS],
          ['P7', P7_PARTS],
        ] as const);
        const [number, part] = pick(parts);
        visit(
          at,
          `https://plm.kestrel-turbines.example/items/KTS-${project}-${number}`,
          `KTS-${project}-${number} ${part} – PLM`,
          'link',
        );
      } else if (roll < 0.68) {
        const terms = pick(searchTerms);
        visit(at, `https://search.example/search?q=${terms.replace(/ /gu, '+')}`, `${terms} - Search`, 'generated');
        if (random.chance(0.6)) {
          const host = pick([
            'bearings.example.net/catalogue',
            'gears.example.org/knowledge',
            'standards.example.org/iso',
            'wiki.example.org/wiki',
            'forum.example.com/engineering/thread',
          ]);
          visit(
            at + random.int(3, 20),
            `https://${host}/${slug(terms)}`,
            `${terms.charAt(0).toUpperCase()}${terms.slice(1)}`,
            'link',
          );
        }
      } else if (roll < 0.8) {
        const story = pick(news);
        visit(
          at,
          `https://news.example.com/${story}`,
          `${story.split('/')[1]!.replace(/-/gu, ' ')} – Example News`,
          'link',
        );
      } else if (roll < 0.88) {
        visit(
          at,
          `https://video.example/watch?v=${random.hex(11)}`,
          pick([
            'Gearbox teardown',
            'Planetary gear animation',
            'Cup highlights',
            'How bearings fail',
            'Lathe restoration',
          ]),
          'link',
        );
      } else if (roll < 0.95) {
        visit(
          at,
          pick([
            'https://profinet.example/feed',
            'https://profinet.example/messaging',
            `https://profinet.example/in/${pick(['anna-berg', 'li-wei', 'jan-kowalski', 'sara-lind'])}`,
          ]),
          'Profinet',
          'link',
        );
      } else {
        visit(at, `https://weather.example/forecast/haldern`, 'Haldern weather forecast', 'typed');
      }
    }
  }
  // A supplier sent a file with the sharing service in April: a download, not an upload.
  const sharingDownload = workTime(utc(4, 8), utc(4, 30));
  const downloadId = random.hex(10);
  visit(sharingDownload, `https://www.${sharingDomain}/d/${downloadId}`, `Download files – ${sharingName}`, 'link');
  visit(
    sharingDownload + random.int(8, 40),
    `https://www.${sharingDomain}/d/${downloadId}/done`,
    `Download complete – ${sharingName}`,
    'link',
  );
  // The upload.
  visit(uploadTime - random.int(20, 50), `https://www.${sharingDomain}/`, `${sharingName} – send large files`, 'typed');
  visit(uploadTime, `https://www.${sharingDomain}/upload`, `Upload files – ${sharingName}`, 'link');
  visit(
    uploadTime + random.int(120, 900),
    `https://www.${sharingDomain}/transfer/${random.hex(12)}`,
    `Transfer complete – ${sharingName}`,
    'link',
  );
  // The competitor: a news article first, then the first visit through a redirect, then the application.
  const newsVisit = eveningTime(utc(4, 2), firstCompetitorVisit - 2 * DAY);
  const newsUrl = `https://news.example.com/energy/${competitorSlug}-wins-offshore-gearbox-order`;
  visit(newsVisit, newsUrl, `${competitorName} wins offshore gearbox order – Example News`, 'link');
  const viaSearch = random.chance(0.5);
  const firstUrl = viaSearch
    ? `https://www.${competitorDomain}/`
    : `https://jobs.${competitorDomain}/positions/${random.int(1000, 9999)}-senior-design-engineer-drivetrain`;
  const redirectAt = firstCompetitorVisit - random.int(1, 2);
  if (viaSearch) {
    const query = `${competitorName.toLowerCase()} careers`;
    visit(
      firstCompetitorVisit - random.int(12, 40),
      `https://search.example/search?q=${query.replace(/ /gu, '+')}`,
      `${query} - Search`,
      'generated',
    );
    visit(redirectAt, `https://search.example/url?q=${firstUrl}&sa=U&ved=${random.hex(16)}`, '', 'link');
    visit(firstCompetitorVisit, firstUrl, `${competitorName} – drive technology for wind energy`, 'link');
  } else {
    const adId = random.int(3_000_000, 3_999_999);
    visit(
      firstCompetitorVisit - random.int(30, 90),
      `https://profinet.example/jobs/view/${adId}`,
      `Senior Design Engineer Drivetrain – ${competitorName} – Profinet Jobs`,
      'link',
    );
    visit(redirectAt, `https://profinet.example/redir?url=${firstUrl}&src=job-${adId}`, '', 'link');
    visit(firstCompetitorVisit, firstUrl, `Senior Design Engineer Drivetrain – ${competitorName} Careers`, 'link');
  }
  visit(
    firstCompetitorVisit + random.int(40, 200),
    `https://www.${competitorDomain}/careers`,
    `Careers – ${competitorName}`,
    'link',
  );
  const laterCompetitor: [string, string, string][] = [
    [
      `https://jobs.${competitorDomain}/apply/senior-design-engineer-drivetrain`,
      `Apply – ${competitorName} Careers`,
      'form_submit',
    ],
    [`https://jobs.${competitorDomain}/candidate/status`, `Your application – ${competitorName} Careers`, 'typed'],
    [`https://www.${competitorDomain}/en/products/gearboxes`, `Gearboxes – ${competitorName}`, 'link'],
    [`https://www.${competitorDomain}/en/company/locations`, `Locations – ${competitorName}`, 'link'],
    [`https://jobs.${competitorDomain}/candidate/messages`, `Messages – ${competitorName} Careers`, 'link'],
  ];
  for (let index = random.int(6, 11); index > 0; index--) {
    const [url, title, transition] = pick(laterCompetitor);
    visit(eveningTime(firstCompetitorVisit + DAY, utc(6, 27, 21)), url, title, transition);
  }
  visits.sort((a, b) => a.time - b.time);
  const counts = new Map<string, number>();
  for (const each of visits) counts.set(each.url, (counts.get(each.url) ?? 0) + 1);
  const historyLines = [csvLine(['url', 'title', 'visit_time', 'visit_count', 'transition'])];
  for (const each of visits) {
    const seconds = Math.floor(each.time / 1_000_000);
    historyLines.push(
      csvLine([
        each.url,
        each.title,
        `${secondsText(seconds).replace(' ', 'T')}.${String(each.time % 1_000_000).padStart(6, '0')}Z`,
        counts.get(each.url)!,
        each.transition,
      ]),
    );
  }

  // --- Namesakes on C: of the files that left ---------------------------------------------------------------
  // Drawn after everything else, so that they only add rows to the listing and leave the rest of a seed's evidence
  // as it was. Some of the files copied to the stick have a namesake in another folder: an older revision a colleague
  // mailed (saved in Outlook's attachment cache) or a superseded working copy in an "old" folder. Other content, size
  // and times: only the name, the size and the modified time of a copy together tie it to its original.
  const outlookCache = `${HOME}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${random.hex(8).toUpperCase()}`;
  const twinsOf = random.shuffle(exfilRows);
  const twinCount = random.int(2, Math.max(2, Math.ceil(twinsOf.length / 2)));
  const twinRows: FileRow[] = [];
  for (const [index, original] of twinsOf.slice(0, twinCount).entries()) {
    const name = baseName(original.path);
    const size = Math.round(
      original.size * (random.chance(0.5) ? 0.82 + random.next() * 0.15 : 1.03 + random.next() * 0.2),
    );
    // The first namesake is always in the attachment cache, the second always in an "old" folder, the rest either.
    const mailed = index === 0 || (index > 1 && random.chance(0.5));
    const at = moment(workTime(utc(3, 11), exfilStart - 2 * DAY));
    const row = mailed
      ? add(`${outlookCache}\\${name}`, size, madeHere(at))
      : add(
          `${parentOf(original.path)}\\old\\${name}`,
          size,
          copiedAt(at, moment(Math.min(original.si[1].s, at.s) - random.int(2, 40) * DAY - random.int(600, 4 * 3600))),
        );
    if (row) twinRows.push(row);
  }

  // --- The file listing -----------------------------------------------------------------------------------
  const sorted = rows
    .map((row) => ({ key: row.path.toLowerCase(), row }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const listingLines = [
    csvLine([
      'FullPath',
      'FileSize',
      'SI_Created',
      'SI_Modified',
      'SI_Accessed',
      'SI_MFTChanged',
      'FN_Created',
      'FN_Modified',
      'FN_Accessed',
      'FN_MFTChanged',
      'SHA256',
    ]),
  ];
  for (const { row } of sorted) {
    const [siB, siM, siA, siC] = row.si;
    const [fnB, fnM, fnA, fnC] = row.fn;
    listingLines.push(
      `${csvField(row.path)},${row.size},${mftText(siB)},${mftText(siM)},${mftText(siA)},${mftText(siC)},${mftText(fnB)},${mftText(fnM)},${mftText(fnA)},${mftText(fnC)},${row.sha}`,
    );
  }

  // --- Answers ------------------------------------------------------------------------------------------------
  const contrabandSet = new Set(contrabandHashes);
  const contrabandRows = rows.filter((row) => contrabandSet.has(row.sha));
  const artefacts: [string, string][] = [
    ['A', itemPhoto],
    ['B', `${SOLIDWORKS_SAMPLES}\\gearbox\\planet_carrier.SLDPRT`],
    ['C', 'C:\\Windows\\System32\\config\\SYSTEM'],
    ['D', lookalikePhoto],
    ['E', itemRecycled],
    ['F', FIXED_DESIGN_FILE],
    ['G', 'C:\\Windows\\System32\\WindowsCodecs.dll'],
    ['H', itemVideo],
    ['I', JUMP_LIST_OF_SOLIDWORKS],
  ];
  const labelOf = (path: string): string => {
    if (contrabandSet.has(byPath.get(path.toLowerCase())!.sha)) return 'contraband';
    if (path === FIXED_DESIGN_FILE || path.endsWith('\\SYSTEM') || path === JUMP_LIST_OF_SOLIDWORKS) return 'relevant';
    return 'irrelevant';
  };
  const artefactLabels = Object.fromEntries(artefacts.map(([id, path]) => [id, labelOf(path)]));
  // What judging by name and folder gives: photos in "unsorted" look bad, the SOLIDWORKS sample looks like a design file, system files look irrelevant.
  const byAppearance = artefacts
    .map(
      ([id, path]) =>
        `${id}: ${path.includes('\\unsorted\\') ? 'contraband' : /\.sldprt$/iu.test(path) ? 'relevant' : 'irrelevant'}`,
    )
    .join('\n');
  const recycledFlipped = artefacts
    .map(
      ([id]) =>
        `${id}: ${id === 'E' ? (artefactLabels.E === 'contraband' ? 'irrelevant' : 'contraband') : artefactLabels[id]}`,
    )
    .join('\n');

  const copiedNamesList = exfilTargets.map((target) => baseName(target.path));
  const designCopied = copiedNamesList.filter((name) => name.startsWith('KTS-'));
  const nonDesignCopied = copiedNamesList.filter((name) => !name.startsWith('KTS-'));
  const exfilEntryCount =
    [...lnks.values()].filter((entry) => entry.target.volume === exfil.volume).length +
    [...jumpLists.values()].reduce(
      (sum, list) => sum + [...list.entries.values()].filter((entry) => entry.target.volume === exfil.volume).length,
      0,
    );

  // The originals of the files that left, for the hash task: the row on C: each copy was made from.
  const copiedHashes = exfilRows.map((row) => row.sha);
  const supplierHashes = supplierDesign.map((file) => file.row.sha);
  const mdPath = (path: string): string => `\`${path}\``;
  const copiedOriginals = exfilTargets
    .map((target, index) => {
      const row = exfilRows[index]!;
      return `| \`${target.path}\` | ${mdPath(row.path)} | ${row.size} | ${secondsText(row.si[1].s)} | \`${row.sha}\` |`;
    })
    .join('\n');
  const twinsText = twinRows
    .map((row) => `- ${mdPath(row.path)}: ${row.size} bytes, modified ${secondsText(row.si[1].s)} UTC`)
    .join('\n');

  const events: [string, number][] = [
    ['competitor-site', firstCompetitorVisit],
    ['supplier-stick', supplierStart + 60],
    ['stick-connected', exfilStart],
    ['copy-to-stick', firstCopy],
    ['backdated-file', stompRealCreated],
    ['upload-page', uploadTime],
  ];
  const eventOrder = [...events].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const swapped = [...eventOrder];
  const connectAt = swapped.indexOf('stick-connected');
  [swapped[connectAt], swapped[connectAt + 1]] = [swapped[connectAt + 1]!, swapped[connectAt]!];

  return {
    files: {
      'evidence/file-listing.csv': `${listingLines.join('\n')}\n`,
      'evidence/browser-history.csv': `${historyLines.join('\n')}\n`,
      'evidence/recent-items.csv': `${recentLines.join('\n')}\n`,
      'evidence/usb-registry.txt': `${usbText}\n`,
      'evidence/partition-diagnostic.csv': `${diskLines.join('\n')}\n`,
      'evidence/nrhs-reference.csv': referenceText,
    },
    values: {
      competitor_name: competitorName,
      competitor_domain: competitorDomain,
      sharing_domain: sharingDomain,
      issued_stick_serial: company.serial,

      artefact_labels: artefactLabels,
      artefact_labels_text: artefacts.map(([id]) => `${id} ${artefactLabels[id]}`).join(', '),
      artefact_labels_typed: artefacts
        .map(([id]) => `${id.toLowerCase()} = ${LABEL_TEXTS[artefactLabels[id]!]}`)
        .join('\n'),
      artefact_labels_by_appearance: byAppearance,
      artefact_labels_recycled_flipped: recycledFlipped,
      contraband_paths: contrabandRows.map((row) => row.path),

      contraband_files: contrabandRows.length,
      contraband_hashes: String(contrabandSet.size),
      contraband_list_entries: String(listedContraband),

      exfil_serial: exfil.serial,
      exfil_instance: exfil.instance,
      exfil_model: exfil.friendly,
      exfil_volume_serial: exfil.volume.serial,
      exfil_connected: `${secondsText(exfilStart)} UTC`,
      exfil_removed: `${secondsText(exfilEnd)} UTC`,
      exfil_first_copy: `${secondsText(firstCopy)} UTC`,
      exfil_last_copy: `${secondsText(lastCopy - 1)} UTC`,
      stick_folder: stickFolder,
      mounted_e_serial: lastE.serial,
      hdd_serial: hdd.serial,

      files_copied: copiedNamesList.length,
      files_copied_with_cv: String(copiedNamesList.length + 1),
      files_copied_with_cv_and_folder: String(copiedNamesList.length + 2),
      exfil_entry_count: String(exfilEntryCount),
      design_copied_count: String(designCopied.length),
      copied_design_files: designCopied,
      copied_non_design_files: nonDesignCopied,
      cv_name: cvName,
      supplier_files: supplierNames,
      supplier_first_file: supplierNames[0]!,
      local_during_session: baseName(localDuringSession[0]!.path),
      copied_original_hashes: copiedHashes,
      copied_original_hashes_upper: copiedHashes.map((sha) => sha.toUpperCase()).join('\n'),
      copied_originals_table: copiedOriginals,
      copied_hashes_with_namesakes: [...copiedHashes, ...twinRows.map((row) => row.sha)].join('\n'),
      copied_hashes_with_supplier: [...copiedHashes, ...supplierHashes].join('\n'),
      copied_hashes_with_local: [...copiedHashes, byPath.get(localDuringSession[0]!.path.toLowerCase())!.sha].join(
        '\n',
      ),
      copied_design_hashes_only: exfilRows
        .filter((row) => baseName(row.path).startsWith('KTS-'))
        .map((row) => row.sha)
        .join('\n'),
      namesakes_text: twinsText,

      timestomped_name: stompName,
      timestomped_path: stompPath,
      timestomped_si_created: mftText(moment(fakeBorn, 0)),
      timestomped_fn_created: mftText(real),
      migrated_decoy_path: migratedDecoy.path,
      unzipped_decoy_path: unzippedRows[0]!.path,
      copied_decoy_path: copiedDecoy.path,

      competitor_first_visit: isoZ(firstCompetitorVisit),
      competitor_first_visit_local: isoLocal(firstCompetitorVisit),
      competitor_utc_read_as_local: `${secondsText(firstCompetitorVisit).replace(' ', 'T')}+02:00`,
      competitor_local_read_as_utc: `${isoLocal(firstCompetitorVisit).slice(0, 19)}Z`,
      competitor_first_url: firstUrl,
      competitor_redirect_visit: isoZ(redirectAt),
      competitor_news_visit: isoZ(newsVisit),

      event_order: eventOrder,
      event_order_text: eventOrder.join(' > '),
      event_order_swapped: swapped.join(' > '),
      supplier_time: `${secondsText(supplierStart)} UTC`,
      upload_time: `${secondsText(uploadTime)} UTC`,
      first_competitor_time: `${secondsText(firstCompetitorVisit)} UTC`,
    },
  };
};

export default generate;
