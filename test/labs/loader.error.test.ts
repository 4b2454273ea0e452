import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLibrary, type LoadFailure } from '../../server/labs/loader.ts';
import { formatProblem } from '../../server/labs/problems.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('broken');
});
afterEach(() => fixture.dispose());

async function onlyFailure(): Promise<LoadFailure> {
  const library = await loadLibrary(fixture.labsDir);
  expect(library.labs.has('broken')).toBe(false);
  expect(library.failures).toHaveLength(1);
  return library.failures[0]!;
}

describe('a broken lab is reported with file, position and field', () => {
  it('reports a YAML syntax error with its line and column', async () => {
    await fixture.edit('broken', 'title: New lab broken', 'title: [unclosed');
    const failure = await onlyFailure();
    expect(failure.file).toMatch(/broken[/\\]lab\.yaml$/u);
    expect(failure.problems[0]!.message).toMatch(/YAML syntax/u);
    expect(failure.problems[0]!.line).toBeGreaterThanOrEqual(await fixture.lineOf('broken', 'title: [unclosed'));
  });

  it('names an unknown field and points at its key', async () => {
    await fixture.edit('broken', 'difficulty: beginner', 'difficulty: beginner\ndificulty_level: 3');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('dificulty_level');
    expect(problem!.message).toMatch(/unknown field "dificulty_level"/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'dificulty_level'));
    expect(problem!.column).toBe(1);
  });

  it('says which value was expected for an enumeration', async () => {
    await fixture.edit('broken', 'audience: investigator', 'audience: judges');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('audience');
    expect(problem!.message).toContain('"investigator", "prosecutor", "judge", "both"');
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'audience: judges'));
  });

  it('reports a missing required field at its parent', async () => {
    await fixture.edit('broken', /\n {4}points: 10/u, '');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].points');
    expect(problem!.message).toMatch(/required field is missing/u);
  });

  it('reports a missing evidence file', async () => {
    await fixture.edit('broken', 'file: evidence/auth.log', 'file: evidence/missing.log');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('evidence[0].file');
    expect(problem!.message).toContain('evidence/missing.log');
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'evidence/missing.log'));
  });

  it('reports an evidence file whose hash does not match', async () => {
    await fixture.write('broken', 'evidence/auth.log', 'tampered\n');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('evidence[0].sha256');
    expect(problem!.message).toMatch(/has SHA-256 [0-9a-f]{64}, not the declared one/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'sha256:'));
  });

  it('reports a requires that names no task', async () => {
    await fixture.edit('broken', '    examples:', '    requires: [find-the-victim]\n    examples:');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].requires[0]');
    expect(problem!.message).toContain('"find-the-victim"');
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'requires: [find-the-victim]'));
  });

  it('reports tasks that require each other in a circle', async () => {
    await addApiTestLab(fixture, 'circle');
    await fixture.edit('circle', '    examples:', '    requires: [attempts]\n    examples:');
    const library = await loadLibrary(fixture.labsDir);
    const [problem] = library.failures.find((failure) => failure.id === 'circle')!.problems;
    expect(problem!.field).toBe('tasks[0].requires');
    expect(problem!.message).toContain('require each other in a circle (attacker-ip → attempts → attacker-ip)');
  });

  it('reports an answer kind given options it does not have', async () => {
    await fixture.edit('broken', '      kind: ip', '      kind: ip\n      algorithm: sha256');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].answer.algorithm');
    expect(problem!.message).toMatch(/unknown field "algorithm"/u);
  });

  it('reports an unknown answer kind', async () => {
    await fixture.edit('broken', '      kind: ip', '      kind: ipaddress');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].answer.kind');
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'kind: ipaddress'));
  });

  it('reports an expected value of the wrong shape for its kind', async () => {
    await fixture.edit('broken', 'expected: 203.0.113.77', 'expected: 203.0.113.777');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].answer');
    expect(formatProblem(problem!)).toContain('203.0.113.777');
  });

  it('refuses a lab whose id differs from its folder', async () => {
    await fixture.edit('broken', 'id: broken', 'id: something-else');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('id');
    expect(problem!.message).toContain('must equal its folder name "broken"');
  });

  it('refuses a prompt that shows a private variant value', async () => {
    await fixture.addVariants(
      'broken',
      { attacker_ip: { description: 'the attacker' } },
      "export default () => ({ files: {}, values: { attacker_ip: '203.0.113.77' } });\n",
    );
    await fixture.edit('broken', 'prompt: Which address', 'prompt: Is it {{attacker_ip}}? Which address');
    const problems = (await onlyFailure()).problems;
    expect(problems.map((problem) => problem.field)).toContain('tasks[0].prompt');
    expect(problems.find((problem) => problem.field === 'tasks[0].prompt')!.message).toMatch(/not declared public/u);
  });

  it('refuses a generator that does not produce a declared value', async () => {
    await fixture.addVariants(
      'broken',
      { attacker_ip: { description: 'the attacker' } },
      'export default () => ({ files: {}, values: {} });\n',
    );
    await fixture.edit('broken', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('variants.generator');
    expect(problem!.message).toMatch(/did not produce the declared value\(s\) attacker_ip/u);
  });

  it('names the known parsers when an evidence table names an unknown one', async () => {
    await fixture.edit(
      'broken',
      'table: { parser: syslog, zone: UTC, year: 2024 }',
      'table: { parser: sylog, year: 2024 }',
    );
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('evidence[0].table.parser');
    expect(problem!.message).toMatch(/expected one of .*"syslog".*"apache-combined"/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'parser: sylog'));
  });

  it('refuses an evidence table whose zone is neither UTC, an offset nor an IANA name', async () => {
    await fixture.edit(
      'broken',
      'table: { parser: syslog, zone: UTC, year: 2024 }',
      'table:\n      parser: syslog\n      zone: Europe/Atlantis\n      year: 2024',
    );
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('evidence[0].table.zone');
    expect(problem!.message).toMatch(/IANA zone name/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'zone: Europe/Atlantis'));
  });

  it('requires the year for a syslog table, whose times have none', async () => {
    await fixture.edit(
      'broken',
      'table: { parser: syslog, zone: UTC, year: 2024 }',
      'table: { parser: syslog, zone: "+01:00" }',
    );
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('evidence[0].table.year');
    expect(problem!.message).toMatch(/the syslog parser reads times without a year/u);
    expect(problem!.line).toBe(await fixture.lineOf('broken', 'table: { parser: syslog'));
  });

  it('loads the healthy labs beside a broken one', async () => {
    await fixture.addLab('healthy');
    await fixture.edit('broken', 'audience: investigator', 'audience: judges');
    const library = await loadLibrary(fixture.labsDir);
    expect([...library.labs.keys()]).toEqual(['healthy']);
    expect(library.failures.map((failure) => failure.id)).toEqual(['broken']);
  });
});
