// `npm run bench` must keep working on a fresh clone (issue 6). This runs it with tiny sizes: it checks
// that the benchmarks complete and report, and that no answer was acknowledged without being stored,
// never how fast anything was (figures belong in the README, measured on a quiet machine).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench', () => {
  it('runs every benchmark on small data and reports its figures', () => {
    const run = spawnSync('npm', ['run', '--silent', 'bench'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_TRAINEES: '300',
        BENCH_SUBMISSIONS: '3000',
        BENCH_SECONDS: '1',
        BENCH_EVIDENCE_MB: '2',
        BENCH_STREAMS: '30',
        BENCH_STORM_SECONDS: '1',
      },
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const output = run.stdout;
    expect(output).toContain('=== evidence.bench.ts ===');
    expect(output).toMatch(/\| search: substring, case-sensitive \| \d+ MB\/s/u);
    expect(output).toContain('=== evidence-tables.bench.ts ===');
    expect(output).toMatch(/table build \d+ MB\/s \(target ≥ 100\): (met|NOT met)/u);
    expect(output).toMatch(
      /count by status [\d.]+ ms \/ reference [\d.]+ ms = \d+\.\d{3} \(target ≤ 2\): (met|NOT met)/u,
    );
    expect(output).toMatch(
      /first page of a one-hour window [\d.]+ ms warm, [\d.]+ ms cold \(target < 50 ms\): (met|NOT met)/u,
    );
    expect(output).toMatch(/first page of select \* [\d.]+ ms warm, [\d.]+ ms cold \(target < 50 ms\): (met|NOT met)/u);
    expect(output).toContain('=== scoreboard.bench.ts ===');
    expect(output).toMatch(/graded submissions \/ bare route = \d+\.\d{3}\n/u);
    expect(output).toMatch(/graded submissions \/ bare POST = \d+\.\d{3}/u);
    expect(output).toMatch(/scoreboard p50 \d+ ms \(target < 10\), p99 \d+ ms \(target < 50\)/u);
    expect(output).toMatch(
      /top-10 board \/ bare route in the runs above = \d+\.\d{3} as a trainee, \d+\.\d{3} as the instructor/u,
    );
    expect(output).toMatch(
      /top-10 board \(trainee\) \/ bare route, 3 pairs of \d+ s back to back: \d+\.\d{3}, \d+\.\d{3}, \d+\.\d{3}; median \d+\.\d{3} \(target at least 0\.200\)/u,
    );
    expect(output).toMatch(/server memory \(resident\): idle \d+ MB, .* under the storm \d+ MB/u);
    expect(output).toMatch(/\| storm: answers +\| p99 \d+ ms/u);
    // Every storm solve reached every open stream's board, and every acknowledged solve was stored.
    const [, reflected, solves] = output.match(/solves reflected on every stream (\d+) of (\d+)/u) ?? [];
    expect(Number(solves)).toBeGreaterThan(0);
    expect(reflected).toBe(solves);
    expect(output).toContain('storm: 30 streams open (0 refused)');
    const [, stormStored, stormAcknowledged] =
      output.match(/storm answers stored (\d+) \(acknowledged: (\d+)\)/u) ?? [];
    expect(Number(stormAcknowledged)).toBeGreaterThan(0);
    expect(Number(stormStored)).toBeGreaterThanOrEqual(Number(stormAcknowledged));
    expect(output).toContain('=== workspace.bench.ts ===');
    expect(output).toMatch(/warm median \d+ ms \(target < 1000\)/u);

    const [, stored, acknowledged] =
      output.match(/submissions stored during the run: (\d+) \(acknowledged: (\d+)\)/u) ?? [];
    expect(Number(acknowledged)).toBeGreaterThan(0);
    expect(Number(stored)).toBeGreaterThanOrEqual(Number(acknowledged));
    // Answers are accepted, or refused by the per-task throttle; never a server error.
    const statusCodes = JSON.parse(output.match(/submission status codes: (\{.*\})/u)?.[1] ?? '{}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(statusCodes).every((code) => code === '201' || code === '429')).toBe(true);
  }, 270_000);
});
