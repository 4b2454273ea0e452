import { describe, expect, it } from 'vitest';
import { numberKind, numberSpec, type NumberSpec } from '../../../server/grading/kinds/number.ts';
import { type AnswerCase, checkAnswerTable, distinctNormalizedForms, outcomeThroughRegistry } from './answer-table.ts';

const spec = (fields: Record<string, unknown>): NumberSpec => numberSpec.parse({ kind: 'number', ...fields });

/** The bytes exfiltrated in the task: 48213, with or without the unit. */
const bytes = spec({ expected: 48213, unit: 'bytes', unit_aliases: ['B', 'byte'] });
const plain = spec({ expected: 48213 });
/** Ways the expected value could be written out in feedback; none may appear unless the answer is correct. */
const secrets = ['48213', '48,213', '48 213'];

const cases: AnswerCase<NumberSpec>[] = [
  { title: 'accepts the exact number', input: '48213', outcome: 'correct', normalized: '48213' },
  { title: 'accepts thousands grouped with commas', input: '48,213', outcome: 'correct', normalized: '48213' },
  { title: 'accepts thousands grouped with spaces', input: '48 213', outcome: 'correct', normalized: '48213' },
  { title: 'accepts thousands grouped with underscores', input: '48_213', outcome: 'correct', normalized: '48213' },
  {
    title: 'accepts a narrow no-break space as thousands separator',
    input: '48\u202F213',
    outcome: 'correct',
    normalized: '48213',
  },
  { title: 'accepts a leading plus sign', input: '+48213', outcome: 'correct', normalized: '48213' },
  { title: 'accepts a decimal point with trailing zeros', input: '48,213.00', outcome: 'correct', normalized: '48213' },
  { title: 'accepts scientific notation', input: '4.8213e4', outcome: 'correct', normalized: '48213' },
  { title: 'accepts the unit after a space', input: '48213 bytes', outcome: 'correct', normalized: '48213' },
  {
    title: 'accepts a unit alias without a space and in another case',
    input: '48213b',
    outcome: 'correct',
    normalized: '48213',
  },
  {
    title: 'accepts a final full stop ending a sentence',
    input: '48 213 bytes.',
    outcome: 'correct',
    normalized: '48213',
  },
  { title: 'accepts fullwidth digits through NFKC', input: '４８２１３', outcome: 'correct', normalized: '48213' },
  { title: 'accepts a one-item list', input: ['48213'], outcome: 'correct', normalized: '48213' },
  {
    title: 'grades a different number as incorrect without saying in which direction',
    input: '48214',
    outcome: 'incorrect',
    normalized: '48214',
    feedback: /^Not correct/u,
  },
  {
    title: 'grades the value of another variant as incorrect',
    input: '51872 bytes',
    outcome: 'incorrect',
    normalized: '51872',
  },
  {
    title: 'reads a comma followed by three digits as thousands, not decimals',
    spec: spec({ expected: 48.213 }),
    input: '48,213',
    outcome: 'incorrect',
    normalized: '48213',
  },
  {
    title: 'reads a lone comma before fewer than three digits as a decimal comma',
    spec: spec({ expected: 3.5 }),
    input: '3,5',
    outcome: 'correct',
    normalized: '3.5',
  },
  {
    title: 'reads spaces for thousands with a decimal comma',
    spec: spec({ expected: 48213.5 }),
    input: '48 213,5',
    outcome: 'correct',
    normalized: '48213.5',
  },
  {
    title: 'refuses a comma before three digits that is not valid grouping',
    input: '4821,300',
    outcome: 'invalid',
    feedback: /thousands separator/u,
  },
  { title: 'refuses a thousands comma mixed with a decimal comma', input: '48,213,5', outcome: 'invalid' },
  { title: 'refuses a dot used as thousands separator', input: '48.213,0', outcome: 'invalid' },
  {
    title: 'refuses another unit and names the unit the task asks for',
    input: '47 KB',
    outcome: 'invalid',
    feedback: /in bytes/u,
  },
  {
    title: 'refuses a unit when the task has none',
    spec: plain,
    input: '48213 bytes',
    outcome: 'invalid',
    feedback: /without a unit/u,
  },
  { title: 'refuses an empty answer', input: '', outcome: 'invalid' },
  { title: 'refuses whitespace only', input: ' \t\n ', outcome: 'invalid' },
  { title: 'refuses NaN', input: 'NaN', outcome: 'invalid' },
  { title: 'refuses Infinity', input: 'Infinity', outcome: 'invalid' },
  { title: 'refuses a number too large to represent', input: '1e999', outcome: 'invalid' },
  {
    title: 'refuses Arabic-Indic digits instead of misreading them',
    input: '٤٨٢١٣',
    outcome: 'invalid',
    feedback: /digits 0 to 9/u,
  },
  { title: 'refuses Devanagari digits instead of misreading them', input: '४८२१३', outcome: 'invalid' },
  { title: 'refuses hexadecimal', input: '0xBC55', outcome: 'invalid' },
  { title: 'refuses a sign on its own', input: '-', outcome: 'invalid' },
  { title: 'refuses a list of several numbers', input: ['48213', '1'], outcome: 'invalid' },
  {
    title: 'accepts an answer within the absolute tolerance',
    spec: spec({ expected: 1.2, tolerance: 0.1 }),
    input: '1.3',
    outcome: 'correct',
  },
  {
    title: 'grades an answer just outside the absolute tolerance as incorrect',
    spec: spec({ expected: 1.2, tolerance: 0.1 }),
    input: '1.31',
    outcome: 'incorrect',
  },
  {
    title: 'accepts an answer within the percentage tolerance',
    spec: spec({ expected: 2000, tolerance_percent: 5 }),
    input: '2,100',
    outcome: 'correct',
  },
  {
    title: 'grades an answer outside the percentage tolerance as incorrect',
    spec: spec({ expected: 2000, tolerance_percent: 5 }),
    input: '2101',
    outcome: 'incorrect',
  },
  {
    title: 'accepts negative numbers written with a Unicode minus sign',
    spec: spec({ expected: -7 }),
    input: '\u22127',
    outcome: 'correct',
    normalized: '-7',
  },
  {
    title: 'treats minus zero and zero as the same answer',
    spec: spec({ expected: 0 }),
    input: '-0',
    outcome: 'correct',
    normalized: '0',
  },
  {
    title: 'refuses a megabyte of digits quickly',
    input: '1'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: '48,213',
  },
];

/** Specs whose reference answers must all be graded correct. */
const referenceSpecs = [bytes, plain, spec({ expected: 3.5, unit: 'GB' }), spec({ expected: -0.25 })];

describe('number answers', () => {
  checkAnswerTable(numberKind, { spec: bytes, cases, secrets, referenceSpecs });

  it('normalizes every way of writing the same value identically', () => {
    const forms = ['48213', '48,213', '48 213', '48_213', '+48213', '48213.0', '4.8213e4', '48213 bytes', '48213B'];
    expect(distinctNormalizedForms(numberKind, bytes, forms)).toEqual(['48213']);
  });

  it('throws when the expected value is still a variant reference', () => {
    const unresolved = spec({ expected: '{{bytes_sent}}' });
    expect(() => numberKind.check(unresolved, '1')).toThrow(/variant/u);
  });

  it('accepts a whole variant reference as expected in the schema but no other string', () => {
    expect(numberSpec.safeParse({ kind: 'number', expected: '{{ bytes_sent }}' }).success).toBe(true);
    expect(numberSpec.safeParse({ kind: 'number', expected: '48213' }).success).toBe(false);
    expect(numberSpec.safeParse({ kind: 'number', expected: 1, colour: 'red' }).success).toBe(false);
  });

  it('shows only the unit in the public shape', () => {
    expect(numberKind.publicShape(bytes)).toEqual({ kind: 'number', unit: 'bytes' });
    expect(numberKind.publicShape(plain)).toEqual({ kind: 'number' });
  });

  it('lints aliases without a unit, units that look like numbers and answers shown as examples', () => {
    expect(numberKind.lint!(bytes)).toEqual([]);
    expect(numberKind.lint!(spec({ expected: 1, unit_aliases: ['B'] }))).toEqual([
      expect.stringMatching(/unit_aliases/u),
    ]);
    expect(numberKind.lint!(spec({ expected: 1, unit: '2x' }))).toEqual([
      expect.stringMatching(/starts with a digit/u),
    ]);
    expect(numberKind.lint!(spec({ expected: 42 }))).toEqual([expect.stringMatching(/example/u)]);
    expect(numberKind.lint!(spec({ expected: 2 ** 60 }))).toEqual([expect.stringMatching(/too large/u)]);
    expect(numberKind.lint!(spec({ expected: '{{bytes_sent}}' }))).toEqual([]);
  });

  it('grades through the registry once a variant reference is resolved', async () => {
    const authored = { kind: 'number', expected: '{{bytes_sent}}', unit: 'bytes' };
    expect(await outcomeThroughRegistry(authored, { bytes_sent: 48213 }, '48,213 bytes')).toBe('correct');
    expect(await outcomeThroughRegistry(authored, { bytes_sent: 51872 }, '48213')).toBe('incorrect');
  });
});
