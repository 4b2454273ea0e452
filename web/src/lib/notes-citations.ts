import { client, read, ApiError } from './api.ts';

/** Adds text at the end of the open notes editor; false when it cannot (read-only). */
type NotesAppender = (text: string) => boolean;

const appenders = new Map<string, NotesAppender>();

/** The notes editor of a lab offers to take citations while it is open; returns the withdrawal. */
export function offerNotesAppender(labId: string, appender: NotesAppender): () => void {
  appenders.set(labId, appender);
  return () => {
    if (appenders.get(labId) === appender) appenders.delete(labId);
  };
}

/**
 * Appends a line to the trainee's notes of a lab: through the open notes editor when there is one
 * (which saves it as if typed, so the editor and the server never disagree), otherwise straight to
 * the server on the revision it has now.
 */
export async function citeInNotes(labId: string, line: string): Promise<void> {
  const appender = appenders.get(labId);
  if (appender?.(line)) return;
  for (let attempt = 0; ; attempt++) {
    const { notes } = await read(client.labs[':labId'].notes.$get({ param: { labId } }));
    const body = notes.body === '' || notes.body.endsWith('\n') ? `${notes.body}${line}\n` : `${notes.body}\n${line}\n`;
    try {
      await read(client.labs[':labId'].notes.$put({ param: { labId }, json: { body, baseRevision: notes.revision } }));
      return;
    } catch (failure) {
      // Saved meanwhile from another tab: read the newer notes and append to them.
      if (!(failure instanceof ApiError && failure.status === 409) || attempt >= 2) throw failure;
    }
  }
}
