import { mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ArtefactToTabulate, buildTables } from '../../../../server/evidence/query/build-tables.ts';
import { closeQueryEngines, runQuery } from '../../../../server/evidence/query/run-query.ts';
import { writeSyntheticLog } from '../../../bench/evidence.bench.ts';

const LIMITS = { timeMs: 5_000, maxRows: 1_000, memoryMb: 64 };

// Line 3 is no syslog line: it must come back as a problem with its number, not vanish.
const AUTH_LOG = [
  'Mar  5 14:02:11 gate sshd[811]: Accepted password for alice from 203.0.113.9 port 52311 ssh2',
  'Mar  5 14:03:00 gate CRON[900]: (root) CMD (run-parts /etc/cron.hourly)',
  'this line is not syslog',
  'Mar  5 14:05:42 gate sshd[812]: Failed password for root from 198.51.100.7 port 40022 ssh2',
].join('\n');

const VPN_CSV = ['user,bytes,ratio', 'alice,1200,0.5', 'bob,300,1.25'].join('\n');

const DOOR_LOG = [
  '# door controller export',
  '2024-03-05T13:59:00Z door=lab badge=17',
  '2024-03-05T14:10:30Z door=server badge=4',
].join('\n');

function artefacts(): ArtefactToTabulate[] {
  return [
    {
      evidenceId: 'auth-log',
      title: 'auth.log of the gateway',
      text: AUTH_LOG,
      table: { parser: 'syslog', zone: 'Europe/Vienna', year: 2024 },
    },
    { evidenceId: 'vpn-logins', title: 'VPN logins', text: VPN_CSV, table: { parser: 'csv', zone: 'UTC' } },
    {
      evidenceId: 'door-log',
      title: 'Door log',
      text: DOOR_LOG,
      table: {
        pattern: '^(?<time>\\S+) door=(?<door>\\S+) badge=(?<badge>\\d+)$',
        columns: { time: { type: 'timestamp' }, door: { type: 'text' }, badge: { type: 'integer' } },
        name: 'doors',
        skip: '^#',
        zone: 'UTC',
      },
    },
  ];
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-build-tables-'));
});
afterEach(async () => {
  await closeQueryEngines();
  await rm(folder, { recursive: true, force: true });
});
afterAll(closeQueryEngines);

describe('buildTables', () => {
  it('names the first table of an artefact after its evidence id, further ones with the parser’s table name, and a pattern table as declared', async () => {
    const manifest = await buildTables(join(folder, 'a.duckdb'), artefacts());
    expect(manifest.tables.map((table) => [table.name, table.evidenceId, table.rows])).toEqual([
      ['auth_log', 'auth-log', 3],
      ['auth_log_sshd', 'auth-log', 2],
      ['vpn_logins', 'vpn-logins', 2],
      ['doors', 'door-log', 2],
    ]);
  });

  it('puts the line column first in every table, and gives each column its type', async () => {
    const manifest = await buildTables(join(folder, 'a.duckdb'), artefacts());
    for (const table of manifest.tables) {
      expect(table.columns[0]).toEqual({
        name: 'line',
        type: 'line',
        description: expect.stringContaining('The line of'),
      });
    }
    const vpn = manifest.tables.find((table) => table.name === 'vpn_logins');
    expect(vpn?.columns.map((column) => [column.name, column.type])).toEqual([
      ['line', 'line'],
      ['user', 'text'],
      ['bytes', 'integer'],
      ['ratio', 'real'],
    ]);
    expect(manifest.tables[0]?.columns[0]?.description).toBe(
      'The line of auth.log of the gateway this row comes from.',
    );
  });

  it('stores the columns with their SQL types', async () => {
    const file = join(folder, 'a.duckdb');
    await buildTables(file, artefacts());
    const sshd = await runQuery(file, 'SELECT * FROM auth_log_sshd', LIMITS);
    expect(sshd.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      'line BIGINT',
      'time TIMESTAMP WITH TIME ZONE',
      'host VARCHAR',
      'pid BIGINT',
      'event VARCHAR',
      'method VARCHAR',
      'user VARCHAR',
      'ip VARCHAR',
      'port BIGINT',
      'times BIGINT',
      'source_zone VARCHAR',
    ]);
    const vpn = await runQuery(file, 'SELECT * FROM vpn_logins', LIMITS);
    expect(vpn.columns.map((column) => column.type)).toEqual(['BIGINT', 'VARCHAR', 'BIGINT', 'DOUBLE']);
    expect(vpn.rows).toEqual([
      [2, 'alice', 1200, 0.5],
      [3, 'bob', 300, 1.25],
    ]);
  });

  it('keeps each row’s line in the artefact, and reports the line that did not parse with its number', async () => {
    const file = join(folder, 'a.duckdb');
    const manifest = await buildTables(file, artefacts());
    expect(manifest.problems).toEqual([{ evidenceId: 'auth-log', line: 3, reason: expect.any(String) }]);
    const lines = await runQuery(file, 'SELECT line, program FROM auth_log ORDER BY line', LIMITS);
    expect(lines.rows).toEqual([
      [1, 'sshd'],
      [2, 'CRON'],
      [4, 'sshd'],
    ]);
    const doors = await runQuery(file, 'SELECT line, door, badge FROM doors ORDER BY line', LIMITS);
    expect(doors.rows).toEqual([
      [2, 'lab', 17],
      [3, 'server', 4],
    ]);
  });

  it('stores a time written in a non-UTC zone as the right instant', async () => {
    const file = join(folder, 'a.duckdb');
    await buildTables(file, artefacts());
    // 14:02:11 in Vienna in March is UTC+1.
    const result = await runQuery(
      file,
      "SELECT time, epoch_ms(time) AS ms, source_zone FROM auth_log_sshd WHERE user = 'alice'",
      LIMITS,
    );
    expect(result.rows).toEqual([['2024-03-05T13:02:11.000Z', Date.UTC(2024, 2, 5, 13, 2, 11), 'Europe/Vienna']]);
  });

  it('describes each table, and keeps the descriptions as comments in the file', async () => {
    const file = join(folder, 'a.duckdb');
    const manifest = await buildTables(file, artefacts());
    const doors = manifest.tables.find((table) => table.name === 'doors');
    expect(doors?.description).toContain('Door log');
    const comments = await runQuery(
      file,
      "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'doors' ORDER BY column_index",
      LIMITS,
    );
    expect(comments.rows[0]).toEqual(['line', 'The line of Door log this row comes from.']);
  });

  it('reports progress after each artefact, in bytes of artefact text', async () => {
    const seen: [number, number][] = [];
    await buildTables(join(folder, 'a.duckdb'), artefacts(), (done, total) => seen.push([done, total]));
    const sizes = [AUTH_LOG, VPN_CSV, DOOR_LOG].map((text) => Buffer.byteLength(text));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(seen).toEqual([
      [sizes[0], total],
      [(sizes[0] ?? 0) + (sizes[1] ?? 0), total],
      [total, total],
    ]);
  });

  it('tells how far DuckDB has read a large access log while it reads, not only when it is done', {
    timeout: 120_000,
  }, async () => {
    const log = join(folder, 'access.log');
    await writeSyntheticLog(log, 96 << 20);
    const told: [number, number][] = [];
    await buildTables(
      join(folder, 'a.duckdb'),
      [{ evidenceId: 'access-log', title: 'Access log', path: log, table: { parser: 'apache-combined', zone: 'UTC' } }],
      (done, total) => told.push([done, total]),
    );
    const total = (await stat(log)).size;
    expect(told.at(-1)).toEqual([total, total]);
    expect(told.filter(([done]) => done > 0 && done < total).length).toBeGreaterThan(0);
    expect(told.every(([done, all], index) => all === total && done >= (told[index - 1]?.[0] ?? 0))).toBe(true);
  });

  it('refuses two artefacts that would give the same table name, naming both', async () => {
    const file = join(folder, 'a.duckdb');
    const [auth] = artefacts();
    if (!auth) throw new Error('no artefact');
    const clash: ArtefactToTabulate = {
      ...auth,
      evidenceId: 'second-log',
      table: { pattern: '^(?<message>.*)$', columns: { message: { type: 'text' } }, name: 'auth_log', zone: 'UTC' },
    };
    await expect(buildTables(file, [auth, clash])).rejects.toThrow(/"auth-log" and "second-log".*auth_log/u);
    expect(await readdir(folder)).toEqual([]);
  });

  it('leaves nothing behind when a build fails after it has started writing', async () => {
    const file = join(folder, 'a.duckdb');
    let calls = 0;
    const failing = buildTables(file, artefacts(), () => {
      if (++calls === 2) throw new Error('stopped halfway');
    });
    await expect(failing).rejects.toThrow('stopped halfway');
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses an artefact too large for a JavaScript parser with its size and what to do, before reading it', async () => {
    const log = join(folder, 'auth.log');
    await writeFile(log, '');
    // Sparse: 600 MB of NUL bytes that take no disk. As one 600 MB line, DuckDB does not read it as an
    // access log either, so both go to the JavaScript parsers.
    await truncate(log, 600 * 1024 * 1024);
    const file = join(folder, 'a.duckdb');
    for (const table of [
      { parser: 'syslog', zone: 'UTC', year: 2024 },
      { parser: 'apache-combined', zone: 'UTC' },
    ])
      await expect(
        buildTables(file, [{ evidenceId: 'auth-log', title: 'auth.log', path: log, table }]),
      ).rejects.toThrow(
        'Evidence "auth-log" is 600 MB, more than the 512 MB a table parser reads in JavaScript: split the file',
      );
    expect(await readdir(folder)).toEqual(['auth.log']);
  });

  it('keeps an earlier build as it was when a rebuild fails', async () => {
    const file = join(folder, 'a.duckdb');
    await buildTables(file, artefacts());
    await expect(
      buildTables(file, artefacts(), () => {
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(await readdir(folder)).toEqual(['a.duckdb']);
    expect((await runQuery(file, 'SELECT count(*) FROM doors', LIMITS)).rows).toEqual([[2]]);
  });

  it('replaces an earlier build of the same file, and queries see the new tables', async () => {
    const file = join(folder, 'a.duckdb');
    await buildTables(file, artefacts());
    expect((await runQuery(file, 'SELECT count(*) AS n FROM vpn_logins', LIMITS)).rows).toEqual([[2]]);
    const [, vpn] = artefacts();
    if (!vpn) throw new Error('no artefact');
    await buildTables(file, [{ ...vpn, text: `${VPN_CSV}\ncarol,5,2.5` }]);
    expect((await runQuery(file, 'SELECT count(*) AS n FROM vpn_logins', LIMITS)).rows).toEqual([[3]]);
    expect(await readdir(folder)).toEqual(['a.duckdb']);
  });
});
