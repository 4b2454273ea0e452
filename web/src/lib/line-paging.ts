/**
 * Paging of large text evidence: the editor holds a window of lines fetched from the server's
 * line-window API, and asks for another window when the trainee scrolls near its edge. Pure
 * functions, so the rules are tested without a browser.
 */
import { t } from '../i18n/messages.ts';

/** Lines held in the editor at once; far below what a browser handles, far above a screen. */
export const WINDOW_LINES = 1_000;
/** When the visible lines come this close to the edge of the window, the next window is fetched. */
export const EDGE_MARGIN = 150;

export interface LoadedWindow {
  /** 1-based number of the first line held. */
  from: number;
  /** Number of lines held. */
  count: number;
  /** Lines in the whole file. */
  total: number;
}

/** The window to fetch so that `line` sits in its middle, kept inside the file. */
export function windowAround(line: number, total: number, size = WINDOW_LINES): { from: number; count: number } {
  if (total <= size) return { from: 1, count: Math.max(total, 1) };
  const target = Math.min(Math.max(line, 1), total);
  const from = Math.min(Math.max(1, target - Math.floor(size / 2)), total - size + 1);
  return { from, count: size };
}

/**
 * Whether the visible range (in file line numbers) needs a new window: it comes within the margin
 * of an edge of the loaded window that is not also the edge of the file.
 */
export function needsNewWindow(
  window: LoadedWindow,
  firstVisible: number,
  lastVisible: number,
  margin = EDGE_MARGIN,
): boolean {
  const lastLoaded = window.from + window.count - 1;
  const nearTop = firstVisible - window.from < margin && window.from > 1;
  const nearBottom = lastLoaded - lastVisible < margin && lastLoaded < window.total;
  return nearTop || nearBottom;
}

/** File line number of a line in the editor's model. */
export function fileLine(window: LoadedWindow, modelLine: number): number {
  return window.from + modelLine - 1;
}

/** Model line of a file line, or undefined when the line is not in the loaded window. */
export function modelLine(window: LoadedWindow, fileLineNumber: number): number | undefined {
  const line = fileLineNumber - window.from + 1;
  return line >= 1 && line <= window.count ? line : undefined;
}

/** The window to fetch first: around the line the trainee asked for (from the address), else the start of the file. */
export function firstWindow(line: number | undefined, size = WINDOW_LINES): { from: number; count: number } {
  // The file's length is not known yet: the server returns fewer lines when the window passes its end.
  return windowAround(line ?? 1, Number.MAX_SAFE_INTEGER, size);
}

/** The file lines shown on screen, from the model lines Monaco reports as visible. */
export function visibleFileLines(
  window: LoadedWindow,
  firstModelLine: number,
  lastModelLine: number,
): { first: number; last: number } {
  if (window.count === 0) return { first: 0, last: 0 };
  return {
    first: fileLine(window, Math.max(1, firstModelLine)),
    last: fileLine(window, Math.min(window.count, lastModelLine)),
  };
}

/**
 * The exhibit number of an artefact: the part of its title before the colon, as exhibits are cited
 * in statements and reports ("MV/1: /var/log/auth.log of FS01" is exhibit MV/1).
 */
export function exhibitNumber(title: string): string {
  const colon = title.indexOf(':');
  return (colon > 0 ? title.slice(0, colon) : title).trim();
}

/** The reference a trainee pastes into notes or answers: exhibit number and file line, e.g. "MV/1, line 353". */
export function lineReference(evidenceTitle: string, line: number): string {
  return t('evidence.reference', { exhibit: exhibitNumber(evidenceTitle), line });
}
