import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { regexKind, regexSpec, type RegexSpec } from '../../../server/grading/kinds/regex.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { costRatio, HOSTILE_COST_LIMIT } from './relative-cost.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const cve = regexSpec.parse({ kind: 'regex', pattern: 'CVE-\\d{4}-\\d{4,7}', example: 'CVE-2021-44228' });
const caseSensitive = regexSpec.parse({
  kind: 'regex',
  pattern: 'CVE-\\d{4}-\\d{4,7}',
  example: 'CVE-2021-44228',
  case_sensitive: true,
});
const admin = regexSpec.parse({ kind: 'regex', pattern: 'admin(istrator)?', example: 'admin' });
const either = regexSpec.parse({ kind: 'regex', pattern: 'foo|bar', example: 'bar' });
const short = regexSpec.parse({ kind: 'regex', pattern: '[a-z]+', example: 'abc', max_length: 5 });

/** Everything in these specs that a trainee must not learn from feedback. */
const secrets = ['CVE-2021-44228', 'CVE-\\d{4}-\\d{4,7}', 'admin(istrator)?', 'foo|bar', '[a-z]+'];

const cases: AnswerCase<RegexSpec>[] = [
  {
    title: 'accepts the example answer',
    spec: cve,
    input: 'CVE-2021-44228',
    outcome: 'correct',
    normalized: 'cve-2021-44228',
  },
  { title: 'matches without regard to case by default', spec: cve, input: 'cve-2021-44228', outcome: 'correct' },
  {
    title: 'respects case when the spec is case-sensitive',
    spec: caseSensitive,
    input: 'cve-2021-44228',
    outcome: 'incorrect',
    normalized: 'cve-2021-44228',
  },
  {
    title: 'accepts any answer the pattern describes, not only the example',
    spec: cve,
    input: 'CVE-2014-0160',
    outcome: 'correct',
  },
  {
    title: 'requires the whole answer to match, not just a part of it',
    spec: cve,
    input: 'see CVE-2021-44228 for details',
    outcome: 'incorrect',
  },
  {
    title: 'keeps the anchors around every branch of an alternation',
    spec: either,
    input: 'foobar',
    outcome: 'incorrect',
  },
  { title: 'accepts each branch of an alternation on its own', spec: either, input: 'foo', outcome: 'correct' },
  { title: 'ignores surrounding and repeated whitespace', spec: cve, input: '  CVE-2021-44228 \n', outcome: 'correct' },
  { title: 'folds fullwidth digits before matching', spec: cve, input: 'CVE-２０２１-44228', outcome: 'correct' },
  { title: 'does not accept a Cyrillic look-alike letter', spec: admin, input: 'аdmin', outcome: 'incorrect' },
  {
    title: 'accepts an optional part of the pattern',
    spec: admin,
    input: 'Administrator',
    outcome: 'correct',
    normalized: 'administrator',
  },
  { title: 'refuses an empty answer without counting it', spec: cve, input: '', outcome: 'invalid' },
  { title: 'refuses an answer of only whitespace', spec: cve, input: ' \t\n ', outcome: 'invalid' },
  { title: 'refuses an answer longer than max_length', spec: short, input: 'abcdef', outcome: 'invalid' },
  { title: 'accepts an answer exactly max_length long', spec: short, input: 'abcde', outcome: 'correct' },
  {
    title: 'refuses a list of several answers',
    spec: cve,
    input: ['CVE-2021-44228', 'CVE-2014-0160'],
    outcome: 'invalid',
  },
  { title: 'accepts a list holding one answer', spec: cve, input: ['CVE-2021-44228'], outcome: 'correct' },
  { title: 'refuses an object', spec: cve, input: { answer: 'CVE-2021-44228' }, outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input quickly and before the pattern runs',
    spec: regexSpec.parse({ kind: 'regex', pattern: '[a-z]*x', example: 'x', max_length: 1000 }),
    input: 'a'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: 'abcx',
  },
];

describe('regex answers', () => {
  checkAnswerTable(regexKind, { cases, secrets, referenceSpecs: [cve, caseSensitive, admin, either, short] });

  it('shows trainees neither the pattern nor the example', () => {
    const shape = regexKind.publicShape(cve);
    expect(shape).toEqual({ kind: 'regex', case_sensitive: false, max_length: 200 });
  });

  it('throws when the pattern still holds a variant reference', () => {
    const unresolved = regexSpec.parse({ kind: 'regex', pattern: 'C:\\\\Users\\\\{{user}}\\\\.+', example: 'x' });
    expect(() => regexKind.check(unresolved, 'C:\\Users\\kim\\a.txt')).toThrow(/variant/u);
  });
});

const NOT_LINEAR = /linear-time regular expression engine \(RE2\) cannot run/u;

const schemaCases: SpecCase[] = [
  {
    title: 'refuses a lookbehind, naming it and the engine that cannot run it',
    ok: false,
    spec: { pattern: '(?<=user )admin', example: 'admin' },
    error:
      /^pattern uses a lookbehind "\(\?<=\.\.\.\)", which the linear-time regular expression engine \(RE2\) cannot run/u,
  },
  {
    title: 'refuses a negative lookbehind',
    ok: false,
    spec: { pattern: '(?<!x)admin', example: 'admin' },
    error: /negative lookbehind/u,
  },
  {
    title: 'refuses a lookahead',
    ok: false,
    spec: { pattern: 'admin(?=istrator)', example: 'admin' },
    error: /pattern uses a lookahead/u,
  },
  {
    title: 'refuses a negative lookahead',
    ok: false,
    spec: { pattern: '(?!root)[a-z]+', example: 'admin' },
    error: NOT_LINEAR,
  },
  {
    title: 'refuses a backreference',
    ok: false,
    spec: { pattern: '(a)\\1', example: 'aa' },
    error: /pattern uses a backreference "\\1"/u,
  },
  {
    title: 'refuses a named backreference instead of reading it as the text k<name>',
    ok: false,
    spec: { pattern: '(?<q>a)\\k<q>', example: 'aa' },
    error: /named backreference "\\k<q>"/u,
  },
  {
    title: 'accepts lookaround syntax inside a character class, where it is plain text',
    ok: true,
    spec: { pattern: '[(?=]+', example: '(?=' },
  },
  {
    title: 'accepts nested repetition, which runs in linear time on RE2',
    ok: true,
    spec: { pattern: '(a+)+b', example: 'aaab' },
  },
  {
    title: 'accepts a repeated group of bounded repeats such as an IPv4 address',
    ok: true,
    spec: { pattern: '(\\d{1,3}\\.){3}\\d{1,3}', example: '10.0.0.1' },
  },
  {
    title: 'refuses a pattern that does not compile, with the reason RE2 gives',
    ok: false,
    spec: { pattern: 'a(b', example: 'ab' },
    error: /not a valid regular expression: missing closing \): `a\(b`/u,
  },
  {
    title: 'refuses a pattern that would break out of the anchors',
    ok: false,
    spec: { pattern: 'a)|(b', example: 'a' },
    error: /not a valid regular expression/u,
  },
  {
    title: 'refuses a pattern too large for the engine',
    ok: false,
    spec: { pattern: '(?:[a-z0-9]{1,1000}){1,1000}z', example: 'az' },
    error: /not a valid regular expression: expression too large/u,
  },
  {
    title: 'refuses an example that the pattern does not match',
    ok: false,
    spec: { pattern: '\\d+', example: 'abc' },
    error: /example 'abc' does not match pattern/u,
  },
  {
    title: 'refuses an example that differs only in case when matching is case-sensitive',
    ok: false,
    spec: { pattern: 'abc', example: 'ABC', case_sensitive: true },
    error: /does not match pattern/u,
  },
  {
    title: 'refuses an example longer than max_length',
    ok: false,
    spec: { pattern: '[a-z]+', example: 'abcdef', max_length: 3 },
    error: /longer than max_length/u,
  },
  {
    title: 'refuses a max_length above 1000',
    ok: false,
    spec: { pattern: 'a', example: 'a', max_length: 1001 },
    error: /1000/u,
  },
  { title: 'refuses a spec without an example', ok: false, spec: { pattern: 'a' } },
  { title: 'refuses unknown fields', ok: false, spec: { pattern: 'a', example: 'a', flags: 'g' } },
  {
    title: 'accepts a pattern with a variant reference inside it',
    ok: true,
    spec: { pattern: 'C:\\\\Users\\\\{{user}}\\\\.+', example: 'C:\\Users\\{{user}}\\notes.txt' },
  },
  {
    title: 'accepts a whole variant reference as pattern and example',
    ok: true,
    spec: { pattern: '{{path_pattern}}', example: '{{path_example}}' },
  },
  { title: 'accepts Unicode property escapes', ok: true, spec: { pattern: '\\p{L}+', example: 'Straße' } },
  {
    title: 'accepts JavaScript spellings that RE2 writes differently: \\u escapes and named groups',
    ok: true,
    spec: { pattern: '(?<city>Z\\u00fcrich)', example: 'Zürich' },
  },
];

describe('regex spec', () => {
  checkSpecTable(regexSpec, 'regex', schemaCases);

  it('fills in the defaults', () => {
    expect(regexSpec.parse({ kind: 'regex', pattern: 'a', example: 'a' })).toEqual({
      kind: 'regex',
      pattern: 'a',
      example: 'a',
      case_sensitive: false,
      max_length: 200,
    });
  });

  it('lints a pattern RE2 cannot run that bypassed the schema, and passes a runnable one', () => {
    expect(
      regexKind.lint!({ kind: 'regex', pattern: '(?<=a)b', example: 'b', case_sensitive: false, max_length: 200 }),
    ).toEqual([expect.stringMatching(/^regex pattern: pattern uses a lookbehind/u)]);
    expect(regexKind.lint!(cve)).toEqual([]);
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(regexSpec, { io: 'input' });
    expect(schema.properties?.pattern).toMatchObject({
      type: 'string',
      description: expect.stringContaining('anchored'),
    });
    expect(schema.required).toEqual(['kind', 'pattern', 'example']);
  });
});

describe('patterns that backtrack catastrophically on a backtracking engine', () => {
  // Each of these took V8 over a second per answer of 40 characters (2^n paths), and the old checker
  // answered "could not be checked in time"; RE2 runs them in time linear in the answer.
  const longest = 1_000;
  // Short lengths close together: a backtracking engine's cost explodes between two of them (it
  // doubles with every character) and the check fails there, before a length that would hang it.
  const lengths = [8, 12, 16, 20, 24, 28, 32, 64, 128, 256, 512, longest];
  /** The yardstick: the same answer against a pattern that no engine can make slow. */
  const plain = regexSpec.parse({ kind: 'regex', pattern: '.*', example: 'x', max_length: longest });
  const grade = (spec: RegexSpec, answer: string) => regexKind.check(spec, answer);
  const cases = [
    { pattern: '(a|a)*b', matching: `${'a'.repeat(longest - 1)}b`, failing: (length: number) => 'a'.repeat(length) },
    {
      pattern: '(\\w|\\d)*!',
      matching: `${'a1'.repeat((longest - 1) / 2)}!`,
      failing: (length: number) => `${'a1'.repeat(length / 2 - 1)}a?`,
    },
    { pattern: '(a+)+$', matching: 'a'.repeat(longest), failing: (length: number) => `${'a'.repeat(length - 1)}!` },
    { pattern: '(x+x+)+y', matching: `${'x'.repeat(longest - 1)}y`, failing: (length: number) => 'x'.repeat(length) },
  ];
  for (const { pattern, matching, failing } of cases) {
    it(`grades answers of up to ${longest} characters against ${pattern} correctly, at the cost of matching .*`, () => {
      const spec = regexSpec.parse({ kind: 'regex', pattern, example: matching, max_length: longest });
      expect(grade(spec, matching)).toMatchObject({ status: 'graded', verdict: 'correct' });
      for (const length of lengths) {
        const answer = failing(length);
        expect(answer).toHaveLength(length);
        expect(grade(spec, answer)).toMatchObject({ status: 'graded', verdict: 'incorrect' });
        const ratio = costRatio(
          () => grade(spec, answer),
          () => grade(plain, answer),
        );
        expect(ratio, `cost over .* on the same answer of ${length} characters`).toBeLessThan(HOSTILE_COST_LIMIT);
      }
    });
  }
});

describe('optional parts in author patterns', () => {
  it('accepts an optional scheme such as (?:https?://)?', () => {
    const spec = regexSpec.parse({
      kind: 'regex',
      pattern: '(?:https?://)?files\\.example\\.net/x\\.sh',
      example: 'http://files.example.net/x.sh',
    });
    expect(regexKind.check(spec, 'files.example.net/x.sh')).toMatchObject({ status: 'graded', verdict: 'correct' });
    expect(regexKind.check(spec, 'https://files.example.net/x.sh')).toMatchObject({
      status: 'graded',
      verdict: 'correct',
    });
  });
});
