import { client, read } from '../../lib/api.ts';

/** The installed labs and courses, offered in the assign form (any id can still be typed). */
export async function knownLabsAndCourses(): Promise<{
  labIds: { id: string; title: string }[];
  courseIds: { id: string; title: string }[];
}> {
  const { labs, courses } = await read(client.instructor.library.$get());
  return {
    labIds: labs.map(({ id, title }) => ({ id, title })),
    courseIds: courses.map(({ id, title }) => ({ id, title })),
  };
}
