import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant } from '../../server/labs/variants.ts';
import { labFixture } from '../helpers/fixtures.ts';
import type { LabFixture } from '../helpers/lab-fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** These tests start the lab command (and tsc) as processes: slow on a busy machine. */
const CLI_TIMEOUT = 90_000;

/*
 * `npm run lab -- preview <lab> --seed <s> [--out dir]` writes one seed's generated evidence, its
 * values and its answers to a folder, exactly what the app generates for that seed.
 */

const lab = (...args: string[]) => runScript('server/labs/cli.ts', args);
const it = test.extend('fixture', labFixture);

const GENERATOR = `import type { VariantGenerator } from '../../server/labs/variants.ts';
const generate: VariantGenerator = ({ random }) => {
  const attacker = '203.0.113.' + random.int(2, 250);
  const line = 'Mar  4 08:12:44 fs01 sshd[2240]: Failed password for invalid user admin from ' + attacker + ' port 50122 ssh2';
  return { files: { 'auth.log': line + '\\n' }, values: { attacker_ip: attacker, host: 'fs01' } };
};
export default generate;
`;

async function addVariantLab(fixture: LabFixture): Promise<void> {
  await fixture.addLab('varied');
  await fixture.addVariants(
    'varied',
    { attacker_ip: { description: 'the attacker' }, host: { description: 'the server', public: true } },
    GENERATOR,
    { generatedEvidence: true },
  );
  await fixture.edit('varied', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
  await fixture.edit(
    'varied',
    '    examples:',
    '    misconceptions:\n      - { name: admin, answer: 192.0.2.15, feedback: No. }\n    examples:',
  );
}

describe('npm run lab -- preview', () => {
  it(
    'writes the seed’s evidence, values and answers, as the app generates them',
    async ({ fixture }) => {
      await addVariantLab(fixture);
      const out = `${fixture.labsDir}-preview`;
      onTestFinished(() => rm(out, { recursive: true, force: true }));
      const result = await lab('preview', 'varied', '--seed', 'trainee-7', '--out', out, '--labs', fixture.labsDir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('seed "trainee-7": 1 generated files');

      const loaded = (await loadLibrary(fixture.labsDir)).labs.get('varied')!;
      const variant = generateVariant(loaded, 'trainee-7');
      const attacker = String(variant.values.attacker_ip);
      expect(await readFile(join(out, 'auth.log'), 'utf8')).toBe(
        new TextDecoder().decode(variant.files.get('auth-log')!.content),
      );
      expect(JSON.parse(await readFile(join(out, 'values.json'), 'utf8'))).toEqual({
        lab: 'varied',
        version: 1,
        seed: 'trainee-7',
        values: {
          attacker_ip: { value: attacker, public: false, description: 'the attacker' },
          host: { value: 'fs01', public: true, description: 'the server' },
        },
      });
      expect(JSON.parse(await readFile(join(out, 'answers.json'), 'utf8'))).toEqual([
        {
          task: 'attacker-ip',
          kind: 'ip',
          accepted: [attacker],
          misconceptions: [{ name: 'admin', answers: ['192.0.2.15'] }],
        },
      ]);
    },
    CLI_TIMEOUT,
  );

  it(
    'needs a seed',
    async ({ fixture }) => {
      await addVariantLab(fixture);
      const result = await lab('preview', 'varied', '--labs', fixture.labsDir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected --seed <seed>');
    },
    CLI_TIMEOUT,
  );

  it(
    'names the line of a generator that throws for the seed',
    async ({ fixture }) => {
      await addVariantLab(fixture);
      // Loads (the load probe's seed is fine), but fails for the previewed seed.
      await fixture.write(
        'varied',
        'generate.ts',
        `export default ({ seed }: { seed: string }) => {
  if (seed === 'bad') throw new Error('no address left for ' + seed);
  return { files: { 'auth.log': 'x\\n' }, values: { attacker_ip: '203.0.113.7', host: 'fs01' } };
};
`,
      );
      const result = await lab('preview', 'varied', '--seed', 'bad', '--labs', fixture.labsDir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /seed "bad": the generator failed for seed "bad" at generate\.ts:2:\d+: no address left for bad/u,
      );
    },
    CLI_TIMEOUT,
  );
});
