import { Hono } from 'hono';
import type { LabLibrary } from '../labs/loader.ts';
import { formatProblem } from '../labs/problems.ts';
import type { AppEnv } from '../middleware/session.ts';

export const APP_VERSION = '0.1.0';

/**
 * GET /api/health: the version, how many labs loaded and how many failed, for monitoring. Which
 * labs those are, and why they failed, is for administrators only (the server's log at start has it
 * too): lab routes answer 404 for labs not assigned to the caller, and health must not undo that.
 */
export function healthRoutes(library: LabLibrary) {
  return new Hono<AppEnv>().get('/', (c) => {
    const isAdmin = c.get('actor')?.role === 'admin';
    return c.json({
      status: 'ok' as const,
      version: APP_VERSION,
      labs: {
        loaded: library.labs.size,
        failedCount: library.failures.length,
        ...(isAdmin
          ? {
              ids: [...library.labs.keys()],
              courses: [...library.courses.keys()],
              failed: library.failures.map((failure) => ({
                id: failure.id,
                problems: failure.problems.map(formatProblem),
              })),
            }
          : {}),
      },
    });
  });
}
