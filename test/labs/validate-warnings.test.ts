import { describe, expect, test } from 'vitest';
import { taskSchema } from '../../server/labs/schema.ts';
import { trialAndError } from '../../server/labs/warnings.ts';
import { labFixture } from '../helpers/fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** These tests start the lab command (and tsc) as processes: slow on a busy machine. */
const CLI_TIMEOUT = 90_000;

/*
 * `npm run lab -- validate` warns about tasks that trial and error solves (few options or partial
 * credit, with unlimited attempts and no penalty) and about control characters that a backslash in
 * a double-quoted YAML string made. A warning never fails validation.
 */

const options = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `option-${index + 1}`, label: `Option ${index + 1}` }));

const task = (answer: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
  taskSchema.parse({ id: 't', title: 'T', prompt: 'P?', points: 10, answer, ...rest });

const choice = (count: number, extra: Record<string, unknown> = {}) => ({
  kind: 'choice',
  options: options(count),
  expected: 'option-1',
  ...extra,
});
const set = (scoring: 'all' | 'partial') => ({
  kind: 'set',
  of: { kind: 'ip' },
  expected: ['192.0.2.1', '192.0.2.2'],
  scoring,
});

const cases: { title: string; task: ReturnType<typeof task>; warns: RegExp | undefined }[] = [
  { title: 'a choice of two, free attempts', task: task(choice(2)), warns: /2 options/u },
  { title: 'a choice of three, free attempts', task: task(choice(3)), warns: /3 options with unlimited attempts/u },
  { title: 'a choice of four', task: task(choice(4)), warns: undefined },
  { title: 'a choice of three with an attempt limit', task: task(choice(3), { max_attempts: 2 }), warns: undefined },
  { title: 'a choice of three with a wrong_penalty', task: task(choice(3), { wrong_penalty: 2 }), warns: undefined },
  {
    title: 'a choice of three where only a misconception costs a penalty',
    task: task(choice(3), {
      misconceptions: [{ name: 'two', answer: 'option-2', feedback: 'No.', penalty: 5 }],
    }),
    warns: /3 options/u,
  },
  {
    title: 'a multiple choice of three, free attempts',
    task: task(choice(3, { multiple: true, expected: ['option-1', 'option-2'] })),
    warns: /3 options/u,
  },
  {
    title: 'a multiple choice of six with partial credit',
    task: task(choice(6, { multiple: true, expected: ['option-1', 'option-2'], scoring: 'partial' })),
    warns: /this choice gives partial credit/u,
  },
  { title: 'a set with partial credit', task: task(set('partial')), warns: /this set gives partial credit/u },
  { title: 'a set scored all or nothing', task: task(set('all')), warns: undefined },
  {
    title: 'a set with partial credit and an attempt limit',
    task: task(set('partial'), { max_attempts: 3 }),
    warns: undefined,
  },
  {
    title: 'a mapping with partial credit',
    task: task({
      kind: 'mapping',
      items: options(2),
      labels: [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
      ],
      expected: { 'option-1': 'yes', 'option-2': 'no' },
      scoring: 'partial',
    }),
    warns: /this mapping gives partial credit/u,
  },
  { title: 'an address', task: task({ kind: 'ip', expected: '203.0.113.77' }), warns: undefined },
  { title: 'a written finding', task: task({ kind: 'manual', rubric: 'Names the basis.' }), warns: undefined },
];

describe('trial and error', () => {
  for (const { title, task: given, warns } of cases)
    test(title, () => {
      const warning = trialAndError(given);
      if (warns === undefined) expect(warning).toBeUndefined();
      else expect(warning).toMatch(warns);
    });
});

const it = test.extend('fixture', labFixture);

describe('npm run lab -- validate', () => {
  it(
    'prints the warnings with file:line, counts them, and still succeeds',
    async ({ fixture }) => {
      await fixture.addLab('guessable');
      await fixture.edit(
        'guessable',
        '    answer:\n      kind: ip\n      expected: 203.0.113.77',
        '    answer:\n      kind: choice\n      options: [{ id: a, label: A }, { id: b, label: B }, { id: c, label: C }]\n' +
          '      expected: a',
      );
      await fixture.edit('guessable', '        - 192.0.2.15', '        - b');
      await fixture.edit('guessable', 'title: Attacking address', 'title: "Attacking\\a address"');
      const result = await runScript('server/labs/cli.ts', ['validate', fixture.labsDir]);
      expect(result.code).toBe(0);
      const answerLine = await fixture.lineOf('guessable', '      kind: choice');
      const titleLine = await fixture.lineOf('guessable', 'title: "Attacking');
      expect(result.stdout).toMatch(
        new RegExp(
          `warning: \\S*guessable/lab\\.yaml:${answerLine}:\\d+ tasks\\[0\\]\\.answer: this choice has 3 options`,
          'u',
        ),
      );
      expect(result.stdout).toMatch(
        new RegExp(
          `warning: \\S*guessable/lab\\.yaml:${titleLine}:\\d+ tasks\\[0\\]\\.title: holds the control character U\\+0007`,
          'u',
        ),
      );
      expect(result.stdout).toContain('1 labs and 0 courses valid, 0 failed, 2 warnings');
    },
    CLI_TIMEOUT,
  );

  it(
    'prints no warning for the template',
    async ({ fixture }) => {
      await fixture.addLab('plain');
      const result = await runScript('server/labs/cli.ts', ['validate', fixture.labFile('plain', '')]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('warning');
    },
    CLI_TIMEOUT,
  );
});
