/**
 * Which statements the SQL console runs: only those that read tables. The engine is opened read-only with
 * file access, extensions and settings locked, and the console then also checks DuckDB's own statement
 * type (SELECT) after preparing. This first check reads the leading keyword, before DuckDB prepares the
 * text, so that a refused statement gets a plain reason and DuckDB never sees an ATTACH or COPY, whose
 * errors name files.
 *
 * Allowed: SELECT, WITH … SELECT, VALUES, FROM-first queries (`FROM t WHERE …`), and DESCRIBE, SUMMARIZE and
 * SHOW, which DuckDB runs as SELECTs over the catalogue or the table. EXPLAIN is refused: it shows the
 * engine's plan, not evidence. PRAGMA is refused even for its read-only forms (`PRAGMA show_tables`): SHOW
 * and DESCRIBE do the same, and PRAGMA also changes settings.
 */

const ANYTHING_ELSE = 'do something other than read tables';

const READING_KEYWORDS = new Set(['select', 'with', 'values', 'from', 'describe', 'summarize', 'show']);

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

/** The text without comments, quoted text and quoted names, so that keywords can be looked for in what is left. */
function codeOnly(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*(?:'|$)|"(?:[^"]|"")*(?:"|$)/gu, ' ');
}

/** True when the text holds nothing but blanks, comments and semicolons. */
export function isEmptyStatement(sql: string): boolean {
  return codeOnly(sql).replaceAll(';', ' ').trim() === '';
}

/** The first keyword of the statement, lower case, after comments and opening parentheses. */
function leadingKeyword(sql: string): string {
  return /^[\s(]*([a-z_]+)/iu.exec(codeOnly(sql))?.[1]?.toLowerCase() ?? '';
}

/**
 * What the statement would do when it is not a query that reads tables ("add rows to a table"), or
 * undefined when its leading keyword starts a reading query.
 */
export function refusedAction(sql: string): string | undefined {
  const keyword = leadingKeyword(sql);
  if (READING_KEYWORDS.has(keyword)) return undefined;
  return (Object.hasOwn(REFUSED_ACTIONS, keyword) && REFUSED_ACTIONS[keyword]) || ANYTHING_ELSE;
}

/** What a statement of DuckDB's type would do, for a reading keyword that DuckDB prepared as something else. */
export function actionOfStatementType(typeName: string): string {
  const keyword = typeName.toLowerCase().split('_')[0] ?? '';
  return (Object.hasOwn(REFUSED_ACTIONS, keyword) && REFUSED_ACTIONS[keyword]) || ANYTHING_ELSE;
}
