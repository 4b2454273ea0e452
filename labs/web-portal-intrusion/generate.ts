import type { SeededRandom } from '../../server/labs/random.ts';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Intrusion through a public web portal".
 *
 * From the seed it writes what the hosting provider exported for the virtual host
 * permits.vestmark.example: the Apache access log (combined format) and the error log from Monday
 * 7 October 2024 00:00 to Wednesday 9 October 11:30, server time (CEST, UTC+2), and returns the
 * answer values. Only context.random is used: the same seed always gives byte-identical files.
 *
 * What the logs hold:
 *  - noise: two uptime monitors, search engine crawlers, citizens browsing, looking up permits,
 *    applying with attachments and writing to the authority, staff working in the staff area
 *    (HTTP Basic authentication, so their account names are in the log) from the office, and bots
 *    probing for WordPress and leaked secrets;
 *  - a vulnerability scanner (Nikto) from one address hours before the attack; it also sends quotes
 *    to every lookup parameter and so causes SQL errors of its own;
 *  - the intruder, from one address with one User-Agent: a few minutes of browsing, SQL injection
 *    in one parameter of one lookup script (quote probes, column counting, then UNION SELECT to read
 *    the staff table), a pause to crack a password hash, a login to the staff area with that account,
 *    the upload of a web shell (first as .php, which the uploads folder refuses, then as .phtml or
 *    .phar, which PHP still runs), commands through the shell ending in a tar archive of the
 *    applicants' attachments inside the web root, and the download of that archive, interrupted
 *    once and resumed with a Range request (200, then 206).
 *
 * Apache writes a request's line when the response is finished but stamps it with the moment the
 * request arrived, so long downloads appear later in the file than their time stamps: the
 * generator reproduces that. No request contains a raw double quote or backslash (every client here
 * percent-encodes them, so Apache has nothing to escape), and every line matches the usual
 * combined-format regular expression.
 */

const HOST = 'permits.vestmark.example';
const SITE = `https://${HOST}`;
const APP_ROOT = '/var/www/permits';
const DOCROOT = `${APP_ROOT}/htdocs`;
const DAY = 86_400;
const HOUR = 3_600;
/** The export ends on Wednesday 9 October 2024 at 11:30 server time. */
const LOG_END = 2 * DAY + 11 * HOUR + 30 * 60;
/** 2024-10-07T00:00:00+02:00, where the logs start, in milliseconds since the Unix epoch. */
const LOG_START_MS = Date.UTC(2024, 9, 6, 22, 0, 0);
const WEEKDAYS = ['Mon', 'Tue', 'Wed'] as const;
const APACHE_MASTER_PID = 1021;

/** Seconds since the start of the log (Monday 7 October 2024 00:00 CEST); fractions only in the error log. */
type Time = number;

const two = (value: number): string => String(value).padStart(2, '0');

function clock(time: Time): { day: number; date: string; hh: string; mm: string; ss: string } {
  const whole = Math.floor(time);
  const day = Math.floor(whole / DAY);
  const rest = whole - day * DAY;
  return {
    day,
    date: two(7 + day),
    hh: two(Math.floor(rest / HOUR)),
    mm: two(Math.floor((rest % HOUR) / 60)),
    ss: two(rest % 60),
  };
}

let lastAccessSecond = -1;
let lastAccessTime = '';

/** The access log's %t: "08/Oct/2024:21:14:07 +0200". Requests come in bursts, so the last second's text is kept. */
function accessTime(time: Time): string {
  if (time !== lastAccessSecond) {
    const { date, hh, mm, ss } = clock(time);
    lastAccessSecond = time;
    lastAccessTime = `${date}/Oct/2024:${hh}:${mm}:${ss} +0200`;
  }
  return lastAccessTime;
}

/** The error log's time stamp (Apache 2.4, local time without zone): "Tue Oct 08 21:14:07.318842 2024". */
function errorTime(time: Time): string {
  const { day, date, hh, mm, ss } = clock(time);
  const micros = String(Math.floor((time - Math.floor(time)) * 1_000_000)).padStart(6, '0');
  return `${WEEKDAYS[day]} Oct ${date} ${hh}:${mm}:${ss}.${micros} 2024`;
}

/** ISO 8601 with the server's offset: "2024-10-08T21:14:07+02:00". */
function isoLocal(time: Time): string {
  const { date, hh, mm, ss } = clock(time);
  return `2024-10-${date}T${hh}:${mm}:${ss}+02:00`;
}

/** ISO 8601 in UTC: "2024-10-08T19:14:07Z". */
function isoUtc(time: Time): string {
  return new Date(LOG_START_MS + Math.floor(time) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Percent-encodes a query value the way the client that sent it does: HTML forms, Python's
 * urlencode and Go write a space as "+", curl --data-urlencode as %20. Everything but letters,
 * digits and -_.~ is encoded, so quotes and backslashes never reach the log raw.
 */
function encodeQueryValue(value: string, spaceAsPlus: boolean): string {
  return value.replace(/[^A-Za-z0-9\-_.~]/gu, (char) =>
    char === ' ' && spaceAsPlus ? '+' : `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

interface Request {
  ip: string;
  /** The Basic-auth user (%u), for requests to the staff area. */
  user?: string;
  at: Time;
  /** Seconds until the response was finished, which is when Apache writes the line. */
  duration?: number;
  method?: string;
  target: string;
  status: number;
  /** Body bytes (%b); undefined or 0 is logged as "-". */
  bytes?: number;
  referer?: string;
  agent: string;
  protocol?: string;
}

/**
 * The access log as Apache writes it: one combined-format line per request, in the order responses
 * finished. Lines are encoded into one growing byte buffer a chunk at a time and only their positions
 * are sorted at the end: tens of thousands of line strings kept alive until then would cost more in
 * garbage collection than everything else the generator does.
 */
class AccessLog {
  private bytes = new Uint8Array(16 * 1024 * 1024);
  private length = 0;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly encoder = new TextEncoder();

  add(request: Request): void {
    const end = finished(request);
    if (request.at < 0 || request.at > LOG_END || end > LOG_END) return;
    if (!Number.isInteger(end))
      throw new Error(`web-portal-intrusion generator: access log times are whole seconds, not ${end}`);
    const line = `${combinedLine(request)}\n`;
    this.starts.push(this.length + this.pendingLength);
    this.ends.push(end);
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pending.length === 512) this.flush();
  }

  /** The log file, lines in the order their responses finished; lines finished in the same second keep the order they were added in. */
  bytesInOrder(): Uint8Array {
    this.flush();
    const count = this.ends.length;
    const starts = [...this.starts, this.length];
    // A counting sort on the whole second in which each response finished: stable, and linear.
    const firsts = new Int32Array(LOG_END + 2);
    for (const end of this.ends) firsts[end + 1]!++;
    for (let second = 1; second < firsts.length; second++) firsts[second]! += firsts[second - 1]!;
    const order = new Int32Array(count);
    for (let index = 0; index < count; index++) order[firsts[this.ends[index]!]!++] = index;
    const file = new Uint8Array(this.length);
    let offset = 0;
    for (const index of order) {
      const start = starts[index]!;
      const size = starts[index + 1]! - start;
      file.set(this.bytes.subarray(start, start + size), offset);
      offset += size;
    }
    return file;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    if (this.length + chunk.length > this.bytes.length) {
      const larger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + chunk.length));
      larger.set(this.bytes.subarray(0, this.length));
      this.bytes = larger;
    }
    const { written } = this.encoder.encodeInto(chunk, this.bytes.subarray(this.length));
    // Positions were counted in characters: every character must be ASCII (clients percent-encode the rest).
    if (written !== chunk.length)
      throw new Error('web-portal-intrusion generator: a log line contains a non-ASCII character');
    this.length += written;
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** When Apache writes the request's line: when the response has been sent. */
function finished(request: Request): Time {
  return request.at + (request.duration ?? 0);
}

/** One line of the combined log format: %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i". */
function combinedLine(request: Request): string {
  const size = request.bytes === undefined || request.bytes === 0 ? '-' : String(request.bytes);
  return `${request.ip} - ${request.user ?? '-'} [${accessTime(request.at)}] "${request.method ?? 'GET'} ${request.target} ${request.protocol ?? 'HTTP/1.1'}" ${request.status} ${size} "${request.referer ?? '-'}" "${request.agent}"`;
}

/** The error log: Apache's and PHP's messages in time order. */
class ErrorLog {
  private readonly entries: { time: Time; line: string }[] = [];

  add(
    time: Time,
    module: string,
    pid: number,
    message: string,
    client?: { ip: string; port: number },
    referer?: string,
  ): void {
    if (time < 0 || time > LOG_END) return;
    const clientPart = client ? ` [client ${client.ip}:${client.port}]` : '';
    const refererPart = referer ? `, referer: ${referer}` : '';
    this.entries.push({
      time,
      line: `[${errorTime(time)}] [${module}] [pid ${pid}]${clientPart} ${message}${refererPart}`,
    });
  }

  text(): string {
    return this.entries
      .sort((a, b) => a.time - b.time)
      .map((entry) => `${entry.line}\n`)
      .join('');
  }
}

// --- What the portal serves -------------------------------------------------------------------

const ASSETS = {
  css: ['/assets/css/portal.min.css?v=3.4.2', 48_213],
  jquery: ['/assets/js/jquery-3.7.1.min.js', 87_533],
  script: ['/assets/js/portal.min.js?v=3.4.2', 15_890],
  logo: ['/assets/img/vestmark-logo.svg', 7_342],
  fontRegular: ['/assets/fonts/source-sans-3-regular.woff2', 39_012],
  fontBold: ['/assets/fonts/source-sans-3-semibold.woff2', 40_277],
  favicon: ['/favicon.ico', 15_086],
  hero: ['/assets/img/hero-harbour.jpg', 184_220],
  iconApply: ['/assets/img/icons/apply.svg', 1_318],
  iconStatus: ['/assets/img/icons/status.svg', 1_207],
  iconMap: ['/assets/img/icons/map.svg', 1_544],
} as const satisfies Record<string, readonly [string, number]>;

const STATIC_PAGES: readonly (readonly [string, number])[] = [
  ['/fees.html', 18_230],
  ['/faq.html', 24_901],
  ['/opening-hours.html', 9_872],
  ['/accessibility.html', 12_466],
  ['/privacy.html', 21_035],
];

const DOCUMENTS: readonly (readonly [string, number])[] = [
  ['/documents/forms/building-permit-application.pdf', 412_345],
  ['/documents/forms/signage-permit-application.pdf', 287_004],
  ['/documents/forms/event-permit-application.pdf', 301_772],
  ['/documents/fees-2024.pdf', 198_765],
];
/** Chrome's PDF viewer fetches large files in ranges, so this one is often served as 206. */
const GUIDE: readonly [string, number] = ['/documents/guides/permit-guide-2024.pdf', 2_345_678];

const NOT_FOUND_BYTES = 5_412; // ErrorDocument 404 /errors/404.html
const FORBIDDEN_BYTES = 290; // Apache's own 403 page
const UNAUTHORIZED_BYTES = 459; // Apache's own 401 page
const APP_ERROR_BYTES = 1_843; // the portal's "something went wrong" page, sent with status 500

const APPLY_TYPES = ['building', 'extension', 'demolition', 'signage', 'event', 'terrace'];
const SEARCH_TERMS = [
  'building permit',
  'garage',
  'fence height',
  'terrace',
  'solar panels',
  'demolition',
  'fees',
  'opening hours',
  'neighbour objection',
  "owner's declaration",
  "children's playground",
  'site plan',
  'signage',
  'event permit',
  'appeal',
  'heat pump',
  'extension',
  'parking',
  'tree felling',
  "harbour's edge",
];

const CITIZEN_AGENTS: readonly (readonly [string, number])[] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
    22,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    12,
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36',
    12,
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0',
    9,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
    7,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
    5,
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0', 5],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
    5,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    5,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    4,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0', 2],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    3,
  ],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:131.0) Gecko/20100101 Firefox/131.0', 2],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36 OPR/113.0.0.0',
    1,
  ],
];
const STAFF_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0',
];
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Searchbot/2.1; +https://www.search.example/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.70 Mobile Safari/537.36 (compatible; Searchbot/2.1; +https://www.search.example/bot.html)',
  'Mozilla/5.0 (compatible; FinditBot/2.0; +https://findit.example.net/webmaster)',
  'Mozilla/5.0 (compatible; ArchiveCrawler/3.2; +https://archive-crawler.example.org/info)',
];
const UPTIME_AGENT = 'UptimeWatch/3.1 (+https://uptimewatch.example.net/bot)';
const HOSTER_MONITOR_AGENT = 'Nordhavn-Monitor/1.4';
const JUNK_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36',
  'Mozilla/5.0 (Windows NT 6.1; rv:60.0) Gecko/20100101 Firefox/60.0',
  'Mozilla/5.0 zgrab/0.x',
  'python-httpx/0.27.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Safari/605.1.15',
];
const JUNK_PATHS = [
  '/wp-login.php',
  '/xmlrpc.php',
  '/wp-admin/setup-config.php',
  '/wp-content/plugins/wp-file-manager/readme.txt',
  '/.env',
  '/.git/config',
  '/phpmyadmin/index.php',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/cgi-bin/luci/;stok=/locale',
  '/boaform/admin/formLogin',
  '/owa/auth/logon.aspx',
  '/actuator/health',
  '/.aws/credentials',
  '/config.json',
  '/api/v1/pods',
  '/solr/admin/info/system',
  '/HNAP1/',
  '/.DS_Store',
  '/server.php',
  '/admin/config.php',
];

/**
 * The intruder's client. Tools announce themselves; the browser strings are years out of date,
 * which no citizen's browser sends in 2024. `spaceAsPlus` is how the client encodes a space.
 */
const INTRUDER_AGENTS: readonly { agent: string; spaceAsPlus: boolean }[] = [
  { agent: 'python-requests/2.31.0', spaceAsPlus: true },
  { agent: 'python-requests/2.28.2', spaceAsPlus: true },
  { agent: 'curl/7.88.1', spaceAsPlus: false },
  { agent: 'curl/8.4.0', spaceAsPlus: false },
  { agent: 'Go-http-client/1.1', spaceAsPlus: true },
  {
    agent:
      'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
    spaceAsPlus: true,
  },
  { agent: 'Mozilla/5.0 (X11; Linux i686; rv:3.6.13) Gecko/20101203 Firefox/3.6.13', spaceAsPlus: true },
  { agent: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)', spaceAsPlus: true },
];

const STAFF_POOL = ['k.lindgren', 'm.haug', 's.berglund', 't.nyberg', 'a.dahl', 'j.fosse', 'e.strand'];
const SHELL_NAMES = [
  'img_cache',
  'thumb_gen',
  'logo_small',
  'sitemap-gen',
  'notice-preview',
  'wp-tmp',
  'font-loader',
  'pdf_index',
];
const SHELL_PARAMETERS = ['cmd', 'c', 'x', 'exec'];

/** A lookup script of the portal: one key parameter read from the database, one display parameter. */
interface Lookup {
  script: string;
  key: string;
  second: string;
  secondValues: readonly string[];
  /** What comes after the key's quoted value in the script's SQL, for MySQL's error messages. */
  sqlTail: string;
  found: number;
  notFound: number;
  value(): string;
}

interface Visitor {
  ip: string;
  agent: string;
  /** Has been here before, so the browser has the style sheets and scripts cached. */
  seen: boolean;
  /** iPhones and iPads also ask for apple-touch-icon files, which the portal does not have. */
  apple: boolean;
}

/** What a citizen's visit needs from the generator. */
interface Portal {
  random: SeededRandom;
  log: AccessLog;
  errors: ErrorLog;
  lookups: readonly Lookup[];
  worker(time: Time): number;
  port(): number;
}

/**
 * One citizen's visit: a handful of page views with the assets the first one loads. A class rather
 * than closures because thousands of visits are generated and tsx wraps every closure it creates.
 */
class CitizenVisit {
  private time: Time;
  private referer: string | undefined;
  private assetsDone = false;
  private readonly cached: boolean;
  private readonly random: SeededRandom;

  constructor(
    private readonly portal: Portal,
    private readonly visitor: Visitor,
    start: Time,
  ) {
    this.random = portal.random;
    this.time = start;
    this.cached = visitor.seen;
    visitor.seen = true;
    this.referer = this.random.pick([
      undefined,
      undefined,
      'https://www.search.example/',
      'https://www.vestmark.example/',
      'https://findit.example.net/',
    ]);
  }

  run(): void {
    const random = this.random;
    const [status, parcel] = this.portal.lookups;
    const scenario = random.next();
    if (scenario < 0.3) {
      if (random.chance(0.5)) this.home();
      for (let count = random.int(1, 3); count > 0; count--) this.lookup(status!);
      if (random.chance(0.2)) this.staticPage();
    } else if (scenario < 0.55) {
      this.home();
      for (let count = random.int(0, 4); count > 0; count--) this.browseOne();
    } else if (scenario < 0.67) {
      if (random.chance(0.6)) this.home();
      this.apply();
    } else if (scenario < 0.77) {
      this.hearings();
    } else if (scenario < 0.85) {
      for (let count = random.int(1, 4); count > 0; count--) this.lookup(parcel!);
    } else if (scenario < 0.91) {
      if (random.chance(0.5)) this.home();
      this.contact();
    } else {
      this.home();
      for (let count = random.int(1, 3); count > 0; count--) this.search();
      if (random.chance(0.5)) {
        if (random.chance(0.5)) this.article();
        else this.staticPage();
      }
    }
  }

  private around(base: number, spread: number): number {
    return base + this.random.int(-spread, spread);
  }

  private think(min = 6, max = 150): void {
    this.time += this.random.int(min, max);
  }

  private add(
    target: string,
    status: number,
    bytes: number | undefined,
    referer: string | undefined,
    at = this.time,
    method = 'GET',
    duration = 0,
  ): void {
    this.portal.log.add({
      ip: this.visitor.ip,
      agent: this.visitor.agent,
      at,
      duration,
      method,
      target,
      status,
      bytes,
      referer,
    });
  }

  /** A page view: the HTML, then (first time only) the assets it links. */
  private view(target: string, status: number, bytes: number | undefined, home = false): void {
    const random = this.random;
    this.add(target, status, bytes, this.referer);
    const page = SITE + target;
    if (!this.assetsDone && status === 200) {
      this.assetsDone = true;
      const list = [
        ASSETS.css,
        ASSETS.jquery,
        ASSETS.script,
        ASSETS.logo,
        ...(home ? [ASSETS.hero, ASSETS.iconApply, ASSETS.iconStatus, ASSETS.iconMap] : []),
      ];
      if (this.cached) {
        if (random.chance(0.5)) for (const [path] of list.slice(0, 3)) this.add(path, 304, undefined, page);
      } else {
        for (const [path, size] of list) this.add(path, 200, size, page, this.time + random.int(0, 1));
        const css = SITE + ASSETS.css[0];
        this.add(ASSETS.fontRegular[0], 200, ASSETS.fontRegular[1], css, this.time + 1);
        if (random.chance(0.7)) this.add(ASSETS.fontBold[0], 200, ASSETS.fontBold[1], css, this.time + 1);
        this.add(ASSETS.favicon[0], 200, ASSETS.favicon[1], page, this.time + random.int(1, 2));
        if (this.visitor.apple) {
          this.add('/apple-touch-icon-precomposed.png', 404, NOT_FOUND_BYTES, undefined, this.time + 2);
          this.add('/apple-touch-icon.png', 404, NOT_FOUND_BYTES, undefined, this.time + 2);
        }
      }
    }
    this.referer = page;
    this.think();
  }

  private home(): void {
    this.view('/', 200, this.around(21_480, 40), true);
  }

  private lookup(which: Lookup): void {
    const found = this.random.chance(0.85);
    const referer = this.referer;
    const at = this.time;
    this.view(
      lookupTarget(which, which.value(), this.random.pick(which.secondValues)),
      200,
      found ? this.around(which.found, 400) : this.around(which.notFound, 20),
    );
    // Hearings without objections trip an old notice in the template.
    if (found && which === this.portal.lookups[2] && this.random.chance(0.45)) {
      const when = at + this.random.next() * 0.4;
      this.portal.errors.add(
        when,
        'php7:notice',
        this.portal.worker(when),
        `PHP Notice:  Undefined variable: objections in ${DOCROOT}/permits/hearings.php on line 112`,
        { ip: this.visitor.ip, port: this.portal.port() },
        referer,
      );
    }
  }

  private staticPage(): void {
    const [path, size] = this.random.pick(STATIC_PAGES);
    this.view(path, this.cached && this.random.chance(0.5) ? 304 : 200, size);
  }

  private browseOne(): void {
    const roll = this.random.next();
    if (roll < 0.25) this.staticPage();
    else if (roll < 0.5) this.article();
    else if (roll < 0.65) this.pdf();
    else if (roll < 0.85) this.view('/permits/', 200, this.around(14_820, 30));
    else this.view('/news/', 200, this.around(13_402, 50));
  }

  private article(): void {
    const id = this.random.int(96, 141);
    this.view(`/news/article.php?id=${id}`, 200, articleBytes(id));
    // Old articles lost their picture in a migration; PHP complains about it.
    if (id < 100 && this.random.chance(0.5)) {
      const at = this.time - this.random.int(1, 5) - this.random.next();
      this.portal.errors.add(
        at,
        'php7:notice',
        this.portal.worker(at),
        `PHP Notice:  Trying to get property 'image' of non-object in ${DOCROOT}/news/article.php on line 41`,
        { ip: this.visitor.ip, port: this.portal.port() },
        this.referer,
      );
    }
  }

  private pdf(): void {
    const random = this.random;
    if (random.chance(0.3)) {
      // The PDF viewer reads the first part, then asks for ranges of the rest.
      const [path, size] = GUIDE;
      this.add(path, 200, 65_536, this.referer);
      let offset = 65_536;
      for (let part = random.int(1, 3); part > 0 && offset < size; part--) {
        const chunk = Math.min(size - offset, random.int(200_000, 900_000));
        this.time += random.int(1, 4);
        this.add(path, 206, chunk, this.referer, this.time, 'GET', 1);
        offset += chunk;
      }
    } else {
      const [path, size] = random.pick(DOCUMENTS);
      this.add(path, 200, size, this.referer, this.time, 'GET', random.int(0, 2));
    }
    this.think();
  }

  private apply(): void {
    const random = this.random;
    this.view('/permits/apply/', 200, this.around(12_310, 20));
    this.view(`/permits/apply/form.php?type=${random.pick(APPLY_TYPES)}`, 200, this.around(26_140, 300));
    const form = this.referer;
    if (random.chance(0.25)) return; // looked at the form and left
    for (let file = random.int(1, 3); file > 0; file--) {
      this.think(20, 200);
      const tooLarge = random.chance(0.05);
      this.add(
        '/permits/apply/upload.php',
        200,
        tooLarge ? 88 : random.int(112, 141),
        form,
        this.time,
        'POST',
        random.int(1, 6),
      );
      if (tooLarge) {
        const at = this.time + random.next() * 3;
        const message = `PHP Warning:  POST Content-Length of ${random.int(8_400_000, 25_000_000)} bytes exceeds the limit of 8388608 bytes in Unknown on line 0`;
        this.portal.errors.add(
          at,
          'php7:warn',
          this.portal.worker(at),
          message,
          { ip: this.visitor.ip, port: this.portal.port() },
          form,
        );
      }
    }
    this.think(60, 600);
    this.add('/permits/apply/submit.php', 302, undefined, form, this.time, 'POST');
    this.time += 1;
    this.referer = form;
    this.view(`/permits/apply/thanks.php?ticket=A-2024-${random.int(10_000, 99_999)}`, 200, this.around(9_804, 4));
  }

  private contact(): void {
    this.view('/contact.php', 200, this.around(11_870, 10));
    const form = this.referer;
    if (this.random.chance(0.4)) return;
    this.think(40, 400);
    this.add('/contact.php', 302, undefined, form, this.time, 'POST');
    this.time += 1;
    this.referer = form;
    this.view('/contact.php?sent=1', 200, this.around(10_120, 10));
  }

  private search(): void {
    this.view(
      `/search.php?q=${encodeQueryValue(this.random.pick(SEARCH_TERMS), true)}`,
      200,
      this.random.int(10_500, 15_200),
    );
  }

  private hearings(): void {
    this.view('/permits/hearings.php', 200, this.around(16_204, 60));
    this.lookup(this.portal.lookups[2]!);
    if (this.random.chance(0.5)) {
      this.add(
        `/uploads/documents/notice-2024-${this.random.int(101, 128)}.pdf`,
        200,
        this.random.int(80_000, 780_000),
        this.referer,
        this.time,
        'GET',
        this.random.int(0, 2),
      );
      this.think();
    }
  }
}

/** A lookup script's URL with its two parameters. */
function lookupTarget(lookup: Lookup, keyValue: string, secondValue: string): string {
  return `${lookup.script}?${lookup.key}=${keyValue}&${lookup.second}=${secondValue}`;
}

/** News articles have fixed sizes. */
function articleBytes(id: number): number {
  return 9_800 + ((id * 7_919) % 4_100);
}

const generate: VariantGenerator = ({ random }) => {
  const log = new AccessLog();
  const errors = new ErrorLog();
  const between = (min: number, max: number): number => min + random.next() * (max - min);
  const exponential = (mean: number): number => -mean * Math.log(1 - random.next());
  const around = (base: number, spread: number): number => base + random.int(-spread, spread);
  const port = (): number => random.int(32_768, 60_999);
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1]![0];
  };

  // --- Addresses: every role has its own; citizens come over IPv4 and IPv6 alike.
  const used = new Set<string>();
  const ipv4 = (prefixes: readonly string[] = ['192.0.2', '198.51.100', '203.0.113']): string => {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 10_000) throw new Error('web-portal-intrusion generator: ran out of documentation IPv4 addresses');
      // Host numbers from 20 up, so that no address is one of the fixed examples shown in answer fields (192.0.2.10).
      const candidate = `${random.pick(prefixes)}.${random.int(20, 254)}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const group = (): string => random.int(1, 0xffff).toString(16);
  const ipv6 = (): string => {
    for (;;) {
      const candidate = random.chance(0.5)
        ? `2001:db8:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`
        : `2001:db8:${group()}:${group()}::${group()}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };

  const intruderIp = ipv4(['203.0.113', '198.51.100']);
  const scannerIp = ipv4(['198.51.100', '203.0.113']);
  const officeIp = ipv4(['192.0.2']);
  const hosterMonitorIp = ipv4(['192.0.2']);
  const uptimeIps = [ipv4(), ipv4(), ipv4()];
  const crawlerIps = CRAWLERS.map(() => [ipv4(['198.51.100', '203.0.113']), ipv4(['198.51.100', '203.0.113'])]);

  // --- Apache worker processes: a new set after each nightly graceful restart (log rotation).
  let workers = Array.from({ length: 10 }, () => random.int(20_000, 31_000));
  const workersByDay: number[][] = [];
  for (let day = 0; day < 3; day++) {
    if (day > 0) {
      const at = day * DAY + between(1, 3);
      errors.add(at, 'mpm_prefork:notice', APACHE_MASTER_PID, 'AH00171: Graceful restart requested, doing restart');
      errors.add(
        at + 0.05,
        'mpm_prefork:notice',
        APACHE_MASTER_PID,
        'AH00163: Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f configured -- resuming normal operations',
      );
      errors.add(at + 0.06, 'core:notice', APACHE_MASTER_PID, "AH00094: Command line: '/usr/sbin/apache2'");
      workers = Array.from({ length: 10 }, () => random.int(2_000, 31_000));
    }
    workersByDay.push(workers);
  }
  const worker = (time: Time): number => random.pick(workersByDay[Math.min(2, Math.max(0, Math.floor(time / DAY)))]!);

  // --- The portal's lookup scripts; one of them builds its SQL by pasting the parameter in.
  const lookups: Lookup[] = [
    {
      script: '/permits/status.php',
      key: random.pick(['ref', 'permit_no']),
      second: 'lang',
      secondValues: ['en', 'en', 'en', 'no'],
      sqlTail: ' LIMIT 1',
      found: 11_240,
      notFound: 9_318,
      value: () => `BP-${random.pick(['2023', '2024', '2024', '2024'])}-0${random.int(1000, 4999)}`,
    },
    {
      script: '/maps/parcel.php',
      key: random.pick(['parcel', 'parcel_id']),
      second: 'layer',
      secondValues: ['zoning', 'cadastre', 'aerial'],
      sqlTail: ' LIMIT 1',
      found: 17_512,
      notFound: 9_940,
      value: () => `${String(random.int(100, 980)).padStart(4, '0')}-${String(random.int(1, 420)).padStart(4, '0')}`,
    },
    {
      script: '/permits/hearings.php',
      key: random.pick(['case_no', 'hearing_id']),
      second: 'view',
      secondValues: ['full', 'summary'],
      sqlTail: ' ORDER BY hearing_date DESC LIMIT 1',
      found: 12_905,
      notFound: 9_611,
      value: () => `HR-2024-${random.int(40, 180)}`,
    },
  ];
  const vulnerable = random.pick(lookups);
  /** MySQL's message for a quote that leaves the string literal open: it quotes the query from that literal on. */
  const unterminatedQuoteError = (lookup: Lookup, value: string): string =>
    `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''${value}'${lookup.sqlTail}' at line 1`;
  const queryFailed = (time: Time, lookup: Lookup, from: string, mysqlError: string, referer?: string): void =>
    errors.add(
      time + between(0.01, 0.2),
      'php7:notice',
      worker(time),
      `${lookup.script.split('/').pop()}: query failed: ${mysqlError}`,
      { ip: from, port: port() },
      referer,
    );

  const portal: Portal = { random, log, errors, lookups, worker, port };

  // --- Staff of the authority (the intruder will use one of their accounts).
  const staff = random.shuffle(STAFF_POOL).slice(0, 4);
  const stolenAccount = staff[0]!;
  const otherStaffAccount = staff[1]!;

  // --- When things happen: the attack in the evening of Monday or at any time on Tuesday, the scanner before it.
  const attackStart = Math.floor(between(17 * HOUR, DAY + 22 * HOUR));
  const scannerStart = Math.floor(between(8 * HOUR, attackStart - 2 * HOUR));

  uptimeMonitors();
  hosterMonitor();
  crawlers();
  junkBots();
  staffWork();
  const citizenAgentTop = CITIZEN_AGENTS[0]![0];
  citizens();
  const scan = scanner(scannerStart);
  const attack = intrusion(attackStart);

  return {
    files: {
      'evidence/permits_access.log': log.bytesInOrder(),
      'evidence/permits_error.log': errors.text(),
    },
    values: {
      intruder_ip: intruderIp,
      scanner_ip: scannerIp,
      office_ip: officeIp,
      first_probe: isoLocal(attack.firstProbe),
      first_probe_logged: accessTime(attack.firstProbe),
      first_probe_utc: isoUtc(attack.firstProbe),
      first_probe_clock_as_utc: isoLocal(attack.firstProbe).replace('T', ' ').replace('+02:00', ''),
      intruder_first_request: isoLocal(attackStart),
      first_union: isoLocal(attack.firstUnion),
      scanner_first_injection: isoLocal(scan.firstInjection),
      injected_parameter: vulnerable.key,
      vulnerable_script: vulnerable.script,
      decoy_parameter: vulnerable.second,
      intruder_agent: attack.agent,
      scanner_agent: scan.sampleAgent,
      citizen_agent: citizenAgentTop,
      stolen_account: stolenAccount,
      other_staff_account: otherStaffAccount,
      staff_login: isoLocal(attack.staffLogin),
      shell_path: attack.shellPath,
      shell_file: attack.shellFile,
      blocked_shell_path: attack.blockedPath,
      shell_parameter: attack.shellParameter,
      shell_programs: attack.programs,
      shell_programs_without_tar: attack.programs.filter((program) => program !== 'tar'),
      shell_commands: attack.commands,
      first_command: isoLocal(attack.firstCommand),
      archive_path: attack.archivePath,
      archive_bytes: attack.archiveBytes,
      archive_bytes_grouped: attack.archiveBytes.toLocaleString('en-US'),
      archive_first_bytes: String(attack.firstPart),
      archive_resumed_bytes: String(attack.archiveBytes - attack.firstPart),
      intruder_total_bytes: String(attack.totalBytes),
      download_start: isoLocal(attack.downloadStart),
    },
  };

  // --- Noise ----------------------------------------------------------------------------------

  /** An external uptime service checks /health.php every minute, rotating between three probes. */
  function uptimeMonitors(): void {
    for (let time = random.int(0, 59); time <= LOG_END; time += random.int(58, 62)) {
      log.add({
        ip: random.pick(uptimeIps),
        at: time,
        target: '/health.php',
        status: 200,
        bytes: 15,
        agent: UPTIME_AGENT,
      });
    }
  }

  /** The hosting provider's own monitor sends HEAD / every five minutes. */
  function hosterMonitor(): void {
    for (let time = random.int(0, 299); time <= LOG_END; time += 300) {
      log.add({
        ip: hosterMonitorIp,
        at: time,
        method: 'HEAD',
        target: '/',
        status: 200,
        agent: HOSTER_MONITOR_AGENT,
        protocol: 'HTTP/1.0',
      });
    }
  }

  function crawlers(): void {
    const pages = [
      ...publicPages(),
      ...STATIC_PAGES.map(([path, size]) => ({ target: path, status: 200, bytes: size })),
    ];
    CRAWLERS.forEach((agent, index) => {
      const ips = crawlerIps[index]!;
      const mean = [260, 420, 600, 1500][index]!;
      let robotsAt = random.int(0, 3 * HOUR);
      for (let time = random.int(0, 600); time <= LOG_END; time += Math.ceil(exponential(mean))) {
        const ip = random.pick(ips);
        if (time >= robotsAt) {
          log.add({ ip, at: time, target: '/robots.txt', status: 200, bytes: 112, agent });
          if (random.chance(0.3))
            log.add({ ip, at: time + 1, target: '/sitemap.xml', status: 200, bytes: 5_621, agent });
          robotsAt = time + random.int(4 * HOUR, 9 * HOUR);
          continue;
        }
        if (random.chance(0.06)) {
          const [path, size] = random.pick([...DOCUMENTS, GUIDE]);
          log.add({ ip, at: time, target: path, status: 200, bytes: size, agent, duration: random.int(0, 2) });
          continue;
        }
        const page = random.pick(pages);
        const cached = page.target.endsWith('.html') && random.chance(0.4);
        log.add({
          ip,
          at: time,
          target: page.target,
          status: cached ? 304 : page.status,
          bytes: cached ? undefined : page.bytes,
          agent,
        });
      }
    });
  }

  /** Pages anyone can reach by following links, with their status and a plausible size. */
  function publicPages(): { target: string; status: number; bytes: number }[] {
    const pages: { target: string; status: number; bytes: number }[] = [
      { target: '/', status: 200, bytes: around(21_480, 40) },
      { target: '/permits/', status: 200, bytes: around(14_820, 30) },
      { target: '/permits/apply/', status: 200, bytes: around(12_310, 20) },
      { target: '/permits/hearings.php', status: 200, bytes: around(16_204, 60) },
      { target: '/news/', status: 200, bytes: around(13_402, 50) },
      { target: '/contact.php', status: 200, bytes: around(11_870, 10) },
    ];
    for (let id = 96; id <= 141; id++)
      pages.push({ target: `/news/article.php?id=${id}`, status: 200, bytes: articleBytes(id) });
    for (const type of APPLY_TYPES)
      pages.push({ target: `/permits/apply/form.php?type=${type}`, status: 200, bytes: around(26_140, 300) });
    const hearings = lookups[2]!;
    for (let count = 0; count < 25; count++)
      pages.push({
        target: lookupTarget(hearings, hearings.value(), 'full'),
        status: 200,
        bytes: around(hearings.found, 400),
      });
    return pages;
  }

  /** Bots that try the same handful of well-known paths on every server on the internet. */
  function junkBots(): void {
    for (let burst = random.int(90, 130); burst > 0; burst--) {
      const ip = random.chance(0.7) ? ipv4() : ipv6();
      const agent = random.pick(JUNK_AGENTS);
      let time = random.int(0, LOG_END);
      for (const path of random.shuffle(JUNK_PATHS).slice(0, random.int(1, 6))) {
        const post = path === '/xmlrpc.php' && random.chance(0.5);
        log.add({
          ip,
          at: time,
          method: post ? 'POST' : 'GET',
          target: path,
          status: 404,
          bytes: NOT_FOUND_BYTES,
          agent,
        });
        time += random.int(0, 3);
      }
      if (random.chance(0.25)) {
        // The path traversal of CVE-2021-41773, tried against every Apache; 2.4.41 refuses the URI outright.
        const target = random.pick([
          '/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh',
          '/icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
          '/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/%%32%65%%32%65/bin/sh',
        ]);
        const method = target.endsWith('/sh') ? 'POST' : 'GET';
        log.add({ ip, at: time, method, target, status: 400, bytes: 226, agent });
        errors.add(
          time + between(0, 0.1),
          'core:error',
          worker(time),
          `AH00126: Invalid URI in request ${method} ${target} HTTP/1.1`,
          { ip, port: port() },
        );
      }
    }
  }

  /** Staff process applications in the staff area from the office, Monday to Wednesday morning. */
  function staffWork(): void {
    const agents = new Map(staff.map((account) => [account, random.pick(STAFF_AGENTS)]));
    for (let day = 0; day < 3; day++) {
      for (const account of staff) {
        const agent = agents.get(account)!;
        let time = day * DAY + random.int(7 * HOUR + 30 * 60, 9 * HOUR + 15 * 60);
        const leave = day * DAY + random.int(15 * HOUR + 30 * 60, 17 * HOUR);
        let firstOfDay = true;
        while (time < leave) {
          time = staffBlock(account, agent, time, firstOfDay);
          firstOfDay = false;
          time += random.int(12 * 60, 75 * 60);
        }
      }
    }
  }

  /** A burst of work in the staff area; returns when it ended. */
  function staffBlock(account: string, agent: string, start: Time, firstOfDay: boolean): Time {
    let time = start;
    let referer: string | undefined;
    const request = (
      target: string,
      status: number,
      bytes: number | undefined,
      method = 'GET',
      authenticated = true,
    ) => {
      const user = authenticated ? account : undefined;
      log.add({ ip: officeIp, user, at: time, method, target, status, bytes, referer, agent });
      if (method === 'GET' && status === 200) referer = SITE + target;
    };
    if (firstOfDay) {
      // The browser asks without credentials first and gets the Basic-auth challenge.
      request('/admin/', 401, UNAUTHORIZED_BYTES, 'GET', false);
      time += random.int(3, 12);
      if (random.chance(0.08)) {
        request('/admin/', 401, UNAUTHORIZED_BYTES);
        errors.add(
          time + between(0, 0.3),
          'auth_basic:error',
          worker(time),
          `AH01617: user ${account}: authentication failure for "/admin/": Password Mismatch`,
          { ip: officeIp, port: port() },
        );
        time += random.int(4, 15);
      }
      request('/admin/', 200, around(8_912, 30));
      const page = referer;
      for (const [path, size] of [
        ['/admin/assets/admin.css?v=2.1', 12_004],
        ['/admin/assets/admin.js?v=2.1', 6_230],
        [ASSETS.logo[0], ASSETS.logo[1]],
      ] as const) {
        log.add({
          ip: officeIp,
          user: account,
          at: time + random.int(0, 1),
          target: path,
          status: 200,
          bytes: size,
          referer: page,
          agent,
        });
      }
      time += random.int(5, 40);
    }
    for (let step = random.int(2, 9); step > 0; step--) {
      const roll = random.next();
      if (roll < 0.3) {
        const status = random.pick(['new', 'new', 'review', 'decided']);
        const previous = referer;
        request(`/admin/applications.php?status=${status}&page=${random.int(1, 6)}`, 200, around(22_310, 900));
        if (status === 'decided') {
          const message = `PHP Warning:  count(): Parameter must be an array or an object that implements Countable in ${DOCROOT}/admin/applications.php on line 64`;
          errors.add(
            time + between(0.05, 0.4),
            'php7:warn',
            worker(time),
            message,
            { ip: officeIp, port: port() },
            previous,
          );
        }
      } else if (roll < 0.75) {
        const id = random.int(4100, 4890);
        request(`/admin/application.php?id=${id}`, 200, around(15_120, 1_400));
        if (random.chance(0.35)) {
          time += random.int(20, 180);
          const form = referer;
          log.add({
            ip: officeIp,
            user: account,
            at: time,
            method: 'POST',
            target: `/admin/application.php?id=${id}`,
            status: 302,
            referer: form,
            agent,
          });
          time += 1;
          request(`/admin/application.php?id=${id}&saved=1`, 200, around(15_180, 1_400));
        }
        if (random.chance(0.2)) {
          time += random.int(3, 30);
          request(`/admin/attachment.php?id=${random.int(20_000, 29_000)}`, 200, random.int(90_000, 2_400_000));
        }
      } else if (roll < 0.9) request('/admin/documents.php', 200, around(14_530, 200));
      else {
        request('/admin/documents/upload.php', 200, around(7_806, 5));
        time += random.int(30, 150);
        log.add({
          ip: officeIp,
          user: account,
          at: time,
          method: 'POST',
          target: '/admin/documents/upload.php',
          status: 302,
          referer,
          agent,
        });
        time += 1;
        request('/admin/documents.php?uploaded=1', 200, around(14_600, 200));
      }
      time += random.int(15, 240);
    }
    return time;
  }

  /** Citizens: sessions spread over the day, busiest in office hours. */
  function citizens(): void {
    const hourWeight = [
      0.1, 0.06, 0.04, 0.04, 0.05, 0.1, 0.25, 0.55, 1.2, 1.6, 1.7, 1.6, 1.3, 1.5, 1.5, 1.4, 1.2, 1.0, 0.9, 1.0, 1.0,
      0.8, 0.5, 0.25,
    ];
    const visitors: Visitor[] = [];
    // The documentation ranges hold about 750 IPv4 addresses, so households and mobile carriers share them (as NAT does).
    const sharedIpv4 = Array.from({ length: 360 }, () => ipv4());
    const visitor = () => {
      if (visitors.length > 40 && random.chance(0.3)) return random.pick(visitors);
      const agent = weighted(CITIZEN_AGENTS);
      const entry = {
        ip: random.chance(0.55) ? ipv6() : random.pick(sharedIpv4),
        agent,
        seen: false,
        apple: /iPhone|iPad/u.test(agent),
      };
      visitors.push(entry);
      return entry;
    };
    const perHour = 58;
    for (let hour = 0; hour * HOUR < LOG_END; hour++) {
      const weight = hourWeight[hour % 24]!;
      const sessions = Math.round(perHour * weight * between(0.8, 1.2));
      for (let count = 0; count < sessions; count++)
        new CitizenVisit(portal, visitor(), hour * HOUR + random.int(0, HOUR - 1)).run();
    }
  }

  /** A Nikto scan: many well-known paths and attack strings within a few minutes. */
  function scanner(start: Time): { firstInjection: Time; sampleAgent: string } {
    const requests: {
      method: string;
      target: string;
      status: number;
      bytes?: number;
      onError?: (time: Time) => void;
      injection?: boolean;
    }[] = [];
    const denied = (path: string) => (time: Time) =>
      errors.add(
        time + between(0, 0.2),
        'authz_core:error',
        worker(time),
        `AH01630: client denied by server configuration: ${DOCROOT}${path}`,
        { ip: scannerIp, port: port() },
      );
    const dirs = [
      'admin',
      'administrator',
      'backup',
      'backups',
      'old',
      'test',
      'tmp',
      'dev',
      'phpmyadmin',
      'pma',
      'mysql',
      'db',
      'cgi-bin',
      'scripts',
      'include',
      'includes',
      'inc',
      'config',
      'conf',
      'logs',
      'private',
      'secret',
      'files',
      'data',
      'wp-admin',
      'wp-content',
      'vendor',
      'api',
      'debug',
      'console',
      'manager',
      'cpanel',
      'webmail',
      'install',
      'setup',
      'temp',
      'cache',
      'sql',
      'dump',
      'export',
      'archive',
      'examples',
      'docs',
      'images',
      'img',
      'js',
      'css',
      'portal',
      'user',
      'users',
      'login',
      'account',
      'panel',
      'cms',
      'jenkins',
      'solr',
      'jmx-console',
      'phpMyAdmin',
      'mailman',
      'horde',
      'roundcube',
      'squirrelmail',
      'awstats',
      'stats',
      'webalizer',
      'server',
      'web',
      'www',
      'site',
      'sites',
      'public',
      'app',
      'application',
      'src',
      'lib',
      'bin',
      'etc',
      'home',
      'var',
    ];
    const files = [
      'index.php',
      'config.php',
      'config.inc.php',
      'settings.php',
      'wp-config.php',
      'phpinfo.php',
      'info.php',
      'test.php',
      'install.php',
      'setup.php',
      'web.config',
      'composer.json',
      'composer.lock',
      'package.json',
      'README.md',
      'CHANGELOG.txt',
      'backup.zip',
      'backup.tar.gz',
      'db.sql',
      'dump.sql',
      'database.sql',
      'site.zip',
      'www.tar.gz',
      'shell.php',
      'cmd.php',
      'c99.php',
      'r57.php',
      'wso.php',
      'upload.php',
      'admin.php',
      'login.php',
      'debug.log',
      'error_log',
      'access.log',
      'crossdomain.xml',
      'server.key',
      'id_rsa',
      'config.bak',
      'config.php.bak',
      'index.php~',
      'index.php.old',
      '.bash_history',
      'test.html',
      'LICENSE',
      'INSTALL.txt',
      'UPGRADE.txt',
      'admin.html',
      'console.php',
      'eval.php',
      'xmlrpc.php',
      'wp-login.php',
    ];
    requests.push({ method: 'GET', target: '/', status: 200, bytes: around(21_480, 40) });
    requests.push({ method: 'OPTIONS', target: '/', status: 200 });
    requests.push({ method: 'TRACE', target: '/', status: 405, bytes: 302 });
    requests.push({ method: 'GET', target: '/robots.txt', status: 200, bytes: 112 });
    requests.push({ method: 'GET', target: '/icons/README', status: 200, bytes: 5_108 });
    for (const path of ['/.htaccess', '/.htpasswd', '/server-status', '/uploads/.htaccess'])
      requests.push({ method: 'GET', target: path, status: 403, bytes: FORBIDDEN_BYTES, onError: denied(path) });
    requests.push({
      method: 'GET',
      target: '/uploads/',
      status: 403,
      bytes: FORBIDDEN_BYTES,
      onError: (time) =>
        errors.add(
          time + between(0, 0.2),
          'autoindex:error',
          worker(time),
          `AH01276: Cannot serve directory ${DOCROOT}/uploads/: No matching DirectoryIndex (index.html,index.cgi,index.pl,index.php,index.xhtml,index.htm) found, and server-generated directory index forbidden by Options directive`,
          { ip: scannerIp, port: port() },
        ),
    });
    for (const name of ['shell.php', 'cmd.php', 'upload.php', 'c99.php'])
      requests.push({
        method: 'GET',
        target: `/uploads/${name}`,
        status: 403,
        bytes: FORBIDDEN_BYTES,
        onError: denied(`/uploads/${name}`),
      });
    for (const dir of dirs) {
      const status = dir === 'admin' ? 401 : 404;
      requests.push({
        method: 'GET',
        target: `/${dir}/`,
        status,
        bytes: status === 401 ? UNAUTHORIZED_BYTES : NOT_FOUND_BYTES,
      });
    }
    for (const file of files) requests.push({ method: 'GET', target: `/${file}`, status: 404, bytes: NOT_FOUND_BYTES });
    for (const dir of random.shuffle(dirs).slice(0, 40)) {
      for (const file of random.shuffle(files).slice(0, random.int(8, 16))) {
        const status = dir === 'admin' ? 401 : 404;
        requests.push({
          method: 'GET',
          target: `/${dir}/${file}`,
          status,
          bytes: status === 401 ? UNAUTHORIZED_BYTES : NOT_FOUND_BYTES,
        });
      }
    }
    for (const command of ['id', 'whoami', 'uname -a', 'cat /etc/passwd']) {
      for (const script of ['/shell.php', '/cmd.php', '/cgi-bin/test.cgi'])
        requests.push({
          method: 'GET',
          target: `${script}?cmd=${encodeQueryValue(command, true)}`,
          status: 404,
          bytes: NOT_FOUND_BYTES,
        });
    }
    for (const traversal of ['../../../../etc/passwd', '....//....//etc/passwd', '/etc/passwd%00']) {
      requests.push({
        method: 'GET',
        target: `/index.php?page=${encodeQueryValue(traversal, true)}`,
        status: 200,
        bytes: around(21_480, 40),
      });
      requests.push({
        method: 'GET',
        target: `/news/article.php?id=${encodeQueryValue(traversal, true)}`,
        status: 200,
        bytes: 9_611,
      });
    }
    for (const script of [
      '<script>alert(1)</script>',
      '"><svg onload=alert(1)>',
      "'><img src=x onerror=alert(document.domain)>",
    ]) {
      requests.push({
        method: 'GET',
        target: `/search.php?q=${encodeQueryValue(script, true)}`,
        status: 200,
        bytes: random.int(10_500, 10_700),
      });
    }
    // Injection strings for every lookup parameter; only the vulnerable one fails with a SQL error.
    for (const lookup of lookups) {
      for (const payload of ["'", '"', "' OR '1'='1", '1 OR 1=1', "1' AND SLEEP(5)-- -"]) {
        const quoteBreaks = lookup === vulnerable && payload === "'";
        const orTrue = lookup === vulnerable && payload === "' OR '1'='1";
        requests.push({
          method: 'GET',
          target: lookupTarget(lookup, encodeQueryValue(payload, true), lookup.secondValues[0]!),
          status: quoteBreaks ? 500 : 200,
          bytes: quoteBreaks ? APP_ERROR_BYTES : orTrue ? around(lookup.found, 300) : around(lookup.notFound, 20),
          injection: true,
          onError: quoteBreaks
            ? (time) => queryFailed(time, lookup, scannerIp, unterminatedQuoteError(lookup, payload))
            : undefined,
        });
      }
    }
    for (const payload of ["'", '1 OR 1=1', "1' AND '1'='1"]) {
      requests.push({
        method: 'GET',
        target: `/news/article.php?id=${encodeQueryValue(payload, true)}`,
        status: 200,
        bytes: 9_611,
        injection: true,
      });
      requests.push({
        method: 'GET',
        target: `/search.php?q=${encodeQueryValue(payload, true)}`,
        status: 200,
        bytes: random.int(10_500, 10_700),
        injection: true,
      });
    }

    let time = start;
    let test = random.int(1, 40);
    let firstInjection = Number.POSITIVE_INFINITY;
    let sampleAgent = '';
    const [first, ...rest] = requests;
    for (const request of [first!, ...random.shuffle(rest)]) {
      const agent = `Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:${String(test).padStart(6, '0')})`;
      log.add({
        ip: scannerIp,
        at: Math.floor(time),
        method: request.method,
        target: request.target,
        status: request.status,
        bytes: request.bytes,
        agent,
      });
      request.onError?.(Math.floor(time));
      if (request.injection && time < firstInjection) {
        firstInjection = Math.floor(time);
        sampleAgent = agent;
      }
      test += random.int(1, 9);
      time += exponential(0.45);
    }
    return { firstInjection, sampleAgent };
  }

  // --- The intrusion -----------------------------------------------------------------------------

  function intrusion(start: Time) {
    const { agent, spaceAsPlus } = random.pick(INTRUDER_AGENTS);
    const encode = (value: string) => encodeQueryValue(value, spaceAsPlus);
    let time = start;
    let totalBytes = 0;
    const send = (request: Omit<Request, 'ip' | 'agent' | 'at'>, minGap: number, maxGap: number): Time => {
      const at = time;
      log.add({ ...request, ip: intruderIp, agent, at });
      totalBytes += request.bytes ?? 0;
      time += (request.duration ?? 0) + random.int(minGap, maxGap);
      return at;
    };
    const client = () => ({ ip: intruderIp, port: port() });
    const others = lookups.filter((lookup) => lookup !== vulnerable);
    const knownValue = vulnerable.value();
    const second = vulnerable.secondValues[0]!;
    const vulnerableTarget = (value: string) => lookupTarget(vulnerable, encode(value), second);

    // Reconnaissance: a quick look around, without loading any images or style sheets.
    const recon = random
      .shuffle([
        { target: '/robots.txt', status: 200, bytes: 112 },
        { target: '/permits/', status: 200, bytes: around(14_820, 30) },
        {
          target: lookupTarget(others[0]!, others[0]!.value(), others[0]!.secondValues[0]!),
          status: 200,
          bytes: around(others[0]!.found, 300),
        },
        { target: `/news/article.php?id=${random.int(120, 141)}`, status: 200, bytes: around(11_000, 900) },
        { target: '/search.php?q=permit', status: 200, bytes: 12_877 },
        { target: '/sitemap.xml', status: 200, bytes: 5_621 },
        { target: '/permits/apply/', status: 200, bytes: around(12_310, 20) },
      ])
      .slice(0, random.int(3, 6));
    recon.splice(random.int(0, recon.length), 0, {
      target: lookupTarget(vulnerable, knownValue, second),
      status: 200,
      bytes: around(vulnerable.found, 300),
    });
    recon.splice(random.int(1, recon.length), 0, { target: '/admin/', status: 401, bytes: UNAUTHORIZED_BYTES });
    send({ target: '/', status: 200, bytes: around(21_480, 40) }, 4, 40);
    for (const request of recon) send(request, 4, 50);
    time += random.int(60, 8 * 60);

    // Probing: quotes in parameters, to see which one breaks the SQL.
    const firstProbe = time;
    if (random.chance(0.6)) {
      const safeProbes = random
        .shuffle([
          () => ({
            target: `${vulnerable.script}?${vulnerable.key}=${knownValue}&${vulnerable.second}=${encode(`${second}'`)}`,
            status: 200,
            bytes: around(vulnerable.found, 300),
          }),
          () => ({
            target: `/news/article.php?id=${encode(`${random.int(120, 141)}'`)}`,
            status: 200,
            bytes: around(11_000, 900),
          }),
          () => ({ target: `/search.php?q=${encode("permit'")}`, status: 200, bytes: 12_877 }),
          () => ({
            target: lookupTarget(others[1]!, encode(`${others[1]!.value()}'`), others[1]!.secondValues[0]!),
            status: 200,
            bytes: around(others[1]!.notFound, 20),
          }),
        ])
        .slice(0, random.int(1, 2));
      for (const probe of safeProbes) send(probe(), 8, 45);
    }
    if (random.chance(0.4))
      send({ target: vulnerableTarget(`${knownValue}"`), status: 200, bytes: around(vulnerable.notFound, 20) }, 6, 30);
    let at = send({ target: vulnerableTarget(`${knownValue}'`), status: 500, bytes: APP_ERROR_BYTES }, 10, 60);
    queryFailed(at, vulnerable, intruderIp, unterminatedQuoteError(vulnerable, `${knownValue}'`));
    send({ target: vulnerableTarget(`${knownValue}''`), status: 200, bytes: around(vulnerable.notFound, 20) }, 6, 40);
    send(
      { target: vulnerableTarget(`${knownValue}' AND '1'='1`), status: 200, bytes: around(vulnerable.found, 300) },
      6,
      40,
    );
    send(
      { target: vulnerableTarget(`${knownValue}' AND '1'='2`), status: 200, bytes: around(vulnerable.notFound, 20) },
      10,
      60,
    );

    // Counting the columns of the query, then reading the database with UNION SELECT.
    const columns = random.int(4, 8);
    const [shownA, shownB] = random
      .shuffle(Array.from({ length: columns - 1 }, (_, index) => index + 2))
      .slice(0, 2)
      .sort((a, b) => a - b) as [number, number];
    let firstUnion = 0;
    if (random.chance(0.5)) {
      for (let count = 1; count <= columns + 1; count++) {
        const tooMany = count > columns;
        at = send(
          {
            target: vulnerableTarget(`${knownValue}' ORDER BY ${count}-- -`),
            status: tooMany ? 500 : 200,
            bytes: tooMany ? APP_ERROR_BYTES : around(vulnerable.found, 300),
          },
          5,
          30,
        );
        if (tooMany) queryFailed(at, vulnerable, intruderIp, `Unknown column '${count}' in 'order clause'`);
      }
    } else {
      for (let count = 1; count <= columns; count++) {
        const wrong = count < columns;
        at = send(
          {
            target: vulnerableTarget(`-1' UNION SELECT ${Array.from({ length: count }, () => 'NULL').join(',')}-- -`),
            status: wrong ? 500 : 200,
            bytes: wrong ? APP_ERROR_BYTES : around(vulnerable.notFound + 40, 10),
          },
          5,
          30,
        );
        if (count === 1) firstUnion = at;
        if (wrong)
          queryFailed(at, vulnerable, intruderIp, 'The used SELECT statements have a different number of columns');
      }
    }
    const select = (a: string, b: string, from = '') =>
      `-1' UNION SELECT ${Array.from({ length: columns }, (_, index) => (index + 1 === shownA ? a : index + 1 === shownB ? b : String(index + 1))).join(',')}${from}-- -`;
    const dumps: [string, number][] = [
      [select(String(shownA), String(shownB)), 12],
      [select('@@version', 'database()'), 30],
      [select('user()', 'schema()'), 40],
      [
        select(
          'group_concat(table_name)',
          String(shownB),
          ' FROM information_schema.tables WHERE table_schema=database()',
        ),
        160,
      ],
      [
        select(
          'group_concat(column_name)',
          String(shownB),
          " FROM information_schema.columns WHERE table_name='staff_users'",
        ),
        70,
      ],
      [select('group_concat(username,0x3a,password_hash)', 'count(*)', ' FROM staff_users'), 420],
    ];
    for (const [payload, extra] of dumps) {
      at = send(
        { target: vulnerableTarget(payload), status: 200, bytes: around(vulnerable.notFound + extra, 25) },
        8,
        70,
      );
      if (firstUnion === 0) firstUnion = at;
    }

    // Cracking a hash offline takes a while; then the staff area with the cracked account.
    time += random.int(12 * 60, 70 * 60);
    const staffLogin = send({ target: '/admin/', status: 200, bytes: around(8_912, 30), user: stolenAccount }, 5, 30);
    send({ target: '/admin/documents.php', status: 200, bytes: around(14_530, 200), user: stolenAccount }, 5, 30);
    send({ target: '/admin/documents/upload.php', status: 200, bytes: around(7_806, 5), user: stolenAccount }, 10, 60);

    // The web shell: refused as .php by the uploads folder, run by PHP as .phtml or .phar.
    const base = random.pick(SHELL_NAMES);
    const shellFile = `${base}.${random.chance(0.7) ? 'phtml' : 'phar'}`;
    const blockedPath = `/uploads/documents/${base}.php`;
    const shellPath = `/uploads/documents/${shellFile}`;
    send({ method: 'POST', target: '/admin/documents/upload.php', status: 302, user: stolenAccount }, 1, 2);
    send(
      { target: '/admin/documents.php?uploaded=1', status: 200, bytes: around(14_600, 200), user: stolenAccount },
      3,
      15,
    );
    at = send({ target: blockedPath, status: 403, bytes: FORBIDDEN_BYTES }, 40, 200);
    errors.add(
      at + between(0, 0.2),
      'authz_core:error',
      worker(at),
      `AH01630: client denied by server configuration: ${DOCROOT}${blockedPath}`,
      client(),
    );
    send({ target: '/admin/documents/upload.php', status: 200, bytes: around(7_806, 5), user: stolenAccount }, 10, 40);
    send({ method: 'POST', target: '/admin/documents/upload.php', status: 302, user: stolenAccount }, 1, 2);
    send(
      { target: '/admin/documents.php?uploaded=1', status: 200, bytes: around(14_640, 200), user: stolenAccount },
      3,
      15,
    );
    // Called without a command first: the shell's own notice names its parameter and its path on disk.
    const shellParameter = random.pick(SHELL_PARAMETERS);
    at = send({ target: shellPath, status: 200 }, 8, 40);
    errors.add(
      at + between(0, 0.2),
      'php7:notice',
      worker(at),
      `PHP Notice:  Undefined index: ${shellParameter} in ${DOCROOT}${shellPath} on line 1`,
      client(),
    );

    // Commands through the shell, the last of them packing the applicants' attachments.
    const archiveName = `.${random.hex(6)}.${random.chance(0.6) ? 'tgz' : 'tar.gz'}`;
    const archivePath = `/uploads/documents/${archiveName}`;
    const archiveBytes = random.int(160_000_000, 880_000_000);
    const sqlFile = `/tmp/.${random.hex(4)}.sql`;
    const attachmentsMb = Math.round((archiveBytes / 1_048_576) * between(1.01, 1.06));
    const commands: [string, number | undefined, number?][] = [['whoami', 9]];
    if (random.chance(0.8)) commands.push(['id', 54]);
    if (random.chance(0.6)) commands.push(['uname -a', 110]);
    if (random.chance(0.5)) commands.push(['pwd', 42]);
    commands.push(['ls -la', random.int(420, 900)]);
    commands.push([`ls -la ${APP_ROOT}`, random.int(380, 620)]);
    if (random.chance(0.6)) commands.push([`cat ${APP_ROOT}/config/db.php`, random.int(380, 520)]);
    commands.push([`ls -la ${APP_ROOT}/data`, random.int(300, 500)]);
    if (random.chance(0.6))
      commands.push([
        `du -sh ${APP_ROOT}/data/attachments`,
        `${attachmentsMb}M\t${APP_ROOT}/data/attachments\n`.length,
      ]);
    const dumpDatabase = random.chance(0.5);
    if (dumpDatabase)
      commands.push([
        `mysqldump --defaults-extra-file=${APP_ROOT}/config/.my.cnf --result-file=${sqlFile} permits`,
        undefined,
        random.int(4, 20),
      ]);
    commands.push([
      `tar czf ${DOCROOT}${archivePath} ${APP_ROOT}/data/attachments${dumpDatabase ? ` ${sqlFile}` : ''}`,
      undefined,
      random.int(40, 160),
    ]);
    commands.push([`ls -la ${DOCROOT}/uploads/documents`, random.int(700, 1_600)]);
    let firstCommand = 0;
    for (const [command, bytes, duration] of commands) {
      at = send({ target: `${shellPath}?${shellParameter}=${encode(command)}`, status: 200, bytes, duration }, 6, 50);
      if (firstCommand === 0) firstCommand = at;
    }

    // The download: the first transfer breaks off, the second resumes where it stopped.
    time += random.int(20, 120);
    const rate = random.int(1_500_000, 9_000_000);
    const firstPart = Math.floor(archiveBytes * between(0.2, 0.7));
    const downloadStart = send(
      { target: archivePath, status: 200, bytes: firstPart, duration: Math.ceil(firstPart / rate) },
      15,
      150,
    );
    send(
      {
        target: archivePath,
        status: 206,
        bytes: archiveBytes - firstPart,
        duration: Math.ceil((archiveBytes - firstPart) / rate),
      },
      0,
      0,
    );

    return {
      agent,
      firstProbe,
      firstUnion,
      staffLogin,
      shellPath,
      shellFile,
      blockedPath,
      shellParameter,
      programs: [...new Set(commands.map(([command]) => command.split(' ')[0]!))],
      commands: commands.map(([command]) => command),
      firstCommand,
      archivePath,
      archiveBytes,
      firstPart,
      totalBytes,
      downloadStart,
    };
  }
};

export default generate;
