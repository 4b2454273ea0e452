import type { Db } from './client.ts';

/** A database or one of its transaction handles (drizzle's, or a write batch's savepoint). */
export type DbOrTransaction = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

/**
 * Builds something once per SQLite connection: prepared statements and caches. Keyed by the
 * connection, so a transaction handle finds what its database built; tests open a fresh database per
 * test in one process (ids restart with each), so nothing is shared across databases.
 */
export function perConnection<T>(build: (db: Db) => T): (db: DbOrTransaction) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    const connection = (db as unknown as { session: { client: object } }).session.client;
    let value = built.get(connection);
    if (value === undefined) {
      value = build(db as Db);
      built.set(connection, value);
    }
    return value;
  };
}
