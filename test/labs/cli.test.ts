import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabFixture } from '../helpers/lab-fixtures.ts';

const run = promisify(execFile);

/** Runs `npm run lab -- ...` the way an author does (node with tsx, from the repository root). */
async function lab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/labs/cli.ts', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
});
afterEach(() => fixture.dispose());

describe('npm run lab', () => {
  it('creates a new lab that validates and passes its self-test', async () => {
    const created = await lab('new', 'my-first-lab', '--labs', fixture.labsDir);
    expect(created.code).toBe(0);
    const yaml = await readFile(join(fixture.labsDir, 'my-first-lab', 'lab.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../lab.schema.json');
    expect((await lab('validate', fixture.labsDir)).code).toBe(0);
    const checked = await lab('check', 'my-first-lab', '--labs', fixture.labsDir);
    expect(checked.stdout).toContain('✓ my-first-lab');
    expect(checked.code).toBe(0);
  });

  it('refuses to create a lab with an invalid id', async () => {
    const created = await lab('new', 'My Lab', '--labs', fixture.labsDir);
    expect(created.code).toBe(1);
    expect(created.stderr).toContain('not a valid lab id');
  });

  it('validates and prints each problem as file:line:column field: message', async () => {
    await fixture.addLab('broken');
    await fixture.edit('broken', 'audience: investigator', 'audience: judges');
    const result = await lab('validate', fixture.labsDir);
    expect(result.code).toBe(1);
    const line = await fixture.lineOf('broken', 'audience: judges');
    expect(result.stderr).toMatch(new RegExp(`broken/lab\\.yaml:${line}:\\d+ audience: expected one of`, 'u'));
  });

  it('writes evidence hashes into lab.yaml and keeps its comments', async () => {
    await fixture.addLab('rehash');
    await fixture.write('rehash', 'evidence/auth.log', 'Mar  4 08:12:44 fs01 sshd[2240]: Failed password for root from 203.0.113.77\n');
    const longSummary = 'summary: A long summary that goes well past eighty columns so that a careless YAML writer would fold it onto two lines.';
    await fixture.edit('rehash', 'summary: One or two sentences for the catalogue.', longSummary);
    const folded = 'objectives:\n  - >-\n    Identify the address that attacked the server\n    from its authentication log.';
    await fixture.edit('rehash', 'objectives:\n  - Identify the address that attacked the server from its authentication log.', folded);
    expect((await lab('validate', fixture.labFile('rehash', ''))).code).toBe(1);
    const hashed = await lab('hash', 'rehash', '--labs', fixture.labsDir);
    expect(hashed.code).toBe(0);
    expect(hashed.stdout).toContain('1 hash(es) updated');
    const rewritten = await readFile(fixture.labFile('rehash'), 'utf8');
    expect(rewritten).toContain('# The lab authors\' reference is labs/README.md');
    expect(rewritten).toContain(longSummary);
    expect(rewritten).toContain(folded);
    expect((await lab('validate', fixture.labFile('rehash', ''))).code).toBe(0);
  });

  it('fails the self-test when a wrong example is accepted', async () => {
    await fixture.addLab('self-test');
    await fixture.edit('self-test', '        - 192.0.2.15', '        - 203.0.113.77');
    const checked = await lab('check', 'self-test', '--labs', fixture.labsDir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('task attacker-ip: examples.reject "203.0.113.77" is accepted as correct');
  });

  it('answers a usage error with the usage text and status 2', async () => {
    const result = await lab('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('usage: npm run lab');
  });
});
