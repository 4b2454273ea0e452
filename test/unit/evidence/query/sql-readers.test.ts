// The access log read by DuckDB itself (apache-combined-sql.ts) must give exactly the tables the JavaScript
// parser gives: the same rows with the same lines, types, instants and zones, and every line that does not
// parse reported with its number. Each case builds the same artefacts both ways and compares them row by row.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArtefactToTabulate,
  buildTables,
  type TablesManifest,
} from '../../../../server/evidence/query/build-tables.ts';
import { loadLibrary } from '../../../../server/labs/loader.ts';
import { generateVariant } from '../../../../server/labs/variants.ts';
import { writeSyntheticLog } from '../../../bench/evidence.bench.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-sql-readers-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

type Tables = Record<string, { kind: string; rows: unknown[][] }>;

/** Every table of a built file, its rows ordered by line, values as DuckDB gives them to JavaScript. */
async function readAll(file: string, manifest: TablesManifest): Promise<Tables> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const tables: Tables = {};
    for (const table of manifest.tables) {
      const result = await connection.runAndReadAll(`SELECT * FROM "${table.name}" ORDER BY line`);
      const kind = await connection.runAndReadAll(
        `SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_views() WHERE view_name = '${table.name}' AND schema_name = 'main') THEN 'view' ELSE 'table' END`,
      );
      tables[table.name] = {
        kind: String(kind.getRows()[0]?.[0]),
        rows: [
          result.columnNames().map((name, index) => `${name} ${result.columnTypes()[index]}`),
          ...result.getRowsJson(),
        ],
      };
    }
    return tables;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let builds = 0;
/** Builds the artefacts with the SQL reader and with the JavaScript parsers only, and reads both back. */
async function bothWays(artefacts: ArtefactToTabulate[]) {
  const bySql = join(folder, `sql-${++builds}.duckdb`);
  const byJs = join(folder, `js-${builds}.duckdb`);
  const sqlManifest = await buildTables(bySql, artefacts);
  const jsManifest = await buildTables(byJs, artefacts, undefined, { sqlReaders: false });
  return {
    sql: { manifest: sqlManifest, tables: await readAll(bySql, sqlManifest) },
    js: { manifest: jsManifest, tables: await readAll(byJs, jsManifest) },
  };
}

function rowsOnly(tables: Tables): Record<string, unknown[][]> {
  return Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, table.rows]));
}

const accessLog = (path: string, zone = 'UTC'): ArtefactToTabulate => ({
  evidenceId: 'access-log',
  title: 'Access log',
  path,
  table: { parser: 'apache-combined', zone },
});

/** Lines the SQL reader must hand to the parser, or read as the parser does; each after a good line. */
const AWKWARD_LINES = [
  'this line is no access log',
  '',
  '   ',
  'gate.example.org - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8"',
  '2001:DB8:0:0::1 - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8"',
  '010.1.2.3 - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0100] "GET /q?a=\\"x\\" HTTP/1.1" 200 12 "-" "agent \\\\ with \\"quotes\\""',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8" trailing fields',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "only-referrer"',
  '203.0.113.9 - alice [05/Mar/2024:14:02:11 +0530] "POST /login HTTP/1.1" 302 -',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 -0000] "GARBAGE" 400 0 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 -0800] "-" 408 - "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "" 400 0 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET /a b HTTP/1.1" 400 0 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET /only-two" 200 0 "-" "-"',
  '203.0.113.9 - - [30/Feb/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/MAR/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/0099:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:24:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +9959] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0199] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 2000 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET /caf\u00e9 HTTP/1.1" 200 1 "-" "Mozilla/5.0 \u{1F600}"',
  '203.0.113.9\u00a0- - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 0 "-" "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "" ""',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-" "a third"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-""-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-"  "-"',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 "-" "-" ',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 trailing',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 1 ',
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000]  "GET / HTTP/1.1" 200 1 "-" "-"',
];

describe('the access log read by SQL', () => {
  it('gives the same rows as the parser for a clean log of over a hundred thousand lines, as a view with a line column set after the read', {
    timeout: 120_000,
  }, async () => {
    const path = join(folder, 'clean.log');
    const { lines } = await writeSyntheticLog(path, 24 << 20);
    const { sql, js } = await bothWays([accessLog(path)]);
    expect(sql.manifest).toEqual(js.manifest);
    expect(sql.manifest.tables[0]?.rows).toBe(lines);
    expect(sql.manifest.problems).toEqual([]);
    expect(sql.tables.access_log?.kind).toBe('view');
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
  });

  it('gives the same rows and the same problems, with their lines, for malformed, blank and unusual lines', {
    timeout: 120_000,
  }, async () => {
    const path = join(folder, 'awkward.log');
    await writeSyntheticLog(path, 2 << 20);
    // Each awkward line after a run of good ones, and the last without a newline.
    const good = '198.51.100.4 - - [05/Mar/2024:14:00:00 +0100] "GET /x HTTP/1.1" 200 5 "-" "curl/8"';
    await appendFile(path, `${AWKWARD_LINES.map((line) => `${good}\n${line}`).join('\n')}\n${good}`);
    const { sql, js } = await bothWays([accessLog(path, 'Europe/Vienna')]);
    expect(sql.manifest).toEqual(js.manifest);
    expect(sql.manifest.problems).toHaveLength(7);
    expect(sql.manifest.problems[0]).toEqual({
      evidenceId: 'access-log',
      line: expect.any(Number),
      reason: expect.stringContaining('Expected an access log line'),
    });
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
  });

  it('writes hosts that are not plain dotted quads as the parser does in a log without an odd line, still as a view', async () => {
    const path = join(folder, 'hosts.log');
    const line = (host: string, second: number) =>
      `${host} - - [05/Mar/2024:14:02:${String(second).padStart(2, '0')} +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8"`;
    const hosts = ['198.51.100.4', '2001:DB8:0:0::1', 'gate.example.org', '010.1.2.3', '203.0.113.255'];
    await writeFile(path, `${hosts.map((host, index) => line(host, index)).join('\n')}\n`);
    const { sql, js } = await bothWays([accessLog(path)]);
    expect(sql.manifest).toEqual(js.manifest);
    expect(sql.manifest.problems).toEqual([]);
    expect(sql.tables.access_log?.kind).toBe('view');
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
    expect(sql.tables.access_log?.rows.slice(1).map((row) => row[1])).toEqual([
      '198.51.100.4',
      '2001:db8::1',
      'gate.example.org',
      '010.1.2.3',
      '203.0.113.255',
    ]);
  });

  it('leaves a log with Windows line ends to the parser, with the same rows', async () => {
    const path = join(folder, 'crlf.log');
    await writeFile(
      path,
      [
        '203.0.113.9 - - [05/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" 200 12 "-" "curl/8"',
        'not a line',
        '203.0.113.9 - - [05/Mar/2024:14:02:12 +0100] "GET /a HTTP/1.1" 404 0 "-" "curl/8"',
      ].join('\r\n'),
    );
    const { sql, js } = await bothWays([accessLog(path)]);
    expect(sql.manifest.problems).toEqual([{ evidenceId: 'access-log', line: 2, reason: expect.any(String) }]);
    expect(sql.manifest).toEqual(js.manifest);
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
  });

  it('reads a line that is not valid UTF-8 as the parser does, with replacement characters', async () => {
    const path = join(folder, 'latin1.log');
    const line = (path: string) =>
      `203.0.113.9 - - [05/Mar/2024:14:02:11 +0100] "GET ${path} HTTP/1.1" 200 12 "-" "curl/8"\n`;
    await writeFile(
      path,
      Buffer.concat([Buffer.from(line('/')), Buffer.from(line('/caf\xe9'), 'latin1'), Buffer.from(line('/'))]),
    );
    const { sql, js } = await bothWays([accessLog(path)]);
    expect(sql.manifest).toEqual(js.manifest);
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
    expect(sql.tables.access_log?.rows[2]).toContain('/caf\ufffd');
  });

  it('gives the same tables for every shipped lab’s artefacts, and for its access log with a malformed line added', {
    timeout: 120_000,
  }, async () => {
    const library = await loadLibrary('labs');
    const artefacts: ArtefactToTabulate[] = [];
    for (const lab of library.labs.values()) {
      const variant = generateVariant(lab, 'compare');
      for (const evidence of lab.evidence) {
        const { definition } = evidence;
        if (!definition.table) continue;
        let path = evidence.path;
        const generated = variant.files.get(definition.id);
        if (generated) {
          path = join(folder, `${lab.definition.id}-${definition.id}`);
          await writeFile(path, generated.content);
        }
        if (!path) continue;
        artefacts.push({
          evidenceId: `${lab.definition.id}-${definition.id}`,
          title: definition.title,
          path,
          table: { ...definition.table, name: undefined },
        });
      }
    }
    const access = artefacts.filter((artefact) => artefact.table.parser === 'apache-combined');
    expect(access.length).toBeGreaterThan(0);
    for (const artefact of access) {
      const copy = join(folder, `${artefact.evidenceId}-malformed.log`);
      await writeFile(copy, '');
      await appendFile(copy, await import('node:fs/promises').then(({ readFile }) => readFile(artefact.path ?? '')));
      await appendFile(copy, 'GET /index.php HTTP/1.1 200 (a line without its host and time)\n');
      artefacts.push({ ...artefact, evidenceId: `${artefact.evidenceId}-malformed`, path: copy });
    }
    const { sql, js } = await bothWays(artefacts);
    expect(sql.manifest).toEqual(js.manifest);
    expect(sql.manifest.problems).toContainEqual({
      evidenceId: `${access[0]?.evidenceId}-malformed`,
      line: expect.any(Number),
      reason: expect.stringContaining('Expected an access log line'),
    });
    expect(rowsOnly(sql.tables)).toEqual(rowsOnly(js.tables));
    // The shipped access log is clean: DuckDB read it all, and numbered its rows by their position.
    expect(sql.tables[access[0]?.evidenceId.replaceAll('-', '_') ?? '']?.kind).toBe('view');
  });
});
