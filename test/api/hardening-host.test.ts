// Issue 11, "Also": the Host header is checked against the addresses the server is configured for,
// so a DNS-rebinding page (an attacker's name resolving to this server) cannot read the API. The
// browser sends the attacker's name as Host; a real socket is used so that the header is the one
// Node received.
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { Harness } from '../helpers/harness.ts';

let harness: Harness;
const servers: ServerType[] = [];

beforeAll(async () => {
  harness = await Harness.create({ withoutLabs: true });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await harness.dispose();
});

/** Serves an app on a loopback port and returns the port. */
async function listen(app: ReturnType<typeof createApp>): Promise<number> {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** A GET over a real socket with the given Host header. */
function get(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; body: ErrorBody | Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'GET', agent: false, headers: { host } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the Host header with no configured address', () => {
  let port: number;
  beforeAll(async () => {
    port = await listen(createApp(harness.services));
  });

  it.each(['rebind.attacker.example', `rebind.attacker.example:${0}`, 'localhost.attacker.example'])(
    'refuses %s with a 421 in the error envelope',
    async (host) => {
      const response = await get(port, '/api/health', host);
      expect(response.status).toBe(421);
      expect((response.body as ErrorBody).error.code).toBe('misdirected_request');
      expect((response.body as ErrorBody).error.message).toMatch(/CASEBENCH_PUBLIC_URL/u);
    },
  );

  it('refuses the web pages too, not only the API', async () => {
    expect((await get(port, '/', 'rebind.attacker.example')).status).toBe(421);
  });

  it.each(['localhost', 'LOCALHOST:3000', 'casebench.localhost', '127.0.0.1', '[::1]:8080', '192.0.2.10'])(
    'accepts %s (local names and IP addresses cannot be rebound)',
    async (host) => {
      expect((await get(port, '/api/health', host.replace('3000', String(port)))).status).toBe(200);
    },
  );
});

describe('the Host header with configured addresses', () => {
  it('accepts the public URL’s name and the listed names, and refuses others', async () => {
    const config = readConfig({
      CASEBENCH_PUBLIC_URL: 'https://casebench.example.org',
      CASEBENCH_ALLOWED_HOSTS: 'lab.example.net, Intranet',
    });
    expect(config.allowedHosts).toEqual(
      expect.arrayContaining(['casebench.example.org', 'lab.example.net', 'intranet', '127.0.0.1']),
    );
    const port = await listen(createApp(harness.services, { allowedHosts: config.allowedHosts }));
    expect((await get(port, '/api/health', 'casebench.example.org')).status).toBe(200);
    expect((await get(port, '/api/health', 'casebench.example.org:443')).status).toBe(200);
    expect((await get(port, '/api/health', 'intranet')).status).toBe(200);
    expect((await get(port, '/api/health', 'casebench.example.org.attacker.example')).status).toBe(421);
  });

  it('accepts the listening HOST when it is a name', () => {
    expect(readConfig({ HOST: 'casebench.lan' }).allowedHosts).toContain('casebench.lan');
  });

  it('lets "*" turn the check off, for a proxy that checks the name itself', async () => {
    const config = readConfig({ CASEBENCH_ALLOWED_HOSTS: '*' });
    expect(config.allowedHosts).toBe('any');
    const port = await listen(createApp(harness.services, { allowedHosts: config.allowedHosts }));
    expect((await get(port, '/api/health', 'anything.example')).status).toBe(200);
  });

  it('refuses a public URL that is not http or https at start', () => {
    expect(() => readConfig({ CASEBENCH_PUBLIC_URL: 'ftp://casebench.example.org' })).toThrow(/CASEBENCH_PUBLIC_URL/u);
  });
});
