import { client, read, type Me } from '../../lib/api.ts';

/** The most cohorts whose assignments are read for suggestions. */
const COHORTS_READ = 20;

/**
 * Lab and course ids to suggest in the assign form. The API has no list of installed labs for
 * instructors, so this gathers the ids the instructor's cohorts already use (and, for an
 * administrator, the ids the health route lists). Suggestions only: any id can be typed.
 */
export async function knownLabsAndCourses(user: Me | null | undefined): Promise<{ labIds: string[]; courseIds: string[] }> {
  const labIds = new Set<string>();
  const courseIds = new Set<string>();
  if (user?.role === 'admin') {
    const { labs } = await read(client.health.$get());
    if ('ids' in labs && Array.isArray(labs.ids)) for (const id of labs.ids) labIds.add(id);
    if ('courses' in labs && Array.isArray(labs.courses)) for (const id of labs.courses) courseIds.add(id);
  }
  const { cohorts } = await read(client.cohorts.$get());
  const details = await Promise.all(cohorts.slice(0, COHORTS_READ).map((cohort) => read(client.cohorts[':cohortId'].$get({ param: { cohortId: String(cohort.id) } }))));
  for (const { assignments } of details)
    for (const assignment of assignments) {
      labIds.add(assignment.labId);
      if (assignment.courseId) courseIds.add(assignment.courseId);
    }
  return { labIds: [...labIds].sort(), courseIds: [...courseIds].sort() };
}
