import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { selfTestLab } from '../../server/labs/self-test.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { checkAnswer } from '../../server/grading/registry.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
});
afterEach(() => fixture.dispose());

const GENERATOR = `export default ({ random }) => {
  const attacker = '203.0.113.' + random.int(2, 250);
  const attempts = random.int(20, 80);
  const lines = Array.from({ length: attempts }, (_, i) => 'Mar  4 08:12:' + String(i % 60).padStart(2, '0') + ' fs01 sshd[1]: Failed password for root from ' + attacker);
  return { files: { 'auth.log': lines.join('\\n') + '\\n' }, values: { attacker_ip: attacker, attempts, server_name: 'fs01' } };
};
`;

async function addVariantLab(): Promise<void> {
  await fixture.addLab('variant-lab');
  await fixture.addVariants(
    'variant-lab',
    {
      attacker_ip: { description: 'the address that guessed passwords' },
      attempts: { description: 'number of failed attempts' },
      server_name: { description: 'host name shown in the prompt', public: true },
    },
    GENERATOR,
    { generatedEvidence: true },
  );
  await fixture.edit(
    'variant-lab',
    'prompt: Which address tried to guess passwords on FS01?',
    'prompt: Which address tried to guess passwords on {{server_name}}?',
  );
  await fixture.edit('variant-lab', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
  await fixture.edit(
    'variant-lab',
    '        - 192.0.2.15',
    '        - 192.0.2.15\n  - id: attempts\n    title: Attempts\n    prompt: How many failed attempts?\n    points: 5\n    answer: { kind: number, expected: "{{attempts}}" }',
  );
}

describe('loading labs', () => {
  it('loads the template that `lab new` writes without a problem', async () => {
    await fixture.addLab('fresh-lab');
    const library = await loadLibrary(fixture.labsDir);
    expect(library.failures).toEqual([]);
    const lab = library.labs.get('fresh-lab')!;
    expect(lab.definition.tasks.map((task) => task.id)).toEqual(['attacker-ip']);
    expect(lab.evidence[0]!.size).toBeGreaterThan(0);
    expect(lab.brief).toMatch(/^# Case brief/u);
    expect(selfTestLab(lab, ['a'])).toEqual([]);
  });

  it('fills defaults so services need not guess', async () => {
    await fixture.addLab('fresh-lab');
    const task = (await loadLibrary(fixture.labsDir)).labs.get('fresh-lab')!.definition.tasks[0]!;
    expect(task.requires).toEqual([]);
    expect(task.wrong_penalty).toBe(0);
    expect(task.examples.accept).toEqual([]);
  });
});

describe('per-trainee variants', () => {
  it('gives the same data for the same seed and different data for different seeds', async () => {
    await addVariantLab();
    const library = await loadLibrary(fixture.labsDir);
    expect(library.failures).toEqual([]);
    const lab = library.labs.get('variant-lab')!;
    const first = generateVariant(lab, 'trainee-1');
    expect(generateVariant(lab, 'trainee-1').files.get('auth-log')!.sha256).toBe(first.files.get('auth-log')!.sha256);
    const others = ['trainee-2', 'trainee-3', 'trainee-4'].map((seed) => generateVariant(lab, seed).values.attacker_ip);
    expect(new Set([first.values.attacker_ip, ...others]).size).toBeGreaterThan(1);
  });

  it('checks each trainee against the values of their own variant', async () => {
    await addVariantLab();
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('variant-lab')!;
    const mine = generateVariant(lab, 'trainee-1');
    const theirs = ['trainee-2', 'trainee-3', 'trainee-4', 'trainee-5']
      .map((seed) => generateVariant(lab, seed))
      .find((other) => other.values.attacker_ip !== mine.values.attacker_ip)!;
    const task = resolveTask(lab.definition.tasks[0]!, mine);
    expect(task.prompt).toBe('Which address tried to guess passwords on fs01?');
    expect(checkAnswer(task.answer, String(mine.values.attacker_ip))).toMatchObject({ verdict: 'correct' });
    expect(checkAnswer(task.answer, String(theirs.values.attacker_ip))).toMatchObject({ verdict: 'incorrect' });
    const attempts = resolveTask(lab.definition.tasks[1]!, mine);
    expect(checkAnswer(attempts.answer, String(mine.values.attempts))).toMatchObject({ verdict: 'correct' });
  });

  it('passes the self-test for many seeds', async () => {
    await addVariantLab();
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('variant-lab')!;
    expect(
      selfTestLab(
        lab,
        Array.from({ length: 25 }, (_, index) => `seed-${index}`),
      ),
    ).toEqual([]);
  });

  it('catches a generator that is not deterministic', async () => {
    await addVariantLab();
    await fixture.write(
      'variant-lab',
      'generate.ts',
      GENERATOR.replace("'203.0.113.' + random.int(2, 250)", "'203.0.113.' + Math.floor(Math.random() * 200 + 2)"),
    );
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('variant-lab')!;
    const failures = selfTestLab(lab, ['a', 'b', 'c']);
    expect(failures.some((failure) => /not deterministic/u.test(failure.message))).toBe(true);
  });

  it('catches a rejected example that the checker accepts', async () => {
    await fixture.addLab('fresh-lab');
    await fixture.edit('fresh-lab', '        - 192.0.2.15', '        - 192.0.2.15\n        - "203.0.113.077"');
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('fresh-lab')!;
    expect(selfTestLab(lab, ['a'])).toEqual([
      { seed: 'fixed', task: 'attacker-ip', message: 'examples.reject "203.0.113.077" is accepted as correct' },
    ]);
  });

  it('catches a rejected example that is not even a well-formed answer', async () => {
    await fixture.addLab('fresh-lab');
    await fixture.edit('fresh-lab', '        - 192.0.2.15', '        - 192.0.2.15\n        - somewhere in Belgium');
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('fresh-lab')!;
    const [failure] = selfTestLab(lab, ['a']);
    expect(failure!.message).toMatch(/examples.reject "somewhere in Belgium" is not even a well-formed answer/u);
  });

  it('catches a placeholder that gives the answer away', async () => {
    await fixture.addLab('fresh-lab');
    await fixture.edit('fresh-lab', 'placeholder: 198.51.100.23', 'placeholder: 203.0.113.77');
    const lab = (await loadLibrary(fixture.labsDir)).labs.get('fresh-lab')!;
    const messages = selfTestLab(lab, ['a']).map((failure) => failure.message);
    expect(messages.some((message) => /placeholder is \(partly\) accepted/u.test(message))).toBe(true);
  });
});
