import { describe, expect, it } from 'vitest';
import {
  matchMisconception,
  misconceptionProblems,
  misconceptionSpec,
  type ResolvedMisconception,
} from '../../../server/grading/misconceptions.ts';
import { answerSpecSchema, type AnswerSpec } from '../../../server/grading/registry.ts';
import type { AnswerInput } from '../../../server/grading/types.ts';

/*
 * Anticipated wrong answers are matched with the task's own checker: the task's spec with the
 * misconception's answer as its expected value.
 */

const parse = (spec: Record<string, unknown>): AnswerSpec => answerSpecSchema.parse(spec);

function resolved(spec: AnswerSpec, answers: Record<string, unknown>): ResolvedMisconception[] {
  return Object.entries(answers).map(([name, answer]) => {
    const built = misconceptionSpec(spec, answer);
    if (!built.ok) throw new Error(built.message);
    return { name, spec: built.spec, feedback: `feedback ${name}`, penalty: undefined };
  });
}

const choice = parse({
  kind: 'choice',
  multiple: true,
  scoring: 'partial',
  options: [
    { id: 'art-16', label: 'Art. 16 expedited preservation' },
    { id: 'art-29', label: 'Art. 29 request through the 24/7 network' },
    { id: 'art-31', label: 'Art. 31 mutual assistance' },
    { id: 'art-18', label: 'Art. 18 production order' },
  ],
  expected: ['art-29', 'art-31'],
});

const cases: {
  title: string;
  spec: AnswerSpec;
  answers: Record<string, unknown>;
  input: AnswerInput;
  matched?: string;
}[] = [
  {
    title: 'ip: every spelling of the address',
    spec: parse({ kind: 'ip', expected: '203.0.113.77' }),
    answers: { lease: '198.51.100.9' },
    input: '198.051.100.009.',
    matched: 'lease',
  },
  {
    title: 'ip: a network of the task does not make every address in it a misconception',
    spec: parse({ kind: 'ip', expected: '203.0.113.77', cidr: '198.51.100.0/24' }),
    answers: { lease: '198.51.100.9' },
    input: '198.51.100.10',
  },
  {
    title: 'number: within the task’s tolerance',
    spec: parse({ kind: 'number', expected: 31, tolerance: 1 }),
    answers: { 'counted-success': 40 },
    input: '41',
    matched: 'counted-success',
  },
  {
    title: 'text: forgiving like the task',
    spec: parse({ kind: 'text', expected: 'w.degraaf' }),
    answers: { 'on-call': 'adm.kovac' },
    input: ' "ADM.Kovac" ',
    matched: 'on-call',
  },
  {
    title: 'timestamp: another zone, the same moment',
    spec: parse({ kind: 'timestamp', expected: '2026-03-28T12:41:00Z', zone: 'Europe/Vienna' }),
    answers: { 'local-as-utc': '2026-03-28T13:41:00Z' },
    input: '2026-03-28 14:41:00',
    matched: 'local-as-utc',
  },
  {
    title: 'account: the declared domains of the task',
    spec: parse({ kind: 'account', expected: 'COURT\\a.horvat', domains: [['COURT', 'court.example']] }),
    answers: { decoy: 'COURT\\adm.kovac' },
    input: 'adm.kovac@court.example',
    matched: 'decoy',
  },
  {
    title: 'choice with partial scoring: only exactly the listed options',
    spec: choice,
    answers: { 'preservation-only': ['art-16'] },
    input: ['art-16', 'art-29'],
  },
  {
    title: 'choice: the listed options in any order',
    spec: choice,
    answers: { 'production-order': ['art-18', 'art-31'] },
    input: ['art-31', 'art-18'],
    matched: 'production-order',
  },
  {
    title: 'set with partial scoring: only the whole set',
    spec: parse({ kind: 'set', of: { kind: 'ip' }, scoring: 'partial', expected: ['192.0.2.1', '192.0.2.2'] }),
    answers: { 'office-range': ['192.0.2.3', '192.0.2.4'] },
    input: '192.0.2.3',
  },
  {
    title: 'the first of several that match wins',
    spec: parse({ kind: 'number', expected: 31, tolerance: 5 }),
    answers: { first: 40, second: 42 },
    input: '41',
    matched: 'first',
  },
  {
    title: 'an invalid answer matches nothing',
    spec: parse({ kind: 'ip', expected: '203.0.113.77' }),
    answers: { lease: '198.51.100.9' },
    input: 'not an address',
  },
];

describe('matching anticipated wrong answers', () => {
  for (const { title, spec, answers, input, matched } of cases)
    it(title, () => expect(matchMisconception(resolved(spec, answers), input)?.name).toBe(matched));
});

describe('the problems of anticipated wrong answers', () => {
  const ip = parse({ kind: 'ip', expected: '203.0.113.77' });

  it('accepts sound ones', () => {
    expect(misconceptionProblems(ip, [{ name: 'lease', answer: '198.51.100.9' }])).toEqual([]);
  });

  it('refuses a name used twice', () => {
    expect(
      misconceptionProblems(ip, [
        { name: 'lease', answer: '198.51.100.9' },
        { name: 'lease', answer: '198.51.100.10' },
      ]),
    ).toEqual(['misconceptions[1] (lease): the name is used twice in this task']);
  });

  it('refuses an answer the task accepts as right', () => {
    expect(misconceptionProblems(ip, [{ name: 'same', answer: '203.000.113.077' }])).toEqual([
      'misconceptions[0] (same): the task accepts this answer as right, so it can never reveal a misconception',
    ]);
  });

  it('refuses an answer the task could not expect, with the checker’s reason', () => {
    const [problem] = misconceptionProblems(choice, [{ name: 'unknown-option', answer: ['art-99'] }]);
    expect(problem).toMatch(
      /^misconceptions\[0\] \(unknown-option\): the answer is not one this task could expect: .*art-99/u,
    );
  });

  it('refuses them on kinds without an expected value', () => {
    const regex = parse({ kind: 'regex', pattern: 'EX-0?7', example: 'EX-07' });
    const manual = parse({ kind: 'manual', rubric: 'Names the legal basis.' });
    for (const spec of [regex, manual])
      expect(misconceptionProblems(spec, [{ name: 'x', answer: 'y' }])[0]).toMatch(
        /cannot list anticipated wrong answers/u,
      );
  });
});
