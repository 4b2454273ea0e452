import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/services/context.ts';
import { Harness, type Agent } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
let harness: Harness;
let trainee: Actor;
let agent: Agent;

beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture);
  harness = await Harness.create({ labsDir: fixture.labsDir });
  const instructor = await harness.user('ines', 'instructor');
  trainee = await harness.user('tomas');
  harness.cohort(instructor, [trainee], ['api-lab']);
  agent = await harness.signIn(trainee);
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

interface TaskView {
  id: string;
  status: string;
  prompt: string | null;
  locked: boolean;
  attempts: number;
  attemptsLeft: number | null;
  pointsEarned: number;
  explanation: string | null;
  hints: { index: number; cost: number; unlocked: boolean; text: string | null }[];
  answer: { kind: string };
}
interface LabView {
  id: string;
  brief: string;
  evidence: { id: string; size: number; sha256: string; custody: { acquired_by: string } }[];
  tasks: TaskView[];
}

async function lab(): Promise<LabView> {
  const response = await agent.json<{ lab: LabView }>('GET', '/api/labs/api-lab');
  expect(response.status).toBe(200);
  return response.body.lab;
}

async function submit(taskId: string, answer: unknown) {
  return agent.json<{
    submission: {
      verdict: string;
      score: number;
      feedback: string;
      status: string;
      attemptsLeft: number | null;
      pointsEarned: number;
      explanation: string | null;
    };
  }>('POST', `/api/labs/api-lab/tasks/${taskId}/submissions`, { answer });
}

describe('the catalogue', () => {
  it('lists the labs assigned to me with my progress', async () => {
    const response = await agent.json<{
      labs: { id: string; state: string; progress: { tasksTotal: number; points: number; maxPoints: number } }[];
    }>('GET', '/api/catalogue');
    expect(response.status).toBe(200);
    expect(response.body.labs).toHaveLength(1);
    expect(response.body.labs[0]).toMatchObject({
      id: 'api-lab',
      state: 'open',
      progress: { tasksTotal: 3, points: 0, maxPoints: 40 },
    });
  });

  it('can be read through the typed client', async () => {
    const response = await agent.api.catalogue.$get();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.labs.map((entry) => entry.id)).toEqual(['api-lab']);
  });
});

describe('a lab', () => {
  it('shows the brief, the evidence with custody data and the tasks without answers', async () => {
    const view = await lab();
    expect(view.brief).toContain('# Case brief');
    expect(view.evidence[0]).toMatchObject({
      id: 'auth-log',
      custody: { acquired_by: 'Example Unit, digital forensics' },
    });
    expect(view.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(view.tasks.map((task) => [task.id, task.status, task.locked])).toEqual([
      ['attacker-ip', 'open', false],
      ['attempts', 'open', true],
      ['summary', 'open', false],
    ]);
    expect(view.tasks[1]!.prompt).toBeNull();
    expect(view.tasks[1]!.hints).toEqual([
      { index: 0, cost: 4, unlocked: false, text: null },
      { index: 1, cost: 6, unlocked: false, text: null },
    ]);
    expect(view.tasks[0]!.answer).toEqual({ kind: 'ip' });
  });

  it('downloads evidence whole and by byte range', async () => {
    const whole = await agent.request('/api/labs/api-lab/evidence/auth-log');
    expect(whole.status).toBe(200);
    const text = await whole.text();
    expect(text).toContain('Failed password for invalid user admin');
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="auth.log"');
    const part = await agent.request('/api/labs/api-lab/evidence/auth-log', { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${Buffer.byteLength(text)}`);
    expect(await part.text()).toBe('Mar ');
  });
});

describe('answering', () => {
  it('tells a wrong answer apart from a right one and awards the points with the explanation', async () => {
    const wrong = await submit('attacker-ip', '192.0.2.15');
    expect(wrong.status).toBe(201);
    expect(wrong.body.submission).toMatchObject({
      verdict: 'incorrect',
      status: 'open',
      pointsEarned: 0,
      explanation: null,
    });
    expect(wrong.body.submission.feedback).not.toContain('203.0.113.77');

    const right = await submit('attacker-ip', '203.0.113.077');
    expect(right.body.submission).toMatchObject({ verdict: 'correct', status: 'solved', pointsEarned: 10 });
    expect(right.body.submission.explanation).toContain('203.0.113.77');

    const view = await lab();
    expect(view.tasks[0]).toMatchObject({ status: 'solved', pointsEarned: 10, attempts: 2 });
    expect(view.tasks[0]!.explanation).toContain('203.0.113.77');
    expect(view.tasks[1]!.locked).toBe(false);
  });

  it('charges hints and wrong answers against the points of the solve', async () => {
    await submit('attacker-ip', '203.0.113.77');
    const hint = await agent.json<{ hint: { text: string; cost: number } }>(
      'POST',
      '/api/labs/api-lab/tasks/attempts/hints/0',
    );
    expect(hint.status).toBe(200);
    expect(hint.body.hint).toEqual({ index: 0, cost: 4, text: 'Count the Failed password lines of that address.' });
    expect((await submit('attempts', '3')).body.submission).toMatchObject({ verdict: 'incorrect', attemptsLeft: 1 });
    // 20 points - 4 for the hint - 3 for one wrong answer.
    expect((await submit('attempts', '2')).body.submission).toMatchObject({
      verdict: 'correct',
      pointsEarned: 13,
      attemptsLeft: 0,
    });
  });

  it('does not charge a hint when the task is never solved', async () => {
    await submit('attacker-ip', '203.0.113.77');
    await agent.json('POST', '/api/labs/api-lab/tasks/attempts/hints/0');
    await submit('attempts', '5');
    const last = await submit('attempts', '6');
    expect(last.body.submission).toMatchObject({ status: 'failed', pointsEarned: 0, attemptsLeft: 0 });
    expect(last.body.submission.explanation).toContain('Two lines');
    const catalogue = await agent.json<{ labs: { progress: { points: number } }[] }>('GET', '/api/catalogue');
    expect(catalogue.body.labs[0]!.progress.points).toBe(10);
  });

  it('does not count an answer of the wrong shape as an attempt', async () => {
    await submit('attacker-ip', '203.0.113.77');
    const malformed = await submit('attempts', 'about three');
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ error: { code: 'invalid_answer', field: 'answer' } });
    const view = await lab();
    expect(view.tasks[1]).toMatchObject({ attempts: 0, attemptsLeft: 2 });
  });

  it('keeps a manual finding for review without scoring it', async () => {
    const response = await submit('summary', 'The attacker guessed passwords from 203.0.113.77 and did not get in.');
    expect(response.body.submission).toMatchObject({ verdict: 'pending', status: 'pending_review', pointsEarned: 0 });
  });

  it('lists my own submissions, newest first', async () => {
    await submit('attacker-ip', '192.0.2.15');
    await submit('attacker-ip', '203.0.113.77');
    const response = await agent.json<{ submissions: { answer: unknown; verdict: string }[] }>(
      'GET',
      '/api/labs/api-lab/tasks/attacker-ip/submissions',
    );
    expect(response.body.submissions.map((row) => [row.answer, row.verdict])).toEqual([
      ['203.0.113.77', 'correct'],
      ['192.0.2.15', 'incorrect'],
    ]);
  });

  it('completes the lab when every task is settled', async () => {
    await submit('attacker-ip', '203.0.113.77');
    await submit('attempts', '2');
    await submit('summary', 'Guessing from one address; no access.');
    const catalogue = await agent.json<{ labs: { progress: { completedAt: string | null; tasksSettled: number } }[] }>(
      'GET',
      '/api/catalogue',
    );
    expect(catalogue.body.labs[0]!.progress.tasksSettled).toBe(3);
    expect(catalogue.body.labs[0]!.progress.completedAt).not.toBeNull();
  });
});

describe('notes', () => {
  it('saves notes and loads them again', async () => {
    expect((await agent.json('GET', '/api/labs/api-lab/notes')).body).toEqual({
      notes: { body: '', revision: 0, updatedAt: null },
    });
    const saved = await agent.json<{ notes: { revision: number } }>('PUT', '/api/labs/api-lab/notes', {
      body: '# Findings\n- 203.0.113.77',
      baseRevision: 0,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.notes.revision).toBe(1);
    const loaded = await agent.json<{ notes: { body: string; revision: number } }>('GET', '/api/labs/api-lab/notes');
    expect(loaded.body.notes).toMatchObject({ body: '# Findings\n- 203.0.113.77', revision: 1 });
  });

  it('refuses to overwrite notes saved meanwhile from another tab', async () => {
    await agent.json('PUT', '/api/labs/api-lab/notes', { body: 'first tab', baseRevision: 0 });
    const stale = await agent.json('PUT', '/api/labs/api-lab/notes', { body: 'second tab', baseRevision: 0 });
    expect(stale.status).toBe(409);
    expect((await agent.json<{ notes: { body: string } }>('GET', '/api/labs/api-lab/notes')).body.notes.body).toBe(
      'first tab',
    );
  });
});

describe('reading text evidence', () => {
  it('returns a window of lines', async () => {
    const response = await agent.json<{ from: number; lines: string[]; totalLines: number }>(
      'GET',
      '/api/labs/api-lab/evidence/auth-log/lines?from=2&count=2',
    );
    expect(response.status).toBe(200);
    expect(response.body.from).toBe(2);
    expect(response.body.totalLines).toBe(4);
    expect(response.body.lines).toHaveLength(2);
    expect(response.body.lines[0]).toContain('Failed password for invalid user admin from 203.0.113.77 port 50122');
  });

  it('searches for text and for a regular expression, reporting line numbers', async () => {
    const text = await agent.json<{ matches: { line: number; snippet: string }[] }>(
      'GET',
      '/api/labs/api-lab/evidence/auth-log/search?q=failed%20PASSWORD',
    );
    expect(text.body.matches.map((match) => match.line)).toEqual([2, 3]);
    const regex = await agent.json<{ matches: { line: number }[] }>(
      'GET',
      `/api/labs/api-lab/evidence/auth-log/search?regex=1&q=${encodeURIComponent('Accepted \\w+ for j\\.doe')}`,
    );
    expect(regex.body.matches.map((match) => match.line)).toEqual([4]);
  });

  it('answers an invalid regular expression with a 400 that says what is wrong', async () => {
    const response = await agent.json<{ error: { code: string; message: string } }>(
      'GET',
      '/api/labs/api-lab/evidence/auth-log/search?regex=1&q=%28unclosed',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });
});
