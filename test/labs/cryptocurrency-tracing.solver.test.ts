// The lab's answers must come from the evidence alone (the solver, for 20 seeds), each task's trap must be
// refused, and the SQL its hints and explanations give trainees must run in the console's engine over the
// tables built from a variant and return those answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswer } from '../../server/grading/registry.ts';
import { interpolate } from '../../server/grading/variables.ts';
import { type ArtefactToTabulate, buildTables } from '../../server/evidence/query/build-tables.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/cryptocurrency-tracing.ts';

describeSolver('cryptocurrency-tracing', solve);

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-crypto-tracing-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Every fenced SQL block of a text, in order. */
const sqlBlocks = (text: string): string[] => [...text.matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);

describe('the traps of cryptocurrency-tracing', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('cryptocurrency-tracing')!;

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

describe('the SQL in the hints and explanations of cryptocurrency-tracing', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('cryptocurrency-tracing')!;

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
        'cluster_attribution',
        'cobaltline_logins',
        'tx_inputs',
        'tx_outputs',
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
        // Every complete query runs (the exchange-total hint leaves the chain's txids for the trainee to fill in).
        for (const [task, queries] of blocks)
          for (const query of queries.filter((sql) => !sql.includes('...')))
            await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

        const [ransomRow] = await run(blocks.get('chain-hops')![0]!);
        expect(ransomRow?.[4]).toBe((values.chain_txids as string[])[0]);
        const hops = await run(blocks.get('chain-hops')![1]!);
        expect(hops.map((row) => row[1])).toEqual(values.chain_txids);

        const hopTwo = await run(blocks.get('change-output')![0]!);
        const change = hopTwo.find((row) => row[4] === (values.chain_txids as string[])[2]);
        expect(`vout-${change?.[0]}`).toBe(values.change_option);

        const [total] = await run(blocks.get('exchange-total')![1]!);
        expect(Number(total?.[0])).toBeCloseTo(Number(values.exchange_total), 6);
        const listed = await run(
          blocks
            .get('exchange-total')![0]!
            .replace(
              "'...the txids of the chain...'",
              (values.chain_txids as string[]).map((id) => `'${id}'`).join(', '),
            ),
        );
        expect(listed.reduce((sum, row) => sum + Number(row[3]), 0)).toBeCloseTo(Number(values.exchange_total), 6);

        const sessions = await run(blocks.get('login-ip')![0]!);
        expect(sessions.map((row) => row[3])).toEqual([values.login_ip]);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
