import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';
import { read } from '../helpers/read.ts';

/** Two labs and a course that takes them in order. */
const it = apiTest.extend(
  'labsDir',
  labsFolder(async (fixture) => {
    await addApiTestLab(fixture, 'api-lab');
    await addApiTestLab(fixture, 'second-lab');
    await mkdir(join(fixture.labsDir, 'courses'));
    await fixture.write(
      'api-lab',
      '../courses/starter.yaml',
      'id: starter\ntitle: Starter course\nsummary: Two labs.\naudience: investigator\nlabs:\n  - lab: api-lab\n  - lab: second-lab\n    requires: [api-lab]\n',
    );
  }),
);

describe('GET /api/instructor/library', () => {
  it('lists the installed labs and courses with their titles for an instructor choosing what to assign', async ({
    instructor,
  }) => {
    const response = await read(instructor.api.instructor.library.$get());
    expect(response.status).toBe(200);
    expect(response.body.labs.map((lab) => [lab.id, lab.tasks])).toEqual([
      ['api-lab', 3],
      ['second-lab', 3],
    ]);
    expect(response.body.courses).toEqual([
      { id: 'starter', title: 'Starter course', summary: 'Two labs.', labs: ['api-lab', 'second-lab'] },
    ]);
  });

  it('is refused to trainees, who must not learn which labs exist beyond their own', async ({ harness, tomas }) => {
    const trainee = await harness.signIn(tomas);
    expect((await trainee.api.instructor.library.$get()).status).toBe(403);
    expect((await harness.anonymous().api.instructor.library.$get()).status).toBe(401);
  });
});
