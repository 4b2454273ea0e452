import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';
import { displayPath, type LoadedLab } from './loader.ts';
import type { LabProblem } from './problems.ts';

/*
 * `npm run lab -- validate` type-checks the labs' generators with the project's own TypeScript
 * compiler and settings (tsconfig.base.json): the loader runs a generator without checking its
 * types, so a value of the wrong type would otherwise only show as a wrong answer later. All the
 * generators are checked in one run of tsc.
 */

/** tsc's diagnostic: "labs/x/generate.ts(12,5): error TS2322: Type 'number' is not assignable ...". */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/u;

function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** What tsc reported, by lab id; undefined when tsc could not be run (the check is then skipped). */
export async function typeCheckGenerators(labs: readonly LoadedLab[]): Promise<Map<string, LabProblem[]> | undefined> {
  const generators = labs.flatMap((lab) =>
    lab.definition.variants ? [{ lab, path: resolve(lab.dir, lab.definition.variants.generator) }] : [],
  );
  const problems = new Map<string, LabProblem[]>();
  if (generators.length === 0) return problems;
  const tsc = join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
  if (!existsSync(tsc)) return undefined;
  const folder = await mkdtemp(join(tmpdir(), 'casebench-typecheck-'));
  try {
    const config = join(folder, 'tsconfig.json');
    await writeFile(
      config,
      JSON.stringify({
        extends: join(projectRoot, 'tsconfig.base.json'),
        compilerOptions: {
          lib: ['ES2023'],
          // As tsx and esbuild run a generator: an ES module wherever the lab folder is, even where
          // no package.json says "type": "module" (NodeNext would read it as CommonJS there).
          module: 'ESNext',
          moduleResolution: 'Bundler',
          types: ['node'],
          typeRoots: [join(projectRoot, 'node_modules', '@types')],
          noEmit: true,
          pretty: false,
          // A lab outside the project (a draft in the authoring folder, a folder given to validate)
          // cannot reach Casebench's own types (../../server/labs/variants.ts): what it gets from
          // them is untyped there, so only the errors of its own code are reported.
          ...(generators.some(({ lab }) => !isInside(projectRoot, lab.dir)) && { noImplicitAny: false }),
        },
        files: generators.map((generator) => generator.path),
      }),
    );
    const output = await new Promise<string>((done) => {
      execFile(tsc, ['-p', config], { maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => done(stdout));
    });
    let last: LabProblem | undefined;
    for (const line of output.split(/\r?\n/u)) {
      const diagnostic = DIAGNOSTIC.exec(line);
      if (!diagnostic) {
        // A diagnostic's further lines are indented under it.
        if (last && /^\s+\S/u.test(line)) last.message += ` ${line.trim()}`;
        continue;
      }
      last = undefined;
      const [, file, lineNumber, column, code, message] = diagnostic;
      const path = resolve(folder, file!);
      const owner = generators.find(({ lab }) => isInside(lab.dir, path));
      // An error in a file no lab holds (a shared module of the project) is the project's, not a lab's.
      if (!owner) continue;
      // A lab outside the project (a folder given to validate) cannot reach the project's types, such
      // as ../../server/labs/variants.ts; a type-only import is erased when the generator runs.
      if (code === 'TS2307' && !isInside(projectRoot, owner.lab.dir)) continue;
      last = {
        file: displayPath(path),
        line: Number(lineNumber),
        column: Number(column),
        message: `type error ${code}: ${message}`,
      };
      const list = problems.get(owner.lab.definition.id) ?? [];
      list.push(last);
      problems.set(owner.lab.definition.id, list);
    }
    return problems;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
