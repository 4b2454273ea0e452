import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MY_SUBMISSIONS_LIMIT } from '../../server/services/trainee/catalogue.ts';
import { ANSWER_PREVIEW_CHARS } from '../../server/services/cohorts/cohort-submissions.ts';
import {
  createInstructorWorld,
  disposeWorld,
  insertRefusedAnswers,
  type InstructorWorld,
} from './instructor-fixture.ts';

/** 150 malformed answers of anna's (they cost no attempt): one a megabyte long, one kept only in part. */
const COUNT = 150;

interface Mine {
  submissions: { id: number; answer: unknown; answerTruncated: boolean }[];
}

let world: InstructorWorld;

beforeAll(async () => {
  world = await createInstructorWorld(['anna']);
  insertRefusedAnswers(
    world,
    'anna',
    Array.from({ length: COUNT }, (_, index) =>
      index === COUNT - 1
        ? `"${'B'.repeat(1_000_000)}"`
        : index === COUNT - 2
          ? '"cut off in the mid'
          : JSON.stringify(`x${index}`),
    ),
  );
});
afterAll(() => disposeWorld(world));

describe("a trainee's own submissions to a task", () => {
  it('are the latest ones only, newest first, each answer at most a bounded prefix, whatever was stored', async () => {
    const response = await world.agents.anna!.json<Mine>('GET', '/api/labs/api-lab/tasks/attacker-ip/submissions');
    expect(response.status).toBe(200);
    const rows = response.body.submissions;
    expect(rows).toHaveLength(MY_SUBMISSIONS_LIMIT);
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => b - a));
    expect(rows[0]).toMatchObject({ answerTruncated: true });
    expect(String(rows[0]!.answer).length).toBeLessThanOrEqual(ANSWER_PREVIEW_CHARS);
    expect(rows[1]).toMatchObject({ answer: '"cut off in the mid', answerTruncated: true });
    expect(rows[2]).toMatchObject({ answer: `x${COUNT - 3}`, answerTruncated: false });
    expect(response.text.length).toBeLessThan(100_000);
  });
});
