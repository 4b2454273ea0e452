// What the solver tests of labs with query tables share: the traps a lab's common mistakes must fall
// into, and one variant's tables built and opened as the console opens them, with the SQL its hints and
// explanations give trainees.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { type ArtefactToTabulate, buildTables, type TablesManifest } from '../../server/evidence/query/build-tables.ts';
import { checkAnswer } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { interpolate } from '../../server/grading/variables.ts';
import { loadLibrary, type LoadedLab } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask, type Variant } from '../../server/labs/variants.ts';
import type { EvidenceFiles } from './solver-harness.ts';

/** Every fenced SQL block of a text, in order. */
const sqlBlocks = (text: string): string[] => [...text.matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);

/** A console cell as an instant in milliseconds (DuckDB gives TIMESTAMPTZ as "2024-04-10 06:36:54+00"). */
export const consoleInstant = (cell: unknown): number =>
  Date.parse(String(cell).replace(' ', 'T').replace(/\+00$/u, 'Z'));

/**
 * For five seeds, every task checked automatically refuses (graded, not correct) the answer a trainee
 * who falls for its trap would give, as `commonMistakes` derives it from the evidence.
 */
export function describeTraps(labId: string, commonMistakes: (evidence: EvidenceFiles) => Record<string, AnswerInput>) {
  describe(`the traps of ${labId}`, async () => {
    const lab = (await loadLibrary('labs')).labs.get(labId)!;

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
}

/** One variant's tables, open read-only in the console's engine. */
export interface VariantTables {
  variant: Variant;
  manifest: TablesManifest;
  /** The rows a query gives, as the console's JSON values. */
  run: (sql: string) => Promise<unknown[][]>;
  /** Each task's fenced SQL blocks (hints, then explanation), with the variant's values filled in. */
  blocks: Map<string, string[]>;
}

/**
 * Builds the tables of a lab's variant for `seed` into a folder of its own, opens them read-only with the
 * console's time zone, hands them to `use`, then closes and removes everything.
 */
export async function withVariantTables(
  lab: LoadedLab,
  seed: string,
  use: (tables: VariantTables) => Promise<void>,
): Promise<void> {
  const variant = generateVariant(lab, seed);
  const artefacts: ArtefactToTabulate[] = lab.evidence
    .filter((item) => item.definition.table)
    .map((item) => ({
      evidenceId: item.definition.id,
      title: item.definition.title,
      text: new TextDecoder().decode(variant.files.get(item.definition.id)!.content),
      table: item.definition.table!,
    }));
  const folder = await mkdtemp(join(tmpdir(), `casebench-${lab.definition.id}-`));
  try {
    const file = join(folder, `${seed}.duckdb`);
    const manifest = await buildTables(file, artefacts);
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const blocks = new Map<string, string[]>();
      for (const task of lab.definition.tasks) {
        const texts = [...(task.hints ?? []).map((hint) => hint.text), task.explanation ?? ''];
        blocks.set(task.id, sqlBlocks(interpolate(texts.join('\n'), variant.values)));
      }
      const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJson() as unknown[][];
      await use({ variant, manifest, run, blocks });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Where a lab's hint-query test differs from the common one. */
export interface HintQueryOptions {
  /** The describe title, where the lab's SQL stands only in its hints or only in its explanations. */
  title?: string;
  /**
   * Which blocks must run as they stand: every one by default; `false` for none, where `check` runs the
   * ones that matter itself.
   */
  runnable?: ((sql: string) => boolean) | false;
}

/**
 * For three seeds, a lab's variant tables build without problems and are exactly `tableNames`, every SQL
 * block of its hints and explanations runs over them, and `check` holds the lab's own assertions.
 */
export function describeHintQueries(
  labId: string,
  tableNames: string[],
  check: (tables: VariantTables) => Promise<void>,
  { title = `the SQL in the hints and explanations of ${labId}`, runnable = () => true }: HintQueryOptions = {},
) {
  describe(title, async () => {
    const library = await loadLibrary('labs');
    const lab = library.labs.get(labId)!;

    it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
      'runs over the tables of variant %s and gives its answers',
      { timeout: 60_000 },
      async (seed) => {
        await withVariantTables(lab, seed, async (tables) => {
          const { manifest, run, blocks } = tables;
          expect(manifest.problems).toEqual([]);
          expect(manifest.tables.map((table) => table.name).sort()).toEqual(tableNames);
          if (runnable)
            for (const [task, queries] of blocks)
              for (const query of queries.filter(runnable))
                await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();
          await check(tables);
        });
      },
    );
  });
}
