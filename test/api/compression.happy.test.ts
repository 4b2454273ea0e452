import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, type Agent } from '../helpers/harness.ts';

const LAB = 'sample-ssh-intrusion';
let harness: Harness;
let agent: Agent;
let cohortId: number;

beforeEach(async () => {
  harness = await Harness.create();
  const instructor = await harness.user('ines', 'instructor');
  const trainee = await harness.user('tomas');
  cohortId = harness.cohort(instructor, [trainee], [LAB]).id;
  agent = await harness.signIn(trainee);
});
afterEach(() => harness.dispose());

const gzipped = { 'accept-encoding': 'gzip, deflate, br' };

describe('compressed API answers', () => {
  it('gzips JSON reads for a browser that accepts it, and the body is the same JSON', async () => {
    const plain = await agent.json<{ lab: { id: string } }>('GET', `/api/labs/${LAB}`);
    const response = await agent.request(`/api/labs/${LAB}`, { headers: gzipped });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/iu);
    const body = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as {
      lab: { id: string };
    };
    expect(body).toEqual(plain.body);

    const lines = await agent.request(`/api/labs/${LAB}/evidence/auth-log/lines?from=1&count=1000`, {
      headers: gzipped,
    });
    expect(lines.headers.get('content-encoding')).toBe('gzip');
  });

  it('leaves evidence downloads, answers and the live scoreboard stream uncompressed', async () => {
    const download = await agent.request(`/api/labs/${LAB}/evidence/auth-log`, { headers: gzipped });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-encoding')).toBeNull();
    // The file's bytes as stored: a download's hash must match the chain of custody.
    expect(Number(download.headers.get('content-length'))).toBe((await download.arrayBuffer()).byteLength);

    const answer = await agent.request(`/api/labs/${LAB}/tasks/attacker-ip/submissions`, {
      method: 'POST',
      headers: gzipped,
      body: JSON.stringify({ answer: '192.0.2.254' }),
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-encoding')).toBeNull();

    const controller = new AbortController();
    const stream = await agent.request(`/api/scoreboard/${cohortId}/stream`, {
      headers: gzipped,
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/u);
    expect(stream.headers.get('content-encoding')).toBeNull();
    controller.abort();
    await stream.body?.cancel().catch(() => undefined);
  });
});
