import { describe, expect, it } from 'vitest';
import { fileLine, lineReference, modelLine, needsNewWindow, windowAround } from '../../../web/src/lib/line-paging.ts';

describe('paging large evidence through line windows', () => {
  it('loads a small file whole', () => {
    expect(windowAround(40, 300, 1000)).toEqual({ from: 1, count: 300 });
  });

  it('centres the window on the line the trainee jumps to', () => {
    expect(windowAround(50_000, 1_000_000, 1000)).toEqual({ from: 49_500, count: 1000 });
  });

  it('keeps the window inside the file at both ends', () => {
    expect(windowAround(3, 1_000_000, 1000)).toEqual({ from: 1, count: 1000 });
    expect(windowAround(999_990, 1_000_000, 1000)).toEqual({ from: 999_001, count: 1000 });
    expect(windowAround(5_000_000, 1_000_000, 1000)).toEqual({ from: 999_001, count: 1000 });
  });

  it('asks for a new window when scrolling near an edge that is not the end of the file', () => {
    const window = { from: 10_001, count: 1000, total: 1_000_000 };
    expect(needsNewWindow(window, 10_500, 10_540, 150)).toBe(false);
    expect(needsNewWindow(window, 10_050, 10_090, 150)).toBe(true);
    expect(needsNewWindow(window, 10_900, 10_950, 150)).toBe(true);
  });

  it('does not ask for more at the very start or end of the file', () => {
    expect(needsNewWindow({ from: 1, count: 1000, total: 1_000_000 }, 1, 40, 150)).toBe(false);
    expect(needsNewWindow({ from: 999_001, count: 1000, total: 1_000_000 }, 999_950, 1_000_000, 150)).toBe(false);
  });

  it('translates between model lines and file lines', () => {
    const window = { from: 49_500, count: 1000, total: 1_000_000 };
    expect(fileLine(window, 1)).toBe(49_500);
    expect(modelLine(window, 50_000)).toBe(501);
    expect(modelLine(window, 49_499)).toBeUndefined();
    expect(modelLine(window, 50_500)).toBeUndefined();
  });

  it('writes line references as artefact:line', () => {
    expect(lineReference('auth-log', 1204)).toBe('auth-log:1204');
  });
});
