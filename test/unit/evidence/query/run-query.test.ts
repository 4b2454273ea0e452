import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTables } from '../../../../server/evidence/query/build-tables.ts';
import {
  closeQueryEngines,
  QueryFailure,
  type QueryLimits,
  runQuery,
} from '../../../../server/evidence/query/run-query.ts';

const LIMITS: QueryLimits = { timeMs: 5_000, maxRows: 1_000, memoryMb: 256 };

const AUTH_LOG = [
  'Mar  5 14:02:11 gate sshd[811]: Accepted password for alice from 203.0.113.9 port 52311 ssh2',
  'Mar  5 14:03:00 gate CRON[900]: (root) CMD (run-parts /etc/cron.hourly)',
  'Mar  5 14:05:42 gate sshd[812]: Failed password for root from 198.51.100.7 port 40022 ssh2',
  'Mar  5 14:05:44 gate sshd[812]: Failed password for root from 198.51.100.7 port 40022 ssh2',
  'Mar  5 14:06:01 gate sshd[813]: Accepted password for alice from 198.51.100.7 port 40100 ssh2',
].join('\n');

let folder: string;
let file: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-run-query-'));
  file = join(folder, 'tables.duckdb');
  await buildTables(file, [
    {
      evidenceId: 'auth-log',
      title: 'auth.log',
      text: AUTH_LOG,
      table: { parser: 'syslog', zone: 'UTC', year: 2024 },
    },
  ]);
});

afterAll(async () => {
  await closeQueryEngines();
  await rm(folder, { recursive: true, force: true });
});

/** The failure a query ends with; fails the test when it runs. */
async function failureOf(sql: string, limits: QueryLimits = LIMITS): Promise<QueryFailure> {
  try {
    await runQuery(file, sql, limits);
  } catch (error) {
    if (error instanceof QueryFailure) return error;
    throw error;
  }
  throw new Error(`the query ran: ${sql}`);
}

describe('runQuery: reading queries', () => {
  it('joins two tables of one artefact on their line', async () => {
    const result = await runQuery(
      file,
      `SELECT s.line, l.program, s.event, s.user
         FROM auth_log_sshd s JOIN auth_log l ON l.line = s.line
        ORDER BY s.line`,
      LIMITS,
    );
    expect(result.columns.map((column) => column.name)).toEqual(['line', 'program', 'event', 'user']);
    expect(result.rows).toEqual([
      [1, 'sshd', 'accepted', 'alice'],
      [3, 'sshd', 'failed', 'root'],
      [4, 'sshd', 'failed', 'root'],
      [5, 'sshd', 'accepted', 'alice'],
    ]);
    expect(result.truncated).toBe(false);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('counts by a column', async () => {
    const result = await runQuery(
      file,
      'SELECT ip, count(*) AS attempts FROM auth_log_sshd GROUP BY ip ORDER BY attempts DESC, ip',
      LIMITS,
    );
    expect(result.columns).toEqual([
      { name: 'ip', type: 'VARCHAR' },
      { name: 'attempts', type: 'BIGINT' },
    ]);
    expect(result.rows).toEqual([
      ['198.51.100.7', 3],
      ['203.0.113.9', 1],
    ]);
  });

  it('gives timestamps as ISO 8601 UTC strings, in a session whose zone is UTC', async () => {
    const result = await runQuery(
      file,
      // The hour of an instant written at +02:00, as the session's zone shows it: 08 in UTC.
      "SELECT min(time) AS first, TIMESTAMP '2024-03-05 10:00:00' AS plain, " +
        "strftime(TIMESTAMPTZ '2024-03-05 10:00:00+02:00', '%H') AS hour FROM auth_log",
      LIMITS,
    );
    expect(result.columns.map((column) => column.type)).toEqual(['TIMESTAMP WITH TIME ZONE', 'TIMESTAMP', 'VARCHAR']);
    expect(result.rows).toEqual([['2024-03-05T14:02:11.000Z', '2024-03-05T10:00:00.000Z', '08']]);
  });

  it('gives BIGINT as a number when it is safe and as a string when not, decimals as numbers', async () => {
    const result = await runQuery(file, 'SELECT 42::BIGINT, 9007199254740993::BIGINT, 1.25, true, NULL', LIMITS);
    expect(result.rows).toEqual([[42, '9007199254740993', 1.25, true, null]]);
  });

  it('allows VALUES, FROM-first queries, WITH, DESCRIBE and SUMMARIZE', async () => {
    expect((await runQuery(file, 'VALUES (1, 2)', LIMITS)).rows).toEqual([[1, 2]]);
    expect((await runQuery(file, "FROM auth_log SELECT count(*) WHERE program = 'CRON'", LIMITS)).rows).toEqual([[1]]);
    expect((await runQuery(file, 'WITH n AS (SELECT 3 AS x) SELECT x FROM n', LIMITS)).rows).toEqual([[3]]);
    const described = await runQuery(file, 'DESCRIBE auth_log', LIMITS);
    expect(described.rows.map((row) => row[0])).toContain('program');
    const summary = await runQuery(file, 'SUMMARIZE auth_log', LIMITS);
    expect(summary.rows.length).toBeGreaterThan(0);
  });

  it('runs a PIVOT with its values listed, and says how to list them when they are not', async () => {
    const pivot = await runQuery(
      file,
      "PIVOT auth_log_sshd ON event IN ('accepted', 'failed') USING count(*) GROUP BY user ORDER BY user",
      LIMITS,
    );
    expect(pivot.rows).toEqual([
      ['alice', 2, 0],
      ['root', 0, 2],
    ]);
    const failure = await failureOf('PIVOT auth_log_sshd ON event USING count(*)');
    expect(failure.code).toBe('query_refused');
    expect(failure.message).toContain('only with its values listed');
  });

  it('accepts a trailing semicolon and comments', async () => {
    const result = await runQuery(file, '-- how many lines\nSELECT count(*) FROM auth_log; /* done */', LIMITS);
    expect(result.rows).toEqual([[5]]);
  });
});

describe('runQuery: refused statements', () => {
  const refused: [string, string][] = [
    ['ATTACH', `ATTACH '${join(tmpdir(), 'other.duckdb')}' AS other`],
    ['COPY TO', `COPY auth_log TO '${join(tmpdir(), 'stolen.csv')}'`],
    ['read_csv', "SELECT * FROM read_csv('/etc/passwd')"],
    ['read_text', "SELECT content FROM read_text('/etc/passwd')"],
    ['glob', "SELECT * FROM glob('/etc/*')"],
    ['SET', 'SET threads = 4'],
    ['PRAGMA', 'PRAGMA show_tables'],
    ['INSTALL', 'INSTALL httpfs'],
    ['LOAD', 'LOAD httpfs'],
    ['CREATE TEMP TABLE', 'CREATE TEMP TABLE mine AS SELECT 1'],
    ['INSERT', 'INSERT INTO auth_log (line) VALUES (99)'],
    ['INSERT after WITH', 'WITH x AS (SELECT 99 AS line) INSERT INTO auth_log (line) SELECT line FROM x'],
    ['EXPORT', `EXPORT DATABASE '${join(tmpdir(), 'export')}'`],
    ['CALL', 'CALL pragma_version()'],
    ['EXPLAIN', 'EXPLAIN SELECT 1'],
  ];
  for (const [what, sql] of refused)
    it(`refuses ${what} in words that name no file`, async () => {
      const failure = await failureOf(sql);
      expect(failure.code).toBe('query_refused');
      expect(failure.message).toMatch(/^Only queries that read tables can run here: this one would /u);
      expect(failure.message).not.toMatch(/\/etc|\/tmp|duckdb|Error/u);
      expect(failure.message).not.toContain(folder);
    });

  // enable_logging with file storage was seen to abort the whole process: if this check lets it through, the
  // test run dies here.
  const engineCalls: [string, string][] = [
    ['file logging', "SELECT * FROM enable_logging(storage := 'file', storage_path := 'logs')"],
    ['a quoted function name', `SELECT * FROM "Enable_Logging"()`],
    [
      'comments between the name and its parenthesis',
      'SELECT * FROM enable_logging /* a */ /* b */ /* c */ /* d */ ()',
    ],
    ['text hidden from a naive reading by $$ quoting', "SELECT $$'$$ AS a, * FROM enable_logging() WHERE 'x' = 'x'"],
    ['SQL written as text', "SELECT * FROM query('SELECT 1')"],
    ['a checkpoint', 'SELECT * FROM force_checkpoint()'],
    ['a scan of memory by address', 'SELECT * FROM main.arrow_scan(1, 2, 3)'],
  ];
  for (const [what, sql] of engineCalls)
    it(`refuses a function that acts on the engine: ${what}`, async () => {
      const failure = await failureOf(sql);
      expect(failure.code).toBe('query_refused');
      expect(failure.message).toMatch(/^Only queries that read tables can run here: this one would /u);
    });

  it('lets through the same names as columns, aliases or words in text', async () => {
    const result = await runQuery(
      file,
      "SELECT 'enable_logging(' AS query, 1 AS checkpoint -- query('x')\nFROM auth_log LIMIT 1",
      LIMITS,
    );
    expect(result.rows).toEqual([['enable_logging(', 1]]);
  });

  it('says what a refused statement would have done', async () => {
    expect((await failureOf('INSERT INTO auth_log (line) VALUES (99)')).message).toContain('would add rows to a table');
    expect((await failureOf("SELECT * FROM read_csv('/etc/passwd')")).message).toContain(
      'would read or write files on the server',
    );
    expect((await failureOf('SET threads = 4')).message).toContain('would change a setting');
  });

  it('refuses two statements in one text', async () => {
    const failure = await failureOf('SELECT 1; SELECT 2');
    expect(failure.code).toBe('query_refused');
    expect(failure.message).toContain('Only one query can run at a time');
  });

  it('wrote no file and changed no table', async () => {
    expect(await readdir(folder)).toEqual(['tables.duckdb']);
    expect((await runQuery(file, 'SELECT count(*) FROM auth_log', LIMITS)).rows).toEqual([[5]]);
  });
});

describe('runQuery: invalid queries', () => {
  it('gives a syntax error with its line and column', async () => {
    const failure = await failureOf('SELECT line,\n       program\n  FROM auth_log\n WHER line > 2');
    expect(failure.code).toBe('query_invalid');
    expect(failure.position).toEqual({ line: 4, column: 7 });
    expect(failure.message).toBe('The query could not be read: syntax error at or near "line" (line 4, column 7).');
  });

  it('finds the column on a long line that DuckDB shortens', async () => {
    const columns = Array.from({ length: 30 }, (_, index) => `line AS c${index}`).join(', ');
    // DuckDB shows the line from "..." near the error; the second one is shortened at both ends.
    for (const sql of [`SELECT ${columns} FORM auth_log`, `SELECT ${columns} FORM auth_log, ${columns}`]) {
      const failure = await failureOf(sql);
      expect(failure.position).toEqual({ line: 1, column: sql.indexOf('FORM') + 1 });
    }
  });

  it('gives an unknown column with DuckDB’s suggestion and its position', async () => {
    const failure = await failureOf('SELECT usr FROM auth_log_sshd');
    expect(failure.code).toBe('query_invalid');
    expect(failure.position).toEqual({ line: 1, column: 8 });
    expect(failure.message).toMatch(/^The query could not run: Referenced column "usr" not found.*"user"/u);
  });

  it('takes a misspelt first word for a syntax error, not for a refused statement', async () => {
    const failure = await failureOf('SELEC line FROM auth_log');
    expect(failure.code).toBe('query_invalid');
    expect(failure.position).toEqual({ line: 1, column: 1 });
  });

  it('gives an unexpected end of the text at its end', async () => {
    const failure = await failureOf('SELECT * FROM auth_log WHERE');
    expect(failure.code).toBe('query_invalid');
    expect(failure.position).toEqual({ line: 1, column: 29 });
  });

  it('calls an empty text empty', async () => {
    const failure = await failureOf('  -- nothing yet\n');
    expect(failure.code).toBe('query_invalid');
    expect(failure.message).toContain('The query is empty');
  });
});

describe('runQuery: limits', () => {
  it('stops a recursive query that never ends at its time limit', async () => {
    const started = performance.now();
    const failure = await failureOf(
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      { ...LIMITS, timeMs: 500 },
    );
    expect(failure.code).toBe('query_time_limit');
    expect(failure.message).toMatch(/^The query was stopped after 0\.5 s, its time limit\./u);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops a cross join of large ranges at its time limit, and the file still answers', async () => {
    const started = performance.now();
    const failure = await failureOf('SELECT count(*) FROM range(100000000) a, range(100000000) b', {
      ...LIMITS,
      timeMs: 500,
    });
    expect(failure.code).toBe('query_time_limit');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await runQuery(file, 'SELECT count(*) FROM auth_log', LIMITS)).rows).toEqual([[5]]);
  });

  it('returns the first maxRows rows of a million and says it cut them', async () => {
    const result = await runQuery(file, 'SELECT range AS n FROM range(1000000)', { ...LIMITS, maxRows: 1_000 });
    expect(result.truncated).toBe(true);
    expect(result.rows).toHaveLength(1_000);
    expect(result.rows[0]).toEqual([0]);
    expect(result.rows.at(-1)).toEqual([999]);
  });

  it('returns the first maxRows rows in the query’s own order, even with a final semicolon, and says it cut them', async () => {
    // Run under a LIMIT of maxRows + 1 (DuckDB then sorts only those): the order and the cut must not change.
    for (const sql of [
      'SELECT range AS n, range % 7 AS r FROM range(100000) ORDER BY r DESC, n',
      'SELECT range AS n, range % 7 AS r FROM range(100000) ORDER BY r DESC, n;',
    ]) {
      const result = await runQuery(file, sql, { ...LIMITS, maxRows: 1_000 });
      expect(result.truncated).toBe(true);
      expect(result.rows).toHaveLength(1_000);
      expect(result.rows.slice(0, 2)).toEqual([
        [6, 6],
        [13, 6],
      ]);
      expect(result.rows.at(-1)).toEqual([6 + 999 * 7, 6]);
    }
  });

  it('keeps a query’s own column names, duplicates included, and its own LIMIT', async () => {
    const duplicates = await runQuery(file, 'SELECT 1 AS a, 2 AS a', LIMITS);
    expect(duplicates.columns.map((column) => column.name)).toEqual(['a', 'a']);
    expect(duplicates.rows).toEqual([[1, 2]]);
    const limited = await runQuery(
      file,
      'SELECT line FROM auth_log ORDER BY line DESC LIMIT 2 -- the last two',
      LIMITS,
    );
    expect(limited.rows).toEqual([[5], [4]]);
    expect(limited.truncated).toBe(false);
  });

  it('is not truncated when the rows fit exactly', async () => {
    const result = await runQuery(file, 'SELECT range FROM range(1000)', { ...LIMITS, maxRows: 1_000 });
    expect(result.truncated).toBe(false);
    expect(result.rows).toHaveLength(1_000);
  });

  it('stops a query whose result needs more memory than its limit', async () => {
    const failure = await failureOf("SELECT repeat('x', 1000000) FROM range(100)", { ...LIMITS, memoryMb: 64 });
    expect(failure.code).toBe('query_memory_limit');
    expect(failure.message).toContain('needed more than its 64 MB of memory');
  });

  it('stops a query that needs more memory than its limit', async () => {
    const failure = await failureOf(
      "SELECT length(string_agg(repeat('x', 100) || range::VARCHAR, ',')) FROM range(10000000)",
      { ...LIMITS, memoryMb: 64 },
    );
    expect(failure.code).toBe('query_memory_limit');
    expect(failure.message).toMatch(/needed more than its 64 MB of memory/u);
    expect(failure.message).not.toMatch(/SET|threads|duckdb\.org/u);
  });
});

describe('runQuery: open engines', () => {
  it('keeps a few engines open, and a query on an engine closed for a newer one still ends cleanly', async () => {
    const endless = failureOf(
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      {
        ...LIMITS,
        timeMs: 1_000,
        memoryMb: 100,
      },
    );
    // Each memory limit needs its own engine: six of them push the first one out while its query runs.
    for (let memoryMb = 101; memoryMb <= 106; memoryMb++)
      expect((await runQuery(file, 'SELECT count(*) FROM auth_log', { ...LIMITS, memoryMb })).rows).toEqual([[5]]);
    expect((await endless).code).toBe('query_time_limit');
    expect((await runQuery(file, 'SELECT count(*) FROM auth_log', { ...LIMITS, memoryMb: 100 })).rows).toEqual([[5]]);
  });

  it('says so, without a path, when the tables are missing or not a database', async () => {
    const missing = runQuery(join(folder, 'missing.duckdb'), 'SELECT 1', LIMITS);
    await expect(missing).rejects.toThrow('The evidence tables have not been built yet.');
    await expect(missing).rejects.not.toBeInstanceOf(QueryFailure);
    const notADatabase = join(folder, 'not-a-database.duckdb');
    await writeFile(notADatabase, 'just text');
    try {
      const broken = runQuery(notADatabase, 'SELECT 1', LIMITS);
      await expect(broken).rejects.toThrow(/^The evidence tables could not be opened\.$/u);
      await expect(broken).rejects.not.toBeInstanceOf(QueryFailure);
    } finally {
      await rm(notADatabase);
    }
  });

  it('runs queries on one file side by side', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => runQuery(file, `SELECT count(*) + ${n} FROM auth_log_sshd`, LIMITS)),
    );
    expect(results.map((result) => result.rows)).toEqual([[[5]], [[6]], [[7]], [[8]]]);
  });
});
