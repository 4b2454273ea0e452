import { describe, expect, it } from 'vitest';
import { hashDigits, moveItem, shapeProblem, splitListItems } from '../../../web/src/lib/answer-shape.ts';

describe('checking the shape of an answer before it is sent', () => {
  it.each([
    ['203.0.113.7', undefined],
    ['203.000.113.007', undefined],
    ['[2001:db8::7]', undefined],
    ['::ffff:203.0.113.7', undefined],
    ['203.0.113.7.', undefined],
    ['203.0.113', 'Enter an IPv4'],
    ['203.0.113.300', 'Enter an IPv4'],
    ['the attacker', 'Enter an IPv4'],
  ])('judges the address %j', (input, problem) => {
    const message = shapeProblem({ kind: 'ip' }, input);
    if (problem === undefined) expect(message).toBeUndefined();
    else expect(message).toContain(problem);
  });

  it('accepts a SHA-256 in upper case, with a label or separators', () => {
    const hash = 'AB'.repeat(32);
    expect(shapeProblem({ kind: 'hash', algorithm: 'sha256' }, hash)).toBeUndefined();
    expect(
      shapeProblem({ kind: 'hash', algorithm: 'sha256' }, `sha256: ${hash.match(/.{8}/gu)!.join(' ')}`),
    ).toBeUndefined();
    expect(hashDigits('SHA-256: ab:cd')).toBe('abcd');
  });

  it('says how many characters a hash of the wrong length has', () => {
    expect(shapeProblem({ kind: 'hash', algorithm: 'sha256' }, 'a'.repeat(32))).toBe(
      'Enter a SHA-256 hash: 64 hexadecimal characters (you entered 32).',
    );
  });

  it('accepts the common ways of writing a time and refuses words', () => {
    const shape = { kind: 'timestamp', zone: 'UTC', precision: 'second' } as const;
    for (const time of [
      '2024-03-05 14:02:37 UTC',
      'Tue, 05 Mar 2024 14:02:37 +0000',
      'Mar  5 14:02:37',
      '1709647357',
      '05/Mar/2024:14:02:37 +0000',
    ])
      expect(shapeProblem(shape, time), time).toBeUndefined();
    expect(shapeProblem(shape, 'yesterday afternoon')).toContain('Enter a date and time');
  });

  it('refuses an empty answer of any kind', () => {
    expect(shapeProblem({ kind: 'text', exact: false, case_sensitive: false }, '   ')).toBe('Enter an answer first.');
  });

  it('leaves free text alone', () => {
    expect(shapeProblem({ kind: 'text', exact: false, case_sensitive: false }, 'anything at all')).toBeUndefined();
  });
});

describe('list answers', () => {
  it('splits pasted items by line, or by comma on a single line', () => {
    expect(splitListItems('a, b,c', { kind: 'text', exact: false, case_sensitive: false })).toEqual(['a', 'b', 'c']);
    expect(
      splitListItems('Tue, 05 Mar 2024\nWed, 06 Mar 2024\n', { kind: 'timestamp', zone: 'UTC', precision: 'second' }),
    ).toEqual(['Tue, 05 Mar 2024', 'Wed, 06 Mar 2024']);
  });

  it('moves a step up and down and ignores moves off the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 5)).toEqual(['a', 'b', 'c']);
  });
});

describe('list answers typed or pasted', () => {
  const ip = { kind: 'ip' } as const;
  it('makes one item of each address, whatever separates them', async () => {
    expect(splitListItems('198.51.100.10, 198.51.100.11;198.51.100.12\n198.51.100.13\r\n', ip)).toEqual([
      '198.51.100.10',
      '198.51.100.11',
      '198.51.100.12',
      '198.51.100.13',
    ]);
  });
  it('keeps the commas that belong to a time or a number', () => {
    expect(
      splitListItems('Tue, 05 Mar 2024 14:02:37 +0000\nWed, 06 Mar 2024 09:00:00 +0000', {
        kind: 'timestamp',
        zone: 'UTC',
        precision: 'second',
      }),
    ).toEqual(['Tue, 05 Mar 2024 14:02:37 +0000', 'Wed, 06 Mar 2024 09:00:00 +0000']);
    expect(splitListItems('1,234, 17; 5', { kind: 'number' })).toEqual(['1,234', '17', '5']);
  });
});
