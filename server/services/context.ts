import type { Db } from '../db/client.ts';
import type { LabLibrary } from '../labs/loader.ts';
import type { VariantStore } from './variant-store.ts';
import type { EventEmitter } from 'node:events';
import type { RateLimiter } from './rate-limiter.ts';
import type { WriteBatcher } from './write-batcher.ts';

/** The events services announce; listeners must not throw. */
export type ServiceEvents = EventEmitter<{ 'scores-changed': [cohortIds: number[]] }>;

/** Everything services need, built once at start and handed to handlers through the context. */
export interface ServiceContext {
  db: Db;
  library: LabLibrary;
  variants: VariantStore;
  limits: {
    loginPerAccount: RateLimiter;
    loginPerAddress: RateLimiter;
    submissionsPerTask: RateLimiter;
  };
  settings: {
    sessionIdleMs: number;
    sessionMaxMs: number;
    secureCookies: boolean;
  };
  /** Group commit for durable writes (answers). */
  writes: WriteBatcher;
  /** In-process events after commits, e.g. 'scores-changed' with the cohort ids, for live scoreboards. */
  events: ServiceEvents;
  /** The clock, injectable so tests can move time (assignment windows, session expiry). */
  now: () => Date;
}

/** The signed-in user as services see them. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'instructor' | 'trainee';
}
