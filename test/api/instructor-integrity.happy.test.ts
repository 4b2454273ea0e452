import { describe, expect, test } from 'vitest';
import type { Agent } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';
import { addVariantLab, instructorWorld, seedVariants, type InstructorWorld } from './instructor-fixture.ts';

const MINUTE = 60_000;

async function answer(world: InstructorWorld, username: string, value: string): Promise<string> {
  const response = await read(
    world.agents[username]!.api.labs[':labId'].tasks[':taskId'].submissions.$post({
      param: { labId: 'variant-lab', taskId: 'attacker-ip' },
      json: { answer: value },
    }),
  );
  expect(response.status, response.text).toBe(201);
  return response.body.submission.verdict;
}

/**
 * In a lab where each trainee has their own attacker address and anything under 10 minutes is
 * implausible: anna and carla open it at 09:00, ben at 09:28. At 09:30 ben solves his own (2 minutes:
 * too fast), anna first tries ben's address and then solves her own (30 minutes), and carla tries an
 * address that is nobody's. The tests only read, so the file shares one world; `addresses` (each
 * trainee's own) is that work, done before any test.
 */
const it = test
  .extend(
    'world',
    { scope: 'file' },
    instructorWorld(['anna', 'ben', 'carla'], { labs: ['variant-lab'], prepare: (fixture) => addVariantLab(fixture) }),
  )
  .extend('addresses', { scope: 'file', auto: true }, async ({ world }) => {
    const start = world.harness.now();
    const addresses = seedVariants(world, 'variant-lab', {
      anna: start,
      carla: start,
      ben: new Date(start.getTime() + 28 * MINUTE),
    });
    await world.harness.advance(30 * MINUTE);
    expect(await answer(world, 'ben', addresses.ben!)).toBe('correct');
    expect(await answer(world, 'anna', addresses.ben!)).toBe('incorrect');
    expect(await answer(world, 'anna', addresses.anna!)).toBe('correct');
    const nobodys = ['198.51.100.1', '198.51.100.2'].find(
      (candidate) => !Object.values(addresses).includes(candidate),
    )!;
    expect(await answer(world, 'carla', nobodys)).toBe('incorrect');
    return addresses;
  });

async function signals(world: InstructorWorld, agent: Agent = world.inesAgent) {
  const response = await read(
    agent.api.instructor.cohorts[':cohortId'].integrity.$get({ param: { cohortId: String(world.cohortId) } }),
  );
  expect(response.status).toBe(200);
  return response.body;
}

describe('integrity signals', () => {
  it("flag a wrong answer that is another member's correct value, naming both trainees", async ({
    world,
    addresses,
  }) => {
    const { answerSharing } = await signals(world);
    expect(answerSharing).toEqual([
      {
        submissionId: expect.any(Number),
        at: world.harness.now().toISOString(),
        lab: { id: 'variant-lab', title: 'New lab variant-lab' },
        task: { id: 'attacker-ip', title: 'Attacking address' },
        answer: addresses.ben,
        submitter: { id: world.trainees.anna!.id, username: 'anna', displayName: 'anna display' },
        owner: { id: world.trainees.ben!.id, username: 'ben', displayName: 'ben display' },
      },
    ]);
  });

  it('flag a task solved sooner after opening the lab than the lab thinks plausible, and only that one', async ({
    world,
  }) => {
    const { fastSolves } = await signals(world);
    expect(fastSolves).toEqual([
      expect.objectContaining({
        lab: { id: 'variant-lab', title: 'New lab variant-lab' },
        task: { id: 'attacker-ip', title: 'Attacking address' },
        minutes: 2,
        minPlausibleMinutes: 10,
      }),
    ]);
    expect(fastSolves[0]!.trainee).toEqual({ id: world.trainees.ben!.id, username: 'ben', displayName: 'ben display' });
    expect(new Date(fastSolves[0]!.solvedAt).getTime() - new Date(fastSolves[0]!.startedAt).getTime()).toBe(2 * MINUTE);
  });

  it('are computed for an administrator as well', async ({ world }) => {
    const admin = await world.harness.signIn(await world.harness.user('root-admin', 'admin'));
    const { answerSharing, fastSolves } = await signals(world, admin);
    expect(answerSharing).toHaveLength(1);
    expect(fastSolves).toHaveLength(1);
  });
});
