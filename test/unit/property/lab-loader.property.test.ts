import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { tryLoadLab } from '../../../server/labs/loader.ts';
import { LabFixture } from '../../helpers/lab-fixtures.ts';

/*
 * Whatever lab.yaml holds, loading gives a lab or problems an author can act on: each names the
 * file and points at a line (and, for a field that is wrong, the field), and none is an internal
 * error caught on the way out (those carry neither). Run counts stay modest: each run writes and
 * loads a lab folder.
 */

let fixture: LabFixture;
/** The valid template lab as an object, to break one field at a time. */
let template: Record<string, unknown>;
beforeAll(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('prop');
  template = parse(await readFile(fixture.labFile('prop'), 'utf8')) as Record<string, unknown>;
});
afterAll(() => fixture.dispose());

/** Every path to a value inside the template, so that any field, deep or not, can be replaced. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
  return [prefix];
}

function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return copy;
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    '{{answer}}',
    '{{ nope }}',
    -1,
    0,
    1e12,
    'kind',
    ['text'],
    { kind: 'regex', pattern: '(a|a)*b', example: 'ab' },
    { kind: 'set', of: { kind: 'ip' }, expected: [] },
  ),
);

let run = 0;
/** Writes lab.yaml into a fresh copy of the template folder and loads it. */
async function load(text: string) {
  const dir = join(fixture.labsDir, `case-${run++}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'evidence'), { recursive: true });
  for (const file of ['brief.md', 'evidence/auth.log'])
    await writeFile(join(dir, file), await readFile(join(fixture.labsDir, 'prop', file)));
  await writeFile(join(dir, 'lab.yaml'), text);
  return { dir, outcome: await tryLoadLab(dir) };
}

function expectActionable(outcome: Awaited<ReturnType<typeof tryLoadLab>>, dir: string, input: string): void {
  if ('lab' in outcome) return;
  const { problems } = outcome.failure;
  expect(problems.length, input).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(problem.file, input).toMatch(/(lab\.yaml|brief\.md)$/u);
    expect(problem.file.startsWith(dir) || !problem.file.startsWith('/'), input).toBe(true);
    expect(problem.message.trim(), input).not.toBe('');
    expect(problem.message, input).not.toMatch(/\bundefined\b|\[object Object\]|TypeError|Cannot read propert/u);
    // Located problems come from the loader's checks; an exception caught by tryLoadLab has no position.
    expect(problem.line ?? problem.field, `${input}\n${JSON.stringify(problem)}`).toBeDefined();
  }
}

describe('lab loader with arbitrary lab.yaml', () => {
  it('one field of a valid lab replaced by anything (or removed) gives a lab or located problems', async () => {
    const paths = pathsOf(template).filter((path) => path.length > 0 && path[0] !== 'id');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), junk, async (path, value) => {
        const text = stringify(replaced(template, path, value));
        const { dir, outcome } = await load(text);
        expectActionable(outcome, dir, `${path.join('.')} = ${JSON.stringify(value)}`);
        if ('failure' in outcome) {
          // A schema problem names the broken field or one of its parents.
          const named = outcome.failure.problems.some(
            (problem) => problem.field !== undefined || problem.message.startsWith('YAML syntax'),
          );
          expect(named, JSON.stringify(outcome.failure.problems)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('any YAML document or raw text gives a lab or located problems', async () => {
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom(
        'id: [',
        'a: &x [*x]',
        'tasks: !!binary AAAA',
        '? [a]\n: b',
        'id: prop\nid: prop',
        '\t- x',
        '---\n---\n',
      ),
    );
    await fc.assert(
      fc.asyncProperty(text, async (yaml) => {
        const { dir, outcome } = await load(yaml);
        expect('failure' in outcome, yaml).toBe(true);
        expectActionable(outcome, dir, yaml);
      }),
      { numRuns: 100 },
    );
  });
});
