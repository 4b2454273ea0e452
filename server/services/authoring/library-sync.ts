import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { labVersions } from '../../db/schema.ts';
import { tryLoadLab, type LabLibrary } from '../../labs/loader.ts';
import { packagedCoursesDir, readCourse } from '../../labs/packages/courses.ts';
import { formatProblem } from '../../labs/problems.ts';
import { swapIn } from './publish.ts';
import { versionLabDir } from './storage.ts';

/**
 * Keeps this process's lab library in step with what any server process on the same database file
 * published, restored or installed (issue #14). A publish changes the library of the process that
 * served it at once; every other process learns of it from the library epoch (library-epoch.ts),
 * read with the database stamp each request already reads, and then loads the live versions and the
 * packaged courses again, as main.ts does at start. Only what differs from what it serves is loaded
 * again: the other labs stay the very objects they were.
 */
export class LibrarySync {
  /** The library epoch this process's library reflects; undefined until the first request. */
  private followed: number | undefined;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly library: LabLibrary,
    private readonly authoringDir: string,
  ) {}

  /**
   * Nothing (no promise to wait for) while the library epoch is the one this process already
   * follows, which is every request but the first after a change; otherwise the reload to wait for,
   * shared by the requests that arrive meanwhile.
   */
  follow(libraryEpoch: number): Promise<void> | undefined {
    if (libraryEpoch === this.followed && !this.reloading) return undefined;
    return this.followTo(libraryEpoch);
  }

  private async followTo(libraryEpoch: number): Promise<void> {
    // A reload under way may have read the rows before this epoch was committed: wait, then look again.
    while (this.reloading) await this.reloading;
    if (libraryEpoch === this.followed) return;
    this.reloading = this.reload(libraryEpoch).finally(() => {
      this.reloading = undefined;
    });
    await this.reloading;
  }

  private async reload(libraryEpoch: number): Promise<void> {
    // Set first: the rows read below are at least as new as this epoch, never older.
    this.followed = libraryEpoch;
    try {
      await this.reloadLabs();
      await this.reloadCourses();
    } catch (error) {
      // Requests go on with the library as it is; the next change is another chance.
      console.error('the published labs could not be loaded again:', error);
    }
  }

  private async reloadLabs(): Promise<void> {
    const live = this.db
      .select({ labId: labVersions.labId, version: labVersions.version })
      .from(labVersions)
      .where(eq(labVersions.live, true))
      .all();
    for (const row of live) {
      const dir = versionLabDir(this.authoringDir, row.labId, row.version);
      const before = this.library.labs.get(row.labId);
      if (before && resolve(before.dir) === resolve(dir)) continue;
      const outcome = await tryLoadLab(dir);
      // A publish in this process while the folder loaded made a newer version live: it stays.
      if (this.library.labs.get(row.labId) !== before) continue;
      if ('lab' in outcome) {
        swapIn(this.library, outcome.lab);
        continue;
      }
      console.warn(`version ${row.version} of lab ${row.labId}, published elsewhere, was not loaded:`);
      for (const problem of outcome.failure.problems) console.warn(`  ${formatProblem(problem)}`);
      if (!before && !this.library.failures.some((failure) => failure.id === row.labId))
        this.library.failures.push({ ...outcome.failure, id: row.labId });
    }
  }

  private async reloadCourses(): Promise<void> {
    const dir = packagedCoursesDir(this.authoringDir);
    const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.yaml')).sort();
    for (const file of files) {
      const path = join(dir, file);
      const { definition, problems } = await readCourse(path, (id) => this.library.labs.has(id));
      if (!definition || problems.length > 0) {
        console.warn(`the course in ${path}, installed elsewhere, was not loaded:`);
        for (const problem of problems) console.warn(`  ${formatProblem(problem)}`);
        continue;
      }
      const current = this.library.courses.get(definition.id);
      if (current?.file === path && isDeepStrictEqual(current.definition, definition)) continue;
      this.library.courses.set(definition.id, { definition, file: path });
    }
  }
}
