import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleDir, runsBundled } from '../paths.ts';

/**
 * Starts a worker thread on the module at `source` (a `new URL('./x-worker.ts', import.meta.url)` of the
 * caller). The compiled server starts the bundled worker beside it (x-worker.js: an entry point of
 * scripts/build-server.ts). From the sources, the server runs TypeScript through tsx's loader, which a worker
 * thread does not inherit: the worker registers it before importing its module.
 */
export function startWorkerThread(source: URL): Worker {
  if (runsBundled) return new Worker(join(bundleDir, basename(fileURLToPath(source)).replace(/\.ts$/u, '.js')));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return ` +
    `import(${JSON.stringify(source.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}
