import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { accessEpoch } from './schema.ts';
import { hotQueriesOf, type HotQueries } from './hot-queries.ts';
import { perConnection, type DbOrTransaction } from './per-connection.ts';

type SessionWithUser = NonNullable<ReturnType<HotQueries['sessionWithUser']['get']>>;
type AssignmentRow = ReturnType<HotQueries['assignmentsOfUser']['all']>[number]['assignment'];
type LabAttemptRow = ReturnType<HotQueries['labAttemptsOfUser']['all']>[number];

/** What decides a user's access to labs: their assignments (through cohorts) and lab attempts. */
export interface AccessRows {
  assignments: readonly AssignmentRow[];
  attempts: readonly LabAttemptRow[];
}

/** Enough for every active session and trainee of a large unit; past it the cache starts over. */
const MAX_ENTRIES = 50_000;
/**
 * A session's last_seen_at does not move the epoch (it changes once a minute per active session),
 * so a cached session is re-read after this long to see another process's refresh of it.
 */
const SESSION_MAX_AGE_MS = 30_000;

/**
 * Rows read on every request, kept per process and connection. Every lookup first reads the access
 * epoch, which triggers in the migrations move in the same transaction as any change to sessions,
 * accounts, cohorts, cohort memberships, assignments or lab attempts: when it has moved, everything cached is
 * dropped. So a logout or a removed trainee takes effect on the next request, in every process that
 * shares the database file, and no code path has to remember to invalidate anything.
 */
class EpochCache<Key, Value> {
  private entries = new Map<Key, { value: Value; loadedAt: number }>();
  private epoch = -1;

  constructor(private readonly maxAgeMs = Number.POSITIVE_INFINITY) {}

  get(currentEpoch: number, key: Key, now: number, load: () => Value | undefined): Value | undefined {
    if (currentEpoch !== this.epoch || this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
      this.epoch = currentEpoch;
    }
    const cached = this.entries.get(key);
    if (cached && now - cached.loadedAt < this.maxAgeMs) return cached.value;
    // Loaded after the epoch was read: a change committed in between makes the stored rows newer
    // than their epoch, never older, and the next lookup sees the moved epoch and reloads.
    const value = load();
    if (value === undefined) this.entries.delete(key);
    else this.entries.set(key, { value, loadedAt: now });
    return value;
  }

  replace(key: Key, value: Value): void {
    const cached = this.entries.get(key);
    if (cached) cached.value = value;
  }
}

/** The epoch's query, written through the schema (a renamed column breaks the type check) and run plucked. */
function prepareEpochRead(db: Db) {
  const query = db.select({ epoch: accessEpoch.epoch }).from(accessEpoch).where(eq(accessEpoch.id, 1)).toSQL();
  const statement = db.$client.prepare<unknown[], number>(query.sql).pluck();
  return { get: () => statement.get(...query.params) };
}

/**
 * Where the database stood when a request began: the access epoch, and this connection's
 * PRAGMA data_version (which moves when another connection commits; see the kept boards).
 */
export interface DatabaseStamp {
  epoch: number;
  dataVersion: number;
}

/** The stamp's query: the epoch as prepareEpochRead reads it, with data_version beside it. */
function prepareStampRead(db: Db) {
  const query = db
    .select({ epoch: accessEpoch.epoch, dataVersion: sql<number>`(SELECT data_version FROM pragma_data_version)` })
    .from(accessEpoch)
    .where(eq(accessEpoch.id, 1))
    .toSQL();
  const statement = db.$client.prepare<unknown[], [number, number]>(query.sql).raw();
  return {
    get: (): DatabaseStamp => {
      const [epoch, dataVersion] = statement.get(...query.params)!;
      return { epoch, dataVersion };
    },
  };
}

const cachesOf = perConnection((db: Db) => ({
  readEpoch: prepareEpochRead(db),
  readStamp: prepareStampRead(db),
  sessions: new EpochCache<string, SessionWithUser>(SESSION_MAX_AGE_MS),
  access: new EpochCache<number, AccessRows>(),
}));

/** The access epoch now: one indexed read of a single row, the cheapest statement the server runs. */
export function readAccessEpoch(db: DbOrTransaction): number {
  return cachesOf(db).readEpoch.get()!;
}

/**
 * The access epoch and data_version in one read. Each statement SQLite runs outside a transaction
 * takes and releases a read lock on the WAL (two fcntl calls): a request that reads the stamp once
 * and hands it on, instead of reading each where it is needed, saves two of a board's three reads.
 */
export function readDatabaseStamp(db: DbOrTransaction): DatabaseStamp {
  return cachesOf(db).readStamp.get();
}

/** The session with that token hash and its user, as stored (unknown tokens are not cached). */
export function cachedSessionWithUser(
  db: DbOrTransaction,
  tokenHash: string,
  now: number,
  /** The access epoch, when the caller has just read it. */
  epoch = readAccessEpoch(db),
): SessionWithUser | undefined {
  const caches = cachesOf(db);
  return caches.sessions.get(epoch, tokenHash, now, () => hotQueriesOf(db).sessionWithUser.get({ tokenHash }));
}

/** Records in the cache a last_seen_at this process has just written. */
export function rememberSessionSeen(db: DbOrTransaction, row: SessionWithUser, lastSeenAt: Date): void {
  cachesOf(db).sessions.replace(row.session.tokenHash, { ...row, session: { ...row.session, lastSeenAt } });
}

/** The user's assignments and lab attempts, as stored. */
export function cachedAccessRows(db: DbOrTransaction, userId: number, now: number): AccessRows {
  const caches = cachesOf(db);
  return caches.access.get(caches.readEpoch.get()!, userId, now, () => {
    const queries = hotQueriesOf(db);
    return {
      assignments: queries.assignmentsOfUser.all({ userId }).map((row) => row.assignment),
      attempts: queries.labAttemptsOfUser.all({ userId }),
    };
  })!;
}
