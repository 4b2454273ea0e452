import { describe, expect, it } from 'vitest';
import { accountKind, accountSpec, type AccountSpec } from '../../../server/grading/kinds/account.ts';
import { type AnswerCase, checkAnswerTable, distinctNormalizedForms, outcomeThroughRegistry } from './answer-table.ts';

const spec = (fields: Record<string, unknown>): AccountSpec => accountSpec.parse({ kind: 'account', ...fields });

const COURT = [['COURT', 'court.example', 'courts.example']];
/** The account of this variant; the decoy is the on-call administrator COURT\adm.kovac. */
const horvat = spec({ expected: 'COURT\\a.horvat', domains: COURT });
const byUpn = spec({ expected: 'a.horvat@court.example', domains: COURT });
const optional = spec({ expected: 'COURT\\a.horvat', domains: COURT, domain_optional: true });
const userOnly = spec({ expected: 'a.horvat' });
const undeclared = spec({ expected: 'COURT\\a.horvat' });
const secrets = ['a.horvat', 'horvat'];

const cases: AnswerCase<AccountSpec>[] = [
  {
    title: 'accepts DOMAIN\\user as written',
    input: 'COURT\\a.horvat',
    outcome: 'correct',
    normalized: 'court\\a.horvat',
  },
  { title: 'ignores case in both parts', input: 'court\\A.Horvat', outcome: 'correct' },
  {
    title: 'accepts the UPN with the declared DNS name',
    input: 'a.horvat@court.example',
    outcome: 'correct',
    normalized: 'court\\a.horvat',
  },
  { title: 'accepts the UPN in upper case', input: 'A.HORVAT@COURT.EXAMPLE', outcome: 'correct' },
  { title: 'accepts a second declared UPN suffix', input: 'a.horvat@courts.example', outcome: 'correct' },
  { title: 'accepts the DNS name before a backslash', input: 'court.example\\a.horvat', outcome: 'correct' },
  {
    title: 'accepts a Kerberos principal with the realm in capitals',
    input: 'a.horvat@COURT.EXAMPLE',
    outcome: 'correct',
  },
  { title: 'accepts a final dot of the DNS root or a sentence', input: 'a.horvat@court.example.', outcome: 'correct' },
  { title: 'accepts surrounding quotes', input: '"COURT\\a.horvat"', outcome: 'correct' },
  { title: 'accepts spaces around the parts', input: ' COURT\\a.horvat ', outcome: 'correct' },
  { title: 'accepts fullwidth letters through NFKC', input: 'ＣＯＵＲＴ\\a.horvat', outcome: 'correct' },
  { title: 'accepts the UPN when the author wrote one', spec: byUpn, input: 'COURT\\a.horvat', outcome: 'correct' },
  { title: 'rejects the decoy account in the same domain', input: 'COURT\\adm.kovac', outcome: 'incorrect' },
  {
    title: 'rejects the same user in another domain',
    input: 'REGISTRY\\a.horvat',
    outcome: 'incorrect',
    normalized: 'registry\\a.horvat',
  },
  { title: 'rejects a local account of the same name', input: '.\\a.horvat', outcome: 'incorrect' },
  { title: 'rejects a computer-local account of the same name', input: 'REG-WS-022\\a.horvat', outcome: 'incorrect' },
  { title: 'rejects the user name alone by default', input: 'a.horvat', outcome: 'incorrect' },
  { title: 'rejects a user name that only starts the same', input: 'COURT\\a.horvath', outcome: 'incorrect' },
  {
    title: 'accepts the user name alone when the domain is optional',
    spec: optional,
    input: 'a.horvat',
    outcome: 'correct',
  },
  {
    title: 'still rejects another domain when the domain is optional',
    spec: optional,
    input: 'REGISTRY\\a.horvat',
    outcome: 'incorrect',
  },
  {
    title: 'accepts any domain when expected is a user name alone',
    spec: userOnly,
    input: 'ANY\\a.horvat',
    outcome: 'correct',
  },
  {
    title: 'accepts a UPN when expected is a user name alone',
    spec: userOnly,
    input: 'a.horvat@other.example',
    outcome: 'correct',
  },
  {
    title: 'keeps NetBIOS and DNS names apart unless declared',
    spec: undeclared,
    input: 'a.horvat@court.example',
    outcome: 'incorrect',
  },
  {
    title: 'accepts a user name with a space',
    spec: spec({ expected: 'CORP\\Jana Novak' }),
    input: 'corp\\jana novak',
    outcome: 'correct',
  },
  { title: 'refuses two backslashes', input: 'COURT\\\\a.horvat', outcome: 'invalid', feedback: /DOMAIN\\user/u },
  { title: 'refuses a backslash and an @ together', input: 'COURT\\a.horvat@court.example', outcome: 'invalid' },
  { title: 'refuses two @', input: 'a@horvat@court.example', outcome: 'invalid' },
  { title: 'refuses a character Windows forbids in user names', input: 'COURT\\a*horvat', outcome: 'invalid' },
  { title: 'refuses a control character', input: 'COURT\u0007.horvat', outcome: 'invalid' },
  {
    title: 'refuses a NetBIOS name longer than 15 characters',
    input: 'COURTCOURTCOURTCOURT\\a.horvat',
    outcome: 'invalid',
    feedback: /domain part/u,
  },
  { title: 'refuses an empty user name', input: 'COURT\\', outcome: 'invalid' },
  { title: 'accepts a list holding one account', input: ['COURT\\a.horvat'], outcome: 'correct' },
  { title: 'refuses two values in a list', input: ['COURT\\a.horvat', 'x'], outcome: 'invalid' },
  {
    title: 'stays cheap on a long hostile answer',
    input: `COURT\\${'a'.repeat(290)}`,
    outcome: 'invalid',
    noCostlierThan: 'COURT\\a.horvat',
  },
];

describe('account answers', () => {
  checkAnswerTable(accountKind, {
    spec: horvat,
    cases,
    secrets,
    referenceSpecs: [horvat, byUpn, optional, userOnly, undeclared],
  });

  it('gives every spelling of the same account one normalized form', () => {
    expect(
      distinctNormalizedForms(accountKind, horvat, [
        'COURT\\a.horvat',
        'a.horvat@court.example',
        'A.Horvat@Courts.Example',
        'court.example\\A.HORVAT',
      ]),
    ).toEqual(['court\\a.horvat']);
  });

  it('lints a double-quoted YAML backslash that became a control character', () => {
    const problems = accountKind.lint?.(spec({ expected: 'COURT\u0007.horvat' })) ?? [];
    expect(problems).toEqual([expect.stringMatching(/control character.*single quotes/u)]);
  });

  it('lints a name declared for two domains and a name that is no domain', () => {
    const problems =
      accountKind.lint?.(
        spec({
          expected: 'COURT\\a.horvat',
          domains: [
            ['COURT', 'court.example'],
            ['REG', 'court.example'],
            ['X', 'a b'],
          ],
        }),
      ) ?? [];
    expect(problems).toEqual([
      expect.stringMatching(/"court\.example" is listed for two different domains/u),
      expect.stringMatching(/"a b" is not a NetBIOS or DNS domain name/u),
    ]);
  });

  it('resolves a variant reference through the registry', async () => {
    const authored = { kind: 'account', expected: '{{account}}', domains: COURT };
    expect(await outcomeThroughRegistry(authored, { account: 'COURT\\a.horvat' }, 'a.horvat@court.example')).toBe(
      'correct',
    );
  });

  it('can be the item kind of a set, with the declared domains', async () => {
    const authored = {
      kind: 'set',
      of: { kind: 'account', domains: COURT },
      expected: ['COURT\\a.horvat', 'COURT\\b.ilic'],
    };
    expect(await outcomeThroughRegistry(authored, {}, 'b.ilic@court.example\ncourt\\A.Horvat')).toBe('correct');
  });
});
