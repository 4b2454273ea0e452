import { type AnyColumn, type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** An id list bound as one JSON text, so one prepared statement serves any number of ids. */
export function jsonList(values: readonly (number | string)[]): string {
  return JSON.stringify(values);
}

/** `column IN (the JSON list bound to the placeholder)`: see jsonList. */
export function inJsonList(column: SQLWrapper, placeholder: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholder)}))`;
}

/** Times leave the services as ISO strings, the way the JSON carries them anyway. */
export function isoOrNull(time: Date | number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

/** The value an upsert tried to insert into `column` (SQLite's `excluded.<column>`), named from the schema. */
export function excluded(column: AnyColumn): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}
