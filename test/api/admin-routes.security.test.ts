import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect } from 'vitest';
import type { AppType } from '../../server/app.ts';
import type { ErrorBody } from '../../server/errors.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { fillRoute, routeCoverage, type RouteParams } from '../helpers/route-table.ts';
import { CUSTODY, authoringTest, newDraft } from './authoring.fixture.ts';

/*
 * Every administration and authoring route, taken from the app's own route table, refused to everyone
 * who may not use it: anonymous callers (401), trainees and plain instructors (403), and instructors
 * marked as authors on what only administrators do (403); each in the API's error envelope, with
 * nothing written to the database or to disk. A route added under /api/admin or /api/authoring fails
 * this test until it is given a request below, and then it is walked like every other.
 */

/** Routes with a role check of their own to walk: administration and lab authoring. */
const GUARDED = /^\/api\/(?:admin|authoring)(?:\/|$)/u;

/** Every guarded route of the app as `METHOD /path`, once each; middleware (paths ending in `*`) is not a route. */
function guardedRoutes(app: Pick<AppType, 'routes'>): string[] {
  const routes = app.routes
    .filter((route) => GUARDED.test(route.path) && !route.path.endsWith('*'))
    .map((route) => `${route.method} ${route.path}`);
  return [...new Set(routes)].sort();
}

/** How a route is sent in the walk: its path parameters, query, and a JSON or raw body. */
interface Probe {
  params?: RouteParams;
  query?: Record<string, string>;
  json?: unknown;
  octets?: Uint8Array;
}

/** The ids the probes aim at: an account, a draft of an author's, an installed lab and its version. */
interface Targets {
  userId: number;
  draftId: number;
}

/**
 * A request for every guarded route, valid as far as its input goes (so a refusal is the role check
 * speaking, not the validation), each doing the most harm it could if it were let through.
 */
function probes({ userId, draftId }: Targets): Record<string, Probe> {
  const account = { params: { userId } };
  const draft = { params: { draftId } };
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
  return {
    'GET /api/admin/overview': {},
    'GET /api/admin/audit': {},
    'GET /api/admin/accounts': { query: { q: 'a', role: 'admin' } },
    'POST /api/admin/accounts': { json: { username: 'mallory', displayName: 'Mallory', role: 'admin' } },
    'POST /api/admin/accounts/import': {
      json: { csv: 'username,display name,role\r\nmallory,Mallory,admin\r\n', dryRun: false },
    },
    'POST /api/admin/accounts/:userId/disable': account,
    'POST /api/admin/accounts/:userId/enable': account,
    'POST /api/admin/accounts/:userId/role': { ...account, json: { role: 'admin' } },
    'POST /api/admin/accounts/:userId/end-sessions': account,
    'POST /api/admin/accounts/:userId/reset-password': account,
    'GET /api/admin/packages/export': { query: { id: 'api-lab' } },
    'POST /api/admin/packages': { query: { dryRun: 'false', asNewVersion: 'true' }, octets: zip },
    'GET /api/authoring/me': {},
    'GET /api/authoring/authors': {},
    'PUT /api/authoring/authors/:userId': { ...account, json: { author: true } },
    'GET /api/authoring/drafts': {},
    'POST /api/authoring/drafts': { json: { from: 'lab', labId: 'api-lab', newLabId: 'sneaky-lab' } },
    'GET /api/authoring/drafts/:draftId': draft,
    'DELETE /api/authoring/drafts/:draftId': draft,
    'GET /api/authoring/drafts/:draftId/file': { ...draft, query: { path: 'lab.yaml' } },
    'GET /api/authoring/drafts/:draftId/raw': { ...draft, query: { path: 'lab.yaml' } },
    'PUT /api/authoring/drafts/:draftId/file': { ...draft, query: { path: 'brief.md' }, json: { content: 'gone' } },
    'DELETE /api/authoring/drafts/:draftId/file': { ...draft, query: { path: 'brief.md' } },
    'POST /api/authoring/drafts/:draftId/evidence': {
      ...draft,
      query: { name: 'planted.log', ...CUSTODY },
      octets: new TextEncoder().encode('planted\n'),
    },
    'POST /api/authoring/drafts/:draftId/validate': draft,
    'POST /api/authoring/drafts/:draftId/self-test': { ...draft, json: { seeds: ['a'] } },
    'GET /api/authoring/drafts/:draftId/variant': { ...draft, query: { seed: 'a' } },
    'GET /api/authoring/drafts/:draftId/preview': { ...draft, query: { reveal: 'true' } },
    'POST /api/authoring/drafts/:draftId/publish': draft,
    'GET /api/authoring/labs/:labId/versions': { params: { labId: 'api-lab' } },
    'POST /api/authoring/labs/:labId/versions/:version/restore': { params: { labId: 'api-lab', version: 1 } },
  };
}

/** The one guarded route open to everyone signed in: whether they may author, for the header's link. */
const OPEN_TO_SIGNED_IN = ['GET /api/authoring/me'];

/** Authoring routes that only administrators may use, authors included: who is an author. */
const ADMIN_ONLY_AUTHORING = ['GET /api/authoring/authors', 'PUT /api/authoring/authors/:userId'];

/** Sends a route's probe as the agent. */
async function send(agent: Agent, route: string, probe: Probe) {
  const [method, pattern] = route.split(' ') as [string, string];
  const query = probe.query ? `?${new URLSearchParams(probe.query)}` : '';
  const path = fillRoute(pattern, probe.params) + query;
  if (probe.octets)
    return {
      path,
      answer: await readAnswer(
        agent.request(path, {
          method,
          headers: { 'content-type': 'application/octet-stream' },
          body: new Blob([probe.octets as Uint8Array<ArrayBuffer>]),
        }),
      ),
    };
  return { path, answer: await agent.json<ErrorBody>(method, path, probe.json) };
}

async function readAnswer(response: Promise<Response>) {
  const answer = await response;
  const text = await answer.text();
  return { status: answer.status, text, body: JSON.parse(text) as ErrorBody };
}

/** The texts of the author's draft that no refusal may carry: its lab id and its reference answer. */
const DRAFT_SECRETS = ['proxy-case', '203.0.113.77'];

/**
 * Sends every route as the agent and expects each refused with the status and code, in the error
 * envelope and nothing else, naming nothing of the draft.
 */
async function expectRefused(
  agent: Agent,
  routes: string[],
  targets: Targets,
  expected: { status: number; code: 'unauthenticated' | 'forbidden' },
): Promise<void> {
  const table = probes(targets);
  for (const route of routes) {
    const { path, answer } = await send(agent, route, table[route]!);
    const { error } = answer.body ?? {};
    expect({ route, path, status: answer.status, envelope: Object.keys(answer.body ?? {}), code: error?.code }).toEqual(
      { route, path, status: expected.status, envelope: ['error'], code: expected.code },
    );
    expect(Object.keys(error).filter((key) => key !== 'field')).toEqual(['code', 'message']);
    expect(error.message, route).toMatch(/\w{3,}/u);
    for (const secret of DRAFT_SECRETS)
      expect(answer.text, `${route} as ${agent.user?.username}`).not.toContain(secret);
  }
}

/** Every file of a folder with its SHA-256, by relative path (none when the folder does not exist). */
async function folderState(dir: string): Promise<[string, string][]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files: [string, string][] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push([
      relative(dir, path),
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    ]);
  }
  return files.sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Everything a guarded route could change: every table of the database, the authoring and labs
 * folders, the installed labs.
 */
async function worldState(harness: Harness, labsDir: string) {
  const tables = harness.db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  const rows = Object.fromEntries(
    tables.map(({ name }) => [name, harness.db.$client.prepare(`select * from "${name}"`).all()]),
  );
  return {
    rows,
    authoring: await folderState(harness.services.authoringDir),
    labsFolder: await folderState(labsDir),
    labs: [...harness.services.library.labs.entries()].map(([id, lab]) => [id, lab.definition.version]),
  };
}

/** The usual authoring world plus a draft of Olga's (the author) to aim at, holding a reference answer. */
const it = authoringTest.extend('draftId', async ({ author }) => {
  const draft = await newDraft(author, { from: 'template', labId: 'proxy-case' });
  return draft.id;
});

describe('the administration and authoring routes of the route table', () => {
  it('each have a request in this walk, and the walk names no route the app does not have', ({ harness }) => {
    const table = guardedRoutes(harness.app);
    const listed = Object.keys(probes({ userId: 1, draftId: 1 }));
    expect(routeCoverage(table, listed, [])).toEqual({ unaccounted: [], stale: [], both: [] });
    for (const route of [...OPEN_TO_SIGNED_IN, ...ADMIN_ONLY_AUTHORING]) expect(table).toContain(route);
    // Both halves are there: a filter gone wrong would walk nothing and pass.
    expect(table.filter((route) => route.includes(' /api/admin')).length).toBeGreaterThanOrEqual(12);
    expect(table.filter((route) => route.includes(' /api/authoring')).length).toBeGreaterThanOrEqual(19);
  });
});

describe('who is refused on every administration and authoring route', () => {
  it('anonymous callers get 401 on every route, /api/authoring/me included, and nothing is written', async ({
    harness,
    labsDir,
    ada,
    draftId,
  }) => {
    const routes = guardedRoutes(harness.app);
    const before = await worldState(harness, labsDir!);
    await expectRefused(
      harness.anonymous(),
      routes,
      { userId: ada.id, draftId },
      {
        status: 401,
        code: 'unauthenticated',
      },
    );
    expect(await worldState(harness, labsDir!)).toEqual(before);
  });

  it('trainees get 403 on every route but /api/authoring/me, aimed at themselves or an administrator, and nothing is written', async ({
    harness,
    labsDir,
    ada,
    tomas,
    trainee,
    draftId,
  }) => {
    const routes = guardedRoutes(harness.app).filter((route) => !OPEN_TO_SIGNED_IN.includes(route));
    const before = await worldState(harness, labsDir!);
    for (const userId of [tomas.id, ada.id])
      await expectRefused(trainee, routes, { userId, draftId }, { status: 403, code: 'forbidden' });
    expect(await worldState(harness, labsDir!)).toEqual(before);
  });

  it('instructors who are not authors get 403 on every route but /api/authoring/me, and nothing is written', async ({
    harness,
    labsDir,
    ada,
    ines,
    instructor,
    draftId,
  }) => {
    const routes = guardedRoutes(harness.app).filter((route) => !OPEN_TO_SIGNED_IN.includes(route));
    const before = await worldState(harness, labsDir!);
    for (const userId of [ines.id, ada.id])
      await expectRefused(instructor, routes, { userId, draftId }, { status: 403, code: 'forbidden' });
    expect(await worldState(harness, labsDir!)).toEqual(before);
  });

  it('instructors marked as authors get 403 on every administration route and on marking authors', async ({
    harness,
    labsDir,
    ada,
    olga,
    author,
    draftId,
  }) => {
    const routes = guardedRoutes(harness.app).filter(
      (route) => route.includes(' /api/admin') || ADMIN_ONLY_AUTHORING.includes(route),
    );
    const before = await worldState(harness, labsDir!);
    for (const userId of [olga.id, ada.id])
      await expectRefused(author, routes, { userId, draftId }, { status: 403, code: 'forbidden' });
    expect(await worldState(harness, labsDir!)).toEqual(before);
  });

  it('/api/authoring/me answers everyone signed in, with what they may do', async ({
    trainee,
    instructor,
    author,
    admin,
    draftId,
  }) => {
    const answers = [];
    for (const agent of [trainee, instructor, author, admin]) {
      const { answer } = await send(
        agent,
        'GET /api/authoring/me',
        probes({ userId: 1, draftId })['GET /api/authoring/me']!,
      );
      answers.push([agent.user?.username, answer.status, answer.body]);
    }
    expect(answers).toEqual([
      ['tomas', 200, { canAuthor: false, isAdmin: false, mayEditCode: false }],
      ['ines', 200, { canAuthor: false, isAdmin: false, mayEditCode: false }],
      ['olga', 200, { canAuthor: true, isAdmin: false, mayEditCode: false }],
      ['ada', 200, { canAuthor: true, isAdmin: true, mayEditCode: true }],
    ]);
  });
});

describe('administration routes ask who is asking before they read the request', () => {
  it('answer malformed requests from anyone but an administrator with 401 or 403, never with what they expected', async ({
    harness,
    trainee,
    instructor,
    author,
  }) => {
    const routes = guardedRoutes(harness.app).filter((route) => route.split(' ')[1]!.startsWith('/api/admin'));
    expect(routes.length).toBeGreaterThan(8);
    const malformed = (route: string) => {
      const [method, pattern] = route.split(' ') as [string, string];
      // Every parameter, query and body wrong: a route that validated first would answer 400.
      const path = `${pattern.replace(/:[A-Za-z]+/gu, 'not-an-id')}?limit=-1&q=${'x'.repeat(5000)}`;
      return { method, path };
    };
    for (const [agent, status] of [
      [harness.anonymous(), 401],
      [trainee, 403],
      [instructor, 403],
      [author, 403],
    ] as const) {
      for (const route of routes) {
        const { method, path } = malformed(route);
        const answer = await agent.json<ErrorBody>(method, path, method === 'GET' ? undefined : { unexpected: true });
        expect([route, agent.user?.username ?? 'anonymous', answer.status]).toEqual([
          route,
          agent.user?.username ?? 'anonymous',
          status,
        ]);
        expect(answer.text).not.toMatch(/expected|csv|dryRun|confirmCode/iu);
      }
    }
  });
});
