import { describe, expect, test } from 'vitest';
import { ANSWER_PREVIEW_CHARS } from '../../server/services/cohorts/cohort-submissions.ts';
import { MY_SUBMISSIONS_LIMIT } from '../../server/services/trainee/catalogue.ts';
import { read } from '../helpers/read.ts';
import { insertRefusedAnswers, instructorWorld } from './instructor-fixture.ts';

/** 150 malformed answers of anna's (they cost no attempt): one a megabyte long, one kept only in part. */
const COUNT = 150;

const it = test.extend(
  'world',
  instructorWorld(['anna'], {
    setUp: (world) =>
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
      ),
  }),
);

describe("a trainee's own submissions to a task", () => {
  it('are the latest ones only, newest first, each answer at most a bounded prefix, whatever was stored', async ({
    world,
  }) => {
    const response = await read(
      world.agents.anna!.api.labs[':labId'].tasks[':taskId'].submissions.$get({
        param: { labId: 'api-lab', taskId: 'attacker-ip' },
      }),
    );
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
