import { describe, expect, it } from 'vitest';
import { hexRows, lastPageStart, pageStart, parseOffset } from '../../../web/src/evidence-views/hex-format.ts';

describe('the hex view format', () => {
  it('shows 16 bytes a row with the offset in hex and non-printable bytes as dots', () => {
    const bytes = Buffer.concat([Buffer.from('Hello, world!\n\u0000A'), Buffer.from([0xff, 0x7f, 0x20])]);
    expect(hexRows(0x100, bytes.toString('hex'))).toEqual([
      { offset: '00000100', hex: '48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 0a 00 41', ascii: 'Hello, world!..A' },
      { offset: '00000110', hex: 'ff 7f 20', ascii: '.. ' },
    ]);
  });

  it('reads offsets in decimal or 0x hex and refuses anything else', () => {
    expect(parseOffset(' 256 ')).toBe(256);
    expect(parseOffset('0x1F0')).toBe(496);
    for (const bad of ['', '-1', '1e3', '0x', 'ff', '12abc']) expect(parseOffset(bad)).toBeUndefined();
  });

  it('keeps pages aligned to rows and inside the file', () => {
    expect(pageStart(37, 1000)).toBe(32);
    expect(pageStart(-5, 1000)).toBe(0);
    expect(pageStart(5000, 1000)).toBe(992);
    expect(lastPageStart(1000)).toBe(752);
    expect(lastPageStart(100)).toBe(0);
  });
});
