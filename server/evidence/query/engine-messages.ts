/**
 * DuckDB's error messages, read for the SQL console: their kind ("Parser Error", "Out of Memory Error"…),
 * the position DuckDB points at, and the reason in words a trainee can use, without the engine's advice on
 * its own settings, its internal catalogue names or any file path.
 */

/** A 1-based position in the query text. */
export interface TextPosition {
  line: number;
  column: number;
}

export interface EngineError {
  /** DuckDB's kind of error, e.g. "Parser", "Binder", "Catalog", "Permission", "Out of Memory", "INTERRUPT". */
  kind: string;
  /** The first line of the reason, without the kind. */
  reason: string;
  /** DuckDB's suggestion ("Did you mean …", "Candidate bindings: …"), when it names no internal object. */
  hint?: string;
  position?: TextPosition;
}

/** Names of DuckDB's own catalogue that its suggestions mention and that mean nothing to a trainee. */
const INTERNAL_NAME = /\b(?:pg_|duckdb_|sqlite_|information_schema|pragma_)/u;

/** A quoted absolute path, or a path after "file"/"directory", in an engine message. */
const QUOTED_PATH = /"(?:[A-Za-z]:)?[\\/][^"]*"|'(?:[A-Za-z]:)?[\\/][^']*'/gu;

/** The message with every quoted absolute path replaced by "a file". */
export function withoutPaths(message: string): string {
  return message.replace(QUOTED_PATH, 'a file');
}

/**
 * Where DuckDB points: its message ends with `LINE n: <the line, maybe shortened with "...">` and a line
 * with a caret under the place. The shown text is found in the query's line n to turn the caret into a
 * column of the original line.
 */
function caretPosition(message: string, sql: string): TextPosition | undefined {
  const match = /\nLINE (\d+): (.*)\n( *)\^/u.exec(message);
  if (!match) return undefined;
  const [, lineText, shown = '', caretIndent = ''] = match;
  const line = Number(lineText);
  const caret = caretIndent.length - `LINE ${lineText}: `.length;
  const original = sql.split('\n')[line - 1]?.replace(/\r$/u, '');
  if (original === undefined || caret < 0) return undefined;
  const shortenedAtStart = shown.startsWith('...');
  const fragment = shown.replace(/^\.\.\./u, '').replace(/\.\.\.$/u, '');
  const start = fragment === '' ? -1 : original.indexOf(fragment);
  if (start < 0) return { line, column: caret + 1 };
  return { line, column: start + caret - (shortenedAtStart ? 3 : 0) + 1 };
}

/** The position just after the last character of the query, for "syntax error at end of input". */
function endPosition(sql: string): TextPosition {
  const lines = sql.replace(/[\s;]+$/u, '').split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** DuckDB's message taken apart. */
export function readEngineError(message: string, sql: string): EngineError {
  const body = message.replace(/^Failed to extract statements: /u, '');
  const [first = '', ...rest] = body.split('\n');
  const kindMatch = /^([A-Za-z ]+?) Error: (.*)$/u.exec(first);
  const kind = kindMatch?.[1] ?? '';
  const reason = (kindMatch?.[2] ?? first).trim();
  const hintLine = rest.find((line) => /^(?:Did you mean|Candidate bindings)/u.test(line));
  const hint = hintLine && !INTERNAL_NAME.test(hintLine) ? hintLine.trim() : undefined;
  const position = caretPosition(body, sql) ?? (/at end of input/u.test(reason) ? endPosition(sql) : undefined);
  return { kind, reason, ...(hint && { hint }), ...(position && { position }) };
}
