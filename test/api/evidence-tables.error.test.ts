// Queries that cannot run as written, and tables that are not there: a clear message, the position of
// a mistake in the query, the API's error envelope.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { MAX_QUERY_LENGTH } from '../../server/routes/evidence-tables.ts';
import { sharedApiTest as it } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';

const query = (agent: Agent, sql: unknown, lab = 'api-lab') =>
  agent.json<ErrorBody>('POST', `/api/labs/${lab}/queries`, { sql });

describe('a query that cannot run', () => {
  it('points at a syntax error by line and column', async ({ trainee }) => {
    const response = await query(trainee, 'SELECT ip\nFORM auth_log_sshd');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('query_invalid');
    expect(response.body.error.position).toMatchObject({ line: 2 });
    expect(response.body.error.message).not.toMatch(/\/tmp|\.duckdb/u);
  });

  it('names a table that does not exist', async ({ trainee }) => {
    const response = await query(trainee, 'SELECT * FROM proxy_log');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('query_invalid');
    expect(response.body.error.message).toContain('proxy_log');
  });

  it('asks for a query when there is none, and refuses one too long', async ({ trainee }) => {
    for (const sql of ['', '   ', 'x'.repeat(MAX_QUERY_LENGTH + 1), 42]) {
      const response = await query(trainee, sql);
      expect(response.status, String(sql).slice(0, 10)).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
    }
  });

  it('answers 404 for a lab the trainee cannot open and 401 without a session', async ({ harness, trainee }) => {
    expect((await query(trainee, 'SELECT 1', 'no-such-lab')).status).toBe(404);
    expect((await trainee.json('GET', '/api/labs/no-such-lab/tables')).status).toBe(404);
    expect((await query(harness.anonymous(), 'SELECT 1')).status).toBe(401);
  });
});
