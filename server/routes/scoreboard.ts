import { Hono } from 'hono';
import type { AppEnv } from '../middleware/session.ts';

/** Cohort scoreboards: ranking, live stream, chart data, CSV export and settings (being built). */
export function scoreboardRoutes() {
  return new Hono<AppEnv>();
}
