import { expect } from 'vitest';
import { labAttempts, submissions } from '../../server/db/schema.ts';
import { generateVariant } from '../../server/labs/variants.ts';
import type { Actor } from '../../server/services/context.ts';
import type { FixtureHooks } from '../helpers/fixtures.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';
import { read } from '../helpers/read.ts';

export type { ErrorBody } from '../../server/errors.ts';

const MINUTE = 60_000;

/** A cohort run by Ines with trainees in it, on a fresh app; Victor is another instructor. */
export interface InstructorWorld {
  fixture: LabFixture;
  harness: Harness;
  ines: Actor;
  inesAgent: Agent;
  victor: Actor;
  victorAgent: Agent;
  trainees: Record<string, Actor>;
  agents: Record<string, Agent>;
  cohortId: number;
  /** What a trainee types to join Ines's cohort. */
  joinCode: string;
}

/**
 * Ines's cohort with the named trainees, the labs `api-lab` and `api-lab-2` (both made by
 * addApiTestLab) assigned in that order, and Victor, an instructor with no part in it.
 */
export async function createInstructorWorld(
  traineeNames: string[],
  options: { labs?: string[]; prepare?: (fixture: LabFixture) => Promise<void> } = {},
): Promise<InstructorWorld> {
  const fixture = await LabFixture.create();
  await addApiTestLab(fixture, 'api-lab');
  await addApiTestLab(fixture, 'api-lab-2');
  await options.prepare?.(fixture);
  const harness = await Harness.create({ labsDir: fixture.labsDir });
  expect(harness.library.failures).toEqual([]);
  // One after another, so that user ids follow the order of the names (boards break ties by user id).
  const ines = await harness.user('ines', 'instructor');
  const victor = await harness.user('victor', 'instructor');
  const traineeList: Actor[] = [];
  for (const name of traineeNames) traineeList.push(await harness.user(name));
  const trainees = Object.fromEntries(traineeList.map((trainee) => [trainee.username, trainee]));
  const agents = Object.fromEntries(
    await Promise.all(traineeList.map(async (trainee) => [trainee.username, await harness.signIn(trainee)] as const)),
  );
  const cohort = await harness.cohort(ines, traineeList, options.labs ?? ['api-lab', 'api-lab-2']);
  return {
    fixture,
    harness,
    ines,
    inesAgent: await harness.signIn(ines),
    victor,
    victorAgent: await harness.signIn(victor),
    trainees,
    agents,
    cohortId: cohort.id,
    joinCode: cohort.joinCode,
  };
}

/**
 * Refused answers of a trainee's to `api-lab`'s attacker-ip task written straight into the database
 * (as a flood of malformed answers leaves them, costing no attempt), one second apart in the order given.
 */
export function insertRefusedAnswers(world: InstructorWorld, username: string, rawAnswers: string[]): void {
  const start = world.harness.now().getTime();
  world.harness.db
    .insert(submissions)
    .values(
      rawAnswers.map((rawAnswer, index) => ({
        userId: world.trainees[username]!.id,
        cohortId: world.cohortId,
        labId: 'api-lab',
        labVersion: 1,
        taskId: 'attacker-ip',
        variantSeed: 'seed',
        rawAnswer,
        normalizedAnswer: null,
        verdict: 'invalid' as const,
        feedback: 'not an address',
        scoreFraction: 0,
        pointsAwarded: 0,
        countsAsAttempt: false,
        createdAt: new Date(start + index * 1000),
      })),
    )
    .run();
}

export async function disposeWorld(world: InstructorWorld | undefined): Promise<void> {
  if (!world) return;
  await world.harness.dispose();
  await world.fixture.dispose();
}

/**
 * The world as a fixture for `test.extend('world', instructorWorld(...))` (or with `{ scope: 'file' }`
 * for tests that only read it): made by createInstructorWorld, then `setUp` (the work to look at),
 * disposed after.
 */
export function instructorWorld(
  traineeNames: string[],
  options: Parameters<typeof createInstructorWorld>[1] & { setUp?: (world: InstructorWorld) => unknown } = {},
) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
  return async ({}: object, { onCleanup }: FixtureHooks) => {
    const world = await createInstructorWorld(traineeNames, options);
    onCleanup(() => disposeWorld(world));
    await options.setUp?.(world);
    return world;
  };
}

/** One step of a trainee's work: an answer (expected to be accepted or refused as malformed) or a hint. */
export type Step = { task: string; answer: string; malformed?: true } | { task: string; hint: number };

/**
 * A trainee opens a lab, then takes each step one minute after the previous one, so the time
 * spent on the lab is known to the minute.
 */
export async function play(world: InstructorWorld, username: string, steps: Step[], labId = 'api-lab'): Promise<void> {
  const lab = world.agents[username]!.api.labs[':labId'];
  expect((await lab.$get({ param: { labId } })).status).toBe(200);
  for (const step of steps) {
    await world.harness.advance(MINUTE);
    const param = { labId, taskId: step.task };
    if ('hint' in step) {
      const response = await read(
        lab.tasks[':taskId'].hints[':index'].$post({ param: { ...param, index: String(step.hint) } }),
      );
      expect(response.status, response.text).toBe(200);
    } else {
      const response = await read(lab.tasks[':taskId'].submissions.$post({ param, json: { answer: step.answer } }));
      expect(response.status, response.text).toBe(step.malformed ? 422 : 201);
    }
  }
}

/**
 * The seeded cohort the happy tests compute by hand (api-lab: attacker-ip is 203.0.113.77, 10 points,
 * hint 2; attempts is 2, 20 points, 2 attempts, penalty 3, hints 4 and 6; summary is manual, 10):
 *
 * - anna: attacker-ip wrong (192.0.2.15) then right; attempts right; summary handed in. 30 points,
 *   lab complete after 4 minutes. On api-lab-2, attacker-ip right after 1 minute: 10 points.
 * - ben: attacker-ip 192.0.2.15, 10.0.0.1, hint, right (8 points); attempts 3 and 4 (failed).
 *   Last activity after 6 minutes.
 * - carla: attacker-ip right (10); both hints of attempts, 3, then 2 (20 - 4 - 6 - 3 = 7). 5 minutes.
 * - dora: attacker-ip 192.0.2.15 to 192.0.2.20 (six wrong), then a malformed answer. 6 minutes.
 * - emil: never opens a lab.
 */
export const SCENARIO_TRAINEES = ['anna', 'ben', 'carla', 'dora', 'emil'];
export const ANNA_SUMMARY = 'Someone guessed passwords from 203.0.113.77 and never got in.';

export async function playScenario(world: InstructorWorld): Promise<void> {
  await play(world, 'anna', [
    { task: 'attacker-ip', answer: '192.0.2.15' },
    { task: 'attacker-ip', answer: '203.0.113.77' },
    { task: 'attempts', answer: '2' },
    { task: 'summary', answer: ANNA_SUMMARY },
  ]);
  await play(world, 'anna', [{ task: 'attacker-ip', answer: '203.0.113.77' }], 'api-lab-2');
  await play(world, 'ben', [
    { task: 'attacker-ip', answer: '192.0.2.15' },
    { task: 'attacker-ip', answer: '10.0.0.1' },
    { task: 'attacker-ip', hint: 0 },
    { task: 'attacker-ip', answer: '203.0.113.77' },
    { task: 'attempts', answer: '3' },
    { task: 'attempts', answer: '4' },
  ]);
  await play(world, 'carla', [
    { task: 'attacker-ip', answer: '203.0.113.77' },
    { task: 'attempts', hint: 0 },
    { task: 'attempts', hint: 1 },
    { task: 'attempts', answer: '3' },
    { task: 'attempts', answer: '2' },
  ]);
  await play(world, 'dora', [
    ...['15', '16', '17', '18', '19', '20'].map((last) => ({ task: 'attacker-ip', answer: `192.0.2.${last}` })),
    { task: 'attacker-ip', answer: 'somewhere in Belgium', malformed: true },
  ]);
}

/** The id of a trainee's latest submission to a task. */
export function latestSubmissionId(
  world: InstructorWorld,
  username: string,
  taskId: string,
  labId = 'api-lab',
): number {
  const row = world.harness.db.$client
    .prepare('select max(id) as id from submissions where user_id = ? and lab_id = ? and task_id = ?')
    .get(world.trainees[username]!.id, labId, taskId) as { id: number | null };
  if (row.id === null) throw new Error(`${username} has no submission for ${taskId}`);
  return row.id;
}

/**
 * A lab where every trainee has their own attacker address (generated from their seed), and any
 * task solved within 10 minutes of opening the lab is implausibly fast.
 */
export async function addVariantLab(fixture: LabFixture, id = 'variant-lab'): Promise<void> {
  await fixture.addLab(id);
  await fixture.addVariants(
    id,
    { attacker_ip: { description: 'the address that guessed passwords' } },
    `export default ({ random }) => {
  const attacker = '203.0.113.' + random.int(2, 250);
  const lines = Array.from({ length: 5 }, (_, i) => 'Mar  4 08:12:0' + i + ' fs01 sshd[1]: Failed password for root from ' + attacker);
  return { files: { 'auth.log': lines.join('\\n') + '\\n' }, values: { attacker_ip: attacker } };
};
`,
    { generatedEvidence: true },
  );
  await fixture.edit(id, 'brief: brief.md', 'min_plausible_minutes: 10\nbrief: brief.md');
  await fixture.edit(id, 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
  await fixture.edit(
    id,
    'explanation: The failed logins all come from 203.0.113.77.',
    'explanation: The failed logins all come from {{attacker_ip}}.',
  );
}

/**
 * Gives trainees fixed seeds for a variant lab, as if they had opened it at the given times: the
 * seeds are chosen so that every trainee's attacker address differs. Returns each one's address.
 */
export function seedVariants(
  world: InstructorWorld,
  labId: string,
  starts: Record<string, Date>,
): Record<string, string> {
  const lab = world.harness.library.labs.get(labId)!;
  const addresses: Record<string, string> = {};
  for (const [username, startedAt] of Object.entries(starts)) {
    const variantSeed = `fixed-seed-${username}`;
    world.harness.db
      .insert(labAttempts)
      .values({ userId: world.trainees[username]!.id, labId, variantSeed, startedAt })
      .run();
    addresses[username] = String(generateVariant(lab, variantSeed).values.attacker_ip);
  }
  expect(new Set(Object.values(addresses)).size).toBe(Object.keys(addresses).length);
  return addresses;
}
