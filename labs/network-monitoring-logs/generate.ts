import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Beacon and upload on a freight company's network".
 *
 * From the seed it writes one working day (07:00 to 17:00 UTC) of the network sensor of Calder
 * Freight Ltd, as Zeek writes its logs in JSON with ISO 8601 times (conn, dns, http, ssl), and the
 * network engineer's statement (sensor placement, clock, address plan, policy, hashes left to custody).
 * The story: one workstation polls a command-and-control host over plain HTTP at a fixed interval
 * with jitter from the first contact onwards, and in the afternoon uploads a few hundred megabytes
 * over TLS to a bucket on a cloud-storage service whose front end it shares with Calder's own bucket.
 * Noise: browsing of every workstation, the hourly update check of every workstation (regular, but
 * every host), the domain controller's NTP polling (regular, exact), a legitimate upload to Calder's
 * own bucket from the same front end. Addresses are RFC 5737, names under .example and .test.
 * Only context.random is used.
 */

type Random = Parameters<VariantGenerator>[0]['random'];

/** The day of the export: 10 March 2026, 07:00 UTC (winter time in Calder's zone, UTC+01:00). */
const DAY_START = Date.UTC(2026, 2, 10, 7, 0, 0);
const DAY_END = Date.UTC(2026, 2, 10, 17, 0, 0);
const RESOLVER = '192.0.2.53';
const DOMAIN_CONTROLLER = '192.0.2.5';
const NTP_SERVER = '198.51.100.123';
const REALM = 'CALDER-FREIGHT.EXAMPLE';
const FILE_SERVICE = 'cifs/cf-fs01.calder-freight.example';
const FIREWALL_PUBLIC = '198.51.100.7';

const FIRST_NAMES = [
  'Ansel',
  'Brigid',
  'Corin',
  'Delphine',
  'Emrys',
  'Fenna',
  'Gideon',
  'Hester',
  'Idris',
  'Juno',
  'Lorcan',
  'Maren',
];
const LAST_NAMES = [
  'Marrow',
  'Quell',
  'Ashdown',
  'Penhale',
  'Strake',
  'Voss',
  'Treharne',
  'Lyle',
  'Ormond',
  'Pike',
  'Hollis',
  'Fairweather',
];
const C2_LABELS = ['cdn-metrics', 'status-cache', 'img-telemetry', 'sync-health', 'edge-stats'];
const C2_ZONES = ['northgate-analytics.test', 'brightpath-media.test', 'quillon-cdn.test', 'velmora-ads.test'];
const BEACON_PATHS = ['/api/v2/check', '/cdn/ping', '/pixel/status', '/v1/health'];
const BEACON_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko',
  'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  'Microsoft-CryptoAPI/10.0',
];
const BUCKET_WORDS = ['archive', 'sync', 'media', 'backup', 'share', 'vault'];
const STORAGE_ZONE = 'objects.stratus-store.example';

/** Sites every workstation uses over HTTPS: name and address. */
const SITES: [string, string][] = [
  ['mail.calder-freight.example', '203.0.113.25'],
  ['portal.harbourline.example', '203.0.113.61'],
  ['www.tradewinds-news.example', '198.51.100.88'],
  ['cdn.fastassets.example', '198.51.100.140'],
  ['login.cloudsuite.example', '203.0.113.132'],
  ['api.shipping-rates.test', '203.0.113.177'],
  ['www.stratus-store.example', '198.51.100.61'],
  ['customs.portal.example', '203.0.113.206'],
];
const UPDATE_HOST: [string, string] = ['update.osvendor.example', '198.51.100.201'];

interface Conn {
  ts: number;
  orig: string;
  origPort: number;
  resp: string;
  respPort: number;
  proto: 'tcp' | 'udp';
  service: string;
  duration: number;
  origBytes: number;
  respBytes: number;
}

const two = (n: number) => String(n).padStart(2, '0');
/** Zeek's ISO 8601 time with microseconds (JSON::TS_ISO8601). */
function zeekTime(ms: number, micro: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${String(micro).padStart(3, '0')}Z`;
}
/** The instant to the second, as the tasks expect it. */
function isoSecond(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
const CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function uid(random: Random): string {
  let text = 'C';
  for (let i = 0; i < 17; i++) text += CHARSET[random.int(0, CHARSET.length - 1)];
  return text;
}

const generate: VariantGenerator = ({ random }) => {
  // --- Calder's workstations: addresses reserved in DHCP by name (statement).
  const octets = random
    .shuffle(Array.from({ length: 60 }, (_, index) => index + 21).filter((octet) => octet !== 53))
    .slice(0, 12);
  const people = random.shuffle(FIRST_NAMES).map((first, index) => `${first} ${LAST_NAMES[index]}`);
  const stations = octets.map((octet, index) => ({
    ip: `192.0.2.${octet}`,
    name: `CF-WS-${String(100 + octet).padStart(3, '0')}`,
    user: people[index]!,
  }));
  const victim = stations[random.int(0, stations.length - 1)]!;
  const uploader = stations.find((station) => station !== victim)!;
  /** Windows accounts: first initial and surname; administrators have a second account with adm. */
  const accountOf = (person: string) => {
    const [first, last] = person.toLowerCase().split(' ');
    return `${first![0]}.${last}`;
  };
  const itAdmin = random.pick(stations.filter((station) => station !== victim && station !== uploader));
  const adminAccount = `adm.${accountOf(itAdmin.user).slice(2)}`;

  // --- The command-and-control host, its interval and jitter, the exfiltration bucket.
  const c2Domain = `${random.pick(C2_LABELS)}.${random.pick(C2_ZONES)}`;
  const c2Ip = `203.0.113.${random.int(140, 199)}`;
  const interval = random.pick([60, 75, 90, 120, 150, 180, 240]) + random.int(-4, 4);
  const beaconPath = random.pick(BEACON_PATHS);
  const beaconAgent = random.pick(BEACON_AGENTS);
  const bucket = `${random.pick(BUCKET_WORDS)}-${random.hex(6)}.${STORAGE_ZONE}`;
  const ownBucket = `calder-freight.${STORAGE_ZONE}`;
  const storageIp = `198.51.100.${random.int(150, 199)}`;
  const ja3 = random.hex(32);

  const conns: Conn[] = [];
  const dnsLines: { ts: number; orig: string; port: number; query: string; answer: string; ttl: number }[] = [];
  const httpLines: {
    ts: number;
    conn: Conn;
    method: string;
    host: string;
    uri: string;
    agent: string;
    status: number;
    body: number;
  }[] = [];
  const sslLines: { ts: number; conn: Conn; serverName: string; ja3: string }[] = [];
  const lastLookup = new Map<string, number>();
  let ephemeral = 49152 + random.int(0, 4000);
  const port = () => {
    ephemeral = ephemeral >= 65000 ? 49152 : ephemeral + random.int(1, 7);
    return ephemeral;
  };

  /** A name looked up through the resolver when its answer (TTL) is older than its ttl. */
  const lookup = (ts: number, orig: string, name: string, ip: string, ttl: number) => {
    const key = `${orig} ${name}`;
    const last = lastLookup.get(key);
    if (last !== undefined && ts - last < ttl * 1000) return ts;
    const at = ts - random.int(15, 90);
    lastLookup.set(key, at);
    const dnsConn: Conn = {
      ts: at,
      orig,
      origPort: port(),
      resp: RESOLVER,
      respPort: 53,
      proto: 'udp',
      service: 'dns',
      duration: random.int(800, 9000) / 1_000_000,
      origBytes: 30 + name.length,
      respBytes: 46 + name.length,
    };
    conns.push(dnsConn);
    dnsLines.push({ ts: at, orig, port: dnsConn.origPort, query: name, answer: ip, ttl });
    return ts;
  };

  const tls = (
    ts: number,
    orig: string,
    name: string,
    ip: string,
    origBytes: number,
    respBytes: number,
    hash: string,
  ) => {
    lookup(ts, orig, name, ip, 300);
    const conn: Conn = {
      ts,
      orig,
      origPort: port(),
      resp: ip,
      respPort: 443,
      proto: 'tcp',
      service: 'ssl',
      duration: Math.max(0.05, origBytes / random.int(2_500_000, 6_000_000) + random.int(50, 2000) / 1000),
      origBytes,
      respBytes,
    };
    conns.push(conn);
    sslLines.push({ ts: ts + random.int(20, 120), conn, serverName: name, ja3: hash });
  };

  // --- Browsing noise: every workstation, through the day.
  const browserJa3 = random.hex(32);
  for (const station of stations) {
    const visits = random.int(30, 55);
    for (let i = 0; i < visits; i++) {
      const [name, ip] = random.pick(SITES);
      const ts = DAY_START + random.int(20 * 60, 9.8 * 3600) * 1000 + random.int(0, 999);
      tls(ts, station.ip, name, ip, random.int(900, 60_000), random.int(4_000, 900_000), browserJa3);
    }
    // The hourly update check over HTTP: regular, but every workstation does it.
    const offset = random.int(60, 3500);
    for (
      let ts = DAY_START + offset * 1000 + random.int(0, 999);
      ts < DAY_END;
      ts += 3600 * 1000 + random.int(0, 400)
    ) {
      lookup(ts, station.ip, UPDATE_HOST[0], UPDATE_HOST[1], 3600);
      const conn: Conn = {
        ts,
        orig: station.ip,
        origPort: port(),
        resp: UPDATE_HOST[1],
        respPort: 80,
        proto: 'tcp',
        service: 'http',
        duration: random.int(40, 400) / 1000,
        origBytes: random.int(280, 320),
        respBytes: random.int(500, 1500),
      };
      conns.push(conn);
      httpLines.push({
        ts: ts + random.int(10, 60),
        conn,
        method: 'GET',
        host: UPDATE_HOST[0],
        uri: '/v10/updates/manifest.cab',
        agent: 'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.71',
        status: 304,
        body: 0,
      });
    }
  }

  // --- The domain controller's NTP polling: exact, to a public time server.
  for (let ts = DAY_START + random.int(0, 1000) * 1000; ts < DAY_END; ts += 1024 * 1000) {
    conns.push({
      ts,
      orig: DOMAIN_CONTROLLER,
      origPort: 123,
      resp: NTP_SERVER,
      respPort: 123,
      proto: 'udp',
      service: 'ntp',
      duration: random.int(9000, 30000) / 1_000_000,
      origBytes: 48,
      respBytes: 48,
    });
  }

  // --- The beacon: from the first contact to the end of the day, interval with ±10 % jitter.
  const firstContact = DAY_START + random.int(80 * 60, 200 * 60) * 1000 + random.int(0, 999);
  let beaconCount = 0;
  for (let ts = firstContact; ts < DAY_END; ts += Math.round(interval * 1000 * (0.9 + 0.2 * random.next()))) {
    lookup(ts, victim.ip, c2Domain, c2Ip, 300);
    const conn: Conn = {
      ts,
      orig: victim.ip,
      origPort: port(),
      resp: c2Ip,
      respPort: 80,
      proto: 'tcp',
      service: 'http',
      duration: random.int(90, 450) / 1000,
      origBytes: random.int(290, 330),
      respBytes: random.chance(0.05) ? random.int(2_000, 9_000) : random.int(180, 240),
    };
    conns.push(conn);
    httpLines.push({
      ts: ts + random.int(20, 90),
      conn,
      method: 'GET',
      host: c2Domain,
      uri: `${beaconPath}?sid=${random.hex(8)}`,
      agent: beaconAgent,
      status: 200,
      body: conn.respBytes - 160,
    });
    beaconCount++;
  }

  // --- Calder's own bucket: a legitimate upload by the victim's workstation in the morning (same front end).
  const exfilSessions = random.int(5, 9);
  const exfilBytes = Array.from({ length: exfilSessions }, () => random.int(28_000_000, 95_000_000));
  const exfilTotal = exfilBytes.reduce((sum, bytes) => sum + bytes, 0);
  const legitimateTotal = Math.round(exfilTotal * (0.05 + 0.05 * random.next()));
  const legitimateParts = [Math.round(legitimateTotal * 0.6), legitimateTotal - Math.round(legitimateTotal * 0.6)];
  let legitimateAt = firstContact - random.int(20, 60) * 60 * 1000;
  for (const bytes of legitimateParts) {
    tls(legitimateAt, victim.ip, ownBucket, storageIp, bytes, random.int(6_000, 12_000), browserJa3);
    legitimateAt += random.int(3, 9) * 60 * 1000;
  }
  // Another workstation uploads to Calder's bucket as well (marketing material).
  tls(
    DAY_START + random.int(6, 8) * 3600 * 1000 + random.int(0, 999_999),
    uploader.ip,
    ownBucket,
    storageIp,
    random.int(40_000_000, 120_000_000),
    random.int(6_000, 12_000),
    browserJa3,
  );

  // --- The exfiltration: several TLS sessions to the attacker's bucket in the afternoon.
  const exfilStart = DAY_START + random.int(6 * 3600, 8 * 3600) * 1000 + random.int(0, 999);
  let exfilAt = exfilStart;
  for (const bytes of exfilBytes) {
    tls(exfilAt, victim.ip, bucket, storageIp, bytes, random.int(5_000, 14_000), ja3);
    exfilAt += random.int(90, 400) * 1000;
  }

  // --- Kerberos: every workstation's user signs in in the morning and asks for file-server tickets
  // during the day; before the upload, the compromised workstation asks with an administrator's account.
  const kerberosLines: { ts: number; conn: Conn; type: 'AS' | 'TGS'; client: string; service: string }[] = [];
  const kerberos = (ts: number, orig: string, type: 'AS' | 'TGS', account: string, service: string) => {
    const conn: Conn = {
      ts,
      orig,
      origPort: port(),
      resp: DOMAIN_CONTROLLER,
      respPort: 88,
      proto: 'tcp',
      service: 'krb_tcp',
      duration: random.int(2000, 9000) / 1_000_000,
      origBytes: random.int(1400, 1900),
      respBytes: random.int(1500, 1800),
    };
    conns.push(conn);
    kerberosLines.push({ ts: ts + random.int(1, 4), conn, type, client: `${account}/${REALM}`, service });
  };
  for (const station of stations) {
    const account = accountOf(station.user);
    const signIn = DAY_START + random.int(5 * 60, 90 * 60) * 1000 + random.int(0, 999);
    kerberos(signIn, station.ip, 'AS', account, `krbtgt/${REALM}`);
    // The compromised workstation's user works on the shares in the morning only (the question is
    // about the hour before the upload, which must show one account).
    const tickets = random.int(2, 4);
    const spread = station === victim ? 3600 : 9 * 3600;
    for (let i = 0; i < tickets; i++)
      kerberos(signIn + random.int(60, spread) * 1000, station.ip, 'TGS', account, FILE_SERVICE);
  }
  const adminAt = exfilStart - random.int(25, 70) * 60 * 1000;
  kerberos(adminAt, victim.ip, 'AS', adminAccount, `krbtgt/${REALM}`);
  kerberos(adminAt + random.int(5, 40) * 1000, victim.ip, 'TGS', adminAccount, FILE_SERVICE);
  kerberos(adminAt + random.int(60, 600) * 1000, victim.ip, 'TGS', adminAccount, 'cifs/cf-fs02.calder-freight.example');

  // --- Write the logs, each in time order.
  conns.sort((a, b) => a.ts - b.ts);
  const uids = new Map<Conn, string>();
  const micro = new Map<Conn, number>();
  for (const conn of conns) {
    uids.set(conn, uid(random));
    micro.set(conn, random.int(0, 999));
  }
  const connLog = conns.map((conn) => {
    const segment = conn.proto === 'tcp' ? 1448 : 10_000;
    const origPkts = conn.proto === 'tcp' ? Math.ceil(conn.origBytes / segment) + 3 : 1;
    const respPkts = conn.proto === 'tcp' ? Math.ceil(conn.respBytes / segment) + 2 : 1;
    const header = conn.proto === 'tcp' ? 52 : 28;
    return JSON.stringify({
      ts: zeekTime(conn.ts, micro.get(conn)!),
      uid: uids.get(conn),
      'id.orig_h': conn.orig,
      'id.orig_p': conn.origPort,
      'id.resp_h': conn.resp,
      'id.resp_p': conn.respPort,
      proto: conn.proto,
      service: conn.service,
      duration: Number(conn.duration.toFixed(6)),
      orig_bytes: conn.origBytes,
      resp_bytes: conn.respBytes,
      conn_state: 'SF',
      local_orig: true,
      local_resp: conn.resp.startsWith('192.0.2.'),
      missed_bytes: 0,
      history: conn.proto === 'tcp' ? 'ShADadFf' : 'Dd',
      orig_pkts: origPkts,
      orig_ip_bytes: conn.origBytes + origPkts * header,
      resp_pkts: respPkts,
      resp_ip_bytes: conn.respBytes + respPkts * header,
    });
  });
  const byTs = <T extends { ts: number }>(list: T[]) => [...list].sort((a, b) => a.ts - b.ts);
  const dnsLog = byTs(dnsLines).map((entry) =>
    JSON.stringify({
      ts: zeekTime(entry.ts, random.int(0, 999)),
      uid: uid(random),
      'id.orig_h': entry.orig,
      'id.orig_p': entry.port,
      'id.resp_h': RESOLVER,
      'id.resp_p': 53,
      proto: 'udp',
      trans_id: random.int(1, 65535),
      rtt: random.int(800, 9000) / 1_000_000,
      query: entry.query,
      qclass: 1,
      qclass_name: 'C_INTERNET',
      qtype: 1,
      qtype_name: 'A',
      rcode: 0,
      rcode_name: 'NOERROR',
      AA: false,
      TC: false,
      RD: true,
      RA: true,
      Z: 0,
      answers: [entry.answer],
      TTLs: [entry.ttl],
      rejected: false,
    }),
  );
  const httpLog = byTs(httpLines).map((entry) =>
    JSON.stringify({
      ts: zeekTime(entry.ts, random.int(0, 999)),
      uid: uids.get(entry.conn),
      'id.orig_h': entry.conn.orig,
      'id.orig_p': entry.conn.origPort,
      'id.resp_h': entry.conn.resp,
      'id.resp_p': entry.conn.respPort,
      trans_depth: 1,
      method: entry.method,
      host: entry.host,
      uri: entry.uri,
      version: '1.1',
      user_agent: entry.agent,
      request_body_len: 0,
      response_body_len: entry.body,
      status_code: entry.status,
      status_msg: entry.status === 200 ? 'OK' : 'Not Modified',
      tags: [],
    }),
  );
  const sslLog = byTs(sslLines).map((entry) =>
    JSON.stringify({
      ts: zeekTime(entry.ts, random.int(0, 999)),
      uid: uids.get(entry.conn),
      'id.orig_h': entry.conn.orig,
      'id.orig_p': entry.conn.origPort,
      'id.resp_h': entry.conn.resp,
      'id.resp_p': 443,
      version: 'TLSv13',
      cipher: 'TLS_AES_256_GCM_SHA384',
      curve: 'x25519',
      server_name: entry.serverName,
      resumed: false,
      established: true,
      ssl_history: 'CsiI',
      ja3: entry.ja3,
    }),
  );
  const kerberosLog = byTs(kerberosLines).map((entry) =>
    JSON.stringify({
      ts: zeekTime(entry.ts, random.int(0, 999)),
      uid: uids.get(entry.conn),
      'id.orig_h': entry.conn.orig,
      'id.orig_p': entry.conn.origPort,
      'id.resp_h': DOMAIN_CONTROLLER,
      'id.resp_p': 88,
      request_type: entry.type,
      client: entry.client,
      service: entry.service,
      success: true,
      till: '2037-09-13T02:48:05.000000Z',
      cipher: 'aes256-cts-hmac-sha1-96',
      forwardable: true,
      renewable: true,
    }),
  );
  const text = (lines: string[]) => `${lines.join('\n')}\n`;

  const statement = [
    'WITNESS STATEMENT',
    '',
    'Name: Orla Penrose',
    'Occupation: Network engineer, Calder Freight Ltd, Dock Road 4, Eastport',
    'Date: 11 March 2026',
    '',
    "1. I am responsible for Calder Freight's network and its security monitoring. I make this statement",
    '   about the network sensor of our head office and the logs I exported from it.',
    '',
    '2. The sensor (CF-NSM-01) runs Zeek 6.0.4. It receives a copy of all traffic between the office',
    '   switches and the firewall from a mirror (SPAN) port on the core switch. It therefore sees the',
    "   workstations' own addresses (192.0.2.0/24). The firewall then translates every outbound",
    `   connection to our single public address ${FIREWALL_PUBLIC}; outside parties only ever see that address.`,
    '   The sensor does not decrypt TLS. It records connection metadata (conn.log), the DNS questions',
    '   and answers passing our resolver (dns.log), the request lines and headers of unencrypted HTTP',
    '   (http.log), the unencrypted part of TLS handshakes (ssl.log) and the Kerberos ticket requests',
    '   to the domain controller (kerberos.log). It keeps no packet contents.',
    '',
    '3. Zeek writes its logs as JSON lines, with times in UTC (ISO 8601, "Z"). The sensor takes its',
    `   time by NTP from our domain controller (${DOMAIN_CONTROLLER}), which takes it from ${NTP_SERVER}.`,
    "   On 11 March 2026 at 08:02 UTC I compared the sensor's clock with that server: it was 0.004 s off.",
    '   Staff and our helpdesk write local time (UTC+01:00 in March).',
    '',
    `4. Our resolver is ${RESOLVER}. Our Windows domain is CALDER (calder-freight.example); the domain`,
    `   controller ${DOMAIN_CONTROLLER} also issues its Kerberos tickets. The file servers are CF-FS01 and`,
    '   CF-FS02. Each member of staff signs in with an account made of the first initial and the surname',
    '   (b.smith); the three of us in IT have a second account for administration (adm.smith), which',
    '   may be used only on the IT workstations and servers. Workstation addresses are reserved in DHCP,',
    '   one per machine:',
    '',
    ...stations
      .slice()
      .sort((a, b) => Number(a.ip.split('.')[3]) - Number(b.ip.split('.')[3]))
      .map((station) => `     ${station.ip.padEnd(14)} ${station.name}   assigned to ${station.user}`),
    '',
    '5. Monitoring of the network is set out in section 7 of our Acceptable Use and Monitoring Policy',
    '   (version 3.2), which every member of staff receives and signs when they join, and in our data',
    '   protection impact assessment of 2025. It is done to keep our systems secure; logs are kept for',
    '   30 days and read only by me and my deputy when an alert or incident requires it.',
    '',
    "6. On 10 March 2026 at 18:05 local time the firewall's daily report warned of unusually large",
    '   uploads from the office that afternoon. On 11 March 2026 at 09:05 UTC I copied the five logs',
    '   of 10 March 2026, 07:00 to 17:00 UTC, from the sensor to a new USB drive, computed their SHA-256',
    '   values, and handed the drive to DC Rhys Talbot at 10:30 UTC. I have not changed the logs.',
    '',
    'Signed: O. Penrose',
    '',
  ].join('\n');

  const localIso = (ms: number) => isoSecond(ms + 3600 * 1000);
  const exfilOwnTotal = legitimateTotal;
  return {
    files: {
      'evidence/conn.log': text(connLog),
      'evidence/dns.log': text(dnsLog),
      'evidence/http.log': text(httpLog),
      'evidence/ssl.log': text(sslLog),
      'evidence/kerberos.log': text(kerberosLog),
      'evidence/statement.txt': statement,
    },
    values: {
      beacon_ip: victim.ip,
      beacon_host: victim.name,
      beacon_user: victim.user,
      beacon_user_account: `CALDER\\${accountOf(victim.user)}`,
      admin_account: `CALDER\\${adminAccount}`,
      admin_owner: itAdmin.user,
      uploader_ip: uploader.ip,
      c2_ip: c2Ip,
      c2_domain: c2Domain,
      beacon_interval: interval,
      beacon_count: beaconCount,
      first_contact_time: isoSecond(firstContact),
      first_contact_local_as_utc: localIso(firstContact),
      exfil_bytes: exfilTotal,
      exfil_with_own_bucket: exfilTotal + exfilOwnTotal,
      exfil_ip_bytes: exfilTotal + exfilBytes.reduce((sum, bytes) => sum + (Math.ceil(bytes / 1448) + 3) * 52, 0),
      exfil_sni: bucket,
      own_bucket: ownBucket,
      storage_ip: storageIp,
      exfil_ja3: ja3,
      exfil_start_time: isoSecond(exfilStart),
    },
  };
};

export default generate;
