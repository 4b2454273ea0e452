import { describe, expect, it } from 'vitest';
import { hashKind, hashSpec, type HashSpec } from '../../../server/grading/kinds/hash.ts';
import {
  type AnswerCase,
  checkAnswerTable,
  distinctNormalizedForms,
  outcomeOf,
  outcomeThroughRegistry,
} from './answer-table.ts';

const spec = (fields: Record<string, unknown>): HashSpec => hashSpec.parse({ kind: 'hash', ...fields });

/** Hashes of "invoice.pdf" (this variant) and "invoice-v2.pdf" (another variant). */
const SHA256 = '4186e1167cb2db59045d2e65255ae58b381b13fbff71a35802d50f09e965dde0';
const SHA256_OTHER_VARIANT = 'cb3adb4803e4a35291d937d67700dd4907603c8e464ee23413fdedb41d08ef6c';
const MD5 = '359d138ebaa51bd55a1ede3dded1047d';
const SHA1 = '1cbc8b0207cebcdd6c4778f242aeeae28b836853';
const SHA512 =
  'a216108f62fb0ca0005f4e86d00d0b949137902d2475be1c83848b71176a44115efcb89fb2c228e915210bc8d28d7d304848649d30e050ea9dd65d54c5408cfd';

const sha256 = spec({ algorithm: 'sha256', expected: SHA256 });
const md5 = spec({ algorithm: 'md5', expected: MD5.toUpperCase() });
const secrets = [SHA256, SHA256.slice(0, 8), SHA256.slice(-8), MD5, MD5.slice(0, 8)];

/** Splits hex into byte pairs joined by a separator, as hex viewers and certificate tools print it. */
const pairs = (hex: string, separator: string): string => hex.match(/../gu)!.join(separator);

const cases: AnswerCase<HashSpec>[] = [
  { title: 'accepts the exact lowercase hash', input: SHA256, outcome: 'correct' },
  { title: 'accepts the hash in uppercase', input: SHA256.toUpperCase(), outcome: 'correct' },
  { title: 'accepts byte pairs separated by colons', input: pairs(SHA256, ':'), outcome: 'correct' },
  { title: 'accepts byte pairs separated by spaces', input: pairs(SHA256, ' '), outcome: 'correct' },
  { title: 'accepts groups separated by dashes', input: SHA256.match(/.{8}/gu)!.join('-'), outcome: 'correct' },
  { title: 'accepts a "sha256:" label', input: `sha256:${SHA256}`, outcome: 'correct' },
  {
    title: 'accepts a "SHA-256" label followed by a space',
    input: `SHA-256 ${SHA256.toUpperCase()}`,
    outcome: 'correct',
  },
  { title: 'accepts a final full stop ending a sentence', input: `${SHA256}.`, outcome: 'correct' },
  {
    title: 'accepts fullwidth hex through NFKC',
    input: SHA256.replace(/[0-9a-f]/gu, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
    outcome: 'correct',
  },
  { title: 'matches an uppercase expected value case-insensitively', spec: md5, input: MD5, outcome: 'correct' },
  {
    title: 'grades the hash of another variant as incorrect',
    input: SHA256_OTHER_VARIANT,
    outcome: 'incorrect',
    feedback: /^Not correct/u,
  },
  {
    title: 'grades a hash differing in one digit as incorrect',
    input: `${SHA256.slice(0, -1)}1`,
    outcome: 'incorrect',
  },
  {
    title: 'refuses an MD5 hash when the task asks for SHA-256 and says which is which',
    input: MD5,
    outcome: 'invalid',
    feedback:
      /looks like an MD5 hash \(32 hexadecimal characters\); this task asks for a SHA-256 hash \(64 hexadecimal characters\)/u,
  },
  { title: 'refuses a SHA-1 hash when the task asks for SHA-256', input: SHA1, outcome: 'invalid', feedback: /SHA-1/u },
  {
    title: 'refuses a SHA-512 hash when the task asks for MD5',
    spec: md5,
    input: SHA512,
    outcome: 'invalid',
    feedback: /SHA-512.*MD5/u,
  },
  {
    title: 'refuses a label naming another algorithm',
    input: `md5:${SHA256}`,
    outcome: 'invalid',
    feedback: /labelled as an MD5 hash/u,
  },
  {
    title: 'refuses a hash with a character missing',
    input: SHA256.slice(0, -1),
    outcome: 'invalid',
    feedback: /63 hexadecimal characters/u,
  },
  {
    title: 'refuses non-hexadecimal characters',
    input: `${SHA256.slice(0, -1)}g`,
    outcome: 'invalid',
    feedback: /hexadecimal/u,
  },
  { title: 'refuses doubled separators', input: pairs(SHA256, '::'), outcome: 'invalid' },
  { title: 'refuses a Cyrillic look-alike letter', input: `${SHA256.slice(0, -1)}\u0435`, outcome: 'invalid' },
  {
    title: 'refuses Arabic-Indic digits instead of misreading them',
    input: SHA256.replace(/[0-9]/gu, (d) => String.fromCodePoint(0x0660 + Number(d))),
    outcome: 'invalid',
    feedback: /digits 0 to 9/u,
  },
  { title: 'refuses an empty answer', input: '', outcome: 'invalid' },
  { title: 'refuses whitespace only', input: ' \n ', outcome: 'invalid' },
  { title: 'refuses a hash followed by a file name', input: `${SHA256}  invoice.pdf`, outcome: 'invalid' },
  {
    title: 'refuses a megabyte of hex quickly',
    input: '1'.repeat(1_000_000),
    outcome: 'invalid',
    noCostlierThan: SHA256,
  },
  {
    title: 'stays fast on separators arranged to make a backtracking pattern explode',
    input: `${'a-'.repeat(450)}!`,
    outcome: 'invalid',
    // The same length without separators.
    noCostlierThan: `${'ab'.repeat(450)}!`,
  },
];

/** Specs whose reference answers must all be graded correct. */
const referenceSpecs = [
  sha256,
  md5,
  spec({ algorithm: 'sha1', expected: [SHA1, pairs(SHA1, ':').toUpperCase()] }),
  spec({ algorithm: 'sha512', expected: SHA512 }),
];

describe('hash answers', () => {
  checkAnswerTable(hashKind, { spec: sha256, cases, secrets, referenceSpecs });

  it('normalizes every way of writing the same hash to lowercase hex', () => {
    const forms = [
      SHA256,
      SHA256.toUpperCase(),
      pairs(SHA256, ':'),
      pairs(SHA256, ' '),
      `sha256:${SHA256}`,
      `SHA-256 ${SHA256}`,
    ];
    expect(distinctNormalizedForms(hashKind, sha256, forms)).toEqual([SHA256]);
  });

  it('accepts any of several alternatives', () => {
    const either = spec({ algorithm: 'sha256', expected: [SHA256, SHA256_OTHER_VARIANT] });
    expect(outcomeOf(hashKind.check(either, SHA256_OTHER_VARIANT.toUpperCase()))).toBe('correct');
  });

  it('throws when the expected value is still a variant reference', () => {
    expect(() => hashKind.check(spec({ algorithm: 'sha256', expected: '{{file_hash}}' }), SHA256)).toThrow(/variant/u);
  });

  it('gives the expected hash as reference answer in lowercase', () => {
    expect(hashKind.referenceAnswers(md5)).toEqual([MD5]);
  });

  it('shows only the algorithm in the public shape', () => {
    expect(hashKind.publicShape(sha256)).toEqual({ kind: 'hash', algorithm: 'sha256' });
  });

  it('requires a known algorithm', () => {
    expect(hashSpec.safeParse({ kind: 'hash', expected: SHA256 }).success).toBe(false);
    expect(hashSpec.safeParse({ kind: 'hash', algorithm: 'crc32', expected: SHA256 }).success).toBe(false);
  });

  it('lints expected hashes of the wrong length or that are not hexadecimal', () => {
    expect(hashKind.lint!(sha256)).toEqual([]);
    expect(hashKind.lint!(spec({ algorithm: 'sha256', expected: MD5 }))).toEqual([
      expect.stringMatching(/32 hexadecimal characters; SHA-256 hashes have 64/u),
    ]);
    expect(hashKind.lint!(spec({ algorithm: 'md5', expected: 'not a hash' }))).toEqual([
      expect.stringMatching(/not a hexadecimal MD5 hash/u),
    ]);
    expect(hashKind.lint!(spec({ algorithm: 'md5', expected: '{{file_md5}}' }))).toEqual([]);
  });

  it('grades through the registry once a variant reference is resolved', async () => {
    const authored = { kind: 'hash', algorithm: 'sha256', expected: '{{file_hash}}' };
    expect(await outcomeThroughRegistry(authored, { file_hash: SHA256 }, SHA256.toUpperCase())).toBe('correct');
    expect(await outcomeThroughRegistry(authored, { file_hash: SHA256_OTHER_VARIANT }, SHA256)).toBe('incorrect');
  });
});
