// The query history's refusals: names and ids that are not what the routes take, entries that are not
// there, and queries refused before they ran (which are not kept), in the API's error envelope.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { MAX_KEPT_QUERIES, MAX_QUERY_NAME_LENGTH } from '../../server/services/trainee/query-history.ts';
import { QUERIES_PER_MINUTE } from '../../server/services/trainee/evidence-tables.ts';
import { apiTest as it } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';

const base = '/api/labs/api-lab/queries';
/** The trainee's history with one query in it: its id. */
async function oneQuery(agent: Agent): Promise<number> {
  expect((await agent.json('POST', base, { sql: 'SELECT 1' })).status).toBe(200);
  const listed = await agent.json<{ queries: { id: number }[] }>('GET', base);
  return listed.body.queries[0]!.id;
}

describe('naming a query', () => {
  it.for<[string, unknown, RegExp]>([
    ['an empty name', '', /at least|character other than spaces.*null to remove/u],
    ['a name of spaces', '   ', /character other than spaces/u],
    [
      'a name too long',
      'x'.repeat(MAX_QUERY_NAME_LENGTH + 1),
      new RegExp(`at most ${MAX_QUERY_NAME_LENGTH} characters`, 'u'),
    ],
    ['a name over two lines', 'first\nsecond', /one line of text/u],
    ['a name with a tab', 'a\tb', /one line of text/u],
    ['a number', 42, /as text, or null/u],
    ['no name at all', undefined, /as text, or null/u],
  ])(
    'refuses %s with a sentence naming the field, and keeps the name it had',
    async ([_what, name, message], { harness, trainee }) => {
      const id = await oneQuery(trainee);
      const response = await trainee.json<ErrorBody>('PATCH', `${base}/${id}`, name === undefined ? {} : { name });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'name' });
      expect(response.body.error.message).toMatch(message);
      expect(harness.count('saved_queries', 'name is null')).toBe(1);
    },
  );

  it('takes a name of exactly the longest length, trimmed', async ({ trainee }) => {
    const id = await oneQuery(trainee);
    const longest = 'n'.repeat(MAX_QUERY_NAME_LENGTH);
    const response = await trainee.json<{ query: { name: string } }>('PATCH', `${base}/${id}`, {
      name: ` ${longest} `,
    });
    expect(response.status).toBe(200);
    expect(response.body.query.name).toBe(longest);
  });
});

describe('ids', () => {
  it.for(['abc', '0', '-1', '1.5', '99999999999999999999'])(
    'refuses the id %s of a query with 400, for renaming and forgetting alike',
    async (id, { trainee }) => {
      for (const [method, body] of [
        ['PATCH', { name: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await trainee.json<ErrorBody>(method, `${base}/${id}`, body);
        expect(response.status, `${method} ${id}`).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'bad_request', field: 'id' });
        expect(response.body.error.message).toContain('whole number');
      }
    },
  );

  it('answers 404 for a query that is not in the history, and for one forgotten already', async ({ trainee }) => {
    const id = await oneQuery(trainee);
    expect((await trainee.json('DELETE', `${base}/${id}`)).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `${base}/${id}`, { name: 'gone' }],
      ['DELETE', `${base}/${id}`, undefined],
      ['PATCH', `${base}/987654`, { name: 'never' }],
    ] as const) {
      const response = await trainee.json<ErrorBody>(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error).toEqual({
        code: 'not_found',
        message: 'There is no such query in your history of this lab.',
      });
    }
  });
});

describe("taking in a browser's history", () => {
  it.for<[string, unknown, RegExp]>([
    [
      'too many queries',
      { queries: Array.from({ length: MAX_KEPT_QUERIES + 1 }, (_, index) => ({ sql: `SELECT ${index}`, ranAt: 0 })) },
      /no more than that/u,
    ],
    ['an empty query', { queries: [{ sql: '  ', ranAt: 0 }] }, /Write a query first/u],
    ['a name too long', { queries: [{ sql: 'SELECT 1', name: 'x'.repeat(81), ranAt: 0 }] }, /at most 80/u],
    ['no list', {}, /queries/u],
  ])('refuses %s and keeps nothing', async ([_what, body, message], { harness, trainee }) => {
    const response = await trainee.json<ErrorBody>('POST', `${base}/import`, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(response.body.error.message).toMatch(message);
    expect(harness.count('saved_queries')).toBe(0);
  });
});

describe('queries that did not run', () => {
  it('keeps neither an empty query nor one refused as one too many in a minute', async ({ harness, trainee }) => {
    expect((await trainee.json('POST', base, { sql: '   ' })).status).toBe(400);
    for (let sent = 0; sent < QUERIES_PER_MINUTE; sent++)
      expect((await trainee.json('POST', base, { sql: `SELECT ${sent}` })).status).toBe(200);
    const refused = await trainee.json<ErrorBody>('POST', base, { sql: 'SELECT 1000' });
    expect(refused.status).toBe(429);
    expect(harness.count('saved_queries')).toBe(QUERIES_PER_MINUTE);
    expect(harness.count('saved_queries', 'sql = ?', 'SELECT 1000')).toBe(0);
  }, 30_000);
});
