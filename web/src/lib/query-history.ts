import type { InferResponseType } from 'hono/client';
import { createSignal, type Accessor } from 'solid-js';
import { client, read, sessionWatch } from './api.ts';
import { failureMessage } from './failure-message.ts';

type QueriesRoute = (typeof client.labs)[':labId']['queries'];
/** A query of the trainee's history of a lab, as the server keeps it. */
export type SavedQuery = InferResponseType<QueriesRoute['$get'], 200>['queries'][number];

/** What the server takes of a name and a query (see server/routes/evidence-tables.ts). */
export const QUERY_NAME_LENGTH = 80;
const QUERY_LENGTH = 20_000;
/** What one import request carries at most: the server's body limit is 64 KB, and it keeps 200 a lab. */
const IMPORT_BYTES = 48 * 1024;
const IMPORT_COUNT = 200;

/** Where the console kept the history in the browser before the server kept it. */
function browserKey(labId: string): string {
  return `casebench:queries:${sessionWatch.currentUserId() ?? 'anonymous'}:${labId}`;
}

type BrowserQuery = { sql: string; name?: string; ranAt: number };

/** The history a browser kept of a lab, in the form the server takes in; entries it would refuse are left out. */
function browserHistory(key: string): BrowserQuery[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: { sql?: unknown; name?: unknown; ranAt?: unknown } | null) => {
    const sql = typeof entry?.sql === 'string' ? entry.sql.trim() : '';
    if (!sql || sql.length > QUERY_LENGTH || typeof entry?.ranAt !== 'number' || !(entry.ranAt >= 0)) return [];
    const name =
      typeof entry.name === 'string'
        ? entry.name
            .replace(/\p{Cc}/gu, ' ')
            .trim()
            .slice(0, QUERY_NAME_LENGTH)
            .trim()
        : '';
    return [{ sql, ranAt: Math.floor(entry.ranAt), ...(name ? { name } : {}) }];
  });
}

/** Splits the entries into requests that each fit the server's body limit. */
function inRequests(entries: BrowserQuery[]): BrowserQuery[][] {
  const requests: BrowserQuery[][] = [];
  let current: BrowserQuery[] = [];
  let bytes = 0;
  for (const entry of entries.slice(0, IMPORT_COUNT)) {
    const size = new TextEncoder().encode(JSON.stringify(entry)).length + 1;
    if (size > IMPORT_BYTES) continue;
    if (bytes + size > IMPORT_BYTES) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * Sends the history the browser kept of a lab to the server, once: the browser forgets it when the
 * server has taken it in (taking the same in twice changes nothing, so a failure halfway is simply
 * tried again on the next visit).
 */
async function importBrowserHistory(labId: string): Promise<void> {
  const key = browserKey(labId);
  if (globalThis.localStorage?.getItem(key) == null) return;
  for (const queries of inRequests(browserHistory(key)))
    await read(client.labs[':labId'].queries.import.$post({ param: { labId }, json: { queries } }));
  globalThis.localStorage?.removeItem(key);
}

/** Named queries first, then the others; each group by its last run, newest first (as the server lists them). */
function namedFirst(queries: SavedQuery[]): SavedQuery[] {
  const newestFirst = [...queries].sort((a, b) => b.lastRunAt.localeCompare(a.lastRunAt) || b.id - a.id);
  return [...newestFirst.filter((query) => query.name !== null), ...newestFirst.filter((query) => query.name === null)];
}

/**
 * The signed-in trainee's history of a lab's queries, kept on the server: loaded on creation (after
 * taking in what the browser kept before), and again after each run.
 */
export function createQueryHistory(labId: string): {
  entries: Accessor<SavedQuery[]>;
  /** Why the history could not be loaded or changed, fit to show. */
  problem: Accessor<string | undefined>;
  refresh: () => Promise<void>;
  /** Names a query (an empty name removes it); whether the server took it. */
  rename: (id: number, name: string) => Promise<boolean>;
  remove: (id: number) => Promise<void>;
} {
  const [entries, setEntries] = createSignal<SavedQuery[]>([]);
  const [problem, setProblem] = createSignal<string>();
  const attempt = async (work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      setProblem(undefined);
      return true;
    } catch (failure) {
      setProblem(failureMessage(failure));
      return false;
    }
  };
  const refresh = async () => {
    await attempt(async () => {
      const answer = await read(client.labs[':labId'].queries.$get({ param: { labId } }));
      setEntries(namedFirst(answer.queries));
    });
  };
  void (async () => {
    // A failure to take in the browser's history leaves it there for the next visit.
    await importBrowserHistory(labId).catch(() => {});
    await refresh();
  })();
  return {
    entries,
    problem,
    refresh,
    rename: (id, name) =>
      attempt(async () => {
        const trimmed = name.trim();
        const { query } = await read(
          client.labs[':labId'].queries[':id'].$patch({
            param: { labId, id: String(id) },
            json: { name: trimmed === '' ? null : trimmed },
          }),
        );
        setEntries(namedFirst(entries().map((entry) => (entry.id === id ? query : entry))));
      }),
    remove: async (id) => {
      await attempt(async () => {
        await read(client.labs[':labId'].queries[':id'].$delete({ param: { labId, id: String(id) } }));
        setEntries(entries().filter((entry) => entry.id !== id));
      });
    },
  };
}
