import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  declarationProblems,
  identifierProblem,
  type PatternTableDeclaration,
  patternParser,
  tableNameFromEvidenceId,
} from '../../../../server/evidence/tables/pattern.ts';
import { parserForTable } from '../../../../server/evidence/tables/registry.ts';

const DOOR_EVENTS: PatternTableDeclaration = {
  name: 'door_events',
  pattern:
    '^(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) door=(?<door>\\S+) badge=(?<badge>\\d+) result=(?<result>\\w+)$',
  columns: {
    time: { type: 'timestamp', format: 'yyyy-MM-dd HH:mm:ss' },
    door: { type: 'text', description: 'The door the reader guards.' },
    badge: { type: 'integer' },
    result: { type: 'text' },
  },
  skip: '^#',
};

const defaults = { name: 'door_log', description: 'The door controller log.' };
const vienna = { zone: 'Europe/Vienna', year: 1970 };
const doorParser = patternParser(DOOR_EVENTS, defaults);

describe('a pattern table', () => {
  it('reads each matching line into a row of typed columns, with the source zone last', () => {
    const text =
      '# door controller export\n' +
      '2026-03-04 08:12:44 door=server-room badge=4471 result=granted\n' +
      '\n' +
      '2026-03-04 08:13:02 door=lobby badge=17 result=denied\r\n';
    const parsed = doorParser.parse(text, vienna);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tables).toEqual(doorParser.tables);
    const [table] = parsed.tables;
    expect(table?.name).toBe('door_events');
    expect(table?.description).toBe('The door controller log.');
    expect(table?.columns.map((column) => [column.name, column.type])).toEqual([
      ['time', 'timestamp'],
      ['door', 'text'],
      ['badge', 'integer'],
      ['result', 'text'],
      ['source_zone', 'text'],
    ]);
    expect(table?.columns[1]?.description).toBe('The door the reader guards.');
    expect(parsed.rows).toEqual([
      {
        table: 'door_events',
        line: 2,
        values: [Date.parse('2026-03-04T08:12:44+01:00'), 'server-room', 4471, 'granted', 'Europe/Vienna'],
      },
      {
        table: 'door_events',
        line: 4,
        values: [Date.parse('2026-03-04T08:13:02+01:00'), 'lobby', 17, 'denied', 'Europe/Vienna'],
      },
    ]);
  });

  it('reports a line the pattern does not match with its number and its start, and reads on', () => {
    const text =
      '2026-03-04 08:12:44 door=lobby badge=17 result=granted\n' +
      `door=lobby badge=17 result=granted at some point in the morning, according to the guard ${'x'.repeat(80)}\n` +
      '2026-03-04 08:13:44 door=lobby badge=18 result=granted\n';
    const parsed = doorParser.parse(text, vienna);
    expect(parsed.rows.map((row) => row.line)).toEqual([1, 3]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.line).toBe(2);
    expect(parsed.problems[0]?.reason).toContain('does not match the line "door=lobby badge=17 result=granted at');
    expect(parsed.problems[0]?.reason).not.toContain('x'.repeat(80));
  });

  it('reports a value that does not convert to its column type, naming the column', () => {
    const parser = patternParser(
      {
        pattern: '^(?<when>\\S+) (?<count>\\S+) (?<ratio>\\S+) (?<client>\\S+)$',
        columns: {
          when: { type: 'timestamp' },
          count: { type: 'integer' },
          ratio: { type: 'real' },
          client: { type: 'ip' },
        },
      },
      defaults,
    );
    const parsed = parser.parse(
      '2026-03-04T08:12:44Z 3 0.5 203.0.113.7\n' +
        '2026-03-04T08:12:44Z abc 0.5 203.0.113.7\n' +
        '2026-03-04T08:12:44Z 3 half 203.0.113.7\n' +
        '2026-03-04T08:12:44Z 3 0.5 203.0.113.300\n' +
        '2026-02-30T08:12:44Z 3 0.5 203.0.113.7\n' +
        '2026-03-04T08:12:44Z - - 2001:DB8:0:0:0:0:0:1\n',
      vienna,
    );
    expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5]);
    expect(parsed.problems[0]?.reason).toBe('Column "count" (integer): expected a whole number, found "abc".');
    expect(parsed.problems[1]?.reason).toMatch(/^Column "ratio" \(real\): expected a number, found "half"/u);
    expect(parsed.problems[2]?.reason).toMatch(/^Column "client" \(ip\): expected an IPv4 or IPv6 address/u);
    expect(parsed.problems[3]?.reason).toMatch(/^Column "when" \(timestamp\): expected an ISO 8601 time/u);
    expect(parsed.rows.map((row) => row.values)).toEqual([
      [Date.parse('2026-03-04T08:12:44Z'), 3, 0.5, '203.0.113.7', 'UTC'],
      [Date.parse('2026-03-04T08:12:44Z'), null, null, '2001:db8::1', 'UTC'],
    ]);
    expect(parser.tables?.[0]?.name).toBe('door_log');
  });

  it('reads zoneless times in the declared zone, across summer time, and keeps a written offset', () => {
    const parser = patternParser(
      { pattern: '^(?<time>.+) (?<what>\\w+)$', columns: { time: { type: 'timestamp' }, what: { type: 'text' } } },
      defaults,
    );
    const text = '2026-03-29 01:30:00 winter\n2026-03-29 03:30:00 summer\n2026-03-29T03:30:00+05:30 elsewhere\n';
    const inVienna = parser.parse(text, vienna);
    expect(inVienna.rows.map((row) => [row.values[0], row.values[2]])).toEqual([
      [Date.parse('2026-03-29T01:30:00+01:00'), 'Europe/Vienna'],
      [Date.parse('2026-03-29T03:30:00+02:00'), 'Europe/Vienna'],
      [Date.parse('2026-03-29T03:30:00+05:30'), '+05:30'],
    ]);
    const atOffset = parser.parse(text, { zone: '+01:00', year: 1970 });
    expect(atOffset.rows[1]?.values.slice(0, 1)).toEqual([Date.parse('2026-03-29T03:30:00+01:00')]);
    expect(atOffset.rows[1]?.values[2]).toBe('+01:00');
  });

  it('takes the year from the context for a format without one', () => {
    const parser = patternParser(
      {
        pattern: '^(?<time>\\w{3} +\\d+ [\\d:]+) (?<what>\\w+)$',
        columns: { time: { type: 'timestamp', format: 'MMM d HH:mm:ss' }, what: { type: 'text' } },
        year: 2024,
      },
      defaults,
    );
    const parsed = parser.parse('Feb 29 10:00:00 leap\n', { zone: 'UTC', year: 2024 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.values[0]).toBe(DateTime.fromISO('2024-02-29T10:00:00Z').toMillis());
  });

  it('gives null for an optional group that took no part, and keeps empty text as written', () => {
    const parser = patternParser(
      {
        pattern: '^(?<user>\\w*)(?: port=(?<port>\\d+))?$',
        columns: { user: { type: 'text' }, port: { type: 'integer' } },
      },
      defaults,
    );
    const parsed = parser.parse('alice port=22\nbob\n port=80\n', vienna);
    expect(parsed.rows.map((row) => row.values)).toEqual([
      ['alice', 22],
      ['bob', null],
      ['', 80],
    ]);
    expect(parsed.tables[0]?.columns.map((column) => column.name)).toEqual(['user', 'port']);
  });

  it('gives rows of its table and located problems for any text, never an exception', () => {
    const text = fc.array(
      fc.oneof(fc.string({ maxLength: 80 }), fc.constant('2026-03-04 08:12:44 door=a badge=1 result=ok')),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(text, (lines) => {
        const parsed = doorParser.parse(lines.join('\n'), vienna);
        for (const row of parsed.rows) {
          expect(row.values).toHaveLength(5);
          expect(row.line).toBeGreaterThanOrEqual(1);
          expect(row.line).toBeLessThanOrEqual(Math.max(lines.length, 1));
        }
        for (const problem of parsed.problems) expect(problem.line).toBeLessThanOrEqual(Math.max(lines.length, 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a pattern table declaration', () => {
  const valid: PatternTableDeclaration = {
    pattern: '^(?<time>\\S+) (?<door>\\S+)$',
    columns: { time: { type: 'timestamp' }, door: { type: 'text' } },
  };

  it('passes when every named group has a column and every column a group', () => {
    expect(declarationProblems(valid)).toEqual([]);
    expect(declarationProblems(DOOR_EVENTS)).toEqual([]);
  });

  it('reports a pattern that does not compile with the engine’s reason', () => {
    const problems = declarationProblems({ ...valid, pattern: '^(?<time>\\S+ (?<door>\\S+)$' });
    expect(problems).toEqual([
      { path: ['pattern'], message: expect.stringMatching(/^the pattern does not compile: /u) },
    ]);
    expect(declarationProblems({ ...valid, skip: '[' })).toEqual([
      { path: ['skip'], message: expect.stringMatching(/^the skip pattern does not compile: /u) },
    ]);
  });

  it('reports a group without a column and a column without a group', () => {
    expect(
      declarationProblems({
        pattern: '^(?<time>\\S+) (?<door>\\S+) (?:x|(?<=y)z)(?!w)$',
        columns: { time: { type: 'timestamp' }, badge: { type: 'integer' } },
      }),
    ).toEqual([
      { path: ['columns'], message: expect.stringContaining('group "door" has no column') },
      { path: ['columns', 'badge'], message: 'the pattern has no group (?<badge>...) for this column' },
    ]);
    expect(declarationProblems({ pattern: '^(\\S+)$', columns: {} })).toEqual([
      { path: ['pattern'], message: expect.stringContaining('no named group') },
    ]);
  });

  it('refuses names that are no plain SQL identifiers or clash with line and source_zone', () => {
    const problems = declarationProblems({
      name: 'Door Events',
      pattern: '^(?<doorId>\\S+) (?<line>\\S+) (?<source_zone>\\S+) (?<from>\\S+)$',
      columns: {
        doorId: { type: 'text' },
        line: { type: 'text' },
        source_zone: { type: 'text' },
        from: { type: 'text' },
      },
    });
    expect(problems.map((problem) => problem.path.join('.'))).toEqual([
      'name',
      'columns.doorId',
      'columns.line',
      'columns.source_zone',
      'columns.from',
    ]);
    expect(problems[4]?.message).toMatch(/SQL keyword/u);
    expect(identifierProblem('door_events')).toBeUndefined();
  });

  it('refuses unknown types, a format on a column that is no timestamp, and a yearless format without a year', () => {
    const problems = declarationProblems({
      pattern: '^(?<time>\\S+) (?<door>\\S+) (?<badge>\\S+)$',
      columns: {
        time: { type: 'timestamp', format: 'MMM d HH:mm:ss' },
        door: { type: 'string' },
        badge: { type: 'integer', format: '0000' },
      },
    });
    expect(problems).toEqual([
      { path: ['year'], message: expect.stringContaining('the format of column "time" has no year') },
      { path: ['columns', 'door', 'type'], message: expect.stringContaining('unknown column type "string"') },
      { path: ['columns', 'badge', 'format'], message: 'only a timestamp column takes a format' },
    ]);
  });

  it('names its table after the evidence id unless it names it, as a plain identifier', () => {
    expect(tableNameFromEvidenceId('door-log')).toBe('door_log');
    expect(tableNameFromEvidenceId('2024-export')).toBe('evidence_2024_export');
    expect(tableNameFromEvidenceId('order')).toBe('evidence_order');
    const evidence = { id: 'door-log', title: 'Door controller log' };
    expect(parserForTable(valid, evidence)?.tables?.[0]?.name).toBe('door_log');
    expect(parserForTable({ ...valid, name: 'doors' }, evidence)?.tables?.[0]?.name).toBe('doors');
    expect(parserForTable({ parser: 'syslog' }, evidence)?.id).toBe('syslog');
    expect(parserForTable({}, evidence)).toBeUndefined();
  });
});
