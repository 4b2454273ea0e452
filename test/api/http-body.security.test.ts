// Request bodies through real HTTP. The body limit judges a body with a Content-Length by the header
// alone and leaves reading it to the Node adapter, and counts chunked bodies as they stream in; these
// paths only exist behind a real socket, so app.request() cannot exercise them.
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect } from 'vitest';
import { sharedApiTest } from '../helpers/fixtures.ts';

/** The usual world for the file, its app served on a real socket; Tomas sends the bodies (`socket`). */
const it = sharedApiTest
  .extend('port', { scope: 'file' }, async ({ harness }, { onCleanup }) => {
    const server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: harness.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return (server.address() as AddressInfo).port;
  })
  .extend('socket', { scope: 'file' }, ({ port, trainee }) => ({ port, cookie: trainee.cookie }));

const answerPath = '/api/labs/api-lab/tasks/attacker-ip/submissions';

/** A POST over a real socket: `chunks` are sent as they are, chunked unless a Content-Length is given. */
function post(
  { port, cookie }: { port: number; cookie: string },
  path: string,
  chunks: string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error?: { code: string; message: string }; submission?: { verdict: string } } }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    // One connection per request (no keep-alive): a refused upload leaves its connection unusable.
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', cookie, ...headers },
      },
      (response) => {
        answered = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode!, body: JSON.parse(text) });
          } catch {
            reject(new Error(`not JSON (${response.statusCode}): ${text}`));
          }
        });
      },
    );
    // The server may answer (413) and close before a large body is fully sent.
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe('answer bodies over HTTP', () => {
  it('grades an answer sent with a Content-Length', async ({ socket }) => {
    const body = JSON.stringify({ answer: '192.0.2.99' });
    const response = await post(socket, answerPath, [body], {
      'content-length': String(Buffer.byteLength(body)),
    });
    expect(response.status).toBe(201);
    expect(response.body.submission?.verdict).toBe('incorrect');
  });

  it('grades an answer sent in chunks without a Content-Length', async ({ socket }) => {
    const response = await post(socket, answerPath, ['{"answer":', '"192.0.2.98"}']);
    expect(response.status).toBe(201);
    expect(response.body.submission?.verdict).toBe('incorrect');
  });

  it('refuses a body announced as larger than 1 MB before reading it, storing nothing', async ({ harness, socket }) => {
    const before = harness.count('submissions');
    const big = JSON.stringify({ answer: 'x'.repeat(1024 * 1024) });
    const response = await post(socket, answerPath, [big], {
      'content-length': String(Buffer.byteLength(big)),
    });
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('payload_too_large');
    expect(harness.count('submissions')).toBe(before);
  });

  it('refuses a chunked body once it passes 1 MB, storing nothing', async ({ harness, socket }) => {
    const before = harness.count('submissions');
    const response = await post(socket, answerPath, [
      '{"answer":"',
      ...Array.from({ length: 20 }, () => 'x'.repeat(64 * 1024)),
      '"}',
    ]);
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('payload_too_large');
    expect(harness.count('submissions')).toBe(before);
  });

  it('answers malformed JSON with a 400 in the error envelope', async ({ socket }) => {
    const body = '{"answer": "192.0.2.1"';
    const response = await post(socket, answerPath, [body], {
      'content-length': String(Buffer.byteLength(body)),
    });
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('bad_request');
    expect(response.body.error?.message).toMatch(/JSON/iu);
  });
});
