import { z } from 'zod';
import type { AnswerKind } from '../types.ts';
import { alternatives, canonicalAlternatives, readScalar, result } from '../answer-input.ts';
import { isReference } from '../variables.ts';
import { assertResolved } from './variant-reference.ts';

const ALGORITHMS = {
  md5: { label: 'MD5', length: 32 },
  sha1: { label: 'SHA-1', length: 40 },
  sha256: { label: 'SHA-256', length: 64 },
  sha512: { label: 'SHA-512', length: 128 },
} as const;
type Algorithm = keyof typeof ALGORITHMS;

export const hashSpec = z.strictObject({
  kind: z.literal('hash'),
  algorithm: z
    .enum(['md5', 'sha1', 'sha256', 'sha512'])
    .describe(
      "The hash algorithm the answer is computed with. Shown to trainees; an answer of another algorithm's length is " +
        'refused without counting as an attempt.',
    ),
  expected: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe(
      'The correct hash in hexadecimal, or a list of accepted alternatives. Case, and spaces, colons or dashes ' +
        'between the digits, do not matter.',
    ),
});
export type HashSpec = z.infer<typeof hashSpec>;

/** "an MD5 hash", "a SHA-256 hash". */
function nameAlgorithm(algorithm: Algorithm): string {
  const { label } = ALGORITHMS[algorithm];
  return `${label.startsWith('MD') ? 'an' : 'a'} ${label} hash`;
}

/** "an MD5 hash (32 hexadecimal characters)". */
function describeAlgorithm(algorithm: Algorithm): string {
  return `${nameAlgorithm(algorithm)} (${ALGORITHMS[algorithm].length} hexadecimal characters)`;
}

function formatHelp(algorithm: Algorithm): string {
  const { label, length } = ALGORITHMS[algorithm];
  return `Enter the ${label} hash: ${length} hexadecimal characters (0-9 and a-f).`;
}

/** A label before the digits, as tools print it: "sha256:", "SHA-256 ", "MD5=". */
const LABEL = /^(md5|sha-?1|sha-?256|sha-?512)(?:\s*[:=]\s*|\s+)/iu;

type ReadHash = { ok: true; hex: string } | { ok: false; feedback: string };

/** Reads a hash as people paste it; the result is lowercase hexadecimal, or why it is not a hash of this algorithm. */
function readHash(text: string, algorithm: Algorithm): ReadHash {
  let rest = text.trim();
  const label = LABEL.exec(rest);
  if (label) {
    const named = label[1]!.toLowerCase().replace('-', '') as Algorithm;
    if (named !== algorithm)
      return {
        ok: false,
        feedback:
          `That is labelled as ${describeAlgorithm(named)}; ` + `this task asks for ${describeAlgorithm(algorithm)}.`,
      };
    rest = rest.slice(label[0].length);
  }
  rest = rest.replace(/\.$/u, '');
  // Separators only between digits, one at a time: checked without a nested quantifier so any input stays linear.
  if (
    !/^[0-9a-f :-]+$/iu.test(rest) ||
    !/^[0-9a-f]/iu.test(rest) ||
    !/[0-9a-f]$/iu.test(rest) ||
    /[ :-]{2}/u.test(rest)
  ) {
    if (/[^\P{Nd}0-9]/u.test(rest))
      return {
        ok: false,
        feedback: `Write the hash with the digits 0 to 9 and the letters a to f. ${formatHelp(algorithm)}`,
      };
    return { ok: false, feedback: formatHelp(algorithm) };
  }
  const hex = rest.replace(/[ :-]/gu, '').toLowerCase();
  if (hex.length === ALGORITHMS[algorithm].length) return { ok: true, hex };
  const lookalike = (Object.keys(ALGORITHMS) as Algorithm[]).find((other) => ALGORITHMS[other].length === hex.length);
  if (lookalike)
    return {
      ok: false,
      feedback: `That looks like ${describeAlgorithm(lookalike)}; this task asks for ${describeAlgorithm(algorithm)}.`,
    };
  return { ok: false, feedback: `That has ${hex.length} hexadecimal characters. ${formatHelp(algorithm)}` };
}

/** The accepted hashes of a resolved spec as lowercase hex (see canonicalAlternatives). */
function acceptedHashes(spec: HashSpec): string[] {
  const expected = assertResolved<string | string[]>(spec.expected, 'expected', 'hash');
  return canonicalAlternatives(expected, (text) => {
    const parsed = readHash(text, spec.algorithm);
    return parsed.ok ? parsed.hex : undefined;
  });
}

export const hashKind: AnswerKind<HashSpec> = {
  name: 'hash',
  description:
    'A cryptographic hash (MD5, SHA-1, SHA-256 or SHA-512) in hexadecimal, compared without regard to case or ' +
    'separators.',
  spec: hashSpec,
  check(spec, input) {
    const accepted = acceptedHashes(spec);
    const read = readScalar(input, nameAlgorithm(spec.algorithm));
    if (!read.ok) return read.result;
    const given = readHash(read.value, spec.algorithm);
    if (!given.ok) return result.invalid(given.feedback);
    return accepted.includes(given.hex) ? result.correct(given.hex) : result.incorrect(given.hex);
  },
  referenceAnswers: acceptedHashes,
  publicShape: (spec) => ({ kind: 'hash', algorithm: spec.algorithm }),
  lint(spec) {
    const problems: string[] = [];
    for (const expected of alternatives(spec.expected)) {
      if (isReference(expected)) continue;
      const parsed = readHash(expected, spec.algorithm);
      if (!parsed.ok) {
        const hex = expected.replace(/[ :-]/gu, '');
        problems.push(
          /^[0-9a-f]+$/iu.test(hex)
            ? `expected "${expected}" has ${hex.length} hexadecimal characters; ${ALGORITHMS[spec.algorithm].label} ` +
                `hashes have ${ALGORITHMS[spec.algorithm].length}`
            : `expected "${expected}" is not a hexadecimal ${ALGORITHMS[spec.algorithm].label} hash`,
        );
      }
    }
    return problems;
  },
};
