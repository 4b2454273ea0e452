import { describe, expect, it } from 'vitest';
import { KeptFew } from '../../../server/lib/kept-few.ts';

describe('KeptFew', () => {
  it('drops the value used longest ago when a new one would pass the limit', () => {
    const kept = new KeptFew<number, string>(3);
    kept.set(1, 'one');
    kept.set(2, 'two');
    kept.set(3, 'three');
    // 1 is read again, so 2 is now the one used longest ago.
    expect(kept.get(1)).toBe('one');
    kept.set(4, 'four');
    expect(kept.size).toBe(3);
    expect(kept.get(2)).toBeUndefined();
    expect([kept.get(1), kept.get(3), kept.get(4)]).toEqual(['one', 'three', 'four']);
  });

  it('replaces a kept value without dropping another, and forgets a deleted one', () => {
    const kept = new KeptFew<string, number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    kept.set('a', 10);
    expect([kept.get('a'), kept.get('b'), kept.size]).toEqual([10, 2, 2]);
    kept.delete('a');
    expect(kept.get('a')).toBeUndefined();
    kept.set('c', 3);
    expect([kept.get('b'), kept.get('c'), kept.size]).toEqual([2, 3, 2]);
  });
});
