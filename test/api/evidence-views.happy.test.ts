import { createHash } from 'node:crypto';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { htmlToPlainText, parseReceived, splitMbox } from '../../server/evidence/email-message.ts';
import { labsFolder, openHarness } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';
import { addViewsLab, BINARY_BYTES, MBOX_ATTACHMENT, PNG_BYTES, VIEWS_LAB } from '../helpers/evidence-views-fixture.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * The decoded bytes of a base64 attachment, found by hand rather than by a MIME parser: the text
 * after the blank line that ends the headers naming the file, up to the next boundary line.
 */
function decodeAttachmentByHand(raw: string, filename: string): Buffer {
  const named = raw.indexOf(`filename="${filename}"`);
  expect(named).toBeGreaterThan(0);
  const bodyStart = raw.slice(named).search(/\r?\n\r?\n/u) + named;
  const bodyEnd = raw.indexOf('\n--', bodyStart);
  return Buffer.from(raw.slice(bodyStart, bodyEnd).replace(/\s+/gu, ''), 'base64');
}

/**
 * Tomas in a cohort with the views lab and two shipped e-mail labs: the tests only read, and the
 * shipped labs take a while to load, so the file shares one app.
 */
const it = test
  .extend<'labsDir', string | null>(
    'labsDir',
    { scope: 'file' },
    labsFolder(async (fixture) => {
      await addViewsLab(fixture);
      for (const lab of ['sample-phishing-report', 'bec-ministry-supplier'])
        await cp(join('labs', lab), join(fixture.labsDir, lab), { recursive: true });
    }),
  )
  .extend('harness', { scope: 'file' }, openHarness)
  .extend('trainee', { scope: 'file' }, async ({ harness }) => {
    const [instructor, trainee] = await Promise.all([harness.user('ines', 'instructor'), harness.user('tomas')]);
    await harness.cohort(instructor, [trainee], [VIEWS_LAB, 'sample-phishing-report', 'bec-ministry-supplier']);
    return harness.signIn(trainee);
  });

function evidence(agent: Agent, labId: string, evidenceId: string) {
  return { route: agent.api.labs[':labId'].evidence[':evidenceId'], param: { labId, evidenceId } };
}

async function mailbox(agent: Agent, labId: string, evidenceId: string) {
  const { route, param } = evidence(agent, labId, evidenceId);
  const response = await read(route.message.$get({ param }));
  expect(response.status).toBe(200);
  return response.body;
}

async function attachment(agent: Agent, labId: string, evidenceId: string, index: string, query = {}) {
  const { route, param } = evidence(agent, labId, evidenceId);
  return route.message.attachments[':index'].$get({ param: { ...param, index }, query });
}

describe('the rendered e-mail view', () => {
  it("e-mail attachments' SHA-256 equal the hash of the decoded part computed in the test", async ({ trainee }) => {
    const raw = await readFile('labs/sample-phishing-report/evidence/invoice-reminder.eml', 'latin1');
    const decoded = decodeAttachmentByHand(raw, 'INV-2024-0419_updated.pdf');
    expect(decoded.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const view = await mailbox(trainee, 'sample-phishing-report', 'message');
    const [first] = view.messages[0]!.attachments;
    expect(first).toMatchObject({
      index: 0,
      filename: 'INV-2024-0419_updated.pdf',
      mimeType: 'application/pdf',
      size: decoded.length,
      sha256: sha256(decoded),
    });
    // The lab's own expected answer agrees, so a trainee can copy the hash from the view.
    expect(first!.sha256).toBe('04a69d775c464d6c6315f6bd8833b3f76a33cb6007ea69639e2b2045fdc79991');

    const download = await attachment(trainee, 'sample-phishing-report', 'message', '0');
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(decoded)).toBe(true);
  });

  it('hashes the attachments of a generated variant message the same way', async ({ trainee }) => {
    const { route, param } = evidence(trainee, 'bec-ministry-supplier', 'invoice');
    const raw = await route.$get({ param });
    const text = Buffer.from(await raw.arrayBuffer()).toString('latin1');
    const name = /filename="([^"]+\.pdf)"/u.exec(text)![1]!;
    const decoded = decodeAttachmentByHand(text, name);

    const message = (await mailbox(trainee, 'bec-ministry-supplier', 'invoice')).messages[0]!;
    expect(message.attachments).toEqual([
      expect.objectContaining({ filename: name, size: decoded.length, sha256: sha256(decoded) }),
    ]);
    // multipart/alternative: the plain part as text, the HTML part converted to text, never markup.
    expect(message.text).toBeTruthy();
    expect(message.htmlAsText).toBeTruthy();
    expect(message.htmlAsText).not.toMatch(/<\/?(p|br|html|body)\b/iu);
    // The chain starts at the sender's side and ends at the mailbox server.
    expect(message.hops.length).toBeGreaterThanOrEqual(2);
    expect(message.hops.at(-1)!.by).toMatch(/mbx02\.infra-ministry\.example/u);
    expect(message.hops.map((hop) => hop.hop)).toEqual(message.hops.map((_, index) => index + 1));
  });

  it('lists every header in file order and numbers the Received hops oldest first', async ({ trainee }) => {
    const view = await mailbox(trainee, 'sample-phishing-report', 'message');
    const message = view.messages[0]!;
    expect(view.format).toBe('eml');
    expect(message.headers.slice(0, 2)).toEqual([
      { name: 'Return-Path', value: '<billing@examp1e-supplies.example>' },
      { name: 'Delivered-To', value: 'accounts@lindqvist-dental.example' },
    ]);
    expect(message.headers.filter((header) => header.name === 'Received')).toHaveLength(3);
    expect(message.subject).toBe('Payment reminder: overdue invoice INV-2024-0419 - updated bank details');
    expect(message.hops).toEqual([
      expect.objectContaining({
        hop: 1,
        from: null,
        by: 'mail.examp1e-supplies.example (Postfix, from userid 1001)',
        id: '2E7B0412A3',
        dateUtc: '2024-03-12T08:14:19.000Z',
      }),
      expect.objectContaining({
        hop: 2,
        from: expect.stringContaining('[203.0.113.45]'),
        by: 'mx-in.lindqvist-dental.example (Postfix)',
        with: 'ESMTPS',
        id: '6C1F21A0093',
        for: '<accounts@lindqvist-dental.example>',
        date: 'Tue, 12 Mar 2024 09:14:25 +0100 (CET)',
        dateUtc: '2024-03-12T08:14:25.000Z',
      }),
      expect.objectContaining({
        hop: 3,
        from: 'mx-in.lindqvist-dental.example (mx-in.lindqvist-dental.example [192.0.2.25])',
        by: 'mail.lindqvist-dental.example (Postfix)',
      }),
    ]);
    expect(message.text).toContain('ZZ00 EXMP 0123 4567 89');
    expect(message.htmlAsText).toBeNull();
  });

  it('lists each message of an mbox, decodes encoded words and undoes mboxrd quoting', async ({ trainee }) => {
    const view = await mailbox(trainee, VIEWS_LAB, 'mailbox');
    expect(view.format).toBe('mbox');
    expect(view.messages.map((message) => message.subject)).toEqual([
      'Overdue invoice – pay today',
      'Re: Overdue invoice',
    ]);
    expect(view.messages[0]!.envelope).toBe('From attacker@attacker.example Mon Apr  1 08:00:00 2024');
    expect(view.messages[0]!.hops.map((hop) => hop.by)).toEqual([
      'mx.victim.example (Postfix)',
      'store.victim.example',
    ]);
    expect(view.messages[1]!.text).toContain('\nFrom the accounts desk');
    expect(view.messages[0]!.attachments[0]!).toMatchObject({
      size: MBOX_ATTACHMENT.length,
      sha256: sha256(MBOX_ATTACHMENT),
    });
  });

  it('shows an HTML body only as text: no markup, no script, the link target written out', async ({ trainee }) => {
    const html = (await mailbox(trainee, VIEWS_LAB, 'mailbox')).messages[0]!.htmlAsText!;
    expect(html).toContain('Please pay (https://pay.attacker.example/now) here today.');
    expect(html).toContain('Regards, Accounts');
    expect(html).not.toMatch(/<|pwned|background:red/u);
  });

  it('downloads an attachment as opaque bytes under a safe name', async ({ trainee }) => {
    const response = await attachment(trainee, VIEWS_LAB, 'mailbox', '0', { message: '0' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition')!;
    // The direction override that makes "fdp.exe" read as "exe.pdf" is gone from both forms.
    expect(disposition).toBe(`attachment; filename="invoicefdp.exe"; filename*=UTF-8''invoicefdp.exe`);
    expect(Buffer.from(await response.arrayBuffer()).equals(MBOX_ATTACHMENT)).toBe(true);
    const view = await mailbox(trainee, VIEWS_LAB, 'mailbox');
    expect(view.messages[0]!.attachments[0]!.filename).toBe('invoicefdp.exe');
  });
});

describe('the hex and image views', () => {
  it('returns a bounded page of bytes from an offset', async ({ trainee }) => {
    const { route, param } = evidence(trainee, VIEWS_LAB, 'blob');
    const page = await read(route.hex.$get({ param, query: { offset: '256', length: '32' } }));
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      offset: 256,
      size: 1000,
      length: 32,
      hex: BINARY_BYTES.subarray(256, 288).toString('hex'),
    });
    const last = await read(route.hex.$get({ param, query: { offset: '990', length: '4096' } }));
    expect(last.body).toMatchObject({ length: 10, hex: BINARY_BYTES.subarray(990).toString('hex') });
  });

  it('serves a PNG with its own type, inline and nosniff', async ({ trainee }) => {
    const { route, param } = evidence(trainee, VIEWS_LAB, 'photo');
    const response = await route.image.$get({ param });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; /u);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
  });
});

describe('the parsing pieces', () => {
  it('keeps comments with their clause and reads a hop without a from clause', () => {
    const hop = parseReceived(
      'from a.example (b.example [192.0.2.1]) (using TLSv1.3 with cipher X) by c.example with ESMTPS id 1; Mon, 1 Apr 2024 10:00:00 +0200',
      4,
    );
    expect(hop).toMatchObject({
      hop: 4,
      from: 'a.example (b.example [192.0.2.1]) (using TLSv1.3 with cipher X)',
      by: 'c.example',
      with: 'ESMTPS',
      id: '1',
      dateUtc: '2024-04-01T08:00:00.000Z',
    });
    expect(parseReceived('by local.example; garbage date', 1)).toMatchObject({
      from: null,
      by: 'local.example',
      date: 'garbage date',
      dateUtc: null,
    });
  });

  it('splits an mbox only at From lines after a blank line', () => {
    const entries = splitMbox(
      Buffer.from('From a@x Mon\nSubject: one\n\nbody\nFrom here on\n\nFrom b@x Tue\nSubject: two\n\nbody two\n'),
    );
    expect(entries.map((entry) => entry.envelope)).toEqual(['From a@x Mon', 'From b@x Tue']);
    expect(entries[0]!.raw.toString()).toContain('From here on');
  });

  it("converts HTML with postal-mime's converter (pinned in case an upgrade changes the trick)", async () => {
    expect(
      await htmlToPlainText('<p>One &amp; <a href="https://x.example/">two</a></p><script>bad()</script><p>three</p>'),
    ).toBe('One & (https://x.example/) two\n\nthree');
  });
});
