import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addApiTestLab, type LabFixture } from '../helpers/lab-fixtures.ts';

/**
 * Two API test labs and a course that takes them in order, the second requiring the first:
 * `api-lab` then `api-lab-2`, in course `api-course`.
 */
export async function addApiTestCourse(fixture: LabFixture): Promise<void> {
  await addApiTestLab(fixture, 'api-lab');
  await addApiTestLab(fixture, 'api-lab-2');
  const dir = join(fixture.labsDir, 'courses');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'api-course.yaml'),
    `id: api-course
title: API course
summary: The two API labs, the second opening once the first is completed.
audience: both
labs:
  - lab: api-lab
  - lab: api-lab-2
    requires: [api-lab]
`,
  );
}

/** The answers that settle every task of an API test lab (the manual one is handed in for review). */
export const API_LAB_SOLUTION: [taskId: string, answer: string][] = [
  ['attacker-ip', '203.0.113.77'],
  ['attempts', '2'],
  ['summary', 'The attacker guessed passwords from 203.0.113.77 and did not get in.'],
];
