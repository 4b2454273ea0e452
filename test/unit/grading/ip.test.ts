import { describe, expect, it } from 'vitest';
import { ipKind, ipSpec, type IpSpec } from '../../../server/grading/kinds/ip.ts';
import { type AnswerCase, checkAnswerTable, distinctNormalizedForms, outcomeThroughRegistry } from './answer-table.ts';

const spec = (fields: Record<string, unknown>): IpSpec => ipSpec.parse({ kind: 'ip', ...fields });

/** The attacker of this variant is 203.0.113.5; another variant's attacker is 203.0.113.77. */
const v4 = spec({ expected: '203.0.113.5' });
const v6 = spec({ expected: '2001:db8:85a3::8a2e:370:7334' });
const both = spec({ expected: ['203.0.113.5', '2001:db8:85a3::8a2e:370:7334'] });
const network = spec({ cidr: '198.51.100.0/24' });
const secrets = ['203.0.113.5', '2001:db8:85a3', '8a2e:370:7334', '198.51.100'];

const cases: AnswerCase<IpSpec>[] = [
  { title: 'accepts the exact IPv4 address', input: '203.0.113.5', outcome: 'correct', normalized: '203.0.113.5' },
  {
    title: 'reads zero-padded parts as decimal, as logs write them',
    input: '203.000.113.005',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  {
    title: 'reads a zero-padded part as decimal and never as octal',
    spec: spec({ expected: '10.0.0.1' }),
    input: '010.000.000.001',
    outcome: 'correct',
    normalized: '10.0.0.1',
  },
  {
    title: 'accepts a final full stop ending a sentence',
    input: '203.0.113.5.',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  {
    title: 'accepts an address in brackets as in mail headers',
    input: '[203.0.113.5]',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  {
    title: 'accepts the IPv4-mapped IPv6 form in dotted notation',
    input: '::ffff:203.0.113.5',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  {
    title: 'accepts the IPv4-mapped IPv6 form in hexadecimal notation',
    input: '::FFFF:CB00:7105',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  {
    title: 'accepts fullwidth digits through NFKC',
    input: '２０３.０.１１３.５',
    outcome: 'correct',
    normalized: '203.0.113.5',
  },
  { title: 'accepts surrounding whitespace', input: '  203.0.113.5 \n', outcome: 'correct', normalized: '203.0.113.5' },
  {
    title: 'grades the address of another variant as incorrect',
    input: '203.0.113.77',
    outcome: 'incorrect',
    normalized: '203.0.113.77',
    feedback: /^Not correct/u,
  },
  {
    title: 'accepts a compressed IPv6 address',
    spec: v6,
    input: '2001:db8:85a3::8a2e:370:7334',
    outcome: 'correct',
    normalized: '2001:db8:85a3::8a2e:370:7334',
  },
  {
    title: 'accepts a fully expanded uppercase IPv6 address',
    spec: v6,
    input: '2001:0DB8:85A3:0000:0000:8A2E:0370:7334',
    outcome: 'correct',
    normalized: '2001:db8:85a3::8a2e:370:7334',
  },
  {
    title: 'accepts IPv6 in brackets with a final full stop',
    spec: v6,
    input: '[2001:db8:85a3:0:0:8a2e:370:7334].',
    outcome: 'correct',
    normalized: '2001:db8:85a3::8a2e:370:7334',
  },
  {
    title: 'accepts either of several alternatives',
    spec: both,
    input: '2001:db8:85a3::8a2e:370:7334',
    outcome: 'correct',
  },
  {
    title: 'grades a different IPv6 address as incorrect in RFC 5952 form',
    spec: v6,
    input: '2001:DB8:0:0:1:0:0:1',
    outcome: 'incorrect',
    normalized: '2001:db8::1:0:0:1',
  },
  {
    title: 'accepts any address inside the network',
    spec: network,
    input: '198.51.100.200',
    outcome: 'correct',
    normalized: '198.51.100.200',
  },
  {
    title: 'accepts an IPv4-mapped address inside an IPv4 network',
    spec: network,
    input: '::ffff:198.51.100.9',
    outcome: 'correct',
    normalized: '198.51.100.9',
  },
  {
    title: 'grades an address just outside the network as incorrect',
    spec: network,
    input: '198.51.101.0',
    outcome: 'incorrect',
  },
  {
    title: 'accepts an address inside an IPv6 network',
    spec: spec({ cidr: '2001:db8:1::/48' }),
    input: '2001:db8:1:ffff::1',
    outcome: 'correct',
  },
  { title: 'refuses a port suffix', input: '203.0.113.5:22', outcome: 'invalid', feedback: /port/u },
  {
    title: 'refuses a port after bracketed IPv6',
    spec: v6,
    input: '[2001:db8:85a3::8a2e:370:7334]:443',
    outcome: 'invalid',
    feedback: /port/u,
  },
  { title: 'refuses a zone index', spec: v6, input: 'fe80::1%eth0', outcome: 'invalid', feedback: /zone index/u },
  { title: 'refuses a prefix length', input: '203.0.113.5/32', outcome: 'invalid', feedback: /prefix length/u },
  { title: 'refuses hexadecimal IPv4 parts', input: '0xcb.0.113.5', outcome: 'invalid' },
  { title: 'refuses a three-part IPv4 address', input: '203.0.113', outcome: 'invalid' },
  { title: 'refuses IPv4 written as one integer', input: '3405803781', outcome: 'invalid' },
  { title: 'refuses a part above 255', input: '203.0.113.256', outcome: 'invalid' },
  { title: 'refuses a double compression in IPv6', spec: v6, input: '2001::85a3::7334', outcome: 'invalid' },
  { title: 'refuses an empty answer', input: '', outcome: 'invalid' },
  { title: 'refuses whitespace only', input: '   ', outcome: 'invalid' },
  {
    title: 'refuses Arabic-Indic digits instead of misreading them',
    input: '٢٠٣.٠.١١٣.٥',
    outcome: 'invalid',
    feedback: /digits 0 to 9/u,
  },
  {
    title: 'refuses a Cyrillic look-alike letter in IPv6',
    spec: v6,
    input: '2001:db8:85\u04303::8a2e:370:7334',
    outcome: 'invalid',
  },
  { title: 'refuses a host name', input: 'attacker.example.com', outcome: 'invalid' },
  {
    title: 'refuses a megabyte of digits quickly',
    input: '1'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: '203.0.113.5',
  },
];

/** Specs whose reference answers must all be graded correct. */
const referenceSpecs = [v4, v6, both, network, spec({ expected: '::FFFF:203.0.113.5', cidr: '2001:db8::/32' })];

describe('ip answers', () => {
  checkAnswerTable(ipKind, { spec: v4, cases, secrets, referenceSpecs });

  it('normalizes every way of writing the same address identically', () => {
    const forms = [
      '203.0.113.5',
      '203.000.113.005',
      '[203.0.113.5]',
      '203.0.113.5.',
      '::ffff:203.0.113.5',
      '::ffff:cb00:7105',
      '0:0:0:0:0:ffff:cb00:7105',
    ];
    expect(distinctNormalizedForms(ipKind, v4, forms)).toEqual(['203.0.113.5']);
  });

  it('requires expected, cidr or both', () => {
    expect(ipSpec.safeParse({ kind: 'ip' }).success).toBe(false);
    expect(ipSpec.safeParse({ kind: 'ip', cidr: '198.51.100.0/24' }).success).toBe(true);
    expect(ipSpec.safeParse({ kind: 'ip', expected: '{{attacker_ip}}' }).success).toBe(true);
  });

  it('throws when a value is still a variant reference', () => {
    expect(() => ipKind.check(spec({ expected: '{{attacker_ip}}' }), '203.0.113.5')).toThrow(/variant/u);
  });

  it('reveals neither the address nor the network in the public shape', () => {
    expect(ipKind.publicShape(both)).toEqual({ kind: 'ip' });
    expect(ipKind.publicShape(network)).toEqual({ kind: 'ip' });
  });

  it('lints expected values that are not addresses and networks that are not CIDRs', () => {
    expect(ipKind.lint!(both)).toEqual([]);
    expect(ipKind.lint!(network)).toEqual([]);
    expect(ipKind.lint!(spec({ expected: '203.0.113' }))).toEqual([
      expect.stringMatching(/not an IPv4 or IPv6 address/u),
    ]);
    expect(ipKind.lint!(spec({ cidr: '198.51.100.0/33' }))).toEqual([
      expect.stringMatching(/not a network in CIDR notation/u),
    ]);
    expect(ipKind.lint!(spec({ cidr: '198.51.100.7/24' }))).toEqual([
      expect.stringMatching(/host bits set; write the network as 198\.51\.100\.0\/24/u),
    ]);
    expect(ipKind.lint!(spec({ expected: '192.0.2.10' }))).toEqual([expect.stringMatching(/example/u)]);
    expect(ipKind.lint!(spec({ expected: '{{attacker_ip}}', cidr: '{{attacker_net}}' }))).toEqual([]);
  });

  it('grades through the registry once a variant reference is resolved', async () => {
    const authored = { kind: 'ip', expected: '{{attacker_ip}}' };
    expect(await outcomeThroughRegistry(authored, { attacker_ip: '203.0.113.5' }, '203.000.113.005')).toBe('correct');
    expect(await outcomeThroughRegistry(authored, { attacker_ip: '203.0.113.77' }, '203.0.113.5')).toBe('incorrect');
  });
});
