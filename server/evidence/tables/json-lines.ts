import { type RawValue, typedTable } from './delimited.ts';
import type { EvidenceParser, ParsedArtefact, ParseProblem } from './types.ts';

/** A top-level JSON value as a raw cell: numbers stay numbers, objects and arrays their JSON text. */
function rawValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** JSON lines: one object per line, columns the union of top-level keys in the order first seen. */
export const jsonLinesParser: EvidenceParser = {
  id: 'jsonl',
  description:
    'JSON lines: one object per line; one table `records`, a column per top-level key (nested values as JSON text), types inferred.',
  parse: (text, context): ParsedArtefact => {
    const problems: ParseProblem[] = [];
    const keys: string[] = [];
    const seen = new Set<string>();
    const objects: { line: number; object: Record<string, unknown> }[] = [];
    text
      .replace(/^\uFEFF/u, '')
      .split('\n')
      .forEach((raw, index) => {
        const line = index + 1;
        const source = raw.trim();
        if (source === '') return;
        let value: unknown;
        try {
          value = JSON.parse(source);
        } catch (error) {
          problems.push({ line, reason: `Expected a JSON object: ${(error as Error).message}.` });
          return;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
          problems.push({ line, reason: `Expected a JSON object, found ${found}.` });
          return;
        }
        for (const key of Object.keys(value)) {
          if (!seen.has(key)) {
            seen.add(key);
            keys.push(key);
          }
        }
        objects.push({ line, object: value as Record<string, unknown> });
      });
    if (keys.length === 0) return { tables: [], rows: [], problems };
    const records = objects.map(({ line, object }) => ({
      line,
      values: keys.map((key) => (Object.hasOwn(object, key) ? rawValue(object[key]) : null)),
    }));
    return { ...typedTable('records', keys, records, context, false), problems };
  },
};
