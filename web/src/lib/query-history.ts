import { createSignal, type Accessor } from 'solid-js';
import { sessionWatch } from './api.ts';

/** A query a trainee ran, kept in their browser: its text, when it last ran, and the name they gave it. */
export interface KeptQuery {
  sql: string;
  ranAt: number;
  name?: string;
}

/** How many unnamed queries are kept per lab; named ones are always kept. */
const KEPT_UNNAMED = 40;

function storageKey(labId: string): string {
  return `casebench:queries:${sessionWatch.currentUserId() ?? 'anonymous'}:${labId}`;
}

function load(key: string): KeptQuery[] {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (entry): entry is KeptQuery =>
            typeof entry === 'object' &&
            entry !== null &&
            typeof (entry as KeptQuery).sql === 'string' &&
            typeof (entry as KeptQuery).ranAt === 'number',
        )
      : [];
  } catch {
    return [];
  }
}

/** The history of one lab's queries for the signed-in user, newest first; lives in localStorage (memory when unavailable). */
export function createQueryHistory(labId: string): {
  entries: Accessor<KeptQuery[]>;
  record: (sql: string) => void;
  rename: (sql: string, name: string) => void;
  remove: (sql: string) => void;
} {
  const key = storageKey(labId);
  const [entries, setEntries] = createSignal(load(key));
  const save = (next: KeptQuery[]) => {
    setEntries(next);
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(next));
    } catch {
      // Full or refused: the history lasts as long as the page.
    }
  };
  return {
    entries,
    record(sql) {
      const text = sql.trim();
      const before = entries().find((entry) => entry.sql === text);
      const rest = entries().filter((entry) => entry.sql !== text);
      let unnamed = 0;
      const kept = rest.filter((entry) => entry.name || ++unnamed < KEPT_UNNAMED);
      save([{ sql: text, ranAt: Date.now(), ...(before?.name ? { name: before.name } : {}) }, ...kept]);
    },
    rename(sql, name) {
      save(entries().map((entry) => (entry.sql === sql ? { ...entry, name: name.trim() || undefined } : entry)));
    },
    remove(sql) {
      save(entries().filter((entry) => entry.sql !== sql));
    },
  };
}
