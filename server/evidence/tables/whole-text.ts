/**
 * Formats parsed in JavaScript read their artefact whole, as one string, and V8 holds a string of at most
 * about 512 MB. Only the access log (apache-combined) is read by DuckDB at any size (query/write-tables.ts).
 * A larger file is refused before it is read (write-tables.ts, self-test.ts), with its size and what to
 * do, where reading it would throw ERR_STRING_TOO_LONG from deep inside the read.
 */
import { constants } from 'node:buffer';

/** The largest artefact, in bytes, that a JavaScript parser reads (each byte at most one character). */
export const MAX_WHOLE_TEXT_BYTES = constants.MAX_STRING_LENGTH;

const MB = 1024 * 1024;

/** Why an artefact of `bytes` is not read whole, for lab authors and the server's log. */
export function tooLargeToReadWhole(evidenceId: string, bytes: number, maxBytes = MAX_WHOLE_TEXT_BYTES): string {
  return (
    `${evidenceId} is ${Math.ceil(bytes / MB)} MB, more than the ${Math.round(maxBytes / MB)} MB a table parser ` +
    'reads in JavaScript: split the file into several artefacts, or, for an access log, use the apache-combined ' +
    'parser on a file without Windows line ends, which DuckDB reads at any size'
  );
}
