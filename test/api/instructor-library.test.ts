import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.ts';
import { addApiTestLab, LabFixture } from '../helpers/lab-fixtures.ts';

let fixture: LabFixture;
let harness: Harness;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await addApiTestLab(fixture, 'api-lab');
  await addApiTestLab(fixture, 'second-lab');
  await mkdir(join(fixture.labsDir, 'courses'));
  await fixture.write(
    'api-lab',
    '../courses/starter.yaml',
    'id: starter\ntitle: Starter course\nsummary: Two labs.\naudience: investigator\nlabs:\n  - lab: api-lab\n  - lab: second-lab\n    requires: [api-lab]\n',
  );
  harness = await Harness.create({ labsDir: fixture.labsDir });
});
afterEach(async () => {
  await harness.dispose();
  await fixture.dispose();
});

describe('GET /api/instructor/library', () => {
  it('lists the installed labs and courses with their titles for an instructor choosing what to assign', async () => {
    const instructor = await harness.signIn(await harness.user('ines', 'instructor'));
    const response = await instructor.json<{
      labs: { id: string; title: string; tasks: number }[];
      courses: { id: string; labs: string[] }[];
    }>('GET', '/api/instructor/library');
    expect(response.status).toBe(200);
    expect(response.body.labs.map((lab) => [lab.id, lab.tasks])).toEqual([
      ['api-lab', 3],
      ['second-lab', 3],
    ]);
    expect(response.body.courses).toEqual([
      { id: 'starter', title: 'Starter course', summary: 'Two labs.', labs: ['api-lab', 'second-lab'] },
    ]);
  });

  it('is refused to trainees, who must not learn which labs exist beyond their own', async () => {
    const trainee = await harness.signIn(await harness.user('tomas'));
    expect((await trainee.json('GET', '/api/instructor/library')).status).toBe(403);
    expect((await harness.anonymous().json('GET', '/api/instructor/library')).status).toBe(401);
  });
});
