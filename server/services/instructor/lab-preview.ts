import { publicAnswerShape, referenceAnswers } from '../../grading/registry.ts';
import { interpolate } from '../../grading/variables.ts';
import { AppError } from '../../errors.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import type { LabVariant } from '../trainee/variant-store.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireStaff } from '../policy.ts';
import { previewVariantSeed } from './preview-workspace.ts';
import { publicValues } from '../trainee/trainee-lab.ts';

/**
 * The seed of the instructors' preview variant. Trainees' seeds are 24 random hexadecimal digits,
 * so this one is never a trainee's: the preview shows a variant of its own, and opening it records
 * nothing (no attempt, no seed row), so nobody's work or board changes.
 */
const PREVIEW_SEED = 'instructor-preview';

/**
 * A lab as a trainee would find it on opening it (brief, evidence list, every task's prompt and
 * answer field, hint costs), for staff, from the preview variant. With `reveal`, also what the
 * rules keep from trainees: each task's reference answers, explanation, hint texts and anticipated
 * wrong answers, filled in with the preview variant's values.
 */
export function previewLab(
  ctx: ServiceContext,
  actor: Actor,
  labId: string,
  options: { reveal: boolean; seed?: string },
) {
  requireStaff(actor);
  const lab = ctx.library.labs.get(labId);
  if (!lab)
    throw new AppError('not_found', 'This lab is not in the library. Reload the page to see the labs there are.');
  // The variant of a "try it as a trainee" preview when named (preview-workspace.ts), so that both show the same one.
  const seed = options.seed === undefined ? PREVIEW_SEED : previewVariantSeed(options.seed);
  return describeLabPreview(lab, ctx.variants.get(lab, seed), options);
}

/**
 * What the preview shows of a lab and one of its variants; also the authors' preview of a draft
 * (server/services/authoring/draft-preview.ts), whose variant is made in memory and never cached.
 */
export function describeLabPreview(
  lab: LoadedLab,
  variant: Pick<LabVariant, 'values' | 'tasks'> & { files: Map<string, { size: number }> },
  options: { reveal: boolean },
) {
  const definition = lab.definition;
  const reveal = <T>(value: () => T): T | null => (options.reveal ? value() : null);
  return {
    title: definition.title,
    summary: definition.summary,
    brief: interpolate(lab.brief, publicValues(lab, variant.values)),
    // The artefacts by title, kind and size (the variant's own size for a generated one).
    evidence: lab.evidence.map(({ definition: artefact, size }) => ({
      title: artefact.title,
      description: artefact.description ?? null,
      kind: artefact.kind,
      size: variant.files.get(artefact.id)?.size ?? size ?? 0,
    })),
    tasks: definition.tasks.map((task) => {
      const resolved = variant.tasks.get(task.id)!;
      return {
        title: task.title,
        prompt: resolved.prompt,
        points: task.points,
        requires: task.requires.map((id) => definition.tasks.find((other) => other.id === id)?.title ?? id),
        answer: publicAnswerShape(resolved.answer),
        maxAttempts: task.max_attempts ?? null,
        hints: task.hints.map((hint) => ({
          cost: hint.cost,
          text: reveal(() => interpolate(hint.text, variant.values)),
        })),
        referenceAnswers: reveal(() => referenceAnswers(resolved.answer)),
        explanation: reveal(() => (task.explanation ? interpolate(task.explanation, variant.values) : null)),
        // The anticipated wrong answers with the feedback each gets (lab.yaml misconceptions).
        misconceptions: reveal(() =>
          resolved.misconceptions.map((misconception) => ({
            name: misconception.name,
            answers: referenceAnswers(misconception.spec),
            feedback: misconception.feedback,
            penalty: misconception.penalty ?? null,
          })),
        ),
      };
    }),
  };
}
