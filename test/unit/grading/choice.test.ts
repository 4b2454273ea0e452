import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { choiceKind, choiceSpec, type ChoiceSpec } from '../../../server/grading/kinds/choice.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const timestamps = choiceSpec.parse({
  kind: 'choice',
  options: [
    { id: 'mtime', label: 'Modification time' },
    { id: 'ctime', label: 'Metadata change time' },
    { id: 'atime', label: 'Access time' },
    { id: 'crtime', label: 'Creation (birth) time' },
  ],
  expected: 'crtime',
});
const artefacts = choiceSpec.parse({
  kind: 'choice',
  options: ['registry_run_key', 'prefetch', 'pagefile', 'browser_cache', 'thumbcache'],
  expected: ['prefetch', 'thumbcache'],
  multiple: true,
  scoring: 'partial',
});
const artefactsAll = { ...artefacts, scoring: 'all' as const };

/** The right options: never to appear in feedback on a wrong, partial or refused answer. */
const secrets = ['crtime', 'Creation (birth) time', 'prefetch', 'thumbcache'];

const cases: AnswerCase<ChoiceSpec>[] = [
  {
    title: 'accepts the right option by id',
    spec: timestamps,
    input: 'crtime',
    outcome: 'correct',
    normalized: 'crtime',
  },
  {
    title: 'accepts the right option by its label, ignoring case',
    spec: timestamps,
    input: 'creation (BIRTH) time',
    outcome: 'correct',
    normalized: 'crtime',
  },
  { title: 'accepts a list holding the one right option', spec: timestamps, input: ['crtime'], outcome: 'correct' },
  {
    title: 'grades a wrong option as incorrect',
    spec: timestamps,
    input: 'mtime',
    outcome: 'incorrect',
    score: 0,
    normalized: 'mtime',
  },
  {
    title: 'refuses two options for a single choice',
    spec: timestamps,
    input: ['mtime', 'crtime'],
    outcome: 'invalid',
  },
  {
    title: 'refuses two options typed in one line for a single choice',
    spec: timestamps,
    input: 'atime, crtime',
    outcome: 'invalid',
  },
  { title: 'refuses an option that is not listed', spec: timestamps, input: 'dtime', outcome: 'invalid' },
  {
    title: 'refuses an id written with a Cyrillic look-alike letter',
    spec: timestamps,
    input: 'сrtime',
    outcome: 'invalid',
  },
  { title: 'refuses an empty answer', spec: timestamps, input: '', outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input',
    spec: timestamps,
    input: 'crtime'.repeat(200_000),
    outcome: 'invalid',
    noCostlierThan: 'crtime',
  },
  { title: 'refuses an object', spec: timestamps, input: { answer: 'crtime' }, outcome: 'invalid' },
  {
    title: 'accepts exactly the right options in any order',
    spec: artefacts,
    input: ['thumbcache', 'prefetch'],
    outcome: 'correct',
    normalized: 'prefetch, thumbcache',
  },
  {
    title: 'accepts the right options typed in one line',
    spec: artefacts,
    input: 'Thumbcache; PREFETCH',
    outcome: 'correct',
  },
  {
    title: 'counts an option picked twice once',
    spec: artefacts,
    input: ['prefetch', 'thumbcache', 'prefetch'],
    outcome: 'correct',
    normalized: 'prefetch, thumbcache',
  },
  {
    title: 'does not reward picking every option',
    spec: artefacts,
    input: ['registry_run_key', 'prefetch', 'pagefile', 'browser_cache', 'thumbcache'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'gives partial credit for some right options and no wrong ones',
    spec: artefacts,
    input: ['prefetch'],
    outcome: 'partial',
    score: 0.5,
  },
  {
    title: 'cancels a right pick with a wrong pick',
    spec: artefacts,
    input: ['prefetch', 'pagefile'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'gives partial credit for all right options plus a wrong one',
    spec: artefacts,
    input: ['prefetch', 'thumbcache', 'pagefile'],
    outcome: 'partial',
    score: 0.5,
  },
  {
    title: 'gives no partial credit when scoring is all',
    spec: artefactsAll,
    input: ['prefetch'],
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'refuses a multiple-choice answer with an unlisted option',
    spec: artefacts,
    input: ['prefetch', 'amcache'],
    outcome: 'invalid',
  },
  { title: 'refuses a multiple-choice answer with nothing picked', spec: artefacts, input: [], outcome: 'invalid' },
];

describe('choice answers', () => {
  checkAnswerTable(choiceKind, { cases, secrets, referenceSpecs: [timestamps, artefacts, artefactsAll] });

  it('shows trainees the options but not which are right', () => {
    expect(choiceKind.publicShape(artefacts)).toEqual({
      kind: 'choice',
      multiple: true,
      options: ['registry_run_key', 'prefetch', 'pagefile', 'browser_cache', 'thumbcache'].map((id) => ({
        id,
        label: id,
      })),
    });
    expect(JSON.stringify(choiceKind.publicShape(timestamps))).not.toContain('expected');
  });

  it('throws when expected is still a variant reference', () => {
    const unresolved = choiceSpec.parse({ kind: 'choice', options: ['a', 'b'], expected: '{{right_option}}' });
    expect(() => choiceKind.check(unresolved, 'a')).toThrow(/variant/u);
  });
});

const schemaCases: SpecCase[] = [
  { title: 'accepts plain strings as options', ok: true, spec: { options: ['a', 'b'], expected: 'a' } },
  {
    title: 'accepts a whole variant reference as expected',
    ok: true,
    spec: { options: ['a', 'b'], expected: '{{right_option}}' },
  },
  {
    title: 'refuses an expected option that is not listed',
    ok: false,
    spec: { options: ['a', 'b'], expected: 'x' },
    error: /expected refers to option 'x', which is not in options/u,
  },
  {
    title: 'refuses several expected options for a single choice',
    ok: false,
    spec: { options: ['a', 'b', 'c'], expected: ['a', 'b'] },
    error: /set multiple: true/u,
  },
  {
    title: 'refuses a multiple choice where every option is right',
    ok: false,
    spec: { options: ['a', 'b'], expected: ['a', 'b'], multiple: true },
    error: /picking everything/u,
  },
  {
    title: 'refuses an expected option listed twice',
    ok: false,
    spec: { options: ['a', 'b', 'c'], expected: ['a', 'a'], multiple: true },
    error: /more than once/u,
  },
  {
    title: 'refuses duplicate option ids',
    ok: false,
    spec: { options: ['a', 'a', 'b'], expected: 'b' },
    error: /used more than once/u,
  },
  {
    title: 'refuses options that differ only in case',
    ok: false,
    spec: { options: ['Disk', 'disk'], expected: 'disk' },
    error: /cannot be told apart/u,
  },
  {
    title: 'refuses a label that equals another option id',
    ok: false,
    spec: { options: [{ id: 'a', label: 'b' }, 'b'], expected: 'a' },
    error: /cannot be told apart/u,
  },
  {
    title: 'refuses an option id with a comma',
    ok: false,
    spec: { options: ['seize, bag', 'b'], expected: 'b' },
    error: /commas/u,
  },
  { title: 'refuses a single option', ok: false, spec: { options: ['a'], expected: 'a' } },
  { title: 'refuses unknown fields', ok: false, spec: { options: ['a', 'b'], expected: 'a', shuffle: true } },
];

describe('choice spec', () => {
  checkSpecTable(choiceSpec, 'choice', schemaCases);

  it('turns plain-string options into {id, label} and fills in the defaults', () => {
    expect(choiceSpec.parse({ kind: 'choice', options: ['a', { id: 'b', label: 'Bee' }], expected: 'b' })).toEqual({
      kind: 'choice',
      options: [
        { id: 'a', label: 'a' },
        { id: 'b', label: 'Bee' },
      ],
      expected: 'b',
      multiple: false,
      scoring: 'all',
    });
  });

  it('produces a JSON Schema for lab authors that allows the plain-string shorthand', () => {
    const schema = z.toJSONSchema(choiceSpec, { io: 'input' });
    expect(JSON.stringify(schema.properties?.options)).toContain('"anyOf"');
    expect(schema.required).toEqual(['kind', 'options', 'expected']);
  });
});
