import type { Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { misconceptionProblems } from '../grading/misconceptions.ts';
import { lintAnswerSpec } from '../grading/registry.ts';
import { interpolate, referencedNames } from '../grading/variables.ts';
import { runsBundled } from '../paths.ts';
import { compiledGeneratorUrl } from './generator-errors.ts';
import { YamlSource, type LabProblem } from './problems.ts';
import {
  courseSchema,
  labSchema,
  type CourseDefinition,
  type EvidenceDefinition,
  type LabDefinition,
} from './schema.ts';
import { generateVariant, resolveTask, type VariantGenerator } from './variants.ts';

export interface LoadedEvidence {
  definition: EvidenceDefinition;
  /** Absolute path of a fixed file; undefined for generated evidence. */
  path?: string;
  /** Size in bytes of a fixed file. */
  size?: number;
}

export interface LoadedLab {
  definition: LabDefinition;
  /** Absolute path of the lab folder. */
  dir: string;
  /** The brief's Markdown. */
  brief: string;
  evidence: LoadedEvidence[];
  generator?: VariantGenerator;
}

export interface LoadedCourse {
  definition: CourseDefinition;
  file: string;
}

/** A lab or course that could not be loaded, with everything wrong with it. */
export interface LoadFailure {
  id: string;
  file: string;
  problems: LabProblem[];
}

export interface LabLibrary {
  labs: Map<string, LoadedLab>;
  courses: Map<string, LoadedCourse>;
  failures: LoadFailure[];
}

class LabInvalid extends Error {
  constructor(readonly problems: LabProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

/** Folders inside labs/ that are not labs. */
const NOT_A_LAB = new Set(['courses', 'node_modules']);

/**
 * Loads every lab and course under a labs folder. A broken lab or course is reported in `failures`
 * with all its problems and skipped; it never stops the others from loading.
 */
export async function loadLibrary(labsDir: string): Promise<LabLibrary> {
  const root = resolve(labsDir);
  const entries = await readdir(root, { withFileTypes: true });
  const labDirs = entries
    .filter((entry) => entry.isDirectory() && !NOT_A_LAB.has(entry.name) && !/^[._]/u.test(entry.name))
    .map((entry) => entry.name)
    .sort();

  const labs = new Map<string, LoadedLab>();
  const failures: LoadFailure[] = [];
  for (const name of labDirs) {
    const outcome = await tryLoadLab(join(root, name));
    if ('lab' in outcome) labs.set(outcome.lab.definition.id, outcome.lab);
    else failures.push(outcome.failure);
  }

  const courses = new Map<string, LoadedCourse>();
  const courseDir = join(root, 'courses');
  const courseFiles = (await readdir(courseDir).catch(() => [] as string[]))
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  for (const file of courseFiles) {
    const path = join(courseDir, file);
    try {
      const course = await loadCourse(path, labs);
      courses.set(course.definition.id, course);
    } catch (error) {
      failures.push({
        id: basename(file, '.yaml'),
        file: displayPath(path),
        problems: problemsOf(error, displayPath(path)),
      });
    }
  }
  await stopGeneratorCompiler();
  return { labs, courses, failures };
}

/** Loads one lab folder, or returns every problem found in it. */
export async function tryLoadLab(dir: string): Promise<{ lab: LoadedLab } | { failure: LoadFailure }> {
  try {
    return { lab: await loadLab(dir) };
  } catch (error) {
    const file = displayPath(join(dir, 'lab.yaml'));
    return { failure: { id: basename(dir), file, problems: problemsOf(error, file) } };
  }
}

function problemsOf(error: unknown, file: string): LabProblem[] {
  if (error instanceof LabInvalid) return error.problems;
  return [{ file, message: error instanceof Error ? error.message : String(error) }];
}

/** Paths in messages are relative to the working directory, as compilers print them. */
export function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith('..') ? path : relativePath;
}

/** Reads and parses a YAML file with positions; throws LabInvalid on syntax errors. */
export async function readYaml(path: string): Promise<YamlSource> {
  const file = displayPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new LabInvalid([{ file, message: 'file not found or not readable' }]);
  }
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) throw new LabInvalid(syntax);
  return source;
}

/** Loads and fully verifies one lab: schema, files, hashes, references, generator and answer specs. */
export async function loadLab(dir: string): Promise<LoadedLab> {
  const source = await readYaml(join(dir, 'lab.yaml'));
  const parsed = labSchema.safeParse(source.toJS(), { reportInput: true });
  if (!parsed.success) throw new LabInvalid(source.schemaProblems(parsed.error));
  const definition = parsed.data;
  const problems: LabProblem[] = [];

  const folder = basename(dir);
  if (definition.id !== folder)
    problems.push(source.problemAt(['id'], `the lab id "${definition.id}" must equal its folder name "${folder}"`));

  let brief = '';
  try {
    brief = await readFile(join(dir, definition.brief), 'utf8');
  } catch {
    problems.push(source.problemAt(['brief'], `the brief "${definition.brief}" does not exist in ${displayPath(dir)}`));
  }

  const evidence: LoadedEvidence[] = [];
  for (const [index, item] of definition.evidence.entries()) {
    if (item.generated) {
      evidence.push({ definition: item });
      continue;
    }
    const path = join(dir, item.file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      problems.push(
        source.problemAt(
          ['evidence', index, 'file'],
          `the evidence file "${item.file}" does not exist in ${displayPath(dir)}`,
        ),
      );
      continue;
    }
    const actual = await sha256OfFile(path);
    if (actual !== item.sha256)
      problems.push(
        source.problemAt(
          ['evidence', index, 'sha256'],
          `the file "${item.file}" has SHA-256 ${actual}, not the declared one: the file changed since it was hashed ` +
            `(run \`npm run lab -- hash ${definition.id}\` if the change is intended)`,
        ),
      );
    evidence.push({ definition: item, path, size: info.size });
  }

  problems.push(...checkVariantReferences(definition, brief, source));
  definition.tasks.forEach((task, index) => {
    if (referencedNames(task.answer).length === 0)
      for (const message of lintAnswerSpec(task.answer))
        problems.push(source.problemAt(['tasks', index, 'answer'], message));
    if (referencedNames(task.answer).length === 0 && referencedNames(task.misconceptions).length === 0)
      for (const message of misconceptionProblems(task.answer, task.misconceptions))
        problems.push(source.problemAt(['tasks', index, 'misconceptions'], message));
  });

  let generator: VariantGenerator | undefined;
  if (definition.variants) {
    try {
      generator = await importGenerator(join(dir, definition.variants.generator));
    } catch (error) {
      problems.push(
        source.problemAt(['variants', 'generator'], error instanceof Error ? error.message : String(error)),
      );
    }
  }
  if (problems.length > 0) throw new LabInvalid(problems);

  const lab: LoadedLab = { definition, dir, brief, evidence, generator };
  problems.push(...probeVariant(lab, source));
  if (problems.length > 0) throw new LabInvalid(problems);
  return lab;
}

/** Every {{name}} must be declared, and the brief and prompts may use only public values. */
function checkVariantReferences(definition: LabDefinition, brief: string, source: YamlSource): LabProblem[] {
  const declared = definition.variants?.values ?? {};
  const problems: LabProblem[] = [];
  const check = (value: unknown, path: PropertyKey[], mustBePublic: boolean) => {
    for (const name of referencedNames(value)) {
      if (!Object.hasOwn(declared, name))
        problems.push(source.problemAt(path, `refers to {{${name}}}, which variants.values does not declare`));
      else if (mustBePublic && !declared[name]!.public)
        problems.push(
          source.problemAt(
            path,
            `shows {{${name}}} to trainees, but that value is not declared public: answers must not appear in prompts`,
          ),
        );
    }
  };
  definition.tasks.forEach((task, index) => {
    check(task.prompt, ['tasks', index, 'prompt'], true);
    check(task.placeholder, ['tasks', index, 'placeholder'], true);
    task.hints.forEach((hint, hintIndex) => {
      check(hint.text, ['tasks', index, 'hints', hintIndex, 'text'], false);
    });
    check(task.explanation, ['tasks', index, 'explanation'], false);
    check(task.answer, ['tasks', index, 'answer'], false);
    // Option, item and label texts are shown in the answer field, so they may only use public values.
    for (const field of ['options', 'items', 'labels'] as const)
      if (field in task.answer)
        check((task.answer as Record<string, unknown>)[field], ['tasks', index, 'answer', field], true);
    check(task.examples, ['tasks', index, 'examples'], false);
    check(task.misconceptions, ['tasks', index, 'misconceptions'], false);
  });
  for (const name of referencedNames(brief)) {
    if (!Object.hasOwn(declared, name))
      problems.push({
        file: displayPath(join(source.file, '..', definition.brief)),
        message: `refers to {{${name}}}, which variants.values does not declare`,
      });
    else if (!declared[name]!.public)
      problems.push({
        file: displayPath(join(source.file, '..', definition.brief)),
        message: `shows {{${name}}} to trainees, but that value is not declared public`,
      });
  }
  return problems;
}

/**
 * Generates one variant at load time so that a generator that crashes, forgets a value or returns
 * the wrong type fails the load with a clear message instead of failing a trainee later. For labs
 * without variants it checks that every task's reference answer is accepted.
 */
function probeVariant(lab: LoadedLab, source: YamlSource): LabProblem[] {
  let variant: ReturnType<typeof generateVariant>;
  try {
    variant = generateVariant(lab, 'load-probe');
  } catch (error) {
    return [source.problemAt(['variants', 'generator'], error instanceof Error ? error.message : String(error))];
  }
  const problems: LabProblem[] = [];
  lab.definition.tasks.forEach((task, index) => {
    try {
      const resolved = resolveTask(task, variant);
      for (const message of lintAnswerSpec(resolved.answer))
        problems.push(source.problemAt(['tasks', index, 'answer'], message));
      const misconceptions = task.misconceptions.map((misconception) => ({
        name: misconception.name,
        answer: interpolate(misconception.answer, variant.values),
      }));
      for (const message of misconceptionProblems(resolved.answer, misconceptions))
        problems.push(source.problemAt(['tasks', index, 'misconceptions'], message));
    } catch (error) {
      problems.push(
        source.problemAt(['tasks', index, 'answer'], error instanceof Error ? error.message : String(error)),
      );
    }
  });
  return problems;
}

async function importGenerator(path: string): Promise<VariantGenerator> {
  const exists = await stat(path).catch(() => undefined);
  if (!exists?.isFile()) throw new Error(`the generator module "${displayPath(path)}" does not exist`);
  // Under tsx (tests, tools) the module is imported as it is; the compiled server has no TypeScript loader.
  const url = runsBundled ? await compileGenerator(path) : pathToFileURL(path).href;
  const module = (await import(url)) as { default?: unknown };
  if (typeof module.default !== 'function')
    throw new Error(
      `the generator module "${displayPath(path)}" must have a default export: ` +
        'a function (context) => { files, values }',
    );
  return module.default as VariantGenerator;
}

/** esbuild, started on the first generator the compiled server loads; stopped when the library is loaded. */
let generatorCompiler: Promise<typeof import('esbuild')> | undefined;

/**
 * Compiles a generator and what it imports from its own folder into one module, as a data: URL to
 * import. Packages are not bundled: each is imported from the file it resolves to from the
 * generator's folder, as tsx would import it (a data: URL cannot resolve a package name itself).
 * Stack frames name the data: URL or its sourceURL (the generator's, with `?compiled`) with the
 * bundle's lines: Node applies no source map to a data: URL, so generator-errors.ts keeps the
 * bundle's inline map and names the author's line in generate.ts when the generator throws.
 */
async function compileGenerator(path: string): Promise<string> {
  const esbuild = await (generatorCompiler ??= import('esbuild'));
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [packagesByFileUrl],
    sourcemap: 'inline',
  });
  return compiledGeneratorUrl(`${pathToFileURL(path).href}?compiled`, result.outputFiles[0]!.text);
}

const RESOLVING = Symbol('resolving a package for a generator');

/** An esbuild plugin that leaves packages out of the bundle, imported by the absolute URL of the file each resolves to. */
const packagesByFileUrl: Plugin = {
  name: 'packages-by-file-url',
  setup(build) {
    // Bare names only: relative and absolute imports are the generator's own files, bundled. No `u`
    // flag: esbuild runs the filter with Go's regular expressions, which refuse it.
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === RESOLVING || isBuiltin(args.path)) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: RESOLVING,
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

/** Stops esbuild's child process once the generators are compiled (a later load starts it again). */
async function stopGeneratorCompiler(): Promise<void> {
  const compiler = generatorCompiler;
  generatorCompiler = undefined;
  if (compiler) await (await compiler).stop();
}

/** Streams a file through SHA-256, so large evidence is never read into memory whole. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function loadCourse(path: string, labs: Map<string, LoadedLab>): Promise<LoadedCourse> {
  const { definition, problems } = await readCourse(
    path,
    (id) => labs.has(id),
    (id) => `no lab "${id}" was loaded (missing, or it failed to load)`,
  );
  if (!definition || problems.length > 0) throw new LabInvalid(problems);
  return { definition, file: path };
}

/**
 * A course file read and checked: the schema, the id against the file name, each lab known (`hasLab`;
 * `missingLab` says what an unknown one is where the course is read), listed once, and `requires`
 * naming only labs listed earlier. The library's loader and a package's check both read courses so.
 */
export async function readCourse(
  path: string,
  hasLab: (id: string) => boolean,
  missingLab: (id: string) => string,
): Promise<{ definition?: CourseDefinition; problems: LabProblem[] }> {
  let source: YamlSource;
  try {
    source = await readYaml(path);
  } catch (error) {
    return { problems: problemsOf(error, displayPath(path)) };
  }
  const parsed = courseSchema.safeParse(source.toJS(), { reportInput: true });
  if (!parsed.success) return { problems: source.schemaProblems(parsed.error) };
  const definition = parsed.data;
  const problems: LabProblem[] = [];
  const name = basename(path, '.yaml');
  if (definition.id !== name)
    problems.push(source.problemAt(['id'], `the course id "${definition.id}" must equal its file name "${name}"`));
  const seen = new Set<string>();
  definition.labs.forEach((entry, index) => {
    if (!hasLab(entry.lab)) problems.push(source.problemAt(['labs', index, 'lab'], missingLab(entry.lab)));
    if (seen.has(entry.lab))
      problems.push(source.problemAt(['labs', index, 'lab'], `the lab "${entry.lab}" is listed twice`));
    entry.requires.forEach((required, position) => {
      if (!seen.has(required))
        problems.push(
          source.problemAt(
            ['labs', index, 'requires', position],
            `requires "${required}", which is not listed earlier in this course`,
          ),
        );
    });
    seen.add(entry.lab);
  });
  return { definition, problems };
}
