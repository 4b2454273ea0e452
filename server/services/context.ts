import type { Db } from '../db/client.ts';
import type { LabLibrary } from '../labs/loader.ts';
import type { VariantStore } from './trainee/variant-store.ts';
import type { EventEmitter } from 'node:events';
import type { LoginThrottle } from '../security/login-throttle.ts';
import type { RateLimiter } from '../security/rate-limiter.ts';
import type { WriteBatcher } from '../db/write-batcher.ts';
import type { Clock } from '../lib/clock.ts';

/** Sessions that ended: by their token hashes, or every session of a user. */
export type EndedSessions = { tokenHashes: string[] } | { userId: number };

/**
 * The events services announce; listeners must not throw. 'sessions-ended' and 'shutdown' end the
 * event streams that depend on them.
 */
export type ServiceEvents = EventEmitter<{
  'scores-changed': [cohortIds: number[]];
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
  /** Group commit for durable writes (answers). */
  writes: WriteBatcher;
  /** In-process events after commits, e.g. 'scores-changed' with the cohort ids, for live scoreboards. */
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
