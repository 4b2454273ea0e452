// Several server processes may share one database file (README, Operations). A publish, a restore or
// a package installed through one of them changes that process's labs at once; these tests prove that
// another process, started before and never restarted, serves what is live on its very next request,
// while each trainee's recorded work keeps the version it was made against, and that it loads nothing
// again while nothing was published.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { moveLibraryEpoch } from '../../server/db/library-epoch.ts';
import { versionLabDir } from '../../server/services/authoring/storage.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { folderEntries, manifestEntry, zipOf } from '../helpers/package-archives.ts';
import { sameSessionOn } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';
import { upload } from './admin-packages.fixture.ts';
import { authoringTest, editText, newDraft, publish, restartedApp } from './authoring.fixture.ts';

/** A second server process on the harness's database file and authoring folder, started now. */
const twoProcessAuthoringTest = authoringTest.extend('processB', async ({ harness, labsDir }, { onCleanup }) => {
  const processB = await restartedApp(harness, labsDir!);
  onCleanup(() => {
    processB.close();
  });
  return processB;
});
const it = twoProcessAuthoringTest;

/** The lab as a trainee sees it: its version, title, the brief's first line and the task titles. */
async function traineeView(agent: Agent, labId = 'api-lab') {
  const opened = await read(agent.api.labs[':labId'].$get({ param: { labId } }));
  expect(opened.status, opened.text).toBe(200);
  const { lab } = opened.body;
  return {
    version: lab.version,
    title: lab.title,
    brief: lab.brief.split('\n')[0],
    tasks: lab.tasks.map((t) => t.title),
  };
}

async function answer(agent: Agent, taskId: string, text: string) {
  const answered = await read(
    agent.api.labs[':labId'].tasks[':taskId'].submissions.$post({
      param: { labId: 'api-lab', taskId },
      json: { answer: text },
    }),
  );
  expect(answered.status, answered.text).toBe(201);
}

const submissionVersions = (harness: Harness) =>
  harness.db.$client.prepare('select task_id, lab_version from submissions order by id').all();

const VERSION_1 = {
  version: 1,
  title: 'New lab api-lab',
  brief: '# Case brief',
  tasks: ['Attacking address', 'Failed attempts', 'Summary for the prosecutor'],
};
const VERSION_2 = {
  version: 2,
  title: 'The FS01 intrusion (v2)',
  brief: '# Case brief, second edition',
  tasks: ['The attacking address (v2)', 'Failed attempts', 'Summary for the prosecutor'],
};

describe('a lab published in another server process', () => {
  it('is served by this process on its next request, and a restore there likewise; recorded work keeps its version', async ({
    harness,
    admin,
    trainee,
    processB,
  }) => {
    const traineeOnB = sameSessionOn(processB.app, trainee);
    expect(await traineeView(traineeOnB)).toEqual(VERSION_1);
    await answer(traineeOnB, 'attacker-ip', '203.0.113.77');

    const draft = await newDraft(admin, { from: 'lab', labId: 'api-lab' });
    await editText(admin, draft.id, 'lab.yaml', /^version: 1$/mu, 'version: 2');
    await editText(admin, draft.id, 'lab.yaml', 'title: New lab api-lab', `title: ${VERSION_2.title}`);
    await editText(admin, draft.id, 'lab.yaml', 'title: Attacking address', `title: ${VERSION_2.tasks[0]}`);
    await editText(admin, draft.id, 'brief.md', '# Case brief', VERSION_2.brief);
    const published = await publish(admin, draft.id);
    expect(published.status, published.text).toBe(200);

    expect(await traineeView(traineeOnB)).toEqual(VERSION_2);
    expect(await traineeView(trainee)).toEqual(VERSION_2);
    // The answer given before keeps version 1; a new one, given to this process, is graded against version 2.
    const history = await read(
      traineeOnB.api.labs[':labId'].tasks[':taskId'].submissions.$get({
        param: { labId: 'api-lab', taskId: 'attacker-ip' },
      }),
    );
    expect(history.body.submissions).toEqual([expect.objectContaining({ verdict: 'correct', labVersion: 1 })]);
    await answer(traineeOnB, 'attempts', '2');
    expect(submissionVersions(harness)).toEqual([
      { task_id: 'attacker-ip', lab_version: 1 },
      { task_id: 'attempts', lab_version: 2 },
    ]);

    const restored = await read(
      admin.api.authoring.labs[':labId'].versions[':version'].restore.$post({
        param: { labId: 'api-lab', version: '1' },
      }),
    );
    expect(restored.status, restored.text).toBe(200);
    expect(await traineeView(traineeOnB)).toEqual(VERSION_1);
    await answer(traineeOnB, 'summary', 'Someone guessed passwords from one address; every attempt failed.');
    expect(submissionVersions(harness)).toEqual([
      { task_id: 'attacker-ip', lab_version: 1 },
      { task_id: 'attempts', lab_version: 2 },
      { task_id: 'summary', lab_version: 1 },
    ]);
    // Both processes say the same about the lab's versions.
    const versionsOnB = await read(
      sameSessionOn(processB.app, admin).api.authoring.labs[':labId'].versions.$get({ param: { labId: 'api-lab' } }),
    );
    expect(versionsOnB.body).toMatchObject({ labId: 'api-lab', liveVersion: 1 });
  });

  it('is a new lab this process serves at once, and leaves every other lab of this process as it was', async ({
    author,
    instructor,
    cohort,
    trainee,
    processB,
  }) => {
    const traineeOnB = sameSessionOn(processB.app, trainee);
    await traineeView(traineeOnB);
    const loaded = processB.library.labs.get('api-lab');
    expect(loaded).toBeDefined();

    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'title: New lab proxy-case', 'title: The proxy case');
    expect((await publish(author, draft.id)).status).toBe(200);
    const assigned = await read(
      instructor.api.cohorts[':cohortId'].assignments.$post({
        param: { cohortId: String(cohort.id) },
        json: { labId: 'proxy-case' },
      }),
    );
    expect(assigned.status, assigned.text).toBeLessThan(300);

    expect((await traineeView(traineeOnB, 'proxy-case')).title).toBe('The proxy case');
    expect(processB.library.labs.get('api-lab')).toBe(loaded);
    expect((await read(traineeOnB.api.health.$get())).body.labs.loaded).toBe(2);
  });
});

describe('a process whose labs nobody changed', () => {
  it('loads nothing again, however much is committed, until the library epoch moves', async ({
    harness,
    labsDir,
    trainee,
    processB,
  }) => {
    const traineeOnB = sameSessionOn(processB.app, trainee);
    await traineeView(traineeOnB);
    const loaded = processB.library.labs.get('api-lab');
    // A live version 2 written by a script, which leaves the library epoch alone: a process that loaded
    // the live versions again would serve it, one that follows the epoch keeps what it has.
    const versionDir = versionLabDir(harness.services.authoringDir, 'api-lab', 2);
    await cp(join(labsDir!, 'api-lab'), versionDir, { recursive: true });
    const yaml = await readFile(join(versionDir, 'lab.yaml'), 'utf8');
    await writeFile(
      join(versionDir, 'lab.yaml'),
      yaml.replace(/^version: 1$/mu, 'version: 2').replace('title: New lab api-lab', 'title: Written by a script'),
    );
    harness.db.$client
      .prepare(
        "insert into lab_versions (lab_id, version, source, title, published_at, live) values ('api-lab', 2, 'draft', 'Written by a script', ?, 1)",
      )
      .run(Date.now());

    for (let round = 0; round < 3; round++) {
      // Answers committed through both processes move the database, not the labs.
      await answer(round % 2 === 0 ? trainee : traineeOnB, 'attacker-ip', `192.0.2.${round + 1}`);
      expect(await traineeView(traineeOnB)).toEqual(VERSION_1);
      expect(await traineeView(trainee)).toEqual(VERSION_1);
    }
    expect(harness.count('submissions')).toBe(3);
    expect(processB.library.labs.get('api-lab')).toBe(loaded);

    moveLibraryEpoch(harness.db);
    expect(await traineeView(traineeOnB)).toEqual({ ...VERSION_1, version: 2, title: 'Written by a script' });
    expect(await traineeView(trainee)).toEqual({ ...VERSION_1, version: 2, title: 'Written by a script' });
  });
});

describe('a course package installed in another server process', () => {
  it('is in the instructors’ library of this process on its next request', async ({
    adminAgent,
    instructor,
    processB,
  }) => {
    const instructorOnB = sameSessionOn(processB.app, instructor);
    const coursesOnB = async () =>
      (
        await instructorOnB.json<{ courses: { id: string; labs: { id: string }[] }[] }>(
          'GET',
          '/api/instructor/library',
        )
      ).body.courses.map((course) => ({ id: course.id, labs: course.labs.map((lab) => lab.id) }));
    expect(await coursesOnB()).toEqual([]);

    const fixture = await LabFixture.create();
    const files = [
      ...(await folderEntries(await fixture.addLab('first-lab'), 'first-lab')),
      {
        name: 'courses/a-course.yaml',
        data: 'id: a-course\ntitle: A course\nsummary: One lab.\naudience: investigator\nlabs:\n  - lab: first-lab\n',
      },
    ];
    await fixture.dispose();
    const archive = await zipOf([
      manifestEntry([{ id: 'first-lab', version: 1 }], files, { kind: 'course', id: 'a-course', course: 'a-course' }),
      ...files,
    ]);
    const installed = await upload(adminAgent, archive, { dryRun: false });
    expect(installed.status, installed.text).toBe(200);

    expect(await coursesOnB()).toEqual([{ id: 'a-course', labs: ['first-lab'] }]);
  });
});
