/**
 * The references for the benchmarks: a bare Hono route returning a constant JSON body, nothing else
 * (the reference), and for scale a bare POST that reads a small JSON body and answers with it,
 * the HTTP and body-parsing work that any answer costs before Casebench does anything.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono()
  .get('/bare', (c) => c.json({ ok: true, service: 'casebench-bench' }))
  .post('/bare/:lab/:task', async (c) => c.json({ received: await c.req.json<unknown>() }, 201));
const port = Number(process.env.PORT ?? 0);
serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => console.log(`bare route listening on ${info.port}`));
