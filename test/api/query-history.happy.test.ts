// A trainee's evidence queries kept on the server per lab (issue #13): every query run is recorded
// once per text, named queries are kept, the history has a cap that drops the oldest unnamed first.
import { describe, expect } from 'vitest';
import {
  MAX_KEPT_QUERIES,
  MAX_NAMED_QUERIES,
  type SavedQueryView,
} from '../../server/services/trainee/query-history.ts';
import { apiTest as it } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { read } from '../helpers/read.ts';

const labId = 'api-lab';
const run = (agent: Agent, sql: string) =>
  read(agent.api.labs[':labId'].queries.$post({ param: { labId }, json: { sql } }));
const history = async (agent: Agent): Promise<SavedQueryView[]> => {
  const response = await read(agent.api.labs[':labId'].queries.$get({ param: { labId } }));
  expect(response.status).toBe(200);
  return response.body.queries;
};
const name = (agent: Agent, id: number, newName: string | null) =>
  read(agent.api.labs[':labId'].queries[':id'].$patch({ param: { labId, id: String(id) }, json: { name: newName } }));
const importQueries = (agent: Agent, queries: { sql: string; name?: string | null; ranAt: number }[]) =>
  read(agent.api.labs[':labId'].queries.import.$post({ param: { labId }, json: { queries } }));

describe("a trainee's query history", () => {
  it('records every query run, newest first, with what its last run gave', async ({ harness, trainee }) => {
    expect(await history(trainee)).toEqual([]);
    expect((await run(trainee, 'SELECT count(*) FROM auth_log')).status).toBe(200);
    await harness.advance(1_000);
    expect((await run(trainee, "  SELECT line FROM auth_log_sshd WHERE event = 'failed'  ")).status).toBe(200);
    const [latest, first] = await history(trainee);
    expect(latest).toMatchObject({
      sql: "SELECT line FROM auth_log_sshd WHERE event = 'failed'",
      name: null,
      lastRunAt: '2024-04-01T09:00:01.000Z',
      lastRun: { rows: 2, truncated: false },
    });
    expect(latest!.lastRun!.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(first).toMatchObject({ sql: 'SELECT count(*) FROM auth_log', createdAt: '2024-04-01T09:00:00.000Z' });
  });

  it('keeps a query with a mistake too, without rows, to be fixed later', async ({ trainee }) => {
    const response = await trainee.json('POST', `/api/labs/${labId}/queries`, { sql: 'SELEKT 1' });
    expect(response.status).toBe(400);
    expect(await history(trainee)).toMatchObject([{ sql: 'SELEKT 1', lastRun: null }]);
  });

  it('runs the same text again as the same entry: its last run moves, its name and creation stay', async ({
    harness,
    trainee,
  }) => {
    await run(trainee, 'SELECT 1 AS one');
    await run(trainee, 'SELECT 2 AS two');
    const [, one] = await history(trainee);
    expect((await name(trainee, one!.id, '  The first  ')).body.query.name).toBe('The first');
    await harness.advance(60_000);
    await run(trainee, 'SELECT 1 AS one');
    const entries = await history(trainee);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      id: one!.id,
      name: 'The first',
      createdAt: '2024-04-01T09:00:00.000Z',
      lastRunAt: '2024-04-01T09:01:00.000Z',
    });
  });

  it('names a query, renames it and removes the name', async ({ trainee }) => {
    await run(trainee, 'SELECT 1');
    const [entry] = await history(trainee);
    const named = await name(trainee, entry!.id, 'Failed logins per address');
    expect(named.status).toBe(200);
    expect(named.body.query).toMatchObject({ id: entry!.id, name: 'Failed logins per address', sql: 'SELECT 1' });
    expect((await name(trainee, entry!.id, 'Renamed')).body.query.name).toBe('Renamed');
    expect((await history(trainee))[0]!.name).toBe('Renamed');
    expect((await name(trainee, entry!.id, null)).body.query.name).toBeNull();
    expect((await history(trainee))[0]!.name).toBeNull();
  });

  it('forgets a query', async ({ trainee }) => {
    await run(trainee, 'SELECT 1');
    await run(trainee, 'SELECT 2');
    const [second, first] = await history(trainee);
    const removed = await read(
      trainee.api.labs[':labId'].queries[':id'].$delete({ param: { labId, id: String(second!.id) } }),
    );
    expect(removed.status).toBe(200);
    expect((await history(trainee)).map((entry) => entry.id)).toEqual([first!.id]);
  });

  it(`keeps at most ${MAX_KEPT_QUERIES}: the oldest unnamed go first, named ones stay however old`, async ({
    harness,
    trainee,
  }) => {
    const start = harness.now().getTime() - 1_000_000;
    const imported = await importQueries(
      trainee,
      Array.from({ length: MAX_KEPT_QUERIES }, (_, index) => ({ sql: `SELECT ${index}`, ranAt: start + index })),
    );
    expect(imported.status).toBe(200);
    expect(imported.body.queries).toHaveLength(MAX_KEPT_QUERIES);
    const oldestFirst = [...imported.body.queries].reverse();
    // The three oldest are named: the next ones are the oldest unnamed.
    for (const entry of oldestFirst.slice(0, 3))
      expect((await name(trainee, entry.id, `Kept ${entry.sql}`)).status).toBe(200);
    await run(trainee, 'SELECT 1000');
    await run(trainee, 'SELECT 1001');
    const kept = await history(trainee);
    expect(kept).toHaveLength(MAX_KEPT_QUERIES);
    const texts = kept.map((entry) => entry.sql);
    expect(texts.slice(0, 2)).toEqual(['SELECT 1001', 'SELECT 1000']);
    expect(texts).toEqual(expect.arrayContaining(['SELECT 0', 'SELECT 1', 'SELECT 2', 'SELECT 5']));
    expect(texts).not.toContain('SELECT 3');
    expect(texts).not.toContain('SELECT 4');
    expect(harness.count('saved_queries')).toBe(MAX_KEPT_QUERIES);
  });

  it(`lets a trainee name up to ${MAX_NAMED_QUERIES} queries of a lab, and rename those`, async ({
    harness,
    trainee,
  }) => {
    const start = harness.now().getTime() - 1_000_000;
    const { body } = await importQueries(
      trainee,
      Array.from({ length: MAX_NAMED_QUERIES + 1 }, (_, index) => ({ sql: `SELECT ${index}`, ranAt: start + index })),
    );
    for (const entry of body.queries.slice(0, MAX_NAMED_QUERIES))
      expect((await name(trainee, entry.id, `Named ${entry.sql}`)).status).toBe(200);
    const refused = await trainee.json<{ error: { code: string; message: string } }>(
      'PATCH',
      `/api/labs/${labId}/queries/${body.queries[MAX_NAMED_QUERIES]!.id}`,
      { name: 'One too many' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`named ${MAX_NAMED_QUERIES} queries`);
    expect((await name(trainee, body.queries[0]!.id, 'Renamed still')).status).toBe(200);
  });

  it("takes in a browser's history once: names and run times kept, the same history again changes nothing", async ({
    harness,
    trainee,
  }) => {
    await run(trainee, 'SELECT 1');
    const browser = [
      { sql: 'SELECT 1', name: 'From the browser', ranAt: Date.parse('2024-03-30T10:00:00Z') },
      { sql: 'SELECT 2', ranAt: Date.parse('2024-03-31T10:00:00Z') },
      { sql: 'SELECT 3', name: 'Later', ranAt: Date.parse('2024-03-31T11:00:00Z') },
    ];
    const first = await importQueries(trainee, browser);
    expect(first.status).toBe(200);
    expect(first.body.queries.map((entry) => [entry.sql, entry.name, entry.lastRunAt])).toEqual([
      ['SELECT 1', 'From the browser', '2024-04-01T09:00:00.000Z'],
      ['SELECT 3', 'Later', '2024-03-31T11:00:00.000Z'],
      ['SELECT 2', null, '2024-03-31T10:00:00.000Z'],
    ]);
    const again = await importQueries(trainee, browser);
    expect(again.body.queries).toEqual(first.body.queries);
    expect(harness.count('saved_queries')).toBe(3);
  });

  it('keeps the histories of two trainees of the same lab apart', async ({ harness, ines, trainee }) => {
    const amira = await harness.user('amira');
    await harness.cohort(ines, [amira], [labId]);
    const other = await harness.signIn(amira);
    await run(trainee, 'SELECT 1');
    await run(other, 'SELECT 1');
    expect((await history(trainee)).map((entry) => entry.sql)).toEqual(['SELECT 1']);
    expect((await history(other)).map((entry) => entry.sql)).toEqual(['SELECT 1']);
    expect((await history(trainee))[0]!.id).not.toBe((await history(other))[0]!.id);
  });
});
