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
import { commonMistakes, solve } from './solvers/mobile-extraction-report.ts';

describeSolver('mobile-extraction-report', solve);

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-mobile-extraction-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Every fenced SQL block of a text, in order. */
const sqlBlocks = (text: string): string[] => [...text.matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);

describe('the traps of mobile-extraction-report', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('mobile-extraction-report')!;

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

describe('the SQL in the hints and explanations of mobile-extraction-report', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('mobile-extraction-report')!;

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
      expect(manifest.tables.map((table) => table.name).sort()).toEqual(['calls', 'locations', 'messages', 'photos']);

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
        for (const [task, queries] of blocks)
          for (const query of queries) await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

        const yard = await run(blocks.get('meeting-time')![0]!);
        expect(Date.parse(String(yard[0]?.[0]))).toBe(Date.parse(String(values.meeting_time)));

        const [deleted] = await run(blocks.get('deleted-count')![1]!);
        expect(Number(deleted?.[0])).toBe(values.deleted_count);

        const wolfCalls = await run(blocks.get('wolf-calls')![0]!);
        expect(wolfCalls).toHaveLength(Number(values.wolf_calls));
        const [callCount] = await run(blocks.get('wolf-calls')![1]!);
        expect(Number(callCount?.[0])).toBe(values.wolf_calls);

        const fixes = await run(blocks.get('location')![0]!);
        expect(fixes.map((row) => row[3]).sort()).toEqual(['Cell', 'GPS', 'GPS']);

        const photo = await run(blocks.get('photo-time')![0]!);
        expect(photo).toHaveLength(1);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
