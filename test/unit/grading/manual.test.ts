import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { manualKind, manualSpec, type ManualSpec } from '../../../server/grading/kinds/manual.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const rubric =
  '- 2 points: names the **USB stick** as the exfiltration channel\n- 1 point: cites the LNK file timestamps';
const report = manualSpec.parse({ kind: 'manual', rubric });
const short = manualSpec.parse({ kind: 'manual', rubric, max_length: 20, min_length: 5 });
const submitted = /^Your findings were submitted for review by your instructor\.$/u;
/** The rubric's content: never in feedback. */
const secrets = ['USB stick', 'points'];

const cases: AnswerCase<ManualSpec>[] = [
  {
    title: 'stores written findings for the instructor',
    spec: report,
    input: 'The data left on a USB stick.',
    outcome: 'pending',
    normalized: 'The data left on a USB stick.',
    feedback: submitted,
  },
  {
    title: 'collapses whitespace in the stored form used to compare answers',
    spec: report,
    input: '  First,\n\n the LNK files.\tThen the stick.  ',
    outcome: 'pending',
    normalized: 'First, the LNK files. Then the stick.',
    feedback: submitted,
  },
  {
    title: 'folds Unicode compatibility forms in the stored form',
    spec: report,
    input: 'ＵＳＢ stick',
    outcome: 'pending',
    normalized: 'USB stick',
    feedback: submitted,
  },
  {
    title: 'accepts a list holding one text',
    spec: report,
    input: ['Findings.'],
    outcome: 'pending',
    normalized: 'Findings.',
    feedback: submitted,
  },
  {
    title: 'accepts an answer exactly max_length long',
    spec: short,
    input: 'x'.repeat(20),
    outcome: 'pending',
    feedback: submitted,
  },
  {
    title: 'accepts an answer exactly min_length long',
    spec: short,
    input: 'abcde',
    outcome: 'pending',
    feedback: submitted,
  },
  { title: 'refuses an answer longer than max_length', spec: short, input: 'x'.repeat(21), outcome: 'invalid' },
  { title: 'refuses an answer shorter than min_length', spec: short, input: 'abcd', outcome: 'invalid' },
  {
    title: 'counts min_length after removing surrounding whitespace',
    spec: short,
    input: '   abcd   ',
    outcome: 'invalid',
  },
  { title: 'refuses an empty answer', spec: report, input: '', outcome: 'invalid' },
  { title: 'refuses an answer of only whitespace', spec: report, input: ' \n\t ', outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input',
    spec: report,
    input: 'a'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: 'The data left on a USB stick.',
  },
  { title: 'refuses a list of several texts', spec: report, input: ['one', 'two'], outcome: 'invalid' },
  { title: 'refuses an object', spec: report, input: { findings: 'USB' }, outcome: 'invalid' },
];

describe('manual answers', () => {
  checkAnswerTable(manualKind, { cases, secrets });

  it('has no reference answers to check automatically', () => {
    expect(manualKind.referenceAnswers(report)).toEqual([]);
  });

  it('never shows the rubric to trainees', () => {
    expect(manualKind.publicShape(report)).toEqual({ kind: 'manual', max_length: 10_000 });
    expect(JSON.stringify(manualKind.publicShape(short))).not.toContain('USB');
  });
});

const schemaCases: SpecCase[] = [
  { title: 'accepts a rubric alone', ok: true, spec: { rubric } },
  {
    title: 'accepts a rubric with variant references in it',
    ok: true,
    spec: { rubric: 'The attacker used {{attacker_ip}}.' },
  },
  { title: 'accepts a max_length of 100000', ok: true, spec: { rubric, max_length: 100_000 } },
  { title: 'refuses a spec without a rubric', ok: false, spec: {} },
  { title: 'refuses an empty rubric', ok: false, spec: { rubric: '   ' } },
  { title: 'refuses a max_length above 100000', ok: false, spec: { rubric, max_length: 100_001 } },
  {
    title: 'refuses a min_length above max_length',
    ok: false,
    spec: { rubric, max_length: 10, min_length: 11 },
    error: /expected min_length to be at most max_length/u,
  },
  { title: 'refuses a min_length of 0', ok: false, spec: { rubric, min_length: 0 } },
  { title: 'refuses a fractional max_length', ok: false, spec: { rubric, max_length: 10.5 } },
  { title: 'refuses an expected answer, which manual tasks do not have', ok: false, spec: { rubric, expected: 'USB' } },
  { title: 'refuses unknown fields', ok: false, spec: { rubric, points: 3 } },
  { title: 'refuses a rubric that is not text', ok: false, spec: { rubric: ['a', 'b'] } },
];

describe('manual spec', () => {
  checkSpecTable(manualSpec, 'manual', schemaCases);

  it('fills in the defaults', () => {
    expect(manualSpec.parse({ kind: 'manual', rubric })).toEqual({
      kind: 'manual',
      rubric,
      max_length: 10_000,
      min_length: 1,
    });
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(manualSpec, { io: 'input' });
    expect(schema.required).toEqual(['kind', 'rubric']);
    expect(schema.properties?.max_length).toMatchObject({ default: 10_000, maximum: 100_000 });
  });
});
