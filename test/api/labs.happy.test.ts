import { describe, expect } from 'vitest';
import type { Agent } from '../helpers/harness.ts';
import { apiTest as it } from '../helpers/fixtures.ts';
import { read, readError } from '../helpers/read.ts';

const labParam = { labId: 'api-lab' };
const evidenceParam = { ...labParam, evidenceId: 'auth-log' };

async function lab(agent: Agent) {
  const response = await read(agent.api.labs[':labId'].$get({ param: labParam }));
  expect(response.status).toBe(200);
  return response.body.lab;
}

function submit(agent: Agent, taskId: string, answer: string) {
  return read(
    agent.api.labs[':labId'].tasks[':taskId'].submissions.$post({ param: { ...labParam, taskId }, json: { answer } }),
  );
}

async function catalogue(agent: Agent) {
  const response = await read(agent.api.catalogue.$get());
  expect(response.status).toBe(200);
  return response.body;
}

describe('the catalogue', () => {
  it('lists the labs assigned to me with my progress', async ({ trainee }) => {
    const { labs } = await catalogue(trainee);
    expect(labs).toHaveLength(1);
    expect(labs[0]).toMatchObject({
      id: 'api-lab',
      // The template's `audience: investigator`, read as a list like every audience.
      audiences: ['investigator'],
      state: 'open',
      progress: { tasksTotal: 3, points: 0, maxPoints: 40 },
    });
  });
});

describe('a lab', () => {
  it('shows the brief, the evidence with custody data and the tasks without answers', async ({ trainee }) => {
    const view = await lab(trainee);
    expect(view.audiences).toEqual(['investigator']);
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

  it('downloads evidence whole and by byte range', async ({ trainee }) => {
    const download = trainee.api.labs[':labId'].evidence[':evidenceId'];
    const whole = await download.$get({ param: evidenceParam });
    expect(whole.status).toBe(200);
    const text = await whole.text();
    expect(text).toContain('Failed password for invalid user admin');
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="auth.log"');
    const part = await download.$get({ param: evidenceParam }, { headers: { range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${Buffer.byteLength(text)}`);
    expect(await part.text()).toBe('Mar ');
  });
});

describe('answering', () => {
  it('tells a wrong answer apart from a right one and awards the points with the explanation', async ({ trainee }) => {
    const wrong = await submit(trainee, 'attacker-ip', '192.0.2.15');
    expect(wrong.status).toBe(201);
    expect(wrong.body.submission).toMatchObject({
      verdict: 'incorrect',
      status: 'open',
      pointsEarned: 0,
      explanation: null,
    });
    expect(wrong.body.submission.feedback).not.toContain('203.0.113.77');

    const right = await submit(trainee, 'attacker-ip', '203.0.113.077');
    expect(right.body.submission).toMatchObject({ verdict: 'correct', status: 'solved', pointsEarned: 10 });
    expect(right.body.submission.explanation).toContain('203.0.113.77');

    const view = await lab(trainee);
    expect(view.tasks[0]).toMatchObject({ status: 'solved', pointsEarned: 10, attempts: 2 });
    expect(view.tasks[0]!.explanation).toContain('203.0.113.77');
    expect(view.tasks[1]!.locked).toBe(false);
  });

  it('charges hints and wrong answers against the points of the solve', async ({ trainee }) => {
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    const hint = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].hints[':index'].$post({
        param: { ...labParam, taskId: 'attempts', index: '0' },
      }),
    );
    expect(hint.status).toBe(200);
    expect(hint.body.hint).toEqual({ index: 0, cost: 4, text: 'Count the Failed password lines of that address.' });
    expect((await submit(trainee, 'attempts', '3')).body.submission).toMatchObject({
      verdict: 'incorrect',
      attemptsLeft: 1,
    });
    // 20 points - 4 for the hint - 3 for one wrong answer.
    expect((await submit(trainee, 'attempts', '2')).body.submission).toMatchObject({
      verdict: 'correct',
      pointsEarned: 13,
      attemptsLeft: 0,
    });
  });

  it('does not charge a hint when the task is never solved', async ({ trainee }) => {
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    await trainee.api.labs[':labId'].tasks[':taskId'].hints[':index'].$post({
      param: { ...labParam, taskId: 'attempts', index: '0' },
    });
    await submit(trainee, 'attempts', '5');
    const last = await submit(trainee, 'attempts', '6');
    expect(last.body.submission).toMatchObject({ status: 'failed', pointsEarned: 0, attemptsLeft: 0 });
    expect(last.body.submission.explanation).toContain('Two lines');
    expect((await catalogue(trainee)).labs[0]!.progress.points).toBe(10);
  });

  it('does not count an answer of the wrong shape as an attempt', async ({ trainee }) => {
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    const malformed = await readError(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$post({
        param: { ...labParam, taskId: 'attempts' },
        json: { answer: 'about three' },
      }),
    );
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ error: { code: 'invalid_answer', field: 'answer' } });
    const view = await lab(trainee);
    expect(view.tasks[1]).toMatchObject({ attempts: 0, attemptsLeft: 2 });
  });

  it('keeps a manual finding for review without scoring it', async ({ trainee }) => {
    const response = await submit(
      trainee,
      'summary',
      'The attacker guessed passwords from 203.0.113.77 and did not get in.',
    );
    expect(response.body.submission).toMatchObject({ verdict: 'pending', status: 'pending_review', pointsEarned: 0 });
  });

  it('lists my own submissions, newest first', async ({ trainee }) => {
    await submit(trainee, 'attacker-ip', '192.0.2.15');
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    const response = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$get({ param: { ...labParam, taskId: 'attacker-ip' } }),
    );
    expect(response.body.submissions.map((row) => [row.answer, row.verdict])).toEqual([
      ['203.0.113.77', 'correct'],
      ['192.0.2.15', 'incorrect'],
    ]);
  });

  it('completes the lab when every task is settled', async ({ trainee }) => {
    await submit(trainee, 'attacker-ip', '203.0.113.77');
    await submit(trainee, 'attempts', '2');
    await submit(trainee, 'summary', 'Guessing from one address; no access.');
    const { progress } = (await catalogue(trainee)).labs[0]!;
    expect(progress.tasksSettled).toBe(3);
    expect(progress.completedAt).not.toBeNull();
  });
});

describe('notes', () => {
  function notes(agent: Agent) {
    return agent.api.labs[':labId'].notes;
  }

  it('saves notes and loads them again', async ({ trainee }) => {
    expect((await read(notes(trainee).$get({ param: labParam }))).body).toEqual({
      notes: { body: '', revision: 0, updatedAt: null },
    });
    const saved = await read(
      notes(trainee).$put({ param: labParam, json: { body: '# Findings\n- 203.0.113.77', baseRevision: 0 } }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body.notes.revision).toBe(1);
    const loaded = await read(notes(trainee).$get({ param: labParam }));
    expect(loaded.body.notes).toMatchObject({ body: '# Findings\n- 203.0.113.77', revision: 1 });
  });

  it('refuses to overwrite notes saved meanwhile from another tab', async ({ trainee }) => {
    await notes(trainee).$put({ param: labParam, json: { body: 'first tab', baseRevision: 0 } });
    const stale = await notes(trainee).$put({ param: labParam, json: { body: 'second tab', baseRevision: 0 } });
    expect(stale.status).toBe(409);
    expect((await read(notes(trainee).$get({ param: labParam }))).body.notes.body).toBe('first tab');
  });
});

describe('reading text evidence', () => {
  function search(agent: Agent, query: { q: string; regex?: '1' }) {
    return agent.api.labs[':labId'].evidence[':evidenceId'].search.$get({ param: evidenceParam, query });
  }

  it('returns a window of lines', async ({ trainee }) => {
    const response = await read(
      trainee.api.labs[':labId'].evidence[':evidenceId'].lines.$get({
        param: evidenceParam,
        query: { from: '2', count: '2' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body.from).toBe(2);
    expect(response.body.totalLines).toBe(4);
    expect(response.body.lines).toHaveLength(2);
    expect(response.body.lines[0]).toContain('Failed password for invalid user admin from 203.0.113.77 port 50122');
  });

  it('searches for text and for a regular expression, reporting line numbers', async ({ trainee }) => {
    const text = await read(search(trainee, { q: 'failed PASSWORD' }));
    expect(text.body.matches.map((match) => match.line)).toEqual([2, 3]);
    const regex = await read(search(trainee, { regex: '1', q: 'Accepted \\w+ for j\\.doe' }));
    expect(regex.body.matches.map((match) => match.line)).toEqual([4]);
  });

  it('answers an invalid regular expression with a 400 that says what is wrong', async ({ trainee }) => {
    const response = await readError(search(trainee, { regex: '1', q: '(unclosed' }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });
});
