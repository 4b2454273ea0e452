/**
 * The lab authors' command line: `npm run lab -- <command>`.
 *   validate [path]        validate every lab and course under path (default labs), or one lab folder
 *   new <id>               scaffold a valid lab in labs/<id>
 *   hash <id|path>         write the SHA-256 of each evidence file into lab.yaml
 *   check <id|path> [--seeds N | --seed a,b]   run reference answers and examples through the checkers
 *   schema                 write labs/lab.schema.json and labs/course.schema.json
 *   preview <id|path> --seed <s> [--out dir]   write one seed's generated evidence and values (cli-preview.ts)
 *   export, import         lab packages (cli-packages.ts)
 * Exit status 0 when all is well, 1 when a lab has problems, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isScalar } from 'yaml';
import {
  displayPath,
  loadLibrary,
  readYaml,
  sha256OfFile,
  tryLoadLab,
  type LoadedLab,
  type LoadFailure,
} from './loader.ts';
import { formatProblem, type LabProblem } from './problems.ts';
import { courseJsonSchema, labJsonSchema } from './schema.ts';
import { checkEvidenceTables, selfTestLab } from './self-test.ts';
import { scaffoldLab } from './scaffold.ts';
import { typeCheckGenerators } from './typecheck.ts';
import { labWarnings } from './warnings.ts';
import { exportCommand, importCommand } from './cli-packages.ts';
import { previewCommand } from './cli-preview.ts';

const USAGE = `usage: npm run lab -- <command>
  validate [path]                 validate all labs and courses under path (default: the labs folder) or one lab folder
  new <id>                        create a new lab labs/<id> from a valid template
  hash <id|path>                  write the SHA-256 of each evidence file into lab.yaml
  check <id|path> [--seeds N]     self-test a lab's answers for N variant seeds (default 5)
        [--seed a,b,c]            ... or for the named seeds
  schema                          write labs/lab.schema.json and labs/course.schema.json
  preview <id|path> --seed <s> [--out <dir>]
                                  write one seed's generated evidence, values.json and answers.json to a folder
  export <lab-or-course-id> <out.zip>   write a lab, or a course with its labs, as one package
  import <file.zip> [--new-version] [--dry-run] [--allow-code <sha256>]
                                  validate a package completely, then install it into the labs folder
options: --labs <dir>  the labs folder (default: $CASEBENCH_LABS, the server's, else labs)`;

class UsageError extends Error {}

function labDir(labsDir: string, idOrPath: string | undefined): string {
  if (!idOrPath) throw new UsageError('expected a lab id or folder');
  if (existsSync(join(idOrPath, 'lab.yaml'))) return resolve(idOrPath);
  const dir = resolve(labsDir, idOrPath);
  if (!existsSync(join(dir, 'lab.yaml')))
    throw new UsageError(`no lab "${idOrPath}": ${displayPath(join(dir, 'lab.yaml'))} does not exist`);
  return dir;
}

function printFailures(failures: LoadFailure[]): void {
  for (const failure of failures) {
    console.error(`✗ ${failure.id}`);
    for (const problem of failure.problems) console.error(`  ${formatProblem(problem)}`);
  }
}

/** What validate prints for a lab that loads. */
function validLabLine(lab: LoadedLab): string {
  return `✓ ${lab.definition.id}: ${lab.definition.tasks.length} tasks, ${lab.evidence.length} evidence files`;
}

/** Prints a valid lab's warnings (see warnings.ts) below its line; returns how many there were. */
async function printWarnings(lab: LoadedLab): Promise<number> {
  const warnings = await labWarnings(lab);
  for (const warning of warnings) console.log(`  warning: ${formatProblem(warning)}`);
  return warnings.length;
}

/** The variant seeds validate parses generated evidence for. */
const VALIDATE_SEEDS = ['seed-1', 'seed-2', 'seed-3'];

/** A loaded lab's evidence tables checked: the failure to print, or undefined when every artefact parses. */
async function tableFailure(lab: LoadedLab): Promise<LoadFailure | undefined> {
  const problems = await checkEvidenceTables(lab, VALIDATE_SEEDS);
  if (problems.length === 0) return undefined;
  return { id: lab.definition.id, file: displayPath(join(lab.dir, 'lab.yaml')), problems };
}

/** A loaded lab's generator checked by tsc: the failure to print, or undefined when it has no type error. */
function typeFailure(lab: LoadedLab, typeErrors: Map<string, LabProblem[]> | undefined): LoadFailure | undefined {
  const problems = typeErrors?.get(lab.definition.id) ?? [];
  if (problems.length === 0) return undefined;
  return { id: lab.definition.id, file: displayPath(join(lab.dir, 'lab.yaml')), problems };
}

function typeCheckSkipped(typeErrors: Map<string, LabProblem[]> | undefined): void {
  if (!typeErrors)
    console.log('generators not type-checked: the TypeScript compiler (node_modules/.bin/tsc) is missing');
}

async function validate(path: string): Promise<number> {
  if (existsSync(join(path, 'lab.yaml'))) {
    const outcome = await tryLoadLab(resolve(path));
    const typeErrors = 'lab' in outcome ? await typeCheckGenerators([outcome.lab]) : new Map();
    typeCheckSkipped(typeErrors);
    const failure =
      'failure' in outcome
        ? outcome.failure
        : (typeFailure(outcome.lab, typeErrors) ?? (await tableFailure(outcome.lab)));
    if (failure) {
      printFailures([failure]);
      return 1;
    }
    if ('lab' in outcome) {
      console.log(validLabLine(outcome.lab));
      await printWarnings(outcome.lab);
    }
    return 0;
  }
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  const library = await loadLibrary(path);
  const failures = [...library.failures];
  const typeErrors = await typeCheckGenerators([...library.labs.values()]);
  typeCheckSkipped(typeErrors);
  let validLabs = 0;
  let warnings = 0;
  for (const lab of library.labs.values()) {
    const failure = typeFailure(lab, typeErrors) ?? (await tableFailure(lab));
    if (failure) failures.push(failure);
    else {
      validLabs++;
      console.log(validLabLine(lab));
      warnings += await printWarnings(lab);
    }
  }
  for (const course of library.courses.values())
    console.log(`✓ course ${course.definition.id}: ${course.definition.labs.length} labs`);
  printFailures(failures);
  console.log(
    `${validLabs} labs and ${library.courses.size} courses valid, ${failures.length} failed` +
      (warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''),
  );
  return failures.length > 0 ? 1 : 0;
}

/**
 * Writes the evidence hashes into lab.yaml. An existing sha256 value is replaced in the text where it
 * stands, so comments, folded text and layout stay exactly as the author wrote them; a missing one
 * is added through the YAML document.
 */
async function hash(dir: string): Promise<number> {
  const source = await readYaml(join(dir, 'lab.yaml'));
  const evidence = source.document.get('evidence');
  const count = (evidence as { items?: unknown[] } | undefined)?.items?.length ?? 0;
  const inPlace: { start: number; end: number; value: string }[] = [];
  let added = 0;
  for (let index = 0; index < count; index++) {
    if (source.document.getIn(['evidence', index, 'generated']) === true) continue;
    const file = source.document.getIn(['evidence', index, 'file']);
    if (typeof file !== 'string') continue;
    const path = join(dir, file);
    if (!existsSync(path)) {
      console.error(`✗ ${displayPath(path)} does not exist`);
      return 1;
    }
    const digest = await sha256OfFile(path);
    console.log(`${digest}  ${file}`);
    const node = source.document.getIn(['evidence', index, 'sha256'], true);
    if (isScalar(node) && node.range) {
      if (node.value !== digest) inPlace.push({ start: node.range[0], end: node.range[1], value: digest });
      source.document.setIn(['evidence', index, 'sha256'], digest);
    } else {
      source.document.setIn(['evidence', index, 'sha256'], digest);
      added++;
    }
  }
  let text = added > 0 ? source.document.toString({ lineWidth: 0, flowCollectionPadding: false }) : source.text;
  if (added === 0)
    for (const edit of inPlace.sort((a, b) => b.start - a.start))
      text = text.slice(0, edit.start) + edit.value + text.slice(edit.end);
  const changed = added > 0 ? added + inPlace.length : inPlace.length;
  if (changed > 0) await writeFile(join(dir, 'lab.yaml'), text);
  console.log(`${changed} hash(es) updated in ${displayPath(join(dir, 'lab.yaml'))}`);
  return 0;
}

async function check(dir: string, seeds: string[]): Promise<number> {
  const outcome = await tryLoadLab(dir);
  if ('failure' in outcome) {
    printFailures([outcome.failure]);
    return 1;
  }
  const lab = outcome.lab;
  // check loads the lab as validate does, so its evidence tables are parsed too, for check's own seeds.
  const tableProblems = await checkEvidenceTables(lab, seeds);
  if (tableProblems.length > 0) {
    printFailures([{ id: lab.definition.id, file: displayPath(join(dir, 'lab.yaml')), problems: tableProblems }]);
    return 1;
  }
  const failures = selfTestLab(lab, seeds);
  const file = displayPath(join(dir, 'lab.yaml'));
  for (const failure of failures) {
    const where = failure.task ? ` task ${failure.task}${failure.field ? ` ${failure.field}` : ''}` : '';
    console.error(`✗ ${file} seed "${failure.seed}"${where}: ${failure.message}`);
  }
  const seedText = lab.generator ? `${seeds.length} seeds` : 'no variants';
  if (failures.length === 0)
    console.log(
      `✓ ${lab.definition.id}: every reference answer and example behaves (${lab.definition.tasks.length} tasks, ` +
        `${seedText})`,
    );
  return failures.length > 0 ? 1 : 0;
}

async function writeSchemas(labsDir: string): Promise<number> {
  for (const [name, schema] of [
    ['lab.schema.json', labJsonSchema()],
    ['course.schema.json', courseJsonSchema()],
  ] as const) {
    const path = join(labsDir, name);
    await writeFile(path, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${displayPath(path)}`);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      // The server's labs folder when it is set, so that an import lands where the server loads from.
      labs: { type: 'string', default: process.env.CASEBENCH_LABS || 'labs' },
      seeds: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'new-version': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'allow-code': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [command, target, output] = positionals;
  const labsDir = resolve(values.labs);
  switch (command) {
    case 'validate':
      return validate(target ?? labsDir);
    case 'new': {
      if (!target) throw new UsageError('expected the id of the new lab');
      const dir = await scaffoldLab(labsDir, target);
      console.log(
        `created ${displayPath(dir)}: edit lab.yaml and brief.md, put evidence in evidence/, ` +
          `then run \`npm run lab -- hash ${target}\` and \`npm run lab -- check ${target}\``,
      );
      return 0;
    }
    case 'hash':
      return hash(labDir(labsDir, target));
    case 'check': {
      let seeds: string[];
      if (values.seed)
        seeds = values.seed
          .split(',')
          .map((seed) => seed.trim())
          .filter(Boolean);
      else {
        const count = Number(values.seeds ?? 5);
        if (!Number.isInteger(count) || count < 1 || count > 10_000)
          throw new UsageError('--seeds expects a whole number from 1 to 10000');
        seeds = Array.from({ length: count }, (_, index) => `seed-${index + 1}`);
      }
      return check(labDir(labsDir, target), seeds);
    }
    case 'schema':
      return writeSchemas(labsDir);
    case 'preview':
      if (!values.seed) throw new UsageError('expected --seed <seed>: the variant to preview');
      return previewCommand(labDir(labsDir, target), values.seed, values.out);
    case 'export':
      if (!target || !output) throw new UsageError('expected a lab or course id and the .zip to write');
      return exportCommand(labsDir, target, output);
    case 'import':
      if (!target) throw new UsageError('expected the package .zip to import');
      return importCommand(labsDir, target, {
        asNewVersion: values['new-version'],
        dryRun: values['dry-run'],
        allowCode: values['allow-code'],
      });
    case undefined:
    case 'help':
      console.log(USAGE);
      return values.help || command === 'help' ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
