import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.ts';
import { accessEpoch } from './schema.ts';
import { LIBRARY_EPOCH_ROW } from './library-epoch.ts';
import { hotQueriesOf, type HotQueries } from './hot-queries.ts';
import { perConnection, type DbOrTransaction } from './per-connection.ts';
import { WalCommitWatch } from './wal-header.ts';

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

/**
 * Where the database stood when a request began: the access epoch, this connection's
 * PRAGMA data_version (which moves when another connection commits; see the kept boards), and the
 * library epoch (which moves when a lab or course is published or restored; see library-epoch.ts).
 */
export interface DatabaseStamp {
  epoch: number;
  dataVersion: number;
  libraryEpoch: number;
}

/** The stamp's query, written through the schema (a renamed column breaks the type check) and run raw. */
function prepareStampRead(db: Db) {
  const library = alias(accessEpoch, 'library');
  // The library epoch rides along in the same statement: a subquery by primary key, no read lock of its own.
  const libraryEpoch = db.select({ epoch: library.epoch }).from(library).where(eq(library.id, LIBRARY_EPOCH_ROW));
  const query = db
    .select({
      epoch: accessEpoch.epoch,
      dataVersion: sql<number>`(SELECT data_version FROM pragma_data_version)`,
      libraryEpoch: sql<number>`coalesce((${libraryEpoch}), 0)`,
    })
    .from(accessEpoch)
    .where(eq(accessEpoch.id, 1))
    .toSQL();
  const statement = db.$client.prepare<unknown[], [number, number, number]>(query.sql).raw();
  return {
    get: (): DatabaseStamp => {
      const [epoch, dataVersion, libraryEpoch] = statement.get(...query.params)!;
      return { epoch, dataVersion, libraryEpoch };
    },
  };
}

const cachesOf = perConnection((db: Db) => ({
  client: db.$client,
  readStamp: prepareStampRead(db),
  commits: WalCommitWatch.of(db.$client),
  kept: undefined as DatabaseStamp | undefined,
  sessions: new EpochCache<string, SessionWithUser>(SESSION_MAX_AGE_MS),
  access: new EpochCache<number, AccessRows>(),
}));

/** The access epoch now (see readDatabaseStamp). */
export function readAccessEpoch(db: DbOrTransaction): number {
  return readDatabaseStamp(db).epoch;
}

/**
 * The access epoch and data_version in one read. Each statement SQLite runs outside a transaction
 * takes and releases a read lock on the WAL (two fcntl calls): a request that reads the stamp once
 * and hands it on, instead of reading each where it is needed, saves two of a board's three reads.
 *
 * Under load that one read was still a tenth of a board request's time, so a stamp is kept while no
 * connection commits: the epoch moves only in a committed write, and data_version only with another
 * connection's commit. Every commit, by any connection in any process, rewrites the WAL-index header
 * (WalCommitWatch), which is looked at first, before the stamp is read: an unchanged header means the
 * kept stamp is still the database's state. Inside a transaction (whose own writes the header does not
 * show until they are committed) the stamp is always read afresh, and not kept.
 */
export function readDatabaseStamp(db: DbOrTransaction): DatabaseStamp {
  const caches = cachesOf(db);
  if (caches.client.inTransaction || !caches.commits) return caches.readStamp.get();
  if (caches.commits.unchangedSinceLastLook() && caches.kept) return caches.kept;
  caches.kept = caches.readStamp.get();
  return caches.kept;
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
  return caches.access.get(readAccessEpoch(db), userId, now, () => {
    const queries = hotQueriesOf(db);
    return {
      assignments: queries.assignmentsOfUser.all({ userId }).map((row) => row.assignment),
      attempts: queries.labAttemptsOfUser.all({ userId }),
    };
  })!;
}
