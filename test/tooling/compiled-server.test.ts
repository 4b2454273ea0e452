// `npm start` runs the compiled server (dist/server, scripts/build-server.ts) with no TypeScript loader in
// the process, for its memory. These tests start it as npm start does and prove it does everything that
// needed tsx before: lab generators (compiled by the loader with esbuild), migrations, evidence windows
// and the search worker thread, and a lab version with a generator published through the API, live at
// once in it and in a second server on its database. They also print its resident memory beside the
// server run through tsx.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../server/labs/loader.ts';
import { formatProblem } from '../../server/labs/problems.ts';
import { DEMO_TRAINEES } from '../helpers/demo-servers.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { COMPILED_SERVER, HttpAgent, killAllServers, ServerProcess } from '../helpers/server-process.ts';

afterAll(() => killAllServers());

interface Health {
  labs: { loaded: number; failedCount: number; failed?: { id: string; problems: string[] }[] };
}

/** What the kernel says the server process runs: its command line and the NODE_OPTIONS it was given. */
function processCommand(server: ServerProcess): { commandLine: string[]; nodeOptions: string } {
  const pid = server.child.pid!;
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const nodeOptions = environment.find((entry) => entry.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length);
  return { commandLine, nodeOptions: nodeOptions ?? '' };
}

/** The server's resident memory in MB, from /proc/<pid>/status. */
function residentMb(server: ServerProcess): number {
  const status = readFileSync(`/proc/${server.child.pid!}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/mu.exec(status)![1]) / 1024;
}

/** Waits a while after the server said it listens, so that its memory reading is of a server at rest. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

const SHIPPED_LABS = readdirSync('labs', { withFileTypes: true }).filter(
  (entry) => entry.isDirectory() && existsSync(join('labs', entry.name, 'lab.yaml')),
).length;

describe('the compiled server', () => {
  it('loads every shipped lab, opens and searches evidence, with no TypeScript loader in the process', {
    timeout: 120_000,
  }, async () => {
    const server = await ServerProcess.start({ compiled: true });
    try {
      const { commandLine, nodeOptions } = processCommand(server);
      expect(commandLine.at(-1)).toBe(COMPILED_SERVER);
      expect(commandLine.join(' ')).not.toMatch(/tsx/u);
      expect(nodeOptions).not.toMatch(/tsx/u);

      // Most shipped labs have a TypeScript generator: they load only if the loader compiled it.
      const health = await new HttpAgent(server.url).json<Health>('GET', '/api/health');
      expect(health.body.labs).toEqual({ loaded: SHIPPED_LABS, failedCount: 0 });

      const trainee = await new HttpAgent(server.url).signIn(DEMO_TRAINEES[0]!.username, DEMO_TRAINEES[0]!.password);
      const base = '/api/labs/web-portal-intrusion';
      const lab = await trainee.json<{ lab: { id: string } }>('GET', base);
      expect(lab.status).toBe(200);
      expect(lab.body.lab.id).toBe('web-portal-intrusion');

      const window = await trainee.json<{ from: number; lines: string[]; totalLines: number }>(
        'GET',
        `${base}/evidence/access-log/lines?from=1&count=5`,
      );
      expect(window.status).toBe(200);
      expect(window.body.from).toBe(1);
      expect(window.body.lines).toHaveLength(5);
      expect(window.body.totalLines).toBeGreaterThan(5);

      // The search runs on the bundled worker thread, which has no loader either.
      const search = await trainee.json<{ matches: { line: number; snippet: string }[] }>(
        'GET',
        `${base}/evidence/access-log/search?q=GET`,
      );
      expect(search.status).toBe(200);
      expect(search.body.matches.length).toBeGreaterThan(0);
      expect(search.body.matches[0]!.snippet).toContain('GET');

      // The evidence tables: DuckDB, a native package loaded on first use, from the bundle.
      // The first request starts the build; one that takes over a second answers with its progress.
      const readTables = () =>
        trainee.json<{ state: string; tables: { name: string; rows: number }[] }>('GET', `${base}/tables`);
      await expect.poll(async () => (await readTables()).body.state, { timeout: 30_000 }).toBe('ready');
      const tables = await readTables();
      expect(tables.status).toBe(200);
      const accessLog = tables.body.tables.find((table) => table.name === 'access_log');
      expect(accessLog?.rows).toBeGreaterThan(0);
      const counted = await trainee.json<{ rows: [string, number][] }>('POST', `${base}/queries`, {
        sql: 'SELECT method, count(*) AS n FROM access_log GROUP BY method ORDER BY n DESC',
      });
      expect(counted.status).toBe(200);
      expect(counted.body.rows.reduce((total, [, n]) => total + n, 0)).toBe(accessLog?.rows);
      await server.stop();

      // Its memory at rest, beside the same server run through tsx, on the database the first start seeded.
      const files = { databasePath: server.env.CASEBENCH_DB!, cacheDir: server.env.CASEBENCH_CACHE! };
      const resident: Record<string, number> = {};
      for (const compiled of [false, true]) {
        const again = await ServerProcess.start({ ...files, compiled });
        await settle();
        resident[compiled ? 'compiled' : 'tsx'] = residentMb(again);
        await again.dispose();
      }
      console.log(
        `server memory (resident) at rest after start: compiled ${resident.compiled!.toFixed(0)} MB, ` +
          `through tsx ${resident.tsx!.toFixed(0)} MB`,
      );
    } finally {
      await server.dispose();
    }
  });

  it('compiles a generator with its own helper files and packages, and fails a broken one as tsx does', {
    timeout: 60_000,
  }, async () => {
    const fixture = await LabFixture.create();
    try {
      // The labs folder may hold its own node_modules (the loader skips it): here, the repository's.
      await symlink(join(process.cwd(), 'node_modules'), join(fixture.labsDir, 'node_modules'));
      await fixture.addLab('packaged-lab');
      await fixture.addVariants(
        'packaged-lab',
        { attacker_ip: { description: 'the address that guessed passwords' } },
        `import { DateTime } from 'luxon';
import type { VariantGenerator } from '${join(process.cwd(), 'server/labs/variants.ts')}';
import { attackerAddress } from './address.ts';

const generate: VariantGenerator = ({ random }) => {
  // A package, resolved from the lab's folder: the 4th of March 2024 was a Monday.
  if (DateTime.fromISO('2024-03-04', { zone: 'utc' }).weekday !== 1) throw new Error('luxon did not run');
  return { files: {}, values: { attacker_ip: attackerAddress(random.int(2, 250)) } };
};
export default generate;
`,
      );
      await fixture.write(
        'packaged-lab',
        'address.ts',
        `import { createHash } from 'node:crypto';
export const attackerAddress = (last: number): string =>
  createHash('sha256').update('x').digest('hex').length === 64 ? \`203.0.113.\${last}\` : '';
`,
      );
      await fixture.edit('packaged-lab', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');

      await fixture.addLab('no-default-lab');
      await fixture.addVariants(
        'no-default-lab',
        { attacker_ip: { description: 'the address' } },
        `export const generate = () => ({ files: {}, values: { attacker_ip: '203.0.113.9' } });\n`,
      );
      await fixture.addLab('missing-generator-lab');
      await fixture.addVariants(
        'missing-generator-lab',
        { attacker_ip: { description: 'the address' } },
        'export default () => ({ files: {}, values: {} });\n',
      );
      await fixture.edit('missing-generator-lab', 'generator: generate.ts', 'generator: missing.ts');
      await fixture.addLab('syntax-error-lab');
      await fixture.addVariants(
        'syntax-error-lab',
        { attacker_ip: { description: 'the address' } },
        'export default (;\n',
      );

      const server = await ServerProcess.start({ compiled: true, labsDir: fixture.labsDir });
      try {
        const admin = await new HttpAgent(server.url).signIn('admin', 'demo-admin-2024');
        const health = (await admin.json<Health>('GET', '/api/health')).body.labs;
        expect(health.loaded).toBe(1);
        const failed = Object.fromEntries(health.failed!.map((failure) => [failure.id, failure.problems.join('\n')]));
        expect(Object.keys(failed).sort()).toEqual(['missing-generator-lab', 'no-default-lab', 'syntax-error-lab']);
        expect(failed['no-default-lab']).toMatch(/generate\.ts" must have a default export/u);
        expect(failed['missing-generator-lab']).toMatch(/missing\.ts" does not exist/u);
        expect(failed['syntax-error-lab']).toMatch(/generate\.ts/u);

        // The same messages as the sources give through tsx, where the generator is imported as it is.
        const fromSources = await loadLibrary(fixture.labsDir);
        expect([...fromSources.labs.keys()]).toEqual(['packaged-lab']);
        const sourceFailures = fromSources.failures.map((failure) => ({
          id: failure.id,
          problems: failure.problems.map(formatProblem),
        }));
        const sameFailures = ['missing-generator-lab', 'no-default-lab'];
        expect(health.failed!.filter((failure) => sameFailures.includes(failure.id))).toEqual(
          sourceFailures.filter((failure) => sameFailures.includes(failure.id)),
        );
      } finally {
        await server.dispose();
      }
    } finally {
      await fixture.dispose();
    }
  });

  it('publishes a new version of a lab with a generator, served at once by itself and by a second server on its database', {
    timeout: 60_000,
  }, async () => {
    const fixture = await LabFixture.create();
    try {
      await fixture.addLab('generated-lab');
      await fixture.addVariants(
        'generated-lab',
        { attacker_ip: { description: 'the address that guessed passwords' } },
        'export default () => ({ files: {}, values: { attacker_ip: "192.0.2.15" } });\n',
      );
      await fixture.edit('generated-lab', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
      const env = { CASEBENCH_DEMO_ACTIVITY: '0' };
      const first = await ServerProcess.start({ compiled: true, labsDir: fixture.labsDir, env });
      // Another process on the same database (and so the same authoring folder), started before the publish.
      const second = await ServerProcess.start({
        compiled: true,
        labsDir: fixture.labsDir,
        databasePath: first.env.CASEBENCH_DB!,
        cacheDir: first.env.CASEBENCH_CACHE!,
        env,
      });
      try {
        // A trainee of each server (the demo cohort has every lab of the folder).
        const trainees = [
          await new HttpAgent(first.url).signIn(DEMO_TRAINEES[0]!.username, DEMO_TRAINEES[0]!.password),
          await new HttpAgent(second.url).signIn(DEMO_TRAINEES[1]!.username, DEMO_TRAINEES[1]!.password),
        ];
        const opened = (trainee: HttpAgent) =>
          trainee.json<{ lab: { version: number; title: string } }>('GET', '/api/labs/generated-lab');
        for (const trainee of trainees) expect((await opened(trainee)).body.lab.version).toBe(1);

        const admin = await first.signedInApi('admin', 'demo-admin-2024');
        const { draft } = await admin<{ draft: { id: number } }>('POST', '/api/authoring/drafts', {
          from: 'lab',
          labId: 'generated-lab',
        });
        const file = (path: string) => `/api/authoring/drafts/${draft.id}/file?path=${path}`;
        const { content } = await admin<{ content: string }>('GET', file('lab.yaml'));
        await admin('PUT', file('lab.yaml'), {
          content: content.replace(/^version: 1$/mu, 'version: 2').replace(/^title: .*$/mu, 'title: Second edition'),
        });
        // Only the new version's generator gives this address: the server compiled it without tsx.
        await admin('PUT', file('generate.ts'), {
          content: 'export default () => ({ files: {}, values: { attacker_ip: "192.0.2.77" } });\n',
        });
        await admin('POST', `/api/authoring/drafts/${draft.id}/publish`);

        for (const trainee of trainees) {
          expect((await opened(trainee)).body.lab).toMatchObject({ version: 2, title: 'Second edition' });
          const path = '/api/labs/generated-lab/tasks/attacker-ip/submissions';
          const answered = await trainee.json('POST', path, { answer: '192.0.2.77' });
          expect(answered.status, JSON.stringify(answered.body)).toBe(201);
          const history = await trainee.json<{ submissions: { verdict: string; labVersion: number }[] }>('GET', path);
          expect(history.body.submissions.map(({ verdict, labVersion }) => ({ verdict, labVersion }))).toEqual([
            { verdict: 'correct', labVersion: 2 },
          ]);
        }
      } finally {
        await second.dispose();
        await first.dispose();
      }
    } finally {
      await fixture.dispose();
    }
  });
});
