import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { formatProblem } from '../../server/labs/problems.ts';
import { courseJsonSchema, labJsonSchema } from '../../server/labs/schema.ts';
import { selfTestLab } from '../../server/labs/self-test.ts';
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
});

describe('the JSON Schemas for editors', () => {
  it('labs/lab.schema.json is generated from the current zod schema', async () => {
    expect(JSON.parse(await readFile('labs/lab.schema.json', 'utf8'))).toEqual(labJsonSchema());
  });

  it('labs/course.schema.json is generated from the current zod schema', async () => {
    expect(JSON.parse(await readFile('labs/course.schema.json', 'utf8'))).toEqual(courseJsonSchema());
  });
});
