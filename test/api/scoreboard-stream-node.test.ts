// A scoreboard stream served by a real Node server goes straight to Node's response (streamToNode), and
// Node's own copies of its headers are dropped once they are sent (forgetSentHeaders). The stream must
// still carry every security header, and keep delivering events afterwards.
import { describe, expect, test } from 'vitest';
import { EventStream } from '../helpers/event-stream.ts';
import { serverFolder, signInDemoTrainees } from '../helpers/demo-servers.ts';
import { ServerProcess } from '../helpers/server-process.ts';

const it = test.extend('folder', serverFolder(['api-lab']));

describe('a scoreboard stream from a real server', () => {
  it('answers with the security headers and the event-stream headers, then sends a solve as it happens', async ({
    folder,
  }) => {
    const server = await ServerProcess.start(folder.options('stream.db'));
    try {
      const [watcher, solver] = await signInDemoTrainees(server);
      const boards = await watcher!.json<{ cohorts: { id: number }[] }>('GET', '/api/scoreboard');
      const cohortId = boards.body.cohorts[0]!.id;
      const response = await fetch(`${watcher!.baseUrl}/api/scoreboard/${cohortId}/stream`, {
        headers: { cookie: watcher!.cookie },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.has('x-hono-already-sent')).toBe(false);
      const stream = await EventStream.open(response);
      await stream.started();

      const answered = await solver!.json('POST', '/api/labs/api-lab/tasks/attacker-ip/submissions', {
        answer: '203.0.113.77',
      });
      expect(answered.status).toBe(201);
      const event = await stream.next();
      expect(event.type).toBe('scores');
      const { board } = JSON.parse(event.data) as { board: { rows: { points: number; me: boolean }[] } };
      // The solver's 10 points, on the watcher's board (pseudonyms: the solver is not named).
      expect(board.rows.filter((row) => row.points > 0)).toEqual([expect.objectContaining({ points: 10, me: false })]);
      await stream.cancel();
    } finally {
      await server.dispose();
    }
  }, 60_000);
});
