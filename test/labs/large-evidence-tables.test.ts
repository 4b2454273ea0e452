// An artefact too large for a JavaScript string (about 512 MB) cannot be parsed whole: validation says so,
// with the artefact, its size and the field, instead of failing inside the read; an access log of any size
// is checked the way trainees' tables are built (DuckDB), with the same first problem the parser gives.
import { truncate } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { MAX_WHOLE_TEXT_BYTES } from '../../server/evidence/tables/whole-text.ts';
import { loadLibrary } from '../../server/labs/loader.ts';
import { checkEvidenceTables } from '../../server/labs/self-test.ts';
import { labFixture } from '../helpers/fixtures.ts';
import type { LabFixture } from '../helpers/lab-fixtures.ts';
import { runScript } from '../helpers/run-script.ts';

const lab = (...args: string[]) => runScript('server/labs/cli.ts', args);
const it = test.extend('fixture', labFixture);

const ACCESS_LOG =
  '203.0.113.9 - - [05/Mar/2024:14:02:11 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"\n' +
  '203.0.113.9 - - [05/Mar/2024:14:02:12 +0000] "GET /a HTTP/1.1" 404 0 "-" "curl/8"\n' +
  'GET /index.php HTTP/1.1 200 (a line without its host and time)\n' +
  '203.0.113.9 - - [05/Mar/2024:14:02:13 +0000] "GET /b HTTP/1.1" 200 1 "-" "curl/8"\n';

/** A lab of the template whose one artefact is `text`, declared as an access log table, loaded. */
async function accessLogLab(fixture: LabFixture, id: string, text: string) {
  await fixture.addLab(id);
  await fixture.write(id, 'evidence/auth.log', text);
  await fixture.edit(id, /table: \{ parser: syslog[^}]*\}/u, 'table: { parser: apache-combined, zone: UTC }');
  expect((await lab('hash', id, '--labs', fixture.labsDir)).code).toBe(0);
  const library = await loadLibrary(fixture.labsDir);
  const loaded = library.labs.get(id);
  if (!loaded) throw new Error(`the lab did not load: ${JSON.stringify(library.failures)}`);
  return loaded;
}

describe('evidence tables of artefacts too large to read whole', () => {
  it('validate names a syslog artefact over the limit, its size and its table field, and fails', {
    timeout: 120_000,
  }, async ({ fixture }) => {
    await fixture.addLab('huge');
    await fixture.write('huge', 'evidence/auth.log', '');
    // Sparse: 600 MB that take no disk, and are never read as text.
    await truncate(fixture.labFile('huge', 'evidence/auth.log'), 600 * 1024 * 1024);
    expect(MAX_WHOLE_TEXT_BYTES).toBeLessThan(600 * 1024 * 1024);
    expect((await lab('hash', 'huge', '--labs', fixture.labsDir)).code).toBe(0);
    const result = await lab('validate', fixture.labsDir);
    expect(result.code).toBe(1);
    const line = await fixture.lineOf('huge', 'table: { parser: syslog');
    expect(result.stderr).toMatch(
      new RegExp(
        `huge/lab\\.yaml:${line}:\\d+ evidence\\[0\\]\\.table: auth-log is 600 MB, more than the 512 MB a table parser reads in JavaScript: split the file`,
        'u',
      ),
    );
    expect(result.stderr).not.toMatch(/ERR_STRING_TOO_LONG|Cannot create a string/u);
  });

  it('checks an access log over the limit as trainees’ tables are built, with the parser’s first problem', {
    timeout: 60_000,
  }, async ({ fixture }) => {
    const loaded = await accessLogLab(fixture, 'web', ACCESS_LOG);
    const inJavaScript = await checkEvidenceTables(loaded, []);
    // A limit below the file's size sends it to DuckDB, as a file over 512 MB would be.
    const bySql = await checkEvidenceTables(loaded, [], { maxTextBytes: 100 });
    expect(inJavaScript).toHaveLength(1);
    expect(inJavaScript[0]?.message).toMatch(
      /auth-log line 3 does not parse as apache-combined: Expected an access log line/u,
    );
    expect(bySql).toEqual(inJavaScript);
  });

  it('passes an access log over the limit whose every line parses', { timeout: 60_000 }, async ({ fixture }) => {
    const clean = ACCESS_LOG.split('\n')
      .filter((_, index) => index !== 2)
      .join('\n');
    const loaded = await accessLogLab(fixture, 'clean-web', clean);
    expect(await checkEvidenceTables(loaded, [], { maxTextBytes: 100 })).toEqual([]);
  });
});
