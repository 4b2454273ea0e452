import { createUser } from '../../server/services/accounts/accounts.ts';
import { joinCohort } from '../../server/services/cohorts/cohorts.ts';
import { type Harness, TEST_PASSWORD } from './harness.ts';

/**
 * Trainees `odd0`, `odd1`, … with the given display names (the odd ones an export must quote or
 * defuse), each joined to a cohort with its code, in that order.
 */
export async function joinTraineesNamed(harness: Harness, joinCode: string, displayNames: string[]): Promise<void> {
  for (const [index, displayName] of displayNames.entries()) {
    const trainee = await createUser(
      harness.services,
      { username: `odd${index}`, displayName, role: 'trainee', password: TEST_PASSWORD },
      null,
    );
    await joinCohort(harness.services, trainee, joinCode);
  }
}
