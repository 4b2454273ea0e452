import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { generateVariant, resolveTask } from '../../server/labs/variants.ts';
import { consoleInstant, describeHintQueries } from './variant-tables.ts';
import { describeSolver, type EvidenceFiles } from './solver-harness.ts';
import { solve } from './solvers/preservation-and-cooperation.ts';

describeSolver('preservation-and-cooperation', solve);

/** A wrong answer for each task, made from the right one the way trainees go wrong. */
function wrongAnswers(right: Record<string, AnswerInput>): Record<string, AnswerInput> {
  const [ip, port] = (right['attacker-connection'] as string).split(':');
  const routes = { ...(right['route-mapping'] as Record<string, string>) };
  // The Kestrel preservation sent as an Art. 7 order: the most common confusion.
  const preservation = Object.keys(routes).find((item) => routes[item] === 'art29-247')!;
  routes[preservation] = 'sap-art7';
  const deadline = new Date(`${right['mla-deadline'] as string}T00:00:00Z`);
  deadline.setUTCDate(deadline.getUTCDate() - 1);
  return {
    'attacker-connection': `${ip}:${Number(port) + 1}`,
    // The Estmark wall clock written as UTC.
    'export-time': new Date(Date.parse(right['export-time'] as string) + 3_600_000).toISOString(),
    'sharing-count': String(Number(right['sharing-count']) + 1),
    'cgnat-subscriber': 'KM-1000000',
    'draft-defects': [...(right['draft-defects'] as string[]), 'dual-criminality'],
    'route-mapping': routes,
    'epoc-issuer': 'prosecutor',
    'time-limits': { ...(right['time-limits'] as Record<string, string>), 'art29-preservation': '60-days' },
    'mla-deadline': deadline.toISOString().slice(0, 10),
  };
}

describe('the lab preservation-and-cooperation refuses wrong answers', async () => {
  const library = await loadLibrary('labs');
  const lab = library.labs.get('preservation-and-cooperation');

  it('grades a typical wrong answer to every task as not correct, for 20 seeds', () => {
    expect(lab).toBeDefined();
    if (!lab) return;
    for (let index = 1; index <= 20; index++) {
      const seed = `wrong-seed-${index}`;
      const variant = generateVariant(lab, seed);
      const evidence: EvidenceFiles = new Map();
      for (const item of lab.evidence) {
        const generated = variant.files.get(item.definition.id);
        evidence.set(item.definition.id, generated ? Buffer.from(generated.content) : readFileSync(item.path!));
      }
      const wrong = wrongAnswers(solve(evidence));
      for (const task of lab.definition.tasks) {
        if (task.answer.kind === 'manual') continue;
        const outcome = checkAnswer(resolveTask(task, variant).answer, wrong[task.id]!);
        expect({ seed, task: task.id, status: outcome.status }).toEqual({ seed, task: task.id, status: 'graded' });
        expect({ seed, task: task.id, verdict: outcome.status === 'graded' ? outcome.verdict : undefined }).not.toEqual(
          {
            seed,
            task: task.id,
            verdict: 'correct',
          },
        );
      }
    }
  });
});

describeHintQueries(
  'preservation-and-cooperation',
  ['haproxy', 'kestrel_allocations'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    // time, client_ip, client_port, backend, status, bytes, path of the administration console
    const admin = await run(blocks.get('attacker-connection')![0]!);
    const customersExport = admin.filter((row) => String(row[6]).startsWith('/admin/export?table=customers'));
    expect(customersExport.map((row) => [row[1], Number(row[2])])).toEqual([[values.attacker_ip, values.export_port]]);

    const [exportRow] = await run(blocks.get('export-time')![0]!);
    expect(Math.floor(consoleInstant(exportRow?.[0]) / 1000) * 1000).toBe(Date.parse(String(values.export_time)));

    const [count] = await run(blocks.get('sharing-count')![0]!);
    expect(Number(count?.[0])).toBe(values.sharing_count);

    const holder = await run(blocks.get('cgnat-subscriber')![0]!);
    expect(holder.map((row) => row[0])).toEqual([values.subscriber_account]);
  },
  {
    title: 'the SQL in the explanations of preservation-and-cooperation',
    runnable: false,
  },
);
