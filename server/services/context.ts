import type { Db } from '../db/client.ts';
import type { LabLibrary } from '../labs/loader.ts';
import type { VariantStore } from './trainee/variant-store.ts';
import type { EvidenceTableStore } from './trainee/evidence-tables.ts';
import type { EventEmitter } from 'node:events';
import type { LoginThrottle } from '../security/login-throttle.ts';
import type { RateLimiter } from '../security/rate-limiter.ts';
import type { WriteBatcher } from '../db/write-batcher.ts';
import type { Clock } from '../lib/clock.ts';
import type { LibrarySync } from './authoring/library-sync.ts';

/** Sessions that ended: by their token hashes, or every session of a user. */
export type EndedSessions = { tokenHashes: string[] } | { userId: number };

/**
 * The events services announce; listeners must not throw. 'sessions-ended' and 'shutdown' end the
 * event streams that depend on them.
 *
 * 'scores-changed': what a board shows changed in these cohorts (open boards reload). `userIds` are
 * the only members whose rows changed (none for a change of settings); without them, anything on
 * those boards may have changed (a lab assigned or withdrawn), and kept boards are built again.
 * 'member-left': a member left a cohort; their row leaves its kept board. Open boards are not told,
 * as before: the stream of the one who left ends at the next change of the board.
 */
export type ServiceEvents = EventEmitter<{
  'scores-changed': [cohortIds: number[], userIds?: number[]];
  'member-left': [cohortId: number, userId: number];
  'sessions-ended': [ended: EndedSessions];
  shutdown: [];
}>;

/** Everything services need, built once at start and handed to handlers through the context. */
export interface ServiceContext {
  db: Db;
  library: LabLibrary;
  variants: VariantStore;
  limits: {
    /** Failed sign-ins per address, per (account, address) and per account. */
    login: LoginThrottle;
    submissionsPerTask: RateLimiter;
  };
  settings: {
    sessionIdleMs: number;
    sessionMaxMs: number;
    secureCookies: boolean;
    /** log2 of scrypt's N for new passwords. */
    passwordCost: number;
  };
  /** The evidence tables of lab variants (built in the cache folder) and the queries running on them. */
  tables: EvidenceTableStore;
  /** Group commit for durable writes (answers). */
  writes: WriteBatcher;
  /**
   * The lab authoring folder (issue #14): drafts, every published version of a lab, staging. See
   * server/services/authoring/storage.ts.
   */
  authoringDir: string;
  /**
   * Follows what other server processes on the database file publish, restore and install: asked on
   * every request, it reloads the library only when the library epoch moved (issue #14).
   */
  librarySync: LibrarySync;
  /** In-process events after commits, e.g. 'scores-changed' with the cohort and user ids, for live scoreboards. */
  events: ServiceEvents;
  /**
   * Time and timers (stream notices and heartbeats, session rechecks, throttle windows, assignment
   * windows, session expiry): injected so tests move time instead of waiting for it.
   */
  clock: Clock;
  /** The clock's time: shorthand for `clock.now()`. */
  now: () => Date;
}

/** The signed-in user as services see them. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'instructor' | 'trainee';
}
