import { gunzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import { read } from '../helpers/read.ts';

const LAB = 'sample-ssh-intrusion';
/** Tomas in Ines's cohort with a shipped lab assigned. */
const it = apiTest
  .extend('labsDir', 'labs')
  .extend('cohort', async ({ harness, ines, tomas }) => harness.cohort(ines, [tomas], [LAB]));

const gzipped = { headers: { 'accept-encoding': 'gzip, deflate, br' } };
const labParam = { labId: LAB };
const evidenceParam = { ...labParam, evidenceId: 'auth-log' };

describe('compressed API answers', () => {
  it('gzips JSON reads for a browser that accepts it, and the body is the same JSON', async ({ trainee }) => {
    const plain = await read(trainee.api.labs[':labId'].$get({ param: labParam }));
    const response = await trainee.api.labs[':labId'].$get({ param: labParam }, gzipped);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/iu);
    const body: unknown = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8'));
    expect(body).toEqual(plain.body);
    // A client that asks for no compression gets plain JSON, still marked as varying with the header.
    const uncompressed = await trainee.api.labs[':labId'].$get({ param: labParam });
    expect(uncompressed.headers.get('content-encoding')).toBeNull();
    expect(uncompressed.headers.get('vary')).toMatch(/accept-encoding/iu);
    expect(await uncompressed.json()).toEqual(plain.body);

    const lines = await trainee.api.labs[':labId'].evidence[':evidenceId'].lines.$get(
      { param: evidenceParam, query: { from: '1', count: '1000' } },
      gzipped,
    );
    expect(lines.headers.get('content-encoding')).toBe('gzip');
  });

  it('leaves evidence downloads, answers and the live scoreboard stream uncompressed', async ({ trainee, cohort }) => {
    const download = await trainee.api.labs[':labId'].evidence[':evidenceId'].$get({ param: evidenceParam }, gzipped);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-encoding')).toBeNull();
    // The file's bytes as stored: a download's hash must match the chain of custody.
    expect(Number(download.headers.get('content-length'))).toBe((await download.arrayBuffer()).byteLength);

    const answer = await trainee.api.labs[':labId'].tasks[':taskId'].submissions.$post(
      { param: { ...labParam, taskId: 'attacker-ip' }, json: { answer: '192.0.2.254' } },
      gzipped,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-encoding')).toBeNull();

    const controller = new AbortController();
    const stream = await trainee.api.scoreboard[':cohortId'].stream.$get(
      { param: { cohortId: String(cohort.id) }, query: {} },
      { ...gzipped, init: { signal: controller.signal } },
    );
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/u);
    expect(stream.headers.get('content-encoding')).toBeNull();
    controller.abort();
    await stream.body?.cancel().catch(() => undefined);
  });
});
