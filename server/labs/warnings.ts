import { join } from 'node:path';
import type { LoadedLab } from './loader.ts';
import { readYaml } from './loader.ts';
import type { LabProblem } from './problems.ts';
import type { TaskDefinition } from './schema.ts';

/*
 * What `npm run lab -- validate` warns about: things a lab may do but should rarely do. A warning
 * never stops a lab from loading or validate from succeeding.
 */

/** A choice with this many options or fewer is guessed in a few tries. */
export const FEW_OPTIONS = 3;

/**
 * Why a task can be solved by trial and error, or undefined: a choice among few options, or a score
 * that says how much of the answer is right, while attempts are unlimited and wrong answers cost
 * nothing. An anticipated wrong answer's own penalty counts as a cost only for that answer, so it
 * does not make the task safe.
 */
export function trialAndError(task: TaskDefinition): string | undefined {
  if (task.max_attempts !== undefined || task.wrong_penalty > 0) return undefined;
  const answer = task.answer;
  const unlimited = 'with unlimited attempts and no wrong_penalty';
  const fix = 'give it max_attempts or a wrong_penalty (see "Trial and error" in labs/README.md)';
  if (answer.kind === 'choice' && answer.options.length <= FEW_OPTIONS)
    return (
      `this choice has ${answer.options.length} options ${unlimited}: a trainee can try them in turn until ` +
      `one is right; ${fix}`
    );
  if ('scoring' in answer && answer.scoring === 'partial')
    return (
      `this ${answer.kind} gives partial credit ${unlimited}: the score tells a trainee how much is right, so ` +
      `changing one part at a time finds the answer; ${fix}`
    );
  return undefined;
}

/** Characters that YAML escapes in double quotes produce by accident ("\a" is BEL); tab and line ends are fine. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/** Every string in a value with its path, for the control-character check. */
function* stringsWithPaths(value: unknown, path: PropertyKey[] = []): Generator<[PropertyKey[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value))
    for (const [index, item] of value.entries()) yield* stringsWithPaths(item, [...path, index]);
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) yield* stringsWithPaths(child, [...path, key]);
}

/** The warnings about a loaded lab, each with file, line and field. */
export async function labWarnings(lab: LoadedLab): Promise<LabProblem[]> {
  const source = await readYaml(join(lab.dir, 'lab.yaml'));
  const warnings: LabProblem[] = [];
  lab.definition.tasks.forEach((task, index) => {
    const reason = trialAndError(task);
    if (reason) warnings.push(source.problemAt(['tasks', index, 'answer'], reason));
  });
  for (const [path, text] of stringsWithPaths(source.toJS())) {
    const control = CONTROL.exec(text);
    if (!control) continue;
    const code = control[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase();
    warnings.push(
      source.problemAt(
        path,
        `holds the control character U+${code}: in a double-quoted YAML string a backslash starts an escape ` +
          '("COURT\\a.horvat" holds \\a, the bell character); write the text in single quotes or without quotes',
      ),
    );
  }
  return warnings;
}
