import type { InferResponseType } from 'hono/client';
import { client, read } from '../../../lib/api.ts';

/** The installed labs and courses as the library's cards describe them. */
export type Library = InferResponseType<typeof client.instructor.library.$get, 200>;
export type LibraryLab = Library['labs'][number];
export type LibraryCourse = Library['courses'][number];
export type Audience = LibraryLab['audiences'][number];
export type Difficulty = LibraryLab['difficulty'];

/** Reads the library (staff only). */
export async function loadLibrary(): Promise<Library> {
  return read(client.instructor.library.$get());
}

/** What the library's filters ask for: a text found in a title or a skill, an audience, a difficulty. */
export interface LibraryFilter {
  text: string;
  audience: Audience | '';
  difficulty: Difficulty | '';
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLocaleLowerCase().includes(needle);
}

/** Whether a lab matches the filter; one written for several audiences is shown under each of them. */
export function labMatches(lab: LibraryLab, filter: LibraryFilter): boolean {
  const text = filter.text.trim().toLocaleLowerCase();
  return (
    (!text || contains(lab.title, text) || lab.skills.some((skill) => contains(skill, text))) &&
    (!filter.audience || lab.audiences.includes(filter.audience)) &&
    (!filter.difficulty || lab.difficulty === filter.difficulty)
  );
}

/** Whether a course matches: by its title or any of its labs that match; difficulty is a lab's, not a course's. */
export function courseMatches(course: LibraryCourse, labs: LibraryLab[], filter: LibraryFilter): boolean {
  const text = filter.text.trim().toLocaleLowerCase();
  const ownLabs = labs.filter((lab) => course.labs.some((entry) => entry.id === lab.id));
  const byText =
    !text ||
    contains(course.title, text) ||
    ownLabs.some((lab) => labMatches(lab, { ...filter, audience: '', difficulty: '' }));
  const byAudience = !filter.audience || course.audiences.includes(filter.audience);
  const byDifficulty = !filter.difficulty || ownLabs.some((lab) => lab.difficulty === filter.difficulty);
  return byText && byAudience && byDifficulty;
}
