import type Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The first copy of the WAL-index header at the start of the database's `-shm` file (SQLite's file
 * format, "The WAL-Index Format": 48 bytes). Every connection that commits, in any process, rewrites
 * it: its change counter moves with each transaction, its frame count with each write to the WAL,
 * its salts with each restart of the WAL.
 */
const HEADER_BYTES = 48;

/**
 * Tells whether any connection has committed since the last look, with one read of 48 bytes (a
 * SQLite statement takes and releases a WAL read lock instead, which under load cost a tenth of a
 * board request). Only for a database file in WAL mode; for anything else there is nothing to watch.
 */
export class WalCommitWatch {
  private fd: number | undefined;
  private readonly last = Buffer.alloc(HEADER_BYTES);
  private readonly current = Buffer.alloc(HEADER_BYTES);
  private hasLast = false;

  private constructor(private readonly shmPath: string) {}

  /** A watch on the connection's database, or undefined when it is not a WAL database file. */
  static of(connection: Database.Database): WalCommitWatch | undefined {
    if (connection.memory || connection.name === '' || connection.pragma('journal_mode', { simple: true }) !== 'wal')
      return undefined;
    const watch = new WalCommitWatch(`${connection.name}-shm`);
    const close = connection.close.bind(connection);
    connection.close = () => {
      watch.stop();
      return close();
    };
    return watch;
  }

  /**
   * Reads the header now: true when it equals the header of the previous call, so that nothing was
   * committed in between (a read torn by a commit differs, which only costs a fresh read). False
   * when the file cannot be read.
   */
  unchangedSinceLastLook(): boolean {
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.shmPath, 'r');
      } catch {
        return false;
      }
    }
    if (readSync(this.fd, this.current, 0, HEADER_BYTES, 0) !== HEADER_BYTES) {
      this.hasLast = false;
      return false;
    }
    const unchanged = this.hasLast && this.current.equals(this.last);
    if (!unchanged) {
      this.current.copy(this.last);
      this.hasLast = true;
    }
    return unchanged;
  }

  /** Forgets the last look: the next one reports a change. */
  forget(): void {
    this.hasLast = false;
  }

  private stop(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.hasLast = false;
  }
}
