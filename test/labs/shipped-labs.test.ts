import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { formatProblem } from '../../server/labs/problems.ts';
import { courseJsonSchema, labJsonSchema } from '../../server/labs/schema.ts';
import { checkEvidenceTables, selfTestLab } from '../../server/labs/self-test.ts';
import { builtInParsers } from '../../server/evidence/tables/registry.ts';
import { answerKinds } from '../../server/grading/registry.ts';

const library = await loadLibrary('labs');
const seeds = Array.from({ length: 10 }, (_, index) => `ci-seed-${index + 1}`);

describe('the labs shipped in labs/', () => {
  it('all load without a problem', () => {
    expect(library.failures.flatMap((failure) => failure.problems.map(formatProblem))).toEqual([]);
    expect(library.labs.size).toBeGreaterThanOrEqual(2);
  });

  // Generating ten variants of a large lab takes seconds of CPU; on a loaded CI machine that is no failure.
  it.each([...library.labs.keys()])(
    '%s passes its self-test for ten variant seeds',
    (id) => {
      expect(selfTestLab(library.labs.get(id)!, seeds)).toEqual([]);
    },
    180_000,
  );

  it('use every answer kind at least once between them', () => {
    const used = new Set(
      [...library.labs.values()].flatMap((lab) => lab.definition.tasks.map((task) => task.answer.kind)),
    );
    expect([...used].sort()).toEqual(Object.keys(answerKinds).sort());
  });

  it('include at least one lab with per-trainee variants', () => {
    expect([...library.labs.values()].some((lab) => lab.generator)).toBe(true);
  });

  it('declare tables on their logs, mail and CSV', () => {
    // A table of the author's own pattern (the HAProxy log of preservation-and-cooperation) names no parser.
    const parsers = [...library.labs.values()].flatMap((lab) =>
      lab.definition.evidence.flatMap((item) => (item.table ? [item.table.parser ?? 'pattern'] : [])),
    );
    expect(new Set(parsers)).toEqual(
      new Set(['syslog', 'apache-combined', 'apache-error', 'windows-event-json', 'email', 'csv', 'jsonl', 'pattern']),
    );
  });

  it.each([...library.labs.keys()])(
    '%s: every artefact that declares a table parses without a problem for ten variant seeds',
    async (id) => {
      expect((await checkEvidenceTables(library.labs.get(id)!, seeds)).map(formatProblem)).toEqual([]);
    },
    180_000,
  );
});

describe('the JSON Schemas for editors', () => {
  it('labs/lab.schema.json is generated from the current zod schema', async () => {
    expect(JSON.parse(await readFile('labs/lab.schema.json', 'utf8'))).toEqual(labJsonSchema());
  });

  it('labs/course.schema.json is generated from the current zod schema', async () => {
    expect(JSON.parse(await readFile('labs/course.schema.json', 'utf8'))).toEqual(courseJsonSchema());
  });
});

describe("labs/README.md, the lab authors' reference", () => {
  it('documents every built-in evidence parser with each table and column it gives', async () => {
    const readme = await readFile('labs/README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Evidence as tables'), readme.indexOf('### 3.4 Variants'));
    for (const [id, parser] of Object.entries(builtInParsers)) {
      expect(section).toContain(`\`${id}\``);
      for (const table of parser.tables ?? []) {
        expect(section).toContain(`Table \`${table.name}\`: ${table.description}`);
        for (const column of table.columns)
          expect(section).toContain(
            `| \`${column.name}\` | ${column.type} | ${column.description.replaceAll('|', '\\|')} |`,
          );
      }
    }
  });
});
