import { describe, expect, it } from 'vitest';
import { jsonLinesParser } from '../../../../server/evidence/tables/json-lines.ts';

const context = { zone: '+02:00', year: 2024 };

describe('the JSON lines parser', () => {
  it('takes the union of top-level keys in the order first seen, null where a key is missing', () => {
    const text = [
      '{"ts":"2024-10-08T21:14:07","src":"203.0.113.5","bytes":120}',
      '',
      '{"src":"2001:DB8::7","user":"ana","bytes":80,"ts":"2024-10-08T19:20:00Z"}',
    ].join('\n');
    const parsed = jsonLinesParser.parse(text, context);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tables[0]?.columns.map((column) => [column.name, column.type])).toEqual([
      ['ts', 'timestamp'],
      ['src', 'ip'],
      ['bytes', 'integer'],
      ['user', 'text'],
      ['source_zone', 'text'],
    ]);
    expect(parsed.rows).toEqual([
      { table: 'records', line: 1, values: [Date.UTC(2024, 9, 8, 19, 14, 7), '203.0.113.5', 120, null, '+02:00'] },
      { table: 'records', line: 3, values: [Date.UTC(2024, 9, 8, 19, 20), '2001:db8::7', 80, 'ana', 'UTC'] },
    ]);
  });

  it('keeps nested values as JSON text, booleans as text, and numbers in strings as text', () => {
    const text = '{"tags":["a","b"],"geo":{"cc":"AT"},"ok":true,"id":"42","score":1.5}\n{"score":2,"ok":false}\n';
    const parsed = jsonLinesParser.parse(text, context);
    expect(parsed.tables[0]?.columns.map((column) => [column.name, column.type])).toEqual([
      ['tags', 'text'],
      ['geo', 'text'],
      ['ok', 'text'],
      ['id', 'text'],
      ['score', 'real'],
    ]);
    expect(parsed.rows[0]?.values).toEqual(['["a","b"]', '{"cc":"AT"}', 'true', '42', 1.5]);
    expect(parsed.rows[1]?.values).toEqual([null, null, 'false', null, 2]);
  });

  it('makes a column of numbers and text a text column', () => {
    const parsed = jsonLinesParser.parse('{"v":1}\n{"v":"one"}\n', context);
    expect(parsed.tables[0]?.columns[0]?.type).toBe('text');
    expect(parsed.rows.map((row) => row.values[0])).toEqual(['1', 'one']);
  });

  it('reports lines that are not JSON objects, by line, and keeps the others', () => {
    const text = '{"a":1}\n[1,2]\n\n{"a":\n"text"\nnull\n{"a":2}\n';
    const parsed = jsonLinesParser.parse(text, context);
    expect(parsed.rows.map((row) => [row.line, row.values])).toEqual([
      [1, [1]],
      [7, [2]],
    ]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 4, 5, 6]);
    expect(parsed.problems[0]?.reason).toBe('Expected a JSON object, found an array.');
    expect(parsed.problems[1]?.reason).toMatch(/^Expected a JSON object: /u);
    expect(parsed.problems[3]?.reason).toBe('Expected a JSON object, found null.');
  });
});
