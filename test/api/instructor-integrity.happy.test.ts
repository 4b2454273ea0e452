import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVariantLab,
  createInstructorWorld,
  disposeWorld,
  seedVariants,
  type InstructorWorld,
} from './instructor-fixture.ts';

const MINUTE = 60_000;

let world: InstructorWorld;
let addresses: Record<string, string>;

interface Person {
  id: number;
  username: string;
  displayName: string;
}
interface Signals {
  answerSharing: {
    submissionId: number;
    at: string;
    lab: { id: string };
    task: { id: string; title: string };
    answer: string;
    submitter: Person;
    owner: Person;
  }[];
  fastSolves: {
    lab: { id: string };
    task: { id: string };
    trainee: Person;
    minutes: number;
    minPlausibleMinutes: number;
    startedAt: string;
    solvedAt: string;
  }[];
}

async function answer(username: string, value: string): Promise<string> {
  const response = await world.agents[username]!.json<{ submission: { verdict: string } }>(
    'POST',
    '/api/labs/variant-lab/tasks/attacker-ip/submissions',
    { answer: value },
  );
  expect(response.status, response.text).toBe(201);
  return response.body.submission.verdict;
}

/**
 * In a lab where each trainee has their own attacker address and anything under 10 minutes is
 * implausible: anna and carla open it at 09:00, ben at 09:28. At 09:30 ben solves his own (2 minutes:
 * too fast), anna first tries ben's address and then solves her own (30 minutes), and carla tries an
 * address that is nobody's.
 */
beforeAll(async () => {
  world = await createInstructorWorld(['anna', 'ben', 'carla'], {
    labs: ['variant-lab'],
    prepare: (fixture) => addVariantLab(fixture),
  });
  const start = world.harness.now();
  addresses = seedVariants(world, 'variant-lab', {
    anna: start,
    carla: start,
    ben: new Date(start.getTime() + 28 * MINUTE),
  });
  world.harness.advance(30 * MINUTE);
  expect(await answer('ben', addresses.ben!)).toBe('correct');
  expect(await answer('anna', addresses.ben!)).toBe('incorrect');
  expect(await answer('anna', addresses.anna!)).toBe('correct');
  const nobodys = ['198.51.100.1', '198.51.100.2'].find((candidate) => !Object.values(addresses).includes(candidate))!;
  expect(await answer('carla', nobodys)).toBe('incorrect');
});
afterAll(() => disposeWorld(world));

describe('integrity signals', () => {
  async function signals(): Promise<Signals> {
    const response = await world.inesAgent.json<Signals>('GET', `/api/instructor/cohorts/${world.cohortId}/integrity`);
    expect(response.status).toBe(200);
    return response.body;
  }

  it("flag a wrong answer that is another member's correct value, naming both trainees", async () => {
    const { answerSharing } = await signals();
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

  it('flag a task solved sooner after opening the lab than the lab thinks plausible, and only that one', async () => {
    const { fastSolves } = await signals();
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

  it('are computed for an administrator as well', async () => {
    const admin = await world.harness.user('root-admin', 'admin');
    const agent = await world.harness.signIn(admin);
    const response = await agent.json<Signals>('GET', `/api/instructor/cohorts/${world.cohortId}/integrity`);
    expect(response.status).toBe(200);
    expect(response.body.answerSharing).toHaveLength(1);
    expect(response.body.fastSolves).toHaveLength(1);
  });
});
