import { Hono } from 'hono';
import type { LabLibrary } from '../labs/loader.ts';
import type { AppEnv } from '../middleware/session.ts';
import { getHealth } from '../services/health.ts';

/** GET /api/health, for monitoring; anyone may ask, administrators learn more (see getHealth). */
export function healthRoutes(library: LabLibrary) {
  return new Hono<AppEnv>().get('/', (c) => c.json(getHealth(library, c.get('actor'))));
}
