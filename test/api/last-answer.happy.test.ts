import { describe, expect } from 'vitest';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';

/*
 * The workspace shows each task's last answer in its field and its verdict once, also after a
 * reload: the lab view carries what was sent, exactly as sent, and nothing of anyone else's.
 */

/** Ana is in Tomas's cohort too. */
const it = apiTest
  .extend('ana', ({ harness }) => harness.user('ana'))
  .extend('cohort', async ({ harness, ines, tomas, ana }) => harness.cohort(ines, [tomas, ana], ['api-lab']));

async function labView(as: Agent) {
  const response = await read(as.api.labs[':labId'].$get({ param: { labId: 'api-lab' } }));
  expect(response.status).toBe(200);
  return response;
}

async function task(as: Agent, taskId: string) {
  return (await labView(as)).body.lab.tasks.find((candidate) => candidate.id === taskId)!;
}

function submit(as: Agent, taskId: string, answer: string) {
  return read(
    as.api.labs[':labId'].tasks[':taskId'].submissions.$post({ param: { labId: 'api-lab', taskId }, json: { answer } }),
  );
}

describe('the last answer of each task', () => {
  it('is absent before anything was sent', async ({ trainee }) => {
    expect((await task(trainee, 'attacker-ip')).lastAnswer).toBeNull();
  });

  it('is the wrong answer exactly as sent, with its verdict and feedback, until the next one', async ({
    harness,
    trainee,
  }) => {
    const wrong = await submit(trainee, 'attacker-ip', ' 198.51.100.200 ');
    expect(wrong.status).toBe(201);
    const shown = (await task(trainee, 'attacker-ip')).lastAnswer!;
    expect(shown).toMatchObject({
      answer: ' 198.51.100.200 ',
      verdict: 'incorrect',
      feedback: wrong.body.submission.feedback,
    });
    expect(new Date(shown.submittedAt).toISOString()).toBe(harness.now().toISOString());

    await harness.advance(60_000);
    expect((await submit(trainee, 'attacker-ip', '203.0.113.77')).status).toBe(201);
    expect((await task(trainee, 'attacker-ip')).lastAnswer).toMatchObject({
      answer: '203.0.113.77',
      verdict: 'correct',
    });
  });

  it('keeps a written finding visible while it waits for review', async ({ trainee }) => {
    const finding = 'The address guessed passwords.\n\nIt never got in.';
    expect((await submit(trainee, 'summary', finding)).status).toBe(201);
    expect((await task(trainee, 'summary')).lastAnswer).toMatchObject({ answer: finding, verdict: 'pending' });
  });

  it('skips malformed input, which cost no attempt, and keeps the last real answer', async ({ harness, trainee }) => {
    await submit(trainee, 'attacker-ip', '198.51.100.200');
    await harness.advance(60_000);
    expect((await submit(trainee, 'attacker-ip', 'not an address')).status).toBe(422);
    expect((await task(trainee, 'attacker-ip')).lastAnswer).toMatchObject({
      answer: '198.51.100.200',
      verdict: 'incorrect',
    });
  });
});

describe('whose answers are shown', () => {
  it('never shows one trainee the answers of another', async ({ harness, trainee, ana }) => {
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    const view = await labView(await harness.signIn(ana));
    expect(view.body.lab.tasks.every((candidate) => candidate.lastAnswer === null)).toBe(true);
    expect(view.text).not.toContain('203.0.113.77');
  });
});
