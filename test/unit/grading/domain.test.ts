import { describe, expect, it } from 'vitest';
import { domainKind, domainSpec, type DomainSpec } from '../../../server/grading/kinds/domain.ts';
import { type AnswerCase, checkAnswerTable, distinctNormalizedForms, outcomeThroughRegistry } from './answer-table.ts';

const spec = (fields: Record<string, unknown>): DomainSpec => domainSpec.parse({ kind: 'domain', ...fields });

/** The phishing domain of this variant; another variant's is payroll-portal.example. */
const portal = spec({ expected: 'invoice-portal.example' });
const withSubdomains = spec({ expected: 'invoice-portal.example', subdomains: true });
/** An internationalised name: bücher.example, punycode xn--bcher-kva.example. */
const idn = spec({ expected: 'bücher.example' });
const secrets = ['invoice-portal', 'bücher', 'xn--bcher-kva'];

const cases: AnswerCase<DomainSpec>[] = [
  {
    title: 'accepts the name as written',
    input: 'invoice-portal.example',
    outcome: 'correct',
    normalized: 'invoice-portal.example',
  },
  { title: 'ignores case', input: 'Invoice-Portal.EXAMPLE', outcome: 'correct', normalized: 'invoice-portal.example' },
  { title: 'accepts the final dot of a fully qualified name', input: 'invoice-portal.example.', outcome: 'correct' },
  { title: 'accepts a leading dot as zone files write it', input: '.invoice-portal.example', outcome: 'correct' },
  { title: 'accepts defanged dots [.]', input: 'invoice-portal[.]example', outcome: 'correct' },
  { title: 'accepts defanged dots (.) and [dot]', input: 'invoice-portal(.)example', outcome: 'correct' },
  { title: 'accepts [dot] with spaces', input: 'invoice-portal [dot] example', outcome: 'correct' },
  { title: 'reads a URL as its host', input: 'https://invoice-portal.example/login?next=1', outcome: 'correct' },
  {
    title: 'reads a defanged hxxps URL as its host',
    input: 'hxxps[:]//invoice-portal[.]example/pay',
    outcome: 'correct',
  },
  { title: 'reads a host with a port', input: 'http://invoice-portal.example:8443/', outcome: 'correct' },
  { title: 'reads a name with a path but no scheme', input: 'invoice-portal.example/login', outcome: 'correct' },
  { title: 'accepts surrounding quotes', input: '"invoice-portal.example"', outcome: 'correct' },
  { title: 'accepts fullwidth letters through NFKC', input: 'ｉｎｖｏｉｃｅ-portal.example', outcome: 'correct' },
  { title: 'accepts an ideographic full stop as a dot', input: 'invoice-portal。example', outcome: 'correct' },
  { title: 'rejects the decoy domain of another variant', input: 'payroll-portal.example', outcome: 'incorrect' },
  { title: 'rejects a subdomain by default', input: 'login.invoice-portal.example', outcome: 'incorrect' },
  { title: 'rejects www. by default', input: 'www.invoice-portal.example', outcome: 'incorrect' },
  { title: 'rejects the parent domain', input: 'example', outcome: 'incorrect' },
  {
    title: 'rejects a name that only ends with the same letters',
    spec: withSubdomains,
    input: 'evil-invoice-portal.example',
    outcome: 'incorrect',
  },
  {
    title: 'accepts a subdomain when the author allows them',
    spec: withSubdomains,
    input: 'login.invoice-portal.example',
    outcome: 'correct',
  },
  {
    title: 'accepts a deep subdomain when allowed',
    spec: withSubdomains,
    input: 'a.b.invoice-portal.example',
    outcome: 'correct',
  },
  {
    title: 'accepts the name itself when subdomains are allowed',
    spec: withSubdomains,
    input: 'invoice-portal.example',
    outcome: 'correct',
  },
  {
    title: 'rejects a Cyrillic look-alike: a homograph is another name',
    input: 'invoice-p\u043Ertal.example',
    outcome: 'incorrect',
  },
  {
    title: 'does not fold a typographic hyphen: a look-alike is not the name',
    input: 'invoice\u2010portal.example',
    outcome: 'incorrect',
  },
  {
    title: 'accepts the Unicode form of an internationalised name',
    spec: idn,
    input: 'Bücher.example',
    outcome: 'correct',
    normalized: 'xn--bcher-kva.example',
  },
  {
    title: 'accepts the punycode form of an internationalised name',
    spec: idn,
    input: 'xn--bcher-kva.example',
    outcome: 'correct',
  },
  {
    title: 'accepts the Unicode answer when the author wrote punycode',
    spec: spec({ expected: 'xn--bcher-kva.example' }),
    input: 'bücher.example',
    outcome: 'correct',
  },
  {
    title: 'rejects the unaccented spelling of an internationalised name',
    spec: idn,
    input: 'bucher.example',
    outcome: 'incorrect',
  },
  {
    title: 'accepts any of several alternatives',
    spec: spec({ expected: ['a.example', 'b.example'] }),
    input: 'B.example',
    outcome: 'correct',
  },
  { title: 'refuses an IPv4 address', input: '203.0.113.5', outcome: 'invalid', feedback: /IP address/u },
  { title: 'refuses a bracketed IPv6 address', input: '[2001:db8::1]', outcome: 'invalid', feedback: /IP address/u },
  { title: 'refuses a bare IPv6 address', input: '2001:db8::1', outcome: 'invalid' },
  {
    title: 'refuses an e-mail address',
    input: 'billing@invoice-portal.example',
    outcome: 'invalid',
    feedback: /e-mail/u,
  },
  { title: 'refuses a URL with a user name', input: 'https://user@invoice-portal.example/', outcome: 'invalid' },
  { title: 'refuses empty labels', input: 'invoice-portal..example', outcome: 'invalid' },
  { title: 'refuses a label starting with a hyphen', input: '-portal.example', outcome: 'invalid' },
  { title: 'refuses spaces inside a name', input: 'invoice portal.example', outcome: 'invalid' },
  { title: 'refuses a label longer than 63 characters', input: `${'a'.repeat(64)}.example`, outcome: 'invalid' },
  { title: 'refuses a list', input: ['a.example', 'b.example'], outcome: 'invalid' },
  { title: 'refuses an empty answer', input: '   ', outcome: 'invalid' },
  {
    title: 'stays cheap on a long hostile answer',
    input: `${'a.'.repeat(140)}example`,
    outcome: 'invalid',
    noCostlierThan: 'invoice-portal.example',
  },
];

describe('domain answers', () => {
  checkAnswerTable(domainKind, { spec: portal, cases, secrets, referenceSpecs: [portal, withSubdomains, idn] });

  it('gives every spelling of the same name one normalized form', () => {
    expect(
      distinctNormalizedForms(domainKind, portal, [
        'invoice-portal.example',
        'INVOICE-PORTAL.example.',
        'invoice-portal[.]example',
        'hxxp://invoice-portal[.]example/x',
      ]),
    ).toEqual(['invoice-portal.example']);
  });

  it('lints an expected value that is not a domain name', () => {
    expect(domainKind.lint?.(spec({ expected: ['203.0.113.5', 'ok.example'] }))).toEqual([
      expect.stringMatching(/expected "203\.0\.113\.5" is not a domain name/u),
    ]);
  });

  it('resolves a variant reference through the registry', async () => {
    const authored = { kind: 'domain', expected: '{{phishing_domain}}' };
    expect(
      await outcomeThroughRegistry(authored, { phishing_domain: 'invoice-portal.example' }, 'invoice-portal[.]example'),
    ).toBe('correct');
  });

  it('can be the item kind of a set', async () => {
    const authored = { kind: 'set', of: { kind: 'domain' }, expected: ['a.example', 'b.example'] };
    expect(await outcomeThroughRegistry(authored, {}, 'B[.]example\na.example.')).toBe('correct');
  });
});
