import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { labFixture } from '../helpers/fixtures.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** Runs `npm run lab -- ...` the way an author does. */
const lab = (...args: string[]) => runScript('server/labs/cli.ts', args);

/** A labs folder of its own for each test, edited through `fixture`. */
const it = test.extend('fixture', labFixture);

describe('npm run lab', () => {
  it('creates a new lab that validates and passes its self-test', async ({ fixture }) => {
    const created = await lab('new', 'my-first-lab', '--labs', fixture.labsDir);
    expect(created.code).toBe(0);
    const yaml = await readFile(join(fixture.labsDir, 'my-first-lab', 'lab.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../lab.schema.json');
    expect((await lab('validate', fixture.labsDir)).code).toBe(0);
    const checked = await lab('check', 'my-first-lab', '--labs', fixture.labsDir);
    expect(checked.stdout).toContain('✓ my-first-lab');
    expect(checked.code).toBe(0);
  });

  it('refuses to create a lab with an invalid id', async ({ fixture }) => {
    const created = await lab('new', 'My Lab', '--labs', fixture.labsDir);
    expect(created.code).toBe(1);
    expect(created.stderr).toContain('not a valid lab id');
  });

  it('validates and prints each problem as file:line:column field: message', async ({ fixture }) => {
    await fixture.addLab('broken');
    await fixture.edit('broken', 'audience: investigator', 'audience: judges');
    const result = await lab('validate', fixture.labsDir);
    expect(result.code).toBe(1);
    const line = await fixture.lineOf('broken', 'audience: judges');
    expect(result.stderr).toMatch(new RegExp(`broken/lab\\.yaml:${line}:\\d+ audience: expected one of`, 'u'));
  });

  it('reports the first line of an evidence table that does not parse, with its line in the artefact', async ({
    fixture,
  }) => {
    await fixture.addLab('tables');
    await fixture.write(
      'tables',
      'evidence/auth.log',
      'Mar  4 08:12:44 fs01 sshd[2240]: Failed password for root from 203.0.113.77 port 50122 ssh2\n' +
        'Mar  4 08:12:47 fs01 sshd[2240]: Failed password for root from 203.0.113.77 port 50124 ssh2\n' +
        'this line is no syslog at all\n' +
        'neither is this one\n',
    );
    // The template declares its log as a syslog table already.
    expect((await lab('hash', 'tables', '--labs', fixture.labsDir)).code).toBe(0);
    const result = await lab('validate', fixture.labsDir);
    expect(result.code).toBe(1);
    const line = await fixture.lineOf('tables', 'table: { parser: syslog');
    expect(result.stderr).toMatch(
      new RegExp(
        `tables/lab\\.yaml:${line}:\\d+ evidence\\[0\\]\\.table: auth-log line 3 does not parse as syslog: `,
        'u',
      ),
    );
    expect(result.stderr).not.toContain('line 4');
    expect(result.stdout).toContain('0 labs and 0 courses valid, 1 failed');
  });

  it('reports an evidence table that gives no rows, naming the variant seed of generated evidence', async ({
    fixture,
  }) => {
    await fixture.addLab('no-rows');
    await fixture.addVariants(
      'no-rows',
      { attacker_ip: { description: 'the attacker' } },
      'export default () => ({ files: { "auth.log": "{}\\n" }, values: { attacker_ip: "203.0.113.77" } });\n',
      { generatedEvidence: true },
    );
    await fixture.edit('no-rows', 'table: { parser: syslog, zone: UTC, year: 2024 }', 'table: { parser: csv }');
    const result = await lab('validate', fixture.labFile('no-rows', ''));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/evidence\[0\]\.table: auth-log \(seed "seed-1"\) gives no rows as csv/u);
    const checked = await lab('check', 'no-rows', '--labs', fixture.labsDir, '--seed', 'mine');
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/evidence\[0\]\.table: auth-log \(seed "mine"\) gives no rows as csv/u);
  });

  it('writes evidence hashes into lab.yaml and keeps its comments', async ({ fixture }) => {
    await fixture.addLab('rehash');
    await fixture.write(
      'rehash',
      'evidence/auth.log',
      'Mar  4 08:12:44 fs01 sshd[2240]: Failed password for root from 203.0.113.77\n',
    );
    const longSummary =
      'summary: A long summary that goes well past eighty columns so that a careless YAML writer would fold it onto two lines.';
    await fixture.edit('rehash', 'summary: One or two sentences for the catalogue.', longSummary);
    const folded =
      'objectives:\n  - >-\n    Identify the address that attacked the server\n    from its authentication log.';
    await fixture.edit(
      'rehash',
      'objectives:\n  - Identify the address that attacked the server from its authentication log.',
      folded,
    );
    expect((await lab('validate', fixture.labFile('rehash', ''))).code).toBe(1);
    const hashed = await lab('hash', 'rehash', '--labs', fixture.labsDir);
    expect(hashed.code).toBe(0);
    expect(hashed.stdout).toContain('1 hash(es) updated');
    const rewritten = await readFile(fixture.labFile('rehash'), 'utf8');
    expect(rewritten).toContain("# The lab authors' reference is labs/README.md");
    expect(rewritten).toContain(longSummary);
    expect(rewritten).toContain(folded);
    expect((await lab('validate', fixture.labFile('rehash', ''))).code).toBe(0);
  });

  it('fails the self-test when a wrong example is accepted', async ({ fixture }) => {
    await fixture.addLab('self-test');
    await fixture.edit('self-test', '        - 192.0.2.15', '        - 203.0.113.77');
    const checked = await lab('check', 'self-test', '--labs', fixture.labsDir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('task attacker-ip: examples.reject "203.0.113.77" is accepted as correct');
  });

  it('refuses a lab whose explanation or hint gives away the answer of a task that can still be open, naming file, task, field and seed', async ({
    fixture,
  }) => {
    // `attempts` (answer 2) requires `attacker-ip`, so it is still open when attacker-ip's texts are
    // released: its hint is bought while attacker-ip is open, its explanation comes when it is settled.
    await addApiTestLab(fixture, 'leaky');
    await fixture.edit(
      'leaky',
      'explanation: The failed logins all come from 203.0.113.77.',
      'explanation: The failed logins, **2** of them, all come from 203.0.113.77.',
    );
    await fixture.edit(
      'leaky',
      'text: Look for lines with "Failed password".',
      'text: Look for the two lines with "Failed password" (2 in all).',
    );
    expect((await lab('validate', fixture.labFile('leaky', ''))).code).toBe(0);
    const checked = await lab('check', 'leaky', '--labs', fixture.labsDir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(
      /leaky\/lab\.yaml seed "fixed" task attacker-ip explanation: gives away the answer of task attempts\b.*accepts "\*\*2\*\*"/u,
    );
    expect(checked.stderr).toMatch(
      /leaky\/lab\.yaml seed "fixed" task attacker-ip hints\[0\]: gives away the answer of task attempts\b/u,
    );
    // The explanation of `attempts` names the attacker's address, but attacker-ip is settled by then.
    expect(checked.stderr).not.toContain('task attempts explanation');
  });

  it('accepts a text that names answers of tasks it requires, directly or through another task', async ({
    fixture,
  }) => {
    await addApiTestLab(fixture, 'ordered');
    const summary = 'answer: { kind: manual, rubric: Mentions the guessing and that it failed. }';
    await fixture.edit('ordered', summary, `${summary}\n    explanation: The 2 failed logins came from 203.0.113.77.`);
    // Without requires, the summary can be settled while both other tasks are open.
    const open = await lab('check', 'ordered', '--labs', fixture.labsDir);
    expect(open.stderr).toContain('task summary explanation: gives away the answer of task attacker-ip');
    expect(open.stderr).toContain('task summary explanation: gives away the answer of task attempts');
    // attempts requires attacker-ip, so requiring attempts settles both before the summary opens.
    await fixture.edit('ordered', summary, `requires: [attempts]\n    ${summary}`);
    const checked = await lab('check', 'ordered', '--labs', fixture.labsDir);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  });

  it('answers a usage error with the usage text and status 2', async () => {
    const result = await lab('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('usage: npm run lab');
  });
});
