import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { regexKind, regexSpec, type RegexSpec, withoutOptionalMarks } from '../../../server/grading/kinds/regex.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const cve = regexSpec.parse({ kind: 'regex', pattern: 'CVE-\\d{4}-\\d{4,7}', example: 'CVE-2021-44228' });
const caseSensitive = regexSpec.parse({ kind: 'regex', pattern: 'CVE-\\d{4}-\\d{4,7}', example: 'CVE-2021-44228', case_sensitive: true });
const admin = regexSpec.parse({ kind: 'regex', pattern: 'admin(istrator)?', example: 'admin' });
const either = regexSpec.parse({ kind: 'regex', pattern: 'foo|bar', example: 'bar' });
const short = regexSpec.parse({ kind: 'regex', pattern: '[a-z]+', example: 'abc', max_length: 5 });

/** Everything in these specs that a trainee must not learn from feedback. */
const secrets = ['CVE-2021-44228', 'CVE-\\d{4}-\\d{4,7}', 'admin(istrator)?', 'foo|bar', '[a-z]+'];

const cases: AnswerCase<RegexSpec>[] = [
  { title: 'accepts the example answer', spec: cve, input: 'CVE-2021-44228', outcome: 'correct', normalized: 'cve-2021-44228' },
  { title: 'matches without regard to case by default', spec: cve, input: 'cve-2021-44228', outcome: 'correct' },
  { title: 'respects case when the spec is case-sensitive', spec: caseSensitive, input: 'cve-2021-44228', outcome: 'incorrect', normalized: 'cve-2021-44228' },
  { title: 'accepts any answer the pattern describes, not only the example', spec: cve, input: 'CVE-2014-0160', outcome: 'correct' },
  { title: 'requires the whole answer to match, not just a part of it', spec: cve, input: 'see CVE-2021-44228 for details', outcome: 'incorrect' },
  { title: 'keeps the anchors around every branch of an alternation', spec: either, input: 'foobar', outcome: 'incorrect' },
  { title: 'accepts each branch of an alternation on its own', spec: either, input: 'foo', outcome: 'correct' },
  { title: 'ignores surrounding and repeated whitespace', spec: cve, input: '  CVE-2021-44228 \n', outcome: 'correct' },
  { title: 'folds fullwidth digits before matching', spec: cve, input: 'CVE-２０２１-44228', outcome: 'correct' },
  { title: 'does not accept a Cyrillic look-alike letter', spec: admin, input: 'аdmin', outcome: 'incorrect' },
  { title: 'accepts an optional part of the pattern', spec: admin, input: 'Administrator', outcome: 'correct', normalized: 'administrator' },
  { title: 'refuses an empty answer without counting it', spec: cve, input: '', outcome: 'invalid' },
  { title: 'refuses an answer of only whitespace', spec: cve, input: ' \t\n ', outcome: 'invalid' },
  { title: 'refuses an answer longer than max_length', spec: short, input: 'abcdef', outcome: 'invalid' },
  { title: 'accepts an answer exactly max_length long', spec: short, input: 'abcde', outcome: 'correct' },
  { title: 'refuses a list of several answers', spec: cve, input: ['CVE-2021-44228', 'CVE-2014-0160'], outcome: 'invalid' },
  { title: 'accepts a list holding one answer', spec: cve, input: ['CVE-2021-44228'], outcome: 'correct' },
  { title: 'refuses an object', spec: cve, input: { answer: 'CVE-2021-44228' }, outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input quickly and before the pattern runs',
    spec: regexSpec.parse({ kind: 'regex', pattern: '[a-z]*x', example: 'x', max_length: 1000 }),
    input: 'a'.repeat(1_000_000),
    outcome: 'invalid',
    withinMs: 100,
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

const schemaCases: SpecCase[] = [
  { title: 'refuses a pattern with a nested quantifier that could backtrack catastrophically', ok: false, spec: { pattern: '(a+)+$', example: 'aaa' }, error: /exponential time/u },
  { title: 'refuses a repeated group with overlapping repeats', ok: false, spec: { pattern: '(x+x+)+y', example: 'xxy' }, error: /exponential time/u },
  { title: 'refuses a pattern that does not compile, with the error of the regular expression engine', ok: false, spec: { pattern: 'a(b', example: 'ab' }, error: /not a valid regular expression: .*Unterminated group/u },
  { title: 'refuses a pattern that would break out of the anchors', ok: false, spec: { pattern: 'a)|(b', example: 'a' }, error: /not a valid regular expression/u },
  { title: 'refuses an example that the pattern does not match', ok: false, spec: { pattern: '\\d+', example: 'abc' }, error: /example 'abc' does not match pattern/u },
  { title: 'refuses an example that differs only in case when matching is case-sensitive', ok: false, spec: { pattern: 'abc', example: 'ABC', case_sensitive: true }, error: /does not match pattern/u },
  { title: 'refuses an example longer than max_length', ok: false, spec: { pattern: '[a-z]+', example: 'abcdef', max_length: 3 }, error: /longer than max_length/u },
  { title: 'refuses a max_length above 1000', ok: false, spec: { pattern: 'a', example: 'a', max_length: 1001 }, error: /1000/u },
  { title: 'refuses a spec without an example', ok: false, spec: { pattern: 'a' } },
  { title: 'refuses unknown fields', ok: false, spec: { pattern: 'a', example: 'a', flags: 'g' } },
  { title: 'accepts a pattern with a variant reference inside it', ok: true, spec: { pattern: 'C:\\\\Users\\\\{{user}}\\\\.+', example: 'C:\\Users\\{{user}}\\notes.txt' } },
  { title: 'accepts a whole variant reference as pattern and example', ok: true, spec: { pattern: '{{path_pattern}}', example: '{{path_example}}' } },
  { title: 'accepts Unicode property escapes', ok: true, spec: { pattern: '\\p{L}+', example: 'Straße' } },
];

describe('regex spec', () => {
  checkSpecTable(regexSpec, 'regex', schemaCases);

  it('fills in the defaults', () => {
    expect(regexSpec.parse({ kind: 'regex', pattern: 'a', example: 'a' })).toEqual({ kind: 'regex', pattern: 'a', example: 'a', case_sensitive: false, max_length: 200 });
  });

  it('lints a catastrophic pattern that bypassed the schema and passes a safe one', () => {
    expect(regexKind.lint!({ kind: 'regex', pattern: '(a+)+$', example: 'a', case_sensitive: false, max_length: 200 })).toEqual([expect.stringMatching(/exponential time/u)]);
    expect(regexKind.lint!(cve)).toEqual([]);
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(regexSpec, { io: 'input' });
    expect(schema.properties?.pattern).toMatchObject({ type: 'string', description: expect.stringContaining('anchored') });
    expect(schema.required).toEqual(['kind', 'pattern', 'example']);
  });
});

describe('a pattern that backtracks catastrophically despite the static check', () => {
  it('is stopped by the time limit and costs the trainee no attempt', () => {
    // (a|a)* passes safe-regex2 but backtracks exponentially on a non-matching tail.
    const spec = regexSpec.parse({ kind: 'regex', pattern: '(a|a)*', example: 'aaa' });
    const started = performance.now();
    const outcome = regexKind.check(spec, `${'a'.repeat(40)}b`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outcome.status).toBe('invalid');
    expect(outcome.feedback).toMatch(/could not be checked in time/u);
  });
});

describe('optional parts in author patterns', () => {
  it('accepts an optional scheme such as (?:https?://)? that cannot backtrack', () => {
    const spec = regexSpec.parse({ kind: 'regex', pattern: '(?:https?://)?files\\.example\\.net/x\\.sh', example: 'http://files.example.net/x.sh' });
    expect(regexKind.check(spec, 'files.example.net/x.sh')).toMatchObject({ status: 'graded', verdict: 'correct' });
    expect(regexKind.check(spec, 'https://files.example.net/x.sh')).toMatchObject({ status: 'graded', verdict: 'correct' });
  });

  it('still refuses a nested repetition hidden behind an optional mark', () => {
    expect(regexSpec.safeParse({ kind: 'regex', pattern: '((a+)+)?b', example: 'ab' }).success).toBe(false);
  });

  it('sees the optional marks apart from group syntax, escapes and classes', () => {
    expect(withoutOptionalMarks('(?:https?://)?a\\?[?]b*?')).toBe('(?:https://)a\\?[?]b*?');
  });
});
