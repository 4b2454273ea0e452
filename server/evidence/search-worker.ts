import { parentPort } from 'node:worker_threads';
import { EvidenceQueryError, searchEvidence, type SearchOptions, type SearchResult } from './search.ts';

/**
 * The body of a search worker thread (see search-pool.ts): runs one search at a time for the main
 * thread. Each worker keeps its own cache of line indexes, so a file is indexed once per worker.
 */

/** One search, as the pool sends it. */
export interface SearchRequest {
  id: number;
  path: string;
  query: string;
  options: SearchOptions;
}

/** The answer to a request: the result, a query the trainee must fix, or a failure. */
export type SearchReply =
  | { id: number; ok: true; result: SearchResult }
  | { id: number; ok: false; queryError: boolean; message: string };

const port = parentPort;
if (port) {
  port.on('message', (request: SearchRequest) => {
    searchEvidence(request.path, request.query, request.options).then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies SearchReply),
      (error: unknown) => {
        // Errors lose their class crossing threads: say whether it is the trainee's to fix.
        const reply: SearchReply = {
          id: request.id,
          ok: false,
          queryError: error instanceof EvidenceQueryError,
          message: error instanceof Error ? error.message : String(error),
        };
        port.postMessage(reply);
      },
    );
  });
}
