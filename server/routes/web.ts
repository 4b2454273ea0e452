import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Hono } from 'hono';

/** A page URL of the single-page app: no file extension, not an API or asset path. */
const PAGE_PATH = /^\/(?!api\/|assets\/)[^.]*$/u;

/**
 * Serves the built front end from web/dist: hashed assets with their .br/.gz copies and a year of
 * caching, and index.html for page URLs only, so a missing script or an unknown API path is a 404
 * instead of an HTML page.
 */
export function webRoutes(distDir: string) {
  const app = new Hono();
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    return app.get('/', (c) =>
      c.text('The front end is not built: run `npm run build` (npm start does it when needed).', 503),
    );
  }
  const root = relative(process.cwd(), distDir) || '.';
  const indexHtml = readFileSync(indexFile, 'utf8');
  return app
    .use(
      '/assets/*',
      async (c, next) => {
        await next();
        if (c.res.status === 200) c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
      },
      serveStatic({ root, precompressed: true }),
    )
    .get('/assets/*', (c) => c.json({ error: { code: 'not_found', message: 'There is no such file.' } }, 404))
    .get('*', (c) => {
      if (!PAGE_PATH.test(c.req.path)) return c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
      return c.html(indexHtml, 200, { 'cache-control': 'no-cache' });
    });
}
