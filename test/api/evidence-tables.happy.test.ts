// Evidence as tables (issue #13): a trainee's lab evidence, read as SQL tables of their own variant,
// and the queries that answer a task from them.
import { describe, expect } from 'vitest';
import type { EvidenceQueryAnswer, EvidenceTablesView } from '../../server/services/trainee/evidence-tables.ts';
import { MAX_RESULT_ROWS } from '../../server/services/trainee/evidence-tables.ts';
import { sharedApiTest as it } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';

const query = (agent: Agent, sql: string) =>
  agent.json<EvidenceQueryAnswer>('POST', '/api/labs/api-lab/queries', { sql });

describe("a lab's evidence as tables", () => {
  it('lists the tables of the lab, built on first use, with their columns, the line first', async ({ trainee }) => {
    const response = await trainee.json<EvidenceTablesView>('GET', '/api/labs/api-lab/tables');
    expect(response.status).toBe(200);
    const view = response.body;
    if (view.state !== 'ready')
      throw new Error(`the tables of a small lab are built within the first request: ${view.state}`);
    expect(view.tables.map((table) => [table.name, table.evidenceId, table.rows])).toEqual([
      ['auth_log', 'auth-log', 4],
      ['auth_log_sshd', 'auth-log', 3],
    ]);
    const sshd = view.tables[1]!;
    expect(sshd.columns[0]).toMatchObject({ name: 'line', type: 'line' });
    expect(sshd.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['time', 'event', 'user', 'ip']));
    expect(view.problems).toBe(0);
    expect(view.limits).toEqual({ seconds: 5, rows: MAX_RESULT_ROWS });
  });

  it('answers a count-by, with the line each row came from and times as instants', async ({ trainee }) => {
    const counted = await query(
      trainee,
      "SELECT ip, count(*) AS attempts FROM auth_log_sshd WHERE event = 'failed' GROUP BY ip ORDER BY attempts DESC",
    );
    expect(counted.status).toBe(200);
    expect(counted.body.columns.map((column) => column.name)).toEqual(['ip', 'attempts']);
    expect(counted.body.rows).toEqual([['203.0.113.77', 2]]);
    expect(counted.body.truncated).toBe(false);
    expect(counted.body.elapsedMs).toBeGreaterThanOrEqual(0);

    const accepted = await query(trainee, "SELECT line, time, user FROM auth_log_sshd WHERE event = 'accepted'");
    expect(accepted.status).toBe(200);
    expect(accepted.body.rows).toEqual([[4, '2024-03-04T08:13:02.000Z', 'j.doe']]);
  });

  it('joins tables: each sshd event with the syslog line it came from', async ({ trainee }) => {
    const joined = await query(
      trainee,
      'SELECT s.line, l.program, s.event FROM auth_log_sshd s JOIN auth_log l ON l.line = s.line ORDER BY s.line',
    );
    expect(joined.status).toBe(200);
    expect(joined.body.rows).toEqual([
      [2, 'sshd', 'failed'],
      [3, 'sshd', 'failed'],
      [4, 'sshd', 'accepted'],
    ]);
  });
});
