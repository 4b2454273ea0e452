import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer, referenceAnswers } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { loadLibrary, type LoadedLab } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask, type Variant } from '../../server/labs/variants.ts';

/** The evidence a trainee receives, by evidence id: exactly the bytes they could download. */
export type EvidenceFiles = Map<string, Buffer>;

/**
 * An independent solver: derives answers from the evidence alone, the way an analyst would,
 * never from the generator's values. It returns an answer for every task that is checked
 * automatically (manual tasks are left out).
 */
export type LabSolver = (evidence: EvidenceFiles) => Record<string, AnswerInput>;

/** Generated variants by lab and seed: large evidence is generated once per test file, not per check. */
const variants = new Map<string, Variant>();
function variantOf(lab: LoadedLab, seed: string): Variant {
  const key = `${lab.definition.id}\u0000${seed}`;
  let variant = variants.get(key);
  if (!variant) {
    variant = generateVariant(lab, seed);
    variants.set(key, variant);
  }
  return variant;
}

function evidenceOf(lab: LoadedLab, seed: string): EvidenceFiles {
  const variant = variantOf(lab, seed);
  const files: EvidenceFiles = new Map();
  for (const item of lab.evidence) {
    const generated = variant.files.get(item.definition.id);
    files.set(item.definition.id, generated ? Buffer.from(generated.content) : readFileSync(item.path!));
  }
  return files;
}

/**
 * The proof that a shipped lab is right: for `seeds` variants the solver's answers must all be
 * correct, and where two variants have different reference answers, one variant's answers must be
 * wrong for the other (so a cohort cannot pass answers around).
 */
export function describeSolver(labId: string, solve: LabSolver, options: { seeds?: number } = {}): void {
  const seeds = Array.from({ length: options.seeds ?? 20 }, (_, index) => `solver-seed-${index + 1}`);
  describe(`the independent solver of ${labId}`, async () => {
    const library = await loadLibrary('labs');
    const lab = library.labs.get(labId);

    it('finds the lab loaded', () => {
      expect(library.failures.filter((failure) => failure.id === labId)).toEqual([]);
      expect(lab).toBeDefined();
    });
    if (!lab) return;
    const autoTasks = lab.definition.tasks.filter((task) => task.answer.kind !== 'manual');

    it(`derives every automatically checked answer from the evidence alone, for ${seeds.length} seeds`, () => {
      for (const seed of seeds) {
        const answers = solve(evidenceOf(lab, seed));
        const variant = variantOf(lab, seed);
        for (const task of autoTasks) {
          expect(answers[task.id], `seed ${seed}: the solver gave no answer for ${task.id}`).toBeDefined();
          const outcome = checkAnswer(resolveTask(task, variant).answer, answers[task.id]!);
          expect({
            seed,
            task: task.id,
            status: outcome.status,
            verdict: outcome.status === 'graded' ? outcome.verdict : undefined,
            feedback: outcome.feedback,
          }).toMatchObject({
            status: 'graded',
            verdict: 'correct',
          });
        }
      }
    });

    if (!lab.generator) {
      // A lab without a generator has one variant: the comparison below would have nothing to compare.
      it('gives every trainee the same evidence, having no generator', () => {
        expect(evidenceOf(lab, seeds[1]!)).toEqual(evidenceOf(lab, seeds[0]!));
      });
      return;
    }

    it("gives answers that fail on another trainee's variant where the values differ", () => {
      let differing = 0;
      for (let index = 0; index + 1 < seeds.length; index++) {
        const mine = variantOf(lab, seeds[index]!);
        const theirs = variantOf(lab, seeds[index + 1]!);
        const myAnswers = solve(evidenceOf(lab, seeds[index]!));
        for (const task of autoTasks) {
          const theirTask = resolveTask(task, theirs);
          // The same answer in both variants (in any order, for sets): nothing to tell apart.
          const sameAnswer = referenceAnswers(resolveTask(task, mine).answer).every((answer) => {
            const outcome = checkAnswer(theirTask.answer, answer);
            return outcome.status === 'graded' && outcome.verdict === 'correct';
          });
          if (sameAnswer) continue;
          differing++;
          const outcome = checkAnswer(theirTask.answer, myAnswers[task.id]!);
          expect({
            seed: seeds[index + 1],
            task: task.id,
            verdict: outcome.status === 'graded' ? outcome.verdict : outcome.status,
          }).not.toMatchObject({ verdict: 'correct' });
        }
      }
      expect(
        differing,
        'no task differs between variants: the variants give every trainee the same answers',
      ).toBeGreaterThan(0);
    });
  });
}
