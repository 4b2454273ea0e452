import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maximumMatching, setKind, setSpec, type SetSpec } from '../../../server/grading/kinds/set.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const hostList = ['10.0.0.5', '10.0.0.7', '192.168.1.20'];
const hosts = setSpec.parse({ kind: 'set', of: { kind: 'ip' }, expected: hostList });
const hostsPartial = setSpec.parse({ kind: 'set', of: { kind: 'ip' }, expected: hostList, scoring: 'partial' });
const domains = setSpec.parse({ kind: 'set', of: { kind: 'text' }, expected: ['paypal.com', 'evil.example'] });
const sizes = setSpec.parse({ kind: 'set', of: { kind: 'number', tolerance: 1 }, expected: [42, 17] });
const hashList = ['d41d8cd98f00b204e9800998ecf8427e', '900150983cd24fb0d6963f7d28e17f72'];
const hashes = setSpec.parse({ kind: 'set', of: { kind: 'hash', algorithm: 'md5' }, expected: hashList });
const logins = setSpec.parse({
  kind: 'set',
  of: { kind: 'timestamp' },
  expected: ['2024-03-05T14:02:37Z', '2024-03-05T15:00:00Z'],
});

/** Expected items that must never appear in feedback on a wrong, partial or refused answer. */
const secrets = [...hostList, 'paypal.com', 'evil.example', ...hashList];

const cases: AnswerCase<SetSpec>[] = [
  {
    title: 'accepts every item in any order',
    spec: hosts,
    input: ['192.168.1.20', '10.0.0.7', '10.0.0.5'],
    outcome: 'correct',
    normalized: '10.0.0.5, 10.0.0.7, 192.168.1.20',
  },
  {
    title: 'accepts items separated by new lines and semicolons',
    spec: hosts,
    input: '10.0.0.5\n10.0.0.7; 192.168.1.20\n',
    outcome: 'correct',
  },
  {
    title: 'accepts items on one line separated by commas',
    spec: hosts,
    input: '10.0.0.5, 10.0.0.7,192.168.1.20,',
    outcome: 'correct',
  },
  {
    title: 'accepts each item written in any way its kind accepts',
    spec: hosts,
    input: '010.000.000.005, 10.0.0.7, ::ffff:192.168.1.20',
    outcome: 'correct',
    normalized: '10.0.0.5, 10.0.0.7, 192.168.1.20',
  },
  {
    title: 'counts two writings of the same item once',
    spec: hosts,
    input: ['10.0.0.5', '010.0.0.5', '10.0.0.7', '192.168.1.20', '10.0.0.7'],
    outcome: 'correct',
    normalized: '10.0.0.5, 10.0.0.7, 192.168.1.20',
  },
  {
    title: 'does not accept an answer with an item missing',
    spec: hosts,
    input: ['10.0.0.5', '10.0.0.7'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'does not accept every item plus a wrong one',
    spec: hosts,
    input: [...hostList, '10.0.0.99'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'scores an item missing by F1 when scoring is partial',
    spec: hostsPartial,
    input: ['10.0.0.5', '10.0.0.7'],
    outcome: 'partial',
    score: 0.8,
  },
  {
    title: 'penalises a wrong extra item when scoring is partial',
    spec: hostsPartial,
    input: [...hostList, '10.0.0.99'],
    outcome: 'partial',
    score: 0.857,
  },
  {
    title: 'does not reward listing many addresses to catch the right ones',
    spec: hostsPartial,
    input: Array.from({ length: 200 }, (_, index) => `10.0.${Math.floor(index / 250)}.${index % 250}`),
    outcome: 'partial',
    score: 0.02,
  },
  {
    title: 'scores no right item as 0 when scoring is partial',
    spec: hostsPartial,
    input: ['10.0.0.1', '10.0.0.2'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'does not match a look-alike domain with a Cyrillic letter',
    spec: domains,
    input: ['pаypal.com', 'evil.example'],
    outcome: 'incorrect',
  },
  {
    title: 'compares text items as forgivingly as a text answer',
    spec: domains,
    input: 'PayPal.com; "evil.example"',
    outcome: 'correct',
  },
  {
    title: 'lets each expected item be matched by one answer item only',
    spec: sizes,
    input: '42, 42.5',
    outcome: 'incorrect',
  },
  { title: 'accepts numbers within the item tolerance', spec: sizes, input: '41.5; 17', outcome: 'correct' },
  {
    title: 'compares hashes without regard to case',
    spec: hashes,
    input: hashList.map((hash) => hash.toUpperCase()),
    outcome: 'correct',
  },
  {
    title: 'compares timestamps as moments whatever zone they are written in',
    spec: logins,
    input: ['2024-03-05T15:02:37+01:00', '2024-03-05 15:00:00 UTC'],
    outcome: 'correct',
  },
  {
    title: 'refuses the whole answer when one item has the wrong shape',
    spec: hosts,
    input: ['10.0.0.5', '10.0.0.7', 'host-42'],
    outcome: 'invalid',
  },
  {
    title: 'refuses a hash of the wrong length',
    spec: hashes,
    input: ['d41d8cd98f00b204e9800998ecf8427e', 'abc'],
    outcome: 'invalid',
  },
  { title: 'refuses an empty answer', spec: hosts, input: '', outcome: 'invalid' },
  { title: 'refuses an answer of only separators', spec: hosts, input: ',;\n,', outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input',
    spec: hosts,
    input: '10.0.0.5\n'.repeat(120_000),
    outcome: 'invalid',
    noCostlierThan: '10.0.0.5\n10.0.0.7; 192.168.1.20\n',
  },
  {
    title: 'refuses more than 200 items',
    spec: hosts,
    input: Array.from({ length: 201 }, (_, index) => `10.1.${Math.floor(index / 250)}.${index % 250}`),
    outcome: 'invalid',
  },
  { title: 'refuses an object', spec: hosts, input: { first: '10.0.0.5' }, outcome: 'invalid' },
];

describe('set answers', () => {
  checkAnswerTable(setKind, { cases, secrets, referenceSpecs: [hosts, hostsPartial, domains, sizes, hashes, logins] });

  it("quotes the trainee's own item and the reason when an item has the wrong shape", () => {
    const checked = setKind.check(hosts, ['10.0.0.5', 'host-42']);
    expect(checked).toMatchObject({
      status: 'invalid',
      feedback: expect.stringMatching(/^Your item 'host-42' is not valid: .*IPv4/u),
    });
  });

  it('finds the largest matching even when a greedy choice would block it', () => {
    // Given item 0 matches expected 0 and 1; given item 1 matches only expected 0.
    expect(maximumMatching([[0, 1], [0]], 2)).toBe(2);
    expect(maximumMatching([[0], [0]], 2)).toBe(1);
    expect(maximumMatching([], 3)).toBe(0);
  });

  it('shows trainees how items are checked but none of the items', () => {
    const shape = setKind.publicShape(hashes);
    expect(shape).toMatchObject({ kind: 'set', of: { kind: 'hash' } });
    for (const secret of secrets) expect(JSON.stringify(shape)).not.toContain(secret);
  });

  it('throws when expected is still a variant reference', () => {
    const unresolved = setSpec.parse({ kind: 'set', of: { kind: 'ip' }, expected: '{{lateral_hosts}}' });
    expect(() => setKind.check(unresolved, hostList)).toThrow(/variant/u);
  });

  it('checks a resolved list of generated numbers written as text', () => {
    const resolved = {
      ...setSpec.parse({ kind: 'set', of: { kind: 'number' }, expected: '{{sizes}}' }),
      expected: ['42', '17'],
    };
    expect(setKind.check(resolved, '17, 42')).toMatchObject({ verdict: 'correct' });
  });

  it("passes on the item kind's lint for each expected item", () => {
    const short = setSpec.parse({ kind: 'set', of: { kind: 'hash', algorithm: 'md5' }, expected: ['abc'] });
    expect(setKind.lint!(short)).toEqual([expect.stringMatching(/^set item 'abc': /u)]);
    expect(setKind.lint!(hashes)).toEqual([]);
  });
});

const schemaCases: SpecCase[] = [
  {
    title: 'accepts the item options of each item kind',
    ok: true,
    spec: { of: { kind: 'hash', algorithm: 'sha256' }, expected: ['a'.repeat(64)] },
  },
  {
    title: 'accepts a whole variant reference as expected',
    ok: true,
    spec: { of: { kind: 'ip' }, expected: '{{lateral_hosts}}' },
  },
  {
    title: 'accepts variant references as items',
    ok: true,
    spec: { of: { kind: 'ip' }, expected: ['{{attacker_ip}}', '10.0.0.5'] },
  },
  {
    title: 'accepts numbers and numeric text for number items',
    ok: true,
    spec: { of: { kind: 'number' }, expected: [42, '17'] },
  },
  {
    title: 'refuses an expected item that is not valid for the item kind',
    ok: false,
    spec: { of: { kind: 'number' }, expected: [42, 'forty'] },
    error: /expected item 'forty' is not a valid number answer/u,
  },
  {
    title: 'refuses two expected items that are the same answer',
    ok: false,
    spec: { of: { kind: 'ip' }, expected: ['10.0.0.1', '010.0.0.1'] },
    error: /are the same answer/u,
  },
  {
    title: 'refuses expected items that one answer would match twice',
    ok: false,
    spec: { of: { kind: 'number', tolerance: 1 }, expected: [42, 42.5] },
    error: /are the same answer/u,
  },
  {
    title: 'refuses an expected field inside the item options',
    ok: false,
    spec: { of: { kind: 'ip', expected: '10.0.0.1' }, expected: ['10.0.0.1'] },
  },
  {
    title: 'refuses a network range as item options',
    ok: false,
    spec: { of: { kind: 'ip', cidr: '10.0.0.0/8' }, expected: ['10.0.0.1'] },
  },
  {
    title: 'refuses an item kind that sets cannot hold',
    ok: false,
    spec: { of: { kind: 'regex', pattern: 'a' }, expected: ['a'] },
  },
  { title: 'refuses an empty expected list', ok: false, spec: { of: { kind: 'text' }, expected: [] } },
  { title: 'refuses an unknown scoring', ok: false, spec: { of: { kind: 'text' }, expected: ['a'], scoring: 'f1' } },
  { title: 'refuses unknown fields', ok: false, spec: { of: { kind: 'text' }, expected: ['a'], ordered: true } },
];

describe('set spec', () => {
  checkSpecTable(setSpec, 'set', schemaCases);

  it('fills in the defaults of the set and of the item kind', () => {
    expect(setSpec.parse({ kind: 'set', of: { kind: 'text' }, expected: ['a'] })).toEqual({
      kind: 'set',
      of: { kind: 'text', exact: false, case_sensitive: false },
      expected: ['a'],
      scoring: 'all',
    });
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(setSpec, { io: 'input' });
    expect(schema.required).toEqual(['kind', 'of', 'expected']);
    expect(JSON.stringify(schema.properties?.of)).not.toContain('"expected"');
  });
});

describe('set answers typed one item per line', () => {
  it('keeps the commas that belong to an item, such as an RFC 2822 date', () => {
    const spec = setSpec.parse({
      kind: 'set',
      of: { kind: 'timestamp' },
      expected: ['2024-03-05T14:02:37Z', '2024-03-06T09:00:00Z'],
    });
    const outcome = setKind.check(spec, 'Tue, 05 Mar 2024 14:02:37 +0000\nWed, 06 Mar 2024 09:00:00 +0000');
    expect(outcome).toMatchObject({ status: 'graded', verdict: 'correct' });
  });
});
