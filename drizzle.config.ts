import { defineConfig } from 'drizzle-kit';

// drizzle-kit generates the committed SQL migrations in server/db/migrations from the schema;
// the server applies them at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
  dbCredentials: { url: process.env.CASEBENCH_DB ?? 'data/casebench.db' },
});
