import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { assignToCohort } from '../../server/services/cohorts/cohorts.ts';
import { sameSessionOn } from '../helpers/fixtures.ts';
import { read } from '../helpers/read.ts';
import {
  CUSTODY,
  authoringTest as it,
  draftText,
  editText,
  newDraft,
  publish,
  restartedApp,
  saveText,
  uploadEvidence,
} from './authoring.fixture.ts';

const param = (draftId: number) => ({ param: { draftId: String(draftId) } });

describe('authors', () => {
  it('an administrator marks an instructor as author, and unmarks them; each change is audited', async ({
    harness,
    admin,
    ines,
  }) => {
    const inesAgent = await harness.signIn(ines);
    expect((await read(inesAgent.api.authoring.me.$get())).body).toEqual({
      canAuthor: false,
      isAdmin: false,
      mayEditCode: false,
    });
    const marked = await read(
      admin.api.authoring.authors[':userId'].$put({ param: { userId: String(ines.id) }, json: { author: true } }),
    );
    expect(marked.body.account).toMatchObject({ username: 'ines', role: 'instructor', author: true });
    expect((await read(inesAgent.api.authoring.me.$get())).body.canAuthor).toBe(true);
    const listed = await read(admin.api.authoring.authors.$get());
    expect(listed.body.accounts.map((account) => [account.username, account.author])).toEqual([
      ['ada', true],
      ['ines', true],
    ]);
    await read(
      admin.api.authoring.authors[':userId'].$put({ param: { userId: String(ines.id) }, json: { author: false } }),
    );
    expect((await read(inesAgent.api.authoring.me.$get())).body.canAuthor).toBe(false);
    expect(
      harness.db.$client
        .prepare("select action from audit_log where subject = ? and action like 'authoring.%' order by id")
        .all(`user:${ines.id}`),
    ).toEqual([{ action: 'authoring.author_granted' }, { action: 'authoring.author_revoked' }]);
  });
});

describe('a draft from the template', () => {
  it('validates, passes its self-test, shows its variant and previews as a trainee would see it', async ({
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    expect(draft).toMatchObject({ labId: 'proxy-case', title: 'New lab proxy-case', version: 1, source: 'template' });
    expect(draft.files.map((file) => [file.path, file.text, file.code])).toEqual([
      ['brief.md', true, false],
      ['evidence/auth.log', true, false],
      ['lab.yaml', true, false],
    ]);
    const listed = await read(author.api.authoring.drafts.$get());
    expect(listed.body.drafts.map((item) => item.id)).toEqual([draft.id]);

    const validated = await read(author.api.authoring.drafts[':draftId'].validate.$post(param(draft.id)));
    expect(validated.body).toEqual({ valid: true, problems: [] });
    const tested = await read(
      author.api.authoring.drafts[':draftId']['self-test'].$post({ ...param(draft.id), json: {} }),
    );
    expect(tested.body).toEqual({ passed: true, problems: [], seeds: [], failures: [] });

    const variant = await read(
      author.api.authoring.drafts[':draftId'].variant.$get({ ...param(draft.id), query: { seed: 'a' } }),
    );
    expect(variant.body).toMatchObject({ seed: 'a', generated: false, values: {} });
    expect(variant.body.files).toEqual([
      expect.objectContaining({ evidenceId: 'auth-log', file: 'evidence/auth.log', text: true, generated: false }),
    ]);
    expect(variant.body.files[0]!.head).toContain('Failed password for invalid user admin from 203.0.113.77');

    const hidden = await read(
      author.api.authoring.drafts[':draftId'].preview.$get({ ...param(draft.id), query: { reveal: 'false' } }),
    );
    expect(hidden.body.tasks[0]).toMatchObject({
      title: 'Attacking address',
      referenceAnswers: null,
      explanation: null,
    });
    expect(hidden.text).not.toContain('203.0.113.77');
    const revealed = await read(
      author.api.authoring.drafts[':draftId'].preview.$get({ ...param(draft.id), query: { reveal: 'true' } }),
    );
    expect(revealed.body.tasks[0]!.referenceAnswers).toEqual(['203.0.113.77']);
  });

  it('reports a broken lab.yaml with file, line and field, as npm run lab -- validate does', async ({ author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'difficulty: beginner', 'difficulty: easy');
    const yaml = await draftText(author, draft.id, 'lab.yaml');
    const line = yaml.split('\n').findIndex((text) => text.startsWith('difficulty:')) + 1;
    const validated = await read(author.api.authoring.drafts[':draftId'].validate.$post(param(draft.id)));
    expect(validated.body.valid).toBe(false);
    expect(validated.body.problems).toEqual([
      {
        file: 'lab.yaml',
        line,
        column: expect.any(Number),
        field: 'difficulty',
        message: 'expected one of "beginner", "intermediate", "advanced", got string "easy"',
      },
    ]);
    await editText(author, draft.id, 'brief.md', '# Case brief', '# Case brief {{secret}}');
    await editText(author, draft.id, 'lab.yaml', 'difficulty: easy', 'difficulty: beginner');
    const again = await read(author.api.authoring.drafts[':draftId'].validate.$post(param(draft.id)));
    expect(again.body.problems).toEqual([
      { file: 'brief.md', message: 'refers to {{secret}}, which variants.values does not declare' },
    ]);
  });

  it('takes an uploaded artefact: SHA-256 computed, custody recorded, the entry added to lab.yaml', async ({
    harness,
    author,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    const content = '2024-03-04T08:00:00Z 192.0.2.15 GET http://www.example.com/ 200\n';
    const uploaded = await uploadEvidence(author, draft.id, content, {
      id: 'proxy-log',
      title: 'Proxy log of the finance office',
      kind: 'log',
      ...CUSTODY,
      notes: 'Sealed bag 2024-117',
    });
    expect(uploaded.status).toBe(201);
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(await uploaded.json()).toEqual({
      evidence: { id: 'proxy-log', file: 'evidence/proxy.log', sha256, size: content.length },
      created: true,
    });
    const yaml = await draftText(author, draft.id, 'lab.yaml');
    expect(yaml).toContain(`sha256: ${sha256}`);
    expect(yaml).toContain('source_device: WS-17 workstation of the example.org finance office');
    expect(yaml).toContain('notes: Sealed bag 2024-117');
    expect(yaml).toContain("# The lab authors' reference is labs/README.md");
    const validated = await read(author.api.authoring.drafts[':draftId'].validate.$post(param(draft.id)));
    expect(validated.body).toEqual({ valid: true, problems: [] });

    // The same id again replaces the file and updates its entry, keeping one entry.
    const replaced = await uploadEvidence(author, draft.id, `${content}${content}`, {
      id: 'proxy-log',
      title: 'Proxy log, full copy',
      kind: 'log',
      ...CUSTODY,
    });
    expect(replaced.status).toBe(200);
    const after = await draftText(author, draft.id, 'lab.yaml');
    expect(after.match(/id: proxy-log/gu)).toHaveLength(1);
    expect(after).toContain('Proxy log, full copy');
    expect(
      harness.db.$client
        .prepare("select count(*) as count from audit_log where action = 'authoring.evidence_uploaded'")
        .get(),
    ).toEqual({ count: 2 });
  });
});

describe('publishing', () => {
  it('makes a new lab live at once: assigned, a trainee opens it through the trainee routes', async ({
    harness,
    author,
    ines,
    cohort,
    trainee,
  }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await editText(author, draft.id, 'lab.yaml', 'title: New lab proxy-case', 'title: The proxy case');
    const published = await publish(author, draft.id);
    expect(published.status, published.text).toBe(200);
    expect(published.body.published).toMatchObject({ labId: 'proxy-case', version: 1, previousVersion: null });
    expect(
      existsSync(join(harness.services.authoringDir, 'published', 'proxy-case', '1', 'proxy-case', 'lab.yaml')),
    ).toBe(true);
    await assignToCohort(harness.services, ines, cohort.id, { labId: 'proxy-case' });
    const opened = await read(trainee.api.labs[':labId'].$get({ param: { labId: 'proxy-case' } }));
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body.lab.title).toBe('The proxy case');
    const health = await read(harness.anonymous().api.health.$get());
    expect(health.body.labs.loaded).toBe(2);
    const versions = await read(author.api.authoring.labs[':labId'].versions.$get({ param: { labId: 'proxy-case' } }));
    expect(versions.body).toMatchObject({ labId: 'proxy-case', liveVersion: 1 });
    expect(versions.body.versions).toEqual([
      expect.objectContaining({
        version: 1,
        live: true,
        source: 'draft',
        publishedBy: expect.objectContaining({ username: 'olga' }),
      }),
    ]);
  });

  it('replaces a shipped lab with version 2 while v1 work stays; restore brings v1 back; a restart keeps the live one', async ({
    harness,
    admin,
    trainee,
    labsDir,
  }) => {
    const answered = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$post({
        param: { labId: 'api-lab', taskId: 'attacker-ip' },
        json: { answer: '203.0.113.77' },
      }),
    );
    expect(answered.status, answered.text).toBe(201);

    const draft = await newDraft(admin, { from: 'lab', labId: 'api-lab' });
    expect(draft).toMatchObject({ labId: 'api-lab', basedOn: { labId: 'api-lab', version: 1 }, liveVersion: 1 });
    await editText(admin, draft.id, 'lab.yaml', 'title: Attacking address', 'title: The attacking address (v2)');
    const notHigher = await publish(admin, draft.id);
    expect(notHigher.status).toBe(409);
    expect(notHigher.text).toContain('raise version to 2');
    await editText(admin, draft.id, 'lab.yaml', /^version: 1$/mu, 'version: 2');
    const published = await publish(admin, draft.id);
    expect(published.status, published.text).toBe(200);
    expect(published.body.published).toMatchObject({ labId: 'api-lab', version: 2, previousVersion: 1 });

    const taskTitle = async (agent = trainee) =>
      (await read(agent.api.labs[':labId'].$get({ param: { labId: 'api-lab' } }))).body.lab.tasks.find(
        (task) => task.id === 'attacker-ip',
      )?.title;
    expect(await taskTitle()).toBe('The attacking address (v2)');
    const history = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$get({
        param: { labId: 'api-lab', taskId: 'attacker-ip' },
      }),
    );
    expect(history.body.submissions).toEqual([expect.objectContaining({ verdict: 'correct', labVersion: 1 })]);
    // New answers are graded against the live version and say so.
    const second = await read(
      trainee.api.labs[':labId'].tasks[':taskId'].submissions.$post({
        param: { labId: 'api-lab', taskId: 'attempts' },
        json: { answer: '2' },
      }),
    );
    expect(second.status, second.text).toBe(201);
    expect(harness.db.$client.prepare('select task_id, lab_version from submissions order by id').all()).toEqual([
      { task_id: 'attacker-ip', lab_version: 1 },
      { task_id: 'attempts', lab_version: 2 },
    ]);

    const versions = await read(admin.api.authoring.labs[':labId'].versions.$get({ param: { labId: 'api-lab' } }));
    expect(versions.body.versions.map((version) => [version.version, version.live, version.source])).toEqual([
      [2, true, 'draft'],
      [1, false, 'installed'],
    ]);

    // After a restart the published version is still the live one.
    const restarted = await restartedApp(harness, labsDir!);
    try {
      expect(await taskTitle(sameSessionOn(restarted.app, trainee))).toBe('The attacking address (v2)');
    } finally {
      restarted.close();
    }

    const restored = await read(
      admin.api.authoring.labs[':labId'].versions[':version'].restore.$post({
        param: { labId: 'api-lab', version: '1' },
      }),
    );
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body.restored).toEqual({ labId: 'api-lab', version: 1, previousVersion: 2 });
    expect(await taskTitle()).toBe('Attacking address');
    expect(
      harness.db.$client
        .prepare("select action, subject from audit_log where action like 'authoring.%' order by id")
        .all(),
    ).toEqual([
      { action: 'authoring.draft_created', subject: `draft:${draft.id}` },
      { action: 'authoring.file_saved', subject: `draft:${draft.id}` },
      { action: 'authoring.file_saved', subject: `draft:${draft.id}` },
      { action: 'authoring.published', subject: 'lab:api-lab' },
      { action: 'authoring.restored', subject: 'lab:api-lab' },
    ]);
  });

  it('copies an installed lab as a new lab of its own at version 1', async ({ author }) => {
    const draft = await newDraft(author, { from: 'lab', labId: 'api-lab', newLabId: 'api-lab-copy' });
    expect(draft).toMatchObject({ labId: 'api-lab-copy', version: 1, source: 'lab' });
    expect(await draftText(author, draft.id, 'lab.yaml')).toMatch(/^id: api-lab-copy$/mu);
    const published = await publish(author, draft.id);
    expect(published.status, published.text).toBe(200);
    expect(published.body.published).toMatchObject({ labId: 'api-lab-copy', version: 1 });
  });

  it('deletes a draft with its files', async ({ harness, author }) => {
    const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
    await saveText(author, draft.id, 'notes/extra.txt', 'an extra file');
    const deleted = await read(author.api.authoring.drafts[':draftId'].$delete(param(draft.id)));
    expect(deleted.body).toEqual({ deleted: true });
    expect(existsSync(join(harness.services.authoringDir, 'drafts', String(draft.id)))).toBe(false);
    expect((await read(author.api.authoring.drafts.$get())).body.drafts).toEqual([]);
  });
});
