import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLibrary, type LoadFailure } from '../../server/labs/loader.ts';
import { selfTestLab } from '../../server/labs/self-test.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';

/*
 * The loader on the format features of issue #15: anticipated wrong answers, account and domain
 * answers, timestamp formats and fixed offsets, and the judge audience. Problems name the field and
 * the line.
 */

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('lab');
});
afterEach(() => fixture.dispose());

async function onlyFailure(): Promise<LoadFailure> {
  const library = await loadLibrary(fixture.labsDir);
  expect(library.labs.has('lab')).toBe(false);
  expect(library.failures).toHaveLength(1);
  return library.failures[0]!;
}

async function loads(): Promise<void> {
  const library = await loadLibrary(fixture.labsDir);
  expect(library.failures.flatMap((failure) => failure.problems.map((problem) => problem.message))).toEqual([]);
  expect(library.labs.has('lab')).toBe(true);
}

/** Replaces the template task's answer (an ip, 203.0.113.77) by `answer`, YAML indented by six spaces. */
async function answerIs(answer: string): Promise<void> {
  await fixture.edit('lab', '      kind: ip\n      expected: 203.0.113.77', answer);
}

const misconceptionsOf = (answer: string) =>
  `    misconceptions:\n      - name: decoy\n        answer: ${answer}\n        feedback: That is the administrator.\n    examples:`;

describe('anticipated wrong answers in lab.yaml', () => {
  const misconceptions = misconceptionsOf;

  it('load when sound', async () => {
    await fixture.edit('lab', '    examples:', misconceptions('192.0.2.15'));
    await loads();
  });

  it('are refused when the task accepts the answer as right, at the line of the first one', async () => {
    await fixture.edit('lab', '    examples:', misconceptions('203.000.113.077'));
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].misconceptions');
    expect(problem!.message).toMatch(/accepts this answer as right/u);
    expect(problem!.line).toBe(await fixture.lineOf('lab', '- name: decoy'));
  });

  it('are refused when the answer is not of the task’s kind', async () => {
    await fixture.edit('lab', '    examples:', misconceptions('not-an-address'));
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.message).toMatch(/misconceptions\[0\] \(decoy\): the task's checker cannot read the answer/u);
  });

  it('are refused with a name that is not a slug, at its line', async () => {
    await fixture.edit(
      'lab',
      '    examples:',
      '    misconceptions:\n      - name: The Decoy\n        answer: 192.0.2.15\n        feedback: x\n    examples:',
    );
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].misconceptions[0].name');
    expect(problem!.line).toBe(await fixture.lineOf('lab', 'name: The Decoy'));
  });

  it('may refer to undeclared variant values only as an error', async () => {
    await fixture.edit('lab', '    examples:', misconceptions('"{{decoy_ip}}"'));
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.message).toMatch(/refers to \{\{decoy_ip\}\}, which variants.values does not declare/u);
  });
});

describe('anticipated wrong answers in the self-test', () => {
  it('fail check for a seed whose generated decoy is the right answer', async () => {
    await fixture.addVariants(
      'lab',
      { attacker_ip: { description: 'the attacker' }, decoy_ip: { description: 'the administrator' } },
      `export default ({ seed }: { seed: string }) => ({
  files: {},
  values: { attacker_ip: '203.0.113.7', decoy_ip: seed === 'seed-2' ? '203.0.113.7' : '192.0.2.15' },
});
`,
    );
    await fixture.edit('lab', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
    await fixture.edit('lab', '    examples:', misconceptionsOf('"{{decoy_ip}}"'));
    const library = await loadLibrary(fixture.labsDir);
    expect(library.failures).toEqual([]);
    const failures = selfTestLab(library.labs.get('lab')!, ['seed-1', 'seed-2']);
    expect(failures).toEqual([
      {
        seed: 'seed-2',
        task: 'attacker-ip',
        message:
          'misconceptions[0] (decoy): the task accepts this answer as right, so it can never reveal a misconception',
      },
    ]);
  });
});

describe('account answers in lab.yaml', () => {
  it('load with single-quoted backslashes', async () => {
    await answerIs("      kind: account\n      expected: 'COURT\\a.horvat'\n      domains: [[COURT, court.example]]");
    await fixture.edit('lab', '        - 192.0.2.15', "        - 'COURT\\adm.kovac'");
    await loads();
  });

  it('are refused when a double-quoted backslash became a control character, with the fix', async () => {
    await answerIs('      kind: account\n      expected: "COURT\\a.horvat"');
    await fixture.edit('lab', '        - 192.0.2.15', "        - 'COURT\\adm.kovac'");
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].answer');
    expect(problem!.message).toMatch(/control character.*single quotes/u);
  });
});

describe('domain answers and timestamps in lab.yaml', () => {
  it('load a domain with subdomains', async () => {
    await answerIs('      kind: domain\n      expected: invoice-portal.example\n      subdomains: true');
    await fixture.edit('lab', '        - 192.0.2.15', '        - payroll-portal.example');
    await loads();
  });

  it('refuse a domain that is an address', async () => {
    await answerIs('      kind: domain\n      expected: 203.0.113.77');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.message).toMatch(/is not a domain name: That is an IP address/u);
  });

  it('load a timestamp with a fixed offset and a BIND format', async () => {
    await answerIs(
      '      kind: timestamp\n      expected: 2026-03-28T08:14:02Z\n      zone: "+01:00"\n      formats: ["dd-MMM-yyyy HH:mm:ss.SSS"]',
    );
    await fixture.edit('lab', '        - 192.0.2.15', '        - 28-Mar-2026 08:14:02.000');
    await loads();
  });

  it('refuse an offset that is no zone, at the zone field', async () => {
    await answerIs('      kind: timestamp\n      expected: 2026-03-28T08:14:02Z\n      zone: "+25:00"');
    const [problem] = (await onlyFailure()).problems;
    expect(problem!.field).toBe('tasks[0].answer.zone');
    expect(problem!.message).toMatch(/fixed offset such as "\+01:00"/u);
  });
});

describe('the judge audience', () => {
  it('loads', async () => {
    await fixture.edit('lab', 'audience: investigator', 'audience: judge');
    await loads();
  });
});

describe("labs/README.md, the lab authors' reference", () => {
  it('has a section for every answer kind and documents the task fields of the format features', async () => {
    const { readFile } = await import('node:fs/promises');
    const { answerKinds } = await import('../../server/grading/registry.ts');
    const readme = await readFile('labs/README.md', 'utf8');
    for (const kind of Object.keys(answerKinds)) expect(readme).toMatch(new RegExp(`^### 4\\.\\d+ \`${kind}\`$`, 'mu'));
    for (const field of ['misconceptions', 'formats', 'subdomains', 'domain_optional', 'preview'])
      expect(readme).toContain(`\`${field}`);
  });
});
