// The query history as an attack surface: a trainee sees and changes only their own queries of a lab
// they may open; another trainee's entry answers exactly as one that does not exist (404, not 403);
// nobody signed out reaches it; a cross-site page cannot change it.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import type { SavedQueryView } from '../../server/services/trainee/query-history.ts';
import { addVariantLab } from './instructor-fixture.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';
import { expectEveryRouteRefused, MISSING_ID, type Route } from '../helpers/refusals.ts';

/** Tomas has api-lab and variant-lab, Amira api-lab only; each has one query of api-lab kept. */
const it = apiTest
  .extend(
    'labsDir',
    labsFolder(async (fixture) => {
      await addApiTestLab(fixture);
      await addVariantLab(fixture);
    }),
  )
  .extend('amira', ({ harness }) => harness.user('amira'))
  .extend('world', async ({ harness, ines, tomas, amira }) => {
    await harness.cohort(ines, [tomas], ['api-lab', 'variant-lab']);
    await harness.cohort(ines, [amira], ['api-lab']);
    const agents = { tomas: await harness.signIn(tomas), amira: await harness.signIn(amira) };
    for (const agent of Object.values(agents))
      expect(
        (await agent.json('POST', '/api/labs/api-lab/queries', { sql: `SELECT '${agent.user!.username}'` })).status,
      ).toBe(200);
    const ids = { tomas: (await listOf(agents.tomas))[0]!.id, amira: (await listOf(agents.amira))[0]!.id };
    return { agents, ids };
  });

async function listOf(agent: Agent, lab = 'api-lab'): Promise<SavedQueryView[]> {
  const response = await agent.json<{ queries: SavedQueryView[] }>('GET', `/api/labs/${lab}/queries`);
  expect(response.status).toBe(200);
  return response.body.queries;
}

const stored = (harness: { snapshot: (queries: Record<string, string>) => Record<string, unknown[]> }) =>
  harness.snapshot({ saved: 'select * from saved_queries order by id' });

/** Every route of the history on one lab and one id. */
const routesOf = (lab: string, id: number): Route[] => [
  ['GET', `/api/labs/${lab}/queries`],
  ['PATCH', `/api/labs/${lab}/queries/${id}`, { name: 'mine now' }],
  ['DELETE', `/api/labs/${lab}/queries/${id}`],
  ['POST', `/api/labs/${lab}/queries/import`, { queries: [{ sql: 'SELECT 1', ranAt: 0 }] }],
];

describe("another trainee's queries", () => {
  it('are not listed: each trainee sees their own only', async ({ world }) => {
    expect((await listOf(world.agents.tomas)).map((entry) => entry.sql)).toEqual(["SELECT 'tomas'"]);
    expect((await listOf(world.agents.amira)).map((entry) => entry.sql)).toEqual(["SELECT 'amira'"]);
  });

  it('cannot be renamed or forgotten: 404 with the words of an id that does not exist, nothing changed', async ({
    harness,
    world,
  }) => {
    const before = stored(harness);
    for (const method of ['PATCH', 'DELETE'] as const) {
      const body = method === 'PATCH' ? { name: 'taken' } : undefined;
      const theirs = await world.agents.amira.json<ErrorBody>(
        method,
        `/api/labs/api-lab/queries/${world.ids.tomas}`,
        body,
      );
      const missing = await world.agents.amira.json<ErrorBody>(method, `/api/labs/api-lab/queries/${MISSING_ID}`, body);
      expect(theirs.status, method).toBe(404);
      expect(theirs.body).toEqual(missing.body);
      expect(theirs.text).not.toContain('tomas');
    }
    expect(stored(harness)).toEqual(before);
  });

  it("cannot be reached through a lab of one's own: an entry of one lab is not found through another", async ({
    harness,
    world,
  }) => {
    const before = stored(harness);
    const response = await world.agents.tomas.json<ErrorBody>(
      'PATCH',
      `/api/labs/variant-lab/queries/${world.ids.tomas}`,
      {
        name: 'elsewhere',
      },
    );
    expect(response.status).toBe(404);
    expect(await listOf(world.agents.tomas, 'variant-lab')).toEqual([]);
    expect(stored(harness)).toEqual(before);
  });
});

describe('a lab that is not the trainee’s', () => {
  it('answers 404 to every route of the history, as the lab itself does, and keeps nothing', async ({
    harness,
    world,
  }) => {
    const before = stored(harness);
    await expectEveryRouteRefused(world.agents.amira, routesOf('variant-lab', world.ids.amira), {
      status: 404,
      code: 'not_found',
    });
    await expectEveryRouteRefused(world.agents.amira, routesOf('no-such-lab', world.ids.amira), {
      status: 404,
      code: 'not_found',
    });
    expect(stored(harness)).toEqual(before);
  });
});

describe('signed out', () => {
  it('gets 401 from every route of the history', async ({ harness, world }) => {
    const before = stored(harness);
    await expectEveryRouteRefused(harness.anonymous(), routesOf('api-lab', world.ids.tomas), {
      status: 401,
      code: 'unauthenticated',
    });
    expect(stored(harness)).toEqual(before);
  });
});

describe('a cross-site page', () => {
  it.for<[string, Record<string, string>, number]>([
    ['an Origin of another site', { origin: 'https://evil.example' }, 403],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a form’s content type', { 'content-type': 'text/plain' }, 415],
  ])(
    'cannot rename, forget or import with %s, even with the cookie',
    async ([_what, headers, status], { harness, world }) => {
      const before = stored(harness);
      for (const [method, path, body] of routesOf('api-lab', world.ids.tomas).slice(1)) {
        const response = await world.agents.tomas.request(path, { method, headers, body: JSON.stringify(body ?? {}) });
        expect({ method, status: response.status }).toEqual({ method, status });
      }
      expect(stored(harness)).toEqual(before);
    },
  );

  it('accepts a rename from the app itself, a name with markup kept as text', async ({ world }) => {
    const response = await world.agents.tomas.request(`/api/labs/api-lab/queries/${world.ids.tomas}`, {
      method: 'PATCH',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ name: '<img src=x onerror=alert(1)>' }),
    });
    expect(response.status).toBe(200);
    // Stored and answered as the text it is: the console shows it as text, never as markup.
    expect((await listOf(world.agents.tomas))[0]!.name).toBe('<img src=x onerror=alert(1)>');
  });
});
