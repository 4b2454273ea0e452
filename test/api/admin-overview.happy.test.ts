import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';

/*
 * The administrator's start page over labs loaded by the real loader: the shipped labs folder, and
 * a folder where one lab does not load. What it says must be what /api/health tells administrators.
 */

interface Overview {
  library: {
    version: string;
    labs: { id: string; title: string; version: number }[];
    courses: { id: string; title: string }[];
    failed: { id: string; problems: string[] }[];
  };
}

interface AdminHealth {
  labs: { loaded: number; failedCount: number; ids?: string[]; courses?: string[]; failed?: unknown[] };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const byTitle = <Item extends { title: string }>(items: Item[]) =>
  [...items].sort((a, b) => a.title.localeCompare(b.title));

describe('the start page over the shipped labs', () => {
  const it = apiTest.extend('labsDir', 'labs');

  it('lists every shipped lab and course by title, with its version, and no failure', async ({ adminAgent }) => {
    // Loaded again here, apart from the app's library, so that the page is compared with the folder.
    const shipped = await loadLibrary('labs');
    expect(shipped.labs.size).toBeGreaterThan(10);
    const overview = await adminAgent.json<Overview>('GET', '/api/admin/overview');
    expect(overview.status, overview.text).toBe(200);
    expect(overview.body.library.labs).toEqual(
      byTitle(
        [...shipped.labs.values()].map(({ definition }) => ({
          id: definition.id,
          title: definition.title,
          version: definition.version,
        })),
      ),
    );
    expect(overview.body.library.courses).toEqual(
      byTitle([...shipped.courses.values()].map(({ definition }) => ({ id: definition.id, title: definition.title }))),
    );
    expect(overview.body.library.failed).toEqual([]);

    const health = await adminAgent.json<AdminHealth>('GET', '/api/health');
    expect(health.body.labs.loaded).toBe(overview.body.library.labs.length);
    expect([...health.body.labs.ids!].sort()).toEqual(overview.body.library.labs.map((lab) => lab.id).sort());
    expect([...health.body.labs.courses!].sort()).toEqual(overview.body.library.courses.map((c) => c.id).sort());
    expect(overview.body.library.version).toMatch(/^\d+\.\d+\.\d+$/u);
  });
});

describe('the start page when a lab failed to load', () => {
  /** api-lab, which loads, and broken-lab: a lab from the template with a difficulty and points the format refuses. */
  const it = apiTest.extend(
    'labsDir',
    labsFolder(async (fixture) => {
      await addApiTestLab(fixture);
      await fixture.addLab('broken-lab');
      await fixture.edit('broken-lab', 'difficulty: beginner', 'difficulty: legendary');
      await fixture.edit('broken-lab', 'points: 10', 'points: ten');
    }),
  );

  it('lists the lab that loaded, and the broken one apart with every problem located', async ({
    adminAgent,
    labsDir,
  }) => {
    const overview = await adminAgent.json<Overview>('GET', '/api/admin/overview');
    expect(overview.status, overview.text).toBe(200);
    expect(overview.body.library.labs).toEqual([{ id: 'api-lab', title: 'New lab api-lab', version: 1 }]);
    expect(overview.body.library.failed).toHaveLength(1);
    const [broken] = overview.body.library.failed;
    expect(broken!.id).toBe('broken-lab');
    // Each problem as `npm run lab -- validate` prints it: file, line and field, then what is wrong.
    const labYaml = join(labsDir!, 'broken-lab', 'lab.yaml');
    const lines = (await readFile(labYaml, 'utf8')).split('\n');
    const lineOf = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    expect(broken!.problems).toEqual([
      `${labYaml}:${lineOf('difficulty: legendary')}:13 difficulty: expected one of "beginner", "intermediate", "advanced", got string "legendary"`,
      expect.stringMatching(
        new RegExp(`^${escapeRegExp(labYaml)}:${lineOf('points: ten')}:\\d+ tasks\\[0\\]\\.points: `, 'u'),
      ),
    ]);
    // The same failure as a fresh load of the folder reports: nothing is made up or left out.
    const again = await loadLibrary(labsDir!);
    expect(again.failures.map((failure) => failure.id)).toEqual(['broken-lab']);
    expect(broken!.problems).toHaveLength(again.failures[0]!.problems.length);

    const health = await adminAgent.json<AdminHealth>('GET', '/api/health');
    expect(health.body.labs).toMatchObject({ loaded: 1, failedCount: 1, failed: overview.body.library.failed });
  });

  it('tells instructors and trainees neither the broken lab nor its problems; they cannot open the page', async ({
    instructor,
    trainee,
  }) => {
    for (const agent of [instructor, trainee]) {
      const overview = await agent.json('GET', '/api/admin/overview');
      expect(overview.status).toBe(403);
      expect(overview.text).not.toContain('broken-lab');
      const health = await agent.json<AdminHealth>('GET', '/api/health');
      expect(health.body.labs).toEqual({ loaded: 1, failedCount: 1 });
      expect(health.text).not.toContain('broken-lab');
    }
  });
});
