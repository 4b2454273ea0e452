import { createHash } from 'node:crypto';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Pivoting from a phishing domain to the actor's infrastructure".
 *
 * From the seed it writes the analyst's OSINT captures around one phishing domain (D0):
 *  - the registrar's RDAP response for D0 (pretty JSON, registrant redacted), one of two captures;
 *  - a passive DNS export (CSV), a certificate transparency search (CSV, one row per SAN), page
 *    scans (JSON lines, with the analytics tracking id of each page), the hosting/ASN context of the
 *    addresses (CSV) and the analyst's capture log (CSV, with the SHA-256 of every saved response).
 * The actor: D0 parked on a shared-hosting address for a day, then moved to its own VPS (IP1) with
 * its own name servers and a certificate listing D0, www.D0, D1 and D2. D1 shares IP1; D2 is only on
 * the certificate (never resolved); D3 uses the actor's name servers on a second VPS (IP2); D4 is on
 * another provider and shares only the tracking id. Traps: an unrelated business on the shared
 * address (and on the hosting reseller's multi-customer certificate that also lists D0 while parked),
 * the VPS's previous tenant months before, and the parking pages' own tracking id.
 * Only context.random is used; times are counted from fixed dates.
 */

const DAY = 86_400;
const HOUR = 3_600;
const iso = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const csvLine = (fields: (string | number)[]): string =>
  fields
    .map((field) => (/[",\n]/u.test(String(field)) ? `"${String(field).replace(/"/gu, '""')}"` : String(field)))
    .join(',');

const PREFIXES = ['harbourline', 'harbourlne', 'harbour-line', 'harbourline-bank', 'hbline', 'harbourl1ne'];
const WORDS = [
  'secure',
  'verify',
  'login',
  'signin',
  'account',
  'support',
  'update',
  'online',
  'auth',
  'id-check',
  'alerts',
  'review',
];
const PARCEL = ['parcel-redelivery', 'parcel-fee', 'parcel-tracking', 'delivery-reschedule'];
const PARCEL_END = ['desk', 'point', 'now', 'hub', 'centre'];
const NS_NAMES = ['dnsfast', 'zonepilot', 'quicknode', 'fluxns', 'parkrelay', 'swiftzone'];
const BUSINESSES = [
  'marlowe-florist.example',
  'kettle-and-crumb-bakery.example',
  'ashby-dental-care.example',
  'northgate-tyres.example',
  'willow-lane-books.example',
  'fenwick-plumbing.example',
  'brambleton-cricket-club.example',
  'oakhurst-vets.example',
  'pinfold-accountants.example',
];
const OTHER_CUSTOMERS = [
  'greyfriars-lettings.example',
  'hollin-yarns.example',
  'moss-end-garage.example',
  'tidewater-kayaks.example',
  'copperbeech-nursery.example',
  'saltmarsh-choir.example',
  'redbrook-joinery.example',
  'elmstead-pilates.example',
  'thornbury-antiques.example',
  'quayside-cafe.example',
  'highfold-farm-shop.example',
  'linnet-wedding-photos.example',
  'stonegate-locksmiths.example',
  'ferncliff-guesthouse.example',
  'wrenfield-tutoring.example',
  'ambleside-cycles.example',
  'barrowby-printing.example',
  'calder-music-school.example',
  'dunmore-builders.example',
  'east-lea-allotments.example',
  'foxhollow-kennels.example',
  'gatehouse-events.example',
];
const PREVIOUS_TENANTS = [
  'lakeside-yoga-studio.example',
  'orchard-row-lettings.example',
  'pennant-photography.example',
];
const NOISE = [
  'weather-desk.example.org',
  'cityrail-timetables.example.net',
  'lumen-news.example.com',
  'openmaps-mirror.example.org',
];

const REGISTRARS = [
  {
    name: 'Quillnet Registrar Ltd',
    iana: '4417',
    state: 'Vessaland',
    city: 'Port Aven',
    abuse: 'abuse@quillnet-registrar.example',
    tel: '+999.2045550187',
    route: 'sap-art6',
  },
  {
    name: 'Corrinth Domains S.A.',
    iana: '4652',
    state: 'Corrin',
    city: 'Velmar',
    abuse: 'abuse-desk@corrinth-domains.example',
    tel: '+998.3105550144',
    route: 'mla',
  },
  {
    name: 'Halvey Names plc',
    iana: '4733',
    state: 'Halvey',
    city: 'Dunreath',
    abuse: 'abuse@halvey-names.example',
    tel: '+997.1315550162',
    route: 'sap-art6',
  },
  {
    name: 'Marrowgate Internet Names Corp.',
    iana: '4809',
    state: 'Corrin',
    city: 'Ostreva',
    abuse: 'report-abuse@marrowgate-names.example',
    tel: '+998.4425550119',
    route: 'mla',
  },
];

const generate: VariantGenerator = ({ random }) => {
  const usedIps = new Set<string>();
  const address = (prefix: string): string => {
    for (;;) {
      const value = `${prefix}.${random.int(20, 250)}`;
      if (!usedIps.has(value)) {
        usedIps.add(value);
        return value;
      }
    }
  };
  const tld = random.pick(['example', 'test']);
  const words = random.shuffle(WORDS);
  const prefixes = random.shuffle(PREFIXES);
  const d0 = `${prefixes[0]}-${words[0]}.${tld}`;
  const d1 = `${prefixes[1]}-${words[1]}.${tld}`;
  const d2 = `${prefixes[0]}-${words[2]}.${tld}`;
  const d3 = `${prefixes[2]}-${words[3]}.${tld}`;
  const d4 = `${random.pick(PARCEL)}-${random.pick(PARCEL_END)}.${tld === 'example' ? 'test' : 'example'}`;
  const nsDomain = `${random.pick(NS_NAMES)}-${random.int(10, 99)}.test`;
  const actorNs = [`ns1.${nsDomain}`, `ns2.${nsDomain}`];
  const hostNs = ['ns1.brightpage-hosting.example', 'ns2.brightpage-hosting.example'];
  const cloudNs = ['ns-a4.dnsvault.example', 'ns-b7.dnsvault.example'];

  const ip1 = address('203.0.113');
  const ip2 = address('198.51.100');
  const shared = address('192.0.2');
  const ip4 = address('203.0.113');
  const noiseIps = NOISE.map(() => address('198.51.100'));

  const digits = () => String(random.int(100_000, 999_999));
  const trackingId = `GLM-${digits()}-${random.int(2, 9)}`;
  const parkingId = `GLM-${digits()}-1`;
  const businessId = `GLM-${digits()}-${random.int(2, 9)}`;
  const tenantId = `GLM-${digits()}-${random.int(2, 9)}`;

  const businesses = random.shuffle(BUSINESSES);
  const business = businesses[0]!;
  const sharedNeighbours = businesses.slice(1, 5);
  const resellerOnly = random.shuffle(OTHER_CUSTOMERS).slice(0, random.int(12, 16));
  const tenant = random.pick(PREVIOUS_TENANTS);
  const registrar = random.pick(REGISTRARS);

  // The timeline, in seconds since 1970 (UTC).
  const registered =
    Date.UTC(2026, 9, random.int(5, 16), random.int(6, 20), random.int(0, 59), random.int(0, 59)) / 1000;
  const moved = registered + random.int(20, 40) * HOUR + random.int(0, 3599);
  let click = moved + random.int(26, 54) * HOUR + random.int(0, 59) * 60;
  // Mr Wren opened the text message in his waking hours (07:00 to 22:59 UTC).
  while (new Date(click * 1000).getUTCHours() < 7 || new Date(click * 1000).getUTCHours() > 22) click += HOUR;
  const suspended = click + random.int(20, 30) * HOUR + random.int(0, 3599);
  const capture1 = click + random.int(4, 8) * HOUR + random.int(0, 3599);
  const capture2 = suspended + random.int(6, 14) * HOUR + random.int(0, 3599);
  const d3First = registered - random.int(1, 3) * DAY - random.int(0, 20) * HOUR - random.int(0, 3599);
  const d1First = moved + random.int(2, 9) * HOUR + random.int(0, 3599);
  const d4First = registered + random.int(-2, 2) * DAY + random.int(0, 20) * HOUR + random.int(0, 3599);
  const live = (start: number) => capture2 - random.int(2, 9) * HOUR - random.int(0, 3599) - (start % 7);
  const tenantFirst =
    Date.UTC(2025, random.int(4, 9), random.int(1, 28), random.int(0, 23), random.int(0, 59), random.int(0, 59)) / 1000;
  const tenantLast =
    Date.UTC(2026, random.int(4, 6), random.int(1, 28), random.int(0, 23), random.int(0, 59), random.int(0, 59)) / 1000;

  // Passive DNS: what sensors saw each name resolve to, from first to last seen.
  type Row = [number, number, string, string, string, number];
  const pdns: Row[] = [];
  const seen = (first: number, last: number, rrname: string, rrtype: string, rdata: string) =>
    pdns.push([first, last, rrname, rrtype, rdata, Math.max(1, Math.round((last - first) / random.int(1800, 9000)))]);
  const parkedUntil = moved - random.int(60, 1200);
  seen(registered + random.int(180, 540), parkedUntil, d0, 'A', shared);
  for (const ns of hostNs) seen(registered + random.int(120, 400), moved - random.int(30, 600), d0, 'NS', ns);
  seen(moved + random.int(20, 300), suspended - random.int(60, 900), d0, 'A', ip1);
  seen(moved + random.int(400, 900), suspended - random.int(60, 900), `www.${d0}`, 'CNAME', d0);
  for (const ns of actorNs) seen(moved - random.int(10, 30), suspended - random.int(60, 900), d0, 'NS', ns);
  seen(d1First, live(d1First), d1, 'A', ip1);
  for (const ns of actorNs) seen(d1First - random.int(60, 600), live(d1First), d1, 'NS', ns);
  seen(d3First, live(d3First), d3, 'A', ip2);
  seen(d3First + random.int(300, 900), live(d3First), `www.${d3}`, 'CNAME', d3);
  for (const ns of actorNs) seen(d3First - random.int(60, 600), live(d3First), d3, 'NS', ns);
  seen(d3First - random.int(2, 5) * HOUR, live(0), actorNs[0]!, 'A', ip2);
  seen(d3First - random.int(2, 5) * HOUR, live(1), actorNs[1]!, 'A', ip2);
  seen(d4First, live(d4First), d4, 'A', ip4);
  for (const ns of cloudNs) seen(d4First - random.int(60, 600), live(d4First), d4, 'NS', ns);
  seen(tenantFirst, tenantLast, tenant, 'A', ip1);
  seen(tenantFirst, tenantLast, `www.${tenant}`, 'CNAME', tenant);
  const businessFirst =
    Date.UTC(2024, random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59), 0) / 1000;
  seen(businessFirst, live(2), business, 'A', shared);
  seen(businessFirst + random.int(60, 900), live(3), `www.${business}`, 'CNAME', business);
  for (const ns of hostNs) seen(businessFirst - random.int(60, 600), live(4), business, 'NS', ns);
  for (const neighbour of sharedNeighbours) {
    const first =
      Date.UTC(random.int(2023, 2025), random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59), 0) /
      1000;
    seen(first, live(first), neighbour, 'A', shared);
    for (const ns of hostNs) seen(first - random.int(60, 600), live(first + 1), neighbour, 'NS', ns);
  }
  // Two newly registered Brightpage customers, parked on the shared address like the phishing domain was.
  const parkedCustomers = resellerOnly.slice(1, 3);
  for (const name of parkedCustomers) {
    const first = registered + random.int(-8, 1) * DAY + random.int(0, 23) * HOUR;
    seen(first, live(first), name, 'A', shared);
    for (const ns of hostNs) seen(first - random.int(60, 600), live(first + 1), name, 'NS', ns);
  }
  NOISE.forEach((name, index) => {
    const first = Date.UTC(2025, random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59), 0) / 1000;
    seen(first, live(first), name, 'A', noiseIps[index]!);
    for (const ns of cloudNs) seen(first - random.int(60, 600), live(first + 1), name, 'NS', ns);
  });
  pdns.sort((a, b) => a[2].localeCompare(b[2]) || a[3].localeCompare(b[3]) || a[0] - b[0]);
  const passiveDns = `${['first_seen,last_seen,rrname,rrtype,rdata,times_seen', ...pdns.map((row) => csvLine([iso(row[0]), iso(row[1]), row[2], row[3], row[4], row[5]]))].join('\n')}\n`;

  // Certificate transparency: one row per name a certificate lists.
  interface Cert {
    notBefore: number;
    issuer: string;
    cn: string;
    sans: string[];
    days: number;
  }
  const pellucid = 'C=ZZ, O=Pellucid Trust, CN=Pellucid DV R3';
  const resellerCn = `sni-${random.int(1000, 9999)}.brightpage-hosting.example`;
  const certs: Cert[] = [
    {
      notBefore: registered + random.int(2400, 4800),
      issuer: 'C=ZZ, O=Sectigate Ltd, CN=Sectigate DV Reseller CA R2',
      cn: resellerCn,
      sans: [resellerCn, ...random.shuffle([d0, business, ...sharedNeighbours, ...resellerOnly])],
      days: 365,
    },
    { notBefore: moved - random.int(1800, 5400), issuer: pellucid, cn: d0, sans: [d0, `www.${d0}`, d1, d2], days: 90 },
    { notBefore: d3First - random.int(2400, 7200), issuer: pellucid, cn: d3, sans: [d3, `www.${d3}`], days: 90 },
    { notBefore: d4First - random.int(2400, 7200), issuer: pellucid, cn: d4, sans: [d4], days: 90 },
    {
      notBefore: tenantFirst + random.int(1, 5) * DAY,
      issuer: pellucid,
      cn: tenant,
      sans: [tenant, `www.${tenant}`],
      days: 90,
    },
    {
      notBefore: businessFirst + random.int(30, 300) * DAY,
      issuer: 'C=ZZ, O=Sectigate Ltd, CN=Sectigate DV Reseller CA R2',
      cn: business,
      sans: [business, `www.${business}`],
      days: 365,
    },
  ];
  certs.sort((a, b) => a.notBefore - b.notBefore);
  let crtId = random.int(14_200_000_000, 14_900_000_000) - 40_000_000;
  const ctRows: string[] = ['crt_id,logged_at,not_before,not_after,issuer,common_name,san'];
  for (const cert of certs) {
    crtId += random.int(1_000_000, 9_000_000);
    const logged = cert.notBefore + 3600 + random.int(5, 300);
    for (const san of cert.sans)
      ctRows.push(
        csvLine([
          crtId,
          iso(logged),
          iso(cert.notBefore),
          iso(cert.notBefore + cert.days * DAY - 1),
          cert.issuer,
          cert.cn,
          san,
        ]),
      );
  }
  const ctSearch = `${ctRows.join('\n')}\n`;

  // Page scans (a public scanning service's results, saved as JSON lines).
  interface Scan {
    at: number;
    domain: string;
    path: string;
    ip: string;
    status: number;
    title: string;
    tracking: string;
    server: string;
  }
  const scans: Scan[] = [
    {
      at: registered + random.int(2, 8) * HOUR,
      domain: d0,
      path: '/',
      ip: shared,
      status: 200,
      title: 'This domain is parked free of charge with Brightpage Hosting',
      tracking: parkingId,
      server: 'Apache',
    },
    {
      at: click + random.int(1, 3) * HOUR,
      domain: d0,
      path: '/signin/',
      ip: ip1,
      status: 200,
      title: 'Harbourline Bank | Sign in to Online Banking',
      tracking: trackingId,
      server: 'nginx/1.24.0',
    },
    {
      at: d1First + random.int(3, 20) * HOUR,
      domain: d1,
      path: '/account/verify',
      ip: ip1,
      status: 200,
      title: 'Harbourline Bank | Verify your identity',
      tracking: trackingId,
      server: 'nginx/1.24.0',
    },
    {
      at: d3First + random.int(3, 20) * HOUR,
      domain: d3,
      path: '/',
      ip: ip2,
      status: 200,
      title: 'Harbourline Online Banking',
      tracking: trackingId,
      server: 'nginx/1.24.0',
    },
    {
      at: d4First + random.int(3, 20) * HOUR,
      domain: d4,
      path: '/pay-fee',
      ip: ip4,
      status: 200,
      title: 'Your parcel is waiting: pay the redelivery fee',
      tracking: trackingId,
      server: 'nginx/1.24.0',
    },
    {
      at: moved - random.int(3, 12) * HOUR,
      domain: business,
      path: '/',
      ip: shared,
      status: 200,
      title: `${business
        .split('.')[0]!
        .split('-')
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join(' ')} | Welcome`,
      tracking: businessId,
      server: 'Apache',
    },
    {
      at: tenantLast - random.int(10, 40) * DAY,
      domain: tenant,
      path: '/',
      ip: ip1,
      status: 200,
      title: `${tenant
        .split('.')[0]!
        .split('-')
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join(' ')} | Home`,
      tracking: tenantId,
      server: 'nginx/1.18.0',
    },
    ...parkedCustomers.map((name) => ({
      at: registered + random.int(-6, 2) * DAY + random.int(0, 23) * HOUR,
      domain: name,
      path: '/',
      ip: shared,
      status: 200,
      title: 'This domain is parked free of charge with Brightpage Hosting',
      tracking: parkingId,
      server: 'Apache',
    })),
  ];
  scans.sort((a, b) => a.at - b.at);
  const pageScans = `${scans
    .map((scan) =>
      JSON.stringify({
        scan_id: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`,
        scanned_at: iso(scan.at),
        url: `https://${scan.domain}${scan.path}`,
        domain: scan.domain,
        ip: scan.ip,
        http_status: scan.status,
        server: scan.server,
        page_title: scan.title,
        tracking_id: scan.tracking,
        html_sha256: random.hex(64),
      }),
    )
    .join('\n')}\n`;

  // Hosting and ASN context of the addresses.
  const ipContext = `${[
    'ip,prefix,asn,as_name,country,reverse_dns,service,domains_on_ip,looked_up_at',
    csvLine([
      ip1,
      '203.0.113.0/24',
      'AS64511',
      'NIMBREL-CLOUD Nimbrel Cloud Ltd',
      'ZZ',
      `vps-${ip1.split('.')[3]}.nimbrel-cloud.example`,
      'virtual private server (single customer)',
      2,
      iso(capture2 + 1800),
    ]),
    csvLine([
      ip4,
      '203.0.113.0/24',
      'AS64511',
      'NIMBREL-CLOUD Nimbrel Cloud Ltd',
      'ZZ',
      `vps-${ip4.split('.')[3]}.nimbrel-cloud.example`,
      'virtual private server (single customer)',
      1,
      iso(capture2 + 1805),
    ]),
    csvLine([
      ip2,
      '198.51.100.0/24',
      'AS64498',
      'KORVAX-HOSTING Korvax Hosting SRL',
      'ZZ',
      '',
      'virtual private server (single customer)',
      1,
      iso(capture2 + 1810),
    ]),
    csvLine([
      shared,
      '192.0.2.0/24',
      'AS64500',
      'BRIGHTPAGE Brightpage Hosting Ltd',
      'ZZ',
      `shared-web-${shared.split('.')[3]}.brightpage-hosting.example`,
      'shared web hosting',
      random.int(1100, 1900),
      iso(capture2 + 1815),
    ]),
  ].join('\n')}\n`;

  // The RDAP response for D0, as captured twice: before and after the registrar suspended the domain.
  // The name-server change to the actor's own servers is the last change before the suspension.
  const nsChanged = moved - random.int(20, 40);
  const rdap = (capturedAt: number, afterSuspension: boolean): string =>
    `${JSON.stringify(
      {
        rdapConformance: [
          'rdap_level_0',
          'icann_rdap_response_profile_1',
          'icann_rdap_technical_implementation_guide_1',
          'redacted',
        ],
        objectClassName: 'domain',
        handle: `${random.int(2_000_000, 2_999_999)}_DOMAIN_${tld.toUpperCase()}-VRSN`,
        ldhName: d0,
        status: afterSuspension ? ['client hold', 'client transfer prohibited'] : ['client transfer prohibited'],
        events: [
          { eventAction: 'registration', eventDate: iso(registered) },
          { eventAction: 'expiration', eventDate: iso(registered + 365 * DAY) },
          { eventAction: 'last changed', eventDate: iso(afterSuspension ? suspended : nsChanged) },
          { eventAction: 'last update of RDAP database', eventDate: iso(capturedAt - random.int(60, 900)) },
        ],
        entities: [
          {
            objectClassName: 'entity',
            handle: registrar.iana,
            roles: ['registrar'],
            publicIds: [{ type: 'IANA Registrar ID', identifier: registrar.iana }],
            vcardArray: [
              'vcard',
              [
                ['version', {}, 'text', '4.0'],
                ['fn', {}, 'text', registrar.name],
                ['adr', {}, 'text', ['', '', '', registrar.city, '', '', registrar.state]],
              ],
            ],
            entities: [
              {
                objectClassName: 'entity',
                roles: ['abuse'],
                vcardArray: [
                  'vcard',
                  [
                    ['version', {}, 'text', '4.0'],
                    ['fn', {}, 'text', 'Abuse Contact'],
                    ['tel', { type: 'voice' }, 'uri', `tel:${registrar.tel}`],
                    ['email', {}, 'text', registrar.abuse],
                  ],
                ],
              },
            ],
          },
          {
            objectClassName: 'entity',
            handle: '',
            roles: ['registrant'],
            vcardArray: [
              'vcard',
              [
                ['version', {}, 'text', '4.0'],
                ['fn', {}, 'text', ''],
                ['adr', { cc: 'ZZ' }, 'text', ['', '', '', '', '', '', '']],
              ],
            ],
            remarks: [
              {
                title: 'REDACTED FOR PRIVACY',
                type: 'object redacted due to authorization',
                description: [
                  'Some of the data in this object has been removed.',
                  `Contact the registrar through its web form or ${registrar.abuse} to reach the registrant.`,
                ],
              },
            ],
          },
        ],
        nameservers: actorNs.map((name) => ({ objectClassName: 'nameserver', ldhName: name })),
        secureDNS: { delegationSigned: false },
        redacted: [
          {
            name: { type: 'Registrant Name' },
            method: 'emptyValue',
            prePath: "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][1][3]",
            reason: { description: 'Server policy' },
          },
          {
            name: { type: 'Registrant Street' },
            method: 'emptyValue',
            prePath: "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][2][3][2]",
            reason: { description: 'Server policy' },
          },
          { name: { type: 'Registrant Email' }, method: 'removal', reason: { description: 'Server policy' } },
          { name: { type: 'Registrant Phone' }, method: 'removal', reason: { description: 'Server policy' } },
          { name: { type: 'Registry Registrant ID' }, method: 'removal', reason: { description: 'Server policy' } },
        ],
        notices: [
          {
            title: 'Terms of Use',
            description: [
              'Service subject to the terms of use of the registrar. Data is provided for information only.',
            ],
            links: [
              { href: `https://rdap.${registrar.abuse.split('@')[1]}/terms`, rel: 'alternate', type: 'text/html' },
            ],
          },
          {
            title: 'Status Codes',
            description: ['For more information on domain status codes, please visit https://icann.example/epp'],
          },
        ],
        port43: `whois.${registrar.abuse.split('@')[1]}`,
      },
      null,
      2,
    )}\n`;
  const rdapFirst = rdap(capture1, false);
  const rdapSecond = rdap(capture2, true);
  const handedOver = random.chance(0.5) ? 'first' : 'second';
  const rdapFile = handedOver === 'first' ? rdapFirst : rdapSecond;

  const analyst = 'DC Maren Holt (NCC OSINT desk)';
  const captures: [number, string, string, string, string, string][] = [
    [
      capture1,
      'curl 8.5.0',
      `GET https://rdap.${registrar.abuse.split('@')[1]}/domain/${d0}`,
      'rdap-response.json',
      sha256(rdapFirst),
      'first look-up after the report',
    ],
    [
      capture2,
      'curl 8.5.0',
      `GET https://rdap.${registrar.abuse.split('@')[1]}/domain/${d0}`,
      'rdap-response.json',
      sha256(rdapSecond),
      'repeated before the export; same file name',
    ],
    [
      capture2 + random.int(300, 600),
      'DNSLedger web console 4.2 (CSV export)',
      `rrset searches for the names found; rdata searches for ${ip1}, ${ip2}, ${ip4}, ${shared}, ns1.${nsDomain}, ns2.${nsDomain}`,
      'passive-dns.csv',
      sha256(passiveDns),
      `all rows returned, except that the rdata search for ${shared} (over a thousand names) was limited to names also found in the CT search or the scans and seen since 2023`,
    ],
    [
      capture2 + random.int(700, 1000),
      'crt.example search 2.9 (CSV export)',
      `identity search: ${d0}; certificates of the names returned`,
      'ct-search.csv',
      sha256(ctSearch),
      'one row per SAN',
    ],
    [
      capture2 + random.int(1100, 1500),
      'scanhub.example API v3 (JSON lines)',
      `search domain:${d0} OR ip:${ip1} OR ip:${shared} OR tracking:GLM-*`,
      'page-scans.jsonl',
      sha256(pageScans),
      'results of public scans; not scanned by us',
    ],
    [
      capture2 + random.int(1900, 2300),
      'ipwhois-cli 1.7 and reverse-IP count of scanhub.example',
      'addresses seen for the domains above',
      'ip-context.csv',
      sha256(ipContext),
      '',
    ],
  ];
  const captureLog = `${[
    'capture_no,captured_at,analyst,tool,query,saved_as,sha256,notes',
    ...captures.map((row, index) => csvLine([index + 1, iso(row[0]), analyst, row[1], row[2], row[3], row[4], row[5]])),
  ].join('\n')}\n`;

  const clickText = `${new Date(click * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    files: {
      'evidence/rdap-response.json': rdapFile,
      'evidence/passive-dns.csv': passiveDns,
      'evidence/ct-search.csv': ctSearch,
      'evidence/page-scans.jsonl': pageScans,
      'evidence/ip-context.csv': ipContext,
      'evidence/capture-log.csv': captureLog,
    },
    values: {
      start_domain: d0,
      click_time: clickText,
      click_at: iso(click),
      registered_at: iso(registered),
      last_changed_at: iso(handedOver === 'first' ? nsChanged : suspended),
      expires_at: iso(registered + 365 * DAY),
      rdap_captured_at: iso(handedOver === 'first' ? capture1 : capture2),
      rdap_other_capture: iso(handedOver === 'first' ? capture2 : capture1),
      phishing_ip: ip1,
      shared_ip: shared,
      second_vps_ip: ip2,
      parcel_ip: ip4,
      tracking_id: trackingId,
      parking_tracking_id: parkingId,
      business_tracking_id: businessId,
      actor_domains: [d1, d2, d3, d4],
      actor_domains_with_business: [d1, d2, d3, d4, business],
      actor_domains_with_tenant: [d1, d2, d3, d4, tenant],
      actor_domains_with_reseller: [d1, d2, d3, d4, business, ...sharedNeighbours, ...resellerOnly],
      actor_domains_ip_only: [d1],
      ip_neighbour_domain: d1,
      cert_only_domain: d2,
      ns_domain: d3,
      tracking_only_domain: d4,
      business_domain: business,
      tenant_domain: tenant,
      reseller_only_domain: resellerOnly[0]!,
      reseller_cn: resellerCn,
      name_server_domain: nsDomain,
      registrar_name: registrar.name,
      registrar_state: registrar.state,
      registrar_abuse: registrar.abuse,
      route_option: registrar.route,
      wrong_route_option: registrar.route === 'sap-art6' ? 'mla' : 'sap-art6',
    },
  };
};

export default generate;
