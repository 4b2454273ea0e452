import type { Db } from '../db/client.ts';
import type { LabLibrary } from '../labs/loader.ts';
import type { VariantStore } from './variant-store.ts';
import type { RateLimiter } from './rate-limiter.ts';

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
