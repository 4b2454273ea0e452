// Evidence search as an attack surface: trainee-supplied patterns run on a linear-time engine off
// the main thread, one search at a time per trainee and a bounded number per minute.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import type { SearchResult } from '../../server/evidence/search.ts';
import { SEARCHES_PER_MINUTE } from '../../server/routes/evidence-text.ts';
import { sharedApiTestOver } from '../helpers/fixtures.ts';
import type { Agent } from '../helpers/harness.ts';
import { addApiTestLab } from '../helpers/lab-fixtures.ts';
import { FILLER_LINES, MATCHING_LINE, pathologicalLog, replaceEvidence } from './evidence-search.fixture.ts';

const search = (agent: Agent, query: string) =>
  agent.json<SearchResult & ErrorBody>(
    'GET',
    `/api/labs/api-lab/evidence/auth-log/search?regex=1&q=${encodeURIComponent(query)}`,
  );

/**
 * One app for the file over api-lab with a pathological log; Tomas, Amira and Lena in its cohort
 * (`agents`, in that order). Lena searches once first, which starts the search worker, so that the
 * tests below see searches, not the thread starting.
 */
const it = sharedApiTestOver(async (fixture) => {
  await addApiTestLab(fixture);
  await replaceEvidence(fixture, 'api-lab', pathologicalLog);
})
  .extend('others', { scope: 'file' }, ({ harness }) =>
    Promise.all(['amira', 'lena'].map((name) => harness.user(name))),
  )
  .extend('cohort', { scope: 'file' }, ({ harness, ines, tomas, others }) =>
    harness.cohort(ines, [tomas, ...others], ['api-lab']),
  )
  .extend('agents', { scope: 'file' }, async ({ harness, trainee, others }) => [
    trainee,
    ...(await Promise.all(others.map((other) => harness.signIn(other)))),
  ])
  .extend('warm', { scope: 'file', auto: true }, async ({ agents }) => {
    expect((await search(agents[2]!, 'warm')).status).toBe(200);
  });

describe('evidence search with a pathological pattern', () => {
  it('runs (.|.)*QQQ over the whole file and finds the one matching line, instead of stopping at the time limit', async ({
    agents,
  }) => {
    const response = await search(agents[0]!, '(.|.)*QQQ');
    expect(response.status).toBe(200);
    const matchingLine = 4 + FILLER_LINES + 1;
    // The work done, not the time taken: the backtracking engine stopped at its one-second budget with
    // nothing found (truncated, stoppedBy 'time'); this search read every line of the file and found
    // the one that matches. A search stuck in one line would be answered with an error at the pool's
    // hard deadline.
    expect(response.body).toMatchObject({ truncated: false, totalLines: 4 + 2 * FILLER_LINES + 1 });
    expect(response.body.stoppedBy).toBeUndefined();
    expect(response.body.matches.map(({ line, column, length }) => ({ line, column, length }))).toEqual([
      { line: matchingLine, column: 1, length: MATCHING_LINE.indexOf('QQQ') + 3 },
    ]);
  });

  it('runs a pattern with no text to look for, (a|a)*$, over every line to the end', async ({ agents }) => {
    const response = await search(agents[0]!, '(a|a)*$');
    expect(response.status).toBe(200);
    // Every line matches (at its end at the latest); one page of results.
    expect(response.body).toMatchObject({ truncated: true, stoppedBy: 'limit', nextLine: 201 });
    expect(response.body.matches[4]).toMatchObject({ line: 5, column: 1, length: 99 });
  });

  it('refuses a lookbehind with 400 and says that the engine cannot run it', async ({ agents }) => {
    const response = await search(agents[0]!, '(?<=user )admin');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'bad_request',
      field: 'query',
      message: expect.stringMatching(/lookbehind .*linear-time regular expression engine \(RE2\) cannot run/u),
    });
  });
});

describe('search limits per trainee', () => {
  it('answers a second search by the same trainee while the first runs with 429, and lets another trainee search meanwhile', async ({
    agents,
  }) => {
    // A pattern with no literal to prefilter on reads every line on the worker, so the first search is still running.
    const [first, second, other] = await Promise.all([
      search(agents[1]!, '[0-9]+x'),
      search(agents[1]!, 'QQQ'),
      search(agents[0]!, 'QQQ'),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/A search of yours is already running/u),
    });
    expect(other.status).toBe(200);
    // Once the first has answered, the trainee may search again.
    expect((await search(agents[1]!, 'QQQ')).status).toBe(200);
  });

  it(`allows ${SEARCHES_PER_MINUTE} searches a minute per trainee, then answers 429 until the minute has passed`, async ({
    harness,
    agents,
  }) => {
    const agent = agents[2]!;
    // The warm-up (the `warm` fixture) was this trainee's first search.
    for (let i = 1; i < SEARCHES_PER_MINUTE; i++)
      expect((await search(agent, 'QQQ')).status, `search ${i + 1}`).toBe(200);
    const refused = await search(agent, 'QQQ');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/Too many searches in a minute: try again in \d+ seconds\./u),
    });
    // Other trainees are not affected.
    expect((await search(agents[0]!, 'QQQ')).status).toBe(200);
    harness.advance(60_000);
    expect((await search(agent, 'QQQ')).status).toBe(200);
  });
});
