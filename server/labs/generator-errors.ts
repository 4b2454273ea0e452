import { SourceMap } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where in a lab's generator an error was thrown, as the author's file and line. Under tsx (the
 * authors' tools and the tests) the stack already names generate.ts with its own lines. The compiled
 * server imports each generator as a bundle from a data: URL, to which Node applies no source map, so
 * the loader keeps the bundle's map here and the frames are mapped back by hand.
 */

/**
 * The source map of each compiled generator, by the URLs its frames may name: the sourceURL, or the
 * data: URL itself (which is what Node prints for a module imported from one).
 */
const compiledMaps = new Map<string, SourceMap>();

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/u;

/**
 * The data: URL to import a compiled generator from: `code` (esbuild's output with an inline source
 * map) without its map, named `sourceUrl`. The map is kept for generatorFrame.
 */
export function compiledGeneratorUrl(sourceUrl: string, code: string): string {
  const inline = INLINE_MAP.exec(code);
  const body = `${inline ? code.slice(0, inline.index) : code}//# sourceURL=${sourceUrl}\n`;
  const url = `data:text/javascript;base64,${Buffer.from(body).toString('base64')}`;
  if (inline) {
    const map = new SourceMap(JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')));
    compiledMaps.set(sourceUrl, map);
    compiledMaps.set(url, map);
  }
  return url;
}

/** A frame's location: "at f (/x/generate.ts:4:35)", "at /x/generate.ts:4:35" or a file: URL. */
const FRAME = /(?:\(|\s)((?:file:\/\/)?\/?[^\s()]*?):(\d+):(\d+)\)?$/u;

interface Location {
  path: string;
  line: number;
  column: number;
}

function mapped(location: string, line: number, column: number): Location | undefined {
  const map = compiledMaps.get(location);
  if (map) {
    // findEntry counts from 0; stack frames from 1.
    const entry = map.findEntry(line - 1, column - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : resolve(entry.originalSource);
    return { path: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  }
  if (location.includes('?') || location.startsWith('data:')) return undefined;
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  return isAbsolute(path) ? { path, line, column } : undefined;
}

/**
 * The first frame of an error's stack inside the lab folder `dir`, as "generate.ts:4:35" (relative
 * to the folder), or undefined when the stack names none (an error thrown by a package).
 */
export function generatorFrame(error: unknown, dir: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    const frame = FRAME.exec(line.trim());
    if (!frame) continue;
    const location = mapped(frame[1]!, Number(frame[2]), Number(frame[3]));
    if (!location) continue;
    const inside = relative(dir, location.path);
    if (inside && !inside.startsWith('..') && !isAbsolute(inside))
      return `${inside.split('\\').join('/')}:${location.line}:${location.column}`;
  }
  return undefined;
}
