import { describe, expect } from 'vitest';
import { checkAnswer } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import type { Agent } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';
import { libraryTest as it, membersOf, searchTrainees } from './instructor-library.fixture.ts';

/** Every string in an answer spec (reference answers, patterns, accepted spellings), however nested. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('the library as cards', () => {
  it('describes every shipped lab with what a card shows, and nothing of its tasks beyond their number', async ({
    harness,
    instructor,
  }) => {
    const response = await read(instructor.api.instructor.library.$get());
    expect(response.status).toBe(200);
    const installed = [...harness.library.labs.values()].map((lab) => lab.definition);
    expect(installed.length).toBeGreaterThanOrEqual(8);
    expect(response.body.labs.map((lab) => lab.title)).toEqual(
      installed.map((lab) => lab.title).sort((a, b) => a.localeCompare(b)),
    );
    for (const definition of installed) {
      const card = response.body.labs.find((lab) => lab.id === definition.id);
      const { title, summary, difficulty, audience, skills, objectives } = definition;
      expect(card).toMatchObject({ title, summary, difficulty, audiences: audience, skills, objectives });
      expect([card!.durationMinutes, card!.tasks, card!.variants]).toEqual([
        definition.duration_minutes,
        definition.tasks.length,
        definition.variants !== undefined,
      ]);
      expect(Object.keys(card!)).toHaveLength(10);
    }
    // Both kinds are shipped, so the flag is not the same for every lab.
    expect(new Set(response.body.labs.map((lab) => lab.variants))).toEqual(new Set([true, false]));
  });

  it('lets no reference answer, explanation, hint or task prompt into the library answer', async ({
    harness,
    instructor,
  }) => {
    const response = await read(instructor.api.instructor.library.$get());
    const catalogueText = JSON.stringify(response.body.labs);
    for (const { definition } of harness.library.labs.values()) {
      for (const task of definition.tasks) {
        const secrets = [
          task.prompt,
          ...(task.explanation ? [task.explanation] : []),
          ...task.hints.map((hint) => hint.text),
          // Short strings (a kind such as "exact", a number) would match card text by chance.
          // What a trainee is shown to answer with (a mapping's items and labels, a choice's options) is not secret.
          ...stringsIn(withoutShownParts(task.answer)).filter((text) => text.length >= 8 && !/^[a-z_-]+$/u.test(text)),
        ];
        for (const secret of secrets) expect(response.text, `${definition.id}/${task.id}`).not.toContain(secret);
      }
    }
    for (const word of ['answer', 'explanation', 'hints', 'prompt', 'variantValues'])
      expect(catalogueText).not.toContain(`"${word}"`);
  });

  it('lists the shipped courses with their labs by title in the order they are taken', async ({
    harness,
    instructor,
  }) => {
    const response = await read(instructor.api.instructor.library.$get());
    const prosecutors = response.body.courses.find((course) => course.title === 'Digital evidence for prosecutors');
    expect(prosecutors).toMatchObject({ audiences: ['prosecutor'] });
    const titleOf = (id: string) => harness.library.labs.get(id)!.definition.title;
    expect(prosecutors!.labs).toEqual([
      { id: 'fileserver-bruteforce', title: titleOf('fileserver-bruteforce'), optional: true },
      { id: 'bec-ministry-supplier', title: titleOf('bec-ministry-supplier'), optional: false },
      { id: 'evidence-to-indictment', title: titleOf('evidence-to-indictment'), optional: false },
    ]);
    // The optional lab is not counted in the course's time.
    const minutes = (id: string) => harness.library.labs.get(id)!.definition.duration_minutes;
    expect(prosecutors!.durationMinutes).toBe(minutes('bec-ministry-supplier') + minutes('evidence-to-indictment'));
    for (const course of response.body.courses) expect(course.labs.length).toBeGreaterThan(0);
  });

  it('gives every lab and course its audiences as a list: several listed, one, or "both" written out', async ({
    instructor,
  }) => {
    const { body } = await read(instructor.api.instructor.library.$get());
    const audiencesOf = (cards: { id: string; audiences: string[] }[], id: string) =>
      cards.find((card) => card.id === id)?.audiences;
    expect(audiencesOf(body.labs, 'procedural-powers-and-safeguards')).toEqual(['prosecutor', 'judge']);
    expect(audiencesOf(body.courses, 'prosecutors-and-judges')).toEqual(['prosecutor', 'judge']);
    expect(audiencesOf(body.labs, 'evidence-to-indictment')).toEqual(['prosecutor']);
    // bec-ministry-supplier says "both".
    expect(audiencesOf(body.labs, 'bec-ministry-supplier')).toEqual(['investigator', 'prosecutor']);
    expect(audiencesOf(body.courses, 'sample-course')).toEqual(['investigator', 'prosecutor']);
  });

  it('is open to administrators too', async ({ adminAgent }) => {
    expect((await adminAgent.api.instructor.library.$get()).status).toBe(200);
  });
});

describe('assigning from the library', () => {
  it('assigns a lab chosen by its title to a cohort chosen by its name, and its trainee then sees it', async ({
    instructor,
    spring,
    harness,
    tomas,
  }) => {
    const trainee = await harness.signIn(tomas);
    expect((await trainee.json('POST', '/api/cohorts/join', { code: spring.joinCode })).status).toBe(200);
    const library = await read(instructor.api.instructor.library.$get());
    const lab = library.body.labs.find((card) => card.title.includes('file server'))!;
    expect(lab).toBeDefined();
    const cohorts = await read(instructor.api.cohorts.$get());
    const cohort = cohorts.body.cohorts.find((row) => row.name === 'Spring investigators')!;

    const assigned = await read(
      instructor.api.cohorts[':cohortId'].assignments.$post({
        param: { cohortId: String(cohort.id) },
        json: { labId: lab.id },
      }),
    );
    expect(assigned.status).toBe(201);

    const catalogue = await read(trainee.api.catalogue.$get());
    expect(catalogue.body.labs.map((entry) => entry.title)).toEqual([lab.title]);
  });

  it('assigns every lab of a course chosen by its title', async ({ instructor, spring, harness }) => {
    const library = await read(instructor.api.instructor.library.$get());
    const course = library.body.courses.find((entry) => entry.title === 'Foundations of cybercrime investigation')!;
    const assigned = await read(
      instructor.api.cohorts[':cohortId'].assignments.$post({
        param: { cohortId: String(spring.id) },
        json: { courseId: course.id },
      }),
    );
    expect(assigned.status).toBe(201);
    const labIds = harness.db.$client
      .prepare('select lab_id from cohort_assignments where cohort_id = ? order by id')
      .all(spring.id)
      .map((row) => (row as { lab_id: string }).lab_id);
    expect(labIds).toEqual(course.labs.map((lab) => lab.id));
  });
});

describe('the trainee picker', () => {
  it('finds active trainees by part of the display name, ignoring case, and says who is a member', async ({
    instructor,
    spring,
    trainees,
    harness,
  }) => {
    await harness.services.db.$client
      .prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)')
      .run(spring.id, trainees.tamara.id, harness.now().getTime());
    const response = await searchTrainees(instructor, spring.id, 'NOVAK');
    expect(response.status).toBe(200);
    // Tobias is disabled and the instructor "novak-instructor" is no trainee: neither is offered.
    expect(response.body.trainees).toEqual([
      { id: trainees.tamara.id, username: 'tamara', displayName: 'Tamara Novakova', member: true, invited: false },
      { id: trainees.tomas.id, username: 'tomas', displayName: 'Tomas Novak', member: false, invited: false },
    ]);
  });

  it('finds a trainee by part of the username', async ({ instructor, spring, trainees }) => {
    const response = await searchTrainees(instructor, spring.id, 'mar');
    expect(response.body.trainees.map((trainee) => trainee.id)).toEqual([trainees.tamara.id]);
  });

  it('answers at most twenty trainees', async ({ harness, instructor, spring }) => {
    for (let index = 0; index < 23; index += 1) await harness.user(`cadet-${index}`);
    const response = await searchTrainees(instructor, spring.id, 'cadet');
    expect(response.body.trainees).toHaveLength(20);
  });

  it('lets an administrator add the trainee picked in any instructor’s cohort', async ({
    adminAgent,
    spring,
    trainees,
    harness,
  }) => {
    const found = await searchTrainees(adminAgent, spring.id, 'tomas n');
    const picked = found.body.trainees[0]!;
    expect(picked.displayName).toBe('Tomas Novak');
    const added = await adminAgent.json('POST', `/api/cohorts/${spring.id}/members`, { username: picked.username });
    expect(added.status).toBe(201);
    expect(membersOf(harness, spring.id)).toEqual([trainees.tomas.username]);
    expect((await searchTrainees(adminAgent, spring.id, 'tomas n')).body.trainees[0]!.member).toBe(true);
  });
});

describe('previewing a lab', () => {
  /** A lab's preview, raw. */
  const preview = (agent: Agent, labId: string, reveal?: boolean) =>
    agent.json<{
      title: string;
      brief: string;
      evidence: { title: string }[];
      tasks: {
        title: string;
        prompt: string;
        hints: { cost: number; text: string | null }[];
        referenceAnswers: unknown[] | null;
        explanation: string | null;
      }[];
    }>('GET', `/api/instructor/library/labs/${labId}/preview${reveal === undefined ? '' : `?reveal=${reveal}`}`);

  it('shows a lab as a trainee finds it, and records nothing', async ({ harness, instructor }) => {
    const before = harness.snapshot({
      attempts: 'select * from lab_attempts',
      submissions: 'select * from submissions',
      audit: 'select * from audit_log',
    });
    const lab = harness.library.labs.get('fileserver-bruteforce')!;
    const response = await preview(instructor, 'fileserver-bruteforce');
    expect(response.status).toBe(200);
    expect(response.body.title).toBe(lab.definition.title);
    expect(response.body.evidence.map((item) => item.title)).toEqual(lab.evidence.map((item) => item.definition.title));
    expect(response.body.tasks.map((task) => task.title)).toEqual(lab.definition.tasks.map((task) => task.title));
    for (const task of response.body.tasks) {
      expect(task.prompt).not.toMatch(/\{\{/u);
      expect([task.referenceAnswers, task.explanation]).toEqual([null, null]);
      for (const hint of task.hints) expect(hint.text).toBeNull();
    }
    expect(
      harness.snapshot({
        attempts: 'select * from lab_attempts',
        submissions: 'select * from submissions',
        audit: 'select * from audit_log',
      }),
    ).toEqual(before);
  });

  it('reveals reference answers the checker accepts, explanations and hints when asked to', async ({
    harness,
    instructor,
  }) => {
    const response = await preview(instructor, 'sample-ssh-intrusion', true);
    expect(response.status).toBe(200);
    const lab = harness.library.labs.get('sample-ssh-intrusion')!;
    const variant = harness.services.variants.get(lab, 'instructor-preview');
    for (const [index, task] of response.body.tasks.entries()) {
      const definition = lab.definition.tasks[index]!;
      const spec = variant.tasks.get(definition.id)!.answer;
      if (spec.kind !== 'manual') expect(task.referenceAnswers!.length).toBeGreaterThan(0);
      for (const answer of task.referenceAnswers!) {
        const result = checkAnswer(spec, answer as AnswerInput);
        expect(result.status === 'graded' ? result.verdict : result.status).toMatch(/^(?:correct|pending)$/u);
      }
      expect(task.explanation === null).toBe(definition.explanation === undefined);
      expect(task.hints.map((hint) => hint.text !== null)).toEqual(definition.hints.map(() => true));
    }
  });
});

/** A task's answer without the parts the workspace shows every trainee (the fields they answer with). */
function withoutShownParts(answer: object): object {
  const { items: _items, labels: _labels, options: _options, ...rest } = answer as Record<string, unknown>;
  return rest;
}
