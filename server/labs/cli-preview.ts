import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { referenceAnswers } from '../grading/registry.ts';
import { displayPath, tryLoadLab } from './loader.ts';
import { formatProblem } from './problems.ts';
import { generateVariant, resolveTask, VariantError } from './variants.ts';

/**
 * `npm run lab -- preview <lab> --seed <s> [--out dir]`: writes what one seed gives a trainee, for
 * the author to read: the generated evidence files (at the paths lab.yaml names them), values.json
 * (every generated value, public or not, with its description) and answers.json (each task's
 * reference answers and anticipated wrong answers for that seed). Nothing is written to the lab.
 */
export async function previewCommand(dir: string, seed: string, out: string | undefined): Promise<number> {
  const outcome = await tryLoadLab(dir);
  if ('failure' in outcome) {
    console.error(`✗ ${outcome.failure.id}`);
    for (const problem of outcome.failure.problems) console.error(`  ${formatProblem(problem)}`);
    return 1;
  }
  const lab = outcome.lab;
  const id = lab.definition.id;
  let variant: ReturnType<typeof generateVariant>;
  try {
    variant = generateVariant(lab, seed);
  } catch (error) {
    if (!(error instanceof VariantError)) throw error;
    console.error(`✗ ${id} seed "${seed}": ${error.message}`);
    return 1;
  }
  const folder = resolve(out ?? join(tmpdir(), `casebench-preview-${id}-${seed.replace(/[^A-Za-z0-9._-]/gu, '_')}`));
  const existing = await stat(folder).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    console.error(`✗ ${displayPath(folder)} exists and is not a folder`);
    return 1;
  }
  await mkdir(folder, { recursive: true });

  for (const evidence of lab.definition.evidence) {
    const file = variant.files.get(evidence.id);
    if (!file) continue;
    const path = join(folder, evidence.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
    console.log(`${evidence.file}  ${file.size} bytes, sha256 ${file.sha256}`);
  }
  const declared = lab.definition.variants?.values ?? {};
  const values = Object.fromEntries(
    Object.entries(variant.values).map(([name, value]) => [
      name,
      { value, public: declared[name]?.public ?? false, description: declared[name]?.description ?? '' },
    ]),
  );
  await writeFile(
    join(folder, 'values.json'),
    `${JSON.stringify({ lab: id, version: lab.definition.version, seed, values }, null, 2)}\n`,
  );
  const answers = lab.definition.tasks.map((task) => {
    const resolved = resolveTask(task, variant);
    return {
      task: task.id,
      kind: resolved.answer.kind,
      accepted: resolved.answer.kind === 'manual' ? [] : referenceAnswers(resolved.answer),
      misconceptions: resolved.misconceptions.map((misconception) => ({
        name: misconception.name,
        answers: referenceAnswers(misconception.spec),
      })),
    };
  });
  await writeFile(join(folder, 'answers.json'), `${JSON.stringify(answers, null, 2)}\n`);
  console.log(
    `${lab.generator ? `seed "${seed}"` : 'no variants (the same for everyone)'}: ` +
      `${variant.files.size} generated files, values.json and answers.json in ${displayPath(folder)}`,
  );
  return 0;
}
