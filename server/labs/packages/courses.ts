import { readdir, rename, writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { displayPath, readYaml, type LabLibrary } from '../loader.ts';
import type { LabProblem, YamlSource } from '../problems.ts';
import { courseSchema, type CourseDefinition } from '../schema.ts';

/** Where the courses installed from packages in the browser are kept: `<authoring>/courses/<id>.yaml`. */
export function packagedCoursesDir(authoringDir: string): string {
  return join(authoringDir, 'courses');
}

/**
 * A course file read and checked as the loader checks courses: the schema, the id against the file
 * name, each lab known (`hasLab`), listed once, and `requires` naming only labs listed earlier.
 */
export async function readCourse(
  path: string,
  hasLab: (id: string) => boolean,
): Promise<{ definition?: CourseDefinition; problems: LabProblem[] }> {
  let source: YamlSource;
  try {
    source = await readYaml(path);
  } catch (error) {
    return {
      problems: (error as { problems?: LabProblem[] }).problems ?? [
        { file: displayPath(path), message: String(error) },
      ],
    };
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
    if (!hasLab(entry.lab))
      problems.push(
        source.problemAt(['labs', index, 'lab'], `the lab "${entry.lab}" is neither in the package nor installed`),
      );
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

/** Writes a course file into the packaged courses folder, whole or not at all (written beside it, then renamed). */
export async function writePackagedCourse(authoringDir: string, id: string, text: string): Promise<string> {
  const dir = packagedCoursesDir(authoringDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${id}.yaml`);
  await writeFile(`${path}.partial`, text);
  await rename(`${path}.partial`, path);
  return path;
}

/**
 * At start: the courses installed from packages, loaded over the labs folder's courses of the same
 * ids (as published labs are). A course that no longer loads is reported as a failure. Returns the ids loaded.
 */
export async function loadPackagedCourses(library: LabLibrary, authoringDir: string): Promise<string[]> {
  const dir = packagedCoursesDir(authoringDir);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.yaml')).sort();
  const loaded: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const { definition, problems } = await readCourse(path, (id) => library.labs.has(id));
    if (definition && problems.length === 0) {
      library.courses.set(definition.id, { definition, file: path });
      loaded.push(definition.id);
    } else library.failures.push({ id: basename(file, '.yaml'), file: displayPath(path), problems });
  }
  return loaded;
}
