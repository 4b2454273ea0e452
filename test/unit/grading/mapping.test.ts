import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mappingKind, mappingSpec, type MappingSpec } from '../../../server/grading/kinds/mapping.ts';
import { type AnswerCase, checkAnswerTable } from './answer-table.ts';
import { checkSpecTable, type SpecCase } from './spec-table.ts';

const items = [
  { id: 'photo', label: 'IMG_2041.jpg' },
  { id: 'chat', label: 'WhatsApp chat export.txt' },
  { id: 'invoice', label: 'invoice_2023-11.pdf' },
  { id: 'notes', label: 'C:\\Users\\kim\\notes.txt' },
];
const labels = [
  { id: 'relevant', label: 'Relevant' },
  { id: 'irrelevant', label: 'Not relevant' },
  { id: 'contraband', label: 'Contraband' },
];
const expected = { photo: 'contraband', chat: 'relevant', invoice: 'irrelevant', notes: 'relevant' };
const triage = mappingSpec.parse({ kind: 'mapping', items, labels, expected });
const triageAll = mappingSpec.parse({ kind: 'mapping', items, labels, expected, scoring: 'all' });

/** The right labelling, as pairs a leaky feedback could contain. */
const secrets = Object.entries(expected).flatMap(([item, label]) => [
  `${item}=${label}`,
  `${item}: ${label}`,
  `${item} is ${label}`,
]);

const cases: AnswerCase<MappingSpec>[] = [
  {
    title: 'accepts the right labels given as an object of ids',
    spec: triage,
    input: expected,
    outcome: 'correct',
    normalized: 'chat=relevant, invoice=irrelevant, notes=relevant, photo=contraband',
  },
  {
    title: 'accepts item and label texts in place of ids, ignoring case',
    spec: triage,
    input: {
      'img_2041.JPG': 'contraband',
      'WhatsApp chat export.txt': 'RELEVANT',
      invoice: 'not relevant',
      'c:\\users\\kim\\notes.txt': 'Relevant',
    },
    outcome: 'correct',
  },
  {
    title: 'accepts lines of "item: label", even when an item name contains a colon',
    spec: triage,
    input: 'photo: contraband\nchat: relevant\ninvoice: Not relevant\nC:\\Users\\kim\\notes.txt: relevant\n',
    outcome: 'correct',
  },
  {
    title: 'accepts "item = label" lines given as a list',
    spec: triage,
    input: ['photo=contraband', 'chat = relevant', 'invoice=irrelevant', 'notes=relevant'],
    outcome: 'correct',
  },
  {
    title: 'gives partial credit for one item labelled wrong',
    spec: triage,
    input: { ...expected, invoice: 'relevant' },
    outcome: 'partial',
    score: 0.75,
  },
  {
    title: 'counts an item left out as wrong',
    spec: triage,
    input: { photo: 'contraband', chat: 'relevant', notes: 'relevant' },
    outcome: 'partial',
    score: 0.75,
    normalized: 'chat=relevant, notes=relevant, photo=contraband',
  },
  {
    title: 'counts an item with an empty label as left out',
    spec: triage,
    input: { ...expected, invoice: '' },
    outcome: 'partial',
    score: 0.75,
  },
  {
    title: 'gives no partial credit when scoring is all',
    spec: triageAll,
    input: { ...expected, invoice: 'relevant' },
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'scores every item labelled wrong as 0',
    spec: triage,
    input: { photo: 'relevant', chat: 'contraband', invoice: 'contraband', notes: 'irrelevant' },
    outcome: 'incorrect',
    score: 0,
  },
  {
    title: 'accepts the same item given twice with the same label',
    spec: triage,
    input: ['photo: contraband', 'Photo: Contraband', 'chat: relevant', 'invoice: irrelevant', 'notes: relevant'],
    outcome: 'correct',
  },
  {
    title: 'refuses the same item given two different labels',
    spec: triage,
    input: ['photo: contraband', 'photo: relevant', 'chat: relevant', 'invoice: irrelevant', 'notes: relevant'],
    outcome: 'invalid',
  },
  {
    title: 'refuses an item that is not listed',
    spec: triage,
    input: { ...expected, 'evil.exe': 'relevant' },
    outcome: 'invalid',
  },
  {
    title: 'refuses a label that is not listed',
    spec: triage,
    input: { ...expected, photo: 'illegal' },
    outcome: 'invalid',
  },
  {
    title: 'refuses a label written with a Cyrillic look-alike letter',
    spec: triage,
    input: { ...expected, photo: 'contrаband' },
    outcome: 'invalid',
  },
  { title: 'refuses a line without a separator', spec: triage, input: 'photo contraband', outcome: 'invalid' },
  {
    title: 'refuses a prototype key instead of an item',
    spec: triage,
    input: JSON.parse('{"__proto__": "relevant"}') as Record<string, string>,
    outcome: 'invalid',
  },
  { title: 'refuses an empty answer', spec: triage, input: '', outcome: 'invalid' },
  { title: 'refuses an empty object', spec: triage, input: {}, outcome: 'invalid' },
  {
    title: 'refuses a megabyte of input',
    spec: triage,
    input: 'photo: contraband\n'.repeat(60_000),
    outcome: 'invalid',
    noCostlierThan: 'photo: contraband\nchat: relevant\ninvoice: Not relevant\nC:\\Users\\kim\\notes.txt: relevant\n',
  },
  {
    title: 'reads a long line with many colons quickly',
    spec: triage,
    input: `${':'.repeat(999)}\n`.repeat(200),
    outcome: 'invalid',
    // The same lines without colons: a colon must cost no more than any other character.
    noCostlierThan: `${'x'.repeat(999)}\n`.repeat(200),
  },
  { title: 'refuses a megabyte-long label', spec: triage, input: { photo: 'x'.repeat(1_000_000) }, outcome: 'invalid' },
];

describe('mapping answers', () => {
  checkAnswerTable(mappingKind, { cases, secrets, referenceSpecs: [triage, triageAll] });

  it('shows trainees the items and labels but not the right labelling', () => {
    expect(mappingKind.publicShape(triage)).toEqual({ kind: 'mapping', items, labels });
  });

  it('throws when expected is still a variant reference', () => {
    const unresolved = mappingSpec.parse({ kind: 'mapping', items, labels, expected: '{{file_labels}}' });
    expect(() => mappingKind.check(unresolved, expected)).toThrow(/variant/u);
  });
});

const schemaCases: SpecCase[] = [
  {
    title: 'accepts plain strings as items and labels',
    ok: true,
    spec: { items: ['a.jpg', 'b.jpg'], labels: ['keep', 'drop'], expected: { 'a.jpg': 'keep', 'b.jpg': 'drop' } },
  },
  {
    title: 'accepts a single item',
    ok: true,
    spec: { items: ['a.jpg'], labels: ['keep', 'drop'], expected: { 'a.jpg': 'keep' } },
  },
  {
    title: 'accepts a whole variant reference as expected',
    ok: true,
    spec: { items, labels, expected: '{{file_labels}}' },
  },
  {
    title: 'refuses an expected labelling that leaves out an item',
    ok: false,
    spec: { items, labels, expected: { photo: 'contraband', chat: 'relevant', invoice: 'irrelevant' } },
    error: /expected has no label for item 'notes'/u,
  },
  {
    title: 'refuses an expected label that is not listed',
    ok: false,
    spec: { items, labels, expected: { ...expected, photo: 'illegal' } },
    error: /the label 'illegal', which is not in labels/u,
  },
  {
    title: 'refuses an expected item that is not listed',
    ok: false,
    spec: { items, labels, expected: { ...expected, extra: 'relevant' } },
    error: /item 'extra', which is not in items/u,
  },
  {
    title: 'refuses duplicate item ids',
    ok: false,
    spec: { items: ['a', 'a'], labels: ['x', 'y'], expected: { a: 'x' } },
    error: /used more than once/u,
  },
  {
    title: 'refuses labels that differ only in case',
    ok: false,
    spec: { items: ['a'], labels: ['Keep', 'keep'], expected: { a: 'keep' } },
    error: /cannot be told apart/u,
  },
  { title: 'refuses a single label', ok: false, spec: { items: ['a'], labels: ['keep'], expected: { a: 'keep' } } },
  { title: 'refuses no items', ok: false, spec: { items: [], labels: ['x', 'y'], expected: {} } },
  {
    title: 'refuses an expected labelling that is a list',
    ok: false,
    spec: { items: ['a'], labels: ['x', 'y'], expected: ['x'] },
  },
  { title: 'refuses unknown fields', ok: false, spec: { items, labels, expected, shuffle: true } },
];

describe('mapping spec', () => {
  checkSpecTable(mappingSpec, 'mapping', schemaCases);

  it('defaults to partial scoring', () => {
    expect(mappingSpec.parse({ kind: 'mapping', items: ['a'], labels: ['x', 'y'], expected: { a: 'x' } }).scoring).toBe(
      'partial',
    );
  });

  it('produces a JSON Schema for lab authors', () => {
    const schema = z.toJSONSchema(mappingSpec, { io: 'input' });
    expect(schema.required).toEqual(['kind', 'items', 'labels', 'expected']);
  });
});
