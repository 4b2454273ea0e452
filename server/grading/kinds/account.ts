import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, canonicalAlternatives, readScalar, result, tidy } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { readDomain } from './domain.ts';
import { assertResolved } from './variant-reference.ts';

export const accountSpec = z.strictObject({
  kind: z.literal('account'),
  expected: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe(
      'The account, or a list of accepted alternatives: "COURT\\a.horvat" (in YAML write it in single quotes, ' +
        '\'COURT\\a.horvat\': in double quotes \\a is a control character), "a.horvat@court.example", or a user ' +
        'name alone when any domain counts. Case never matters. May be a variant reference such as "{{account}}".',
    ),
  domains: z
    .array(z.array(z.string().min(1)).min(2))
    .default([])
    .describe(
      'Names of the same domain, one list per domain: its NetBIOS name, its DNS name and any UPN suffix, such as ' +
        '[COURT, court.example]. An account written with any of them is the same account. Default: none, so ' +
        'COURT\\a.horvat and a.horvat@court.example differ.',
    ),
  domain_optional: z
    .boolean()
    .default(false)
    .describe(
      'Also accept the user name alone ("a.horvat"). Default false: when expected names a domain the answer must ' +
        'too, as a local account of the same name is another account.',
    ),
});
export type AccountSpec = z.infer<typeof accountSpec>;

const FORMAT_HELP = 'Enter the account as DOMAIN\\user or user@domain, such as CORP\\j.doe or j.doe@corp.example.';

/** Characters Windows refuses in user names (sAMAccountName and the UPN prefix), and control characters. */
const NOT_IN_USER = /[\\/"[\]:;|=,+*?<>@\p{Cc}]/u;
/** Characters refused in NetBIOS domain names. */
const NOT_IN_NETBIOS = /[\\/:*?"<>|\s\p{Cc}]/u;

interface Account {
  /** The domain's canonical name (see domainKey), or undefined for a user name alone. */
  domain: string | undefined;
  /** Lower case: Windows and directory services compare user names ignoring case. */
  user: string;
}

type ReadAccount = { ok: true; account: Account } | { ok: false; feedback: string };

/** A domain name as written, in lower case: a DNS name through readDomain, a NetBIOS name or "." (this computer). */
function domainName(text: string): string | undefined {
  if (text === '.') return '.';
  if (text.includes('.')) {
    const read = readDomain(text);
    return read.ok ? read.name : undefined;
  }
  return text.length <= 15 && !NOT_IN_NETBIOS.test(text) ? text.toLowerCase() : undefined;
}

/** The declared names of each domain, by name, to the first name of its list (in its canonical form). */
function domainKeys(spec: Pick<AccountSpec, 'domains'>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const names of spec.domains) {
    const canonical = names.map(domainName);
    const key = canonical.find((name) => name !== undefined);
    if (key === undefined) continue;
    for (const name of canonical) if (name !== undefined && !keys.has(name)) keys.set(name, key);
  }
  return keys;
}

/**
 * Reads an account in any of the ways Windows, directory services and their logs write it:
 * DOMAIN\user (down-level logon name), user@domain (user principal name, also a Kerberos principal) or
 * the user name alone. Surrounding quotes and a final full stop are ignored.
 */
function readAccount(raw: string, keys: Map<string, string>): ReadAccount {
  const text = tidy(raw)
    .replace(/^(["'`])(.*)\1$/su, '$2')
    .replace(/\.$/u, '')
    .trim();
  const backslash = text.split('\\');
  const at = text.split('@');
  let domain: string | undefined;
  let user: string;
  if (backslash.length === 2 && at.length === 1) [domain, user] = backslash as [string, string];
  else if (at.length === 2 && backslash.length === 1) [user, domain] = at as [string, string];
  else if (backslash.length === 1 && at.length === 1) user = text;
  else return { ok: false, feedback: FORMAT_HELP };
  user = user.trim();
  if (user === '' || user.length > 256 || NOT_IN_USER.test(user)) return { ok: false, feedback: FORMAT_HELP };
  if (domain === undefined) return { ok: true, account: { domain: undefined, user: user.toLowerCase() } };
  const name = domainName(domain.trim());
  if (name === undefined) return { ok: false, feedback: `The domain part is not a domain name. ${FORMAT_HELP}` };
  return { ok: true, account: { domain: keys.get(name) ?? name, user: user.toLowerCase() } };
}

function canonical(account: Account): string {
  return account.domain === undefined ? account.user : `${account.domain}\\${account.user}`;
}

/** Whether the given account is the expected one (an expected user name alone accepts it in any domain). */
function sameAccount(given: Account, expected: Account, domainOptional: boolean): boolean {
  if (given.user !== expected.user) return false;
  if (expected.domain === undefined || given.domain === expected.domain) return true;
  return domainOptional && given.domain === undefined;
}

export const accountKind: AnswerKind<AccountSpec> = {
  name: 'account',
  description:
    'A Windows or directory account, read as DOMAIN\\user, user@domain or the user name alone, ignoring case, with ' +
    'the NetBIOS and DNS names the author declares for the same domain counted as one.',
  spec: accountSpec,
  check(spec, input) {
    const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'account');
    const read = readScalar(input, 'an account', 300);
    if (!read.ok) return read.result;
    const keys = domainKeys(spec);
    const given = readAccount(read.value, keys);
    if (!given.ok) return result.invalid(given.feedback);
    const accepted = alternatives(expected).some((alternative) => {
      const parsed = readAccount(alternative, keys);
      return parsed.ok && sameAccount(given.account, parsed.account, spec.domain_optional);
    });
    const normalized = canonical(given.account);
    return accepted ? result.correct(normalized) : result.incorrect(normalized);
  },
  referenceAnswers(spec) {
    const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'account');
    const keys = domainKeys(spec);
    return canonicalAlternatives(expected, (text) => {
      const read = readAccount(text, keys);
      return read.ok ? canonical(read.account) : undefined;
    });
  },
  publicShape: () => ({ kind: 'account' }),
  lint(spec) {
    const problems: string[] = [];
    const keys = domainKeys(spec);
    for (const expected of alternatives(spec.expected)) {
      if (isReference(expected)) continue;
      if (/\p{Cc}/u.test(expected))
        problems.push(
          `expected ${JSON.stringify(expected)} holds a control character: a backslash in a double-quoted YAML ` +
            'string starts an escape ("\\a" is the bell character); write the account in single quotes, \'COURT\\a.horvat\'',
        );
      else if (!readAccount(expected, keys).ok)
        problems.push(`expected "${expected}" is not an account: ${FORMAT_HELP}`);
    }
    const owner = new Map<string, number>();
    spec.domains.forEach((names, index) => {
      for (const name of names) {
        const key = domainName(name);
        if (key === undefined) problems.push(`domains: "${name}" is not a NetBIOS or DNS domain name`);
        else if (owner.has(key) && owner.get(key) !== index)
          problems.push(`domains: "${name}" is listed for two different domains`);
        else owner.set(key, index);
      }
    });
    return problems;
  },
};
