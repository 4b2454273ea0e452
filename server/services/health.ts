import type { LabLibrary } from '../labs/loader.ts';
import { formatProblem } from '../labs/problems.ts';
import type { Actor } from './context.ts';
import { isAdmin } from './policy.ts';

const APP_VERSION = '0.1.0';

/**
 * The version, how many labs loaded and how many failed, for monitoring. Which labs those are, and
 * why they failed, is for administrators only (the server's log at start has it too): lab routes
 * answer 404 for labs not assigned to the caller, and health must not undo that.
 */
export function getHealth(library: LabLibrary, actor: Actor | undefined) {
  return {
    status: 'ok' as const,
    version: APP_VERSION,
    labs: {
      loaded: library.labs.size,
      failedCount: library.failures.length,
      ...(actor && isAdmin(actor)
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
  };
}
