import { test } from 'vitest';
import { Harness } from './harness.ts';
import { addApiTestLab, LabFixture } from './lab-fixtures.ts';

/** What vitest hands a builder fixture besides the other fixtures. */
export interface FixtureHooks {
  onCleanup: (cleanup: () => Promise<void> | void) => void;
}

/**
 * A throw-away labs folder made by `prepare`, deleted after its test (or file): the value of the
 * `labsDir` fixture, as in `apiTest.extend('labsDir', labsFolder(addApiTestCourse))`.
 */
export function labsFolder(prepare: (fixture: LabFixture) => Promise<unknown>) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; it has none.
  return async ({}: object, { onCleanup }: FixtureHooks): Promise<string> => {
    const fixture = await LabFixture.create();
    onCleanup(() => fixture.dispose());
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
 * The usual world of an API test, each part made only when a test asks for it, all fresh per test:
 * - `labsDir`: a labs folder holding `api-lab` (addApiTestLab); a file that needs other labs
 *   extends it with labsFolder(...), `'labs'` for the shipped ones or `null` for none;
 * - `harness`: the app on its own SQLite file over those labs;
 * - `ines` (instructor) and `tomas` (trainee): accounts with the test password;
 * - `cohort`: Ines's cohort with Tomas in it and `api-lab` assigned;
 * - `instructor`: Ines signed in; `trainee`: Tomas signed in, once the cohort exists.
 */
export const apiTest = test
  .extend<'labsDir', string | null>('labsDir', labsFolder(addApiTestLab))
  .extend('harness', openHarness)
  .extend('ines', ({ harness }) => harness.user('ines', 'instructor'))
  .extend('tomas', ({ harness }) => harness.user('tomas'))
  .extend('cohort', async ({ harness, ines, tomas }) => harness.cohort(ines, [tomas], ['api-lab']))
  .extend('instructor', ({ harness, ines }) => harness.signIn(ines))
  .extend('trainee', ({ harness, tomas, cohort: _joined }) => harness.signIn(tomas));
