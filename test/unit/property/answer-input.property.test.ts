import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKinds, checkAnswer, referenceAnswers, type AnswerSpec } from '../../../server/grading/registry.ts';
import type { AnswerInput, CheckResult } from '../../../server/grading/types.ts';
import { loadLibrary } from '../../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../../server/labs/variants.ts';
import { addApiTestLab, LabFixture } from '../../helpers/lab-fixtures.ts';
import { Harness, type Agent } from '../../helpers/harness.ts';

/*
 * Whatever a client sends as an answer, checking it gives a verdict or a clean "invalid", never an
 * exception: through the registry for every answer kind (with the specs of the shipped labs, which
 * use every kind), and through the submission route, which must never answer 5xx.
 * Run counts stay modest: CI has two cores.
 */

const shipped = await loadLibrary('labs');
/** One resolved spec per task of every shipped lab, for one variant: every kind, in realistic settings. */
const specs: { where: string; spec: AnswerSpec }[] = [...shipped.labs.values()].flatMap((lab) => {
  const variant = generateVariant(lab, 'property');
  return lab.definition.tasks.map((task) => ({
    where: `${lab.definition.id}/${task.id}`,
    spec: resolveTask(task, variant).answer,
  }));
});

/** Pieces of real answers, so that junk is sometimes close to an answer and reaches the deeper parsing. */
const answerPieces = specs.flatMap(({ spec }) =>
  referenceAnswers(spec).flatMap((answer) =>
    typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer : Object.entries(answer).flat(),
  ),
);

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(...answerPieces),
  fc
    .tuple(
      fc.constantFrom(...answerPieces),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(...answerPieces),
    )
    .map(([a, b, c]) => `${a}${b}${c}`),
  // Huge input: beyond every kind's length limit.
  fc.string({ unit: 'binary', minLength: 1_000, maxLength: 4_000 }),
);

/** Anything a JSON body can hold: the AnswerInput type is a promise the server cannot rely on. */
const anyAnswer: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  fc.array(anyText, { maxLength: 12 }),
  fc.array(fc.constant('x'), { minLength: 190, maxLength: 260 }),
  fc.dictionary(anyText, anyText, { maxKeys: 8 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(null, 0, -1, 1e308, true, [], {}, [[]], { __proto__: 'x' }, { constructor: 'x' }, ['__proto__']),
);

function expectCheckResult(result: CheckResult): void {
  expect(['graded', 'invalid', 'pending']).toContain(result.status);
  expect(typeof result.feedback).toBe('string');
  if (result.status === 'graded') {
    expect(['correct', 'partial', 'incorrect']).toContain(result.verdict);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(typeof result.normalized).toBe('string');
  }
}

describe('answer input of every kind', () => {
  it('the shipped labs use every answer kind, so every kind is tried', () => {
    expect(new Set(specs.map(({ spec }) => spec.kind))).toEqual(new Set(Object.keys(answerKinds)));
  });

  it('any JSON value gives a verdict or a clean invalid, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), anyAnswer, ({ where, spec }, answer) => {
        let result: CheckResult;
        try {
          result = checkAnswer(spec, answer as AnswerInput);
        } catch (error) {
          throw new Error(
            `${where} (${spec.kind}) threw on ${JSON.stringify(answer)?.slice(0, 200)}: ${String(error)}`,
          );
        }
        expectCheckResult(result);
      }),
      { numRuns: 1_500 },
    );
  });
});

describe('POST /api/labs/:labId/tasks/:taskId/submissions with arbitrary bodies', () => {
  let fixture: LabFixture;
  let harness: Harness;
  let agent: Agent;
  beforeAll(async () => {
    fixture = await LabFixture.create();
    await addApiTestLab(fixture);
    harness = await Harness.create({ labsDir: fixture.labsDir });
    const instructor = await harness.user('ines', 'instructor');
    const trainee = await harness.user('tom');
    await harness.cohort(instructor, [trainee], ['api-lab']);
    agent = await harness.signIn(trainee);
  });
  afterAll(async () => {
    await harness.dispose();
    await fixture.dispose();
  });

  const body = fc.oneof(
    anyAnswer.map((answer) => JSON.stringify({ answer })),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '',
      '{',
      '{"answer":',
      'null',
      '[]',
      '{"answer":"\\ud800"}',
      `{"answer":${'['.repeat(2_000)}${']'.repeat(2_000)}}`,
    ),
  );
  const task = fc.oneof(
    fc.constantFrom('attacker-ip', 'attempts', 'summary'),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
  );

  it('never answers with a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        task,
        body,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async (taskId, text, contentType) => {
          const response = await agent.request(`/api/labs/api-lab/tasks/${taskId}/submissions`, {
            method: 'POST',
            body: text,
            headers: { 'content-type': contentType },
          });
          expect(
            response.status,
            `${taskId} ${text.slice(0, 200)}: ${(await response.text()).slice(0, 200)}`,
          ).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });
});
