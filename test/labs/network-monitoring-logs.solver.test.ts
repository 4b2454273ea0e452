// The lab's answers must come from the evidence alone (the solver, for 20 seeds), and the SQL its hints
// give trainees must run in the console's engine over the tables built from a variant and return those
// answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArtefactToTabulate, buildTables } from '../../server/evidence/query/build-tables.ts';
import { checkAnswer } from '../../server/grading/registry.ts';
import { interpolate } from '../../server/grading/variables.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/network-monitoring-logs.ts';

describeSolver('network-monitoring-logs', solve);

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-network-logs-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Every fenced SQL block of a text, in order. */
const sqlBlocks = (text: string): string[] => [...text.matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);
/** A console cell as an instant in milliseconds (DuckDB gives TIMESTAMPTZ as "2026-03-10 09:31:44.123+00"). */
const instant = (cell: unknown): number => Date.parse(String(cell).replace(' ', 'T').replace(/\+00$/u, 'Z'));

describe('the traps of network-monitoring-logs', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('network-monitoring-logs')!;

  it('refuse, for every task checked automatically, the answer of a trainee who falls for its trap', () => {
    for (const seed of ['trap-seed-1', 'trap-seed-2', 'trap-seed-3', 'trap-seed-4', 'trap-seed-5']) {
      const variant = generateVariant(lab, seed);
      const evidence = new Map(
        [...variant.files.values()].map((file) => [file.evidenceId, Buffer.from(file.content)] as const),
      );
      const mistakes = commonMistakes(evidence);
      for (const task of lab.definition.tasks.filter((item) => item.answer.kind !== 'manual')) {
        const outcome = checkAnswer(resolveTask(task, variant).answer, mistakes[task.id]!);
        expect({ seed, task: task.id, status: outcome.status }).toEqual({ seed, task: task.id, status: 'graded' });
        expect({ seed, task: task.id, verdict: outcome.status === 'graded' && outcome.verdict }).not.toEqual({
          seed,
          task: task.id,
          verdict: 'correct',
        });
      }
    }
  });
});

describe('the SQL in the hints of network-monitoring-logs', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('network-monitoring-logs')!;

  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the tables of variant %s and gives its answers',
    { timeout: 60_000 },
    async (seed) => {
      const variant = generateVariant(lab, seed);
      const artefacts: ArtefactToTabulate[] = lab.evidence
        .filter((item) => item.definition.table)
        .map((item) => ({
          evidenceId: item.definition.id,
          title: item.definition.title,
          text: new TextDecoder().decode(variant.files.get(item.definition.id)!.content),
          table: item.definition.table!,
        }));
      const file = join(folder, `${seed}.duckdb`);
      const manifest = await buildTables(file, artefacts);
      expect(manifest.problems).toEqual([]);
      expect(manifest.tables.map((table) => table.name).sort()).toEqual([
        'conn_log',
        'dns_log',
        'http_log',
        'kerberos_log',
        'ssl_log',
      ]);

      const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      const connection = await instance.connect();
      try {
        await connection.run("SET TimeZone = 'UTC'");
        const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJson();
        const values = variant.values;
        const blocks = new Map<string, string[]>();
        for (const task of lab.definition.tasks) {
          const texts = [...(task.hints ?? []).map((hint) => hint.text), task.explanation ?? ''];
          blocks.set(task.id, sqlBlocks(interpolate(texts.join('\n'), values)));
        }

        // The pairs: the beacon is the outside pair with a small, non-zero spread of its gaps.
        const pairs = await run(blocks.get('beacon-host')![0]!);
        const beacon = pairs.find((row) => row[1] === values.c2_ip);
        expect(beacon?.[0]).toBe(values.beacon_ip);
        expect(Number(beacon?.[3])).toBe(values.beacon_count);
        const relative = Number(beacon?.[5]) / Number(beacon?.[4]);
        expect(relative).toBeGreaterThan(0.01);
        expect(relative).toBeLessThan(0.2);
        const ntp = pairs.find((row) => row[2] === '123');
        expect(Number(ntp?.[5] ?? Number.NaN)).toBe(0);

        const [gaps] = await run(blocks.get('beacon-interval')![0]!);
        const interval = Number(values.beacon_interval);
        expect(Math.abs(Number(gaps?.[0]) - interval) / interval).toBeLessThan(0.05);
        expect(Math.abs(Number(gaps?.[1]) - interval) / interval).toBeLessThan(0.05);

        const names = await run(blocks.get('c2-domain')![0]!);
        expect(names.map((row) => row[0])).toEqual([values.c2_domain]);

        const [first] = await run(blocks.get('first-contact')![0]!);
        expect(Math.floor(instant(first?.[0]) / 1000) * 1000).toBe(Date.parse(String(values.first_contact_time)));

        const sent = await run(blocks.get('exfil-volume')![0]!);
        expect(sent[0]?.[0]).toBe(values.exfil_sni);
        expect(Number(sent[0]?.[3])).toBe(values.exfil_bytes);
        expect(
          sent
            .filter((row) => row[1] === values.storage_ip)
            .map((row) => row[0])
            .sort(),
        ).toEqual([values.exfil_sni, values.own_bucket].sort());

        const sessions = await run(blocks.get('exfil-server')![0]!);
        const afternoon = sessions.filter((row) => instant(row[0]) >= Date.parse(String(values.exfil_start_time)));
        expect(new Set(afternoon.map((row) => row[1]))).toEqual(new Set([values.exfil_sni]));
        expect(new Set(afternoon.map((row) => row[2]))).toEqual(new Set([values.exfil_ja3]));

        const tickets = await run(blocks.get('account-used')![0]!);
        const [, adminUser] = String(values.admin_account).split('\\');
        const beforeUpload = tickets.filter(
          (row) =>
            instant(row[0]) < Date.parse(String(values.exfil_start_time)) &&
            instant(row[0]) > Date.parse(String(values.exfil_start_time)) - 3600_000 * 2,
        );
        expect(new Set(beforeUpload.map((row) => String(row[2]).split('/')[0]))).toEqual(new Set([adminUser]));
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
