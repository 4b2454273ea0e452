import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parserForTable } from '../../server/evidence/tables/registry.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import type { LabProblem } from '../../server/labs/problems.ts';
import { evidenceSchema } from '../../server/labs/schema.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** Runs `npm run lab -- ...` the way an author does. */
const lab = (...args: string[]) => runScript('server/labs/cli.ts', args);

/** A labs folder of its own for each test, edited through `fixture`. */
let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
});
afterEach(() => fixture.dispose());

const TEMPLATE_TABLE = 'table: { parser: syslog, zone: UTC, year: 2024 }';

/** The template's log table replaced by `lines` of YAML (indented as the evidence entry's fields). */
async function declareTable(id: string, lines: string[]): Promise<void> {
  await fixture.addLab(id);
  // The edit is a String.replace: "$$" keeps a pattern's "$'" from meaning "the text after the match".
  await fixture.edit(id, TEMPLATE_TABLE, lines.join('\n    ').replaceAll('$', '$$$$'));
}

/** The problems of the only lab in the fixture, which must fail to load. */
async function problemsOf(): Promise<LabProblem[]> {
  const library = await loadLibrary(fixture.labsDir);
  expect(library.labs.size).toBe(0);
  expect(library.failures).toHaveLength(1);
  return library.failures[0]!.problems;
}

const DOOR_TABLE = [
  'table:',
  '  name: door_events',
  `  pattern: '^(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) door=(?<door>\\S+) badge=(?<badge>\\d+)$'`,
  '  columns:',
  '    time: { type: timestamp, format: "yyyy-MM-dd HH:mm:ss" }',
  '    door: text',
  '    badge: integer',
  '  zone: Europe/Vienna',
  "  skip: '^#'",
];

describe('an evidence table declared with a pattern', () => {
  it('loads when its groups and columns agree', async () => {
    await declareTable('doors', DOOR_TABLE);
    const library = await loadLibrary(fixture.labsDir);
    expect(library.failures).toEqual([]);
    const table = library.labs.get('doors')?.definition.evidence[0]?.table;
    expect(table?.columns).toEqual({
      time: { type: 'timestamp', format: 'yyyy-MM-dd HH:mm:ss' },
      door: { type: 'text' },
      badge: { type: 'integer' },
    });
  });

  it('reports a pattern that does not compile at the pattern, with the engine’s reason', async () => {
    await declareTable(
      'broken',
      DOOR_TABLE.map((line) => line.replace('badge=(?<badge>', 'badge=((?<badge>')),
    );
    const [problem, ...others] = await problemsOf();
    expect(others).toEqual([]);
    expect(problem!.field).toBe('evidence[0].table.pattern');
    expect(problem!.message).toMatch(/^the pattern does not compile: Invalid regular expression/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'pattern:'));
  });

  it('reports a group without a column and a column without a group, each where it is', async () => {
    await declareTable(
      'broken',
      DOOR_TABLE.map((line) => (line.includes('door: text') ? '    reader: text' : line)),
    );
    const problems = await problemsOf();
    expect(problems.map((problem) => [problem.field, problem.line])).toEqual([
      // A problem of the whole mapping is placed at its first entry.
      ['evidence[0].table.columns', await fixture.lineOf('broken', 'time: { type: timestamp')],
      ['evidence[0].table.columns.reader', await fixture.lineOf('broken', 'reader: text')],
    ]);
    expect(problems[0]!.message).toContain('group "door" has no column');
  });

  it('refuses an unknown type, a format on a text column and a column named line', async () => {
    await declareTable('broken', [
      'table:',
      `  pattern: '^(?<line>\\S+) (?<door>\\S+) (?<badge>\\S+)$'`,
      '  columns:',
      '    line: text',
      '    door: { type: text, format: "yyyy" }',
      '    badge: number',
    ]);
    const problems = await problemsOf();
    expect(problems.map((problem) => [problem.field, problem.line])).toEqual([
      ['evidence[0].table.columns.line', await fixture.lineOf('broken', 'line: text')],
      ['evidence[0].table.columns.door.format', await fixture.lineOf('broken', 'format: "yyyy"')],
      ['evidence[0].table.columns.badge.type', await fixture.lineOf('broken', 'badge: number')],
    ]);
    expect(problems[0]!.message).toContain('a column every table has already');
    expect(problems[2]!.message).toBe(
      'unknown column type "number"; expected one of text, integer, real, timestamp, ip',
    );
  });

  it('says what a column may be when it is neither a type nor a mapping, and names a misspelt key', async () => {
    await declareTable(
      'broken',
      DOOR_TABLE.map((line) => (line.includes('door: text') ? '    door: 5' : line.replace('format:', 'fromat:'))),
    );
    const problems = await problemsOf();
    expect(problems.map((problem) => [problem.field, problem.message])).toEqual([
      ['evidence[0].table.columns.time.fromat', expect.stringMatching(/^unknown field "fromat"/u)],
      [
        'evidence[0].table.columns.door',
        'expected a column type (text, integer, real, timestamp, ip) or { type, format, description }',
      ],
    ]);
    expect(problems[1]!.line).toBe(await fixture.lineOf('broken', 'door: 5'));
  });

  it('refuses a table with both a parser and a pattern, or with neither', async () => {
    await declareTable('broken', [...DOOR_TABLE, '  parser: syslog', '  year: 2024']);
    const [both] = await problemsOf();
    expect(both!.field).toBe('evidence[0].table.pattern');
    expect(both!.message).toBe('give either parser or pattern, not both');
    await fixture.edit('broken', /table:[\s\S]*year: 2024/u, 'table: { zone: UTC }');
    const [neither] = await problemsOf();
    expect(neither!.field).toBe('evidence[0].table');
    expect(neither!.message).toMatch(/give either parser \(a built-in parser\) or pattern with columns/u);
    expect(neither!.line).toBe(await fixture.lineOf('broken', 'table: { zone: UTC }'));
  });

  it('refuses columns, name or skip beside a built-in parser', async () => {
    await declareTable('broken', ['table: { parser: syslog, year: 2024, skip: "^#" }']);
    const [problem] = await problemsOf();
    expect(problem!.field).toBe('evidence[0].table.skip');
    expect(problem!.message).toBe('skip belongs to a pattern table, not to parser');
  });

  it('is validated line by line: the first line that does not match is reported with artefact and line', async () => {
    await declareTable('doors', DOOR_TABLE);
    await fixture.write(
      'doors',
      'evidence/auth.log',
      '# exported from the door controller\n' +
        '2026-03-04 08:12:44 door=server-room badge=4471\n' +
        '2026-03-04 08:13:02 door=lobby badge=seventeen\n' +
        'garbage\n',
    );
    expect((await lab('hash', 'doors', '--labs', fixture.labsDir)).code).toBe(0);
    const result = await lab('validate', fixture.labsDir);
    expect(result.code).toBe(1);
    // The table's mapping starts at its first field.
    const line = await fixture.lineOf('doors', 'name: door_events');
    expect(result.stderr).toMatch(
      new RegExp(
        `doors/lab\\.yaml:${line}:\\d+ evidence\\[0\\]\\.table: auth-log line 3 does not parse with its pattern: ` +
          'The pattern does not match the line "2026-03-04 08:13:02 door=lobby badge=seventeen"',
        'u',
      ),
    );
    expect(result.stderr).not.toContain('line 4');
  });
});

describe("labs/README.md's worked example of a pattern table", () => {
  it('validates and gives the rows the text says it gives', async () => {
    const readme = await readFile('labs/README.md', 'utf8');
    const section = readme.slice(readme.indexOf('#### Your own pattern'), readme.indexOf('### 3.4 Variants'));
    const [, yaml] = /```yaml\n([\s\S]*?)```/u.exec(section) ?? [];
    const [, text] = /```text\n([\s\S]*?)```/u.exec(section) ?? [];
    const [entry] = parseYaml(yaml ?? '') as Record<string, unknown>[];
    const evidence = evidenceSchema.parse({ ...entry, generated: true, custody: CUSTODY });
    const table = evidence.table!;
    const parsed = parserForTable(table, evidence)!.parse(text ?? '', { zone: table.zone, year: 1970 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.tables[0]?.name).toBe('door_events');
    expect(parsed.tables[0]?.columns.map((column) => column.name)).toEqual([
      'time',
      'door',
      'badge',
      'result',
      'source_zone',
    ]);
    expect(parsed.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(parsed.rows[0]?.values).toEqual([
      Date.parse('2024-03-04T21:41:07Z'),
      'server-room',
      4471,
      'granted',
      'Europe/Vienna',
    ]);
  });
});

const CUSTODY = {
  source_device: 'door controller B-2',
  acquired_by: 'test',
  acquired_at: '2024-03-06T09:15:00Z',
  method: 'export',
};
