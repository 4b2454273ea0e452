import { createHash } from 'node:crypto';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { sharedApiTestOver } from '../helpers/fixtures.ts';
import { addViewsLab, VIEWS_LAB } from '../helpers/evidence-views-fixture.ts';

const HIDDEN_LAB = 'hidden-views';
const UPCOMING_LAB = 'upcoming-views';
const BEC = 'bec-ministry-supplier';

/** Every route of the rendered views for one lab's artefacts. */
function viewRoutes(lab: string): string[] {
  return [
    `/api/labs/${lab}/evidence/mailbox/message`,
    `/api/labs/${lab}/evidence/mailbox/message/attachments/0`,
    `/api/labs/${lab}/evidence/blob/hex?offset=0&length=16`,
    `/api/labs/${lab}/evidence/photo/image`,
  ];
}

/**
 * One app for the file (the tests only read): Tomas and Lena in Ines's cohort with the views lab and
 * the shipped BEC lab, and Tomas also in a cohort whose copy of the views lab opens next year; a
 * third copy is assigned to no one.
 */
const it = sharedApiTestOver(async (fixture) => {
  await addViewsLab(fixture);
  await addViewsLab(fixture, HIDDEN_LAB);
  await addViewsLab(fixture, UPCOMING_LAB);
  await cp(join('labs', BEC), join(fixture.labsDir, BEC), { recursive: true });
})
  .extend('lena', { scope: 'file' }, ({ harness }) => harness.user('lena'))
  .extend('lenaAgent', { scope: 'file' }, ({ harness, lena }) => harness.signIn(lena))
  .extend('cohort', { scope: 'file' }, ({ harness, ines, tomas, lena }) =>
    harness.cohort(ines, [tomas, lena], [VIEWS_LAB, BEC]),
  )
  .extend('upcoming', { scope: 'file', auto: true }, ({ harness, ines, tomas }) =>
    harness.cohort(ines, [tomas], [UPCOMING_LAB], {
      opensAt: new Date(harness.now().getTime() + 365 * 24 * 3600 * 1000),
    }),
  );

describe('who may see a rendered artefact', () => {
  it('answers 401 to anonymous callers on every view route', async ({ harness }) => {
    for (const path of viewRoutes(VIEWS_LAB)) {
      const response = await harness.anonymous().json<ErrorBody>('GET', path);
      expect({ path, status: response.status, code: response.body?.error.code }).toEqual({
        path,
        status: 401,
        code: 'unauthenticated',
      });
    }
  });

  it('answers an unassigned lab exactly as a lab that does not exist, leaking nothing of the artefact', async ({
    trainee,
  }) => {
    for (const path of viewRoutes(HIDDEN_LAB)) {
      const hidden = await trainee.json<ErrorBody>('GET', path);
      const missing = await trainee.json<ErrorBody>('GET', path.replace(HIDDEN_LAB, 'no-such-lab'));
      expect({ path, status: hidden.status }).toEqual({ path, status: 404 });
      expect(hidden.body.error.message.replace(HIDDEN_LAB, 'X')).toBe(
        missing.body.error.message.replace('no-such-lab', 'X'),
      );
      expect(hidden.text).not.toMatch(/attacker|Overdue|invoice|PNG/u);
    }
  });

  it('answers 403 before a lab opens', async ({ trainee }) => {
    for (const path of viewRoutes(UPCOMING_LAB)) {
      const response = await trainee.json<ErrorBody>('GET', path);
      expect({ path, status: response.status, code: response.body.error.code }).toEqual({
        path,
        status: 403,
        code: 'forbidden',
      });
      expect(response.text).not.toMatch(/attacker|Overdue/u);
    }
  });

  it("shows each trainee their own variant's message and attachment, never another trainee's", async ({
    trainee,
    lenaAgent,
  }) => {
    const views = await Promise.all(
      [trainee, lenaAgent].map(async (agent) => {
        const view = await agent.json<{ sha256: string; messages: { attachments: { sha256: string }[] }[] }>(
          'GET',
          `/api/labs/${BEC}/evidence/invoice/message`,
        );
        const file = Buffer.from(await (await agent.request(`/api/labs/${BEC}/evidence/invoice`)).arrayBuffer());
        const attachment = Buffer.from(
          await (await agent.request(`/api/labs/${BEC}/evidence/invoice/message/attachments/0`)).arrayBuffer(),
        );
        return {
          view: view.body,
          fileHash: createHash('sha256').update(file).digest('hex'),
          attachmentHash: createHash('sha256').update(attachment).digest('hex'),
        };
      }),
    );
    for (const { view, fileHash, attachmentHash } of views) {
      expect(view.sha256).toBe(fileHash);
      expect(view.messages[0]!.attachments[0]!.sha256).toBe(attachmentHash);
    }
    // Different variants, so a shared cache keyed on the artefact alone would have shown one trainee the other's file.
    expect(views[0]!.fileHash).not.toBe(views[1]!.fileHash);
  });
});

describe('what the client can name', () => {
  it('refuses attachment indexes that are not plain numbers, path traversal included', async ({ trainee }) => {
    const base = `/api/labs/${VIEWS_LAB}/evidence/mailbox/message/attachments`;
    // Not a plain number: a bad request. ".." (plain or encoded) is resolved by the URL before
    // routing and so reaches no route at all; an attachment or message that does not exist is not found.
    for (const [index, status, code] of [
      ['..%2F..%2F..%2Fetc%2Fpasswd', 400, 'bad_request'],
      ['..', 404, 'not_found'],
      ['-1', 400, 'bad_request'],
      ['0x0', 400, 'bad_request'],
      ['1e3', 400, 'bad_request'],
      ['%2e%2e', 404, 'not_found'],
      ['0;rm', 400, 'bad_request'],
      ['7', 404, 'not_found'],
      ['0?message=9', 404, 'not_found'],
      ['0?message=-1', 400, 'bad_request'],
    ] as const) {
      const response = await trainee.json<ErrorBody>('GET', `${base}/${index}`);
      expect({ index, status: response.status, code: response.body.error.code }).toEqual({ index, status, code });
      expect(response.headers.get('content-type')).toMatch(/application\/json/u);
      expect(response.text).not.toMatch(/root:|Wire EUR/u);
    }
  });

  it('finds artefacts only by id: a path as the artefact id is an unknown artefact', async ({ trainee }) => {
    for (const id of ['..%2F..%2Flab.yaml', '%2Fetc%2Fpasswd', 'evidence%2Fblob.bin']) {
      const response = await trainee.json<ErrorBody>('GET', `/api/labs/${VIEWS_LAB}/evidence/${id}/hex`);
      expect({ id, status: response.status, code: response.body.error.code }).toEqual({
        id,
        status: 404,
        code: 'not_found',
      });
      expect(response.text).not.toMatch(/root:|"hex"/u);
    }
  });

  it('serves images only as PNG, JPEG, GIF or WebP: an SVG filed as an image is refused', async ({ trainee }) => {
    const response = await trainee.json<ErrorBody>('GET', `/api/labs/${VIEWS_LAB}/evidence/drawing/image`);
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
    expect(response.text).not.toContain('<script>');
    const notAnImage = await trainee.json<ErrorBody>('GET', `/api/labs/${VIEWS_LAB}/evidence/mailbox/image`);
    expect({ status: notAnImage.status, code: notAnImage.body.error.code }).toEqual({
      status: 400,
      code: 'bad_request',
    });
  });

  it('renders only e-mail artefacts as messages', async ({ trainee }) => {
    const response = await trainee.json<ErrorBody>('GET', `/api/labs/${VIEWS_LAB}/evidence/blob/message`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });

  it('keeps hex pages bounded and inside the file', async ({ trainee }) => {
    const hex = `/api/labs/${VIEWS_LAB}/evidence/blob/hex`;
    for (const query of ['offset=-1', 'length=4097', 'length=0', 'offset=1000', 'offset=abc']) {
      const response = await trainee.json<ErrorBody>('GET', `${hex}?${query}`);
      expect({ query, status: response.status, code: response.body.error.code }).toEqual({
        query,
        status: 400,
        code: 'bad_request',
      });
    }
  });
});
