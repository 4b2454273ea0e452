import { describe, expect } from 'vitest';
import { referenceAnswers } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { previewVariantSeed } from '../../server/services/instructor/preview-workspace.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { libraryTest as it } from './instructor-library.fixture.ts';

/*
 * "Try it as a trainee" (issue #14): the trainee's lab routes over an instructor's preview variant,
 * under /api/instructor/library/preview/:seed. Happy, error and security cases in one file, as the
 * routes are one family.
 */

const SEED = '0123456789ab';
const OTHER_SEED = 'ba9876543210';
const base = (seed: string, labId: string) => `/api/instructor/library/preview/${seed}/labs/${labId}`;

interface PreviewTask {
  id: string;
  status: string;
  attempts: number;
  prompt: string | null;
  hints: { index: number; unlocked: boolean; text: string | null }[];
  lastAnswer: { verdict: string } | null;
  explanation: string | null;
}
interface PreviewLab {
  id: string;
  state: string;
  brief: string;
  evidence: { id: string; kind: string; sha256: string; size: number }[];
  tasks: PreviewTask[];
}

const openPreview = (agent: Agent, seed: string, labId: string) =>
  agent.json<{ lab: PreviewLab }>('GET', base(seed, labId));

/** What the database holds of anyone's work: a preview must leave all of it as it was. */
const recorded = (harness: Harness) =>
  harness.snapshot({
    attempts: 'select * from lab_attempts',
    submissions: 'select * from submissions',
    results: 'select * from task_results',
    hints: 'select * from hint_unlocks',
    notes: 'select * from notes',
    audit: 'select * from audit_log',
  });

/** The answer the preview variant's checker accepts for a task. */
function correctAnswer(harness: Harness, labId: string, seed: string, taskId: string): AnswerInput {
  const lab = harness.library.labs.get(labId)!;
  const spec = harness.services.variants.get(lab, previewVariantSeed(seed)).tasks.get(taskId)!.answer;
  return referenceAnswers(spec)[0] as AnswerInput;
}

describe('trying a lab as a trainee (happy)', () => {
  it('shows the lab as the trainee workspace does, checks answers and hints by the trainee rules, and records nothing', async ({
    harness,
    instructor,
  }) => {
    const before = recorded(harness);
    const opened = await openPreview(instructor, SEED, 'sample-ssh-intrusion');
    expect(opened.status).toBe(200);
    const lab = harness.library.labs.get('sample-ssh-intrusion')!;
    expect(opened.body.lab.state).toBe('open');
    expect(opened.body.lab.tasks.map((task) => task.id)).toEqual(lab.definition.tasks.map((task) => task.id));
    expect(opened.body.lab.tasks.every((task) => task.status === 'open' && task.attempts === 0)).toBe(true);

    const wrong = await instructor.json<{ submission: { verdict: string; status: string; attempts: number } }>(
      'POST',
      `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/submissions`,
      { answer: '192.0.2.254' },
    );
    expect(wrong.status).toBe(201);
    expect(wrong.body.submission).toMatchObject({ verdict: 'incorrect', status: 'open', attempts: 1 });

    const hint = await instructor.json<{ hint: { text: string } }>(
      'POST',
      `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/hints/0`,
    );
    expect(hint.status).toBe(200);
    expect(hint.body.hint.text.length).toBeGreaterThan(0);

    const right = await instructor.json<{
      submission: { verdict: string; status: string; pointsEarned: number; explanation: string | null };
    }>('POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/submissions`, {
      answer: correctAnswer(harness, 'sample-ssh-intrusion', SEED, 'attacker-ip'),
    });
    expect(right.status).toBe(201);
    const task = lab.definition.tasks.find((candidate) => candidate.id === 'attacker-ip')!;
    expect(right.body.submission.verdict).toBe('correct');
    expect(right.body.submission.status).toBe('solved');
    // The trainee rule: the hint's cost and one wrong attempt's penalty come off the task's points.
    expect(right.body.submission.pointsEarned).toBe(
      Math.max(0, task.points - task.hints[0]!.cost - task.wrong_penalty),
    );
    expect(right.body.submission.explanation).toBeTruthy();

    // The workspace shows the tries on reload, as a trainee's own.
    const again = await openPreview(instructor, SEED, 'sample-ssh-intrusion');
    const shown = again.body.lab.tasks.find((candidate) => candidate.id === 'attacker-ip')!;
    expect(shown).toMatchObject({ status: 'solved', attempts: 2, lastAnswer: { verdict: 'correct' } });
    expect(shown.hints[0]).toMatchObject({ unlocked: true });
    expect(shown.explanation).toBeTruthy();

    const notes = await instructor.json<{ notes: { revision: number } }>(
      'PUT',
      `${base(SEED, 'sample-ssh-intrusion')}/notes`,
      { body: 'Attacker found in the auth log.', baseRevision: 0 },
    );
    expect(notes.body.notes.revision).toBe(1);
    const readBack = await instructor.json<{ notes: { body: string } }>(
      'GET',
      `${base(SEED, 'sample-ssh-intrusion')}/notes`,
    );
    expect(readBack.body.notes.body).toBe('Attacker found in the auth log.');

    expect(recorded(harness)).toEqual(before);
  });

  it('reads the preview variant’s evidence: download, a window of lines and a search', async ({
    harness,
    instructor,
  }) => {
    const opened = await openPreview(instructor, SEED, 'sample-ssh-intrusion');
    const log = opened.body.lab.evidence.find((item) => item.id === 'auth-log')!;
    const lab = harness.library.labs.get('sample-ssh-intrusion')!;
    const file = harness.services.variants.get(lab, previewVariantSeed(SEED)).files.get('auth-log')!;
    expect([log.sha256, log.size]).toEqual([file.sha256, file.size]);

    const download = await instructor.request(`${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log`);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-evidence-sha256')).toBe(file.sha256);

    const lines = await instructor.json<{ lines: string[]; total: number }>(
      'GET',
      `${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log/lines?from=1&count=5`,
    );
    expect(lines.status).toBe(200);
    expect(lines.body.lines).toHaveLength(5);

    const search = await instructor.json<{ matches: unknown[] }>(
      'GET',
      `${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log/search?q=Failed`,
    );
    expect(search.status).toBe(200);
    expect(search.body.matches.length).toBeGreaterThan(0);
  });

  it('gives another variant for another seed, each with its own tries, and its answers through the reveal switch', async ({
    harness,
    instructor,
  }) => {
    const first = await openPreview(instructor, SEED, 'sample-ssh-intrusion');
    const second = await openPreview(instructor, OTHER_SEED, 'sample-ssh-intrusion');
    const lab = harness.library.labs.get('sample-ssh-intrusion')!;
    const [one, two] = [SEED, OTHER_SEED].map((seed) =>
      JSON.stringify(harness.services.variants.get(lab, previewVariantSeed(seed)).values),
    );
    expect(one).not.toBe(two);
    expect(first.body.lab.evidence[0]!.sha256).not.toBe(second.body.lab.evidence[0]!.sha256);

    await instructor.json('POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/submissions`, {
      answer: '192.0.2.254',
    });
    const untouched = await openPreview(instructor, OTHER_SEED, 'sample-ssh-intrusion');
    expect(untouched.body.lab.tasks.find((task) => task.id === 'attacker-ip')!.attempts).toBe(0);

    const revealed = await instructor.json<{ tasks: { referenceAnswers: unknown[] | null }[] }>(
      'GET',
      `/api/instructor/library/labs/sample-ssh-intrusion/preview?reveal=true&seed=${OTHER_SEED}`,
    );
    const index = lab.definition.tasks.findIndex((task) => task.id === 'attacker-ip');
    expect(revealed.body.tasks[index]!.referenceAnswers).toContainEqual(
      correctAnswer(harness, 'sample-ssh-intrusion', OTHER_SEED, 'attacker-ip'),
    );
  });
});

describe('trying a lab as a trainee (errors)', () => {
  it('refuses a malformed seed, an unknown lab, task or hint, hints out of order and a stale notes revision, clearly', async ({
    instructor,
  }) => {
    const badSeed = await instructor.json<{ error: { code: string; message: string } }>(
      'GET',
      base('NOT-A-SEED', 'sample-ssh-intrusion'),
    );
    expect(badSeed.status).toBe(400);
    expect(badSeed.body.error.message).toMatch(/preview variant/u);

    const unknownLab = await openPreview(instructor, SEED, 'no-such-lab');
    expect(unknownLab.status).toBe(404);

    const unknownTask = await instructor.json('POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/nope/submissions`, {
      answer: 'x',
    });
    expect(unknownTask.status).toBe(404);

    const outOfOrder = await instructor.json<{ error: { message: string } }>(
      'POST',
      `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/hints/1`,
    );
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.error.message).toMatch(/Show hint 1 first/u);

    const stale = await instructor.json('PUT', `${base(SEED, 'sample-ssh-intrusion')}/notes`, {
      body: 'x',
      baseRevision: 3,
    });
    expect(stale.status).toBe(409);
  });

  it('refuses an answer to a task whose required tasks are not settled, as the workspace does', async ({
    harness,
    instructor,
  }) => {
    const lab = [...harness.library.labs.values()].find((candidate) =>
      candidate.definition.tasks.some((task) => task.requires.length > 0),
    )!;
    const task = lab.definition.tasks.find((candidate) => candidate.requires.length > 0)!;
    const refused = await instructor.json<{ error: { message: string } }>(
      'POST',
      `${base(SEED, lab.definition.id)}/tasks/${task.id}/submissions`,
      { answer: 'anything' },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/^Finish /u);
  });
});

describe('trying a lab as a trainee (security)', () => {
  it('is for staff only: a trainee and an anonymous visitor are refused on every route, and learn nothing', async ({
    harness,
    instructor,
    tomas,
  }) => {
    const trainee = await harness.signIn(tomas);
    const anonymous = harness.anonymous();
    const routes: [string, string, unknown?][] = [
      ['GET', base(SEED, 'sample-ssh-intrusion')],
      ['GET', `${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log`],
      ['GET', `${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log/lines`],
      ['GET', `${base(SEED, 'sample-ssh-intrusion')}/evidence/auth-log/search?q=a`],
      ['POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/submissions`, { answer: 'x' }],
      ['POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/hints/0`],
      ['GET', `${base(SEED, 'sample-ssh-intrusion')}/notes`],
      ['PUT', `${base(SEED, 'sample-ssh-intrusion')}/notes`, { body: 'x', baseRevision: 0 }],
      ['GET', base('NOT-A-SEED', 'sample-ssh-intrusion')],
    ];
    for (const [method, path, body] of routes) {
      const asTrainee = await trainee.json<{ error: { code: string } }>(method, path, body);
      expect([path, asTrainee.status, asTrainee.body.error.code]).toEqual([path, 403, 'forbidden']);
      expect(asTrainee.text).not.toMatch(/Failed|sshd/u);
      const asNobody = await anonymous.json(method, path, body);
      expect([path, asNobody.status]).toEqual([path, 401]);
    }
    // The instructor's own preview is untouched by those attempts.
    const own = await openPreview(instructor, SEED, 'sample-ssh-intrusion');
    expect(own.body.lab.tasks.every((task) => task.attempts === 0)).toBe(true);
  });

  it('keeps each staff member’s tries to themselves, even on the same variant', async ({ instructor, victorAgent }) => {
    await instructor.json('POST', `${base(SEED, 'sample-ssh-intrusion')}/tasks/attacker-ip/submissions`, {
      answer: '192.0.2.254',
    });
    const victors = await openPreview(victorAgent, SEED, 'sample-ssh-intrusion');
    expect(victors.body.lab.tasks.find((task) => task.id === 'attacker-ip')).toMatchObject({
      attempts: 0,
      lastAnswer: null,
    });
  });
});
