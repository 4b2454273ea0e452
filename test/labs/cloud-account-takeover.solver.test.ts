// The lab's answers must come from the evidence alone (the solver, for 20 seeds), and the SQL its hints and
// explanations give trainees must run in the console's engine over the tables built from a variant and
// return those answers.
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
import { commonMistakes, solve } from './solvers/cloud-account-takeover.ts';

describeSolver('cloud-account-takeover', solve);

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'casebench-cloud-takeover-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Every fenced SQL block of a text, in order. */
const sqlBlocks = (text: string): string[] => [...text.matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);
/** A console cell as an instant in milliseconds (DuckDB gives TIMESTAMPTZ as "2024-04-10 06:36:54+00"). */
const instant = (cell: unknown): number => Date.parse(String(cell).replace(' ', 'T').replace(/\+00$/u, 'Z'));

describe('the traps of cloud-account-takeover', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('cloud-account-takeover')!;

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

describe('the SQL in the hints and explanations of cloud-account-takeover', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('cloud-account-takeover')!;

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
      expect(manifest.tables.map((table) => table.name).sort()).toEqual(['audit_log', 'message_trace', 'signin_log']);

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
        // Every complete query runs (the access-end hint leaves its addresses for the trainee to fill in).
        for (const [task, queries] of blocks)
          for (const query of queries.filter((sql) => !sql.includes('...')))
            await expect(run(query), `${task}: ${query}`).resolves.toBeDefined();

        const [firstSigninHint, lagQuery] = blocks.get('first-signin')!;
        const foreign = (await run(firstSigninHint!)).find((row) => row[4] !== 'ZZ' && row[5] === '0');
        expect(instant(foreign?.[1])).toBe(Date.parse(String(values.first_success_time)));
        expect((await run(lagQuery!)).length).toBeGreaterThan(0);

        const ips = (await run(blocks.get('attacker-ips')![0]!)).filter((row) => row[2] !== 'ZZ').map((row) => row[0]);
        expect(new Set(ips)).toEqual(new Set(values.attacker_ips as string[]));

        const rules = await run(blocks.get('rule-name')![0]!);
        expect(rules.some((row) => String(row[6]).includes(`"Value":"${values.rule_name}"`))).toBe(true);

        const [appReads] = await run(blocks.get('oauth-app')![1]!);
        expect(Number(appReads?.[0])).toBeGreaterThan(0);

        const invoiceReads = await run(blocks.get('invoice-read')![1]!);
        expect(instant(invoiceReads[0]?.[0])).toBe(Date.parse(String(values.invoice_first_read_time)));

        const [counts] = await run(blocks.get('messages-read')![0]!);
        expect(counts?.map(Number)).toEqual([values.read_count, values.read_records]);
        const named = await run(blocks.get('messages-read')![1]!);
        expect(named.length).toBe(values.read_count);

        const [lastAccess] = await run(
          `WITH intruder AS (SELECT DISTINCT ip_address FROM signin_log
             WHERE user_principal_name = '${values.victim_upn}'
               AND json_extract_string(status, '$.errorCode') = '0'
               AND json_extract_string(location, '$.countryOrRegion') <> 'ZZ')
           ${blocks
             .get('access-end')![0]!
             .replace(/;\s*$/u, '')
             .replaceAll('(...the addresses...)', '(SELECT ip_address FROM intruder)')}`,
        );
        expect(instant(lastAccess?.[0])).toBe(Date.parse(String(values.last_attacker_time)));
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
