import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArtefactToTabulate, buildTables } from '../../server/evidence/query/build-tables.ts';
import { checkAnswer } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { interpolate } from '../../server/grading/variables.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { describeSolver, type EvidenceFiles } from './solver-harness.ts';
import { solve } from './solvers/procedural-powers-and-safeguards.ts';

describeSolver('procedural-powers-and-safeguards', solve);

/*
 * The mistakes the lab is about, made from the evidence as a hurried reader would make them, must be
 * graded wrong (one for each kind of answer the lab checks automatically).
 */
describe('the lab procedural-powers-and-safeguards refuses the typical mistakes', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('procedural-powers-and-safeguards')!;
  const seeds = ['mistake-seed-1', 'mistake-seed-2', 'mistake-seed-3'];

  const verdict = (seed: string, taskId: string, answer: AnswerInput) => {
    const variant = generateVariant(lab, seed);
    const task = lab.definition.tasks.find((candidate) => candidate.id === taskId)!;
    const outcome = checkAnswer(resolveTask(task, variant).answer, answer);
    return outcome.status === 'graded' ? outcome.verdict : outcome.status;
  };
  const evidenceOf = (seed: string): EvidenceFiles => {
    const variant = generateVariant(lab, seed);
    return new Map(
      lab.evidence.map((item) => [item.definition.id, Buffer.from(variant.files.get(item.definition.id)!.content)]),
    );
  };

  it.each(seeds)('%s: the local time read as UTC, and the customer the provider named, are wrong', (seed) => {
    const file = evidenceOf(seed).get('measures-file')!.toString('utf8');
    const [, day, time] = /assigned on (\d{1,2} \w+ \d{4}) at (\d\d:\d\d:\d\d) CET/u.exec(file)!;
    expect(verdict(seed, 'nat-moment', `${day} ${time} UTC`)).toBe('incorrect');
    const named = /assigned to our customer \*\*(VB-\d+)\*\*/u.exec(file)![1]!;
    expect(verdict(seed, 'nat-customer', named)).toBe('incorrect');
  });

  it.each(seeds)('%s: mappings that follow what the drafts say, not what the law requires, are not correct', (seed) => {
    const right = solve(evidenceOf(seed));
    // Every draft taken as issuable, and every item of a traffic-data order taken as traffic data.
    const allClean = Object.fromEntries(
      Object.keys(right.defects as Record<string, string>).map((app) => [app, 'none']),
    );
    expect(verdict(seed, 'defects', allClean)).not.toBe('correct');
    const asIfSubscriber = { ...(right['data-categories'] as Record<string, string>), D1: 'traffic' };
    expect(verdict(seed, 'data-categories', asIfSubscriber)).not.toBe('correct');
    const allJudge = Object.fromEntries(
      Object.keys(right.authority as Record<string, string>).map((app) => [app, 'judge']),
    );
    expect(verdict(seed, 'authority', allJudge)).not.toBe('correct');
    const basis = { ...(right['legal-basis'] as Record<string, string>) };
    for (const app of Object.keys(basis)) if (basis[app] === 'art18-1-b') basis[app] = 'art18-1-a';
    expect(verdict(seed, 'legal-basis', basis)).not.toBe('correct');
    expect(verdict(seed, 'prokuratuur', 'accept-independent')).toBe('incorrect');
  });
});

describe('the SQL in the hints and explanations of procedural-powers-and-safeguards', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('procedural-powers-and-safeguards')!;
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'casebench-procedural-powers-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.each(['sql-seed-1', 'sql-seed-2', 'sql-seed-3'])(
    'runs over the NAT table of variant %s and finds the customer',
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
      const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      const connection = await instance.connect();
      try {
        await connection.run("SET TimeZone = 'UTC'");
        const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJson();
        const task = lab.definition.tasks.find((candidate) => candidate.id === 'nat-customer')!;
        const sql = (text: string) =>
          [...interpolate(text, variant.values).matchAll(/```sql\n([\s\S]*?)```/gu)].map((match) => match[1]!);
        const [hintQuery] = sql(task.hints![1]!.text);
        const [explanationQuery] = sql(task.explanation!);
        // The hint lists every holder of the port's block, the right one among them.
        const holders = (await run(hintQuery!)).map((row) => row[0]);
        expect(holders).toContain(variant.values.nat_customer);
        expect(holders.length).toBeGreaterThan(1);
        // The explanation's query gives exactly the right holder.
        expect((await run(explanationQuery!)).map((row) => row[0])).toEqual([variant.values.nat_customer]);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  );
});
