import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/client.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { loadPublishedLabs } from '../../server/services/authoring/publish.ts';
import { createServices } from '../../server/services/create-services.ts';
import { apiTest } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';

/**
 * The usual world (api-lab installed, Ines's cohort with Tomas in it) plus lab authors: Ada, an
 * administrator signed in as `admin`; Olga, an instructor the administrator marked as author, signed
 * in as `author`. Ines stays a plain instructor.
 */
export const authoringTest = apiTest
  .extend('ada', ({ harness }) => harness.user('ada', 'admin'))
  .extend('admin', ({ harness, ada }) => harness.signIn(ada))
  .extend('olga', async ({ harness, admin }) => {
    const olga = await harness.user('olga', 'instructor');
    const marked = await read(
      admin.api.authoring.authors[':userId'].$put({ param: { userId: String(olga.id) }, json: { author: true } }),
    );
    expect(marked.status, marked.text).toBe(200);
    return olga;
  })
  .extend('author', ({ harness, olga }) => harness.signIn(olga));

/** Creates a draft through the API and returns it; expects 201. */
export async function newDraft(
  agent: Agent,
  input: { from: 'template'; labId: string } | { from: 'lab'; labId: string; newLabId?: string },
) {
  const created = await read(agent.api.authoring.drafts.$post({ json: input }));
  expect(created.status, created.text).toBe(201);
  return created.body.draft;
}

const param = (draftId: number) => ({ param: { draftId: String(draftId) } });

/** A draft file's text as the API gives it. */
export async function draftText(agent: Agent, draftId: number, path: string): Promise<string> {
  const file = await read(agent.api.authoring.drafts[':draftId'].file.$get({ ...param(draftId), query: { path } }));
  expect(file.status, file.text).toBe(200);
  return file.body.content ?? '';
}

/** Saves a draft file through the API; expects 200. */
export async function saveText(agent: Agent, draftId: number, path: string, content: string): Promise<void> {
  const saved = await read(
    agent.api.authoring.drafts[':draftId'].file.$put({ ...param(draftId), query: { path }, json: { content } }),
  );
  expect(saved.status, saved.text).toBe(200);
}

/** Edits a draft file by a text replacement, failing loudly when the text is absent. */
export async function editText(agent: Agent, draftId: number, path: string, from: string | RegExp, to: string) {
  const text = await draftText(agent, draftId, path);
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`nothing to replace in ${path}: ${String(from)}`);
  await saveText(agent, draftId, path, edited);
}

/** Publishes a draft; the raw answer (the caller checks the status). */
export function publish(agent: Agent, draftId: number) {
  return read(agent.api.authoring.drafts[':draftId'].publish.$post(param(draftId)));
}

/** The custody fields of an upload, all valid. */
export const CUSTODY = {
  source_device: 'WS-17 workstation of the example.org finance office',
  acquired_by: 'J. Example, digital forensics unit',
  acquired_at: '2024-03-06T10:00:00Z',
  method: 'Logical copy with a write blocker, SHA-256 recorded at acquisition',
};

/** Uploads an artefact as the editor does: the bytes as the body, the entry's fields and file name in the query. */
export function uploadEvidence(
  agent: Agent,
  draftId: number,
  content: string | Uint8Array<ArrayBuffer>,
  fields: Record<string, string>,
  fileName = 'proxy.log',
) {
  const query = new URLSearchParams({ ...fields, name: fileName });
  return agent.request(`/api/authoring/drafts/${draftId}/evidence?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Blob([content]),
  });
}

/**
 * The same database and authoring folder opened by a new server process: the labs folder loaded
 * again and the published versions over it, as server/main.ts does at start.
 */
export async function restartedApp(harness: Harness, labsDir: string) {
  const db = openDatabase(join(harness.dir, 'casebench.db'));
  const library = await loadLibrary(labsDir);
  await loadPublishedLabs(db, library, harness.services.authoringDir);
  const services = createServices(db, library, {
    cacheDir: join(harness.dir, 'cache'),
    clock: harness.clock,
    passwordCost: 10,
  });
  return { app: createApp(services), library, close: () => db.$client.close() };
}
