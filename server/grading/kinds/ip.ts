import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, canonicalAlternatives, readScalar, result, tidy } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved } from './variant-reference.ts';

export const ipSpec = z
  .strictObject({
    kind: z.literal('ip'),
    expected: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        'The correct IPv4 or IPv6 address, or a list of accepted alternatives. Any way of writing the same address ' +
          'is accepted (IPv6 compressed or expanded, IPv4 with zero-padded parts, IPv4-mapped IPv6). May be omitted ' +
          'when cidr is set.',
      ),
    cidr: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Accept any address inside this network, written in CIDR notation such as "198.51.100.0/24" or ' +
          '"2001:db8:1::/48". Combined with expected, an answer matching either is correct. Never shown to trainees.',
      ),
  })
  .superRefine((spec, context) => {
    if (spec.expected === undefined && spec.cidr === undefined) {
      context.addIssue({ code: 'custom', path: ['expected'], message: 'an ip answer needs expected, cidr or both' });
    }
  });
export type IpSpec = z.infer<typeof ipSpec>;

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Network = [Address, number];

/**
 * Example addresses used in format help (RFC 5737 and RFC 3849 documentation ranges); fixed, so
 * they never reveal an answer.
 */
const EXAMPLE_V4 = '192.0.2.10';
const EXAMPLE_V6 = '2001:db8::10';
const FORMAT_HELP = `Enter an IPv4 or IPv6 address, such as ${EXAMPLE_V4} or ${EXAMPLE_V6}.`;

/**
 * Dotted IPv4 read strictly: exactly four decimal parts 0-255. Leading zeros are decimal, as in
 * zero-padded logs ("010.000.000.001" is 10.0.0.1), never octal. Hex, three-part and single-integer
 * forms, which some libraries accept, are refused.
 */
function parseIPv4(text: string): ipaddr.IPv4 | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/u.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((octet) => octet <= 255) ? new ipaddr.IPv4(octets) : undefined;
}

/** IPv6 in any RFC 4291 text form, with a dotted IPv4 tail read by the strict IPv4 rules. Zone ids are not accepted. */
function parseIPv6(text: string): ipaddr.IPv6 | undefined {
  if (text.length > 45 || !/^[0-9a-f:.]+$/iu.test(text)) return undefined;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4.octets;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (hex.includes('.') || !ipaddr.IPv6.isValid(hex)) return undefined;
  return ipaddr.IPv6.parse(hex);
}

type ReadAddress = { ok: true; address: Address } | { ok: false; feedback: string };

/**
 * One address as people write or paste it: optionally in brackets ("[2001:db8::1]", as in URLs and
 * mail headers) and followed by a full stop ending a sentence. With `unmap`, an IPv4-mapped IPv6
 * address (::ffff:192.0.2.10) is the IPv4 address it maps.
 */
function readAddress(raw: string, unmap = true): ReadAddress {
  let text = tidy(raw).replace(/\.$/u, '');
  const bracketed = /^\[([^\]]*)\](.*)$/u.exec(text);
  if (bracketed) {
    if (/^:\d+$/u.test(bracketed[2]!))
      return {
        ok: false,
        feedback: `Enter the address without a port number: ${EXAMPLE_V6}, not [${EXAMPLE_V6}]:443.`,
      };
    if (bracketed[2] !== '') return { ok: false, feedback: FORMAT_HELP };
    text = bracketed[1]!.trim();
  }
  if (/[^\P{Nd}0-9]/u.test(text))
    return { ok: false, feedback: `Write the address with the digits 0 to 9. ${FORMAT_HELP}` };
  if (text.includes('%'))
    return {
      ok: false,
      feedback: `Enter the address without a zone index (the part from % on, as in fe80::1%eth0). ${FORMAT_HELP}`,
    };
  if (text.includes('/'))
    return {
      ok: false,
      feedback: `Enter a single address without a prefix length (the part from / on). ${FORMAT_HELP}`,
    };
  if (/^[\d.]+:\d+$/u.test(text))
    return { ok: false, feedback: `Enter the address without a port number: ${EXAMPLE_V4}, not ${EXAMPLE_V4}:22.` };
  if (!text.includes(':')) {
    const v4 = parseIPv4(text);
    return v4 ? { ok: true, address: v4 } : { ok: false, feedback: FORMAT_HELP };
  }
  const v6 = parseIPv6(text);
  if (!v6) return { ok: false, feedback: FORMAT_HELP };
  return { ok: true, address: unmap && v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6 };
}

/**
 * The one written form of an address: dotted decimal without leading zeros, or RFC 5952 IPv6
 * (compressed, lowercase).
 */
function canonical(address: Address): string {
  return address instanceof ipaddr.IPv4 ? address.octets.join('.') : address.toRFC5952String();
}

function parseCidr(raw: string): Network | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/u.exec(tidy(raw));
  if (!match) return undefined;
  const read = readAddress(match[1]!, false);
  if (!read.ok) return undefined;
  const bits = Number(match[2]);
  return bits <= (read.address instanceof ipaddr.IPv4 ? 32 : 128) ? [read.address, bits] : undefined;
}

function inNetwork(address: Address, [network, bits]: Network): boolean {
  if (network instanceof ipaddr.IPv4) return address instanceof ipaddr.IPv4 && address.match(network, bits);
  const v6 = address instanceof ipaddr.IPv4 ? address.toIPv4MappedAddress() : address;
  return v6.match(network, bits);
}

/** The network address of a CIDR: the CIDR's address with every host bit cleared. */
function networkAddress([network, bits]: Network): string {
  const bytes = network.toByteArray().map((byte, index) => {
    const keep = Math.min(8, Math.max(0, bits - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return canonical(ipaddr.fromByteArray(bytes));
}

/**
 * What a resolved spec accepts: addresses in canonical form (see canonicalAlternatives), and a
 * network if cidr is set.
 */
function acceptedBy(spec: IpSpec): { addresses: string[]; network: Network | undefined } {
  const expected = assertResolved<string | string[]>(spec.expected ?? [], 'expected', 'ip');
  const cidr = assertResolved<string | undefined>(spec.cidr, 'cidr', 'ip');
  const addresses = canonicalAlternatives(expected, (text) => {
    const parsed = readAddress(text);
    return parsed.ok ? canonical(parsed.address) : undefined;
  });
  return { addresses, network: cidr === undefined ? undefined : parseCidr(cidr) };
}

export const ipKind: AnswerKind<IpSpec> = {
  name: 'ip',
  description:
    'An IPv4 or IPv6 address, or any address inside a network, compared by value whatever way it is written.',
  spec: ipSpec,
  check(spec, input) {
    const { addresses, network } = acceptedBy(spec);
    const read = readScalar(input, 'an IP address');
    if (!read.ok) return read.result;
    const given = readAddress(read.value);
    if (!given.ok) return result.invalid(given.feedback);
    const normalized = canonical(given.address);
    const correct = addresses.includes(normalized) || (network !== undefined && inNetwork(given.address, network));
    return correct ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers(spec) {
    const { addresses, network } = acceptedBy(spec);
    return network === undefined ? addresses : [...new Set([...addresses, canonical(network[0])])];
  },
  publicShape: () => ({ kind: 'ip' }),
  lint(spec) {
    const problems: string[] = [];
    for (const expected of alternatives(spec.expected ?? [])) {
      if (isReference(expected)) continue;
      const parsed = readAddress(expected);
      if (!parsed.ok) problems.push(`expected "${expected}" is not an IPv4 or IPv6 address`);
      else if ([EXAMPLE_V4, EXAMPLE_V6].includes(canonical(parsed.address)))
        problems.push(
          `expected "${expected}" is also the example shown in the answer format help; trainees would see it`,
        );
    }
    if (spec.cidr !== undefined && !isReference(spec.cidr)) {
      const network = parseCidr(spec.cidr);
      if (!network)
        problems.push(
          `cidr "${spec.cidr}" is not a network in CIDR notation, such as 198.51.100.0/24 or 2001:db8:1::/48`,
        );
      else {
        const base = networkAddress(network);
        if (base !== canonical(network[0]))
          problems.push(`cidr "${spec.cidr}" has host bits set; write the network as ${base}/${network[1]}`);
        if (network[1] === 0) problems.push(`cidr "${spec.cidr}" accepts every address`);
      }
    }
    return problems;
  },
};
