import type { SeededRandom } from '../../server/labs/random.ts';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Procedural powers and safeguards".
 *
 * The trainee reviews the measures file of an extortion case in the (fictional) Republic of
 * Examplia: a stolen patient database of the Merrowgate Clinic and ransom demands sent from a
 * webmail account. From the seed it writes:
 *  - evidence/ccp-extract.md: the extract of the Code of Criminal Procedure (Arts. 159 to 167) and of
 *    the Criminal Code's penalties that the file relies on. The same for every trainee;
 *  - evidence/measures-file.md: the investigation summary, the executed order P-1 (the subscriber
 *    behind an address and source port at a moment) with the provider's answer, and six draft
 *    applications (subscriber data, stored traffic and location data, stored content, real-time
 *    traffic data, interception of content, search and seizure) in a per-seed order. Four drafts
 *    carry one defect each, drawn per seed from: the wrong issuing authority, data of a category the
 *    provision does not cover, a period wider than the facts, no (lawful) duration, no reasoning on
 *    necessity and proportionality, offences below the provision's threshold. The data items of the
 *    schedules are numbered D1 to D11 through the file;
 *  - evidence/velnet-nat-extract.csv: the carrier-grade NAT port-block allocations of the public
 *    address in order P-1, in UTC. The provider read the order's local time as UTC and named the
 *    customer who held the port an hour later; the right customer is found from the extract.
 *
 * Examplia keeps Central European Time; every date is before the change to summer time (29 March
 * 2026), so local time is UTC+01:00 throughout. Only context.random is used.
 */

type Measure = 'subscriber' | 'traffic' | 'content' | 'realtime' | 'interception' | 'search';
type Defect =
  | 'none'
  | 'wrong-authority'
  | 'wrong-category'
  | 'overbroad-period'
  | 'missing-duration'
  | 'no-proportionality'
  | 'threshold-not-met';
type Category = 'subscriber' | 'traffic' | 'content';
type Basis = 'art18-1-a' | 'art18-1-b' | 'art19' | 'art20' | 'art21';

const MEASURES: readonly Measure[] = ['subscriber', 'traffic', 'content', 'realtime', 'interception', 'search'];

/** The defects each kind of draft can plausibly carry. */
const COMPATIBLE: Record<Measure, readonly Defect[]> = {
  subscriber: ['wrong-category'],
  traffic: ['overbroad-period', 'wrong-authority', 'wrong-category'],
  content: ['wrong-authority', 'no-proportionality'],
  realtime: ['missing-duration', 'wrong-category', 'threshold-not-met', 'no-proportionality'],
  interception: ['missing-duration', 'no-proportionality', 'threshold-not-met', 'wrong-authority'],
  search: ['no-proportionality', 'wrong-authority'],
};

const TITLES: Record<Measure, string> = {
  subscriber: 'Production of subscriber data (Postwing Mail)',
  traffic: 'Production of stored traffic and location data (Corvid Mobile)',
  content: 'Production of stored content data (Postwing Mail)',
  realtime: 'Real-time collection of traffic data (Corvid Mobile)',
  interception: 'Interception of content data (Postwing Mail)',
  search: 'Search of premises and seizure of computer data',
};

const CCP_ARTICLE: Record<Measure, string> = {
  subscriber: '161',
  traffic: '162',
  content: '163',
  search: '164',
  realtime: '165',
  interception: '166',
};

const BASIS: Record<Measure, Basis> = {
  subscriber: 'art18-1-b',
  traffic: 'art18-1-a',
  content: 'art18-1-a',
  search: 'art19',
  realtime: 'art20',
  interception: 'art21',
};

const DEFECT_TEXT: Record<Defect, string> = {
  none: 'no defect: it can be issued as drafted',
  'wrong-authority':
    'it is drafted as the public prosecutor’s own order, but only the investigating judge may order it',
  'wrong-category': 'its schedule asks for data of a category the provision invoked does not cover',
  'overbroad-period': 'the period it covers reaches far beyond the conduct under investigation',
  'missing-duration': 'it sets no lawful duration for a continuing measure',
  'no-proportionality': 'it gives no reasons on necessity and proportionality, only a formula',
  'threshold-not-met': 'the offences it relies on do not reach the penalty threshold of the provision invoked',
};

// ---------------------------------------------------------------------------------------------
// Calendar: seconds from 2026-01-01 00:00 UTC. Local time (CET) is UTC+01:00 for every date used.

const two = (value: number): string => String(value).padStart(2, '0');
const MONTHS = [
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
const EPOCH = Date.UTC(2026, 0, 1);
const DAY = 86_400;
const HOUR = 3_600;
const LOCAL_OFFSET = HOUR;

const dateOf = (seconds: number): Date => new Date(EPOCH + seconds * 1000);
/** "14 February 2026" for a day number (days from 1 January 2026). */
const longDay = (day: number): string => {
  const date = dateOf(day * DAY);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};
/** "2026-02-14 08:14:02" in UTC. */
const utcStamp = (seconds: number): string => {
  const date = dateOf(seconds);
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
};
const isoUtc = (seconds: number): string => `${utcStamp(seconds).replace(' ', 'T')}Z`;
const clock = (seconds: number): string => utcStamp(seconds).slice(11);

// ---------------------------------------------------------------------------------------------
// People, places and data items (all fictional).

const SUSPECTS = [
  { name: 'Lucan MAREVSKI', street: '27 Tillery Row' },
  { name: 'Tomas HALVERIK', street: '9 Saltmarsh Walk' },
  { name: 'Pavel OSTRANI', street: '41 Cooper’s Yard' },
  { name: 'Nils VARDEMAN', street: '3 Lanternhill Court' },
  { name: 'Ilja KORVENSKI', street: '118 Brackwater Road' },
  { name: 'Marek SOLDANE', street: '6 Gullstone Terrace' },
];
const PROSECUTORS = ['Alma Reszka', 'Jonas Feldtmann', 'Irene Vasquel', 'Odile Brannagh', 'Kasimir Toll'];
const WRONG_CUSTOMERS = [
  { name: 'Hedda Lindqvar', street: '15 Orchard Steps' },
  { name: 'Bertil Ansgaro', street: '72 Ferrymans Lane' },
  { name: 'Rosalind Kettering', street: '4 Weir Close' },
  { name: 'Samir Dounel', street: '30 Chandlers Rise' },
];
const ACCOUNT_NAMES = ['quiet.ledger', 'data.returns', 'grey.heron', 'mercy.files', 'silent.archive', 'north.receipts'];

interface Item {
  text: string;
  category: Category;
}
const SUBSCRIBER_ITEMS: readonly Item[] = [
  { text: 'Name, postal address and date of birth given when the account was opened', category: 'subscriber' },
  {
    text: 'Telephone number and alternative e-mail address registered for recovering the account',
    category: 'subscriber',
  },
  {
    text: 'Date the account was opened, its service plan and the payment details held for the plan',
    category: 'subscriber',
  },
];
const SUBSCRIBER_WRONG: readonly Item[] = [
  { text: 'IP address, date and time of every log-in to the account since it was opened', category: 'traffic' },
  { text: 'Messages saved in the Drafts folder of the account', category: 'content' },
];
const PHONE_TRAFFIC: readonly Item[] = [
  {
    text: 'Date, time, duration and the calling and called numbers of every call made or received',
    category: 'traffic',
  },
  {
    text: 'Identity and location of the cell serving the handset at the start and end of each call and data session',
    category: 'traffic',
  },
  {
    text: 'Start, end and data volume of each mobile data session, with the IP address assigned to it',
    category: 'traffic',
  },
];
const PHONE_TRAFFIC_WRONG: Item = { text: 'Text of the SMS messages sent and received', category: 'content' };
const MAIL_CONTENT: readonly Item[] = [
  { text: 'Bodies and attachments of the messages in the Sent folder', category: 'content' },
  { text: 'Subject lines of the messages sent from the account', category: 'content' },
  {
    text: 'Sender and recipient addresses, date, time and size of each message sent (the headers without the subject line)',
    category: 'traffic',
  },
  { text: 'Files stored in the online storage attached to the account', category: 'content' },
];
const REALTIME_TRAFFIC: readonly Item[] = [
  { text: 'Calling and called numbers, time and duration of each call, as the calls take place', category: 'traffic' },
  { text: 'Identity of the cell serving the handset, each time it changes', category: 'traffic' },
  {
    text: 'Host names and IP addresses contacted in the handset’s data sessions, with the time and volume of each connection',
    category: 'traffic',
  },
];
const REALTIME_WRONG: Item = {
  text: 'Full addresses (URLs) of the web pages requested, including their paths and search terms',
  category: 'content',
};
const INTERCEPTION_ITEM: Item = {
  text: 'Content of the messages sent and received by the account, as they are transmitted',
  category: 'content',
};

/** Offences as the drafts cite them, with the maximum penalty in years (Criminal Code extract). */
const STANDARD_OFFENCES = 'Art. 318 CC (extortion); Art. 302(2) CC (illegal access to a health-care system)';
const LOW_OFFENCES_REALTIME = 'Art. 302(1) CC (illegal access); Art. 305(1) CC (data interference)';
const LOW_OFFENCES_INTERCEPTION =
  'Art. 302(2) CC (illegal access to a health-care system); Art. 305(1) CC (data interference)';

// ---------------------------------------------------------------------------------------------

/** Four drafts get four different defects, each one the draft's kind can carry. */
function assignDefects(random: SeededRandom): Record<Measure, Defect> {
  for (;;) {
    const defects = random
      .shuffle(Object.keys(DEFECT_TEXT).filter((defect) => defect !== 'none') as Defect[])
      .slice(0, 4);
    const result = Object.fromEntries(MEASURES.map((measure) => [measure, 'none'])) as Record<Measure, Defect>;
    const free = new Set(MEASURES);
    let placed = true;
    for (const defect of defects) {
      const candidates = random.shuffle([...free].filter((measure) => COMPATIBLE[measure].includes(defect)));
      if (candidates.length === 0) {
        placed = false;
        break;
      }
      result[candidates[0]!] = defect;
      free.delete(candidates[0]!);
    }
    if (placed) return result;
  }
}

const generate: VariantGenerator = ({ random }) => {
  const suspect = random.pick(SUSPECTS);
  const prosecutor = random.pick(PROSECUTORS);
  const wrongCustomer = random.pick(WRONG_CUSTOMERS);
  const account = `${random.pick(ACCOUNT_NAMES)}${random.int(10, 98)}@postwing.example`;
  const phone = `+999 7${random.int(0, 9)} ${random.int(200, 899)} ${two(random.int(10, 99))}${two(random.int(10, 99))}`;
  const caseNumber = `PPO-PV 2026/${random.int(1100, 4899)}`;
  const fiuReport = `FIU-2026-${random.int(100, 999)}`;
  const flat = `${suspect.street}, Port Velmar`;

  // The timeline, in days from 1 January 2026.
  const phishing = random.int(4, 12);
  const intrusion = phishing + random.int(3, 8);
  const registered = intrusion + random.int(1, 5);
  const firstDemand = registered + random.int(1, 4);
  const lastDemand = firstDemand + random.int(6, 12);
  const drafted = lastDemand + random.int(8, 14);
  const p1Day = firstDemand + random.int(1, lastDemand - firstDemand - 1);
  const p1Issued = p1Day + random.int(2, 4);

  const defects = assignDefects(random);
  const order = random.shuffle(MEASURES);
  const applicationOf = (measure: Measure): number => order.indexOf(measure) + 1;

  // The schedules: ten base items, an eleventh either the wrongly categorised one or one more base item.
  const wrongItemOwner = MEASURES.find((measure) => defects[measure] === 'wrong-category');
  const schedules: Record<Measure, Item[]> = {
    subscriber: random.shuffle(SUBSCRIBER_ITEMS).slice(0, 2),
    traffic: random.shuffle(PHONE_TRAFFIC).slice(0, 2),
    content: [],
    realtime: random.shuffle(REALTIME_TRAFFIC).slice(0, 2),
    interception: [INTERCEPTION_ITEM],
    search: [],
  };
  const mailContent = random.shuffle(MAIL_CONTENT);
  // At least one item of the content order is content: the headers alone would be a traffic order.
  const firstContent = mailContent.find((item) => item.category === 'content')!;
  schedules.content = [firstContent, mailContent.find((item) => item !== firstContent)!];
  if (wrongItemOwner) {
    const wrong =
      wrongItemOwner === 'subscriber'
        ? random.pick(SUBSCRIBER_WRONG)
        : wrongItemOwner === 'traffic'
          ? PHONE_TRAFFIC_WRONG
          : REALTIME_WRONG;
    const list = schedules[wrongItemOwner];
    list.splice(random.int(0, list.length), 0, wrong);
  } else {
    const extraOwner = random.pick(['subscriber', 'traffic', 'content', 'realtime'] as const);
    const pool = {
      subscriber: SUBSCRIBER_ITEMS,
      traffic: PHONE_TRAFFIC,
      content: MAIL_CONTENT,
      realtime: REALTIME_TRAFFIC,
    }[extraOwner];
    const extra = pool.find((item) => !schedules[extraOwner].includes(item))!;
    schedules[extraOwner].push(extra);
  }

  // Order P-1 and the carrier-grade NAT extract.
  const publicIp = `203.0.113.${random.int(20, 250)}`;
  const block = random.int(6, 118);
  const blockFirst = (index: number): number => 1024 + index * 512;
  const port = blockFirst(block) + random.int(0, 511);
  const momentUtc = p1Day * DAY + random.int(8, 19) * HOUR + random.int(0, 59) * 60 + random.int(0, 59) - LOCAL_OFFSET;
  const momentLocal = momentUtc + LOCAL_OFFSET;
  const misreadUtc = momentUtc + HOUR;

  const usedRefs = new Set<string>();
  const customerRef = (): string => {
    for (;;) {
      const ref = `VB-${random.int(1_000_000, 9_899_999)}`;
      if (!usedRefs.has(ref)) {
        usedRefs.add(ref);
        return ref;
      }
    }
  };
  interface Allocation {
    block: number;
    from: number;
    to: number | undefined;
    customer: string;
  }
  const allocations: Allocation[] = [];
  const minutes = (min: number, max: number): number => random.int(min, max) * 60 + random.int(0, 59);
  const rightCustomer = customerRef();
  const previousCustomer = customerRef();
  const misreadCustomer = customerRef();
  const rightFrom = momentUtc - minutes(3, 30);
  const rightTo = momentUtc + minutes(4, 35);
  const previousTo = rightFrom - minutes(1, 6);
  allocations.push(
    { block, from: previousTo - minutes(25, 70), to: previousTo, customer: previousCustomer },
    { block, from: rightFrom, to: rightTo, customer: rightCustomer },
    { block, from: misreadUtc - minutes(4, 14), to: misreadUtc + minutes(8, 40), customer: misreadCustomer },
  );
  const neighbourCustomers: string[] = [];
  for (const neighbour of [block - 1, block + 1]) {
    const customer = customerRef();
    neighbourCustomers.push(customer);
    allocations.push({ block: neighbour, from: momentUtc - minutes(5, 60), to: momentUtc + minutes(5, 60), customer });
  }
  // Velnet extracted whole hours around the moment it searched.
  const windowStart = momentUtc - (momentUtc % HOUR) - 2 * HOUR;
  const windowEnd = windowStart + 5 * HOUR;
  const otherBlocks = random
    .shuffle(Array.from({ length: 126 }, (_, index) => index).filter((index) => Math.abs(index - block) > 1))
    .slice(0, 26);
  for (const other of otherBlocks) {
    let at = windowStart + minutes(0, 50);
    while (at < windowEnd - 10 * 60) {
      const to = at + minutes(8, 75);
      allocations.push({ block: other, from: at, to: to < windowEnd ? to : undefined, customer: customerRef() });
      at = to + minutes(1, 30);
    }
  }
  allocations.sort((a, b) => a.from - b.from || a.block - b.block);
  const natHeader = 'event_id,public_ip,port_first,port_last,allocated_utc,released_utc,customer_ref,nat_gateway';
  const firstEvent = random.int(4_000_000, 8_000_000);
  const natRows = allocations.map((allocation, index) =>
    [
      firstEvent + index * random.int(1, 9),
      publicIp,
      blockFirst(allocation.block),
      blockFirst(allocation.block) + 511,
      utcStamp(allocation.from),
      allocation.to === undefined ? '' : utcStamp(allocation.to),
      allocation.customer,
      'cgn-pv-02',
    ].join(','),
  );
  const natCsv = `${natHeader}\n${natRows.join('\n')}\n`;

  // The D numbers run through the file: P-1 first, then the applications in their order.
  const p1Item: Item = {
    text: `The customer to whom the public IPv4 address ${publicIp} and the source port ${port} were assigned on ${longDay(p1Day)} at ${clock(momentLocal)} CET (UTC+01:00)`,
    category: 'subscriber',
  };
  const numbered: { id: string; item: Item }[] = [{ id: 'D1', item: p1Item }];
  const itemIds = new Map<Item, string>();
  itemIds.set(p1Item, 'D1');
  for (const measure of order)
    for (const item of schedules[measure]) {
      const id = `D${numbered.length + 1}`;
      numbered.push({ id, item });
      itemIds.set(item, id);
    }
  if (numbered.length !== 11) throw new Error(`expected 11 schedule items, made ${numbered.length}`);
  const scheduleLines = (measure: Measure): string =>
    schedules[measure].map((item) => `> - **${itemIds.get(item)}.** ${item.text}.`).join('\n');

  // Periods and durations.
  const conductFrom = phishing;
  const conductTo = lastDemand;
  const trafficFrom =
    defects.traffic === 'overbroad-period' ? random.pick([0, -31, -59]) - 365 : conductFrom - random.int(0, 4);
  const trafficTo = defects.traffic === 'overbroad-period' ? drafted : conductTo + random.int(0, 4);
  const contentFrom = registered;
  const realtimeDays = defects.realtime === 'missing-duration' ? random.pick([0, 90, 120]) : random.pick([30, 45, 60]);
  const interceptionDays =
    defects.interception === 'missing-duration' ? random.pick([0, 60, 90]) : random.pick([14, 21, 30]);
  const durationLine = (days: number, provider: string): string =>
    days === 0
      ? '> Duration: the measure remains in force until further notice.'
      : `> Duration: ${days} days from the day this order is served on ${provider}.`;

  const offencesOf = (measure: Measure): string =>
    defects[measure] === 'threshold-not-met'
      ? measure === 'realtime'
        ? LOW_OFFENCES_REALTIME
        : LOW_OFFENCES_INTERCEPTION
      : STANDARD_OFFENCES;

  const needsJudge = (measure: Measure): boolean => measure !== 'subscriber';
  const draftedForJudge = (measure: Measure): boolean => needsJudge(measure) && defects[measure] !== 'wrong-authority';

  const grounds: Record<Measure, string> = {
    subscriber: `The ransom demands of ${longDay(firstDemand)} to ${longDay(lastDemand)} were sent from the Postwing Mail account \`${account}\`, opened on ${longDay(registered)}. Postwing Mail Ltd is established in Port Velmar and offers its service in the Republic. The holder's identity and the contact details registered for the account are needed to attribute the demands.`,
    traffic: `${suspect.name} is the holder of the exchange account named in the ransom demands as the account for payment (${fiuReport}) and of the Corvid Mobile line ${phone}, registered in his name. The conduct under investigation runs from ${longDay(conductFrom)} (the first phishing message to the clinic’s staff) to ${longDay(conductTo)} (the last ransom demand). The records will show whether the line’s data sessions coincide with the log-ins to the clinic’s remote-access gateway and to the account \`${account}\`, and with whom the suspect was in contact in that period.`,
    content: `The account \`${account}\` was opened on ${longDay(registered)} and used only for the ransom demands, the last on ${longDay(lastDemand)}. The Sent folder holds the demands and, according to the clinic’s negotiator, messages offering the patient records to third parties; their content is needed to prove the demands and any sale of the data.`,
    realtime: `${suspect.name} still uses the Corvid Mobile line ${phone}. A further ransom deadline has been announced. Real-time traffic data of the line will show when and from where the next demands are prepared, so that the search of his home can be timed while the devices are in use.`,
    interception: `The account \`${account}\` still exchanges messages with the clinic’s negotiator. The next messages are expected to give the payment instructions and to name any accomplice or buyer of the patient records.`,
    search: `${suspect.name} lives at ${flat}. The exchange account named for payment in the demands is his (summary, point 4). The search is to find and seize the computers and telephones in his use there, and the data accessible from them, that may hold the patient records, the ransom texts and the exchange account’s credentials.`,
  };

  const reasons: Record<Measure, string> = {
    subscriber: `Subscriber data are the least intrusive data that can identify the holder of the account. The order names one account and asks only for the data the holder gave when opening and keeping it.`,
    traffic: `The offences are serious: extortion carries up to eight years. The order is limited to the suspect’s own line and to the period of the conduct, and to the categories of records that can link the handset to the intrusion and the demands. Less intrusive measures are insufficient: subscriber data cannot show where the handset was or with whom the suspect was in contact. Numbers of third parties will be used only to identify contacts relevant to the offences.`,
    content: `The offences are serious (extortion: up to eight years) and the account was opened for the demands, so its content is almost wholly relevant. Less intrusive measures are insufficient: the traffic data show that messages were sent but not what they demanded or offered. The order is limited to the one account and to the time since it was opened.`,
    realtime: `${defects.realtime === 'threshold-not-met' ? 'The attack on a clinic is serious' : 'Extortion carries up to eight years'} and a new deadline makes the timing of the search urgent. Stored data arrive too late to time the search; less intrusive measures therefore do not serve the purpose. The collection is limited to one line, to traffic data, and to the period stated.`,
    interception: `${defects.interception === 'threshold-not-met' ? 'An attack on a health-care provider’s patient records' : 'Extortion of a health-care provider with patient records'} is a serious offence. Other measures would be unlikely to succeed: stored content, once produced, shows past demands only, while the payment instructions and any accomplice are expected in messages not yet sent; there is no less intrusive way to obtain them in time. The interception is limited to one account used only for the demands, so that no third party’s private correspondence is expected to be captured; messages unrelated to the offences will be destroyed under Art. 167 CCP.`,
    search: `The devices are expected to hold the patient records, the ransom texts and the exchange credentials, which cannot be obtained from providers. The search is limited to the suspect’s home and to the devices in his use there; data will be copied on site where possible instead of seizing devices of other residents, and data accessible from the devices will be secured only where they relate to the offences.`,
  };
  const boilerplate = 'The measure is necessary for the investigation of the offences set out above.';

  const providerOf: Record<Measure, string> = {
    subscriber: 'Postwing Mail Ltd, Port Velmar',
    traffic: 'Corvid Mobile plc, Port Velmar',
    content: 'Postwing Mail Ltd, Port Velmar',
    realtime: 'Corvid Mobile plc, Port Velmar',
    interception: 'Postwing Mail Ltd, Port Velmar',
    search: `the police of Port Velmar (execution at ${flat})`,
  };
  const targetOf: Record<Measure, string> = {
    subscriber: `The account \`${account}\``,
    traffic: `The mobile line ${phone}`,
    content: `The account \`${account}\``,
    realtime: `The mobile line ${phone}`,
    interception: `The account \`${account}\``,
    search: `The flat at ${flat}, and the computers and storage media in ${suspect.name}'s use there`,
  };

  const orderNumber = (index: number): string => `${caseNumber}/M${index}`;
  const applications = order.map((measure, index) => {
    const n = index + 1;
    const judge = draftedForJudge(measure);
    const issuer = judge
      ? 'The Investigating Judge, District Court of Port Velmar (on the application of the Public Prosecutor)'
      : 'The Public Prosecutor, Port Velmar Public Prosecutor’s Office (own order)';
    const orderer = judge
      ? 'The Investigating Judge of the District Court of Port Velmar, on the application of the Public Prosecutor,'
      : 'The Public Prosecutor of the Port Velmar Public Prosecutor’s Office';
    const signer = judge ? 'Investigating Judge' : 'Public Prosecutor';
    const reasoning = defects[measure] === 'no-proportionality' ? boilerplate : reasons[measure];
    const lines: string[] = [
      `### Application ${n}: ${TITLES[measure]}`,
      '',
      '| Field | Entry |',
      '|---|---|',
      `| Prepared by | ${prosecutor}, Deputy Public Prosecutor, ${longDay(drafted)} |`,
      `| Issuing authority (as drafted) | ${issuer} |`,
      `| Provision invoked | Art. ${CCP_ARTICLE[measure]} CCP |`,
      `| Offences relied on | ${offencesOf(measure)} |`,
      `| Target | ${targetOf[measure]} |`,
      '',
      `**Grounds.** ${grounds[measure]}`,
      '',
      `**Necessity and proportionality.** ${reasoning}`,
      '',
      '**Draft order.**',
      '',
      `> **ORDER ${orderNumber(n)}**`,
      '>',
    ];
    if (measure === 'search') {
      lines.push(
        `> ${orderer} authorises the police of Port Velmar to search the flat at ${flat}, to search the computers and storage media in the use of ${suspect.name} found there and the data lawfully accessible from them (Art. 164(3) CCP), and to seize or copy the data relating to the offences named above.`,
        '>',
        '> The warrant must be executed within 14 days of its date.',
      );
    } else if (measure === 'realtime' || measure === 'interception') {
      const provider = providerOf[measure].replace(/, Port Velmar$/u, '');
      lines.push(
        `> ${orderer} orders ${providerOf[measure]} to collect or record in real time, with its technical means, and to transmit to the Cybercrime Unit of the Port Velmar police, the following data of ${targetOf[measure].replace(/^The /u, 'the ')}:`,
        '>',
        scheduleLines(measure),
        '>',
        durationLine(measure === 'realtime' ? realtimeDays : interceptionDays, provider),
      );
    } else {
      const from = measure === 'traffic' ? trafficFrom : measure === 'content' ? contentFrom : undefined;
      const to = measure === 'traffic' ? trafficTo : measure === 'content' ? drafted : undefined;
      lines.push(
        `> ${orderer} orders ${providerOf[measure]} to produce within ten days the following data of ${targetOf[measure].replace(/^The /u, 'the ')}, in its possession or control:`,
        '>',
        scheduleLines(measure),
      );
      if (from !== undefined && to !== undefined)
        lines.push('>', `> Period covered: from ${longDay(from)} to ${longDay(to)}.`);
    }
    if (measure !== 'search')
      lines.push(
        '>',
        '> The provider shall not disclose this order or the data produced to the account holder or the subscriber (Art. 167(3) CCP).',
      );
    lines.push('>', `> Port Velmar, ${'.'.repeat(12)} 2026. Signature: ${'.'.repeat(24)} (${signer})`);
    return lines.join('\n');
  });

  const measuresFile = `# Measures file, case ${caseNumber}

- **Authority:** Port Velmar Public Prosecutor’s Office, Cybercrime Division
- **Suspect:** ${suspect.name}, of ${flat}
- **Offences under investigation:** extortion (Art. 318 CC), illegal access to a health-care system (Art. 302(2) CC), data interference (Art. 305(1) CC)
- **File prepared by:** ${prosecutor}, Deputy Public Prosecutor, ${longDay(drafted)}

All times are local time in Examplia (CET, UTC+01:00) unless marked UTC. "CCP" is the Code of Criminal
Procedure of the Republic of Examplia and "CC" its Criminal Code (extracts in exhibit PP/1).

## Part 1. Summary of the investigation

1. From ${longDay(phishing)}, staff of the Merrowgate Clinic (\`merrowgate-clinic.example\`) received phishing
   messages imitating the clinic’s IT department. On ${longDay(intrusion)} an intruder logged in to the clinic’s
   remote-access gateway with the password of a nurse’s account, copied the patient database (about
   38,000 records) and deleted the backups of the database server.
2. The webmail account \`${account}\` of Postwing Mail was opened on ${longDay(registered)}. From
   ${longDay(firstDemand)} to ${longDay(lastDemand)} it sent the clinic ransom demands: pay 40 BTC or the
   records are published and sold. The clinic has not paid. A further deadline has been announced.
3. Postwing Mail’s submission server recorded the demand of ${longDay(p1Day)} as submitted from the
   public address ${publicIp}, source port ${port}, at ${clock(momentLocal)} CET. The address belongs to Velnet
   Broadband, which shares its public addresses among customers by carrier-grade NAT.
4. The Financial Intelligence Unit (${fiuReport}) reports that the exchange account named in the
   demands for payment is held by ${suspect.name}, who also holds the Corvid Mobile line ${phone}.
5. The link between the suspect and the demands rests so far on the exchange account; the measures
   below are to establish who wrote the demands.

## Part 2. Order P-1 (issued) and Velnet Broadband’s answer

> **ORDER ${caseNumber}/P-1**
>
> The Public Prosecutor of the Port Velmar Public Prosecutor’s Office, under Art. 161 CCP, orders
> Velnet Broadband plc to produce within five days the subscriber data (name, postal address,
> customer reference) of:
>
> - **D1.** ${p1Item.text}.
>
> Port Velmar, ${longDay(p1Issued)}. Signed: ${prosecutor}, Deputy Public Prosecutor.

> **Velnet Broadband plc, Law Enforcement Liaison**, reference LEL-${random.int(20000, 89999)}, ${longDay(p1Issued + 3)}
>
> In answer to order ${caseNumber}/P-1: at ${clock(momentLocal)} on ${longDay(p1Day)} the public address
> ${publicIp} with source port ${port} was assigned to our customer **${misreadCustomer}**:
> ${wrongCustomer.name}, ${wrongCustomer.street}, Port Velmar, customer since 2019.
>
> The allocation records of our NAT gateway cgn-pv-02 for that address from ${clock(windowStart)} to
> ${clock(windowEnd)} UTC on that day are attached (exhibit PP/3). Our systems record time in UTC.

## Part 3. Draft applications for review

The six drafts below were prepared for issue or for filing with the Investigating Judge. The schedule
items continue the numbering of Part 2.

${applications.join('\n\n')}
`;

  const categories = Object.fromEntries(numbered.map(({ id, item }) => [id, item.category]));
  const confusedCategories = Object.fromEntries(
    numbered.map(({ id, item }) => [
      id,
      item.category === 'content' && /subject|URL/u.test(item.text)
        ? 'traffic'
        : item === p1Item
          ? 'traffic'
          : item.category,
    ]),
  );
  const appKey = (measure: Measure): string => `app${applicationOf(measure)}`;
  const basisMap = Object.fromEntries(MEASURES.map((measure) => [appKey(measure), BASIS[measure]]));
  const basisConfused = Object.fromEntries(
    MEASURES.map((measure) => [
      appKey(measure),
      measure === 'subscriber' ? 'art18-1-a' : measure === 'traffic' ? 'art20' : BASIS[measure],
    ]),
  );
  const authorityMap = Object.fromEntries(
    MEASURES.map((measure) => [appKey(measure), needsJudge(measure) ? 'judge' : 'prosecutor']),
  );
  const defectMap = Object.fromEntries(MEASURES.map((measure) => [appKey(measure), defects[measure]]));
  const defectsNoneMap = Object.fromEntries(MEASURES.map((measure) => [appKey(measure), 'none']));

  // The application the written decision is about: a defective one that needs the judge.
  const decision = (['interception', 'realtime', 'content', 'traffic'] as const).find(
    (measure) => defects[measure] !== 'none',
  )!;
  const maxDays = decision === 'realtime' ? 60 : 30;
  // The item a subscriber-data order may not ask for (anything else), or a traffic-data order (content).
  const allowedCategory = (measure: Measure): Category => (measure === 'subscriber' ? 'subscriber' : 'traffic');
  const wrongItem = wrongItemOwner
    ? schedules[wrongItemOwner].find((item) => item.category !== allowedCategory(wrongItemOwner))
    : undefined;
  const remedy: Record<Defect, string> = {
    none: '',
    'wrong-authority': `The draft is written as the prosecutor's own order, but Art. ${CCP_ARTICLE[decision]} CCP reserves it to the investigating judge (for traffic and location data also C-746/18 *Prokuratuur*: prior review by a court or an independent body; the prosecutor directing the investigation is not independent). The judge decides the application on its merits and, if the conditions are met, issues the order as the court's own, with the judge's own reasons.`,
    'wrong-category': `Item ${wrongItem ? itemIds.get(wrongItem) : ''} ("${wrongItem?.text ?? ''}") is ${wrongItem?.category ?? ''} data, which Art. ${CCP_ARTICLE[decision]} CCP does not cover. Grant in part: strike that item; it could be sought only under the provision for that category, with its own conditions (content: Art. 163 or 166 CCP).`,
    'overbroad-period': `The period (${longDay(trafficFrom)} to ${longDay(trafficTo)}) reaches a year before the conduct. Grant in part: limit it to the conduct, about ${longDay(conductFrom)} to ${longDay(conductTo)}, with a short margin if reasoned (Art. 160(2) CCP).`,
    'missing-duration': `The draft sets ${(decision === 'realtime' ? realtimeDays : interceptionDays) === 0 ? 'no end ("until further notice")' : `${decision === 'realtime' ? realtimeDays : interceptionDays} days`}; Art. ${CCP_ARTICLE[decision]}(4) CCP allows at most ${maxDays} days per order, renewable only by a new reasoned order. Grant only for a fixed period of at most ${maxDays} days (or refuse as drafted).`,
    'no-proportionality': `The application gives only a formula. Art. 160 CCP (and Art. 15 of the Convention) require reasons: gravity, expected value, why less intrusive measures are insufficient${decision === 'interception' ? ' (subsidiarity, Art. 166(1)(c))' : ''}, and the limits of scope and duration. Refuse or return for reasons; a judge may grant only if the file itself supports each point and the decision states it.`,
    'threshold-not-met': `The offences relied on carry at most ${decision === 'realtime' ? 'three' : 'five'} years; Art. ${CCP_ARTICLE[decision]}(1) CCP requires ${decision === 'realtime' ? 'at least five' : 'at least six'} years at their maximum. Refuse as drafted; the facts may support extortion (Art. 318 CC, up to eight years), but the prosecutor must apply again relying on it.`,
  };

  const files = {
    'evidence/ccp-extract.md': CCP_EXTRACT,
    'evidence/measures-file.md': measuresFile,
    'evidence/velnet-nat-extract.csv': natCsv,
  };

  return {
    files,
    values: {
      case_number: caseNumber,
      suspect_name: suspect.name,
      item_categories: categories,
      item_categories_confused: confusedCategories,
      item_categories_text: numbered.map(({ id, item }) => `- **${id}**: ${item.category}`).join('\n'),
      legal_bases: basisMap,
      legal_bases_confused: basisConfused,
      legal_bases_text: MEASURES.map(
        (measure) =>
          `- Application ${applicationOf(measure)} (${TITLES[measure].toLowerCase()}): ${BASIS_TEXT[BASIS[measure]]}`,
      ).join('\n'),
      authorities: authorityMap,
      authorities_all_judge: Object.fromEntries(MEASURES.map((measure) => [appKey(measure), 'judge'])),
      authorities_text: MEASURES.map(
        (measure) =>
          `- Application ${applicationOf(measure)} (Art. ${CCP_ARTICLE[measure]} CCP): ${needsJudge(measure) ? 'the investigating judge' : 'the public prosecutor'}`,
      ).join('\n'),
      defects: defectMap,
      defects_none: defectsNoneMap,
      defects_text: MEASURES.map(
        (measure) => `- Application ${applicationOf(measure)}: ${DEFECT_TEXT[defects[measure]]}.`,
      ).join('\n'),
      moment_utc: isoUtc(momentUtc),
      moment_local_text: `${utcStamp(momentLocal)} +01:00`,
      moment_misread_utc: isoUtc(momentLocal),
      nat_public_ip: publicIp,
      nat_port: String(port),
      nat_customer: rightCustomer,
      nat_customer_digits: rightCustomer.slice(3),
      nat_customer_misread: misreadCustomer,
      nat_customer_previous: previousCustomer,
      nat_customer_neighbour: neighbourCustomers[0]!,
      nat_block: `${blockFirst(block)}-${blockFirst(block) + 511}`,
      nat_right_window: `${utcStamp(rightFrom)} to ${utcStamp(rightTo)} UTC`,
      decision_application: `Application ${applicationOf(decision)}`,
      decision_measure: TITLES[decision],
      decision_defect: DEFECT_TEXT[defects[decision]],
      decision_remedy: remedy[defects[decision]],
    },
  };
};

const BASIS_TEXT: Record<Basis, string> = {
  'art18-1-a': 'Art. 18(1)(a), production order for specified stored computer data',
  'art18-1-b': 'Art. 18(1)(b), production order for subscriber information',
  art19: 'Art. 19, search and seizure of stored computer data',
  art20: 'Art. 20, real-time collection of traffic data',
  art21: 'Art. 21, interception of content data',
};

const CCP_EXTRACT = `# Exhibit PP/1: extracts of the Code of Criminal Procedure (CCP) and of the Criminal Code (CC) of the Republic of Examplia

*Consolidated text as in force on 1 January 2026. Unofficial extract prepared by the Port Velmar
Public Prosecutor’s Office for the measures file.*

## Code of Criminal Procedure, Book II, Title 7: Computer data

### Art. 159. Definitions

(1) In this Title:

a. **subscriber data** are data held by a service provider, other than traffic or content data, by
   which the type of communication service used, the subscriber’s identity, postal or geographic
   address, telephone and other access number, and billing and payment information available on the
   basis of the service agreement can be established;

b. **traffic data** are data relating to a communication by means of a computer system, generated by
   a computer system that formed a part in the chain of communication, indicating the
   communication’s origin, destination, route, time, date, size, duration or type of underlying
   service; **location data** (the cell or position of a terminal) are traffic data;

c. **content data** are data that convey the substance or meaning of a communication, or data
   stored by a user that are not traffic or subscriber data.

(2) Data requested for the sole purpose of identifying the subscriber to whom an IP address, with the
source port and the moment of use where the address is shared, was assigned are requested as
subscriber data.

(3) The subject line of an electronic message is content data. Of a web address (URL), the host
name is traffic data; the path, the query and the fragment are content data.

### Art. 160. Conditions and safeguards common to this Title

(1) A measure under this Title may be ordered only where it is necessary for the investigation of a
criminal offence and proportionate to its gravity and to the interference with the private life of
the persons affected.

(2) The order is given in writing and states the reasons for it: the facts and the offences on which
it rests, why the data are expected to be relevant, why less intrusive measures are insufficient, and
why its scope is limited to what is necessary. It names the person, account or line concerned, the
categories of data, the period the data relate to and, for a continuing measure, its duration.

(3) An order that requires the prior authorisation of the investigating judge is given by the
investigating judge on the reasoned written application of the public prosecutor.

### Art. 161. Subscriber data

(1) The public prosecutor may order a service provider offering its services in the territory of the
Republic to produce subscriber data in its possession or control, in the investigation of any
criminal offence.

(2) An order under this Article may not require traffic or content data.

### Art. 162. Stored traffic and location data

(1) On the application of the public prosecutor, the investigating judge may order a person or a
service provider in the territory of the Republic to produce stored traffic and location data in its
possession or control, in the investigation of an offence punishable by a maximum term of imprisonment
of at least three years or of an offence under Articles 302 to 306 CC.

(2) An order under this Article may not require content data.

(3) Where a delay would seriously endanger life or the investigation, the public prosecutor may give
the order; it lapses unless the investigating judge confirms it within 72 hours, and data obtained
under an order that lapses are destroyed.

### Art. 163. Stored content data

(1) On the application of the public prosecutor, the investigating judge may order a person or a
service provider in the territory of the Republic to produce stored content data, together with the
traffic data of the same communications, in the investigation of an offence punishable by a maximum
term of imprisonment of at least three years.

### Art. 164. Search of computer systems and seizure of computer data

(1) On the application of the public prosecutor, the investigating judge may authorise the search of
premises, of a computer system or part of it, and of computer-data storage media, and the seizure of
computer data found.

(2) Seizure includes seizing a computer system or storage medium, making and keeping a copy of the
data, maintaining their integrity, and rendering them inaccessible or removing them.

(3) Where there are grounds to believe that data sought are stored in another computer system in the
territory of the Republic, lawfully accessible from or available to the system searched, the search
may be extended to it without delay.

(4) The warrant must be executed within 14 days of its date.

### Art. 165. Real-time collection of traffic data

(1) On the application of the public prosecutor, the investigating judge may order a service provider
to collect or record in real time, or to assist in collecting or recording, the traffic data of
specified communications transmitted by means of a computer system in the territory of the Republic,
in the investigation of an offence punishable by a maximum term of imprisonment of at least five
years.

(2) An order under this Article may not require content data.

(3) The order names the line, account or identifier concerned and the categories of traffic data.

(4) The order is given for a period of at most 60 days. It may be renewed for further periods of at
most 60 days by a new reasoned order.

### Art. 166. Interception of content data

(1) On the application of the public prosecutor, the investigating judge may order a service provider
to collect or record in real time, or to assist in collecting or recording, the content data of
specified communications, and the traffic data of the same communications, where

a. there are specific facts giving rise to the suspicion that an offence punishable by a maximum
   term of imprisonment of at least six years has been committed;

b. the communications are those of a person suspected of it, or of a line or account used to
   commit it; and

c. other measures have failed or would be unlikely to succeed, or would be too dangerous.

(2) The order names the person, line or account concerned.

(3) Communications with the suspect’s lawyer, and those that concern only the core of private life,
may not be recorded; if recorded, they are destroyed at once.

(4) The order is given for a period of at most 30 days. It may be renewed for further periods of at
most 30 days by a new reasoned order, up to six months in total.

### Art. 167. Secrecy, notification and destruction

(1) Data obtained under Articles 161 to 166 that are not relevant to the investigation are destroyed
within three months of the end of the measure.

(2) The persons concerned by a measure under Articles 162, 163, 165 or 166 are notified of it as soon as
this no longer endangers the investigation.

(3) The order may require the service provider to keep the order and the measure confidential.

## Criminal Code: offences and maximum penalties

| Article | Offence | Maximum term of imprisonment |
|---|---|---|
| 240 | Threats | 2 years |
| 302(1) | Illegal access to a computer system | 3 years |
| 302(2) | Illegal access to a computer system of a health-care provider, an essential service or a public authority | 5 years |
| 303 | Illegal interception | 3 years |
| 305(1) | Data interference | 3 years |
| 306 | Misuse of devices | 2 years |
| 309 | Computer-related fraud | 6 years |
| 318 | Extortion | 8 years (at least 1 year) |
| 401 | Money laundering | 8 years |
`;

export default generate;
