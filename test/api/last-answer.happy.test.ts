import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

/*
 * The workspace shows each task's last answer in its field and its verdict once, also after a
 * reload: the lab view carries what was sent, exactly as sent, and nothing of anyone else's.
 */

let fixture: LabFixture;
let harness: Harness;
let trainee: Actor;
let other: Actor;
let agent: Agent;

interface LastAnswer {
  answer: unknown;
  verdict: string;
  feedback: string;
  submittedAt: string;
}
interface TaskView {
  id: string;
  lastAnswer: LastAnswer | null;
}

beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  const instructor = await harness.user('ines', 'instructor');
  trainee = await harness.user('tomas');
  other = await harness.user('ana');
  harness.cohort(instructor, [trainee, other], ['api-lab']);
  agent = await harness.signIn(trainee);
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

async function task(as: Agent, taskId: string): Promise<TaskView> {
  const response = await as.json<{ lab: { tasks: TaskView[] } }>('GET', '/api/labs/api-lab');
  expect(response.status).toBe(200);
  return response.body.lab.tasks.find((candidate) => candidate.id === taskId)!;
}

describe('the last answer of each task', () => {
  it('is absent before anything was sent', async () => {
    expect((await task(agent, 'attacker-ip')).lastAnswer).toBeNull();
  });

  it('is the wrong answer exactly as sent, with its verdict and feedback, until the next one', async () => {
    const wrong = await agent.json<{ submission: { feedback: string } }>(
      'POST',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
      { answer: ' 198.51.100.200 ' },
    );
    expect(wrong.status).toBe(201);
    const shown = (await task(agent, 'attacker-ip')).lastAnswer!;
    expect(shown).toMatchObject({
      answer: ' 198.51.100.200 ',
      verdict: 'incorrect',
      feedback: wrong.body.submission.feedback,
    });
    expect(new Date(shown.submittedAt).toISOString()).toBe(harness.now().toISOString());

    harness.advance(60_000);
    expect(
      (await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' })).status,
    ).toBe(201);
    expect((await task(agent, 'attacker-ip')).lastAnswer).toMatchObject({ answer: '203.0.113.77', verdict: 'correct' });
  });

  it('keeps a written finding visible while it waits for review', async () => {
    const finding = 'The address guessed passwords.\n\nIt never got in.';
    expect((await agent.json('POST', '/api/labs/api-lab/tasks/summary/submissions', { answer: finding })).status).toBe(
      201,
    );
    expect((await task(agent, 'summary')).lastAnswer).toMatchObject({ answer: finding, verdict: 'pending' });
  });

  it('skips malformed input, which cost no attempt, and keeps the last real answer', async () => {
    await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '198.51.100.200' });
    harness.advance(60_000);
    const malformed = await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
      answer: 'not an address',
    });
    expect(malformed.status).toBe(422);
    expect((await task(agent, 'attacker-ip')).lastAnswer).toMatchObject({
      answer: '198.51.100.200',
      verdict: 'incorrect',
    });
  });
});

describe('whose answers are shown', () => {
  it('never shows one trainee the answers of another', async () => {
    await agent.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', { answer: '203.0.113.77' });
    const otherAgent = await harness.signIn(other);
    const view = await otherAgent.json<{ lab: { tasks: TaskView[] } }>('GET', '/api/labs/api-lab');
    expect(view.body.lab.tasks.every((candidate) => candidate.lastAnswer === null)).toBe(true);
    expect(view.text).not.toContain('203.0.113.77');
  });
});
