import { expect } from 'vitest';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/memory-forensics-triage.ts';
import { consoleInstant, describeTraps, describeHintQueries } from './variant-tables.ts';

describeSolver('memory-forensics-triage', solve);

describeTraps('memory-forensics-triage', commonMistakes);

describeHintQueries(
  'memory-forensics-triage',
  ['cmdline', 'dlllist', 'dumped_files', 'malfind', 'netscan', 'pslist'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    const candidates = await run(blocks.get('disguised-process')![0]!);
    expect(candidates.map((row) => Number(row[0]))).toContain(values.fake_pid);
    expect(candidates.map((row) => Number(row[0]))).toContain(values.decoy_pid);
    const [disguised, ...others] = await run(blocks.get('disguised-process')![1]!);
    expect(others).toEqual([]);
    expect(Number(disguised?.[0])).toBe(values.fake_pid);

    const downloads = await run(blocks.get('download-host')![0]!);
    // PowerShell's download, and the firm's own sync client (the near miss).
    expect(downloads.map((row) => row[1]).sort()).toEqual(['NimbusDrive.exe', 'powershell.exe']);
    expect(downloads.map((row) => Number(row[0]))).toContain(values.fake_parent_pid);

    const [connection, ...more] = await run(blocks.get('c2-address')![1]!);
    expect(more).toEqual([]);
    expect([connection?.[0], Number(connection?.[1]), connection?.[2]]).toEqual([
      values.c2_ip,
      values.c2_port,
      'ESTABLISHED',
    ]);

    const starts = await run(blocks.get('start-local')![0]!);
    const fake = starts.find((row) => Number(row[0]) === values.fake_pid)!;
    expect(consoleInstant(fake[2])).toBe(Date.parse(String(values.fake_start)));
    expect(String(fake[3]).slice(0, 19)).toBe(String(values.fake_start_local).slice(0, 19).replace('T', ' '));

    const [region, ...otherRegions] = await run(blocks.get('injected-into')![1]!);
    expect(otherRegions).toEqual([]);
    expect(Number(region?.[0])).toBe(values.target_pid);

    const dumps = await run(blocks.get('file-hash')![0]!);
    expect(dumps.map((row) => row[5])).toContain(values.fake_file_hash);
  },
);
