import { describe, expect, it } from 'vitest';
import {
  exhibitNumber,
  fileLine,
  firstWindow,
  lineReference,
  modelLine,
  needsNewWindow,
  visibleFileLines,
  windowAround,
} from '../../../web/src/lib/line-paging.ts';
import { readViewerAddress, viewerAddressParams } from '../../../web/src/lib/viewer-address.ts';

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

  it('opens on the window around the line from the address, or at the start of the file', () => {
    expect(firstWindow(undefined, 1000)).toEqual({ from: 1, count: 1000 });
    expect(firstWindow(353, 1000)).toEqual({ from: 1, count: 1000 });
    expect(firstWindow(20_000, 1000)).toEqual({ from: 19_500, count: 1000 });
  });

  it('reports the visible lines in file numbers, inside the window held', () => {
    const window = { from: 49_500, count: 1000, total: 1_000_000 };
    expect(visibleFileLines(window, 1, 40)).toEqual({ first: 49_500, last: 49_539 });
    expect(visibleFileLines(window, 990, 1030)).toEqual({ first: 50_489, last: 50_499 });
    expect(visibleFileLines({ from: 1, count: 0, total: 0 }, 1, 1)).toEqual({ first: 0, last: 0 });
  });

  it('cites an artefact by its exhibit number, the part of its title before the colon', () => {
    expect(exhibitNumber('MV/1: /var/log/auth.log of FS01')).toBe('MV/1');
    expect(exhibitNumber('JW/7: ENG-WS04 Security and System events (JSON lines)')).toBe('JW/7');
    expect(exhibitNumber('Statement of the administrator')).toBe('Statement of the administrator');
    expect(lineReference('MV/1: /var/log/auth.log of FS01', 353)).toBe('MV/1, line 353');
  });
});

describe('the viewer state in the page address', () => {
  it('reads the artefact, line and search, and ignores what is malformed', () => {
    expect(readViewerAddress({ artefact: 'auth-log', line: '353', q: 'Accepted', regex: '1' })).toEqual({
      artefact: 'auth-log',
      line: 353,
      q: 'Accepted',
      regex: true,
      caseSensitive: false,
    });
    expect(readViewerAddress({ artefact: '../etc', line: '-3', q: '' })).toEqual({
      artefact: undefined,
      line: undefined,
      q: undefined,
      regex: false,
      caseSensitive: false,
    });
    expect(readViewerAddress({ line: '1.5' }).line).toBeUndefined();
  });

  it('writes only what applies: no line or search without an artefact, no flags without a search', () => {
    expect(
      viewerAddressParams({ artefact: 'auth-log', line: 353, q: 'Accepted', regex: false, caseSensitive: true }),
    ).toEqual({ artefact: 'auth-log', line: '353', q: 'Accepted', regex: undefined, case: '1' });
    expect(viewerAddressParams({ line: 353, q: 'x', regex: true, caseSensitive: true })).toEqual({
      artefact: undefined,
      line: undefined,
      q: undefined,
      regex: undefined,
      case: undefined,
    });
    expect(viewerAddressParams({ artefact: 'auth-log', regex: true, caseSensitive: false })).toEqual({
      artefact: 'auth-log',
      line: undefined,
      q: undefined,
      regex: undefined,
      case: undefined,
    });
  });
});
