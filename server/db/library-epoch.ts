import { sql } from 'drizzle-orm';
import type { DbOrTransaction } from './per-connection.ts';
import { accessEpoch } from './schema.ts';

/**
 * The access_epoch row whose counter moves with each change to the labs and courses served: a
 * publish, a restore, a course installed from a package (issue #14). Every server process on the
 * database file reads it with its database stamp (access-cache.ts) and, when it has moved, loads
 * what is live now (library-sync.ts). Created by its first move, so a database without it reads 0.
 */
export const LIBRARY_EPOCH_ROW = 2;

/** Tells every server process that the labs or courses served changed: in the transaction of the change. */
export function moveLibraryEpoch(db: DbOrTransaction): void {
  db.insert(accessEpoch)
    .values({ id: LIBRARY_EPOCH_ROW, epoch: 1 })
    .onConflictDoUpdate({ target: accessEpoch.id, set: { epoch: sql`${accessEpoch.epoch} + 1` } })
    .run();
}
