import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnswerInput, CheckResult } from '../../../server/grading/types.ts';
import { manualKind, manualSpec, type ManualSpec } from '../../../server/grading/kinds/manual.ts';

const rubric = '- 2 points: names the **USB stick** as the exfiltration channel\n- 1 point: cites the LNK file timestamps';
const report = manualSpec.parse({ kind: 'manual', rubric });
const short = manualSpec.parse({ kind: 'manual', rubric, max_length: 20, min_length: 5 });
const pending = 'Your findings were submitted for review by your instructor.';

const cases: { title: string; spec: ManualSpec; input: AnswerInput; status: CheckResult['status']; normalized?: string }[] = [
  { title: 'stores written findings for the instructor', spec: report, input: 'The data left on a USB stick.', status: 'pending', normalized: 'The data left on a USB stick.' },
  { title: 'collapses whitespace in the stored form used to compare answers', spec: report, input: '  First,\n\n the LNK files.\tThen the stick.  ', status: 'pending', normalized: 'First, the LNK files. Then the stick.' },
  { title: 'folds Unicode compatibility forms in the stored form', spec: report, input: 'ＵＳＢ stick', status: 'pending', normalized: 'USB stick' },
  { title: 'accepts a list holding one text', spec: report, input: ['Findings.'], status: 'pending', normalized: 'Findings.' },
  { title: 'accepts an answer exactly max_length long', spec: short, input: 'x'.repeat(20), status: 'pending' },
  { title: 'accepts an answer exactly min_length long', spec: short, input: 'abcde', status: 'pending' },
  { title: 'refuses an answer longer than max_length', spec: short, input: 'x'.repeat(21), status: 'invalid' },
  { title: 'refuses an answer shorter than min_length', spec: short, input: 'abcd', status: 'invalid' },
  { title: 'counts min_length after removing surrounding whitespace', spec: short, input: '   abcd   ', status: 'invalid' },
  { title: 'refuses an empty answer', spec: report, input: '', status: 'invalid' },
  { title: 'refuses an answer of only whitespace', spec: report, input: ' \n\t ', status: 'invalid' },
  { title: 'refuses a megabyte of input', spec: report, input: 'a'.repeat(1_000_000), status: 'invalid' },
  { title: 'refuses a list of several texts', spec: report, input: ['one', 'two'], status: 'invalid' },
  { title: 'refuses an object', spec: report, input: { findings: 'USB' }, status: 'invalid' },
];

describe('manual answers', () => {
  it.each(cases)('$title', ({ spec, input, status, normalized }) => {
    const checked = manualKind.check(spec, input);
    expect(checked.status).toBe(status);
    if (checked.status === 'pending') expect(checked.feedback).toBe(pending);
    if (normalized !== undefined && checked.status !== 'invalid') expect(checked.normalized).toBe(normalized);
    expect(checked.feedback).not.toContain('USB stick');
    expect(checked.feedback).not.toContain('points');
  });

  it('has no reference answers to check automatically', () => {
    expect(manualKind.referenceAnswers(report)).toEqual([]);
  });

  it('never shows the rubric to trainees', () => {
    expect(manualKind.publicShape(report)).toEqual({ kind: 'manual', max_length: 10_000 });
    expect(JSON.stringify(manualKind.publicShape(short))).not.toContain('USB');
  });
});

const schemaCases: { title: string; spec: Record<string, unknown>; ok: boolean; error?: RegExp }[] = [
  { title: 'accepts a rubric alone', ok: true, spec: { rubric } },
  { title: 'accepts a rubric with variant references in it', ok: true, spec: { rubric: 'The attacker used {{attacker_ip}}.' } },
  { title: 'accepts a max_length of 100000', ok: true, spec: { rubric, max_length: 100_000 } },
  { title: 'refuses a spec without a rubric', ok: false, spec: {} },
  { title: 'refuses an empty rubric', ok: false, spec: { rubric: '   ' } },
  { title: 'refuses a max_length above 100000', ok: false, spec: { rubric, max_length: 100_001 } },
  { title: 'refuses a min_length above max_length', ok: false, spec: { rubric, max_length: 10, min_length: 11 }, error: /expected min_length to be at most max_length/u },
  { title: 'refuses a min_length of 0', ok: false, spec: { rubric, min_length: 0 } },
  { title: 'refuses a fractional max_length', ok: false, spec: { rubric, max_length: 10.5 } },
  { title: 'refuses an expected answer, which manual tasks do not have', ok: false, spec: { rubric, expected: 'USB' } },
  { title: 'refuses unknown fields', ok: false, spec: { rubric, points: 3 } },
  { title: 'refuses a rubric that is not text', ok: false, spec: { rubric: ['a', 'b'] } },
];

describe('manual spec', () => {
  it.each(schemaCases)('$title', ({ spec, ok, error }) => {
    const parsed = manualSpec.safeParse({ kind: 'manual', ...spec });
    expect(parsed.success).toBe(ok);
    if (error) expect(parsed.error?.issues.map((issue) => issue.message).join('\n')).toMatch(error);
  });

  it('fills in the defaults', () => {
    expect(manualSpec.parse({ kind: 'manual', rubric })).toEqual({ kind: 'manual', rubric, max_length: 10_000, min_length: 1 });
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(manualSpec, { io: 'input' });
    expect(schema.required).toEqual(['kind', 'rubric']);
    expect(schema.properties?.max_length).toMatchObject({ default: 10_000, maximum: 100_000 });
  });
});
