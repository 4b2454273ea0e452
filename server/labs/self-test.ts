import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildTables } from '../evidence/query/build-tables.ts';
import { parserForTable } from '../evidence/tables/registry.ts';
import { apacheCombinedParser } from '../evidence/tables/web-logs.ts';
import { MAX_WHOLE_TEXT_BYTES, tooLargeToReadWhole } from '../evidence/tables/whole-text.ts';
import type { ParseProblem } from '../evidence/tables/types.ts';
import { misconceptionProblems } from '../grading/misconceptions.ts';
import { checkAnswer, publicAnswerShape, referenceAnswers } from '../grading/registry.ts';
import type { AnswerInput } from '../grading/types.ts';
import { interpolate } from '../grading/variables.ts';
import { findAnswerLeaks } from './answer-leaks.ts';
import { readYaml, type LoadedLab } from './loader.ts';
import type { LabProblem } from './problems.ts';
import { generateVariant, resolveTask, type Variant } from './variants.ts';

/** One way a lab's tasks misbehave for a seed. */
export interface SelfTestFailure {
  seed: string;
  task?: string;
  /** The field of the task in lab.yaml, when the failure is about one text (explanation, hints[1]). */
  field?: string;
  message: string;
}

/**
 * The year handed to parsers whose formats always write one: the schema requires `year` for those that
 * do not (parsersNeedingYear), so this value never reaches a timestamp.
 */
const NO_YEAR = 1970;

/** Kinds whose reference answers are secret values (for choices and mappings the ids are public by design). */
const SECRET_VALUE_KINDS = new Set(['text', 'regex', 'number', 'ip', 'hash', 'timestamp', 'set']);

function describe(answer: AnswerInput): string {
  const text = JSON.stringify(answer);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The author's self-test (`npm run lab -- check`): for each seed, every reference answer and every
 * `examples.accept` must be graded correct, every `examples.reject` must not be, the placeholder must
 * not be the answer, the answer must not appear in what the trainee sees, the generator must give
 * the same output twice for the same seed, and no explanation or hint may give away the answer of a
 * task that can still be open when it is released (see answer-leaks.ts for the rule).
 */
export function selfTestLab(lab: LoadedLab, seeds: string[]): SelfTestFailure[] {
  const failures: SelfTestFailure[] = [];
  const effectiveSeeds = lab.generator ? seeds : ['fixed'];
  for (const seed of effectiveSeeds) {
    let variant: Variant;
    try {
      variant = generateVariant(lab, seed);
      const again = generateVariant(lab, seed);
      if (
        !isDeepStrictEqual(variant.values, again.values) ||
        [...variant.files].some(([id, file]) => again.files.get(id)?.sha256 !== file.sha256)
      )
        failures.push({
          seed,
          message:
            'the generator is not deterministic: the same seed gave different output (use context.random, never ' +
            'Math.random or the clock)',
        });
    } catch (error) {
      failures.push({ seed, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const resolvedTasks = new Map<string, ReturnType<typeof resolveTask>>();
    for (const task of lab.definition.tasks) {
      const fail = (message: string) => failures.push({ seed, task: task.id, message });
      let resolved: ReturnType<typeof resolveTask>;
      try {
        resolved = resolveTask(task, variant);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
        continue;
      }
      resolvedTasks.set(task.id, resolved);
      const references = referenceAnswers(resolved.answer);
      if (resolved.answer.kind !== 'manual' && references.length === 0) fail('the answer spec has no reference answer');
      for (const answer of references) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status !== 'graded' || outcome.verdict !== 'correct')
          fail(`the reference answer ${describe(answer)} is not accepted: ${outcome.feedback}`);
      }
      for (const answer of resolved.examples.accept) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status !== 'graded' || outcome.verdict !== 'correct')
          fail(`examples.accept ${describe(answer)} is not accepted (${outcome.status}: ${outcome.feedback})`);
      }
      // Anticipated wrong answers must stay reachable in every variant: readable, and not the right answer.
      const misconceptions = task.misconceptions.map((misconception) => ({
        name: misconception.name,
        answer: interpolate(misconception.answer, variant.values),
      }));
      for (const problem of misconceptionProblems(resolved.answer, misconceptions)) fail(problem);
      for (const answer of resolved.examples.reject) {
        const outcome = checkAnswer(resolved.answer, answer);
        if (outcome.status === 'graded' && outcome.verdict === 'correct')
          fail(`examples.reject ${describe(answer)} is accepted as correct`);
        // A malformed example is refused before any comparison, so it would prove nothing.
        if (outcome.status === 'invalid')
          fail(
            `examples.reject ${describe(answer)} is not even a well-formed answer (${outcome.feedback}); give a ` +
              'plausible wrong answer instead',
          );
      }
      if (task.placeholder !== undefined && resolved.answer.kind !== 'manual') {
        const outcome = checkAnswer(resolved.answer, task.placeholder);
        if (outcome.status === 'graded' && outcome.verdict !== 'incorrect')
          fail(
            'the placeholder is (partly) accepted as the answer: show an example of the format that is not the answer',
          );
      }
      if (SECRET_VALUE_KINDS.has(resolved.answer.kind)) {
        const visible = [resolved.prompt, task.placeholder ?? '', JSON.stringify(publicAnswerShape(resolved.answer))]
          .join('\n')
          .toLowerCase();
        for (const answer of references.flat())
          if (typeof answer === 'string' && answer.length >= 6 && visible.includes(answer.toLowerCase()))
            fail(`the answer ${describe(answer)} appears in the prompt, placeholder or answer field`);
      }
    }
    // Only when every task resolved: a broken spec is reported above, and its leaks would be noise.
    if (resolvedTasks.size === lab.definition.tasks.length)
      for (const leak of findAnswerLeaks(lab.definition.tasks, resolvedTasks, variant.values))
        failures.push({
          seed,
          task: leak.task,
          field: leak.field,
          message:
            `gives away the answer of task ${leak.leaks}, which can still be open when this text is released: ` +
            `the checker of ${leak.leaks} accepts ` +
            `${JSON.stringify(leak.found.length > 120 ? `${leak.found.slice(0, 117)}...` : leak.found)}. Reword the ` +
            `text, or make ${leak.task} require ${leak.leaks} if it only makes sense afterwards`,
        });
  }
  return failures;
}

/** One reading of an artefact for validate: the lines that did not parse, and the rows it gave. */
interface TableReading {
  problems: ParseProblem[];
  rows: number;
  /** Nothing but white space: no rows is then no problem. */
  empty: boolean;
}

/** What validate says of a reading: its first line that does not parse, or that it gave no rows at all. */
function firstTableProblem(where: string, readAs: string, byPattern: boolean, reading: TableReading) {
  const first = reading.problems.reduce<ParseProblem | undefined>(
    (earliest, problem) => (earliest && earliest.line <= problem.line ? earliest : problem),
    undefined,
  );
  if (first) return `${where} line ${first.line} does not parse ${readAs}: ${first.reason}`;
  if (reading.rows === 0 && !reading.empty)
    return `${where} gives no rows ${readAs}: ${byPattern ? 'does the pattern fit' : 'is it the right parser for'} this file?`;
  return undefined;
}

/**
 * An access log too large to read whole in JavaScript, read as the trainees' tables are built: DuckDB
 * reads it (write-tables.ts), and the lines it does not take go to the parser, so the problems and their
 * lines are the ones the parser gives.
 */
async function readBySql(
  path: string,
  definition: { id: string; title: string },
  table: NonNullable<LoadedLab['definition']['evidence'][number]['table']>,
): Promise<TableReading> {
  const folder = await mkdtemp(join(tmpdir(), 'casebench-validate-'));
  try {
    const manifest = await buildTables(join(folder, 'tables.duckdb'), [
      { evidenceId: definition.id, title: definition.title, path, table },
    ]);
    const rows = manifest.tables.reduce((sum, built) => sum + built.rows, 0);
    return { problems: manifest.problems, rows, empty: false };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Parses every artefact that declares `table:` with its parser (built in, or the lab's own pattern), for
 * each seed (once for fixed files), and reports the first line that does not parse, or an artefact that
 * gives no rows at all, as a problem located at the evidence entry's `table` in lab.yaml. Run by
 * `npm run lab -- validate`, not at server start, because parsing every log of every lab would slow start-up.
 * A fixed file over `maxTextBytes` (a JavaScript string's limit; lower in tests) is reported as too large,
 * unless it is an access log, which is checked by building its table as the server would (DuckDB).
 */
export async function checkEvidenceTables(
  lab: LoadedLab,
  seeds: string[],
  { maxTextBytes = MAX_WHOLE_TEXT_BYTES }: { maxTextBytes?: number } = {},
): Promise<LabProblem[]> {
  const entries = lab.definition.evidence.flatMap((definition, index) =>
    definition.table ? [{ definition, index, table: definition.table }] : [],
  );
  if (entries.length === 0) return [];
  const source = await readYaml(join(lab.dir, 'lab.yaml'));
  const problems: LabProblem[] = [];
  const variants: Variant[] = [];
  if (entries.some((entry) => entry.definition.generated))
    for (const seed of lab.generator ? seeds : []) {
      try {
        variants.push(generateVariant(lab, seed));
      } catch (error) {
        problems.push(
          source.problemAt(['variants', 'generator'], error instanceof Error ? error.message : String(error)),
        );
      }
    }
  for (const { definition, index, table } of entries) {
    const parser = parserForTable(table, definition);
    if (!parser) continue; // the schema already refused an unknown id or a table with neither parser nor pattern
    const readAs = table.parser === undefined ? 'with its pattern' : `as ${table.parser}`;
    const context = { zone: table.zone, year: table.year ?? NO_YEAR };
    const at = (message: string) => source.problemAt(['evidence', index, 'table'], message);
    const texts: { seed?: string; text: string }[] = [];
    if (definition.generated) {
      for (const variant of variants) {
        const file = variant.files.get(definition.id);
        if (file) texts.push({ seed: variant.seed, text: new TextDecoder().decode(file.content) });
      }
    } else {
      const path = lab.evidence[index]?.path;
      const bytes = path === undefined ? 0 : (await stat(path)).size;
      if (path !== undefined && bytes > maxTextBytes) {
        if (parser !== apacheCombinedParser) problems.push(at(tooLargeToReadWhole(definition.id, bytes, maxTextBytes)));
        else {
          const problem = await readBySql(path, definition, table).then(
            (reading) => firstTableProblem(definition.id, readAs, false, reading),
            (error: unknown) =>
              `${definition.id} could not be read ${readAs}: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (problem) problems.push(at(problem));
        }
        continue;
      }
      if (path) texts.push({ text: await readFile(path, 'utf8') });
    }
    for (const { seed, text } of texts) {
      const where = `${definition.id}${seed === undefined ? '' : ` (seed "${seed}")`}`;
      const parsed = parser.parse(text, context);
      const problem = firstTableProblem(where, readAs, table.parser === undefined, {
        problems: parsed.problems,
        rows: parsed.rows.length,
        empty: text.trim() === '',
      });
      if (problem) {
        problems.push(at(problem));
        break; // one problem per artefact: the first seed's first bad line (or no rows) says enough
      }
    }
  }
  return problems;
}
