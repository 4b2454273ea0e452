import { Hono } from 'hono';
import type { AppEnv } from '../middleware/session.ts';

/** Line-window reads and search over text evidence (wired to the line index next). */
export function evidenceTextRoutes() {
  return new Hono<AppEnv>();
}
