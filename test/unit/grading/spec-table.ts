import { expect, it } from 'vitest';
import type { z } from 'zod';

/** One row of a kind's spec table: options as an author writes them in lab.yaml, without `kind`. */
export interface SpecCase {
  /** A sentence about the behaviour, used as the test title. */
  title: string;
  spec: Record<string, unknown>;
  ok: boolean;
  /** What the refusal must say. */
  error?: RegExp;
}

/** Runs a kind's spec table: one test per case that its schema accepts or refuses the spec, and says why it refuses. */
export function checkSpecTable(schema: z.ZodType, kind: string, cases: SpecCase[]): void {
  // One it() per case rather than it.each('$title'), which quotes titles and cuts them at 40 characters.
  for (const { title, spec, ok, error } of cases) {
    it(title, () => {
      const parsed = schema.safeParse({ kind, ...spec });
      expect(parsed.success).toBe(ok);
      if (error) expect(parsed.error?.issues.map((issue) => issue.message).join('\n')).toMatch(error);
    });
  }
}
