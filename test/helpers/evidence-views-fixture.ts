import { createHash } from 'node:crypto';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabFixture } from './lab-fixtures.ts';

/**
 * A lab holding one artefact of each kind the rendered views handle, with the awkward cases in
 * them: an mbox whose first message has a hostile HTML part and an attachment named with a
 * direction override, an mboxrd-quoted body line, a PNG, an SVG filed as an image, a binary file
 * and a Markdown note. Shared by the API and browser tests of the views.
 */
export const VIEWS_LAB = 'views-lab';

/** A 1x1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const SVG_TEXT = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n';
/** 1,000 bytes counting 0..255 round, so every offset's value is known. */
export const BINARY_BYTES = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 256));
export const MARKDOWN_TEXT = '# Examiner notes\n\nThe **disk image** was verified.\n\n- first item\n- second item\n';

/** The attachment of the mbox's first message, before encoding. */
export const MBOX_ATTACHMENT = Buffer.from('Wire EUR 9,400 to NL00 EXMP 0000 1111 22 today.\r\n'.repeat(20));
/** Its name as the sender wrote it: "invoice", a right-to-left override, then "fdp.exe". */
export const MBOX_ATTACHMENT_NAME = 'invoice\u202efdp.exe';

const HOSTILE_HTML = [
  '<html><head><style>body{background:red}</style></head><body>',
  '<p>Please pay <a href="https://pay.attacker.example/now" id="mail-link">here</a> today.</p>',
  '<img src="https://tracker.attacker.example/pixel.gif" id="mail-pixel" onerror="document.title=\'pwned\'">',
  '<script>document.title = "pwned"</script>',
  '<p>Regards, <b>Accounts</b></p>',
  '</body></html>',
].join('\n');

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/gu) ?? []).join('\n');
}

/** The mbox: two messages, the second with a body line that mboxrd quotes as ">From ". */
export function mboxText(): string {
  const encodedName = `=?utf-8?b?${Buffer.from(MBOX_ATTACHMENT_NAME).toString('base64')}?=`;
  const first = [
    'From attacker@attacker.example Mon Apr  1 08:00:00 2024',
    'Received: from mx.victim.example by store.victim.example with LMTP id abc123; Mon, 1 Apr 2024 10:00:05 +0200',
    'Received: from relay.attacker.example (relay.attacker.example [198.51.100.7]) by mx.victim.example (Postfix) with ESMTP id 7F00AA for <clerk@victim.example>; Mon, 1 Apr 2024 10:00:02 +0200 (CEST)',
    'From: "Accounts" <accounts@attacker.example>',
    'To: clerk@victim.example',
    'Subject: =?utf-8?q?Overdue_invoice_=E2=80=93_pay_today?=',
    'Date: Mon, 1 Apr 2024 07:59:40 +0000',
    'Message-ID: <one@attacker.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please pay here today.',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(HOSTILE_HTML)),
    '--inner--',
    '--outer',
    `Content-Type: application/octet-stream; name="${encodedName}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${encodedName}"`,
    '',
    base64Lines(MBOX_ATTACHMENT),
    '--outer--',
    '',
  ];
  const second = [
    'From clerk@victim.example Mon Apr  1 09:00:00 2024',
    'From: clerk@victim.example',
    'To: accounts@attacker.example',
    'Subject: Re: Overdue invoice',
    'Date: Mon, 1 Apr 2024 09:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Paid.',
    '>From the accounts desk, with regards.',
    '',
  ];
  return [...first, ...second].join('\n');
}

function evidenceEntry(id: string, file: string, kind: string, content: Buffer | string, extra = ''): string {
  const sha256 = createHash('sha256').update(content).digest('hex');
  return `  - id: ${id}
    file: evidence/${file}
    title: "VW/${id}"
    kind: ${kind}${extra}
    sha256: ${sha256}
    custody:
      source_device: Test device
      acquired_by: Test unit
      acquired_at: 2024-04-01T09:00:00Z
      method: Written by the test fixture
`;
}

/** Adds the views lab (under another id if given) to a fixture's labs folder. */
export async function addViewsLab(fixture: LabFixture, id = VIEWS_LAB): Promise<void> {
  const dir = await fixture.addLab(id);
  const files: [string, string, string, Buffer | string, string?][] = [
    ['mailbox', 'mailbox.mbox', 'email', mboxText()],
    ['photo', 'photo.png', 'image', PNG_BYTES],
    ['drawing', 'drawing.png', 'image', SVG_TEXT],
    ['blob', 'blob.bin', 'binary', BINARY_BYTES],
    ['notes', 'notes.md', 'text', MARKDOWN_TEXT, '\n    format: markdown'],
  ];
  for (const [, file, , content] of files) await writeFile(join(dir, 'evidence', file), content);
  await fixture.edit(
    id,
    '\ntasks:',
    `${files.map(([evidenceId, file, kind, content, extra]) => evidenceEntry(evidenceId, file, kind, content, extra)).join('')}\ntasks:`,
  );
}

/** A labs folder for a browser test: the views lab and a copy of the shipped phishing lab. */
export async function addShippedPhishingLab(fixture: LabFixture): Promise<void> {
  await mkdir(fixture.labsDir, { recursive: true });
  await cp(join('labs', 'sample-phishing-report'), join(fixture.labsDir, 'sample-phishing-report'), {
    recursive: true,
  });
}
