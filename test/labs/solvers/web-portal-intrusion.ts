import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of the lab "Intrusion through a public web portal". It reads only the three
 * exhibits and works as an analyst would: parse every access log line, find the web shell (a script
 * under /uploads/ answering 200 to a query), take its client as the intruder, and follow that address
 * through the log. The error log and the hosting note are used to corroborate, as a statement would.
 */

/**
 * The usual regular expression for Apache's combined format,
 * ^(\S+) \S+ \S+ \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+) "([^"]*)" "([^"]*)"$, with the user field (%u)
 * captured as well: it accepts exactly the same lines. Every line must match it.
 */
const COMBINED = /^(\S+) \S+ (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+) "([^"]*)" "([^"]*)"$/u;
const APACHE_TIME = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/u;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Extensions the server's PHP handler executes (hosting note: FilesMatch ".+\.ph(ar|p|tml)$"). */
const PHP_EXECUTES = /\.ph(?:ar|p|tml)$/u;
const SQL_SYNTAX = /['"]|\b(?:union|select|order\s+by|sleep|and|or)\b\s*[\d('"]/iu;

interface Hit {
  line: number;
  ip: string;
  user: string;
  /** The time stamp as logged, e.g. "08/Oct/2024:20:05:45 +0200". */
  logged: string;
  method: string;
  path: string;
  query: string;
  status: number;
  bytes: number;
  agent: string;
}

function parseApacheTime(text: string): number {
  const match = APACHE_TIME.exec(text);
  if (!match) throw new Error(`unreadable time stamp ${text}`);
  const [, day, month, year, hour, minute, second, sign, offsetHours, offsetMinutes] = match;
  const local = Date.UTC(
    Number(year),
    MONTHS.indexOf(month!),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return local - offset;
}

function parseAccessLog(text: string): Hit[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => {
    const match = COMBINED.exec(line);
    if (!match) throw new Error(`access log line ${index + 1} is not in combined format: ${line}`);
    const [, ip, user, logged, request, status, size, , agent] = match;
    const [method, target, protocol, extra] = request!.split(' ');
    if (!method || !target || !protocol || extra !== undefined)
      throw new Error(`access log line ${index + 1}: unexpected request ${request}`);
    const question = target.indexOf('?');
    return {
      line: index + 1,
      ip: ip!,
      user: user!,
      logged: logged!,
      method,
      path: question === -1 ? target : target.slice(0, question),
      query: question === -1 ? '' : target.slice(question + 1),
      status: Number(status),
      bytes: size === '-' ? 0 : Number(size),
      agent: agent!,
    };
  });
}

/** Form decoding: "+" is a space, %XX a byte. */
function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/gu, ' '));
  } catch {
    return value;
  }
}

function parameters(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
  });
}

function only<T>(values: Iterable<T>, what: string): T {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1)
    throw new Error(`expected exactly one ${what}, found ${distinct.length}: ${distinct.slice(0, 5).join(', ')}`);
  return distinct[0]!;
}

function evidenceText(evidence: Map<string, Buffer>, id: string): string {
  const content = evidence.get(id);
  if (!content) throw new Error(`evidence ${id} missing`);
  return content.toString('utf8');
}

export const solve: LabSolver = (evidence) => {
  const hits = parseAccessLog(evidenceText(evidence, 'access-log'));
  const errorLog = evidenceText(evidence, 'error-log');
  const notes = evidenceText(evidence, 'hosting-notes');
  const documentRoot = /DocumentRoot:\s+(\S+)/u.exec(notes)?.[1];
  if (!documentRoot) throw new Error('the hosting note names no DocumentRoot');

  // The web shell: a script PHP executes, in the uploads folder, answering 200 to a query.
  const shellHits = hits.filter(
    (hit) => hit.path.startsWith('/uploads/') && PHP_EXECUTES.test(hit.path) && hit.status === 200 && hit.query !== '',
  );
  const intruder = only(
    shellHits.map((hit) => hit.ip),
    'address using the web shell',
  );
  const shellPath = only(
    shellHits.map((hit) => hit.path),
    'web shell',
  );

  // Everything the intruder did, in the order it happened (the file is in the order requests finished).
  const mine = hits
    .filter((hit) => hit.ip === intruder)
    .map((hit) => ({ ...hit, millis: parseApacheTime(hit.logged) }))
    .sort((a, b) => a.millis - b.millis || a.line - b.line);
  const agent = only(
    mine.map((hit) => hit.agent),
    'User-Agent of the intruder',
  );
  if (hits.some((hit) => hit.agent === agent && hit.ip !== intruder))
    throw new Error("the intruder's User-Agent is also used by others");
  const account = only(
    mine.filter((hit) => hit.user !== '-').map((hit) => hit.user),
    'account of the intruder',
  );

  const firstProbe = mine.find((hit) => parameters(hit.query).some(([, value]) => SQL_SYNTAX.test(value)));
  if (!firstProbe) throw new Error('no SQL injection from the intruder');

  const unionHits = mine.filter((hit) =>
    parameters(hit.query).some(([, value]) => /union\s+(?:all\s+)?select/iu.test(value)),
  );
  const injected = only(
    unionHits.flatMap((hit) =>
      parameters(hit.query)
        .filter(([, value]) => /union\s+(?:all\s+)?select/iu.test(value))
        .map(([name]) => name),
    ),
    'injected parameter',
  );
  // Corroboration: the error log's failed queries from the intruder's address name the same script.
  const script = only(
    unionHits.map((hit) => hit.path.split('/').pop()!),
    'injected script',
  );
  if (
    !errorLog
      .split('\n')
      .some((line) => line.includes(`[client ${intruder}:`) && line.includes(`${script}: query failed`))
  )
    throw new Error(`no failed query of ${script} from ${intruder} in the error log`);

  // Commands: the value of the shell's one parameter; the program is the first word.
  const commands = shellHits.flatMap((hit) => parameters(hit.query).map(([, value]) => value));
  const programs = [...new Set(commands.map((command) => command.trim().split(/\s+/u)[0]!.split('/').pop()!))];
  const shellParameter = only(
    shellHits.flatMap((hit) => parameters(hit.query).map(([name]) => name)),
    'shell parameter',
  );
  if (!errorLog.includes(`Undefined index: ${shellParameter} in ${documentRoot}${shellPath}`))
    throw new Error('the error log does not confirm the shell');

  // The archive: what tar wrote inside the DocumentRoot, requested by its URL.
  const tar = commands.find((command) => /^tar\s/u.test(command));
  const archiveFile = tar?.split(/\s+/u)[2];
  if (!archiveFile?.startsWith(documentRoot)) throw new Error(`tar did not write into the web root: ${tar}`);
  const archivePath = archiveFile.slice(documentRoot.length);
  const downloads = mine.filter((hit) => hit.path === archivePath && (hit.status === 200 || hit.status === 206));
  const archiveBytes = downloads.reduce((sum, hit) => sum + hit.bytes, 0);

  // Phases: the first request of each kind, sorted by time.
  const firstOf = (phase: string, hit: { millis: number } | undefined): [string, number] => {
    if (!hit) throw new Error(`no request for phase ${phase}`);
    return [phase, hit.millis];
  };
  const phases = [
    firstOf('mapping', mine[0]),
    firstOf('injection', firstProbe),
    firstOf(
      'account-takeover',
      mine.find((hit) => hit.user !== '-'),
    ),
    firstOf(
      'shell-upload',
      mine.find((hit) => hit.method === 'POST' && hit.path.includes('upload')),
    ),
    firstOf(
      'commands',
      mine.find((hit) => hit.path === shellPath && hit.query !== ''),
    ),
    firstOf('exfiltration', downloads[0]),
  ]
    .sort((a, b) => a[1] - b[1])
    .map(([phase]) => phase);

  return {
    'intruder-ip': intruder,
    'first-probe': firstProbe.logged,
    'injected-parameter': injected,
    'intruder-agent': agent,
    'stolen-account': account,
    'web-shell': shellPath,
    'shell-programs': programs,
    'bytes-exfiltrated': String(archiveBytes),
    'attack-phases': phases.join(' > '),
  };
};
