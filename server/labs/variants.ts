import { createHash } from 'node:crypto';
import { misconceptionSpec, type ResolvedMisconception } from '../grading/misconceptions.ts';
import { answerSpecSchema, type AnswerSpec } from '../grading/registry.ts';
import type { AnswerInput } from '../grading/types.ts';
import { escapeForRegex, interpolate, type VariantValues } from '../grading/variables.ts';
import { generatorFrame } from './generator-errors.ts';
import { createRandom, type SeededRandom } from './random.ts';
import type { LoadedLab } from './loader.ts';
import type { TaskDefinition } from './schema.ts';

/** What a lab's generator module receives. */
export interface VariantContext {
  /** The variant's seed, e.g. derived from the trainee and cohort; the same seed must give the same output. */
  seed: string;
  /** Deterministic random numbers from the seed. Never use Math.random or the clock in a generator. */
  random: SeededRandom;
}

/** What a generator returns: generated evidence files by file name, and the values answers refer to. */
export interface GeneratorOutput {
  files: Record<string, string | Uint8Array>;
  values: VariantValues;
}

/** The default export of a lab's generator module. */
export type VariantGenerator = (context: VariantContext) => GeneratorOutput;

export interface GeneratedFile {
  evidenceId: string;
  content: Uint8Array;
  sha256: string;
  size: number;
}

/** One trainee's data for one lab. */
export interface Variant {
  seed: string;
  values: VariantValues;
  files: Map<string, GeneratedFile>;
}

export class VariantError extends Error {}

/** The variant of a lab without a generator: no generated files, no values. */
export const FIXED_VARIANT: Variant = Object.freeze({ seed: 'fixed', values: {}, files: new Map() });

/** Runs the lab's generator for a seed and checks that it produced every declared value and generated file. */
export function generateVariant(lab: LoadedLab, seed: string): Variant {
  if (!lab.generator || !lab.definition.variants) return FIXED_VARIANT;
  let output: GeneratorOutput;
  try {
    output = lab.generator({ seed, random: createRandom(`${lab.definition.id}:${seed}`) });
  } catch (error) {
    const at = generatorFrame(error, lab.dir);
    const message = error instanceof Error ? error.message : String(error);
    throw new VariantError(`the generator failed for seed "${seed}"${at ? ` at ${at}` : ''}: ${message}`);
  }
  if (!output || typeof output !== 'object' || !output.values || !output.files)
    throw new VariantError(`${lab.definition.variants.generator} must return { files, values }`);

  const declared = Object.keys(lab.definition.variants.values);
  const missing = declared.filter((name) => !Object.hasOwn(output.values, name));
  if (missing.length > 0)
    throw new VariantError(
      `the generator did not produce the declared value(s) ${missing.join(', ')} for seed "${seed}"`,
    );
  const undeclared = Object.keys(output.values).filter((name) => !declared.includes(name));
  if (undeclared.length > 0)
    throw new VariantError(
      `the generator produced value(s) ${undeclared.join(', ')} that variants.values does not declare`,
    );

  const files = new Map<string, GeneratedFile>();
  for (const evidence of lab.definition.evidence.filter((item) => item.generated)) {
    const produced = output.files[evidence.file];
    if (produced === undefined)
      throw new VariantError(
        `the generator did not produce the file "${evidence.file}" of evidence "${evidence.id}" for seed "${seed}"`,
      );
    const content = typeof produced === 'string' ? new TextEncoder().encode(produced) : produced;
    files.set(evidence.id, {
      evidenceId: evidence.id,
      content,
      size: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  }
  return { seed, values: output.values, files };
}

/** A task with every variant reference replaced: what checking and delivery work with. */
export interface ResolvedTask {
  definition: TaskDefinition;
  prompt: string;
  answer: AnswerSpec;
  examples: { accept: AnswerInput[]; reject: AnswerInput[] };
  /** The anticipated wrong answers, each with the spec that recognises it. */
  misconceptions: ResolvedMisconception[];
}

/**
 * Replaces variant references in a task. The prompt may only use public values (the loader enforces
 * it); the answer spec is validated again after substitution so a generator that returns a value of
 * the wrong type (text where a number is expected) is caught here, not at a trainee's submission.
 */
export function resolveTask(task: TaskDefinition, variant: Variant): ResolvedTask {
  let answer = interpolate(task.answer, variant.values);
  // A generated value inside a regular expression must match only itself.
  if (task.answer.kind === 'regex' && answer.kind === 'regex')
    answer = { ...answer, pattern: interpolate(task.answer.pattern, variant.values, escapeForRegex) };
  const parsed = answerSpecSchema.safeParse(answer);
  if (!parsed.success)
    throw new VariantError(
      `task "${task.id}": the answer spec is not valid once variant values are filled in: ` +
        `${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  const misconceptions = task.misconceptions.map((misconception) => {
    const built = misconceptionSpec(parsed.data, interpolate(misconception.answer, variant.values));
    if (!built.ok)
      throw new VariantError(
        `task "${task.id}": misconception "${misconception.name}" once variant values are filled in: ${built.message}`,
      );
    return {
      name: misconception.name,
      spec: built.spec,
      feedback: interpolate(misconception.feedback, variant.values),
      penalty: misconception.penalty,
    };
  });
  return {
    definition: task,
    prompt: interpolate(task.prompt, variant.values),
    answer: parsed.data,
    examples: asTypedAnswers(interpolate(task.examples, variant.values)),
    misconceptions,
  };
}

/** Examples are answers as a trainee types them: a generated number becomes the text of the number. */
function asTypedAnswers(examples: { accept: unknown[]; reject: unknown[] }): ResolvedTask['examples'] {
  const typed = (answer: unknown): AnswerInput =>
    typeof answer === 'number' ? String(answer) : (answer as AnswerInput);
  return { accept: examples.accept.map(typed), reject: examples.reject.map(typed) };
}
