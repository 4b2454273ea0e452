import { Hono } from 'hono';
import type { LabLibrary } from '../labs/loader.ts';
import { formatProblem } from '../labs/problems.ts';
import type { AppEnv } from '../middleware/session.ts';

export const APP_VERSION = '0.1.0';

/**
 * GET /api/health: the version, the labs loaded and the labs that failed to load. The problems of
 * a failed lab are shown to administrators only (they are also in the server's log at start): they
 * name files and values that are none of an anonymous caller's business.
 */
export function healthRoutes(library: LabLibrary) {
  return new Hono<AppEnv>().get('/', (c) => {
    const isAdmin = c.get('actor')?.role === 'admin';
    return c.json({
      status: 'ok' as const,
      version: APP_VERSION,
      labs: {
        loaded: library.labs.size,
        ids: [...library.labs.keys()],
        failed: library.failures.map((failure) => ({ id: failure.id, problemCount: failure.problems.length, problems: isAdmin ? failure.problems.map(formatProblem) : undefined })),
      },
      courses: [...library.courses.keys()],
    });
  });
}
