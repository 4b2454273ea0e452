import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Preservation and international cooperation" (Operation SALTMARSH).
 *
 * From the seed it writes the prosecutor's file of an extortion case whose data sits abroad:
 *  - the victim's load balancer log (HAProxy, local time UTC+01:00) with the client's source port:
 *    the intruder's admin login and customer-table export come from a carrier-grade NAT address of a
 *    foreign mobile operator that other customers of the portal share;
 *  - that operator's reply to an earlier Art. 7 order that gave no port and no zone, and its return:
 *    every port-block allocation on the address in a 24-hour window, in its own time (UTC-05:00),
 *    with decoys that fit the moment only if a zone is misread, and a neighbouring block;
 *  - the investigator's draft preservation request to the operator, with two or three of five
 *    defects (article, port, zone, address, the intention to follow up with mutual assistance);
 *  - the cooperation worksheet: six requests whose holders sit in States with different treaty
 *    status, shuffled per variant;
 *  - a foreign 24/7 point's confirmation that a server was preserved under Art. 29.
 * Only context.random is used: the same seed always gives byte-identical files.
 */

type Time = number; // seconds since 1970 UTC
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

const VICTIM_OFFSET = 60; // Estmark, CET (UTC+01:00) in November
const KESTREL_OFFSET = -300; // Marrowland Standard Time, UTC-05:00, no summer time
const QUELLMOOR_OFFSET = -240; // Quellmoor, UTC-04:00

/** 00:00 of 12 November 2026 in Estmark (23:00 UTC on the 11th). */
const LOCAL_MIDNIGHT: Time = Date.UTC(2026, 10, 12) / 1000 - VICTIM_OFFSET * MINUTE;
/** The window Kestrel returned: 11 Nov 18:00 to 12 Nov 06:00 Marrowland time. */
const RETURN_FROM: Time = Date.UTC(2026, 10, 11, 18) / 1000 - KESTREL_OFFSET * MINUTE;
const RETURN_TO: Time = Date.UTC(2026, 10, 12, 6) / 1000 - KESTREL_OFFSET * MINUTE;

const PORTAL_IP = '198.51.100.80';
const OFFICE_IP = '192.0.2.41';
const BLOCK_SIZE = 512;
const FIRST_PORT = 1024;
const BLOCKS = (65536 - FIRST_PORT) / BLOCK_SIZE; // 126

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const two = (value: number): string => String(value).padStart(2, '0');

/** The wall-clock fields of an instant at a fixed offset (minutes east of UTC). */
function wall(time: Time, offsetMinutes: number) {
  const date = new Date((time + offsetMinutes * MINUTE) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function offsetText(offsetMinutes: number, colon = true): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${two(Math.floor(abs / 60))}${colon ? ':' : ''}${two(abs % 60)}`;
}

/** `2026-11-12 03:14:07` in the given offset, without the offset. */
function plain(time: Time, offsetMinutes: number): string {
  const w = wall(time, offsetMinutes);
  return `${w.year}-${two(w.month + 1)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/** ISO 8601 with the offset, e.g. `2026-11-12T03:14:07+01:00`. */
function iso(time: Time, offsetMinutes: number): string {
  return `${plain(time, offsetMinutes).replace(' ', 'T')}${offsetMinutes === 0 ? 'Z' : offsetText(offsetMinutes)}`;
}

/** `12/Nov/2026:03:14:07` as HAProxy writes its accept date (milliseconds added by the caller). */
function haproxyDate(time: Time): string {
  const w = wall(time, VICTIM_OFFSET);
  return `${two(w.day)}/${MONTHS[w.month]}/${w.year}:${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

function syslogDate(time: Time): string {
  const w = wall(time, VICTIM_OFFSET);
  return `${MONTHS[w.month]} ${String(w.day).padStart(2, ' ')} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

function hhmm(time: Time, offsetMinutes: number): string {
  const w = wall(time, offsetMinutes);
  return `${two(w.hour)}:${two(w.minute)}`;
}

function longDate(time: Time, offsetMinutes: number): string {
  const w = wall(time, offsetMinutes);
  return `${w.day} ${LONG_MONTHS[w.month]} ${w.year}`;
}

function mailDate(time: Time, offsetMinutes: number): string {
  const w = wall(time, offsetMinutes);
  return `${WEEKDAYS[w.weekday]}, ${two(w.day)} ${MONTHS[w.month]} ${w.year} ${two(w.hour)}:${two(w.minute)}:${two(w.second)} ${offsetText(offsetMinutes, false)}`;
}

const FIRST_NAMES = [
  'Aldo',
  'Brisa',
  'Cato',
  'Dalia',
  'Emrys',
  'Fenna',
  'Gideon',
  'Halima',
  'Ivo',
  'Jorun',
  'Kasimir',
  'Liesel',
  'Marek',
  'Noor',
  'Orla',
  'Pavel',
  'Quilla',
  'Rosalind',
  'Soren',
  'Tamsin',
  'Ulrike',
  'Viggo',
  'Wren',
  'Xaver',
  'Yael',
  'Zeno',
  'Anouk',
  'Bastian',
  'Cerys',
  'Dorian',
  'Elif',
  'Florin',
  'Greta',
  'Hamish',
  'Ilse',
  'Joaquim',
];
const LAST_NAMES = [
  'Abernathy',
  'Brightwater',
  'Castellane',
  'Duvall',
  'Eskildsen',
  'Fairbairn',
  'Grunwald',
  'Holloway',
  'Ingram',
  'Juniper',
  'Kettering',
  'Lindqvist',
  'Marchetti',
  'Northcott',
  'Okonkwo',
  'Pellegrin',
  'Quennell',
  'Rasmussen',
  'Saltonstall',
  'Thackeray',
  'Underhill',
  'Vasquez',
  'Whitlock',
  'Yardley',
  'Zielinski',
  'Ashdown',
  'Blackwood',
];
const SERVICES = ['Kestrel Prepaid Data', 'Kestrel Postpaid 20GB', 'Kestrel Unlimited', 'Kestrel Business Mobile'];

interface Allocation {
  id: string;
  block: number;
  from: Time;
  to: Time;
  account: string;
  name: string;
  service: string;
}

type Route = 'national-order' | 'art29-247' | 'sap-art6' | 'sap-art7' | 'mla-art31' | 'epoc' | 'epoc-pr';

interface CooperationRequest {
  need: string;
  holder: string;
  seat: string;
  presence: string;
  note: string;
  route: Route;
  naive: Route;
  why: string;
}

const ROUTE_LABELS: Record<Route, string> = {
  'national-order': 'an order under Estmark law (national measure)',
  'art29-247': 'expedited preservation under Art. 29 through the 24/7 Network',
  'sap-art6': 'a direct request under Art. 6 of the Second Additional Protocol',
  'sap-art7': 'a direct order under Art. 7 of the Second Additional Protocol',
  'mla-art31': 'mutual assistance under Art. 31',
  epoc: 'a European Production Order (EPOC)',
  'epoc-pr': 'a European Preservation Order (EPOC-PR)',
};

const DEFECTS = ['article', 'port', 'zone', 'address', 'mla-intent'] as const;
type Defect = (typeof DEFECTS)[number];

const generate: VariantGenerator = ({ random }) => {
  // ---- Names and places of this variant -------------------------------------------------------
  const attackerIp = `203.0.113.${random.int(21, 249)}`;
  const octet = Number(attackerIp.split('.')[3]);
  const vpsIp = `203.0.113.${octet > 120 ? random.int(11, 100) : random.int(140, 250)}`;
  const leakDomain = `${random.pick(['saltdrop', 'quietvault', 'graytide', 'lowmarsh', 'fogbank', 'tidewrack'])}-${random.pick(['files', 'leaks', 'archive', 'drop'])}.example`;
  const mailbox = `${random.pick(['ledger', 'harbor', 'veritas', 'nightjar', 'pilot', 'cobalt'])}.${random.pick(['notice', 'desk', 'ops', 'claims'])}${random.int(10, 99)}@nimbusmail.example`;

  // ---- The intrusion, in Estmark time -----------------------------------------------------------
  const loginAt: Time = LOCAL_MIDNIGHT + 2 * HOUR + 10 * MINUTE + random.int(0, 130 * MINUTE);
  const browse = [loginAt + random.int(12, 25)];
  browse.push(browse[0]! + random.int(2, 5));
  browse.push(browse[1]! + random.int(30, 70));
  browse.push(browse[2]! + random.int(20, 60));
  const exportAt: Time = browse[3]! + random.int(90, 300);
  const logoutAt: Time = exportAt + random.int(40, 90);

  // ---- Kestrel's port-block allocations on the attacker's address ------------------------------
  const block = random.int(8, BLOCKS - 9);
  const neighbour = random.chance(0.5) ? block + 1 : block - 1;
  const blockFirst = (index: number) => FIRST_PORT + index * BLOCK_SIZE;
  const loginPort = blockFirst(block) + random.int(0, BLOCK_SIZE - 60);
  const exportPort = loginPort + random.int(3, 50);

  const usedNames = new Set<string>();
  const usedAccounts = new Set<string>();
  const person = () => {
    for (;;) {
      const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const account = () => {
    for (;;) {
      const id = `KM-${random.int(3_000_000, 8_999_999)}`;
      if (!usedAccounts.has(id)) {
        usedAccounts.add(id);
        return id;
      }
    }
  };
  const allocations: Allocation[] = [];
  const allocate = (blockIndex: number, from: Time, to: Time): Allocation => {
    const allocation = {
      id: `pba-${random.hex(8)}`,
      block: blockIndex,
      from,
      to,
      account: account(),
      name: person(),
      service: random.pick(SERVICES),
    };
    allocations.push(allocation);
    return allocation;
  };
  /** Ordinary sessions on a block between two instants, never touching the reserved spans. */
  const fill = (blockIndex: number, from: Time, to: Time) => {
    let at = from + random.int(2 * MINUTE, 50 * MINUTE);
    while (at + 20 * MINUTE < to) {
      const end = Math.min(at + random.int(20 * MINUTE, 200 * MINUTE), to - random.int(MINUTE, 4 * MINUTE));
      if (end - at < 10 * MINUTE) break;
      allocate(blockIndex, at, end);
      at = end + random.int(3 * MINUTE, 70 * MINUTE);
    }
  };

  const trueFrom = loginAt - random.int(12 * MINUTE, 95 * MINUTE);
  const trueTo = logoutAt + random.int(12 * MINUTE, 85 * MINUTE);
  // The decoys: the export's Estmark wall-clock time or its UTC time read as Marrowland time.
  const asUtcWall = exportAt + 5 * HOUR; // UTC wall clock read as UTC-05:00
  const asLocalWall = exportAt + 6 * HOUR; // UTC+01:00 wall clock read as UTC-05:00
  const utcFrom = asUtcWall - random.int(10 * MINUTE, 55 * MINUTE);
  const utcTo = asUtcWall + random.int(8 * MINUTE, 35 * MINUTE);
  const localFrom = utcTo + random.int(3 * MINUTE, 12 * MINUTE);
  const localTo = asLocalWall + random.int(10 * MINUTE, 70 * MINUTE);

  fill(block, RETURN_FROM - 2 * HOUR, trueFrom);
  const attacker = allocate(block, trueFrom, trueTo);
  fill(block, trueTo, utcFrom);
  const decoyUtc = allocate(block, utcFrom, utcTo);
  const decoyLocal = allocate(block, localFrom, localTo);
  fill(block, localTo, RETURN_TO + HOUR);

  const adjacentFrom = exportAt - random.int(20 * MINUTE, 110 * MINUTE);
  const adjacentTo = exportAt + random.int(10 * MINUTE, 90 * MINUTE);
  fill(neighbour, RETURN_FROM - 2 * HOUR, adjacentFrom);
  const decoyAdjacent = allocate(neighbour, adjacentFrom, adjacentTo);
  fill(neighbour, adjacentTo, RETURN_TO + HOUR);

  const otherBlocks = random
    .shuffle(Array.from({ length: BLOCKS }, (_, index) => index).filter((index) => Math.abs(index - block) > 1))
    .slice(0, random.int(9, 13));
  for (const other of otherBlocks) fill(other, RETURN_FROM - 3 * HOUR, RETURN_TO + 2 * HOUR);

  const returned = allocations
    .filter((allocation) => allocation.to > RETURN_FROM && allocation.from < RETURN_TO)
    .sort((a, b) => a.from - b.from || a.block - b.block);
  const sharing = returned.filter((allocation) => allocation.from <= exportAt && exportAt <= allocation.to);

  // ---- The load balancer log --------------------------------------------------------------------
  interface Request {
    at: Time;
    ms: number;
    ip: string;
    port: number;
    backend: string;
    status: number;
    bytes: number;
    method: string;
    path: string;
    tr: number;
  }
  const requests: Request[] = [];
  const ephemeral = () => random.int(49152, 65535);
  const web = () => `be_portal/web0${random.int(1, 3)}`;
  const customerPages = [
    ['GET', '/', 200, 5120],
    ['GET', '/login', 200, 3391],
    ['POST', '/login', 302, 0],
    ['GET', '/account/overview', 200, 11842],
    ['GET', '/claims', 200, 9210],
    ['GET', '/claims/new', 200, 7781],
    ['POST', '/claims/new', 302, 0],
    ['GET', '/documents/policy.pdf', 200, 184_233],
    ['GET', '/api/session', 200, 412],
    ['GET', '/logout', 302, 0],
  ] as const;
  const customer = (ip: string, start: Time, portOf: () => number) => {
    let at = start;
    let port = portOf();
    const steps = random.int(3, 8);
    for (let step = 0; step < steps; step++) {
      const page = step === 0 ? customerPages[0] : random.pick(customerPages.slice(1));
      if (random.chance(0.25)) port = portOf();
      requests.push({
        at,
        ms: random.int(0, 999),
        ip,
        port,
        backend: web(),
        status: page[2],
        bytes: page[3] === 0 ? random.int(180, 260) : page[3] + random.int(-200, 200),
        method: page[0],
        path: page[1],
        tr: random.int(8, 90),
      });
      at += random.int(4, 140);
    }
  };

  const logFrom = LOCAL_MIDNIGHT + random.int(0, 4 * MINUTE);
  const logTo = LOCAL_MIDNIGHT + 6 * HOUR + 30 * MINUTE;
  const customerIps = new Set<string>();
  while (customerIps.size < random.int(22, 30)) {
    const prefix = random.pick(['198.51.100', '192.0.2', '203.0.113']);
    const ip = `${prefix}.${random.int(2, 254)}`;
    if (ip !== attackerIp && ip !== vpsIp && ip !== PORTAL_IP && ip !== OFFICE_IP) customerIps.add(ip);
  }
  for (const ip of customerIps) {
    const visits = random.int(1, 2);
    for (let visit = 0; visit < visits; visit++) customer(ip, random.int(logFrom, logTo - 30 * MINUTE), ephemeral);
  }
  // Other Kestrel customers behind the same public address, each inside their own port block.
  const neighbours = random
    .shuffle(
      returned.filter(
        (allocation) =>
          allocation !== attacker &&
          allocation.block !== block &&
          Math.min(allocation.to, logTo) - Math.max(allocation.from, logFrom) > 30 * MINUTE,
      ),
    )
    .slice(0, 4);
  for (const other of neighbours) {
    const from = Math.max(other.from, logFrom) + random.int(MINUTE, 5 * MINUTE);
    const to = Math.min(other.to, logTo) - 20 * MINUTE;
    if (to <= from) continue;
    customer(attackerIp, random.int(from, to), () => blockFirst(other.block) + random.int(0, BLOCK_SIZE - 1));
  }
  // A scanner trying the admin login.
  const scannerIp = `198.51.100.${random.int(150, 240)}`;
  let scanAt = LOCAL_MIDNIGHT + random.int(30 * MINUTE, 90 * MINUTE);
  for (const path of ['/.env', '/wp-login.php', '/admin/login', '/admin/login', '/admin/login', '/admin/login']) {
    const post = path === '/admin/login' && random.chance(0.8);
    requests.push({
      at: scanAt,
      ms: random.int(0, 999),
      ip: scannerIp,
      port: ephemeral(),
      backend: path.startsWith('/admin') ? 'be_admin/adm01' : web(),
      status: path.startsWith('/admin') ? (post ? 401 : 200) : 404,
      bytes: path.startsWith('/admin') ? 2211 : 196,
      method: post ? 'POST' : 'GET',
      path,
      tr: random.int(5, 40),
    });
    scanAt += random.int(1, 4);
  }
  // A member of staff exporting the branch list early in the morning: a legitimate export.
  let staffAt = LOCAL_MIDNIGHT + 6 * HOUR + random.int(0, 12 * MINUTE);
  const staffPort = ephemeral();
  for (const [method, path, status, bytes] of [
    ['GET', '/admin/login', 200, 2211],
    ['POST', '/admin/login', 302, 231],
    ['GET', '/admin/', 200, 14_220],
    ['GET', '/admin/export?table=branches&format=csv', 200, random.int(9_000, 16_000)],
  ] as const) {
    requests.push({
      at: staffAt,
      ms: random.int(0, 999),
      ip: OFFICE_IP,
      port: staffPort,
      backend: 'be_admin/adm01',
      status,
      bytes,
      method,
      path,
      tr: random.int(10, 80),
    });
    staffAt += random.int(8, 40);
  }
  // The intruder: a login connection, then a second connection for the export.
  const intruder: [Time, number, string, string, number, number, number][] = [
    [loginAt, loginPort, 'GET', '/admin/login', 200, 2211, random.int(10, 30)],
    [browse[0]!, loginPort, 'POST', '/admin/login', 302, 231, random.int(60, 140)],
    [browse[1]!, loginPort, 'GET', '/admin/', 200, 14_220, random.int(20, 60)],
    [browse[2]!, loginPort, 'GET', '/admin/customers?page=1', 200, random.int(40_000, 60_000), random.int(80, 200)],
    [browse[3]!, loginPort, 'GET', '/admin/customers?page=2', 200, random.int(40_000, 60_000), random.int(80, 200)],
    [
      exportAt,
      exportPort,
      'GET',
      '/admin/export?table=customers&format=csv',
      200,
      random.int(31_000_000, 78_000_000),
      random.int(4_000, 9_000),
    ],
    [logoutAt, exportPort, 'GET', '/admin/logout', 302, 198, random.int(10, 30)],
  ];
  for (const [at, port, method, path, status, bytes, tr] of intruder)
    requests.push({
      at,
      ms: random.int(0, 999),
      ip: attackerIp,
      port,
      backend: 'be_admin/adm01',
      status,
      bytes,
      method,
      path,
      tr,
    });

  requests.sort((a, b) => a.at - b.at || a.ms - b.ms);
  const exportMs = requests.find((request) => request.path.startsWith('/admin/export?table=customers'))!.ms;
  const pid = random.int(1800, 4200);
  const logLines = requests.map((request) => {
    const total = request.tr + random.int(1, 4);
    const conns = random.int(3, 25);
    return (
      `${syslogDate(request.at + Math.floor((request.ms + total) / 1000))} vm-lb01 haproxy[${pid}]: ` +
      `${request.ip}:${request.port} [${haproxyDate(request.at)}.${String(request.ms).padStart(3, '0')}] fe_https~ ` +
      `${request.backend} 0/0/${random.int(0, 2)}/${request.tr}/${total} ${request.status} ${request.bytes} - - ---- ` +
      `${conns}/${conns}/${random.int(0, conns)}/${random.int(0, 3)}/0 0/0 "${request.method} ${request.path} HTTP/1.1"`
    );
  });
  const haproxyLog = `${logLines.join('\n')}\n`;

  // ---- Kestrel's reply and return ---------------------------------------------------------------
  const kestrelRef = `KM-LE-2026-${random.int(1000, 9999)}`;
  // After the log was handed over (14:20 Estmark time) and before the reply was registered (17:05).
  const kestrelReplyAt: Time = Date.UTC(2026, 10, 13, 14, 30) / 1000 + random.int(0, 80 * MINUTE);
  const csvRows = returned.map((allocation) =>
    [
      allocation.id,
      attackerIp,
      blockFirst(allocation.block),
      blockFirst(allocation.block) + BLOCK_SIZE - 1,
      plain(allocation.from, KESTREL_OFFSET),
      plain(allocation.to, KESTREL_OFFSET),
      allocation.account,
      allocation.name,
      allocation.service,
    ].join(','),
  );
  const allocationsCsv = `${[
    'allocation_id,public_ip,port_first,port_last,allocated,released,subscriber_account,subscriber_name,service',
    ...csvRows,
  ].join('\n')}\n`;

  const kestrelLetter = `Kestrel Mobile Ltd
Law Enforcement Liaison Team
14 Harrowgate Quay, Port Ansel, Marrowland
lel@kestrel-mobile.example

Our reference: ${kestrelRef}
Your reference: ECP-2026-1187 (order under Article 7 of the Second Additional Protocol, dated 13 November 2026)
Date: ${longDate(kestrelReplyAt, KESTREL_OFFSET)}

To: Public Prosecution Service of Estmark, Cybercrime Department
    attn. the prosecutor in charge of ECP-2026-1187

Subject: Subscriber information - public IPv4 address ${attackerIp}

Dear Prosecutor,

We have received your order of 13 November 2026 under Article 7 of the Second Additional
Protocol to the Convention on Cybercrime. It asks for the subscriber who used the IPv4 address
${attackerIp} on "12 November 2026 between 02:00 and 05:00".

1. The address ${attackerIp} is a public address of our carrier-grade NAT (CGNAT) platform in
   Port Ansel. It is shared by many subscribers at the same time. Each subscriber session is
   allocated a block of ${BLOCK_SIZE} source ports on the public address (port block allocation) for as
   long as the session lasts; blocks are then reused. A subscriber can be identified only from
   the public address together with the source port and the exact time of the connection.

2. Your order does not state a source port, and it does not state the time zone of the times
   given. We have therefore not been able to identify a single subscriber.

3. So that you can identify the subscriber yourselves, and in agreement with the Marrowland
   authority notified under Article 7(5) of the Protocol, we enclose every port block allocation
   on ${attackerIp} that overlaps the period from 11 November 2026 18:00 to 12 November 2026 06:00
   Marrowland Standard Time. This period covers your times whether they were meant as UTC, as
   Marrowland time or as Estmark time. File: kestrel-allocations.csv (${returned.length} allocations).

4. All times in this letter and in the enclosed file are Marrowland Standard Time (UTC-05:00;
   Marrowland does not observe summer time). "allocated" and "released" are the first and the last
   second of the allocation, both included.

5. Allocation records are deleted 90 days after the end of the allocation under section 41 of the
   Marrowland Electronic Communications Act. We have not preserved any records. A request for
   preservation must reach us through the Marrowland 24/7 point of contact.

6. Any further order should state the public address, the source port, and the date and time
   with its time zone or UTC offset.

Yours faithfully,

Odile Penhaligon
Senior Analyst, Law Enforcement Liaison Team
Kestrel Mobile Ltd
`;

  // ---- The draft preservation request -----------------------------------------------------------
  const defects = random.shuffle([...DEFECTS]).slice(0, random.int(2, 3)) as Defect[];
  const has = (defect: Defect) => defects.includes(defect);
  const wrongIp = (() => {
    const digits = String(octet);
    const swapped = digits.split('').reverse().join('');
    const candidate = Number(swapped);
    if (swapped !== digits && candidate >= 1 && candidate <= 254 && !swapped.startsWith('0'))
      return `203.0.113.${candidate}`;
    return `203.0.113.${octet + (octet < 200 ? 10 : -10)}`;
  })();
  const draftIp = has('address') ? wrongIp : attackerIp;
  const windowFrom = Math.floor((loginAt - 15 * MINUTE - LOCAL_MIDNIGHT) / HOUR) * HOUR + LOCAL_MIDNIGHT;
  const windowTo = Math.ceil((logoutAt + 15 * MINUTE - LOCAL_MIDNIGHT) / HOUR) * HOUR + LOCAL_MIDNIGHT;
  const article = has('article') ? random.pick(['31', '18']) : '29';
  const identifiers = has('port')
    ? `public IPv4 address ${draftIp}
                (TCP connections to ${PORTAL_IP}, port 443, portal.veldmark-mutual.example)`
    : `public IPv4 address ${draftIp}, source ports ${loginPort} and ${exportPort}
                (TCP connections to ${PORTAL_IP}, port 443, portal.veldmark-mutual.example)`;
  const period = has('zone')
    ? `12 November 2026, from ${hhmm(windowFrom, VICTIM_OFFSET)} to ${hhmm(windowTo, VICTIM_OFFSET)}`
    : `12 November 2026, from ${hhmm(windowFrom, VICTIM_OFFSET)} to ${hhmm(windowTo, VICTIM_OFFSET)} Estmark time (UTC+01:00),
                that is ${hhmm(windowFrom, 0)} to ${hhmm(windowTo, 0)} UTC`;
  const followUp = has('mla-intent')
    ? `Please send the preserved records, and the name and address of the subscriber, to the
   Estmark 24/7 point of contact as soon as they have been preserved.`
    : `The Republic of Estmark intends to submit a request for mutual assistance for the
   disclosure of the preserved data. Please ask the provider not to inform the subscriber.`;
  const draft = `DRAFT - NOT SENT - for the prosecutor's review
Prepared by DS Lena Hartmann, National Cybercrime Centre, on 16 November 2026

From:     24/7 Point of Contact, National Cybercrime Centre (NCC), Republic of Estmark
To:       24/7 Point of Contact, Marrowland Federal Police, Cyber Investigations Branch
Our ref.: NCC-247-2026-0412 / prosecution file ECP-2026-1187
Date:     (on sending)

REQUEST FOR EXPEDITED PRESERVATION OF STORED COMPUTER DATA
under Article ${article} of the Convention on Cybercrime (ETS No. 185),
transmitted through the 24/7 Network (Article 35)

1. Authority seeking preservation
   Public Prosecution Service of Estmark, Cybercrime Department, file ECP-2026-1187,
   through the NCC 24/7 point of contact.

2. Offences and summary of the facts
   Illegal access to a computer system, theft of data and extortion (sections 221, 223 and 187
   of the Estmark Criminal Code). On 12 November 2026 an unknown person logged in to the
   administration console of the customer portal of Veldmark Mutual Insurance with the stolen
   credentials of an administrator and downloaded the insurer's customer table (about 410,000
   records). On 13 November the insurer received an e-mail demanding payment to prevent the
   publication of the data.

3. Data to be preserved and their relationship to the offences
   The port block allocation (CGNAT) records of Kestrel Mobile Ltd that show which subscriber
   was allocated the source ports used for the connections below, and the subscriber
   information of that subscriber. The connections are those of the intruder.

   Identifiers: ${identifiers}
   Period:      ${period}

4. Custodian and location of the data
   Kestrel Mobile Ltd, 14 Harrowgate Quay, Port Ansel, Marrowland.

5. Necessity of preservation
   Kestrel Mobile deletes allocation records 90 days after the end of an allocation (its letter
   ${kestrelRef}). The records identify the intruder and must be kept as evidence.

6. Follow-up
   ${followUp}

Contact: DS Lena Hartmann, NCC 24/7 desk, +ZZ 555 0100 (24 hours), 247@ncc.estmark.example
`;

  // ---- The Quellmoor 24/7 confirmation ----------------------------------------------------------
  const preservedAt: Time =
    Date.UTC(2026, 10, random.int(13, 15), random.int(9, 15), random.int(0, 59), random.int(0, 59)) / 1000 -
    QUELLMOOR_OFFSET * MINUTE;
  const preservedWall = wall(preservedAt, QUELLMOOR_OFFSET);
  const preservationDay: Time = Date.UTC(preservedWall.year, preservedWall.month, preservedWall.day) / 1000;
  const deadline = wall(preservationDay + 60 * DAY, 0);
  const deadlineIso = `${deadline.year}-${two(deadline.month + 1)}-${two(deadline.day)}`;
  const dayBefore = wall(preservationDay + 59 * DAY, 0);
  const ninety = wall(preservationDay + 90 * DAY, 0);
  const isoDay = (w: ReturnType<typeof wall>) => `${w.year}-${two(w.month + 1)}-${two(w.day)}`;
  const quellmoorRef = `QNP-247-${random.int(10_000, 99_999)}`;
  const ackAt = preservedAt + random.int(20 * MINUTE, 90 * MINUTE);
  const ack = `Return-Path: <cyber247@police.quellmoor.example>
Received: from mail.police.quellmoor.example (mail.police.quellmoor.example [198.51.100.14])
	by mx.ncc.estmark.example (Postfix) with ESMTPS id 4Q${random.hex(8).toUpperCase()}
	for <247@ncc.estmark.example>; ${mailDate(ackAt + random.int(5, 40), VICTIM_OFFSET)}
From: 24/7 Point of Contact Quellmoor <cyber247@police.quellmoor.example>
To: NCC 24/7 Estmark <247@ncc.estmark.example>
Subject: RE: Preservation request NCC-247-2026-0398 - Brackwater Hosting - EXECUTED
Date: ${mailDate(ackAt, QUELLMOOR_OFFSET)}
Message-ID: <${random.hex(16)}@police.quellmoor.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Our reference: ${quellmoorRef}
Your reference: NCC-247-2026-0398 (case ECP-2026-1187)

Colleagues,

Your request for expedited preservation under Article 29 of the Convention on Cybercrime
concerning the virtual server of Brackwater Hosting Ltd at ${vpsIp} (the site ${leakDomain})
has been executed.

On ${longDate(preservedAt, QUELLMOOR_OFFSET)} at ${hhmm(preservedAt, QUELLMOOR_OFFSET)} Quellmoor time (UTC-04:00), Brackwater
Hosting Ltd took and sealed a snapshot of the server's disk, and preserved the server's web
access logs and the customer account and payment records of the server.

The data will be preserved for the period laid down in Article 29(7) of the Convention,
counted from the day after the day of preservation. Quellmoor has made no reservation under
Article 29(4).

Disclosure of the data requires a request for mutual assistance addressed to the central
authority of Quellmoor (Ministry of Justice, Directorate of International Cooperation). If that
request reaches us within the period, the data will remain preserved until a decision on it
is taken.

The provider has been instructed not to inform its customer.

Inspector Maren Tollefsen
24/7 Point of Contact, National Police of Quellmoor, Cyber Unit
`;

  // ---- The cooperation worksheet ----------------------------------------------------------------
  const registrarSeat = random.pick(['Marrowland', 'Lorvania', 'Quellmoor'] as const);
  const cdnSeat = random.pick(['Estmark', 'Lorvania', 'Quellmoor', 'Marrowland'] as const);
  const nimbusSeat = random.pick(['Lorvania', 'Varnholm'] as const);
  const requestsNeeded: CooperationRequest[] = [
    {
      need: `Preservation of Kestrel's port block allocation (CGNAT) records of the intruder's public address for 11-12 November 2026 (traffic data), before they are deleted`,
      holder: 'Kestrel Mobile Ltd (mobile operator)',
      seat: 'Marrowland',
      presence: 'none; offers no services in the Union',
      note: 'Records deleted 90 days after each allocation (letter P/2).',
      route: 'art29-247',
      naive: 'sap-art7',
      why: 'traffic data at a provider in Marrowland, outside the EU: the Protocol gives no direct preservation order, so expedited preservation under Art. 29, sent through the 24/7 Network (Art. 35)',
    },
    {
      need: `Subscriber information (name, address, account) of the Kestrel customer who held the intruder's source port at the moment of the export`,
      holder: 'Kestrel Mobile Ltd (mobile operator)',
      seat: 'Marrowland',
      presence: 'none; offers no services in the Union',
      note: 'Kestrel answered our first Art. 7 order (P/2).',
      route: 'sap-art7',
      naive: 'mla-art31',
      why: 'subscriber information from a provider in Marrowland, a Party that applies the Protocol like Estmark and has made no reservation under Art. 7(9)(b) for the access numbers that identify a subscriber behind an address: a direct order to the provider under Art. 7',
    },
    {
      need: `Registration data of the leak-site domain ${leakDomain} (registrant, contact e-mail, creation date, payment)`,
      holder: 'Pellucid Names (domain name registrar)',
      seat: registrarSeat,
      presence:
        registrarSeat === 'Lorvania'
          ? 'seat in Lorvania; offers services in the Union'
          : 'none; offers no services in the Union',
      note: 'The public registration record is redacted.',
      route: registrarSeat === 'Marrowland' ? 'sap-art6' : registrarSeat === 'Lorvania' ? 'epoc' : 'mla-art31',
      naive: registrarSeat === 'Lorvania' ? 'sap-art6' : registrarSeat === 'Marrowland' ? 'sap-art7' : 'sap-art6',
      why:
        registrarSeat === 'Marrowland'
          ? 'domain name registration information from a registrar in Marrowland, a Party that applies the Protocol: a direct request under Art. 6'
          : registrarSeat === 'Lorvania'
            ? 'the registrar offers services in the Union from Lorvania, another Member State bound by the Regulation: a European Production Order for the registration (subscriber) data; between Member States the Regulation is used rather than Art. 6 of the Protocol'
            : 'Quellmoor is a Party to the Convention but not to the Protocol and the registrar is not in the EU: no direct request is possible, so mutual assistance under Art. 31',
    },
    {
      need: `Content of the mailbox ${mailbox} (messages sent and received, 1 October to 13 November 2026), which sent the extortion e-mail`,
      holder: 'Nimbus Mail (webmail provider)',
      seat: nimbusSeat,
      presence:
        nimbusSeat === 'Lorvania'
          ? 'designated establishment in Lorvania; offers services in the Union'
          : 'legal representative in Lorvania (Nimbus Mail EU Representative SA); offers services in the Union',
      note: 'Nimbus keeps deleted messages for 30 days.',
      route: 'epoc',
      naive: 'mla-art31',
      why:
        nimbusSeat === 'Lorvania'
          ? 'content data from a provider established in Lorvania, another Member State bound by the Regulation: a European Production Order addressed to its designated establishment'
          : 'Nimbus Mail sits in Varnholm, which is not a Party to the Convention, but it offers services in the Union and has a legal representative in Lorvania: the Regulation applies wherever the data is stored, so a European Production Order addressed to the legal representative',
    },
    {
      need: `A copy of the disk snapshot, the web access logs and the account records of the leak-site server ${vpsIp}, preserved by Brackwater at our request (P/6)`,
      holder: 'Brackwater Hosting Ltd (hosting provider)',
      seat: 'Quellmoor',
      presence: 'none; offers no services in the Union',
      note: 'Preserved under Art. 29; see the confirmation P/6.',
      route: 'mla-art31',
      naive: 'art29-247',
      why: 'the data is already preserved under Art. 29; disclosure of stored content from Quellmoor (Convention only, not the Protocol, not in the EU) needs a request for mutual assistance under Art. 31',
    },
    {
      need: `Preservation of the access logs of Aster Edge's reverse proxy in front of ${leakDomain} (who uploaded and who downloaded the files)`,
      holder: 'Aster Edge (content delivery network)',
      seat: cdnSeat,
      presence:
        cdnSeat === 'Estmark'
          ? 'seat in Estmark'
          : cdnSeat === 'Lorvania'
            ? 'seat in Lorvania; offers services in the Union'
            : 'none; offers no services in the Union',
      note: 'Aster Edge overwrites its proxy logs after 14 days.',
      route: cdnSeat === 'Estmark' ? 'national-order' : cdnSeat === 'Lorvania' ? 'epoc-pr' : 'art29-247',
      naive: cdnSeat === 'Estmark' ? 'epoc-pr' : cdnSeat === 'Lorvania' ? 'art29-247' : 'epoc-pr',
      why:
        cdnSeat === 'Estmark'
          ? 'the provider is established in Estmark itself: a preservation order under Estmark law (the national measure implementing Art. 16); the Regulation is for providers established or represented in another Member State'
          : cdnSeat === 'Lorvania'
            ? 'preservation at a provider established in Lorvania, another Member State bound by the Regulation: a European Preservation Order'
            : `preservation at a provider in ${cdnSeat}, outside the EU: expedited preservation under Art. 29 through the 24/7 Network`,
    },
  ];
  const ordered = random.shuffle(requestsNeeded);
  const itemIds = ordered.map((_, index) => `R${index + 1}`);
  const routeMapping: Record<string, string> = {};
  const naiveMapping: Record<string, string> = {};
  ordered.forEach((request, index) => {
    routeMapping[itemIds[index]!] = request.route;
    naiveMapping[itemIds[index]!] = request.naive;
  });
  const cell = (text: string) => text.replace(/\|/gu, '/');
  const worksheet = `# Cooperation worksheet - ECP-2026-1187 (Operation SALTMARSH)

Prepared by DS Lena Hartmann, National Cybercrime Centre, 16 November 2026, for the prosecutor's
decision on the route of each request. Sources: provider websites, public registers, the
providers' own statements, and the treaty offices of the Ministry of Justice.

## States concerned

| State | EU Member State | Convention on Cybercrime | Second Additional Protocol | Regulation (EU) 2023/1543 |
|---|---|---|---|---|
| Estmark (us) | yes | Party | Party; applies Arts. 6 and 7, no reservations | bound |
| Lorvania | yes | Party | Party; applies Arts. 6 and 7, no reservations | bound |
| Marrowland | no | Party | Party; applies Arts. 6 and 7, no reservations | not applicable |
| Quellmoor | no | Party | not a Party | not applicable |
| Varnholm | no | not a Party | not a Party | not applicable |

## Requests to be made

| Request | What we need | Holder | Established in | EU establishment or legal representative | Note |
|---|---|---|---|---|---|
${ordered
  .map(
    (request, index) =>
      `| ${itemIds[index]} | ${cell(request.need)} | ${cell(request.holder)} | ${request.seat} | ${cell(request.presence)} | ${cell(request.note)} |`,
  )
  .join('\n')}
`;
  const routeExplanation = ordered
    .map(
      (request, index) =>
        `- **${itemIds[index]}** (${request.holder}): **${ROUTE_LABELS[request.route]}**: ${request.why}.`,
    )
    .join('\n');

  const defectLines: Record<Defect, string> = {
    article: `- **Legal basis**: the title cites Article ${article}; expedited preservation by another Party is Article 29 (sent through the 24/7 Network under Article 35). Article 31 is the later request for disclosure, Article 18 a domestic production order.`,
    port: '- **Source port**: the identifiers give the public address only. Behind a carrier-grade NAT the address alone fits every subscriber on it (Kestrel said so in P/2): name both source ports of the intruder.',
    zone: '- **Time zone**: the period has no zone. Kestrel keeps its records in UTC-05:00, so the same clock time is six hours apart from Estmark time: give the offset or UTC.',
    address: `- **Address**: the draft names ${wrongIp}, not the address in the load balancer log. A preservation request for the wrong address preserves someone else's data.`,
    'mla-intent':
      '- **Follow-up**: Art. 29(2)(f) requires the statement that Estmark intends to submit a request for mutual assistance for the disclosure; instead the draft asks for the data to be sent, which a preservation request cannot obtain (disclosure under Art. 29 is limited to Art. 30, the partial disclosure of traffic data showing another provider in the chain).',
  };
  const defectsWrong = [...defects.slice(1), 'dual-criminality'];

  const values = {
    attacker_ip: attackerIp,
    export_port: exportPort,
    login_port: loginPort,
    wrong_ip: wrongIp,
    export_time: iso(exportAt, 0),
    export_time_local: iso(exportAt, VICTIM_OFFSET),
    export_time_haproxy: `${haproxyDate(exportAt)} +0100`,
    export_time_bracket: `${haproxyDate(exportAt)}.${String(exportMs).padStart(3, '0')}`,
    export_time_local_as_utc: `${plain(exportAt, VICTIM_OFFSET).replace(' ', 'T')}Z`,
    export_time_marrowland: `${plain(exportAt, KESTREL_OFFSET)} (UTC-05:00)`,
    login_time: iso(loginAt, 0),
    sharing_count: sharing.length,
    sharing_count_plus_one: String(sharing.length + 1),
    returned_count: returned.length,
    subscriber_account: attacker.account,
    subscriber_name: attacker.name,
    subscriber_ports: `${blockFirst(block)}-${blockFirst(block) + BLOCK_SIZE - 1}`,
    subscriber_allocated: plain(attacker.from, KESTREL_OFFSET),
    subscriber_released: plain(attacker.to, KESTREL_OFFSET),
    decoy_local_account: decoyLocal.account,
    decoy_utc_account: decoyUtc.account,
    decoy_adjacent_account: decoyAdjacent.account,
    decoy_adjacent_ports: `${blockFirst(neighbour)}-${blockFirst(neighbour) + BLOCK_SIZE - 1}`,
    draft_defects: [...defects].sort(),
    draft_defects_wrong: defectsWrong.join(', '),
    draft_defects_typed: [...defects].reverse().join('; '),
    draft_defects_explanation: DEFECTS.filter((defect) => defects.includes(defect))
      .map((defect) => defectLines[defect])
      .join('\n'),
    route_mapping: routeMapping,
    route_mapping_naive: Object.entries(naiveMapping)
      .map(([item, route]) => `${item}: ${route}`)
      .join('\n'),
    route_mapping_typed: Object.entries(routeMapping)
      .map(([item, route]) => `${item} = ${ROUTE_LABELS[route as Route]}`)
      .join('\n'),
    route_explanation: routeExplanation,
    preservation_date: longDate(preservedAt, QUELLMOOR_OFFSET),
    mla_deadline_iso: deadlineIso,
    mla_deadline_day: String(deadline.day),
    mla_deadline_month: LONG_MONTHS[deadline.month]!,
    mla_deadline_mon: MONTHS[deadline.month]!,
    mla_deadline_year: String(deadline.year),
    mla_deadline_text: `${deadline.day} ${LONG_MONTHS[deadline.month]} ${deadline.year}`,
    mla_deadline_day_before: isoDay(dayBefore),
    mla_deadline_ninety: isoDay(ninety),
  };

  return {
    files: {
      'evidence/lb01-haproxy.log': haproxyLog,
      'evidence/kestrel-letter.txt': kestrelLetter,
      'evidence/kestrel-allocations.csv': allocationsCsv,
      'evidence/draft-preservation-request.txt': draft,
      'evidence/cooperation-worksheet.md': worksheet,
      'evidence/quellmoor-confirmation.eml': ack,
    },
    values,
  };
};

export default generate;
