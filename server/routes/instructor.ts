import { Hono } from 'hono';
import type { AppEnv } from '../middleware/session.ts';

/** The instructor dashboard's data: progress, analytics, reviews, grades, audit, integrity (being built). */
export function instructorRoutes() {
  return new Hono<AppEnv>();
}
