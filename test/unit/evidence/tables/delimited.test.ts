import { describe, expect, it } from 'vitest';
import { canonicalIp, csvParser, tsvParser } from '../../../../server/evidence/tables/delimited.ts';

const context = { zone: 'Europe/Vienna', year: 2024 };

describe('the csv parser', () => {
  it('names columns as SQL identifiers, numbering repeats and empty names', () => {
    const parsed = csvParser.parse('Source IP,source-ip,,Bytes Sent,firstName\n192.0.2.1,x,y,1,Ann\n', context);
    expect(parsed.tables[0]?.columns.map((column) => column.name)).toEqual([
      'source_ip',
      'source_ip_2',
      'col_3',
      'bytes_sent',
      'first_name',
    ]);
    expect(parsed.tables[0]?.name).toBe('records');
  });

  it('infers integer, real, timestamp, ip and text columns from every value', () => {
    const text = [
      'count,ratio,seen,addr,note,code',
      '1,0.5,2024-03-04 10:00:00,192.0.2.7,a,007',
      '2,3,2024-03-04T08:00:00Z,2001:0db8:0:0:0:0:0:1,,12',
      ',,,,b,x',
    ].join('\n');
    const parsed = csvParser.parse(text, context);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tables[0]?.columns.map((column) => [column.name, column.type])).toEqual([
      ['count', 'integer'],
      ['ratio', 'real'],
      ['seen', 'timestamp'],
      ['addr', 'ip'],
      ['note', 'text'],
      ['code', 'text'],
      ['source_zone', 'text'],
    ]);
    expect(parsed.rows[0]).toEqual({
      table: 'records',
      line: 2,
      values: [1, 0.5, Date.UTC(2024, 2, 4, 9), '192.0.2.7', 'a', '007', 'Europe/Vienna'],
    });
    expect(parsed.rows[1]?.values).toEqual([2, 3, Date.UTC(2024, 2, 4, 8), '2001:db8::1', null, '12', 'UTC']);
    expect(parsed.rows[2]?.values).toEqual([null, null, null, null, 'b', 'x', null]);
  });

  it('keeps integers too long for an exact number as text', () => {
    const parsed = csvParser.parse('iban_digits,n\n12345678901234567890,1\n', context);
    expect(parsed.tables[0]?.columns.map((column) => column.type)).toEqual(['text', 'integer']);
    expect(parsed.rows[0]?.values).toEqual(['12345678901234567890', 1]);
  });

  it('keeps a column as text when one value does not fit the type', () => {
    const parsed = csvParser.parse('n,when,ip\n1,2024-01-01 00:00,192.0.2.1\nmany,yesterday,example.org\n', context);
    expect(parsed.tables[0]?.columns.map((column) => column.type)).toEqual(['text', 'text', 'text']);
  });

  it('reads quoted fields across lines and cites the line each record starts on', () => {
    const parsed = csvParser.parse('a,b\n"x\ny",1\n\n"z",2\n', context);
    expect(parsed.rows.map((row) => [row.line, row.values])).toEqual([
      [2, ['x\ny', 1]],
      [5, ['z', 2]],
    ]);
  });

  it('reports records with the wrong number of fields, by line, and keeps the others', () => {
    const parsed = csvParser.parse('a,b\r\n1,2\r\n3\r\n4,5,6\r\n7,8\r\n', context);
    expect(parsed.rows.map((row) => row.line)).toEqual([2, 5]);
    expect(parsed.problems).toEqual([
      { line: 3, reason: 'Expected 2 fields as in the header, found 1.' },
      { line: 4, reason: 'Expected 2 fields as in the header, found 3.' },
    ]);
  });

  it('reports a broken quote with its line', () => {
    const parsed = csvParser.parse('a,b\n1,2\n"x"y,3\n', context);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([3]);
    expect(parsed.problems[0]?.reason).toMatch(/^Not a well-formed record/u);
  });

  it('gives no table for an empty artefact', () => {
    expect(csvParser.parse('', context)).toEqual({ tables: [], rows: [], problems: [] });
  });
});

describe('the tsv parser', () => {
  it('splits on tabs and takes quotes as written', () => {
    const parsed = tsvParser.parse('host\tport\n"www.example.org"\t443\n', context);
    expect(parsed.tables[0]?.columns.map((column) => [column.name, column.type])).toEqual([
      ['host', 'text'],
      ['port', 'integer'],
    ]);
    expect(parsed.rows[0]?.values).toEqual(['"www.example.org"', 443]);
  });
});

describe('canonicalIp', () => {
  it('keeps plain dotted quads, shortens IPv6 and refuses what is not an address', () => {
    expect(canonicalIp(' 192.0.2.10 ')).toBe('192.0.2.10');
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('192.0.2.256')).toBeUndefined();
    expect(canonicalIp('192.0.2')).toBeUndefined();
    expect(canonicalIp('example.org')).toBeUndefined();
    expect(canonicalIp('12')).toBeUndefined();
  });
});
