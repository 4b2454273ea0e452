// The secure and caching headers, as a browser receives them from a real server. Through Node's HTTP
// server they are put on Node's response before the handler runs (answerHeaders), a different path
// from app.request's (where they are added to the finished answer, as the other API tests see them):
// these tests prove the real path gives every answer the same headers, and leaves a handler's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRAINEES } from '../helpers/demo-servers.ts';
import { HttpAgent, killAllServers, ServerProcess } from '../helpers/server-process.ts';

let server: ServerProcess;
let cookie: string;

beforeAll(async () => {
  server = await ServerProcess.start();
  const trainee = await new HttpAgent(server.url).signIn(DEMO_TRAINEES[0]!.username, DEMO_TRAINEES[0]!.password);
  cookie = trainee.cookie;
}, 60_000);
afterAll(() => killAllServers());

/** A GET as a browser of the signed-in trainee would send it, with the compression it accepts. */
function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers: { cookie, ...headers } });
}

function expectSecureHeaders(response: Response) {
  expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
}

describe('answers of a real server', () => {
  it('carry the secure headers and no-store on the API, once each', async () => {
    const health = await get('/api/health', { 'accept-encoding': 'identity' });
    expect(health.status).toBe(200);
    expectSecureHeaders(health);
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(health.headers.get('vary')).toBe('Accept-Encoding');

    // Compressed: compress's own Vary does not double it.
    const catalogue = await get('/api/catalogue', { 'accept-encoding': 'gzip' });
    expect(catalogue.status).toBe(200);
    expect(catalogue.headers.get('content-encoding')).toBe('gzip');
    expect(catalogue.headers.get('vary')).toBe('Accept-Encoding');
    expectSecureHeaders(catalogue);
    expect(((await catalogue.json()) as { courses: unknown[] }).courses.length).toBeGreaterThan(0);
  });

  it('carry them on errors too', async () => {
    const missing = await get('/api/no-such-route');
    expect(missing.status).toBe(404);
    expectSecureHeaders(missing);
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const signedOut = await fetch(`${server.url}/api/scoreboard`);
    expect(signedOut.status).toBe(401);
    expectSecureHeaders(signedOut);
  });

  it("keep a handler's own value of a header they set", async () => {
    const download = await get('/api/labs/sample-ssh-intrusion/evidence/auth-log');
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expectSecureHeaders(download);
    await download.arrayBuffer();
  });
});
