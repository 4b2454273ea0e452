import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import type { LabFixture } from '../helpers/lab-fixtures.ts';
import { read } from '../helpers/read.ts';

/*
 * Anticipated wrong answers (lab.yaml misconceptions) as a trainee and an instructor meet them: the
 * author's feedback for the answer, its own penalty, nothing of them before they are given, and the
 * instructor's analytics counting them by name.
 */

const LEASE_FEEDBACK =
  'That address belonged to REG-WS-022 only after 13:41 local time, when the DHCP server renewed its lease.';
const ADMIN_FEEDBACK = 'The on-call administrator logged in from there; the guessing came from 203.0.113.77.';

/** api-lab from the template whose attacker-ip task anticipates two wrong answers, and a follow-up task. */
async function addMisconceptionLab(fixture: LabFixture): Promise<void> {
  await fixture.addLab('api-lab');
  await fixture.edit(
    'api-lab',
    `    examples:
      reject:
        - 192.0.2.15`,
    `    wrong_penalty: 1
    misconceptions:
      - name: lease-after-renewal
        answer: 198.51.100.9
        feedback: ${LEASE_FEEDBACK}
        penalty: 4
      - name: admin-session
        answer: 192.0.2.15
        feedback: ${ADMIN_FEEDBACK}
    examples:
      reject:
        - 192.0.2.15
  - id: attempts
    title: Failed attempts
    prompt: How many failed attempts came from the attacker?
    points: 20
    requires: [attacker-ip]
    answer: { kind: number, expected: 2 }
    misconceptions:
      - name: counted-all-lines
        answer: 3
        feedback: The third line is a successful login from another address, 203.0.113.77 is not in it.`,
  );
}

const it = apiTest.extend('labsDir', labsFolder(addMisconceptionLab));

function submit(as: Agent, taskId: string, answer: string) {
  return read(
    as.api.labs[':labId'].tasks[':taskId'].submissions.$post({ param: { labId: 'api-lab', taskId }, json: { answer } }),
  );
}

async function labText(as: Agent): Promise<string> {
  const view = await read(as.api.labs[':labId'].$get({ param: { labId: 'api-lab' } }));
  expect(view.status).toBe(200);
  return JSON.stringify(view.body);
}

describe('an anticipated wrong answer', () => {
  it('is never shown before it is given: neither its answer nor its feedback nor its name', async ({ trainee }) => {
    const text = await labText(trainee);
    for (const secret of [
      '198.51.100.9',
      'REG-WS-022',
      'on-call administrator',
      'lease-after-renewal',
      'misconception',
    ])
      expect(text).not.toContain(secret);
  });

  it('gets its own feedback, in any spelling the checker accepts', async ({ trainee }) => {
    const given = await submit(trainee, 'attacker-ip', '[198.051.100.009]');
    expect(given.status).toBe(201);
    expect(given.body.submission).toMatchObject({ verdict: 'incorrect', feedback: LEASE_FEEDBACK });
  });

  it('masks the answer of the task itself in its feedback, which is shown while the task is open', async ({
    harness,
    trainee,
  }) => {
    const given = await submit(trainee, 'attacker-ip', '192.0.2.15');
    expect(given.body.submission.feedback).toBe(
      'The on-call administrator logged in from there; the guessing came from ' +
        '[answer of "Attacking address", shown once that task is done]',
    );
    await harness.advance(60_000);
    // Once attacker-ip is solved, the follow-up's feedback may name its answer.
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    await harness.advance(60_000);
    const counted = await submit(trainee, 'attempts', '3');
    expect(counted.body.submission.feedback).toContain('203.0.113.77 is not in it');
  });

  it('leaves other wrong answers with the plain feedback', async ({ trainee }) => {
    const other = await submit(trainee, 'attacker-ip', '198.51.100.200');
    expect(other.body.submission).toMatchObject({ verdict: 'incorrect' });
    expect(other.body.submission.feedback).not.toBe(LEASE_FEEDBACK);
  });

  it('costs its own penalty, and other wrong answers the task’s wrong_penalty', async ({ harness, trainee }) => {
    await submit(trainee, 'attacker-ip', '198.51.100.9'); // penalty 4
    await harness.advance(60_000);
    await submit(trainee, 'attacker-ip', '198.51.100.200'); // wrong_penalty 1
    await harness.advance(60_000);
    await submit(trainee, 'attacker-ip', '192.0.2.15'); // no own penalty: wrong_penalty 1
    await harness.advance(60_000);
    const right = await submit(trainee, 'attacker-ip', '203.0.113.77');
    // 10 points, the hint not bought: 10 - 4 - 1 - 1.
    expect(right.body.submission).toMatchObject({ verdict: 'correct', pointsEarned: 4 });
  });
});

describe('the instructor’s analytics', () => {
  it('count the anticipated wrong answers by name, also those no one gave', async ({
    harness,
    trainee,
    instructor,
    cohort,
  }) => {
    await submit(trainee, 'attacker-ip', '198.51.100.9');
    await harness.advance(60_000);
    await submit(trainee, 'attacker-ip', '198.51.100.009');
    const response = await read(
      instructor.api.instructor.cohorts[':cohortId'].analytics.$get({
        param: { cohortId: String(cohort.id) },
        query: {},
      }),
    );
    expect(response.status).toBe(200);
    const [ip, attempts] = response.body.labs[0]!.tasks;
    expect(ip!.misconceptions).toEqual([
      { name: 'lease-after-renewal', count: 2, trainees: 1 },
      { name: 'admin-session', count: 0, trainees: 0 },
    ]);
    expect(attempts!.misconceptions).toEqual([{ name: 'counted-all-lines', count: 0, trainees: 0 }]);
  });
});

describe('the instructor’s preview of the lab', () => {
  it('shows the anticipated wrong answers with their feedback only when revealing', async ({ instructor }) => {
    const preview = (reveal: boolean) =>
      read(
        instructor.api.instructor.library.labs[':labId'].preview.$get({
          param: { labId: 'api-lab' },
          query: { reveal: reveal ? 'true' : 'false' },
        }),
      );
    const hidden = await preview(false);
    expect(hidden.status).toBe(200);
    expect(hidden.body.tasks[0]!.misconceptions).toBeNull();
    expect(JSON.stringify(hidden.body)).not.toContain('198.51.100.9');
    const revealed = await preview(true);
    expect(revealed.body.tasks[0]!.misconceptions).toEqual([
      { name: 'lease-after-renewal', answers: ['198.51.100.9'], feedback: LEASE_FEEDBACK, penalty: 4 },
      { name: 'admin-session', answers: ['192.0.2.15'], feedback: ADMIN_FEEDBACK, penalty: null },
    ]);
  });
});
