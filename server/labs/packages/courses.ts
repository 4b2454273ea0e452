import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { displayPath, readCourse as readCourseChecked, type LabLibrary } from '../loader.ts';

/** Where the courses installed from packages in the browser are kept: `<authoring>/courses/<id>.yaml`. */
export function packagedCoursesDir(authoringDir: string): string {
  return join(authoringDir, 'courses');
}

/** A course file of a package or of the packaged courses, checked as the loader checks courses (loader's readCourse). */
export function readCourse(path: string, hasLab: (id: string) => boolean) {
  return readCourseChecked(path, hasLab, (id) => `the lab "${id}" is neither in the package nor installed`);
}

/**
 * Writes a course file into the packaged courses folder, whole or not at all (written beside it, then
 * renamed), and answers how to undo it: the file it replaced written back, or the new one removed.
 */
export async function writePackagedCourse(
  authoringDir: string,
  id: string,
  text: string,
): Promise<{ file: string; undo: () => Promise<void> }> {
  const dir = packagedCoursesDir(authoringDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${id}.yaml`);
  const replaced = await readFile(path, 'utf8').catch(() => undefined);
  const writeWhole = async (content: string) => {
    await writeFile(`${path}.partial`, content);
    await rename(`${path}.partial`, path);
  };
  try {
    await writeWhole(text);
  } catch (error) {
    await rm(`${path}.partial`, { force: true });
    throw error;
  }
  return {
    file: path,
    undo: async () => {
      if (replaced === undefined) await rm(path, { force: true });
      else await writeWhole(replaced);
      // The folder, if this made it and nothing else is in it.
      await rmdir(dir).catch(() => undefined);
    },
  };
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
