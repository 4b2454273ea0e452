import { readFile, rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { AppError } from '../../errors.ts';
import { tryLoadLab, type LoadedLab } from '../../labs/loader.ts';
import type { LabProblem } from '../../labs/problems.ts';
import { checkEvidenceTables, selfTestLab, type SelfTestFailure } from '../../labs/self-test.ts';
import { typeCheckGenerators } from '../../labs/typecheck.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireDraft } from './drafts.ts';
import { mayEditCode } from './authors.ts';
import { copyLabFolder, draftLabDir, isCodePath, newStagingDir } from './storage.ts';

/** The seeds `npm run lab -- validate` parses generated evidence for (server/labs/cli.ts). */
const VALIDATE_SEEDS = ['seed-1', 'seed-2', 'seed-3'];
/** The seeds `npm run lab -- check` uses by default. */
export const DEFAULT_SELF_TEST_SEEDS = ['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5'];

/** A lab that does not validate: the problems (files relative to the lab folder) and self-test failures. */
export class LabFolderInvalid extends AppError {
  constructor(
    readonly problems: LabProblem[],
    readonly failures: SelfTestFailure[] = [],
  ) {
    const count = problems.length + failures.length;
    const first = problems[0]?.message ?? failures[0]?.message ?? '';
    super(
      'conflict',
      `The lab does not validate (${count} problem${count === 1 ? '' : 's'}; the first: ${first}). ` +
        'Fix them and try again: validate and the self-test show each with its file, line and field.',
    );
  }
}

/** The `id` lab.yaml declares, if it can be read; the loader reports anything wrong with it. */
export async function declaredLabId(dir: string): Promise<string | undefined> {
  try {
    const parsed = parse(await readFile(join(dir, 'lab.yaml'), 'utf8')) as { id?: unknown };
    return typeof parsed?.id === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/u.test(parsed.id) ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** The loader names files relative to the working directory; an author wants them relative to the lab. */
function relativeToLab(problems: LabProblem[], labDir: string): LabProblem[] {
  return problems.map((problem) => {
    const path = relative(labDir, resolve(problem.file));
    return { ...problem, file: path && !path.startsWith('..') ? path.split('\\').join('/') : problem.file };
  });
}

/** A lab folder loaded from a staged copy, or its problems. */
export interface StagedLab {
  /** The staged lab folder (`<staging>/<random>/<lab id>`). */
  dir: string;
  lab?: LoadedLab;
  problems: LabProblem[];
  /** Removes the staged copy. */
  discard: () => Promise<void>;
}

/**
 * Copies a lab folder (hard links where possible) to `<into>/<lab id>` (the id lab.yaml declares unless
 * given: a draft's is fixed, so a changed id is reported) and loads it there with every
 * check of `npm run lab -- validate`: the loader's (schema, files, hashes, references, generator,
 * answer specs) and the evidence tables'. A fresh folder per load also means a changed generator is
 * imported anew rather than served from the module cache.
 */
export async function stageLab(sourceDir: string, into: string, labId?: string): Promise<StagedLab> {
  labId ??= (await declaredLabId(sourceDir)) ?? basename(sourceDir);
  const dir = join(into, labId);
  const discard = () => rm(into, { recursive: true, force: true });
  try {
    await copyLabFolder(sourceDir, dir, { linkFiles: true });
    const outcome = await tryLoadLab(dir);
    if ('failure' in outcome) return { dir, problems: relativeToLab(outcome.failure.problems, dir), discard };
    const tableProblems = await checkEvidenceTables(outcome.lab, VALIDATE_SEEDS);
    return { dir, lab: outcome.lab, problems: relativeToLab(tableProblems, dir), discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * Loading a lab imports its generator. An author who is not an administrator cannot write code files,
 * so any code in their draft was copied from an installed lab; pointing `variants.generator` at a file
 * of another kind (an uploaded "evidence" file full of JavaScript) would get round that, and is refused
 * before anything is loaded.
 */
export async function refuseDisguisedGenerator(actor: Actor, labDir: string): Promise<void> {
  if (mayEditCode(actor)) return;
  let generator: unknown;
  try {
    const parsed = parse(await readFile(join(labDir, 'lab.yaml'), 'utf8')) as { variants?: { generator?: unknown } };
    generator = parsed?.variants?.generator;
  } catch {
    return; // the loader reports the syntax error, and imports nothing
  }
  if (typeof generator === 'string' && !isCodePath(generator))
    throw new AppError(
      'forbidden',
      `variants.generator names "${generator.slice(0, 100)}", which is not a .ts or .js module: only an ` +
        'administrator can add generator code to a lab.',
      'variants.generator',
    );
}

/** Stages the actor's draft for loading, after the generator check. */
async function stageDraft(ctx: ServiceContext, actor: Actor, draftId: number): Promise<StagedLab> {
  const draft = requireDraft(ctx, actor, draftId);
  const dir = draftLabDir(ctx, draftId, draft.labId);
  await refuseDisguisedGenerator(actor, dir);
  return stageLab(dir, await newStagingDir(ctx.authoringDir), draft.labId);
}

/** Runs `use` on a draft loaded from a staged copy; 409 with the problems when it does not validate. */
export async function withValidDraft<T>(
  ctx: ServiceContext,
  actor: Actor,
  draftId: number,
  use: (lab: LoadedLab) => Promise<T> | T,
): Promise<T> {
  const staged = await stageDraft(ctx, actor, draftId);
  try {
    if (!staged.lab || staged.problems.length > 0) throw new LabFolderInvalid(staged.problems);
    return await use(staged.lab);
  } finally {
    await staged.discard();
  }
}

/** The draft checked as `npm run lab -- validate` checks a lab: every problem with file, line and field. */
export async function validateDraft(ctx: ServiceContext, actor: Actor, draftId: number) {
  const staged = await stageDraft(ctx, actor, draftId);
  try {
    // As the command does, the generator's types too (tsc, a few seconds): the loader runs it unchecked.
    const typeErrors = staged.lab?.generator ? await typeCheckGenerators([staged.lab]) : undefined;
    const problems = [
      ...staged.problems,
      ...relativeToLab(typeErrors?.get(staged.lab!.definition.id) ?? [], staged.dir),
    ];
    return { valid: problems.length === 0, problems };
  } finally {
    await staged.discard();
  }
}

/** The self-test of `npm run lab -- check`: reference answers, examples, leaks, determinism, for each seed. */
export async function selfTestDraft(
  ctx: ServiceContext,
  actor: Actor,
  draftId: number,
  seeds: string[] = DEFAULT_SELF_TEST_SEEDS,
) {
  try {
    return await withValidDraft(ctx, actor, draftId, async (lab) => {
      // check parses the evidence tables for its own seeds too, as the command does.
      const problems = await checkEvidenceTables(lab, seeds);
      const failures = problems.length > 0 ? [] : selfTestLab(lab, seeds);
      return {
        passed: problems.length === 0 && failures.length === 0,
        problems: relativeToLab(problems, lab.dir),
        seeds: lab.generator ? seeds : [],
        failures,
      };
    });
  } catch (error) {
    if (error instanceof LabFolderInvalid)
      return { passed: false, problems: error.problems, seeds: [] as string[], failures: [] as SelfTestFailure[] };
    throw error;
  }
}
