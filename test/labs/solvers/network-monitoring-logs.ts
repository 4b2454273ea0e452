import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of "A beacon and an upload in a company's network logs": reads the sensor's Zeek
 * logs (JSON lines) the way an analyst would (the spacing of each client's connections to each outside
 * server, the DNS answers, the TLS server names joined to the byte counts by uid), never the
 * generator's values.
 */

type Json = Record<string, unknown>;

const jsonLines = (text: string): Json[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);

/** Calder's own addresses (statement): everything else is outside. */
const isInternal = (address: string): boolean => address.startsWith('192.0.2.');
const seconds = (record: Json): number => Date.parse(String(record.ts)) / 1000;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Pair {
  client: string;
  server: string;
  port: number;
  times: number[];
}

/** Each client's connections to each outside server and port, with their gaps' spread. */
function outsidePairs(conn: Json[]): (Pair & { gaps: number[]; spread: number })[] {
  const pairs = new Map<string, Pair>();
  for (const record of conn) {
    const server = String(record['id.resp_h']);
    if (isInternal(server)) continue;
    const key = `${record['id.orig_h']} ${server} ${record['id.resp_p']}`;
    const pair = pairs.get(key) ?? {
      client: String(record['id.orig_h']),
      server,
      port: Number(record['id.resp_p']),
      times: [],
    };
    pair.times.push(seconds(record));
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .filter((pair) => pair.times.length >= 20)
    .map((pair) => {
      const times = [...pair.times].sort((a, b) => a - b);
      const gaps = times.slice(1).map((time, index) => time - times[index]!);
      const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
      const deviation = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / (gaps.length - 1));
      return { ...pair, times, gaps, spread: deviation / mean };
    });
}

/** The upload sessions of one client, by TLS server name: ssl.log joined to conn.log by uid. */
function sentByServerName(conn: Json[], ssl: Json[], client: string): Map<string, { bytes: number; address: string }> {
  const connections = new Map(conn.map((record) => [String(record.uid), record]));
  const totals = new Map<string, { bytes: number; address: string }>();
  for (const session of ssl) {
    const connection = connections.get(String(session.uid));
    if (!connection || connection['id.orig_h'] !== client) continue;
    const name = String(session.server_name);
    const total = totals.get(name) ?? { bytes: 0, address: String(connection['id.resp_h']) };
    total.bytes += Number(connection.orig_bytes);
    totals.set(name, total);
  }
  return totals;
}

function read(evidence: Parameters<LabSolver>[0]) {
  return {
    conn: jsonLines(evidence.get('conn-log')!.toString('utf8')),
    dns: jsonLines(evidence.get('dns-log')!.toString('utf8')),
    ssl: jsonLines(evidence.get('ssl-log')!.toString('utf8')),
    kerberos: jsonLines(evidence.get('kerberos-log')!.toString('utf8')),
  };
}

export const solve: LabSolver = (evidence) => {
  const { conn, dns, ssl, kerberos } = read(evidence);

  // The beacon: many connections from one client to one outside server, evenly spaced but not exactly
  // (an exact spacing is a configured service such as NTP; a wide one is a person browsing).
  const beacon = outsidePairs(conn)
    .filter((pair) => pair.spread > 0.01 && pair.spread < 0.2)
    .sort((a, b) => a.spread - b.spread)[0]!;
  const interval = Math.round(median(beacon.gaps));

  // The name the client resolved to that server.
  const lookup = dns.find(
    (record) => record['id.orig_h'] === beacon.client && (record.answers as string[]).includes(beacon.server),
  )!;

  // The upload: the server name that received the most bytes from the client.
  const [exfilName, exfil] = [...sentByServerName(conn, ssl, beacon.client)].sort(
    (a, b) => b[1].bytes - a[1].bytes,
  )[0]!;

  // The account: file-share tickets the workstation obtained in the hour before its first upload session.
  const connections = new Map(conn.map((record) => [String(record.uid), record]));
  const uploadStart = Math.min(
    ...ssl
      .filter(
        (session) =>
          session.server_name === exfilName && connections.get(String(session.uid))?.['id.orig_h'] === beacon.client,
      )
      .map((session) => seconds(connections.get(String(session.uid))!)),
  );
  const clients = new Set(
    kerberos
      .filter(
        (record) =>
          record['id.orig_h'] === beacon.client &&
          String(record.service).startsWith('cifs/') &&
          seconds(record) < uploadStart &&
          seconds(record) > uploadStart - 3600 * 2,
      )
      .map((record) => String(record.client)),
  );
  if (clients.size !== 1) throw new Error(`expected one account before the upload, found ${[...clients].join(', ')}`);
  const [user, realm] = [...clients][0]!.split('/');

  return {
    'beacon-host': beacon.client,
    'beacon-interval': String(interval),
    'c2-domain': String(lookup.query),
    'first-contact': new Date(beacon.times[0]! * 1000).toISOString(),
    'exfil-volume': String(exfil.bytes),
    'exfil-server': exfilName,
    'account-used': `${user}@${realm}`,
    'legal-basis': 'own-monitoring',
    'ongoing-collection': 'art20-and-21',
  };
};

/**
 * The answers of a trainee who falls for the lab's traps, read from the same evidence: the exactly
 * regular NTP polling taken for the beacon, the DNS TTL for its interval, the update service for its
 * name, the first contact read as local time written as UTC, the workstation's morning sign-in for the account, every byte sent to the storage address,
 * Calder's own bucket for the server, the monitoring taken for illegal interception, and URLs taken for
 * traffic data.
 */
export const commonMistakes: LabSolver = (evidence) => {
  const { conn, ssl, kerberos } = read(evidence);
  const right = solve(evidence);
  const ntp = conn.find((record) => record['id.resp_p'] === 123)!;
  const client = String(right['beacon-host']);
  const byName = sentByServerName(conn, ssl, client);
  const storageAddress = byName.get(String(right['exfil-server']))!.address;
  const toAddress = conn
    .filter((record) => record['id.orig_h'] === client && record['id.resp_h'] === storageAddress)
    .reduce((sum, record) => sum + Number(record.orig_bytes), 0);
  const ownBucket = [...byName.keys()].find((name) => name.startsWith('calder-freight.'))!;
  return {
    'beacon-host': String(ntp['id.orig_h']),
    'beacon-interval': '300',
    'c2-domain': 'update.osvendor.example',
    'first-contact': new Date(Date.parse(String(right['first-contact'])) + 3600_000).toISOString(),
    'exfil-volume': String(toAddress),
    'exfil-server': ownBucket,
    'account-used': String(
      kerberos.find((record) => record['id.orig_h'] === client && record.request_type === 'AS')!.client,
    ).replace(/\/(.+)$/u, '@$1'),
    'legal-basis': 'art3',
    'ongoing-collection': 'art20-all',
  };
};
