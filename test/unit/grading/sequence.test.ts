import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  longestOrderedRun,
  sequenceKind,
  sequenceSpec,
  type SequenceSpec,
} from '../../../server/grading/kinds/sequence.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const options = [
  { id: 'ram', label: 'Capture memory' },
  { id: 'photo', label: 'Photograph the scene' },
  { id: 'isolate', label: 'Isolate from the network' },
  { id: 'image', label: 'Image the disk' },
  { id: 'verify', label: 'Verify the image hash' },
  { id: 'reboot', label: 'Reboot the machine' },
];
const order = ['photo', 'isolate', 'ram', 'image', 'verify'];
const seizure = sequenceSpec.parse({ kind: 'sequence', options, expected: order });
const seizureAll = sequenceSpec.parse({ kind: 'sequence', options, expected: order, scoring: 'all' });

/** Feedback on anything but a correct answer must not reveal the order: no step ids or labels at all, except those the trainee typed, quoted back. */
const secrets = [...options.map((option) => option.id), ...options.map((option) => option.label)];

const cases: AnswerCase<SequenceSpec>[] = [
  {
    title: 'accepts the right order given as a list of ids',
    spec: seizure,
    input: order,
    outcome: 'correct',
    normalized: 'photo > isolate > ram > image > verify',
  },
  {
    title: 'accepts the right order typed with ">" between steps',
    spec: seizure,
    input: 'photo > isolate > ram > image > verify',
    outcome: 'correct',
  },
  {
    title: 'accepts arrows and new lines between steps',
    spec: seizure,
    input: 'photo -> isolate\nram > image → verify',
    outcome: 'correct',
  },
  {
    title: 'accepts commas between steps written on one line',
    spec: seizure,
    input: 'photo, isolate, ram, image, verify',
    outcome: 'correct',
  },
  {
    title: 'accepts step labels in place of ids, ignoring case',
    spec: seizure,
    input: ['photograph the scene', 'ISOLATE FROM THE NETWORK', 'Capture memory', 'image', 'Verify the image hash'],
    outcome: 'correct',
    normalized: 'photo > isolate > ram > image > verify',
  },
  {
    title: 'scores a reversed order as 0',
    spec: seizure,
    input: [...order].reverse(),
    outcome: 'incorrect',
    score: 0,
    normalized: 'verify > image > ram > isolate > photo',
  },
  {
    title: 'gives partial credit for one pair of neighbours swapped',
    spec: seizure,
    input: ['isolate', 'photo', 'ram', 'image', 'verify'],
    outcome: 'partial',
    score: 0.75,
  },
  {
    title: 'gives partial credit but not full marks when a step is missing',
    spec: seizure,
    input: ['photo', 'isolate', 'ram', 'image'],
    outcome: 'partial',
    score: 0.75,
  },
  {
    title: 'does not accept the right order with a distractor step added',
    spec: seizure,
    input: [...order, 'reboot'],
    outcome: 'partial',
    score: 0.8,
  },
  {
    title: 'does not accept a distractor in place of a right step',
    spec: seizure,
    input: ['photo', 'isolate', 'reboot', 'image', 'verify'],
    outcome: 'partial',
    score: 0.75,
  },
  { title: 'scores a single step as 0', spec: seizure, input: 'photo', outcome: 'incorrect', score: 0 },
  {
    title: 'gives no partial credit when scoring is all',
    spec: seizureAll,
    input: ['isolate', 'photo', 'ram', 'image', 'verify'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'refuses a step that is not listed',
    spec: seizure,
    input: ['photo', 'isolate', 'ram', 'image', 'shutdown'],
    outcome: 'invalid',
  },
  {
    title: 'refuses a step given twice',
    spec: seizure,
    input: ['photo', 'isolate', 'ram', 'image', 'PHOTO'],
    outcome: 'invalid',
  },
  {
    title: 'refuses an id written with a Cyrillic look-alike letter',
    spec: seizure,
    input: ['phоto', 'isolate', 'ram', 'image', 'verify'],
    outcome: 'invalid',
  },
  { title: 'refuses an empty answer', spec: seizure, input: '', outcome: 'invalid' },
  { title: 'refuses an answer of only separators', spec: seizure, input: ' > , ; \n -> ', outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input',
    spec: seizure,
    input: 'photo > '.repeat(131_072),
    outcome: 'invalid',
    noCostlierThan: 'photo > isolate > ram > image > verify',
  },
  { title: 'refuses an object', spec: seizure, input: { first: 'photo' }, outcome: 'invalid' },
];

describe('sequence answers', () => {
  checkAnswerTable(sequenceKind, { cases, secrets, feedbackQuotesAnswer: true, referenceSpecs: [seizure, seizureAll] });

  it('measures the longest run in the right relative order, ignoring distractors', () => {
    expect(longestOrderedRun(['c', 'x', 'a', 'b', 'd'], ['a', 'b', 'c', 'd'])).toBe(3);
    expect(longestOrderedRun(['d', 'c', 'b', 'a'], ['a', 'b', 'c', 'd'])).toBe(1);
    expect(longestOrderedRun(['x', 'y'], ['a', 'b'])).toBe(0);
  });

  it('shows trainees every step sorted by id, never in the expected order', () => {
    const shape = sequenceKind.publicShape(seizure);
    expect(shape).toEqual({ kind: 'sequence', options: [...options].sort((a, b) => (a.id < b.id ? -1 : 1)) });
    expect(
      (shape.options as { id: string }[]).map((option) => option.id).filter((id) => order.includes(id)),
    ).not.toEqual(order);
  });

  it('warns the author when the ids sort in the expected order', () => {
    const leaky = sequenceSpec.parse({
      kind: 'sequence',
      options: ['step1', 'step2', 'step3'],
      expected: ['step1', 'step2', 'step3'],
    });
    expect(sequenceKind.lint!(leaky)).toEqual([expect.stringMatching(/gives the answer away/u)]);
    expect(sequenceKind.lint!(seizure)).toEqual([]);
  });

  it('throws when expected is still a variant reference', () => {
    const unresolved = sequenceSpec.parse({ kind: 'sequence', options, expected: '{{seizure_order}}' });
    expect(() => sequenceKind.check(unresolved, order)).toThrow(/variant/u);
  });

  it('throws when a resolved expected order names a step that is not listed', () => {
    expect(() => sequenceKind.check({ ...seizure, expected: ['photo', 'shutdown'] }, order)).toThrow(/not in options/u);
  });
});

const schemaCases: SpecCase[] = [
  {
    title: 'accepts distractor steps that are not in the expected order',
    ok: true,
    spec: { options, expected: order },
  },
  { title: 'accepts plain strings as steps', ok: true, spec: { options: ['b', 'a', 'c'], expected: ['a', 'b', 'c'] } },
  {
    title: 'accepts a whole variant reference as expected',
    ok: true,
    spec: { options, expected: '{{seizure_order}}' },
  },
  {
    title: 'refuses an expected step that is not listed',
    ok: false,
    spec: { options, expected: ['photo', 'shutdown'] },
    error: /expected refers to step 'shutdown', which is not in options/u,
  },
  {
    title: 'refuses an expected step listed twice',
    ok: false,
    spec: { options, expected: ['photo', 'ram', 'photo'] },
    error: /more than once/u,
  },
  { title: 'refuses an expected order of a single step', ok: false, spec: { options, expected: ['photo'] } },
  {
    title: 'refuses duplicate step ids',
    ok: false,
    spec: { options: ['a', 'b', 'a'], expected: ['a', 'b'] },
    error: /used more than once/u,
  },
  {
    title: 'refuses a label that could be confused with another step',
    ok: false,
    spec: {
      options: [
        { id: 'a', label: 'Image' },
        { id: 'image', label: 'Disk' },
      ],
      expected: ['a', 'image'],
    },
    error: /cannot be told apart/u,
  },
  {
    title: 'refuses a step id containing ">"',
    ok: false,
    spec: { options: ['a>b', 'c'], expected: ['c', 'a>b'] },
    error: /">"/u,
  },
  {
    title: 'refuses a step id with surrounding spaces',
    ok: false,
    spec: { options: [' a', 'b'], expected: ['b', ' a'] },
  },
  { title: 'refuses an unknown scoring', ok: false, spec: { options, expected: order, scoring: 'lcs' } },
  { title: 'refuses unknown fields', ok: false, spec: { options, expected: order, shuffle: true } },
];

describe('sequence spec', () => {
  checkSpecTable(sequenceSpec, 'sequence', schemaCases);

  it('defaults to partial scoring', () => {
    expect(sequenceSpec.parse({ kind: 'sequence', options: ['a', 'b'], expected: ['b', 'a'] }).scoring).toBe('partial');
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(sequenceSpec, { io: 'input' });
    expect(schema.required).toEqual(['kind', 'options', 'expected']);
    expect(schema.properties?.scoring).toMatchObject({
      default: 'partial',
      description: expect.stringContaining('reversed'),
    });
  });
});
