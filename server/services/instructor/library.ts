import type { Actor, ServiceContext } from '../context.ts';
import { requireStaff } from '../policy.ts';

/** The labs and courses installed on this server, for instructors choosing what to assign. */
export function listLibrary(ctx: ServiceContext, actor: Actor) {
  requireStaff(actor);
  return {
    labs: [...ctx.library.labs.values()]
      .map(({ definition }) => ({
        id: definition.id,
        title: definition.title,
        summary: definition.summary,
        difficulty: definition.difficulty,
        audience: definition.audience,
        durationMinutes: definition.duration_minutes,
        tasks: definition.tasks.length,
      }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    courses: [...ctx.library.courses.values()]
      .map(({ definition }) => ({
        id: definition.id,
        title: definition.title,
        summary: definition.summary,
        labs: definition.labs.map((entry) => entry.lab),
      }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  };
}
