import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "fileserver-bruteforce". It reads only the four exhibits, the way
 * an analyst would: parse both syslog files in order (auth.log.1 is the older), expand rsyslog's
 * "message repeated N times" lines into N events, then filter, count and correlate; then read the
 * shell history and the examiner's hash list. Facts taken from the brief: the log is from 2024 and
 * the server's clock runs on UTC+01:00 in November.
 */

interface LogEvent {
  month: string;
  day: number;
  time: string;
  program: string;
  message: string;
}

const SYSLOG_LINE = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d:\d\d:\d\d) \S+ ([^\s:[]+)(?:\[\d+\])?: (.*)$/u;
const REPEATED = /^message repeated (\d+) times: \[ (.*)\]$/u;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every event of the logs in order; a repeat line becomes that many copies of the message it repeats. */
function readEvents(...files: string[]): LogEvent[] {
  const events: LogEvent[] = [];
  for (const text of files) {
    for (const line of text.split('\n')) {
      const match = SYSLOG_LINE.exec(line);
      if (!match) continue;
      const [, month, day, time, program, message] = match as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const repeat = REPEATED.exec(message);
      const copies = repeat ? Number(repeat[1]) : 1;
      for (let copy = 0; copy < copies; copy++)
        events.push({ month, day: Number(day), time, program, message: repeat ? repeat[2]! : message });
    }
  }
  return events;
}

const ACCEPTED = /^Accepted (password|publickey) for (\S+) from (\S+) port \d+/u;
const FAILED = /^Failed password for (invalid user )?(\S+) from (\S+) port \d+/u;

export const solve: LabSolver = (evidence) => {
  const text = (id: string) => {
    const file = evidence.get(id);
    if (!file) throw new Error(`missing evidence ${id}`);
    return file.toString('utf8');
  };
  const events = readEvents(text('auth-log-1'), text('auth-log')).filter((event) => event.program === 'sshd');

  // Failures per address, and the addresses that got in with a password.
  const failures = new Map<string, number>();
  const passwordLogins: { user: string; from: string; event: LogEvent }[] = [];
  for (const event of events) {
    const failed = FAILED.exec(event.message);
    if (failed) failures.set(failed[3]!, (failures.get(failed[3]!) ?? 0) + 1);
    const accepted = ACCEPTED.exec(event.message);
    if (accepted && accepted[1] === 'password') passwordLogins.push({ user: accepted[2]!, from: accepted[3]!, event });
  }
  const attacker = [...new Set(passwordLogins.map((login) => login.from))].sort(
    (a, b) => (failures.get(b) ?? 0) - (failures.get(a) ?? 0),
  )[0]!;
  const firstLogin = passwordLogins.find((login) => login.from === attacker)!;

  const existing = new Set<string>([firstLogin.user]);
  for (const event of events) {
    const failed = FAILED.exec(event.message);
    if (failed && failed[3] === attacker && !failed[1]) existing.add(failed[2]!);
  }

  const { month, day, time } = firstLogin.event;
  const firstLoginIso = `2024-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}+01:00`;

  // The history: which download was the program that was started, and the order of the actions.
  const history = text('bash-history')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const downloads = new Map<string, string>();
  for (const line of history) {
    const fetched = /^(?:wget|curl)\b.*?(https?:\/\/\S+)/u.exec(line);
    if (!fetched) continue;
    const named = /\s-o\s+(\S+)/u.exec(line) ?? /\s-O\s+(\S+)/u.exec(line.startsWith('wget') ? line : '');
    downloads.set(named ? named[1]!.split('/').pop()! : fetched[1]!.split('/').pop()!, fetched[1]!);
  }
  const started = history
    .map((line) => /^(?:nohup\s+)?\.\/(\S+)/u.exec(line)?.[1])
    .find((name) => name !== undefined && downloads.has(name))!;
  const url = downloads.get(started)!;

  const hashes = text('examination-notes')
    .split('\n')
    .map((line) => /^([0-9a-f]{64})\s+(\S+)$/u.exec(line.trim()))
    .filter((match) => match !== null);
  const programHash = hashes.find((match) => match[2]!.endsWith(`/${started}`))![1]!;

  const classify = (line: string): string | undefined => {
    if (/\|\s*crontab\s+-\s*$/u.test(line)) return 'cron-entry';
    if (/^(?:whoami|id|uname)\b/u.test(line)) return 'system-info';
    if (/\/etc\/passwd/u.test(line)) return 'account-list';
    if (/^(?:wget|curl)\b/u.test(line)) return 'fetch-file';
    if (/^chmod\s+\+x\b/u.test(line) || /^(?:nohup\s+)?\.\//u.test(line)) return 'run-program';
    if (/^sudo\b|^su\b/u.test(line)) return 'sudo-root';
    if (/^(?:rm|shred|truncate)\b.*\/var\/log/u.test(line)) return 'wipe-logs';
    if (/^(?:scp|rsync|smbclient)\b/u.test(line)) return 'copy-shares';
    return undefined;
  };
  const order: string[] = [];
  for (const line of history) {
    const action = classify(line);
    if (action && !order.includes(action)) order.push(action);
  }

  return {
    'attacker-ip': attacker,
    'failed-attempts': String(failures.get(attacker) ?? 0),
    'compromised-account': firstLogin.user,
    'existing-targets': [...existing],
    'first-login': firstLoginIso,
    'proof-line': 'accepted',
    'download-url': url,
    'download-hash': programHash,
    'action-order': order,
  };
};
