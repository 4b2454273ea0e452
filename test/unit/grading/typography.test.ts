import { describe, expect, it } from 'vitest';
import { plainTypography } from '../../../server/grading/answer-input.ts';
import { answerSpecSchema, checkAnswer } from '../../../server/grading/registry.ts';
import { outcomeOf, type Outcome } from './answer-table.ts';

/*
 * Word processors, PDF readers and phone keyboards turn "-" into dashes, quotes into curly ones and
 * spaces into non-breaking ones. The forgiving kinds read them as the plain forms; text with
 * exact: true, hashes and written findings keep what was typed.
 */

const check = (spec: Record<string, unknown>, input: string): Outcome =>
  outcomeOf(checkAnswer(answerSpecSchema.parse(spec), input));

describe('plainTypography', () => {
  const cases: [string, string, string][] = [
    ['hyphen U+2010', 'Ana\u2010Maria', 'Ana-Maria'],
    ['non-breaking hyphen U+2011', 'Ana\u2011Maria', 'Ana-Maria'],
    ['figure dash U+2012', '555\u20121234', '555-1234'],
    ['en dash U+2013', '09:00\u201310:00', '09:00-10:00'],
    ['em dash U+2014', 'a\u2014b', 'a-b'],
    ['horizontal bar U+2015', 'a\u2015b', 'a-b'],
    ['minus sign U+2212', '\u22125', '-5'],
    ['curly single quotes', '\u2018x\u2019', "'x'"],
    ['low and reversed single quotes', '\u201Ax\u201B', "'x'"],
    ['curly double quotes', '\u201Cx\u201D', '"x"'],
    ['low and reversed double quotes', '\u201Ex\u201F', '"x"'],
    ['an apostrophe in a name', 'O\u2019Neill', "O'Neill"],
    ['plain text untouched', 'plain - "text"', 'plain - "text"'],
    ['hyphen-like letters untouched (Cyrillic, soft hyphen)', '\u0445\u00AD', '\u0445\u00AD'],
  ];
  for (const [title, given, plain] of cases) it(`folds ${title}`, () => expect(plainTypography(given)).toBe(plain));
});

describe('the kinds that read typography as plain forms', () => {
  const text = { kind: 'text', expected: "O'Neill-Baptiste" };
  const cases: { title: string; spec: Record<string, unknown>; input: string; outcome: Outcome }[] = [
    {
      title: 'text: curly apostrophe and en dash',
      spec: text,
      input: 'O\u2019Neill\u2013Baptiste',
      outcome: 'correct',
    },
    { title: 'text: non-breaking hyphen', spec: text, input: "O'Neill\u2011Baptiste", outcome: 'correct' },
    {
      title: 'text: non-breaking and narrow spaces',
      spec: { kind: 'text', expected: 'REG WS 022' },
      input: 'REG\u00A0WS\u202F022',
      outcome: 'correct',
    },
    {
      title: 'text: curly quotes around the answer are dropped like plain ones',
      spec: { kind: 'text', expected: 'invoice' },
      input: '\u201Cinvoice\u201D',
      outcome: 'correct',
    },
    {
      title: 'text: curly quotes inside the expected answer match plain ones',
      spec: { kind: 'text', expected: 'the \u201Cpayroll\u201D share' },
      input: 'the "payroll" share',
      outcome: 'correct',
    },
    {
      title: 'text: a dash is still not a missing character',
      spec: text,
      input: "O'NeillBaptiste",
      outcome: 'incorrect',
    },
    {
      title: 'text exact: keeps the en dash distinct',
      spec: { ...text, exact: true },
      input: 'O\u2019Neill\u2013Baptiste',
      outcome: 'incorrect',
    },
    {
      title: 'text exact: the plain form is still right',
      spec: { ...text, exact: true },
      input: "O'Neill-Baptiste",
      outcome: 'correct',
    },
    {
      title: 'set of text: items with dashes',
      spec: { kind: 'set', of: { kind: 'text' }, expected: ['EX-01', 'EX-07'] },
      input: 'EX\u201301, EX\u201107',
      outcome: 'correct',
    },
    {
      title: 'regex: an en dash in the answer matches a plain hyphen in the pattern',
      spec: { kind: 'regex', pattern: 'EX-0?7', example: 'EX-07' },
      input: 'EX\u201307',
      outcome: 'correct',
    },
    {
      title: 'regex: an author pattern with a typographic dash still matches (folded too)',
      spec: { kind: 'regex', pattern: 'EX(?:-|\u2013)7', example: 'EX-7' },
      input: 'EX\u20147',
      outcome: 'correct',
    },
    {
      title: 'regex: a typographic dash in a character class stays a literal, not a range',
      spec: { kind: 'regex', pattern: '[a\u2013c]', example: 'a' },
      input: 'b',
      outcome: 'incorrect',
    },
    {
      title: 'regex: curly quotes in the pattern and the answer',
      spec: { kind: 'regex', pattern: '\u201Cpayroll\u201D', example: '"payroll"' },
      input: '\u201Epayroll\u201F',
      outcome: 'correct',
    },
    { title: 'number: minus sign', spec: { kind: 'number', expected: -5 }, input: '\u22125', outcome: 'correct' },
    {
      title: 'number: en dash as a minus',
      spec: { kind: 'number', expected: -5 },
      input: '\u20135',
      outcome: 'correct',
    },
    {
      title: 'number: non-breaking space as thousands separator',
      spec: { kind: 'number', expected: 12345 },
      input: '12\u00A0345',
      outcome: 'correct',
    },
    {
      title: 'timestamp: en dashes in the date and a minus-sign offset',
      spec: { kind: 'timestamp', expected: '2024-03-05T19:02:00Z' },
      input: '2024\u201303\u201305 14:02:00 \u221205:00',
      outcome: 'correct',
    },
    {
      title: 'choice: a typed label with a curly apostrophe',
      spec: {
        kind: 'choice',
        options: [
          { id: 'owner', label: "The owner's son" },
          { id: 'admin', label: 'The administrator' },
        ],
        expected: 'owner',
      },
      input: 'The owner\u2019s son',
      outcome: 'correct',
    },
    {
      title: 'hash: a dash inside a hash is still not hexadecimal',
      spec: { kind: 'hash', algorithm: 'md5', expected: 'd41d8cd98f00b204e9800998ecf8427e' },
      input: 'd41d8cd98f00b204\u2013e9800998ecf8427e',
      outcome: 'invalid',
    },
  ];
  for (const { title, spec, input, outcome } of cases) it(title, () => expect(check(spec, input)).toBe(outcome));

  it('keeps a written finding exactly as typed', () => {
    const checked = checkAnswer(
      answerSpecSchema.parse({ kind: 'manual', rubric: 'Names the suspect.' }),
      'O\u2019Neill \u2013 guilty',
    );
    expect(checked).toMatchObject({ status: 'pending', normalized: 'O\u2019Neill \u2013 guilty' });
  });
});
