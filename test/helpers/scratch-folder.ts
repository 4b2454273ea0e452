import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A throw-away folder for the files of a test file's tests, made before each test and removed after
 * it: `const scratch = scratchFolder('search')`, then `await scratch.write(content)` for a file of
 * its own (its path returned) or `scratch.path('name.log')` for a path in it.
 */
export function scratchFolder(name: string) {
  let dir = '';
  let count = 0;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `casebench-${name}-`));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const path = (file: string) => join(dir, file);
  return {
    path,
    async write(content: string | Uint8Array, file = `evidence-${++count}.log`): Promise<string> {
      await writeFile(path(file), content);
      return path(file);
    },
  };
}
