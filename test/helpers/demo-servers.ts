import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../server/services/demo/seed.ts';
import type { FixtureHooks } from './fixtures.ts';
import { addApiTestLab, LabFixture } from './lab-fixtures.ts';
import { HttpAgent, killAllServers, type ServerOptions, type ServerProcess } from './server-process.ts';

/** The demo's trainees, whom every real server seeds on its first start. */
export const DEMO_TRAINEES = DEMO_ACCOUNTS.filter((account) => account.role === 'trainee');

/** Where real servers keep their files: `options(file)` for a server on the database `file` of the folder. */
export interface ServerFolder {
  options(file?: string): ServerOptions & { databasePath: string };
}

/**
 * A throw-away folder for real server processes over API test labs (`labIds`, made by addApiTestLab),
 * as a fixture: `test.extend('folder', serverFolder(['api-lab']))`. Every server still running is
 * killed after it (after its test, or its file with `{ scope: 'file' }`), and the folder deleted.
 */
export function serverFolder(labIds: string[]) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
  return async ({}: object, { onCleanup }: FixtureHooks): Promise<ServerFolder> => {
    const dir = await mkdtemp(join(tmpdir(), 'casebench-servers-'));
    const labs = await LabFixture.create();
    onCleanup(async () => {
      await killAllServers();
      await labs.dispose();
      await rm(dir, { recursive: true, force: true });
    });
    for (const labId of labIds) await addApiTestLab(labs, labId);
    return {
      options: (file = 'casebench.db') => ({
        databasePath: join(dir, file),
        cacheDir: join(dir, 'cache'),
        labsDir: labs.labsDir,
        // These tests count answers and points from a clean start.
        env: { CASEBENCH_DEMO_ACTIVITY: '0' },
      }),
    };
  };
}

/** Every demo trainee signed in to the server, in DEMO_TRAINEES order. */
export function signInDemoTrainees(server: ServerProcess): Promise<HttpAgent[]> {
  return Promise.all(
    DEMO_TRAINEES.map((trainee) => new HttpAgent(server.url).signIn(trainee.username, trainee.password)),
  );
}
