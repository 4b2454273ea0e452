import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtInParsers, parserFor } from '../../../../server/evidence/tables/registry.ts';
import { TIMESTAMP_ZONE_COLUMN, type TableSpec } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'UTC', year: 2026 };
const IDENTIFIER = /^[a-z][a-z0-9_]*$/u;

/** What every table must be for a query to name its columns without quoting. */
function expectWellFormed(table: TableSpec): void {
  expect(table.name).toMatch(IDENTIFIER);
  const names = table.columns.map((column) => column.name);
  for (const name of names) expect(name).toMatch(IDENTIFIER);
  expect(new Set(names).size).toBe(names.length);
  if (table.columns.some((column) => column.type === 'timestamp')) expect(names.at(-1)).toBe(TIMESTAMP_ZONE_COLUMN);
}

describe('the built-in evidence parsers', () => {
  it('are registered under their own ids, and an unknown id finds none', () => {
    expect(Object.keys(builtInParsers).sort()).toEqual(
      Object.values(builtInParsers)
        .map((parser) => parser.id)
        .sort(),
    );
    for (const [id, parser] of Object.entries(builtInParsers)) expect(parserFor(id)).toBe(parser);
    expect(parserFor('constructor')).toBeUndefined();
    expect(parserFor('no-such-parser')).toBeUndefined();
  });

  it('declare tables with unquoted SQL names, unique columns and the source zone after timestamps', () => {
    for (const parser of Object.values(builtInParsers)) {
      expect(parser.description.length, parser.id).toBeGreaterThan(10);
      for (const table of parser.tables ?? []) expectWellFormed(table);
    }
  });

  it('give tables, rows and problems for any text, never an exception, with rows of their tables and lines in the text', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(fc.string({ maxLength: 80 }), { maxLength: 8 }).map((lines) => lines.join('\n')),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(builtInParsers)), text, (parser, input) => {
        const parsed = parser.parse(input, context);
        for (const table of parsed.tables) expectWellFormed(table);
        const lineCount = input.split('\n').length;
        for (const row of parsed.rows) {
          const table = parsed.tables.find((candidate) => candidate.name === row.table);
          expect(table, `${parser.id}: row of an undeclared table ${row.table}`).toBeDefined();
          expect(row.values).toHaveLength(table!.columns.length);
          expect(row.line).toBeGreaterThanOrEqual(1);
          expect(row.line).toBeLessThanOrEqual(lineCount);
        }
        for (const problem of parsed.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lineCount);
          expect(problem.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
