/**
 * Paging of large text evidence: the editor holds a window of lines fetched from the server's
 * line-window API, and asks for another window when the trainee scrolls near its edge. Pure
 * functions, so the rules are tested without a browser.
 */

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
export function needsNewWindow(window: LoadedWindow, firstVisible: number, lastVisible: number, margin = EDGE_MARGIN): boolean {
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

/** The reference a trainee pastes into notes or answers: artefact id and line, e.g. auth-log:1204. */
export function lineReference(evidenceId: string, line: number): string {
  return `${evidenceId}:${line}`;
}
