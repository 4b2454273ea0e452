import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the server runs from. `npm start` runs the bundle in dist/server/ (scripts/build-server.ts),
 * with no TypeScript loader in the process; tests and tools run these sources through tsx. Paths
 * that used to be worked out from a source file's own URL are worked out here, for both.
 */

// scripts/build-server.ts defines this constant as true in the bundle; in the sources it is never declared.
declare const CASEBENCH_BUNDLED: boolean | undefined;

/** Whether this is the compiled server (dist/server/*.js), with no TypeScript loader in the process. */
export const runsBundled = typeof CASEBENCH_BUNDLED === 'boolean' && CASEBENCH_BUNDLED;

/** The repository root, with a trailing slash: the bundle sits two folders down, this file one. */
export const projectRoot = fileURLToPath(new URL(runsBundled ? '../..' : '..', import.meta.url));

/** The compiled server's folder. */
export const bundleDir = join(projectRoot, 'dist', 'server');
