import type { LabDefinition } from '../../labs/schema.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireStaff } from '../policy.ts';

/**
 * What a library card says about a lab: what it is about, for whom, how long it takes and what it
 * trains. Only catalogue fields: no task prompts, reference answers, explanations or hints, which
 * belong to the lab's preview and never to a list every instructor can read.
 */
function labCard(definition: LabDefinition) {
  return {
    id: definition.id,
    title: definition.title,
    summary: definition.summary,
    difficulty: definition.difficulty,
    audiences: definition.audience,
    durationMinutes: definition.duration_minutes,
    skills: definition.skills,
    objectives: definition.objectives,
    tasks: definition.tasks.length,
    variants: definition.variants !== undefined,
  };
}

/** The labs and courses installed on this server as cards, for instructors choosing what to assign. */
export function listLibrary(ctx: ServiceContext, actor: Actor) {
  requireStaff(actor);
  const labs = ctx.library.labs;
  return {
    labs: [...labs.values()]
      .map(({ definition }) => labCard(definition))
      .sort((a, b) => a.title.localeCompare(b.title)),
    courses: [...ctx.library.courses.values()]
      .map(({ definition }) => ({
        id: definition.id,
        title: definition.title,
        summary: definition.summary,
        audiences: definition.audience,
        // A course's labs by title, in the order they are taken; one not installed here has no title to show.
        labs: definition.labs.flatMap((entry) => {
          const lab = labs.get(entry.lab)?.definition;
          return lab ? [{ id: lab.id, title: lab.title, optional: entry.optional }] : [];
        }),
        durationMinutes: definition.labs.reduce(
          (total, entry) => total + (entry.optional ? 0 : (labs.get(entry.lab)?.definition.duration_minutes ?? 0)),
          0,
        ),
      }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  };
}
