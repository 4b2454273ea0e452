import type { Db } from '../db/client.ts';
import type { LabLibrary } from '../labs/loader.ts';
import { EventEmitter } from 'node:events';
import type { ServiceContext, ServiceEvents } from './context.ts';
import { LoginThrottle } from '../security/login-throttle.ts';
import { STANDARD_PASSWORD_COST } from '../security/passwords.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { VariantStore } from './trainee/variant-store.ts';
import { EvidenceTableStore } from './trainee/evidence-tables.ts';
import { join } from 'node:path';
import { WriteBatcher } from '../db/write-batcher.ts';
import { realClock, type Clock } from '../lib/clock.ts';
import { LibrarySync } from './authoring/library-sync.ts';

export interface ServiceOptions {
  cacheDir: string;
  sessionIdleMs?: number;
  sessionMaxMs?: number;
  secureCookies?: boolean;
  /** log2 of scrypt's N for new passwords; lowered only by the test harness. */
  passwordCost?: number;
  /** Drafts and published lab versions; by default beside the cache folder (data/authoring). */
  authoringDir?: string;
  /** The machine's clock unless a test brings its own. */
  clock?: Clock;
}

/** Wires the services once: the database, the labs, the variant cache and the throttles. */
export function createServices(db: Db, library: LabLibrary, options: ServiceOptions): ServiceContext {
  const clock = options.clock ?? realClock;
  const authoringDir = options.authoringDir ?? join(options.cacheDir, '..', 'authoring');
  return {
    db,
    library,
    variants: new VariantStore(options.cacheDir),
    tables: new EvidenceTableStore(join(options.cacheDir, 'tables')),
    writes: new WriteBatcher(db),
    authoringDir,
    librarySync: new LibrarySync(db, library, authoringDir),
    limits: {
      // 5 wrong passwords per account and address, 30 per address in 15 minutes, then a wait.
      login: new LoginThrottle(),
      // 10 answers per task per minute: more than anyone types, fewer than a guessing script needs.
      submissionsPerTask: new RateLimiter(10, 60_000),
    },
    settings: {
      sessionIdleMs: options.sessionIdleMs ?? 12 * 3_600_000,
      sessionMaxMs: options.sessionMaxMs ?? 7 * 24 * 3_600_000,
      secureCookies: options.secureCookies ?? false,
      passwordCost: options.passwordCost ?? STANDARD_PASSWORD_COST,
    },
    events: (() => {
      const events: ServiceEvents = new EventEmitter();
      // One listener per open scoreboard stream: many viewers are normal, not a leak.
      events.setMaxListeners(0);
      return events;
    })(),
    clock,
    now: () => clock.now(),
  };
}
