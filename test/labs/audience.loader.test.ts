import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLibrary, type LoadFailure } from '../../server/labs/loader.ts';
import { formatProblem } from '../../server/labs/problems.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';

/*
 * A lab's or course's audience: one value, or a list of them such as [prosecutor, judge]; "both"
 * still stands for investigators and prosecutors. Every reader gets the list, in a fixed order.
 */

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('lab');
});
afterEach(() => fixture.dispose());

/** The audiences the loader read for the lab, after its template's `audience: investigator` became `audience`. */
async function audiencesOf(audience: string): Promise<string[]> {
  await fixture.edit('lab', 'audience: investigator', audience);
  const library = await loadLibrary(fixture.labsDir);
  expect(library.failures.flatMap((failure) => failure.problems.map(formatProblem))).toEqual([]);
  return library.labs.get('lab')!.definition.audience;
}

/** The one problem of the lab once `audience: investigator` became `audience`. */
async function onlyProblem(audience: string) {
  await fixture.edit('lab', 'audience: investigator', audience);
  const library = await loadLibrary(fixture.labsDir);
  expect(library.labs.has('lab')).toBe(false);
  expect(library.failures).toHaveLength(1);
  const failure: LoadFailure = library.failures[0]!;
  expect(failure.problems).toHaveLength(1);
  return failure.problems[0]!;
}

/** A course of the one lab with the given audience line, written to labs/courses/<id>.yaml. */
async function writeCourse(id: string, audience: string): Promise<void> {
  await mkdir(join(fixture.labsDir, 'courses'), { recursive: true });
  const lines = [`id: ${id}`, 'title: A course', 'summary: One lab.', audience, 'labs:', '  - lab: lab', ''];
  await writeFile(join(fixture.labsDir, 'courses', `${id}.yaml`), lines.join('\n'));
}

describe('an audience as one value or a list', () => {
  it('reads a list of audiences, flow or block style, in the fixed order investigator, prosecutor, judge', async () => {
    expect(await audiencesOf('audience: [prosecutor, judge]')).toEqual(['prosecutor', 'judge']);
    await fixture.edit('lab', 'audience: [prosecutor, judge]', 'audience:\n  - judge\n  - prosecutor');
    const library = await loadLibrary(fixture.labsDir);
    expect(library.labs.get('lab')!.definition.audience).toEqual(['prosecutor', 'judge']);
  });

  it('reads one value as a list of one, and "both" as investigators and prosecutors', async () => {
    expect(await audiencesOf('audience: judge')).toEqual(['judge']);
    await fixture.edit('lab', 'audience: judge', 'audience: both');
    const library = await loadLibrary(fixture.labsDir);
    expect(library.labs.get('lab')!.definition.audience).toEqual(['investigator', 'prosecutor']);
  });

  it('names an unknown audience in a list, with the file, the line and the field', async () => {
    const problem = await onlyProblem('audience:\n  - prosecutor\n  - judges');
    expect(problem.file).toMatch(/lab[/\\]lab\.yaml$/u);
    expect(problem.field).toBe('audience');
    expect(problem.line).toBe((await fixture.lineOf('lab', 'audience:')) + 1);
    expect(problem.message).toBe(
      'the list holds string "judges"; expected each of them to be one of "investigator", "prosecutor", "judge"',
    );
    expect(formatProblem(problem)).toMatch(/lab\/lab\.yaml:\d+:\d+ audience: the list holds string "judges"/u);
  });

  it('says what was expected for an unknown single value', async () => {
    const problem = await onlyProblem('audience: judges');
    expect(problem.field).toBe('audience');
    expect(problem.line).toBe(await fixture.lineOf('lab', 'audience: judges'));
    expect(problem.message).toBe(
      'expected one of "investigator", "prosecutor", "judge", "both", or a list of several, such as ' +
        '[prosecutor, judge], got string "judges"',
    );
  });

  it('refuses "both" inside a list, an audience named twice and an empty list', async () => {
    expect((await onlyProblem('audience: [both, judge]')).message).toMatch(
      /"both" stands only on its own; in a list, write out its audiences: \[investigator, prosecutor\]/u,
    );
    await fixture.edit('lab', 'audience: [both, judge]', 'audience: [judge, judge]');
    let [failure] = (await loadLibrary(fixture.labsDir)).failures;
    expect(failure!.problems.map((problem) => [problem.field, problem.message])).toEqual([
      ['audience', 'the list names an audience twice'],
    ]);
    await fixture.edit('lab', 'audience: [judge, judge]', 'audience: []');
    [failure] = (await loadLibrary(fixture.labsDir)).failures;
    expect(failure!.problems.map((problem) => [problem.field, problem.message])).toEqual([
      ['audience', 'expected at least one audience in the list'],
    ]);
  });

  it('says what was expected for a missing audience', async () => {
    const problem = await onlyProblem('');
    expect(problem.field).toBe('audience');
    expect(problem.message).toMatch(/^required field is missing \(expected one of "investigator"/u);
  });
});

describe("a course's audience", () => {
  it('reads a list as a lab does', async () => {
    await writeCourse('bench-and-desk', 'audience: [judge, prosecutor]');
    const library = await loadLibrary(fixture.labsDir);
    expect(library.failures).toEqual([]);
    expect(library.courses.get('bench-and-desk')!.definition.audience).toEqual(['prosecutor', 'judge']);
  });

  it('names an unknown audience with the course file, the line and the field', async () => {
    await writeCourse('bench-and-desk', 'audience: [prosecutor, judges]');
    const library = await loadLibrary(fixture.labsDir);
    expect(library.courses.size).toBe(0);
    const problems = library.failures.flatMap((failure) => failure.problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'audience', line: 4 });
    expect(problems[0]!.file).toMatch(/courses[/\\]bench-and-desk\.yaml$/u);
    expect(problems[0]!.message).toContain('the list holds string "judges"');
  });
});
