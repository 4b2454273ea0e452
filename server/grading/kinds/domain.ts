import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, canonicalAlternatives, readScalar, result } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved } from './variant-reference.ts';

export const domainSpec = z.strictObject({
  kind: z.literal('domain'),
  expected: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe(
      'The domain name, or a list of accepted alternatives, such as "invoice-portal.example". Case, a leading or ' +
        'final dot, defanged dots ("[.]") and schemes ("hxxps://"), and internationalised names written in Unicode ' +
        'or as punycode ("xn--...") do not matter. May be a variant reference such as "{{phishing_domain}}".',
    ),
  subdomains: z
    .boolean()
    .default(false)
    .describe(
      'Also accept any name under the expected one ("login.invoice-portal.example" for "invoice-portal.example"). ' +
        'Default false: only the name itself; list "www." forms as alternatives when they count.',
    ),
});
export type DomainSpec = z.infer<typeof domainSpec>;

const FORMAT_HELP = 'Enter a domain name, such as mail.example.org.';

/**
 * Defanged spellings investigators copy from threat reports and tickets: "[.]", "(.)", "{.}", "[dot]",
 * "(dot)", and "hxxp"/"[:]" in a scheme. They never occur in a real name, so reading them is safe.
 */
function refanged(text: string): string {
  return text
    .replace(/\s*[[({]\s*(?:\.|dot)\s*[\])}]\s*/giu, '.')
    .replace(/\[:\]/gu, ':')
    .replace(/^h(?:xx|\*\*)p(s?):/iu, 'http$1:');
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/u;

type ReadDomain = { ok: true; name: string } | { ok: false; feedback: string };

/**
 * Reads a domain name as people paste it, in its canonical form: lower-case ASCII (internationalised
 * labels as punycode, through the WHATWG URL standard's domainToASCII), without a leading or final
 * dot. A URL is read as its host; an address, an e-mail address or a URL with a user name is not a
 * domain name and is refused with the reason.
 */
export function readDomain(raw: string): ReadDomain {
  let text = refanged(raw.trim()).replace(/^(["'`])(.*)\1$/su, '$2');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//iu.exec(text);
  if (scheme) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, feedback: FORMAT_HELP };
    }
    if (url.username !== '' || url.password !== '')
      return { ok: false, feedback: 'Enter the domain name alone, without the user name of the address.' };
    text = url.hostname;
  } else text = text.replace(/[/?#].*$/su, '');
  if (text.includes('@'))
    return { ok: false, feedback: 'That is an e-mail address: enter the domain name after the @ only.' };
  if (/^\[.*\]$|^[0-9.]+$|^[0-9a-f]*:[0-9a-f:.]*$/iu.test(text))
    return { ok: false, feedback: 'That is an IP address: enter the domain name.' };
  // A final dot is the DNS root ("example.org."), a leading one the way zone files and cookies write a domain.
  const trimmed = text.replace(/^\.(?=.)/u, '').replace(/(?<=.)\.$/u, '');
  const ascii = domainToASCII(trimmed);
  if (ascii === '' || ascii.length > 253) return { ok: false, feedback: FORMAT_HELP };
  const labels = ascii.split('.');
  if (!labels.every((label) => LABEL.test(label)) || /^\d+$/u.test(labels.at(-1)!))
    return { ok: false, feedback: FORMAT_HELP };
  return { ok: true, name: ascii };
}

/** Whether `name` is `parent` or, with subdomains, a name under it. */
function matches(name: string, parent: string, subdomains: boolean): boolean {
  return name === parent || (subdomains && name.endsWith(`.${parent}`));
}

export const domainKind: AnswerKind<DomainSpec> = {
  name: 'domain',
  description:
    'A domain name, forgiving of case, leading and final dots, defanged notation and internationalised names ' +
    'written in Unicode or punycode; optionally also its subdomains.',
  spec: domainSpec,
  check(spec, input) {
    const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'domain');
    const read = readScalar(input, 'a domain name', 300);
    if (!read.ok) return read.result;
    // Not tidyPlain: a dash look-alike in a domain name is a homograph, which a trainee must tell apart.
    const given = readDomain(read.value);
    if (!given.ok) return result.invalid(given.feedback);
    const accepted = alternatives(expected).some((alternative) => {
      const parent = readDomain(alternative);
      return parent.ok && matches(given.name, parent.name, spec.subdomains);
    });
    return accepted ? result.correct(given.name) : result.incorrect(given.name);
  },
  referenceAnswers(spec) {
    const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'domain');
    return canonicalAlternatives(expected, (text) => {
      const read = readDomain(text);
      return read.ok ? read.name : undefined;
    });
  },
  publicShape: () => ({ kind: 'domain' }),
  lint(spec) {
    return alternatives(spec.expected).flatMap((expected) => {
      if (isReference(expected)) return [];
      const read = readDomain(expected);
      return read.ok ? [] : [`expected "${expected}" is not a domain name: ${read.feedback}`];
    });
  },
};
