/**
 * DuckDB's native module (about 70 MB) is loaded on first use only, so that a server whose trainees never
 * open a SQL console never maps it into memory.
 */

type DuckDbModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckDbModule> | undefined;

/** The `@duckdb/node-api` module, imported once on first call. */
export function loadDuckDb(): Promise<DuckDbModule> {
  loading ??= import('@duckdb/node-api');
  return loading;
}
