import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { loadLibrary } from './labs/loader.ts';
import { formatProblem } from './labs/problems.ts';
import { createServices } from './services/create-services.ts';
import { loadPublishedLabs } from './services/authoring/publish.ts';
import { loadPackagedCourses } from './labs/packages/courses.ts';
import { seedDemoActivity, seedEmptyDatabase } from './services/demo/seed.ts';
import { purgeExpiredSessions } from './services/accounts/sessions.ts';
import { closeSearchPool } from './evidence/search-pool.ts';
import { closeQueryEngines } from './evidence/query/run-query.ts';
import { projectRoot } from './paths.ts';

// The only module with side effects: read the configuration, open the database, load the labs, serve.
const config = readConfig();
const db = openDatabase(config.databasePath);
const library = await loadLibrary(config.labsDir);
// Versions published in the browser (issue #14) win over the shipped folders of the same ids.
const published = await loadPublishedLabs(db, library, config.authoringDir);
if (published.length > 0) console.log(`published versions loaded: ${published.join(', ')}`);
// Courses installed from packages in the browser, likewise.
const packagedCourses = await loadPackagedCourses(library, config.authoringDir);
if (packagedCourses.length > 0) console.log(`courses installed from packages loaded: ${packagedCourses.join(', ')}`);
for (const failure of library.failures) {
  console.warn(`lab ${failure.id} was not loaded:`);
  for (const problem of failure.problems) console.warn(`  ${formatProblem(problem)}`);
}
console.log(
  `loaded ${library.labs.size} labs (${[...library.labs.keys()].join(', ')}) and ${library.courses.size} courses`,
);

const services = createServices(db, library, config);
const seed = await seedEmptyDatabase(services, config);
if (seed.seeded === 'demo' && config.demoActivity) await seedDemoActivity(services);
await purgeExpiredSessions(services);

const app = createApp(services, {
  trustProxy: config.trustProxy,
  allowedHosts: config.allowedHosts,
  webDist: join(projectRoot, 'web', 'dist'),
});
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const url = `http://${config.host}:${info.port}/`;
  if (seed.seeded !== 'none') {
    console.log(
      seed.seeded === 'demo' ? '\nDemo data seeded. Accounts:' : '\nAdministrator created (shown once, keep it safe):',
    );
    for (const account of seed.accounts)
      console.log(`  ${account.role.padEnd(10)} ${account.username.padEnd(12)} ${account.password}`);
    if (seed.cohort) console.log(`  cohort "${seed.cohort.name}", join code ${seed.cohort.joinCode}`);
    console.log('');
  }
  console.log(`Casebench listening on ${url}`);
});

/** How long a shutdown may take before the process exits anyway: under the 10 s most supervisors allow. */
const SHUTDOWN_LIMIT_MS = 4_000;

/**
 * Stops in order: no new connections; event streams end (they would hold their connections open
 * forever); requests in flight finish, their answers committed and acknowledged; the pending write
 * batch is committed; the database is closed. An answer still unacknowledged at the limit was never
 * committed, so exiting then loses nothing that was promised.
 */
async function shutDown(): Promise<void> {
  const httpServer = server as Server;
  const deadline = setTimeout(() => {
    console.warn('shutdown took too long: exiting with connections still open');
    httpServer.closeAllConnections();
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  deadline.unref();
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  services.events.emit('shutdown');
  // A keep-alive connection whose request (or ended stream) has finished would otherwise hold
  // close() open until the client hangs up.
  const sweep = setInterval(() => httpServer.closeIdleConnections(), 50);
  httpServer.closeIdleConnections();
  await closed;
  clearInterval(sweep);
  await services.writes.drain();
  await closeSearchPool();
  await closeQueryEngines();
  db.$client.close();
  clearTimeout(deadline);
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutDown());
