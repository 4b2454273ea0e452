// web/ imports only types from server/ (issue 12): verbatimModuleSyntax keeps every import that is not
// `import type`, so a value import would bundle server code into the browser. The Biome plugin
// web/type-only-server-imports.grit refuses it, with Node modules and globals (biome.json's web/src
// override). This lints a probe file under the real configuration and checks what it refuses, so that
// the rule cannot silently stop matching.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/** One statement per line of the probe, and whether the web/src rules must refuse it. */
const CASES: { line: string; refused: boolean }[] = [
  { line: "import type { AppType } from '../../../server/app.ts';", refused: false },
  { line: "export type { AnswerInput } from '../../../server/grading/types.ts';", refused: false },
  { line: "import { format } from './datetime.ts';", refused: false },
  { line: "import { DEMO_ACCOUNTS } from '../../../server/services/demo/seed.ts';", refused: true },
  { line: "import { type AnswerShape } from '../../../server/grading/types.ts';", refused: true },
  { line: "import * as grading from '../../../server/grading/types.ts';", refused: true },
  { line: "import '../../../server/app.ts';", refused: true },
  { line: "export { createApp } from '../../../server/app.ts';", refused: true },
  { line: "const later = await import('../../../server/app.ts');", refused: true },
  { line: "import { readFileSync } from 'node:fs';", refused: true },
  { line: 'const mode = process.env.NODE_ENV;', refused: true },
  { line: "const bytes = Buffer.from('');", refused: true },
];

const scratch = mkdtempSync(join(tmpdir(), 'casebench-web-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lints the probe as web/src/lib/probe.ts in a copy of the configuration; the lines with a diagnostic. */
function refusedLines(source: string): Set<number> {
  mkdirSync(join(scratch, 'web/src/lib'), { recursive: true });
  cpSync(join(ROOT, 'biome.json'), join(scratch, 'biome.json'));
  cpSync(join(ROOT, 'web/type-only-server-imports.grit'), join(scratch, 'web/type-only-server-imports.grit'));
  writeFileSync(join(scratch, 'web/src/lib/probe.ts'), source);
  const run = spawnSync(
    BIOME,
    ['lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', 'web/src/lib/probe.ts'],
    { cwd: scratch, encoding: 'utf8' },
  );
  const report = JSON.parse(run.stdout) as {
    diagnostics: { category: string; location: { start?: { line: number } } }[];
  };
  const webRules = new Set(['plugin', 'lint/correctness/noNodejsModules', 'lint/style/noRestrictedGlobals']);
  return new Set(
    report.diagnostics
      .filter((diagnostic) => webRules.has(diagnostic.category))
      .map((diagnostic) => diagnostic.location.start?.line ?? 0),
  );
}

describe('what web/src may import', () => {
  it('refuses value imports from server/ and Node modules and globals, and allows type-only imports', () => {
    const refused = refusedLines(`${CASES.map((testCase) => testCase.line).join('\n')}\n`);
    const verdicts = CASES.map((testCase, index) => ({ line: testCase.line, refused: refused.has(index + 1) }));
    expect(verdicts).toEqual(CASES);
  });
});
