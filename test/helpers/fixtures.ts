import { join } from 'node:path';
import { type TestAPI, test } from 'vitest';
import { createApp, type AppType } from '../../server/app.ts';
import { openDatabase } from '../../server/db/client.ts';
import { RateLimiter } from '../../server/security/rate-limiter.ts';
import { createServices } from '../../server/services/create-services.ts';
import { Agent, Harness } from './harness.ts';
import { addApiTestLab, LabFixture } from './lab-fixtures.ts';

/** What vitest hands a builder fixture besides the other fixtures. */
export interface FixtureHooks {
  onCleanup: (cleanup: () => Promise<void> | void) => void;
}

/** A throw-away labs folder to edit, deleted after its test (or file): `test.extend('fixture', labFixture)`. */
// biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
export async function labFixture({}: object, { onCleanup }: FixtureHooks): Promise<LabFixture> {
  const fixture = await LabFixture.create();
  onCleanup(() => fixture.dispose());
  return fixture;
}

/**
 * A throw-away labs folder made by `prepare`, deleted after its test (or file): the value of the
 * `labsDir` fixture, as in `apiTest.extend('labsDir', labsFolder(addApiTestCourse))`.
 */
export function labsFolder(prepare: (fixture: LabFixture) => Promise<unknown>) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
  return async ({}: object, hooks: FixtureHooks): Promise<string> => {
    const fixture = await labFixture({}, hooks);
    await prepare(fixture);
    return fixture.labsDir;
  };
}

/** A fresh app on a fresh SQLite file over the labs folder (no labs at all when null), disposed after. */
export async function openHarness(
  { labsDir }: { labsDir: string | null },
  { onCleanup }: FixtureHooks,
): Promise<Harness> {
  const harness = await Harness.create(labsDir === null ? { withoutLabs: true } : { labsDir });
  onCleanup(() => harness.dispose());
  return harness;
}

/**
 * The usual world of an API test, each part made only when a test asks for it:
 * - `labsDir`: a labs folder holding `api-lab` (addApiTestLab); a file that needs other labs
 *   extends it with labsFolder(...), `'labs'` for the shipped ones or `null` for none;
 * - `harness`: the app on its own SQLite file over those labs;
 * - `ines` (instructor) and `tomas` (trainee): accounts with the test password;
 * - `cohort`: Ines's cohort with Tomas in it and `api-lab` assigned;
 * - `instructor`: Ines signed in; `trainee`: Tomas signed in, once the cohort exists;
 * - `administrator`: an account with the admin role (`root-admin`); `adminAgent`: that account signed in.
 */
function apiWorld(scope: 'test' | 'file') {
  // The builder types each scope by its own overload; the chain is the same in both, so both are typed
  // as the test-scoped one (a file-scoped fixture here depends only on the file-scoped ones before it).
  const options = { scope } as { scope: 'test' };
  return test
    .extend<'labsDir', string | null>('labsDir', options, labsFolder(addApiTestLab))
    .extend('harness', options, openHarness)
    .extend('ines', options, ({ harness }) => harness.user('ines', 'instructor'))
    .extend('tomas', options, ({ harness }) => harness.user('tomas'))
    .extend('cohort', options, async ({ harness, ines, tomas }) => harness.cohort(ines, [tomas], ['api-lab']))
    .extend('instructor', options, ({ harness, ines }) => harness.signIn(ines))
    .extend('trainee', options, ({ harness, tomas, cohort: _joined }) => harness.signIn(tomas))
    .extend('administrator', options, ({ harness }) => harness.user('root-admin', 'admin'))
    .extend('adminAgent', options, ({ harness, administrator }) => harness.signIn(administrator));
}

/** The usual world, fresh for every test. */
export const apiTest = apiWorld('test');

/** The fixtures of a builder, without vitest's scope markers. */
type FixturesOf<Builder> =
  Builder extends TestAPI<infer Context> ? Omit<Context, '$__worker' | '$__file' | '$__test'> : never;

/**
 * The usual world made once for a whole file: for tests that only read it, or whose writes are
 * refused. A file that extends it gives its own fixtures `{ scope: 'file' }` too; it is typed as
 * file-scoped (which apiWorld's chain is not, see there) so that those may use the world's fixtures.
 */
export const sharedApiTest = apiWorld('file') as unknown as TestAPI<
  FixturesOf<typeof apiTest> & { readonly $__file?: FixturesOf<typeof apiTest> }
>;

/**
 * Accounts and sessions: no labs (the app is then cheap to build), and Tomas in every test, asked
 * for or not, as many tests sign in (or fail to) by his name alone.
 */
export const accountTest = apiTest
  .extend('labsDir', null)
  .extend('tomasSignedUp', { auto: true }, ({ tomas }) => tomas);

/**
 * The usual world with the per-task answer rate limit lifted: for tests that send many answers to one
 * task and test something else (the attempt limit, request bodies, database locks).
 */
export const unthrottledTest = apiTest.extend('unthrottled', { auto: true }, ({ harness }) => {
  harness.services.limits.submissionsPerTask = new RateLimiter(1000, 60_000);
});

/** sharedApiTest over a labs folder of the file's own, made by `prepare` (see labsFolder). */
export function sharedApiTestOver(prepare: (fixture: LabFixture) => Promise<unknown>) {
  return sharedApiTest.extend('labsDir', { scope: 'file' }, labsFolder(prepare));
}

/**
 * The usual world and a second app on its database file (`otherDb`, `otherApp`): another server
 * process, or an administrator's script, with caches of its own that hear of the first app's changes
 * only through the database.
 */
export const twoProcessTest = apiTest
  .extend('otherDb', ({ harness }, { onCleanup }) => {
    const db = openDatabase(join(harness.dir, 'casebench.db'));
    onCleanup(() => {
      db.$client.close();
    });
    return db;
  })
  .extend('otherApp', ({ harness, otherDb }) =>
    createApp(createServices(otherDb, harness.library, { cacheDir: join(harness.dir, 'cache'), clock: harness.clock })),
  );

/** The same browser session (the agent's cookie), talking to another app. */
export function sameSessionOn(app: AppType, agent: Agent): Agent {
  const other = new Agent(app, agent.user);
  other.cookie = agent.cookie;
  return other;
}
