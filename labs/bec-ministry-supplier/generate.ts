import { createHash } from 'node:crypto';
import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Business e-mail compromise at a ministry supplier".
 *
 * From the seed it writes what the ministry's mail administrator exported from the accounts
 * payable clerk's mailbox, April to May 2024 (Central European Summer Time, UTC+2):
 *  - 01: Northwind's genuine invoice (passes SPF, DKIM and DMARC; a PDF invoice attached);
 *  - 02: the fraudulent "change of bank details" from a look-alike domain, with a Reply-To on a
 *        third domain, failed authentication, a forged Received line naming Northwind's real
 *        server, and a PDF letter with the new account attached;
 *  - 03: the clerk's reply, saved in her Sent folder, addressed to the Reply-To address;
 *  - 04: the fraudster's follow-up from another server (a decoy for address and time);
 *  - 05: Northwind's genuine reminder that the invoice is unpaid;
 * plus an extract of the mail gateway's log (a few hundred rows of ordinary mail around the
 * fraudulent ones, which also went to other ministry mailboxes, copies of message 02 itself among
 * them, found by its Message-ID) and the administrator's statement.
 * Only context.random is used: the same seed always gives byte-identical files.
 */

const MINISTRY = 'infra-ministry.example';
const NORTHWIND = 'northwind-supplies.example';
const GATEWAY = `mx1.${MINISTRY}`;
const GATEWAY_LAN = '10.20.4.11';
const MAILBOX_SERVER = `mbx02.${MINISTRY}`;
const MAILBOX_LAN = '10.20.4.21';
const CLERK = `petra.okafor@${MINISTRY}`;
const NORTHWIND_ACCOUNTS = `accounts@${NORTHWIND}`;
const NORTHWIND_ORDERS = `orders@${NORTHWIND}`;
const GOODS_RECEIPT = `goods-receipt@${MINISTRY}`;
const GENUINE_BANK = { name: 'Harbourside Commercial Bank', code: 'HCBK', bic: 'HCBKZZ2E' };

/** The ministry's clocks run on Central European Summer Time during the whole lab (April-May 2024). */
const CEST = 120;
const DAY = 86_400;
/** 2024-04-01T00:00:00Z, a Monday. */
const APRIL_1 = Date.UTC(2024, 3, 1) / 1000;

/** Seconds since the Unix epoch. */
type Time = number;

const two = (value: number): string => String(value).padStart(2, '0');
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
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

/** A moment in the ministry's local time: `day` counts days from 1 April 2024 (0 = Monday 1 April). */
const localMoment = (day: number, hour: number, minute = 0, second = 0): Time =>
  APRIL_1 + day * DAY + hour * 3600 + minute * 60 + second - CEST * 60;
const isWeekday = (day: number): boolean => day % 7 < 5;
const nextWeekday = (day: number): number => (isWeekday(day) ? day : nextWeekday(day + 1));

/** The clock fields of a moment as seen at a UTC offset in minutes. */
function fields(time: Time, offsetMinutes: number) {
  const shifted = new Date((time + offsetMinutes * 60) * 1000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hh: two(shifted.getUTCHours()),
    mm: two(shifted.getUTCMinutes()),
    ss: two(shifted.getUTCSeconds()),
  };
}

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** RFC 5322 date: "Tue, 16 Apr 2024 10:14:25 +0200". With `padDay`, the day is space-padded as Postfix writes it ("Tue,  2 Apr"). */
function rfc5322(time: Time, offsetMinutes: number, padDay = false): string {
  const f = fields(time, offsetMinutes);
  const day = padDay ? String(f.day).padStart(2, ' ') : two(f.day);
  return `${WEEKDAYS[f.weekday]}, ${day} ${MONTHS[f.month]} ${f.year} ${f.hh}:${f.mm}:${f.ss} ${offsetText(offsetMinutes)}`;
}

/** What Postfix writes at the end of its Received line: the date and the zone's name in brackets. */
const postfixDate = (time: Time): string => `${rfc5322(time, CEST, true)} (CEST)`;
/** ISO 8601 in UTC: "2024-04-16T08:14:25Z". */
function isoUtc(time: Time): string {
  const f = fields(time, 0);
  return `${f.year}-${two(f.month + 1)}-${two(f.day)}T${f.hh}:${f.mm}:${f.ss}Z`;
}
/** "Tuesday 16 April 2024", in the ministry's local time. */
function longDate(time: Time): string {
  const f = fields(time, CEST);
  return `${LONG_WEEKDAYS[f.weekday]} ${f.day} ${LONG_MONTHS[f.month]} ${f.year}`;
}
/** "16 April 2024". */
function shortDate(time: Time): string {
  const f = fields(time, CEST);
  return `${f.day} ${LONG_MONTHS[f.month]} ${f.year}`;
}
/** PDF date string: D:20240415183012+03'00'. */
function pdfDate(time: Time, offsetMinutes: number): string {
  const f = fields(time, offsetMinutes);
  const offset = offsetText(offsetMinutes);
  return `D:${f.year}${two(f.month + 1)}${two(f.day)}${f.hh}${f.mm}${f.ss}${offset.slice(0, 3)}'${offset.slice(3)}'`;
}

function formatEuro(cents: number): string {
  const whole = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `EUR ${whole}.${two(cents % 100)}`;
}

/** A line of base64 text at most 76 characters long, as MIME writes it. */
function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/gu) ?? []
  ).join('\n');
}

/** Quoted-printable (RFC 2045) with soft line breaks at 76 characters. */
function quotedPrintable(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let encoded = '';
      for (const byte of Buffer.from(line, 'utf8'))
        encoded +=
          byte === 61 || byte > 126 || (byte < 32 && byte !== 9)
            ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
            : String.fromCharCode(byte);
      const pieces: string[] = [];
      while (encoded.length > 76) {
        let cut = 75;
        if (encoded[cut - 1] === '=') cut -= 1;
        else if (encoded[cut - 2] === '=') cut -= 2;
        pieces.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      pieces.push(encoded);
      return pieces.join('\n');
    })
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** The plain text of a message as a simple HTML part, the way mail programs send both. */
function htmlOf(text: string, font: string): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/u)
    .map((paragraph) => `<p style=3D"margin:0 0 10px 0">${escapeHtml(paragraph).replace(/\n/gu, '<br>\n')}</p>`);
  return [
    '<html>',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>',
    `<body style="font-family:${font};font-size:11pt">`,
    ...paragraphs,
    '</body>',
    '</html>',
  ].join('\n');
}

interface PdfLine {
  size: number;
  text: string;
  /** Extra space above the line, in points. */
  gap?: number;
}

/**
 * A small but valid PDF 1.4 file: one A4 page of Helvetica text, an Info dictionary and a correct
 * cross-reference table, so that a PDF reader opens it and its metadata can be read.
 */
function buildPdf(lines: PdfLine[], info: Record<string, string>, documentId: string): Uint8Array {
  const escapePdfText = (text: string) => text.replace(/[\\()]/gu, (char) => `\\${char}`);
  const content = ['BT', '50 790 Td'];
  let first = true;
  for (const line of lines) {
    content.push(`/F1 ${line.size} Tf`);
    if (!first) content.push(`0 -${line.size + 5 + (line.gap ?? 0)} Td`);
    first = false;
    content.push(`(${escapePdfText(line.text)}) Tj`);
  }
  content.push('ET');
  const stream = content.join('\n');
  const infoEntries = Object.entries(info)
    .map(([key, value]) => `/${key} (${escapePdfText(value)})`)
    .join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< ${infoEntries} >>`,
  ];
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R /ID [<${documentId}> <${documentId}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** Tricks for registering a domain that reads like northwind-supplies.example at a glance. */
const LOOKALIKES: { domain: string; trick: string }[] = [
  {
    domain: 'northwind-suppIies.example',
    trick:
      'a capital I in place of the first l of "supplies" (in many fonts the two look the same; in lower case it reads "suppiies")',
  },
  { domain: 'northwlnd-supplies.example', trick: 'a lower-case l in place of the i of "northwind"' },
  { domain: 'northwind-supp1ies.example', trick: 'the digit 1 in place of the first l of "supplies"' },
  { domain: 'nortwind-supplies.example', trick: 'the h of "northwind" left out' },
  { domain: 'northwind-suplies.example', trick: 'one p of "supplies" left out' },
  { domain: 'northvvind-supplies.example', trick: 'two v\'s in place of the w of "northwind"' },
  { domain: 'northwind-supplies-ltd.example', trick: '"-ltd" added to the genuine name' },
  { domain: 'northwindsupplies.example', trick: 'the hyphen of the genuine name left out' },
  {
    domain: 'northwind-supplies.test',
    trick: 'the genuine name under another top-level domain (.test instead of .example)',
  },
  { domain: 'northwind-suppliers.example', trick: '"suppliers" in place of "supplies"' },
  { domain: 'northwind-supplles.example', trick: 'a second l in place of the i of "supplies"' },
];
const FREEMAIL_DOMAINS = [
  'swiftmail.example.net',
  'inboxhub.example.com',
  'postdrop.example.org',
  'mailbox-secure.example.net',
  'quickpost.example.com',
];
const REPLY_TO_LOCAL_PARTS = [
  'northwind.accounts',
  'd.marsh.northwind',
  'nw.creditcontrol',
  'accounts.northwindsupplies',
  'northwind-ar',
];
const HOSTING = [
  'cloudvps.example.net',
  'hostbay.example.com',
  'rapidnode.example.org',
  'vserver.example.net',
  'racknest.example.com',
];
const FRAUD_BANKS = [
  { name: 'Velora Digital Bank', code: 'VLRA', bic: 'VLRAZZ22' },
  { name: 'Northgate Payments', code: 'NGPY', bic: 'NGPYZZ2X' },
  { name: 'Crestline Online Bank', code: 'CRST', bic: 'CRSTZZ21' },
  { name: 'Bluewater Neobank', code: 'BLWN', bic: 'BLWNZZ2B' },
];
const FRAUD_MAILERS = [
  {
    header: 'X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)',
    name: 'PHPMailer 6.9.1, a program library for sending mail from scripts',
  },
  { header: 'User-Agent: Roundcube Webmail/1.6.6', name: 'Roundcube Webmail 1.6.6, a webmail program' },
  {
    header: 'X-Mailer: Microsoft Outlook 16.0',
    name: '"Microsoft Outlook 16.0" (a name the sending software can claim freely)',
  },
  {
    header: 'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.9.0',
    name: 'Thunderbird 115.9 on Windows',
  },
];
const FRAUD_PDF_MAKERS = [
  { producer: 'LibreOffice 7.6', creator: 'Writer', author: 'admin' },
  { producer: 'Skia/PDF m122', creator: 'Chromium', author: 'User' },
  { producer: 'Microsoft: Print To PDF', creator: 'Microsoft Word', author: 'PC' },
];
const SENDER_CLOCK_OFFSETS = [0, 60, 180, 240, -240, 120];
const ITEMS = [
  { text: 'Ergonomic office chair, model NW-ERGO 3', unit: [18_900, 32_500] },
  { text: 'Height-adjustable desk 160 x 80 cm', unit: [41_000, 68_000] },
  { text: 'Copy paper A4 80 g, box of 5 reams', unit: [2_150, 2_890] },
  { text: 'Lockable filing cabinet, 4 drawers', unit: [21_500, 29_900] },
  { text: 'Meeting table 240 x 110 cm', unit: [89_000, 129_000] },
  { text: 'Monitor arm, double, VESA 100', unit: [8_900, 14_900] },
  { text: 'Acoustic desk screen 160 cm', unit: [12_900, 19_900] },
];

/** Ordinary correspondents of the finance directorate: the noise in the gateway log. */
const CORRESPONDENTS = [
  {
    from: 'invoices@brightline-fs.example',
    subjects: ['Invoice BFS-{n} - cleaning services', 'Cleaning schedule for May', 'Statement of account {n}'],
  },
  {
    from: 'billing@kestrel-it.example',
    subjects: ['Invoice KIT-{n}', 'Licence renewal quotation Q-{n}', 'Service report ticket {n}'],
  },
  {
    from: 'no-reply@harbourside-bank.example',
    subjects: ['Payment batch {n} executed', 'Daily balance statement', 'Payment batch {n} received for processing'],
  },
  {
    from: 'treasury-ops@finance-ministry.example',
    subjects: ['Monthly budget execution report', 'Cash forecast request week {w}', 'RE: Treasury transfer {n}'],
  },
  {
    from: 'audit@audit-office.example',
    subjects: ['Request for documents - audit file {n}', 'Audit planning meeting'],
  },
  {
    from: 'newsletter@procurement-weekly.example',
    subjects: ['Public Procurement Weekly - issue {n}', 'Webinar: e-invoicing for public bodies'],
  },
  {
    from: 'info@railfreight-consult.example',
    subjects: ['Invoice RFC-{n}', 'Progress report corridor study, phase {d}'],
  },
  { from: 'service@officefleet-leasing.example', subjects: ['Lease invoice {n}', 'Mileage report April'] },
  { from: 'accounts@greenway-catering.example', subjects: ['Invoice GC-{n} - canteen services', 'Menu change notice'] },
];
const SPAM = [
  { from: 'promo@bestdeals-4u.example.com', subject: 'Exclusive offer for your office - 70% off toner' },
  { from: 'info@seo-rankings.example.net', subject: 'Get your ministry website to page 1' },
  { from: 'it-support@infra-ministry-mail.example.net', subject: 'Your mailbox is almost full - verify now' },
  { from: 'noreply@parcel-track.example.com', subject: 'Your parcel could not be delivered' },
  { from: 'invoice@docs-share.example.org', subject: 'You have received a secure document' },
];
const FINANCE_STAFF = [
  CLERK,
  `j.brennan@${MINISTRY}`,
  `m.dijkstra@${MINISTRY}`,
  `s.mensah@${MINISTRY}`,
  `accounts-payable@${MINISTRY}`,
  `procurement@${MINISTRY}`,
  `treasury@${MINISTRY}`,
  `finance-helpdesk@${MINISTRY}`,
];

const generate: VariantGenerator = ({ random }) => {
  // --- Addresses: Northwind's mail server and the correspondents in 198.51.100.0/24, the fraudster's servers in 203.0.113.0/24.
  const used = new Set<string>();
  // Host numbers from 20 up, so that no address is one of the fixed examples (192.0.2.10...) shown in answer fields.
  const address = (prefix: string): string => {
    for (;;) {
      const candidate = `${prefix}.${random.int(20, 250)}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const northwindIp = address('198.51.100');
  const fraudIp = address('203.0.113');
  const followupIp = address(random.pick(['203.0.113', '198.51.100']));
  const xOriginatingIp = address(random.pick(['198.51.100', '203.0.113']));
  const fraudRdns = random.chance(0.3) ? 'unknown' : `vps-${random.int(1000, 9999)}.${random.pick(HOSTING)}`;
  const followupRdns = `srv${random.int(10, 999)}.${random.pick(HOSTING)}`;

  // --- The look-alike domain, the Reply-To, the fraudster's bank and software.
  const lookalike = random.pick(LOOKALIKES);
  const fraudDomain = lookalike.domain;
  const fraudFrom = `accounts@${fraudDomain}`;
  const replyToDomain = random.pick(FREEMAIL_DOMAINS);
  const replyTo = `${random.pick(REPLY_TO_LOCAL_PARTS)}${random.chance(0.5) ? random.int(2, 99) : ''}@${replyToDomain}`;
  const fraudBank = random.pick(FRAUD_BANKS);
  const iban = (code: string) => {
    const digits = `ZZ${two(random.int(2, 98))}${code}${String(random.int(0, 99_999)).padStart(5, '0')}${String(random.int(0, 99_999)).padStart(5, '0')}`;
    return { compact: digits, spaced: digits.match(/.{1,4}/gu)!.join(' ') };
  };
  const genuineIban = iban(GENUINE_BANK.code);
  const newIban = iban(fraudBank.code);
  const mailer = random.pick(FRAUD_MAILERS);
  const pdfMaker = random.pick(FRAUD_PDF_MAKERS);
  const senderClock = random.pick(SENDER_CLOCK_OFFSETS);
  const spfResult = random.pick(['fail', 'softfail'] as const);
  const dkimResult = random.pick(['none', 'fail'] as const);

  // --- The calendar (days counted from Monday 1 April 2024, local time CEST).
  const invoiceDay = nextWeekday(random.int(2, 11));
  const fraudDay = nextWeekday(invoiceDay + random.int(4, 8));
  const invoiceAt = localMoment(invoiceDay, random.int(8, 11), random.int(0, 59), random.int(0, 59));
  const fraudAt = localMoment(fraudDay, random.int(7, 10), random.int(0, 59), random.int(0, 59));
  const replyAt = fraudAt + random.int(50 * 60, 4 * 3600);
  const followupDay = nextWeekday(fraudDay + random.int(0, 1));
  const followupAt = Math.max(
    replyAt + random.int(40 * 60, 3 * 3600),
    localMoment(followupDay, random.int(8, 15), random.int(0, 59), random.int(0, 59)),
  );
  const paymentDay = nextWeekday(Math.floor((followupAt - APRIL_1 + CEST * 60) / DAY) + random.int(1, 2));
  const dueDay = invoiceDay + 30;
  const reminderDay = nextWeekday(dueDay + random.int(3, 8));
  const reminderAt = localMoment(reminderDay, random.int(8, 11), random.int(0, 59), random.int(0, 59));
  const reportDay = nextWeekday(reminderDay + random.int(1, 2));
  const logFirstDay = invoiceDay - 2;
  const logLastDay = paymentDay + 2;

  // --- The invoice: items, amounts, numbers.
  const invoiceNumber = `NW-INV-24${String(random.int(1000, 9899))}`;
  const purchaseOrder = `PO-IM-2024-${String(random.int(10_000, 99_999))}`;
  const items = random
    .shuffle(ITEMS)
    .slice(0, random.int(3, 5))
    .map((item) => {
      const quantity = random.int(6, 120);
      const unit = random.int(item.unit[0]!, item.unit[1]!);
      return { text: item.text, quantity, unit, total: quantity * unit };
    });
  const net = items.reduce((sum, item) => sum + item.total, 0);
  const vat = Math.round(net * 0.21);
  const totalCents = net + vat;
  const amount = formatEuro(totalCents);

  // --- The attachments.
  const invoicePdfName = `${invoiceNumber}.pdf`;
  const invoicePdf = buildPdf(
    [
      { size: 18, text: 'NORTHWIND OFFICE SUPPLIES LTD' },
      {
        size: 9,
        text: 'Unit 4, Harbour Trade Park, Eastport  |  accounts@northwind-supplies.example  |  VAT ZZ804417302',
      },
      { size: 14, text: `INVOICE ${invoiceNumber}`, gap: 18 },
      { size: 10, text: 'Ministry of Infrastructure, Directorate of Finance, Accounts Payable', gap: 8 },
      {
        size: 10,
        text: `Invoice date: ${shortDate(invoiceAt)}    Your order: ${purchaseOrder}    Payment terms: 30 days`,
      },
      ...items.map((item, index) => ({
        size: 10,
        text: `${index + 1}. ${item.text}: ${item.quantity} x ${formatEuro(item.unit)} = ${formatEuro(item.total)}`,
        gap: index === 0 ? 12 : 0,
      })),
      { size: 10, text: `Net ${formatEuro(net)}    VAT 21% ${formatEuro(vat)}`, gap: 10 },
      { size: 12, text: `TOTAL DUE ${amount}` },
      { size: 10, text: `Please pay to: Northwind Office Supplies Ltd, ${GENUINE_BANK.name}`, gap: 16 },
      { size: 10, text: `IBAN ${genuineIban.spaced}    BIC ${GENUINE_BANK.bic}    Reference ${invoiceNumber}` },
    ],
    {
      Title: `Invoice ${invoiceNumber}`,
      Producer: 'NorthwindERP 5.2 PDF export',
      Creator: 'NorthwindERP',
      CreationDate: pdfDate(invoiceAt - random.int(600, 5400), CEST),
    },
    random.hex(32),
  );
  const letterName = random.pick([
    'Northwind_bank_details_change.pdf',
    'Change_of_bank_details_Northwind.pdf',
    'NW_new_bank_account_letter.pdf',
  ]);
  const letterPdf = buildPdf(
    [
      { size: 18, text: 'NORTHWIND OFFICE SUPPLIES LTD' },
      { size: 9, text: 'Unit 4, Harbour Trade Park, Eastport  |  VAT ZZ804417302' },
      { size: 14, text: 'NOTIFICATION OF CHANGE OF BANK DETAILS', gap: 18 },
      { size: 10, text: `Date: ${shortDate(fraudAt)}`, gap: 8 },
      { size: 10, text: 'To: Ministry of Infrastructure, Accounts Payable' },
      {
        size: 10,
        text: 'Following our annual audit, Northwind Office Supplies Ltd has moved its business account.',
        gap: 12,
      },
      { size: 10, text: 'With immediate effect, all payments must be made to the account below.' },
      { size: 10, text: 'Account name: Northwind Office Supplies Ltd', gap: 12 },
      { size: 10, text: `Bank: ${fraudBank.name}` },
      { size: 10, text: `IBAN: ${newIban.spaced}` },
      { size: 10, text: `BIC: ${fraudBank.bic}` },
      { size: 10, text: `Open invoice: ${invoiceNumber}, ${amount}` },
      {
        size: 10,
        text: `Our previous account at ${GENUINE_BANK.name} will be closed; payments to it will be returned.`,
        gap: 12,
      },
      { size: 10, text: 'Yours faithfully,', gap: 16 },
      { size: 10, text: 'R. Whitfield, Finance Director', gap: 18 },
    ],
    {
      Title: 'Change of bank details',
      Author: pdfMaker.author,
      Creator: pdfMaker.creator,
      Producer: pdfMaker.producer,
      CreationDate: pdfDate(fraudAt - random.int(3 * 3600, 30 * 3600), senderClock),
    },
    random.hex(32),
  );
  const letterBase64 = base64Lines(letterPdf);

  // --- Queue ids and message ids.
  const queueId = (): string => random.hex(11).toUpperCase();
  /** Northwind's Exchange server NW-EX01 names every message it sends after itself. */
  const northwindMessageId = (): string => `<NW-EX01.${random.hex(24)}@${NORTHWIND}>`;
  const invoiceMessageId = northwindMessageId();
  /** A Message-ID in the UUID style of Outlook, Thunderbird and most webmail. */
  const uuidMessageId = (domain: string): string =>
    `<${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}@${domain}>`;
  /** The fraudster's mailer writes its Message-IDs in one style. */
  const fraudsterMessageId = (): string =>
    mailer.header.includes('PHPMailer') ? `<${random.hex(32)}@mail.${fraudDomain}>` : uuidMessageId(fraudDomain);
  const fraudMessageId = fraudsterMessageId();
  const replyMessageId = uuidMessageId(MINISTRY);
  const followupMessageId = fraudsterMessageId();
  const reminderMessageId = northwindMessageId();
  const boundary = (): string =>
    `----=_Part_${random.int(100_000, 999_999)}_${random.int(1_000_000_000, 2_000_000_000)}.${random.int(1_700_000_000, 1_799_999_999)}`;
  const bodyHash = (): string => Buffer.from(random.hex(64), 'hex').toString('base64');
  const signature = (): string =>
    (
      Buffer.from(random.hex(512), 'hex')
        .toString('base64')
        .match(/.{1,70}/gu) ?? []
    ).join('\n\t ');

  /** The hops the ministry's own servers add on the way in, newest first, above the sender's own lines. */
  function ministryTrace(options: {
    arrivedAt: Time;
    envelopeFrom: string;
    helo: string;
    rdns: string;
    ip: string;
    queue: string;
    authentication: string[];
    receivedSpf: string;
    spam: { score: number; tests: string };
  }): { lines: string[]; times: { gateway: Time; mailbox: Time } } {
    const filtered = options.arrivedAt + random.int(1, 3);
    const reinjected = filtered + random.int(0, 1);
    const mailbox = reinjected + random.int(0, 2);
    const lmtp = mailbox + random.int(0, 1);
    const lines = [
      `Return-Path: <${options.envelopeFrom}>`,
      `Delivered-To: ${CLERK}`,
      `Received: from ${MAILBOX_SERVER}`,
      `\tby ${MAILBOX_SERVER} with LMTP`,
      `\tid ${Buffer.from(random.hex(18), 'hex').toString('base64')}`,
      `\t(envelope-from <${options.envelopeFrom}>)`,
      `\tfor <${CLERK}>; ${rfc5322(lmtp, CEST)}`,
      `Received: from ${GATEWAY} (${GATEWAY} [${GATEWAY_LAN}])`,
      '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      '\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)',
      '\t(No client certificate requested)',
      `\tby ${MAILBOX_SERVER} (Postfix) with ESMTPS id ${queueId()}`,
      `\tfor <${CLERK}>; ${postfixDate(mailbox)}`,
      'Received: from localhost (localhost [127.0.0.1])',
      `\tby ${GATEWAY} (Postfix) with ESMTP id ${queueId()}`,
      `\tfor <${CLERK}>; ${postfixDate(reinjected)}`,
      `X-Virus-Scanned: amavisd-new at ${MINISTRY}`,
      `X-Spam-Flag: NO`,
      `X-Spam-Score: ${options.spam.score.toFixed(3)}`,
      `X-Spam-Level: ${'*'.repeat(Math.max(0, Math.floor(options.spam.score)))}`,
      `X-Spam-Status: No, score=${options.spam.score.toFixed(3)} tagged_above=-999 required=6.2`,
      `\ttests=[${options.spam.tests}]`,
      '\tautolearn=no autolearn_force=no',
      `Received: from ${GATEWAY} ([127.0.0.1])`,
      `\tby localhost (${GATEWAY} [127.0.0.1]) (amavisd-new, port 10024)`,
      `\twith ESMTP id ${Buffer.from(random.hex(18), 'hex').toString('base64').replace(/[+/]/gu, 'x')} for <${CLERK}>;`,
      `\t${postfixDate(filtered)}`,
      ...options.authentication,
      options.receivedSpf,
      `Received: from ${options.helo} (${options.rdns} [${options.ip}])`,
      '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
      '\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)',
      '\t(No client certificate requested)',
      `\tby ${GATEWAY} (Postfix) with ESMTPS id ${options.queue}`,
      `\tfor <${CLERK}>; ${postfixDate(options.arrivedAt)}`,
    ];
    return { lines, times: { gateway: options.arrivedAt, mailbox } };
  }

  function genuineAuthentication(ip: string): { authentication: string[]; receivedSpf: string } {
    const b = Buffer.from(random.hex(6), 'hex').toString('base64');
    return {
      authentication: [
        `Authentication-Results: ${GATEWAY};`,
        `\tdkim=pass (2048-bit key; unprotected) header.d=${NORTHWIND} header.i=@${NORTHWIND} header.a=rsa-sha256 header.s=nw2024 header.b=${b};`,
        `\tspf=pass (${GATEWAY}: domain of ${NORTHWIND_ACCOUNTS} designates ${ip} as permitted sender) smtp.mailfrom=${NORTHWIND_ACCOUNTS};`,
        `\tdmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=${NORTHWIND}`,
      ],
      receivedSpf: `Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=${ip}; helo=mail.${NORTHWIND}; envelope-from=${NORTHWIND_ACCOUNTS}; receiver=<UNKNOWN>`,
    };
  }

  function fraudAuthentication(
    ip: string,
    helo: string,
  ): { authentication: string[]; receivedSpf: string; dkimSignature: string[] } {
    const b = Buffer.from(random.hex(6), 'hex').toString('base64');
    const dkim =
      dkimResult === 'none'
        ? '\tdkim=none (no signatures found);'
        : `\tdkim=fail reason="signature verification failed" (2048-bit key; unprotected) header.d=${fraudDomain} header.i=@${fraudDomain} header.a=rsa-sha256 header.s=default header.b=${b};`;
    const spf =
      spfResult === 'fail'
        ? `\tspf=fail (${GATEWAY}: domain of ${fraudFrom} does not designate ${ip} as permitted sender) smtp.mailfrom=${fraudFrom};`
        : `\tspf=softfail (${GATEWAY}: domain of transitioning ${fraudFrom} does not designate ${ip} as permitted sender) smtp.mailfrom=${fraudFrom};`;
    const dkimSignature =
      dkimResult === 'none'
        ? []
        : [
            `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${fraudDomain};`,
            `\ts=default; t=${ip === fraudIp ? fraudAt - 3 : followupAt - 3}; bh=${bodyHash()};`,
            '\th=From:Reply-To:To:Subject:Date:Message-ID:MIME-Version:Content-Type;',
            `\tb=${signature()}`,
          ];
    return {
      authentication: [
        `Authentication-Results: ${GATEWAY};`,
        dkim,
        spf,
        `\tdmarc=fail (p=NONE sp=NONE dis=NONE) header.from=${fraudDomain}`,
      ],
      receivedSpf: `Received-SPF: ${spfResult === 'fail' ? 'Fail' : 'Softfail'} (mailfrom) identity=mailfrom; client-ip=${ip}; helo=${helo}; envelope-from=${fraudFrom}; receiver=<UNKNOWN>`,
      dkimSignature,
    };
  }

  const fraudSpamTests = [
    spfResult === 'fail' ? 'SPF_FAIL=0.919' : 'SPF_SOFTFAIL=0.665',
    dkimResult === 'fail' ? 'DKIM_INVALID=0.1, DKIM_SIGNED=0.1' : '',
    'FREEMAIL_FORGED_REPLYTO=2.095',
    'HTML_MESSAGE=0.001',
    'PDS_BAD_THREAD_QP_64=0.999',
    'REPLYTO_WITHOUT_TO_CC=0.01',
  ]
    .filter((test) => test !== '')
    .join(', ');

  // --- 01: Northwind's genuine invoice.
  const invoiceQueue = queueId();
  const invoiceText = `Dear Ms Okafor,

Please find attached our invoice ${invoiceNumber} for the goods delivered
under your purchase order ${purchaseOrder}.

  Invoice:        ${invoiceNumber}
  Invoice date:   ${shortDate(invoiceAt)}
  Amount due:     ${amount}
  Payment terms:  30 days

Please pay to our account with ${GENUINE_BANK.name},
IBAN ${genuineIban.spaced}, BIC ${GENUINE_BANK.bic}, quoting the invoice
number as reference.

Kind regards,

Daniel Marsh
Credit Controller
Northwind Office Supplies Ltd
Unit 4, Harbour Trade Park, Eastport
`;
  const invoiceSentAt = invoiceAt - random.int(2, 6);
  const invoiceTrace = ministryTrace({
    arrivedAt: invoiceAt,
    envelopeFrom: NORTHWIND_ACCOUNTS,
    helo: `mail.${NORTHWIND}`,
    rdns: `mail.${NORTHWIND}`,
    ip: northwindIp,
    queue: invoiceQueue,
    ...genuineAuthentication(northwindIp),
    spam: {
      score: -1.9,
      tests:
        'BAYES_00=-1.9, DKIM_SIGNED=0.1, DKIM_VALID=-0.1, DKIM_VALID_AU=-0.1, DKIM_VALID_EF=-0.1, HTML_MESSAGE=0.001, SPF_PASS=-0.001',
    },
  });
  const invoiceBoundaryMixed = boundary();
  const invoiceBoundaryAlt = boundary();
  const invoiceEml = [
    ...invoiceTrace.lines,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${NORTHWIND};`,
    `\ts=nw2024; t=${invoiceSentAt}; bh=${bodyHash()};`,
    '\th=From:To:Subject:Date:Message-ID:MIME-Version:Content-Type;',
    `\tb=${signature()}`,
    `Received: from NW-EX01.northwind.local (10.1.0.25) by mail.${NORTHWIND}`,
    `\t(10.1.0.30) with Microsoft SMTP Server (version=TLS1_2,`,
    `\tcipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1544.4; ${rfc5322(invoiceSentAt, CEST)}`,
    `From: Northwind Office Supplies - Accounts <${NORTHWIND_ACCOUNTS}>`,
    `To: Petra Okafor <${CLERK}>`,
    `Subject: Invoice ${invoiceNumber} - Ministry of Infrastructure - ${purchaseOrder}`,
    `Date: ${rfc5322(invoiceSentAt - random.int(1, 4), CEST)}`,
    `Message-ID: ${invoiceMessageId}`,
    'Accept-Language: en-GB, en-US',
    'Content-Language: en-GB',
    'X-MS-Has-Attach: yes',
    'X-Mailer: Microsoft Outlook 16.0',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${invoiceBoundaryMixed}"`,
    '',
    `--${invoiceBoundaryMixed}`,
    `Content-Type: multipart/alternative; boundary="${invoiceBoundaryAlt}"`,
    '',
    `--${invoiceBoundaryAlt}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(invoiceText),
    `--${invoiceBoundaryAlt}`,
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(htmlOf(invoiceText, 'Calibri,sans-serif')),
    `--${invoiceBoundaryAlt}--`,
    '',
    `--${invoiceBoundaryMixed}`,
    `Content-Type: application/pdf; name="${invoicePdfName}"`,
    `Content-Description: ${invoicePdfName}`,
    `Content-Disposition: attachment; filename="${invoicePdfName}"; size=${invoicePdf.byteLength}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(invoicePdf),
    '',
    `--${invoiceBoundaryMixed}--`,
    '',
  ].join('\n');

  // --- 02: the fraudulent change of bank details.
  const fraudQueue = queueId();
  const fraudHelo = `mail.${fraudDomain}`;
  const fraudAuth = fraudAuthentication(fraudIp, fraudHelo);
  const fraudScore = 3.2 + random.int(0, 18) / 10;
  const fraudTrace = ministryTrace({
    arrivedAt: fraudAt,
    envelopeFrom: fraudFrom,
    helo: fraudHelo,
    rdns: fraudRdns,
    ip: fraudIp,
    queue: fraudQueue,
    ...fraudAuth,
    spam: { score: fraudScore, tests: fraudSpamTests },
  });
  const fraudDateHeader = rfc5322(fraudAt - random.int(40, 400), senderClock);
  const forgedAt = fraudAt - random.int(2, 25);
  const fraudText = `Dear Ms Okafor,

Further to our invoice ${invoiceNumber} of ${shortDate(invoiceAt)} (your purchase
order ${purchaseOrder}), please note that Northwind Office Supplies Ltd
has changed its bank following our annual audit. With immediate effect
all payments must be made to our new account:

  Account name:  Northwind Office Supplies Ltd
  Bank:          ${fraudBank.name}
  IBAN:          ${newIban.spaced}
  BIC:           ${fraudBank.bic}

Our previous account with ${GENUINE_BANK.name} is being closed and
payments sent to it will be returned. Please update your supplier
records and pay invoice ${invoiceNumber} (${amount}) to the new
account. Our signed letter confirming the change is attached.

Kindly reply to this e-mail to confirm once the details have been
updated. Our phone lines are being moved this week, so e-mail is the
best way to reach me.

Kind regards,

Daniel Marsh
Credit Controller
Northwind Office Supplies Ltd
`;
  const fraudBoundaryMixed = boundary();
  const fraudBoundaryAlt = boundary();
  const fraudEml = [
    ...fraudTrace.lines,
    ...fraudAuth.dkimSignature,
    `Received: from ${NORTHWIND} (mail.${NORTHWIND} [${northwindIp}])`,
    `\tby ${fraudHelo} (Postfix) with ESMTP id ${queueId()}`,
    `\tfor <${CLERK}>; ${rfc5322(forgedAt, 0)}`,
    `X-Originating-IP: [${xOriginatingIp}]`,
    `From: Northwind Office Supplies - Accounts <${fraudFrom}>`,
    `Reply-To: Daniel Marsh <${replyTo}>`,
    `To: Petra Okafor <${CLERK}>`,
    `Subject: Change of bank details / Invoice ${invoiceNumber}`,
    `Date: ${fraudDateHeader}`,
    `Message-ID: ${fraudMessageId}`,
    `In-Reply-To: ${invoiceMessageId}`,
    `References: ${invoiceMessageId}`,
    'X-Priority: 1 (Highest)',
    'Importance: High',
    mailer.header,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${fraudBoundaryMixed}"`,
    '',
    'This is a multi-part message in MIME format.',
    '',
    `--${fraudBoundaryMixed}`,
    `Content-Type: multipart/alternative; boundary="${fraudBoundaryAlt}"`,
    '',
    `--${fraudBoundaryAlt}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(fraudText),
    `--${fraudBoundaryAlt}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(htmlOf(fraudText, 'Arial,sans-serif')),
    `--${fraudBoundaryAlt}--`,
    '',
    `--${fraudBoundaryMixed}`,
    `Content-Type: application/pdf; name="${letterName}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${letterName}"`,
    '',
    letterBase64,
    '',
    `--${fraudBoundaryMixed}--`,
    '',
  ].join('\n');

  // --- 03: the clerk's reply, as saved in her Sent folder (no Received lines: it never travelled to her).
  const replyText = `Dear Mr Marsh,

Thank you for letting us know. I have updated your bank details in our
supplier records. Invoice ${invoiceNumber} (${amount}) will be paid to
the new account in our next payment run.

Kind regards,

Petra Okafor
Accounts Payable
Directorate of Finance
Ministry of Infrastructure

On ${rfc5322(fraudAt, CEST).slice(0, 16)} at ${fields(fraudAt, CEST).hh}:${fields(fraudAt, CEST).mm}, Northwind Office Supplies - Accounts wrote:
> Dear Ms Okafor,
>
> Further to our invoice ${invoiceNumber} of ${shortDate(invoiceAt)} (your purchase
> order ${purchaseOrder}), please note that Northwind Office Supplies Ltd
> has changed its bank following our annual audit. [...]
`;
  const replyEml = [
    `Message-ID: ${replyMessageId}`,
    `Date: ${rfc5322(replyAt, CEST)}`,
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    'Content-Language: en-GB',
    `To: Daniel Marsh <${replyTo}>`,
    `From: Petra Okafor <${CLERK}>`,
    `Subject: Re: Change of bank details / Invoice ${invoiceNumber}`,
    `In-Reply-To: ${fraudMessageId}`,
    `References: ${invoiceMessageId} ${fraudMessageId}`,
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 7bit',
    '',
    replyText,
  ].join('\n');

  // --- 04: the fraudster's follow-up, from another server.
  const followupQueue = queueId();
  const followupHelo = `mail.${fraudDomain}`;
  const followupAuth = fraudAuthentication(followupIp, followupHelo);
  const followupScore = 2.9 + random.int(0, 18) / 10;
  const followupTrace = ministryTrace({
    arrivedAt: followupAt,
    envelopeFrom: fraudFrom,
    helo: followupHelo,
    rdns: followupRdns,
    ip: followupIp,
    queue: followupQueue,
    ...followupAuth,
    spam: { score: followupScore, tests: fraudSpamTests },
  });
  const followupText = `Dear Ms Okafor,

Many thanks for updating our details so quickly. Could you please
send me the payment advice as soon as the payment of ${amount} for
invoice ${invoiceNumber} has been released? Our auditors need it to
close the old account.

Kind regards,

Daniel Marsh
Credit Controller
Northwind Office Supplies Ltd

> Thank you for letting us know. I have updated your bank details in our
> supplier records. Invoice ${invoiceNumber} (${amount}) will be paid to
> the new account in our next payment run.
`;
  const followupEml = [
    ...followupTrace.lines,
    ...followupAuth.dkimSignature,
    `From: Northwind Office Supplies - Accounts <${fraudFrom}>`,
    `Reply-To: Daniel Marsh <${replyTo}>`,
    `To: Petra Okafor <${CLERK}>`,
    `Subject: RE: Change of bank details / Invoice ${invoiceNumber}`,
    `Date: ${rfc5322(followupAt - random.int(30, 300), senderClock)}`,
    `Message-ID: ${followupMessageId}`,
    `In-Reply-To: ${replyMessageId}`,
    `References: ${invoiceMessageId} ${fraudMessageId} ${replyMessageId}`,
    mailer.header,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(followupText),
  ].join('\n');

  // --- 05: Northwind's genuine reminder.
  const reminderQueue = queueId();
  const reminderSentAt = reminderAt - random.int(2, 6);
  const reminderTrace = ministryTrace({
    arrivedAt: reminderAt,
    envelopeFrom: NORTHWIND_ACCOUNTS,
    helo: `mail.${NORTHWIND}`,
    rdns: `mail.${NORTHWIND}`,
    ip: northwindIp,
    queue: reminderQueue,
    ...genuineAuthentication(northwindIp),
    spam: {
      score: -1.9,
      tests: 'BAYES_00=-1.9, DKIM_SIGNED=0.1, DKIM_VALID=-0.1, DKIM_VALID_AU=-0.1, DKIM_VALID_EF=-0.1, SPF_PASS=-0.001',
    },
  });
  const reminderText = `Dear Ms Okafor,

According to our records, invoice ${invoiceNumber} of ${shortDate(invoiceAt)}
(${amount}, your order ${purchaseOrder}) was due on ${shortDate(localMoment(dueDay, 12))}
and remains unpaid.

We would be grateful if you could arrange payment to our usual account
with ${GENUINE_BANK.name}, IBAN ${genuineIban.spaced}, or let us know if
there is a problem with the invoice.

Kind regards,

Daniel Marsh
Credit Controller
Northwind Office Supplies Ltd
`;
  const reminderEml = [
    ...reminderTrace.lines,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${NORTHWIND};`,
    `\ts=nw2024; t=${reminderSentAt}; bh=${bodyHash()};`,
    '\th=From:To:Subject:Date:Message-ID:MIME-Version:Content-Type;',
    `\tb=${signature()}`,
    `Received: from NW-EX01.northwind.local (10.1.0.25) by mail.${NORTHWIND}`,
    `\t(10.1.0.30) with Microsoft SMTP Server (version=TLS1_2,`,
    `\tcipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1544.4; ${rfc5322(reminderSentAt, CEST)}`,
    `From: Northwind Office Supplies - Accounts <${NORTHWIND_ACCOUNTS}>`,
    `To: Petra Okafor <${CLERK}>`,
    `Subject: Payment reminder: invoice ${invoiceNumber} overdue`,
    `Date: ${rfc5322(reminderSentAt - random.int(1, 4), CEST)}`,
    `Message-ID: ${reminderMessageId}`,
    'Accept-Language: en-GB, en-US',
    'Content-Language: en-GB',
    'X-MS-Has-Attach:',
    'X-Mailer: Microsoft Outlook 16.0',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(reminderText),
  ].join('\n');

  // --- The gateway log: ordinary mail of the finance directorate, Northwind's genuine mail and every fraudulent message.
  interface Row {
    time: Time;
    queue: string;
    direction: 'inbound' | 'outbound';
    ip: string;
    name: string;
    helo: string;
    envelopeFrom: string;
    headerFrom: string;
    recipient: string;
    subject: string;
    spf: string;
    dkim: string;
    dmarc: string;
    score: number;
    action: string;
    size: number;
    /** The Message-ID header as amavisd-new logs it, in angle brackets; drawn for the ordinary rows at the end. */
    messageId?: string;
  }
  const rows: Row[] = [];
  const correspondentIps = new Map(CORRESPONDENTS.map((correspondent) => [correspondent.from, address('198.51.100')]));
  const fill = (subject: string): string =>
    subject
      .replace('{n}', String(random.int(1000, 99_999)))
      .replace('{w}', String(random.int(14, 20)))
      .replace('{d}', String(random.int(2, 4)));
  const inboundPass = (time: Time, from: string, ip: string, recipient: string, subject: string, size: number): Row => {
    const domain = from.split('@')[1]!;
    return {
      time,
      queue: queueId(),
      direction: 'inbound',
      ip,
      name: `mail.${domain}`,
      helo: `mail.${domain}`,
      envelopeFrom: from,
      headerFrom: from,
      recipient,
      subject,
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      score: random.int(-25, 15) / 10,
      action: 'delivered',
      size,
    };
  };

  for (let day = logFirstDay; day <= logLastDay; day++) {
    const working = isWeekday(day);
    const inboundCount = working ? random.int(16, 28) : random.int(1, 4);
    for (let index = 0; index < inboundCount; index++) {
      const time = working
        ? localMoment(day, random.int(7, 17), random.int(0, 59), random.int(0, 59))
        : localMoment(day, random.int(0, 23), random.int(0, 59), random.int(0, 59));
      if (!working || random.chance(0.12)) {
        const spam = random.pick(SPAM);
        const score = random.int(62, 250) / 10;
        rows.push({
          time,
          queue: queueId(),
          direction: 'inbound',
          ip: address(random.pick(['203.0.113', '198.51.100'])),
          name: 'unknown',
          helo: random.pick(['localhost', 'mail.example.com', 'ylmf-pc', 'user-pc']),
          envelopeFrom: spam.from,
          headerFrom: spam.from,
          recipient: random.pick(FINANCE_STAFF),
          subject: spam.subject,
          spf: random.pick(['softfail', 'none', 'fail']),
          dkim: 'none',
          dmarc: random.pick(['none', 'fail']),
          score,
          action: score >= 12 ? 'rejected' : 'quarantined',
          size: random.int(3000, 60_000),
        });
        continue;
      }
      const correspondent = random.pick(CORRESPONDENTS);
      rows.push(
        inboundPass(
          time,
          correspondent.from,
          correspondentIps.get(correspondent.from)!,
          random.pick(FINANCE_STAFF),
          fill(random.pick(correspondent.subjects)),
          random.int(4000, 180_000),
        ),
      );
    }
    if (!working) continue;
    for (let index = random.int(4, 9); index > 0; index--) {
      const correspondent = random.pick(CORRESPONDENTS);
      const sender = random.pick(FINANCE_STAFF);
      rows.push({
        time: localMoment(day, random.int(8, 17), random.int(0, 59), random.int(0, 59)),
        queue: queueId(),
        direction: 'outbound',
        ip: MAILBOX_LAN,
        name: MAILBOX_SERVER,
        helo: MAILBOX_SERVER,
        envelopeFrom: sender,
        headerFrom: sender,
        recipient: correspondent.from,
        subject: `RE: ${fill(random.pick(correspondent.subjects))}`,
        spf: 'n/a',
        dkim: 'pass',
        dmarc: 'n/a',
        score: 0,
        action: 'relayed',
        size: random.int(3000, 40_000),
      });
    }
    // Northwind's ordinary business with the ministry: order confirmations and delivery notes.
    if (random.chance(0.6)) {
      const time = localMoment(day, random.int(8, 16), random.int(0, 59), random.int(0, 59));
      const delivery = random.chance(0.5);
      rows.push(
        inboundPass(
          time,
          NORTHWIND_ORDERS,
          northwindIp,
          delivery ? GOODS_RECEIPT : `procurement@${MINISTRY}`,
          delivery
            ? `Delivery note DN-${random.int(40_000, 49_999)} for ${purchaseOrder}`
            : `Order confirmation SO-${random.int(70_000, 79_999)}`,
          random.int(20_000, 90_000),
        ),
      );
    }
  }
  // Always at least one delivery note to goods receipt, so that address is in the log as a decoy.
  rows.push(
    inboundPass(
      localMoment(nextWeekday(logFirstDay), random.int(8, 16), random.int(0, 59), random.int(0, 59)),
      NORTHWIND_ORDERS,
      northwindIp,
      GOODS_RECEIPT,
      `Delivery note DN-${random.int(40_000, 49_999)} for ${purchaseOrder}`,
      random.int(20_000, 90_000),
    ),
  );
  // The genuine invoice, the clerk's reply and the two fraudulent messages in the exhibits.
  rows.push({
    ...inboundPass(
      invoiceAt,
      NORTHWIND_ACCOUNTS,
      northwindIp,
      CLERK,
      `Invoice ${invoiceNumber} - Ministry of Infrastructure - ${purchaseOrder}`,
      invoiceEml.length + random.int(200, 900),
    ),
    queue: invoiceQueue,
    messageId: invoiceMessageId,
  });
  const fraudRow = (
    time: Time,
    ip: string,
    rdns: string,
    recipient: string,
    subject: string,
    score: number,
    action: string,
    size: number,
    queue = queueId(),
  ): Row => ({
    time,
    queue,
    direction: 'inbound',
    ip,
    name: rdns,
    helo: `mail.${fraudDomain}`,
    envelopeFrom: fraudFrom,
    headerFrom: fraudFrom,
    recipient,
    subject,
    spf: spfResult,
    dkim: dkimResult,
    dmarc: 'fail',
    score,
    action,
    size,
  });
  rows.push({
    ...fraudRow(
      fraudAt,
      fraudIp,
      fraudRdns,
      CLERK,
      `Change of bank details / Invoice ${invoiceNumber}`,
      fraudScore,
      'delivered',
      fraudEml.length,
      fraudQueue,
    ),
    messageId: fraudMessageId,
  });
  rows.push({
    time: replyAt + random.int(1, 3),
    queue: queueId(),
    direction: 'outbound',
    ip: MAILBOX_LAN,
    name: MAILBOX_SERVER,
    helo: MAILBOX_SERVER,
    envelopeFrom: CLERK,
    headerFrom: CLERK,
    recipient: replyTo,
    subject: `Re: Change of bank details / Invoice ${invoiceNumber}`,
    spf: 'n/a',
    dkim: 'pass',
    dmarc: 'n/a',
    score: 0,
    action: 'relayed',
    size: replyEml.length + random.int(300, 900),
    messageId: replyMessageId,
  });
  rows.push({
    ...fraudRow(
      followupAt,
      followupIp,
      followupRdns,
      CLERK,
      `RE: Change of bank details / Invoice ${invoiceNumber}`,
      followupScore,
      'delivered',
      followupEml.length,
      followupQueue,
    ),
    messageId: followupMessageId,
  });
  // The fraudster's messages to other mailboxes of the directorate.
  const targets = [
    {
      recipient: `procurement@${MINISTRY}`,
      subject: 'Updated contact details - Northwind Office Supplies',
      when: localMoment(fraudDay - random.int(1, 3), random.int(9, 16), random.int(0, 59), random.int(0, 59)),
      score: 2.4,
      action: 'delivered',
    },
    {
      recipient: `accounts-payable@${MINISTRY}`,
      subject: 'Change of bank details - Northwind Office Supplies Ltd',
      when: fraudAt + random.int(60, 900),
      score: 4.3,
      action: 'delivered',
    },
    {
      recipient: `m.dijkstra@${MINISTRY}`,
      subject: 'URGENT: change of bank details - Northwind Office Supplies Ltd',
      when: fraudAt + random.int(1200, 7200),
      score: 6.8,
      action: 'quarantined',
    },
    {
      recipient: `treasury@${MINISTRY}`,
      subject: 'Change of bank details - Northwind Office Supplies Ltd',
      when: followupAt + random.int(600, 5400),
      score: 13.1,
      action: 'rejected',
    },
  ];
  const otherTargets = random.shuffle(targets).slice(0, random.int(1, 3));
  for (const target of otherTargets) {
    const [ip, rdns] = random.chance(0.5) ? [fraudIp, fraudRdns] : [followupIp, followupRdns];
    rows.push(
      fraudRow(
        target.when,
        ip,
        rdns,
        target.recipient,
        target.subject,
        target.score,
        target.action,
        random.int(5000, 60_000),
      ),
    );
  }

  // Everything below is drawn after the rows above, so that the values the earlier tasks rest on stay
  // the same for a seed.
  const targetRecipients = otherTargets.map((target) => target.recipient);
  // Two other messages with message 02's subject but Message-IDs of their own, near misses for anyone who
  // matches on the subject, the sender, the server, the hour or the action instead of the Message-ID:
  // an earlier version to Ms Okafor that the gateway quarantined for its spam score (she never saw it),
  // and a message written separately for one of the other targets, delivered within the hour.
  const subject = `Change of bank details / Invoice ${invoiceNumber}`;
  const firstAttemptId = fraudsterMessageId();
  rows.push({
    ...fraudRow(
      fraudAt - random.int(25 * 60, 150 * 60),
      fraudIp,
      fraudRdns,
      CLERK,
      subject,
      6.4 + random.int(0, 30) / 10,
      'quarantined',
      fraudEml.length + random.int(2000, 9000),
    ),
    messageId: firstAttemptId,
  });
  const sameSubjectOther = random.pick(targetRecipients);
  rows.push({
    ...fraudRow(
      fraudAt + random.int(3 * 60, 45 * 60),
      fraudIp,
      fraudRdns,
      sameSubjectOther,
      subject,
      fraudScore - random.int(1, 6) / 10,
      'delivered',
      fraudEml.length - random.int(300, 1500),
    ),
    messageId: fraudsterMessageId(),
  });
  // Message 02 itself, the same Message-ID, also went to other mailboxes of the directorate, one recipient per
  // connection: the first through the fraudster's other server, a second (if any) through message 02's. Its To
  // header names Ms Okafor alone; only the gateway shows the other copies.
  const copyRecipients = random
    .shuffle(FINANCE_STAFF.filter((recipient) => recipient !== CLERK && !targetRecipients.includes(recipient)))
    .slice(0, random.int(1, 2));
  for (const [index, recipient] of copyRecipients.entries()) {
    const [ip, rdns] = index === 0 ? [followupIp, followupRdns] : [fraudIp, fraudRdns];
    rows.push({
      ...fraudRow(
        fraudAt + (index === 0 ? random.int(20, 600) : random.int(700, 2400)),
        ip,
        rdns,
        recipient,
        subject,
        fraudScore,
        'delivered',
        fraudEml.length + recipient.length - CLERK.length,
      ),
      messageId: fraudMessageId,
    });
  }
  // The Message-IDs of the ordinary rows, in the style of each sender's mail software.
  for (const row of rows) {
    if (row.messageId) continue;
    const domain = row.envelopeFrom.split('@')[1]!;
    if (row.envelopeFrom === NORTHWIND_ORDERS) row.messageId = northwindMessageId();
    else if (domain === fraudDomain) row.messageId = fraudsterMessageId();
    else if (row.direction === 'outbound') row.messageId = uuidMessageId(MINISTRY);
    else
      row.messageId = `<${random.int(1_700_000_000, 1_799_999_999)}.${random.hex(10)}@${random.pick(['mail.', 'mx.', ''])}${domain}>`;
  }

  const header =
    'timestamp_utc,queue_id,direction,client_ip,client_name,helo,envelope_from,header_from,recipient,subject,message_id,spf,dkim,dmarc,spam_score,action,size_bytes';
  const csv = `${[
    header,
    ...rows
      .filter((row) => row.time >= localMoment(logFirstDay, 0) && row.time < localMoment(logLastDay + 1, 0))
      .sort((a, b) => a.time - b.time)
      .map((row) =>
        [
          isoUtc(row.time),
          row.queue,
          row.direction,
          row.ip,
          row.name,
          row.helo,
          row.envelopeFrom.toLowerCase(),
          row.headerFrom.toLowerCase(),
          row.recipient.toLowerCase(),
          row.subject,
          row.messageId!,
          row.spf,
          row.dkim,
          row.dmarc,
          row.score.toFixed(1),
          row.action,
          row.size,
        ]
          .map(csvField)
          .join(','),
      ),
  ].join('\n')}\n`;

  const files: Record<string, string> = {
    'evidence/01-invoice.eml': `${invoiceEml}`,
    'evidence/02-change-of-bank-details.eml': `${fraudEml}`,
    'evidence/03-reply-sent.eml': replyEml,
    'evidence/04-follow-up.eml': `${followupEml}`,
    'evidence/05-payment-reminder.eml': `${reminderEml}`,
    'evidence/mail-gateway.csv': csv,
  };

  // --- The mail administrator's statement, with the hashes he recorded at export.
  // The export is on Tuesday 28 May 2024 at 14:40 local time, as in the custody records of lab.yaml.
  const exportAt = localMoment(57, 14, 40, 0);
  const statement = `MINISTRY OF INFRASTRUCTURE - ICT SERVICE CENTRE
Statement of Tobias Reinholt, mail administrator
Date: ${longDate(exportAt)}
For: Regional Cybercrime Unit, DC Amira Haddad

1. What I exported
   On ${longDate(exportAt)} at ${fields(exportAt, CEST).hh}:${fields(exportAt, CEST).mm} (local time) I logged in to the mailbox
   server ${MAILBOX_SERVER} with my administrator account and exported five
   messages from the mailbox ${CLERK} with
   "doveadm fetch -u ${CLERK} text ...", one file per message,
   unchanged as stored on the server. Four are from the folder INBOX
   (01, 02, 04, 05); 03 is from the folder Sent. The messages were chosen
   by Ms Okafor as the messages about invoice ${invoiceNumber}.
   I also exported the log of our mail gateway for ${shortDate(localMoment(logFirstDay, 12))} to
   ${shortDate(localMoment(logLastDay, 12))} for the mailboxes of the Directorate of Finance
   (mail-gateway.csv). The full log is kept on the gateway.

2. Our mail set-up (for reading the headers)
   - All mail from the internet arrives at our gateway ${GATEWAY}
     (public address 192.0.2.25, internal address ${GATEWAY_LAN}). The gateway
     checks SPF, DKIM and DMARC and writes the results into the
     Authentication-Results header under the name ${GATEWAY}.
     Authentication-Results headers with that name arriving from outside
     are removed first.
   - On the gateway the content filter (amavisd-new with SpamAssassin)
     runs on the same machine: the message passes from Postfix to the
     filter and back over 127.0.0.1. Messages with a spam score of 6.2 or
     more are quarantined; 12 or more are rejected.
   - The gateway passes the message to the mailbox server
     ${MAILBOX_SERVER} (${MAILBOX_LAN}), which delivers it into the mailbox (LMTP).
   - Messages sent by our staff leave through ${MAILBOX_SERVER} and the
     gateway; the copy in the sender's Sent folder is saved by the mail
     program and has no Received lines.
   - All servers are synchronised with NTP. Times in the headers are
     local time (CEST, UTC+2); the gateway log is in UTC.

3. SHA-256 of the exported files, computed on export
${Object.entries(files)
  .map(([name, content]) => `   ${sha256(content)}  ${name.replace('evidence/', '')}`)
  .join('\n')}
`;

  const values = {
    invoice_number: invoiceNumber,
    invoice_amount: amount,
    purchase_order: purchaseOrder,
    invoice_date_text: longDate(invoiceAt),
    fraud_date_text: longDate(fraudAt),
    payment_date_text: longDate(localMoment(paymentDay, 12)),
    reminder_date_text: longDate(reminderAt),
    report_date_text: longDate(localMoment(reportDay, 12)),
    log_first_day_text: shortDate(localMoment(logFirstDay, 12)),
    log_last_day_text: shortDate(localMoment(logLastDay, 12)),

    lookalike_domain: fraudDomain,
    lookalike_domain_upper: fraudDomain.toUpperCase(),
    lookalike_trick: lookalike.trick,
    fraud_from: fraudFrom,
    reply_to_address: replyTo,
    reply_to_domain: replyToDomain,
    fraud_mailer: mailer.name,

    fraud_ip: fraudIp,
    fraud_rdns: fraudRdns,
    followup_ip: followupIp,
    northwind_ip: northwindIp,
    x_originating_ip: xOriginatingIp,
    fraud_queue_id: fraudQueue,

    spf_result: spfResult,
    dkim_result: dkimResult,
    auth_failed: ['dmarc', 'spf', ...(dkimResult === 'fail' ? ['dkim'] : [])].sort(),
    auth_failed_decoy: dkimResult === 'fail' ? ['dmarc', 'spf'] : ['dkim', 'dmarc', 'spf'],

    received_time: isoUtc(fraudAt),
    received_time_header: rfc5322(fraudAt, CEST, true),
    received_time_wrong_zone: isoUtc(fraudAt + CEST * 60),
    mailbox_time: rfc5322(fraudTrace.times.mailbox, CEST),
    date_header: fraudDateHeader,
    forged_received_time: rfc5322(forgedAt, 0),
    followup_received_time: rfc5322(followupAt, CEST),

    attachment_name: letterName,
    attachment_size: String(letterPdf.byteLength),
    attachment_sha256: sha256(letterPdf),
    attachment_base64_sha256: sha256(`${letterBase64}\n`),
    invoice_pdf_sha256: sha256(invoicePdf),
    fraud_eml_sha256: sha256(fraudEml),
    pdf_producer: pdfMaker.producer,

    new_iban: newIban.spaced,
    new_iban_compact: newIban.compact,
    new_bank_name: fraudBank.name,
    new_bic: fraudBank.bic,
    genuine_iban: genuineIban.spaced,

    other_recipients: [...new Set([...targetRecipients, ...copyRecipients])].sort(),
    copy_recipients: [...copyRecipients].sort(),
    copy_recipients_upper: copyRecipients.map((recipient) => recipient.toUpperCase()).sort(),
    subject_decoy_recipients: [...copyRecipients, sameSubjectOther].sort(),
    fraud_message_id: fraudMessageId.slice(1, -1),
    first_attempt_message_id: firstAttemptId.slice(1, -1),
    invoice_message_id: invoiceMessageId,
  };

  return {
    files: { ...files, 'evidence/it-statement.txt': statement },
    values,
  };
};

export default generate;
