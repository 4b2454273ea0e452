/**
 * Which statements the SQL console runs: only those that read tables. The engine is opened read-only with
 * file access, extensions and settings locked, and run-query.ts also checks DuckDB's own statement type
 * (SELECT) after preparing. This first check reads the text before DuckDB does, so that a refused statement
 * gets a plain reason, and DuckDB never prepares an ATTACH or COPY (whose errors name files) nor runs one of
 * the few functions that act on the engine itself (ENGINE_FUNCTIONS).
 *
 * Allowed: SELECT, WITH … SELECT, VALUES, FROM-first queries (`FROM t WHERE …`), and DESCRIBE, SUMMARIZE and
 * SHOW, which DuckDB runs as SELECTs over the catalogue or the table. EXPLAIN is refused: it shows the
 * engine's plan, not evidence. PRAGMA is refused even for its read-only forms (`PRAGMA show_tables`): SHOW
 * and DESCRIBE do the same, and PRAGMA also changes settings.
 */

const ANYTHING_ELSE = 'do something other than read tables';

const READING_KEYWORDS = new Set([
  'select',
  'with',
  'values',
  'from',
  'describe',
  'summarize',
  'show',
  'pivot',
  'unpivot',
]);

/** What a refused statement would do, by its leading keyword, as the end of "this one would …". */
const REFUSED_ACTIONS: Record<string, string> = {
  attach: 'open another database',
  detach: 'close a database',
  use: 'switch to another database',
  copy: 'copy data to or from a file',
  export: 'export the database to files',
  import: 'import a database from files',
  create: 'create a table or another object',
  alter: 'change a table',
  drop: 'remove a table or another object',
  comment: 'change a table’s description',
  insert: 'add rows to a table',
  update: 'change rows of a table',
  delete: 'remove rows from a table',
  truncate: 'remove rows from a table',
  merge: 'change rows of a table',
  set: 'change a setting',
  reset: 'change a setting',
  pragma: 'change a setting or run a database command',
  install: 'install an extension',
  load: 'load an extension',
  force: 'install an extension',
  call: 'call a database procedure',
  checkpoint: 'write to the database file',
  vacuum: 'rewrite the database file',
  analyze: 'update the database’s statistics',
  begin: 'start a transaction',
  start: 'start a transaction',
  commit: 'end a transaction',
  end: 'end a transaction',
  rollback: 'end a transaction',
  abort: 'end a transaction',
  prepare: 'prepare a statement for later',
  execute: 'run a prepared statement',
  deallocate: 'remove a prepared statement',
  explain: 'show how the engine plans the query instead of running it',
};

/**
 * The pieces of the text that DuckDB reads as code: comments, quoted text ('…', E'…', $$…$$) and quoted
 * names ("…") are told apart left to right as DuckDB's own scanner does. Where the two could differ (a
 * nested comment, an E'…' string with \' inside), this reading ends a comment or text no later than DuckDB,
 * so that a name DuckDB runs is never taken for text here; at worst a word inside text is checked too.
 */
const PIECES =
  /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*(?:'|$)|\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?(?:\$\1\$|$)|"((?:[^"]|"")*)(?:"|$)|([A-Za-z_][A-Za-z_0-9$]*)/gu;

interface ReadText {
  /** The first word of the statement, lower case ("" when it starts with something else). */
  firstWord: string;
  /** The names called as functions (a name, then "("), quoted names included, lower case. */
  calls: string[];
  /** Every unquoted word outside comments and quoted text, lower case. */
  words: Set<string>;
  /** Whether anything but blanks, comments and semicolons is left. */
  empty: boolean;
}

function readText(sql: string): ReadText {
  const pieces: { name?: string; code: string }[] = [];
  const words = new Set<string>();
  let last = 0;
  for (const match of sql.matchAll(PIECES)) {
    pieces.push({ code: sql.slice(last, match.index) });
    last = match.index + match[0].length;
    const [piece, , quotedName, word] = match;
    if (word !== undefined) {
      pieces.push({ name: word.toLowerCase(), code: word });
      words.add(word.toLowerCase());
    } else if (quotedName !== undefined)
      pieces.push({ name: quotedName.replaceAll('""', '"').toLowerCase(), code: piece });
    else pieces.push({ code: /^(?:--|\/\*)/u.test(piece) ? ' ' : piece });
  }
  pieces.push({ code: sql.slice(last) });
  const code = pieces.map((piece) => piece.code).join('');
  const calls: string[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece.name === undefined) continue;
    // The next piece that is not blank (comments are blanks by now) says whether the name is called; each run
    // of blanks lies after one name only, so this stays linear in the length of the text.
    let next = index + 1;
    while (next < pieces.length && pieces[next]?.name === undefined && pieces[next]?.code.trim() === '') next++;
    const following = pieces[next];
    if (following && following.name === undefined && following.code.trimStart().startsWith('(')) calls.push(piece.name);
  }
  const firstWord = /^[\s(;]*([A-Za-z_][A-Za-z_0-9$]*)/u.exec(code)?.[1]?.toLowerCase() ?? '';
  return { firstWord, calls, words, empty: code.replaceAll(';', ' ').trim() === '' };
}

/**
 * Functions that a SELECT may call but that act on the engine rather than read evidence. Each is refused by
 * name wherever it appears as code. enable_logging with file storage was seen to abort the whole Node
 * process (DuckDB's logging thread throws when file access is off); query() and its kin would run SQL
 * written as text, past this check; arrow_scan reads memory at an address it is given; the catalogue
 * functions that name files show the server's folders.
 */
const ENGINE_FUNCTIONS: Record<string, string> = {
  enable_logging: 'change how the database engine keeps its logs',
  disable_logging: 'change how the database engine keeps its logs',
  truncate_duckdb_logs: 'change how the database engine keeps its logs',
  write_log: 'change how the database engine keeps its logs',
  enable_profiling: 'change how the database engine measures queries',
  disable_profiling: 'change how the database engine measures queries',
  enable_peg_parser: 'change how the database engine reads queries',
  disable_peg_parser: 'change how the database engine reads queries',
  check_peg_parser: 'change how the database engine reads queries',
  checkpoint: 'write to the database file',
  force_checkpoint: 'write to the database file',
  query: 'run SQL written as text',
  query_table: 'run SQL written as text',
  json_execute_serialized_sql: 'run SQL written as text',
  arrow_scan: 'read the server’s memory',
  arrow_scan_dumb: 'read the server’s memory',
  add_parquet_key: 'change the database engine’s keys',
  current_setting: 'show where the server keeps its files',
};

/**
 * Catalogue tables that show the server's folders (the tables file's full path, the cache folder, the
 * temp folder): refused wherever they are named as code, called or not.
 */
const FOLDER_TABLES: Record<string, string> = {
  duckdb_databases: 'show where the server keeps its files',
  duckdb_settings: 'show where the server keeps its files',
  duckdb_temporary_files: 'show where the server keeps its files',
  pragma_database_list: 'show where the server keeps its files',
};

/**
 * True when the text holds a PIVOT: DuckDB turns one without an IN list into two statements (it first
 * creates a type for the values it finds), which the console cannot run.
 */
export function hasPivot(sql: string): boolean {
  return readText(sql).words.has('pivot');
}

/** True when the first word starts a reading query; DuckDB's statement type is checked besides. */
export function startsAsReadingQuery(sql: string): boolean {
  return READING_KEYWORDS.has(readText(sql).firstWord);
}

/** True when the text holds nothing but blanks, comments and semicolons. */
export function isEmptyStatement(sql: string): boolean {
  return readText(sql).empty;
}

/**
 * What the statement would do when its first word starts a statement other than a reading query ("add rows to a
 * table"), or when it calls a function that acts on the engine; undefined otherwise. An unknown first word (a
 * typo such as "SELEC") is left to DuckDB, whose syntax error says where; whatever DuckDB can prepare of it is
 * still refused unless it is a SELECT.
 */
export function refusedAction(sql: string): string | undefined {
  const { firstWord, calls, words } = readText(sql);
  if (Object.hasOwn(REFUSED_ACTIONS, firstWord)) return REFUSED_ACTIONS[firstWord];
  const engineFunction = calls.find((name) => Object.hasOwn(ENGINE_FUNCTIONS, name));
  if (engineFunction !== undefined) return ENGINE_FUNCTIONS[engineFunction];
  // A table function with no arguments may be named without brackets (FROM pragma_database_list).
  const namedTable = [...words].find((word) => Object.hasOwn(FOLDER_TABLES, word));
  return namedTable === undefined ? undefined : FOLDER_TABLES[namedTable];
}

/** What a statement of DuckDB's type would do, for a reading keyword that DuckDB prepared as something else. */
export function actionOfStatementType(typeName: string): string {
  const keyword = typeName.toLowerCase().split('_')[0] ?? '';
  return (Object.hasOwn(REFUSED_ACTIONS, keyword) && REFUSED_ACTIONS[keyword]) || ANYTHING_ELSE;
}
