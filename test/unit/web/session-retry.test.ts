import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, client, read, sessionWatch } from '../../../web/src/lib/api.ts';

/** Answers the client's requests in turn from a list, recording what was sent. */
function serverAnswering(...statuses: number[]) {
  const sent: { url: string; method: string; body: unknown; contentType: string | null }[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      body: init?.body,
      contentType: new Headers(init?.headers).get('content-type'),
    });
    const status = statuses.shift() ?? 500;
    const body =
      status === 200
        ? { notes: { revision: 4, updatedAt: null } }
        : { error: { code: status === 401 ? 'unauthenticated' : 'internal', message: 'sign in first' } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return sent;
}

const saveNotes = () =>
  read(client.labs[':labId'].notes.$put({ param: { labId: 'lab-a' }, json: { body: 'my notes', baseRevision: 3 } }));

beforeEach(() => sessionWatch.signedIn(7));
afterEach(() => {
  sessionWatch.resume(false);
  sessionWatch.signedIn(null);
  vi.unstubAllGlobals();
});

describe('a request answered 401 while someone is signed in', () => {
  it('waits for the person to sign in again, then is sent again with the same body and answers its caller', async () => {
    const sent = serverAnswering(401, 200);
    const ended = vi.fn();
    const stop = sessionWatch.onEnded(ended);
    const saving = saveNotes();
    await vi.waitFor(() => expect(ended).toHaveBeenCalledTimes(1));
    expect(sessionWatch.hasEnded()).toBe(true);
    sessionWatch.resume(true);
    await expect(saving).resolves.toEqual({ notes: { revision: 4, updatedAt: null } });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1]!.body).toBe(JSON.stringify({ body: 'my notes', baseRevision: 3 }));
    expect(sent[1]!.contentType).toBe('application/json');
    stop();
  });

  it('reports the end once however many requests find it, and sends each again', async () => {
    const sent = serverAnswering(401, 401, 200, 200);
    const ended = vi.fn();
    const stop = sessionWatch.onEnded(ended);
    const both = Promise.all([saveNotes(), saveNotes()]);
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    await Promise.resolve();
    expect(ended).toHaveBeenCalledTimes(1);
    sessionWatch.resume(true);
    await expect(both).resolves.toHaveLength(2);
    expect(sent).toHaveLength(4);
    stop();
  });

  it('gives the caller its 401 when someone else signs in instead', async () => {
    serverAnswering(401);
    const saving = saveNotes();
    await vi.waitFor(() => expect(sessionWatch.hasEnded()).toBe(true));
    sessionWatch.resume(false);
    await expect(saving).rejects.toBeInstanceOf(ApiError);
  });
});

describe('a 401 that is an answer, not an ended session', () => {
  it('is answered at once when nobody is signed in', async () => {
    sessionWatch.signedIn(null);
    serverAnswering(401);
    await expect(saveNotes()).rejects.toMatchObject({ status: 401 });
    expect(sessionWatch.hasEnded()).toBe(false);
  });

  it('is answered at once for sign-in requests (a wrong password)', async () => {
    serverAnswering(401);
    await expect(read(client.auth.login.$post({ json: { username: 'a', password: 'b' } }))).rejects.toMatchObject({
      status: 401,
    });
    expect(sessionWatch.hasEnded()).toBe(false);
  });

  it('is answered at once for a save sent while the page unloads', async () => {
    serverAnswering(401);
    const response = await client.labs[':labId'].notes.$put(
      { param: { labId: 'lab-a' }, json: { body: 'x', baseRevision: 0 } },
      { init: { keepalive: true } },
    );
    expect(response.status).toBe(401);
    expect(sessionWatch.hasEnded()).toBe(false);
  });
});

describe('the CSRF rule of the client', () => {
  it('sends state-changing requests without a body as JSON with an empty object', async () => {
    const sent = serverAnswering(200);
    await client.auth.logout.$post();
    expect(sent[0]).toMatchObject({ method: 'POST', body: '{}', contentType: 'application/json' });
  });
});
