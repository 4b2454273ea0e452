// Building a lab's evidence tables is seconds of work for a large artefact: it runs on a worker thread
// (and, for the access log, on DuckDB's own threads), so the server keeps answering meanwhile (issue #13).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import type { EvidenceTablesView } from '../../server/services/trainee/evidence-tables.ts';
import { writeSyntheticLog } from '../bench/evidence.bench.ts';
import { apiTest, labsFolder } from '../helpers/fixtures.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';

const MB = 1024 * 1024;
const ACCESS_LOG_MB = 64;
const AUTH_LOG_MB = 16;

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** A syslog auth.log of about `bytes`, which the JavaScript parser reads (on the build's worker thread). */
async function writeLargeAuthLog(path: string, bytes: number): Promise<number> {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const second = String(n % 60).padStart(2, '0');
    const minute = String(Math.floor(n / 60) % 60).padStart(2, '0');
    const line = `Mar  5 14:${minute}:${second} gate sshd[${800 + (n % 50)}]: Failed password for root from 198.51.100.${n % 250} port ${40_000 + (n % 9_000)} ssh2`;
    lines.push(line);
    size += line.length + 1;
  }
  await writeFile(path, `${lines.join('\n')}\n`);
  return lines.length;
}

let expectedRows: { access: number; auth: number } = { access: 0, auth: 0 };

/** api-lab with its auth.log grown to AUTH_LOG_MB, and an access log of ACCESS_LOG_MB beside it. */
const it = apiTest.extend(
  'labsDir',
  labsFolder(async (fixture) => {
    await addApiTestLab(fixture);
    const authLog = fixture.labFile('api-lab', 'evidence/auth.log');
    const authBefore = await sha256(authLog);
    const auth = await writeLargeAuthLog(authLog, AUTH_LOG_MB * MB);
    await fixture.edit('api-lab', `sha256: ${authBefore}`, `sha256: ${await sha256(authLog)}`);
    const accessLog = fixture.labFile('api-lab', 'evidence/access.log');
    const { lines: access } = await writeSyntheticLog(accessLog, ACCESS_LOG_MB * MB);
    await fixture.edit(
      'api-lab',
      '\ntasks:',
      `  - id: access-log
    file: evidence/access.log
    title: Access log of the web server
    kind: log
    format: apache-combined
    table: { parser: apache-combined, zone: UTC }
    sha256: ${await sha256(accessLog)}
    custody:
      source_device: WEB01
      acquired_by: Example Unit, digital forensics
      acquired_at: 2024-03-06T09:15:00Z
      method: Logical copy of the access log

tasks:`,
    );
    expectedRows = { access, auth };
  }),
);

describe('building the tables of a large artefact', () => {
  it(`keeps /api/health answering (p50 under 50 ms) while ${ACCESS_LOG_MB} MB of access log and ${AUTH_LOG_MB} MB of auth.log are built into tables`, {
    timeout: 240_000,
  }, async ({ harness, trainee }) => {
    const readTables = () => trainee.json<EvidenceTablesView>('GET', '/api/labs/api-lab/tables');
    // The first request starts the build; under the harness's manual clock it waits for the whole build.
    let finished = false;
    const first = readTables().finally(() => {
      finished = true;
    });
    const latencies: number[] = [];
    while (!finished) {
      const started = performance.now();
      const health = await harness.anonymous().json('GET', '/api/health');
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const view = (await first).body;
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;
    console.log(
      `health during the build: ${latencies.length} requests, p50 ${p50.toFixed(1)} ms, ` +
        `p99 ${(latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    expect(p50).toBeLessThan(50);

    if (view.state !== 'ready') throw new Error('the build did not finish');
    const rows = Object.fromEntries(view.tables.map((table) => [table.name, table.rows]));
    expect(rows.access_log).toBe(expectedRows.access);
    expect(rows.auth_log).toBe(expectedRows.auth);
    expect(view.problems).toBe(0);
  });
});
