/** The reference for the benchmarks: a bare Hono route returning a constant JSON body, nothing else. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/bare', (c) => c.json({ ok: true, service: 'casebench-bench' }));
const port = Number(process.env.PORT ?? 0);
serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => console.log(`bare route listening on ${info.port}`));
