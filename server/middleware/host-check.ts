import ipaddr from 'ipaddr.js';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';

/**
 * The host names a request may address: the configured ones, and always `localhost` (and its
 * subdomains) and IP addresses. `'any'` turns the check off, for a reverse proxy that checks itself.
 */
export type AllowedHosts = readonly string[] | 'any';

/** The host name of a Host header value (port and IPv6 brackets removed, lower case), or undefined. */
function hostNameOf(host: string): string | undefined {
  try {
    const name = new URL(`http://${host}`).hostname;
    return name.startsWith('[') ? name.slice(1, -1) : name;
  } catch {
    return undefined;
  }
}

/** Whether a host name needs no configuration: no DNS name an attacker controls can be one of these. */
function alwaysAllowed(name: string): boolean {
  // A rebinding attack needs a DNS name the attacker controls; an IP address in the Host header
  // means the browser's page origin is that address itself. (WHATWG URL parsing has already turned
  // any odd IPv4 spelling into dotted decimal.)
  return name === 'localhost' || name.endsWith('.localhost') || ipaddr.isValid(name);
}

/** Accepted Host values remembered: localhost, the addresses and names the server is reached by. */
const MAX_ACCEPTED_HOSTS = 100;

/**
 * Refuses requests whose Host header names a site this server is not (421): DNS rebinding points an
 * attacker's name at this server so that the attacker's page, same-origin with that name, can read
 * the API; the browser still sends the attacker's name as Host. Requests without a Host header (only
 * possible in-process) are judged by their URL.
 */
export function checkHost(allowed: AllowedHosts = []) {
  const names = allowed === 'any' ? undefined : new Set(allowed.map((name) => hostNameOf(name) ?? name.toLowerCase()));
  // A server sees a handful of Host values, each on every request: judged once each (parsing one as
  // a URL costs more than the rest of the check). Refused ones are not kept, so junk cannot fill it.
  const accepted = new Set<string>();
  const judge = createMiddleware(async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostNameOf(host);
    if (name === undefined || (!alwaysAllowed(name) && !names?.has(name)))
      throw new AppError(
        'misdirected_request',
        `this server does not answer for the host "${host.slice(0, 100)}": add it to CASEBENCH_PUBLIC_URL or ` +
          'CASEBENCH_ALLOWED_HOSTS',
      );
    if (accepted.size < MAX_ACCEPTED_HOSTS) accepted.add(host);
    await next();
  });
  // A Host accepted before passes straight on, without an async step of its own.
  return createMiddleware((c, next) => {
    if (!names) return next();
    const host = c.req.header('host');
    return host !== undefined && accepted.has(host) ? next() : judge(c, next);
  });
}
