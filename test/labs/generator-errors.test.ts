import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledGeneratorUrl, generatorFrame } from '../../server/labs/generator-errors.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { LabFixture } from '../helpers/lab-fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

/** These tests start the lab command (and tsc) as processes: slow on a busy machine. */
const CLI_TIMEOUT = 90_000;

/*
 * A generator that throws is reported with the line in the author's generate.ts, whether the
 * generator runs as TypeScript (the authors' tools) or as the compiled server's bundle.
 */

let fixture: LabFixture;
beforeEach(async () => {
  fixture = await LabFixture.create();
  await fixture.addLab('thrower');
});
afterEach(() => fixture.dispose());

/** Line 5 throws, inside a helper called from the default export. */
const THROWING = `// A generator whose list is one address short.
type Pick = (list: string[]) => string;
const pick: Pick = (list) => {
  const chosen = list[5];
  if (chosen === undefined) throw new Error('no sixth address');
  return chosen;
};
export default () => ({ files: {}, values: { attacker_ip: pick(['203.0.113.77']) } });
`;

async function addThrowingGenerator(): Promise<void> {
  await fixture.addVariants('thrower', { attacker_ip: { description: 'the address' } }, THROWING);
  await fixture.edit('thrower', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
}

describe('a generator that throws', () => {
  it('is reported at its line in generate.ts when the lab loads', async () => {
    await addThrowingGenerator();
    const library = await loadLibrary(fixture.labsDir);
    const messages = library.failures.flatMap((failure) => failure.problems.map((problem) => problem.message));
    expect(messages).toEqual([
      expect.stringMatching(/^the generator failed for seed "load-probe" at generate\.ts:5:\d+: no sixth address$/u),
    ]);
  });

  it('is mapped back to generate.ts from the compiled bundle the server imports', async () => {
    await addThrowingGenerator();
    const path = fixture.labFile('thrower', 'generate.ts');
    // As loader.ts compiles a generator for the bundled server: one module, an inline map, a data: URL.
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    const url = compiledGeneratorUrl(`${pathToFileURL(path).href}?compiled`, result.outputFiles[0]!.text);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString()).not.toContain('sourceMappingURL');
    const module = (await import(url)) as { default: () => unknown };
    let thrown: unknown;
    try {
      module.default();
    } catch (error) {
      thrown = error;
    }
    // Node names the data: URL (or its sourceURL) with the bundle's lines, not generate.ts.
    expect((thrown as Error).stack).not.toContain('generate.ts:5');
    expect(generatorFrame(thrown, fixture.labFile('thrower', ''))).toMatch(/^generate\.ts:5:\d+$/u);
  });

  it('names no place when the stack never passes through the lab folder', () => {
    const error = new Error('from a package');
    error.stack = 'Error: from a package\n    at f (/elsewhere/node_modules/x/index.js:1:1)';
    expect(generatorFrame(error, fixture.labFile('thrower', ''))).toBeUndefined();
    expect(generatorFrame('not an error', fixture.labFile('thrower', ''))).toBeUndefined();
  });
});

describe('npm run lab -- validate type-checks generators', () => {
  it(
    'reports a type error with file:line and fails, where the lab itself loads',
    async () => {
      await fixture.addVariants(
        'thrower',
        { attacker_ip: { description: 'the address' } },
        `// The address as a number by mistake.
const last: string = 77;
export default () => ({ files: {}, values: { attacker_ip: \`203.0.113.\${last}\` } });
`,
      );
      await fixture.edit('thrower', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
      expect(await loadLibrary(fixture.labsDir)).toMatchObject({ failures: [] });
      const result = await runScript('server/labs/cli.ts', ['validate', fixture.labsDir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /thrower\/generate\.ts:2:7 type error TS2322: Type 'number' is not assignable to type 'string'/u,
      );
    },
    CLI_TIMEOUT,
  );

  it(
    'passes a generator without type errors',
    async () => {
      await fixture.addVariants(
        'thrower',
        { attacker_ip: { description: 'the address' } },
        `export default () => ({ files: {}, values: { attacker_ip: '203.0.113.77' } });\n`,
      );
      await fixture.edit('thrower', 'expected: 203.0.113.77', 'expected: "{{attacker_ip}}"');
      const result = await runScript('server/labs/cli.ts', ['validate', fixture.labFile('thrower', '')]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
    CLI_TIMEOUT,
  );
});
