import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { loadLibrary } from './labs/loader.ts';
import { formatProblem } from './labs/problems.ts';
import { createServices } from './services/create-services.ts';
import { seedDemoActivity, seedEmptyDatabase } from './services/seed.ts';
import { purgeExpiredSessions } from './services/sessions.ts';

// The only module with side effects: read the configuration, open the database, load the labs, serve.
const config = readConfig();
const db = openDatabase(config.databasePath);
const library = await loadLibrary(config.labsDir);
for (const failure of library.failures) {
  console.warn(`lab ${failure.id} was not loaded:`);
  for (const problem of failure.problems) console.warn(`  ${formatProblem(problem)}`);
}
console.log(`loaded ${library.labs.size} labs (${[...library.labs.keys()].join(', ')}) and ${library.courses.size} courses`);

const services = createServices(db, library, config);
const seed = await seedEmptyDatabase(services, config);
if (seed.seeded === 'demo' && config.demoActivity) await seedDemoActivity(services);
purgeExpiredSessions(services);

const app = createApp(services, { trustProxy: config.trustProxy, webDist: fileURLToPath(new URL('../web/dist', import.meta.url)) });
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const url = `http://${config.host}:${info.port}/`;
  if (seed.seeded !== 'none') {
    console.log(seed.seeded === 'demo' ? '\nDemo data seeded. Accounts:' : '\nAdministrator created (shown once, keep it safe):');
    for (const account of seed.accounts) console.log(`  ${account.role.padEnd(10)} ${account.username.padEnd(12)} ${account.password}`);
    if (seed.cohort) console.log(`  cohort "${seed.cohort.name}", join code ${seed.cohort.joinCode}`);
    console.log('');
  }
  console.log(`Casebench listening on ${url}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    server.close(() => {
      db.$client.close();
      process.exit(0);
    });
  });
