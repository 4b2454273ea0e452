import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { LabFixture } from '../helpers/lab-fixtures.ts';

/** Filler lines in pathologicalLog, before and after the one matching line. */
export const FILLER_LINES = 20_000;
export const MATCHING_LINE = 'Mar  4 09:00:00 fs01 audit: marker QQQ found';

/**
 * A log followed by many long lines of a's (on which V8's backtracking engine needs 2^n steps for
 * (.|.)*QQQ), one line that does match, and as many a's again: about 4 MB.
 */
export function pathologicalLog(original: string): string {
  const filler = `${'a'.repeat(99)}\n`.repeat(FILLER_LINES);
  return `${original}${filler}${MATCHING_LINE}\n${filler}`;
}

/** Replaces a scaffolded lab's evidence (evidence/auth.log) and the SHA-256 the loader checks it against. */
export async function replaceEvidence(
  fixture: LabFixture,
  labId: string,
  content: (original: string) => string,
): Promise<void> {
  const original = await readFile(fixture.labFile(labId, 'evidence/auth.log'), 'utf8');
  const replaced = content(original);
  await fixture.write(labId, 'evidence/auth.log', replaced);
  await fixture.edit(labId, /sha256: [0-9a-f]{64}/u, `sha256: ${createHash('sha256').update(replaced).digest('hex')}`);
}
