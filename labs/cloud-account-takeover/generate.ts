import { createHash } from 'node:crypto';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Cloud account takeover at the ministry's supplier".
 *
 * Northwind Office Supplies (the supplier of case FR-2024-318, lab bec-ministry-supplier) keeps its
 * mailboxes in a Microsoft 365-style cloud tenant. From the seed it writes what Northwind's IT provider
 * exported after the fraud came to light, April to May 2024, every time in UTC:
 *  - the sign-in log (JSON lines, as the directory's API returns sign-ins, interactive and not);
 *  - the unified audit log (JSON lines, one audit record per line as the audit search returns it);
 *  - the message trace of the shared mailbox accounts@ (CSV);
 *  - DC Haddad's note of the facts of FR-2024-318 that the analysis must be tied to;
 *  - the IT provider's statement (how the files were exported, the tenant's set-up, SHA-256 of each file).
 * One finance employee's password was phished: the attacker signed in from abroad minutes after the
 * employee signed in at the office (impossible travel), hid and forwarded the ministry's mail with an
 * inbox rule on accounts@, consented to a mail-reading application, read the invoice the fraudulent
 * e-mail later quoted, and kept reading through the application after the password was reset.
 * Noise: ordinary sign-ins and mail reads of eight employees, a travelling salesman abroad (plausible
 * travel), a password spray that failed, a colleague's own harmless inbox rule.
 * Only context.random is used: the same seed always gives byte-identical files.
 */

const DOMAIN = 'northwind-supplies.example';
const SHARED = `accounts@${DOMAIN}`;
const MINISTRY = 'infra-ministry.example';
const CLERK = `petra.okafor@${MINISTRY}`;
const DAY = 86_400;
/** 2024-04-01T00:00:00Z, a Monday. */
const APRIL_1 = Date.UTC(2024, 3, 1) / 1000;
/** Northwind's clocks run on Central European Summer Time (UTC+2) during the whole lab. */
const LOCAL_OFFSET = 2 * 3600;

type Time = number;
const two = (value: number): string => String(value).padStart(2, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A moment in Northwind's local time (UTC+2): `day` counts days from Monday 1 April 2024. */
const localMoment = (day: number, hour: number, minute = 0, second = 0): Time =>
  APRIL_1 + day * DAY + hour * 3600 + minute * 60 + second - LOCAL_OFFSET;
const isWeekday = (day: number): boolean => day % 7 < 5;
const nextWeekday = (day: number): number => (isWeekday(day) ? day : nextWeekday(day + 1));
const dayOf = (time: Time): number => Math.floor((time + LOCAL_OFFSET - APRIL_1) / DAY);

function utcFields(time: Time) {
  const date = new Date(time * 1000);
  return {
    date: `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`,
    clock: `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`,
  };
}
/** The sign-in log's form: ISO 8601 with Z. */
const isoZ = (time: Time): string => `${utcFields(time).date}T${utcFields(time).clock}Z`;
/** The audit log's CreationTime: UTC, written without a zone (as the audit search exports it). */
const auditTime = (time: Time): string => `${utcFields(time).date}T${utcFields(time).clock}`;
/** "Tuesday 9 April 2024", local date. */
function longDate(time: Time): string {
  const date = new Date((time + LOCAL_OFFSET) * 1000);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
/** "Tue, 16 Apr 2024 10:14:25 +0200" in local time. */
function rfc5322(time: Time): string {
  const date = new Date((time + LOCAL_OFFSET) * 1000);
  const month = MONTHS[date.getUTCMonth()]!.slice(0, 3);
  return `${WEEKDAYS[date.getUTCDay()]!.slice(0, 3)}, ${two(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0200`;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

interface Person {
  name: string;
  upn: string;
  /** Opens the shared mailbox accounts@ with full access. */
  accounts: boolean;
}

/** The finance staff who open accounts@: one of them is phished. */
const FINANCE: Person[] = [
  { name: 'Daniel Marsh', upn: `daniel.marsh@${DOMAIN}`, accounts: true },
  { name: 'Helen Carver', upn: `helen.carver@${DOMAIN}`, accounts: true },
  { name: 'Priya Nandakumar', upn: `priya.nandakumar@${DOMAIN}`, accounts: true },
  { name: 'Tom Fenwick', upn: `tom.fenwick@${DOMAIN}`, accounts: true },
];
const OTHERS: Person[] = [
  { name: 'Rachel Whitfield', upn: `rachel.whitfield@${DOMAIN}`, accounts: false },
  { name: 'Grace Quinn', upn: `grace.quinn@${DOMAIN}`, accounts: false },
  { name: 'Samuel Okonjo', upn: `samuel.okonjo@${DOMAIN}`, accounts: false },
];
const TRAVELLER: Person = { name: 'Marcus Reed', upn: `marcus.reed@${DOMAIN}`, accounts: false };
const ADMIN: Person = { name: 'Harbourline IT (admin)', upn: `hl-admin@${DOMAIN}`, accounts: false };

/** Places far from Eastport: no one travels between them and the office in an hour. */
const FAR_PLACES = [
  { city: 'Singapore', state: 'Singapore', countryOrRegion: 'SG' },
  { city: 'Sao Paulo', state: 'Sao Paulo', countryOrRegion: 'BR' },
  { city: 'Johannesburg', state: 'Gauteng', countryOrRegion: 'ZA' },
  { city: 'Sydney', state: 'New South Wales', countryOrRegion: 'AU' },
  { city: 'Toronto', state: 'Ontario', countryOrRegion: 'CA' },
  { city: 'Dallas', state: 'Texas', countryOrRegion: 'US' },
  { city: 'Mumbai', state: 'Maharashtra', countryOrRegion: 'IN' },
  { city: 'Tokyo', state: 'Tokyo', countryOrRegion: 'JP' },
];
const EASTPORT = { city: 'Eastport', state: 'Harbour Province', countryOrRegion: 'ZZ' };
const MILLBROOK = { city: 'Millbrook', state: 'Harbour Province', countryOrRegion: 'ZZ' };
const TRADE_FAIRS = [
  { city: 'Milan', state: 'Lombardy', countryOrRegion: 'IT', fair: 'an office furniture fair in Milan' },
  {
    city: 'Cologne',
    state: 'North Rhine-Westphalia',
    countryOrRegion: 'DE',
    fair: 'an office supplies fair in Cologne',
  },
  { city: 'Valencia', state: 'Valencia', countryOrRegion: 'ES', fair: 'a furniture fair in Valencia' },
];

const RULE_NAMES = ['zz', 'qq', 'xx', 'nw', 'Sync', 'RSS', 'ab', 'mm', 'NW-AR', 'ok'];
const APPS = [
  'DocSync Viewer',
  'MailArchiver Pro',
  'PDF Invoice Reader',
  'SecureDocs Connect',
  'eSign Portal Plus',
  'Outlook Backup Utility',
];
const EXTRA_SCOPES = ['Mail.Send', 'Mail.ReadWrite', 'Contacts.Read', 'MailboxSettings.ReadWrite', 'Files.Read.All'];
const LOOKALIKES = [
  'northwind-suppIies.example',
  'northwlnd-supplies.example',
  'northwind-supp1ies.example',
  'nortwind-supplies.example',
  'northwind-suplies.example',
  'northvvind-supplies.example',
  'northwindsupplies.example',
  'northwind-suppliers.example',
];
const FREEMAIL_DOMAINS = [
  'swiftmail.example.net',
  'inboxhub.example.com',
  'postdrop.example.org',
  'quickpost.example.com',
];
const FORWARD_LOCAL_PARTS = ['northwind.accounts', 'd.marsh.northwind', 'nw.creditcontrol', 'northwind-ar'];

const BROWSERS = [
  {
    agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
    browser: 'Chrome 123.0.0',
    os: 'Windows10',
  },
  {
    agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    browser: 'Chrome 122.0.0',
    os: 'Linux',
  },
  {
    agent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
    browser: 'Safari 17.3',
    os: 'MacOs',
  },
];
const OUTLOOK_AGENT = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)';
const MOBILE_AGENT = 'Outlook-iOS/709.2226530.prod.iphone (4.2412.0)';
const EDGE_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.65';

const APP_IDS = {
  officeHome: '4765445b-32c6-49b0-83e6-1d93765276ca',
  outlookDesktop: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  exchange: '00000002-0000-0ff1-ce00-000000000000',
  outlookMobile: '27922004-5251-4030-b22d-91ecd9a37ea4',
};

interface Message {
  id: string;
  time: Time;
  sender: string;
  recipient: string;
  subject: string;
  size: number;
  folder: string;
  fromIp: string;
  toIp: string;
}

const generate: VariantGenerator = ({ random }) => {
  const uuid = (): string =>
    `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${random.hex(3)}-${random.hex(12)}`;
  const used = new Set<string>();
  const address = (prefix: string): string => {
    for (;;) {
      const candidate = `${prefix}.${random.int(20, 250)}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const tenantId = uuid();

  // --- Northwind's own addresses (office, homes, phones) in 198.51.100.0/24 and 192.0.2.0/24.
  const officeIp = address('198.51.100');
  const adminIp = address('198.51.100');
  const exchangeOutIp = address('198.51.100');
  const victim = random.pick(FINANCE);
  const staff = [...FINANCE, ...OTHERS, TRAVELLER];
  const homes = new Map(staff.map((person) => [person.upn, address('192.0.2')]));
  const phones = new Map(staff.map((person) => [person.upn, address('192.0.2')]));
  const userIds = new Map([...staff, ADMIN].map((person) => [person.upn, uuid()]));

  // --- The attacker: three addresses in three far places, one of them perhaps IPv6.
  const places = random.shuffle(FAR_PLACES);
  const firstPlace = places[0]!;
  const secondPlace = places[1]!;
  const appPlace = places[2]!;
  const sprayPlace = places[3]!;
  const firstIp = address('203.0.113');
  const secondIp = random.chance(0.5)
    ? `2001:db8:${random.hex(4).replace(/^0+/u, '') || 'a'}::${random.int(20, 250).toString(16)}`
    : address('203.0.113');
  const appIp = address('203.0.113');
  const sprayIp = address(random.pick(['203.0.113', '198.51.100']));
  const attackerIps = [firstIp, secondIp, appIp];
  const attackerBrowser = random.pick(BROWSERS);
  const ruleName = random.pick(RULE_NAMES);
  const appName = random.pick(APPS);
  const appId = uuid();
  const appServicePrincipalId = uuid();
  // Mail.Read.Shared is what lets a delegated application open accounts@, which the user may open.
  const scopes = [
    'Mail.Read',
    'Mail.Read.Shared',
    ...random.shuffle(EXTRA_SCOPES).slice(0, random.int(1, 3)),
    'offline_access',
    'User.Read',
  ];
  const markAsRead = random.chance(0.5);
  const stopProcessing = random.chance(0.5);
  const lookalike = random.pick(LOOKALIKES);
  const forwardTo = `${random.pick(FORWARD_LOCAL_PARTS)}${random.chance(0.5) ? random.int(2, 99) : ''}@${random.pick(FREEMAIL_DOMAINS)}`;
  const fair = random.pick(TRADE_FAIRS);
  const fairIp = address('198.51.100');

  // --- The calendar (days from Monday 1 April 2024; Northwind's local time is UTC+2).
  const invoiceDay = nextWeekday(random.int(9, 16));
  const compromiseDay = nextWeekday(invoiceDay - random.int(4, 6));
  const firstDay = compromiseDay - 6;
  const sprayDay = compromiseDay - random.int(2, 4);
  const fraudDay = nextWeekday(invoiceDay + random.int(4, 7));
  const resetDay = nextWeekday(invoiceDay + random.int(34, 38));
  /** The export: Thursday 30 May 2024, whatever the seed (the custody records give that date). */
  const lastDay = 59;
  const travelDay = nextWeekday(compromiseDay + random.int(1, 3));
  const invoiceAt = localMoment(invoiceDay, random.int(9, 11), random.int(0, 59), random.int(0, 59));
  const fraudAt = localMoment(fraudDay, random.int(8, 10), random.int(0, 59), random.int(0, 59));
  const victimOfficeAt = localMoment(compromiseDay, 8, random.int(5, 50), random.int(0, 59));
  const firstSuccessAt = victimOfficeAt + random.int(12, 45) * 60 + random.int(0, 59);
  const resetAt = localMoment(resetDay, random.int(10, 12), random.int(0, 59), random.int(0, 59));
  const grantRemovedAt = resetAt + random.int(20, 30) * 3600 + random.int(0, 3599);

  const invoiceNumber = `NW-INV-24${String(random.int(1000, 9899))}`;
  const purchaseOrder = `PO-IM-2024-${String(random.int(10_000, 99_999))}`;
  const nwMessageId = (): string => `<NW-EX01.${random.hex(24)}@${DOMAIN}>`;
  const uuidMessageId = (domain: string): string =>
    `<${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}@${domain}>`;

  // --- The messages of accounts@: sent invoices, remittances, the ministry's correspondence.
  const messages: Message[] = [];
  const customers = [
    'ap@brightline-fs.example',
    'invoices@kestrel-it.example',
    'payables@railfreight-consult.example',
    'finance@greenway-catering.example',
    'ap@harbour-school.example',
  ];
  const customerIps = new Map(customers.map((customer) => [customer, address('198.51.100')]));
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWeekday(day)) continue;
    for (let n = random.int(1, 3); n > 0; n--) {
      const time = localMoment(day, random.int(7, 17), random.int(0, 59), random.int(0, 59));
      const customer = random.pick(customers);
      const outgoing = random.chance(0.5);
      const number = random.int(1000, 9899);
      messages.push(
        outgoing
          ? {
              id: nwMessageId(),
              time,
              sender: SHARED,
              recipient: customer,
              subject: `Invoice NW-INV-24${number} - Northwind Office Supplies`,
              size: random.int(48_000, 160_000),
              folder: '\\Sent Items',
              fromIp: '',
              toIp: '',
            }
          : {
              id: uuidMessageId(customer.split('@')[1]!),
              time,
              sender: customer,
              recipient: SHARED,
              subject: random.pick([
                `Remittance advice ${number}`,
                `Payment of invoice NW-INV-24${number}`,
                `Query on invoice NW-INV-24${number}`,
                `Statement of account ${number}`,
              ]),
              size: random.int(9_000, 60_000),
              folder: '\\Inbox',
              fromIp: customerIps.get(customer)!,
              toIp: '',
            },
      );
    }
  }
  const invoice: Message = {
    id: nwMessageId(),
    time: invoiceAt,
    sender: SHARED,
    recipient: CLERK,
    subject: `Invoice ${invoiceNumber} - Ministry of Infrastructure - ${purchaseOrder}`,
    size: random.int(90_000, 140_000),
    folder: '\\Sent Items',
    fromIp: '',
    toIp: '',
  };
  messages.push(invoice);
  // The ministry's earlier order, and its mail after the rule began to forward.
  messages.push({
    id: uuidMessageId(MINISTRY),
    time: localMoment(compromiseDay - 3, random.int(9, 15), random.int(0, 59), random.int(0, 59)),
    sender: `procurement@${MINISTRY}`,
    recipient: SHARED,
    subject: `Purchase order ${purchaseOrder}`,
    size: random.int(40_000, 90_000),
    folder: '\\Inbox',
    fromIp: address('198.51.100'),
    toIp: '',
  });
  const ministryLater = [
    { day: invoiceDay + 1, sender: `goods-receipt@${MINISTRY}`, subject: `Goods received - ${purchaseOrder}` },
    {
      day: fraudDay + random.int(3, 5),
      sender: `accounts-payable@${MINISTRY}`,
      subject: `Remittance advice - ${invoiceNumber}`,
    },
    {
      day: resetDay - random.int(2, 3),
      sender: CLERK,
      subject: `RE: Payment reminder: invoice ${invoiceNumber} overdue`,
    },
  ];
  const ministryIp = address('198.51.100');
  const forwarded: Message[] = [];
  for (const item of ministryLater) {
    const message: Message = {
      id: uuidMessageId(MINISTRY),
      time: localMoment(nextWeekday(item.day), random.int(9, 15), random.int(0, 59), random.int(0, 59)),
      sender: item.sender,
      recipient: SHARED,
      subject: item.subject,
      size: random.int(20_000, 70_000),
      folder: '\\RSS Feeds',
      fromIp: ministryIp,
      toIp: '',
    };
    messages.push(message);
    forwarded.push(message);
  }
  messages.sort((a, b) => a.time - b.time);

  // --- Sign-ins and audit records, gathered with their times and sorted at the end.
  const signIns: { time: Time; record: Record<string, unknown> }[] = [];
  const audits: { time: Time; record: Record<string, unknown> }[] = [];

  function signIn(options: {
    time: Time;
    person: Person;
    ip: string;
    location: { city: string; state: string; countryOrRegion: string };
    app: 'officeHome' | 'outlookDesktop' | 'outlookMobile' | 'exchange' | 'thirdParty';
    agent: string;
    device: { browser: string; os: string };
    errorCode?: number;
    failureReason?: string;
    additionalDetails?: string;
    mfa?: string;
    interactive?: boolean;
    clientApp?: string;
  }): void {
    const errorCode = options.errorCode ?? 0;
    const appNames = {
      officeHome: 'OfficeHome',
      outlookDesktop: 'Microsoft Office',
      outlookMobile: 'Outlook Mobile',
      exchange: 'Office 365 Exchange Online',
      thirdParty: appName,
    };
    const interactive = options.interactive ?? true;
    const clientApp =
      options.clientApp ??
      (options.app === 'officeHome' || options.app === 'exchange' ? 'Browser' : 'Mobile Apps and Desktop clients');
    signIns.push({
      time: options.time,
      record: {
        id: uuid(),
        createdDateTime: isoZ(options.time),
        userDisplayName: options.person.name,
        userPrincipalName: options.person.upn,
        userId: userIds.get(options.person.upn),
        appId: options.app === 'thirdParty' ? appId : APP_IDS[options.app],
        appDisplayName: appNames[options.app],
        ipAddress: options.ip,
        clientAppUsed: clientApp,
        userAgent: options.agent,
        correlationId: uuid(),
        conditionalAccessStatus: 'notApplied',
        isInteractive: interactive,
        authenticationRequirement: options.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
        status: {
          errorCode,
          failureReason: options.failureReason ?? 'Other.',
          additionalDetails: options.additionalDetails ?? null,
        },
        location: options.location,
        deviceDetail: { deviceId: '', operatingSystem: options.device.os, browser: options.device.browser },
        mfaDetail: options.mfa ? { authMethod: options.mfa, authDetail: null } : null,
      },
    });
    if (!interactive) return;
    audits.push({
      time: options.time + random.int(0, 2),
      record: {
        CreationTime: auditTime(options.time + random.int(0, 2)),
        Id: uuid(),
        Operation: errorCode === 0 ? 'UserLoggedIn' : 'UserLoginFailed',
        OrganizationId: tenantId,
        RecordType: 15,
        ResultStatus: errorCode === 0 ? 'Success' : 'Failed',
        UserKey: userIds.get(options.person.upn),
        UserType: 0,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ClientIP: options.ip,
        UserId: options.person.upn,
        AzureActiveDirectoryEventType: 1,
        ExtendedProperties: [
          { Name: 'ResultStatusDetail', Value: errorCode === 0 ? 'Success' : 'UserError' },
          { Name: 'UserAgent', Value: options.agent },
          { Name: 'RequestType', Value: 'OAuth2:Authorize' },
        ],
        ApplicationId: options.app === 'thirdParty' ? appId : APP_IDS[options.app],
        ErrorNumber: String(errorCode),
      },
    });
  }

  function exchangeRecord(time: Time, operation: string, person: Person, ip: string, fields: Record<string, unknown>) {
    audits.push({
      time,
      record: {
        CreationTime: auditTime(time),
        Id: uuid(),
        Operation: operation,
        OrganizationId: tenantId,
        RecordType: operation === 'MailItemsAccessed' ? 50 : 1,
        ResultStatus: operation === 'MailItemsAccessed' ? 'Succeeded' : 'True',
        UserKey: userIds.get(person.upn),
        UserType: person === ADMIN ? 2 : 0,
        Version: 1,
        Workload: 'Exchange',
        ClientIP: ip,
        UserId: person.upn,
        ...fields,
      },
    });
  }

  const sessions = new Map<string, string>();
  const sessionOf = (key: string): string => {
    let id = sessions.get(key);
    if (!id) {
      id = uuid();
      sessions.set(key, id);
    }
    return id;
  };
  function readMail(
    time: Time,
    person: Person,
    ip: string,
    message: Message,
    client: 'outlook' | 'owa' | 'rest',
    session: string,
  ): void {
    const mailbox = message.recipient === SHARED || message.sender === SHARED ? SHARED : person.upn;
    exchangeRecord(time, 'MailItemsAccessed', person, ip, {
      AppId: client === 'rest' ? appId : client === 'owa' ? APP_IDS.officeHome : APP_IDS.outlookDesktop,
      ClientAppId: '',
      ClientInfoString:
        client === 'rest'
          ? 'Client=REST;Client=RESTSystem;;'
          : client === 'owa'
            ? `Client=OWA;Action=ViaProxy;${attackerBrowser.agent}`
            : 'Client=MSExchangeRPC',
      ExternalAccess: false,
      // 0: the mailbox's owner; 2: a delegate (accounts@ opened with full access).
      LogonType: mailbox === person.upn ? 0 : 2,
      MailboxOwnerUPN: mailbox,
      OperationProperties: [
        { Name: 'MailAccessType', Value: 'Bind' },
        { Name: 'IsThrottled', Value: 'False' },
      ],
      SessionId: sessionOf(session),
      Folders: [{ Path: message.folder, FolderItems: [{ InternetMessageId: message.id, SizeInBytes: message.size }] }],
      OperationCount: 1,
    });
  }

  // --- Ordinary days: office, home and phone sign-ins; the finance staff read accounts@.
  // The provider's estimate of an address's place does not change from one sign-in to the next.
  const placeOfAddress = new Map(
    [...homes.values(), ...phones.values()].map((ip) => [ip, random.chance(0.7) ? EASTPORT : MILLBROOK]),
  );
  const eastportPlace = (ip: string) => placeOfAddress.get(ip) ?? EASTPORT;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const person of staff) {
      const abroad = person === TRAVELLER && day >= travelDay && day <= travelDay + 3;
      if (!isWeekday(day)) {
        if (random.chance(0.15) && !abroad) {
          const ip = phones.get(person.upn)!;
          signIn({
            time: localMoment(day, random.int(9, 20), random.int(0, 59), random.int(0, 59)),
            person,
            ip,
            location: eastportPlace(ip),
            app: 'outlookMobile',
            agent: MOBILE_AGENT,
            device: { browser: 'Mobile Safari', os: 'Ios' },
            mfa: 'Previously satisfied',
          });
        }
        continue;
      }
      if (abroad && day > travelDay) {
        signIn({
          time: localMoment(day, random.int(8, 18), random.int(0, 59), random.int(0, 59)),
          person,
          ip: fairIp,
          location: fair,
          app: 'outlookMobile',
          agent: MOBILE_AGENT,
          device: { browser: 'Mobile Safari', os: 'Ios' },
          mfa: 'Previously satisfied',
        });
        continue;
      }
      // The victim's morning sign-in on the day of the takeover is fixed below.
      const morning =
        person === victim && day === compromiseDay
          ? victimOfficeAt
          : localMoment(day, random.int(7, 9), random.int(0, 59), random.int(0, 59));
      signIn({
        time: morning,
        person,
        ip: officeIp,
        location: EASTPORT,
        app: 'outlookDesktop',
        agent: OUTLOOK_AGENT,
        device: { browser: 'Rich Client 16.0.17328', os: 'Windows10' },
        mfa: 'Previously satisfied',
      });
      if (person === TRAVELLER && day === travelDay) {
        signIn({
          time: morning + random.int(6, 8) * 3600 + random.int(0, 3599),
          person,
          ip: fairIp,
          location: fair,
          app: 'outlookMobile',
          agent: MOBILE_AGENT,
          device: { browser: 'Mobile Safari', os: 'Ios' },
          mfa: 'Previously satisfied',
        });
        continue;
      }
      if (random.chance(0.35)) {
        const ip = homes.get(person.upn)!;
        signIn({
          time: localMoment(day, random.int(19, 21), random.int(0, 59), random.int(0, 59)),
          person,
          ip,
          location: eastportPlace(ip),
          app: 'officeHome',
          agent: EDGE_AGENT,
          device: { browser: 'Edge 123.0.2420', os: 'Windows10' },
          mfa: 'Mobile app notification',
        });
      }
      if (person.accounts) {
        // Each finance employee opens a few of the day's messages in accounts@ from the office.
        // The rule hides the ministry's mail in RSS Feeds: no one at Northwind opens it there.
        const today = messages.filter(
          (message) => dayOf(message.time) === day && message.time > morning && message.folder !== '\\RSS Feeds',
        );
        for (const message of today) {
          if (!random.chance(person === victim ? 0.6 : 0.3)) continue;
          readMail(message.time + random.int(300, 7200), person, officeIp, message, 'outlook', `${person.upn}/${day}`);
        }
      }
    }
  }
  // The victim reads the invoice in Sent Items on the day it went out: the legitimate access.
  const victimInvoiceReadAt = invoiceAt + random.int(600, 3000);
  readMail(victimInvoiceReadAt, victim, officeIp, invoice, 'outlook', `${victim.upn}/${invoiceDay}`);

  // --- The failed password spray (another actor or the same: the log cannot say), legacy protocol.
  const sprayStart = localMoment(sprayDay, random.int(1, 4), random.int(0, 59), random.int(0, 59));
  random.shuffle([...staff]).forEach((person, index) => {
    if (index > 6) return;
    signIn({
      time: sprayStart + index * random.int(20, 70),
      person,
      ip: sprayIp,
      location: sprayPlace,
      app: 'exchange',
      agent: 'BAV2ROPC',
      device: { browser: '', os: '' },
      errorCode: 50126,
      failureReason: 'Error validating credentials due to invalid username or password.',
      clientApp: 'Authenticated SMTP',
    });
  });

  // --- The takeover: MFA prompts refused, then accepted, from the first far place.
  const failures = random.int(2, 4);
  for (let n = failures; n > 0; n--) {
    signIn({
      time: firstSuccessAt - n * random.int(70, 140),
      person: victim,
      ip: firstIp,
      location: firstPlace,
      app: 'officeHome',
      agent: attackerBrowser.agent,
      device: { browser: attackerBrowser.browser, os: attackerBrowser.os },
      errorCode: 500121,
      failureReason: 'Authentication failed during strong authentication request.',
      additionalDetails: 'The user didn\u2019t complete the MFA prompt.',
    });
  }
  const firstFailureAt = signIns
    .filter((entry) => entry.record.ipAddress === firstIp)
    .reduce((min, entry) => Math.min(min, entry.time), Infinity);
  signIn({
    time: firstSuccessAt,
    person: victim,
    ip: firstIp,
    location: firstPlace,
    app: 'officeHome',
    agent: attackerBrowser.agent,
    device: { browser: attackerBrowser.browser, os: attackerBrowser.os },
    additionalDetails: 'MFA completed in Azure AD',
    mfa: 'Mobile app notification',
  });
  const firstSession = `attacker-1`;
  // Reading what concerns invoices and payments in accounts@, then the rule, then the consent.
  let clock = firstSuccessAt + random.int(60, 180);
  const olderPayments = messages.filter(
    (message) => message.time < firstSuccessAt && /Invoice|Remittance|Payment|Purchase order/u.test(message.subject),
  );
  const attackerReads: { time: Time; message: Message; ip: string }[] = [];
  for (const message of random.shuffle(olderPayments).slice(0, random.int(4, 7))) {
    attackerReads.push({ time: clock, message, ip: firstIp });
    readMail(clock, victim, firstIp, message, 'owa', firstSession);
    clock += random.int(25, 140);
  }
  const ruleCreatedAt = clock + random.int(60, 240);
  const ruleParameters = [
    { Name: 'Mailbox', Value: SHARED },
    { Name: 'Name', Value: ruleName },
    { Name: 'FromAddressContainsWords', Value: MINISTRY },
    { Name: 'MoveToFolder', Value: 'RSS Feeds' },
    ...(markAsRead ? [{ Name: 'MarkAsRead', Value: 'True' }] : []),
    ...(stopProcessing ? [{ Name: 'StopProcessingRules', Value: 'True' }] : []),
  ];
  exchangeRecord(ruleCreatedAt, 'New-InboxRule', victim, firstIp, {
    AppId: APP_IDS.officeHome,
    ClientAppId: '',
    ExternalAccess: false,
    ObjectId: `${DOMAIN}/accounts\\${ruleName}`,
    OrganizationName: DOMAIN,
    Parameters: ruleParameters,
    SessionId: sessionOf(firstSession),
  });
  const consentAt = ruleCreatedAt + random.int(300, 900);
  const aadRecord = (time: Time, operation: string, actor: Person, ip: string, fields: Record<string, unknown>) =>
    audits.push({
      time,
      record: {
        CreationTime: auditTime(time),
        Id: uuid(),
        Operation: operation,
        OrganizationId: tenantId,
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: userIds.get(actor.upn),
        UserType: actor === ADMIN ? 2 : 0,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ClientIP: ip,
        UserId: actor.upn,
        AzureActiveDirectoryEventType: 1,
        Actor: [
          { ID: actor.upn, Type: 5 },
          { ID: userIds.get(actor.upn), Type: 3 },
        ],
        ...fields,
      },
    });
  const appTarget = [
    { ID: `ServicePrincipal_${appServicePrincipalId}`, Type: 2 },
    { ID: appServicePrincipalId, Type: 2 },
    { ID: appName, Type: 1 },
    { ID: appId, Type: 4 },
  ];
  aadRecord(consentAt, 'Add service principal.', victim, firstIp, {
    ModifiedProperties: [
      { Name: 'AccountEnabled', NewValue: '[true]', OldValue: '[]' },
      { Name: 'AppPrincipalId', NewValue: `["${appId}"]`, OldValue: '[]' },
      { Name: 'DisplayName', NewValue: `["${appName}"]`, OldValue: '[]' },
    ],
    Target: appTarget,
  });
  const grantId = random.hex(43);
  const scopeText = scopes.join(' ');
  aadRecord(consentAt + 1, 'Add delegated permission grant.', victim, firstIp, {
    ModifiedProperties: [{ Name: 'DelegatedPermissionGrant.Scope', NewValue: ` ${scopeText}`, OldValue: '' }],
    Target: [{ ID: '00000003-0000-0000-c000-000000000000', Type: 2 }, ...appTarget.slice(2)],
  });
  aadRecord(consentAt + 1, 'Consent to application.', victim, firstIp, {
    ModifiedProperties: [
      { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
      { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'False', OldValue: '' },
      { Name: 'ConsentContext.Tags', NewValue: 'WindowsAzureActiveDirectoryIntegratedApp', OldValue: '' },
      {
        Name: 'ConsentAction.Permissions',
        NewValue: `[] => [[Id: ${grantId}, ClientId: ${appServicePrincipalId}, PrincipalId: ${userIds.get(victim.upn)}, ResourceId: ${uuid()}, ConsentType: Principal, Scope:  ${scopeText}, CreatedDateTime: , LastModifiedDateTime ]]; `,
        OldValue: '',
      },
      { Name: 'TargetId.ServicePrincipalNames', NewValue: appId, OldValue: '' },
    ],
    Target: appTarget,
  });

  // --- Later visits from the second far place: the invoice is read, and the rule now forwards.
  const secondVisits = [
    localMoment(invoiceDay, random.int(13, 17), random.int(0, 59), random.int(0, 59)),
    localMoment(invoiceDay + 1, random.int(6, 9), random.int(0, 59), random.int(0, 59)),
    localMoment(fraudDay - 1, random.int(10, 18), random.int(0, 59), random.int(0, 59)),
  ];
  let forwardSetAt = 0;
  secondVisits.forEach((visitAt, index) => {
    signIn({
      time: visitAt,
      person: victim,
      ip: secondIp,
      location: secondPlace,
      app: 'officeHome',
      agent: attackerBrowser.agent,
      device: { browser: attackerBrowser.browser, os: attackerBrowser.os },
      additionalDetails: 'MFA requirement satisfied by claim in the token',
      mfa: 'Previously satisfied',
    });
    const session = `attacker-2-${index}`;
    let at = visitAt + random.int(60, 200);
    if (index === 0) {
      attackerReads.push({ time: at, message: invoice, ip: secondIp });
      readMail(at, victim, secondIp, invoice, 'owa', session);
      at += random.int(40, 120);
    }
    const recent = messages.filter(
      (message) => message.time < visitAt && message.time > visitAt - 3 * DAY && message !== invoice,
    );
    for (const message of random.shuffle(recent).slice(0, random.int(1, 3))) {
      attackerReads.push({ time: at, message, ip: secondIp });
      readMail(at, victim, secondIp, message, 'owa', session);
      at += random.int(30, 150);
    }
    if (index === 1) {
      forwardSetAt = at + random.int(60, 300);
      exchangeRecord(forwardSetAt, 'Set-InboxRule', victim, secondIp, {
        AppId: APP_IDS.officeHome,
        ClientAppId: '',
        ExternalAccess: false,
        ObjectId: `${DOMAIN}/accounts\\${ruleName}`,
        OrganizationName: DOMAIN,
        Parameters: [
          { Name: 'Mailbox', Value: SHARED },
          { Name: 'Identity', Value: ruleName },
          { Name: 'ForwardTo', Value: forwardTo },
        ],
        SessionId: sessionOf(session),
      });
    }
  });
  if (invoiceAt + 600 > secondVisits[0]!) throw new Error('the second visit must follow the invoice');

  // --- The application reads the mailbox every working day until its grant is removed.
  for (let day = compromiseDay + 1; day <= lastDay; day++) {
    for (const hour of [random.int(0, 5), random.int(12, 16)]) {
      const at = localMoment(day, hour, random.int(0, 59), random.int(0, 59));
      if (at > grantRemovedAt) continue;
      signIn({
        time: at,
        person: victim,
        ip: appIp,
        location: appPlace,
        app: 'thirdParty',
        agent: 'python-requests/2.31.0',
        device: { browser: 'Python Requests 2.31', os: '' },
        interactive: false,
        additionalDetails: 'MFA requirement satisfied by claim in the token',
        mfa: 'Previously satisfied',
      });
      // It syncs what arrived since the day before, and now and then fetches the invoice again.
      const fresh = messages.filter(
        (message) => message.time < at && message.time > at - DAY && message.folder !== '\\Sent Items',
      );
      const chosen = [...fresh.filter(() => random.chance(0.7)), ...(random.chance(0.3) ? [invoice] : [])].filter(
        (message) => message.time < at,
      );
      let readAt = at + random.int(2, 20);
      for (const message of chosen) {
        attackerReads.push({ time: readAt, message, ip: appIp });
        readMail(readAt, victim, appIp, message, 'rest', `app-${day}-${hour}`);
        readAt += random.int(1, 6);
      }
    }
  }

  // --- The colleague's own, harmless rule (a decoy for the rule tasks).
  const decoyRuleAt = localMoment(nextWeekday(firstDay + 1), 11, random.int(0, 59), random.int(0, 59));
  exchangeRecord(decoyRuleAt, 'New-InboxRule', OTHERS[1]!, officeIp, {
    AppId: APP_IDS.outlookDesktop,
    ClientAppId: '',
    ExternalAccess: false,
    ObjectId: `${DOMAIN}/grace.quinn\\Newsletters`,
    OrganizationName: DOMAIN,
    Parameters: [
      { Name: 'Name', Value: 'Newsletters' },
      { Name: 'From', Value: 'newsletter@procurement-weekly.example' },
      { Name: 'MoveToFolder', Value: 'Newsletters' },
    ],
    SessionId: uuid(),
  });

  // --- Harbourline's response: the password reset, the rule removed, the grant removed the next day.
  signIn({
    time: resetAt - random.int(300, 900),
    person: ADMIN,
    ip: adminIp,
    location: EASTPORT,
    app: 'officeHome',
    agent: EDGE_AGENT,
    device: { browser: 'Edge 123.0.2420', os: 'Windows10' },
    mfa: 'Mobile app notification',
  });
  aadRecord(resetAt, 'Reset user password.', ADMIN, adminIp, {
    ModifiedProperties: [],
    Target: [
      { ID: `User_${userIds.get(victim.upn)}`, Type: 2 },
      { ID: victim.upn, Type: 5 },
    ],
  });
  const ruleRemovedAt = resetAt + random.int(600, 1800);
  exchangeRecord(ruleRemovedAt, 'Remove-InboxRule', ADMIN, adminIp, {
    AppId: '',
    ClientAppId: '',
    ExternalAccess: false,
    ObjectId: `${DOMAIN}/accounts\\${ruleName}`,
    OrganizationName: DOMAIN,
    Parameters: [
      { Name: 'Identity', Value: `${SHARED}\\${ruleName}` },
      { Name: 'Confirm', Value: 'False' },
    ],
    SessionId: uuid(),
  });
  signIn({
    time: grantRemovedAt - random.int(300, 900),
    person: ADMIN,
    ip: adminIp,
    location: EASTPORT,
    app: 'officeHome',
    agent: EDGE_AGENT,
    device: { browser: 'Edge 123.0.2420', os: 'Windows10' },
    mfa: 'Mobile app notification',
  });
  aadRecord(grantRemovedAt, 'Remove delegated permission grant.', ADMIN, adminIp, {
    ModifiedProperties: [{ Name: 'DelegatedPermissionGrant.Scope', NewValue: '', OldValue: ` ${scopeText}` }],
    Target: [{ ID: '00000003-0000-0000-c000-000000000000', Type: 2 }, ...appTarget.slice(2)],
  });

  // --- The files.
  signIns.sort((a, b) => a.time - b.time);
  audits.sort((a, b) => a.time - b.time);
  const signInLog = `${signIns.map((entry) => JSON.stringify(entry.record)).join('\n')}\n`;
  const auditLog = `${audits.map((entry) => JSON.stringify(entry.record)).join('\n')}\n`;

  const traceRows: string[][] = [];
  for (const message of messages) {
    const outgoing = message.sender === SHARED;
    traceRows.push([
      isoZ(message.time),
      message.sender,
      message.recipient,
      message.subject,
      'Delivered',
      '',
      outgoing ? exchangeOutIp : message.fromIp,
      String(message.size),
      message.id,
      uuid(),
    ]);
  }
  const forwardCopies: Message[] = [];
  for (const message of forwarded) {
    if (message.time < forwardSetAt) continue;
    const copy: Message = {
      id: uuidMessageId(`${DOMAIN}`),
      time: message.time + random.int(2, 9),
      sender: SHARED,
      recipient: forwardTo,
      subject: `FW: ${message.subject}`,
      size: message.size + random.int(800, 2000),
      folder: '',
      fromIp: exchangeOutIp,
      toIp: '',
    };
    forwardCopies.push(copy);
    traceRows.push([
      isoZ(copy.time),
      copy.sender,
      copy.recipient,
      copy.subject,
      'Delivered',
      '',
      exchangeOutIp,
      String(copy.size),
      copy.id,
      uuid(),
    ]);
  }
  traceRows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const trace = `${[
    [
      'Received',
      'SenderAddress',
      'RecipientAddress',
      'Subject',
      'Status',
      'ToIP',
      'FromIP',
      'Size',
      'MessageId',
      'MessageTraceId',
    ],
    ...traceRows,
  ]
    .map((row) => row.map(csvField).join(','))
    .join('\n')}\n`;

  // --- DC Haddad's note of what FR-2024-318 established about the fraudulent message.
  const fraudMessageId = uuidMessageId(lookalike);
  const caseNote = `REGIONAL CYBERCRIME UNIT - FRAUD TEAM
Case FR-2024-318 (invoice redirection fraud against the Ministry of Infrastructure)
Note for the file, by DC Amira Haddad

Subject: facts of FR-2024-318 that the analysis of Northwind's tenant must be tied to

1. Northwind's genuine invoice ${invoiceNumber} (purchase order ${purchaseOrder}) left Northwind's
   shared mailbox ${SHARED} for ${CLERK} on ${longDate(invoiceAt)}.
   Its Message-ID, as stored in the ministry's copy (exhibit AH/1):
     ${invoice.id}

2. The fraudulent "change of bank details" message (exhibit AH/2), as received by the ministry:
     Date: ${rfc5322(fraudAt - random.int(5, 40))}
     From: Northwind Office Supplies - Accounts <accounts@${lookalike}>
     Reply-To: Daniel Marsh <${forwardTo}>
     To: ${CLERK}
     Subject: Change of bank details / Invoice ${invoiceNumber}
     Message-ID: ${fraudMessageId}
     In-Reply-To: ${invoice.id}
   The ministry's gateway accepted it at ${isoZ(fraudAt).replace('T', ' ').replace('Z', ' UTC')}.
   It came from a look-alike domain, not from Northwind's tenant: Northwind's own systems did not
   send it. Its In-Reply-To quotes the genuine invoice, and it knew the amount and the order number.

3. The ministry paid the invoice into the new account in its regular payment run and sent
   Northwind a remittance advice for it, as it does for every payment. Northwind says it never
   saw that remittance advice.

4. Question for the analysis: was a Northwind account taken over, by whom (which addresses), since
   when and until when, what did the intruder read, and is there anything in Northwind's records
   that ties the intruder to the fraudulent message?
`;

  const statementFiles = [
    ['signin-log.jsonl', signInLog],
    ['unified-audit-log.jsonl', auditLog],
    ['message-trace.csv', trace],
  ] as const;
  const exportedAt = localMoment(lastDay, 10, 15, 0);
  const statement = `WITNESS STATEMENT

Name:        Tamsin Hale
Occupation:  Senior engineer, Harbourline IT Services Ltd (managed IT provider of Northwind Office Supplies Ltd)
Date:        ${longDate(exportedAt)}

1. Harbourline has administered Northwind's cloud tenant (mail, directory, files; tenant id
   ${tenantId}) since 2021. Northwind's mailboxes are in the tenant. The shared mailbox
   ${SHARED} is opened by the finance staff with their own accounts (full access);
   mail leaves the tenant through our hybrid server NW-EX01, which is why Northwind's Message-IDs
   name it.

2. On ${longDate(resetAt)}, after Northwind's credit controller was told by the ministry about
   the fraud, I reset the password of ${victim.upn} and removed an inbox rule on ${SHARED}
   that I did not recognise. The next day I found and removed the delegated permission grant of an
   application the account had consented to. My own actions are in the audit log under the
   administrator account ${ADMIN.upn}, from Harbourline's office address ${adminIp}.

3. On ${longDate(exportedAt)} I exported, with the administrator account and read-only queries:
   a. the directory's sign-in log, interactive and non-interactive sign-ins, ${longDate(localMoment(firstDay, 12))}
      to ${longDate(localMoment(lastDay, 12))}. The tenant keeps sign-ins for 30 days only, so Harbourline
      sends a copy of every sign-in to its log workspace, where they are kept for a year; I queried the
      workspace and wrote one sign-in per line, with the fields the directory's interface gives
      (file signin-log.jsonl);
   b. the unified audit log for the same days, every operation, through the audit search. The search
      returns each record with its audit data as JSON; I wrote the audit data of each record on one
      line (file unified-audit-log.jsonl);
   c. the message trace of ${SHARED} for the same days (file message-trace.csv).
   All times in the three files are UTC. The audit log writes its CreationTime without a zone
   letter; it is UTC all the same. The locations in the sign-in log are the provider's estimate from
   the address, not a measurement. Northwind's office uses the address ${officeIp} for all staff;
   the Eastport and Millbrook addresses in 192.0.2.0/24 are staff homes and phones.

4. These files are copies made for the police. The records themselves remain where they were: the
   audit records in the tenant for 180 days under Northwind's licence, the sign-ins in Harbourline's
   workspace for a year. On the day of the export I placed no hold on them. I have changed nothing in
   the files.

5. SHA-256 of each file as exported:
${statementFiles.map(([name, content]) => `     ${createHash('sha256').update(content).digest('hex')}  ${name}`).join('\n')}

I believe the facts in this statement are true.
Tamsin Hale
`;

  // --- The answers, derived from what was written.
  const firstRead = attackerReads
    .filter((read) => read.message === invoice)
    .reduce((min, read) => Math.min(min, read.time), Infinity);
  const lastAttackerAt = Math.max(
    ...audits.filter((entry) => attackerIps.includes(String(entry.record.ClientIP))).map((entry) => entry.time),
    ...signIns.filter((entry) => attackerIps.includes(String(entry.record.ipAddress))).map((entry) => entry.time),
  );
  const distinctRead = new Set(attackerReads.map((read) => read.message.id)).size;
  const victimReadsAll = new Set(
    audits
      .filter((entry) => entry.record.Operation === 'MailItemsAccessed' && entry.record.UserId === victim.upn)
      .map((entry) => JSON.stringify(entry.record.Folders)),
  ).size;
  if (victimReadsAll === distinctRead || attackerReads.length === distinctRead) {
    throw new Error('the decoy counts must differ from the answer');
  }

  return {
    files: {
      'evidence/signin-log.jsonl': signInLog,
      'evidence/unified-audit-log.jsonl': auditLog,
      'evidence/message-trace.csv': trace,
      'evidence/case-note.txt': caseNote,
      'evidence/it-statement.txt': statement,
    },
    values: {
      victim_upn: victim.upn,
      victim_name: victim.name,
      office_ip: officeIp,
      first_success_time: isoZ(firstSuccessAt),
      first_failure_time: isoZ(firstFailureAt),
      office_signin_time: isoZ(victimOfficeAt),
      first_ip: firstIp,
      first_place: `${firstPlace.city}, ${firstPlace.countryOrRegion}`,
      attacker_ips: attackerIps,
      spray_ip: sprayIp,
      fair_ip: fairIp,
      admin_ip: adminIp,
      rule_name: ruleName,
      rule_actions: ['rss', 'forward', ...(markAsRead ? ['read'] : []), ...(stopProcessing ? ['stop'] : [])],
      forward_to: forwardTo,
      forward_set_time: isoZ(forwardSetAt),
      forwarded_count: forwardCopies.length,
      app_name: appName,
      app_id: appId,
      app_scopes: scopes,
      app_scopes_short: scopes.filter((scope) => scope !== 'offline_access'),
      invoice_message_id: invoice.id,
      invoice_first_read_time: isoZ(firstRead),
      victim_invoice_read_time: isoZ(victimInvoiceReadAt),
      invoice_sent_time: isoZ(invoiceAt),
      read_count: distinctRead,
      read_records: attackerReads.length,
      victim_read_count: victimReadsAll,
      last_attacker_time: isoZ(lastAttackerAt),
      reset_time: isoZ(resetAt),
      grant_removed_time: isoZ(grantRemovedAt),
      fraud_received_time: isoZ(fraudAt),
    },
  };
};

export default generate;
