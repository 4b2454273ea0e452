// Issue 11, items 4 and 5: what an answer or a join may weigh, how deep a body may nest, and how
// little of a refused answer is kept.
import { describe, expect } from 'vitest';
import type { ErrorBody } from '../../server/errors.ts';
import { MAX_ANSWER_BYTES, MAX_STORED_REFUSED_CHARS } from '../../server/services/trainee/submit-answer.ts';
import { unthrottledTest } from '../helpers/fixtures.ts';

// These tests send many answers to one task; the per-task rate limit (lifted here) is not what they test.
const it = unthrottledTest;

const answerPath = '/api/labs/api-lab/tasks/attacker-ip/submissions';

describe('answer size (item 5)', () => {
  it('refuses an answer over MAX_ANSWER_BYTES with a 413 naming the limit, storing nothing', async ({
    harness,
    trainee,
  }) => {
    const before = harness.count('submissions');
    // 500 lines of 1,000 characters: about 500 KB, under the old 1 MB body limit and within the
    // answer schema, but over the 200,000 bytes an answer may have.
    const answer = Array.from({ length: 500 }, (_, index) => `${index}`.padEnd(1000, 'x'));
    const response = await trainee.json<ErrorBody>('POST', answerPath, { answer });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(response.body.error.message).toContain(String(MAX_ANSWER_BYTES));
    expect(harness.count('submissions')).toBe(before);
  });

  it('refuses an answer within the character count of the schema whose UTF-8 bytes pass the limit', async ({
    trainee,
  }) => {
    // 80,000 three-byte characters: 240,000 bytes, within the schema's 100,000 characters.
    const answer = '€'.repeat(80_000);
    const response = await trainee.json<ErrorBody>('POST', answerPath, { answer });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('stores only a bounded prefix of a refused answer, and still as JSON', async ({ harness, trainee }) => {
    // A list where one address is expected: refused as malformed (no attempt), and stored for the instructor.
    const answer = ['not an address', ...Array.from({ length: 15 }, () => 'y'.repeat(10_000))];
    const response = await trainee.json<ErrorBody>('POST', answerPath, { answer });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('invalid_answer');
    const row = harness.db.$client
      .prepare("select raw_answer as raw from submissions where verdict = 'invalid' order by id desc limit 1")
      .get() as { raw: string };
    expect(row.raw.length).toBeLessThan(MAX_STORED_REFUSED_CHARS + 200);
    const stored = JSON.parse(row.raw) as string;
    expect(stored.startsWith('["not an address","yyy')).toBe(true);
  });

  it('grows the database by little for a hundred refused answers of 150 KB', async ({ harness, trainee }) => {
    const before = harness.db.$client
      .prepare("select coalesce(sum(length(raw_answer)), 0) as bytes from submissions where verdict = 'invalid'")
      .get() as { bytes: number };
    const answer = Array.from({ length: 15 }, () => 'z'.repeat(10_000));
    for (let index = 0; index < 100; index++)
      expect((await trainee.json('POST', answerPath, { answer })).status).toBe(422);
    const after = harness.db.$client
      .prepare("select coalesce(sum(length(raw_answer)), 0) as bytes from submissions where verdict = 'invalid'")
      .get() as { bytes: number };
    expect(after.bytes - before.bytes).toBeLessThan(100 * (MAX_STORED_REFUSED_CHARS + 200));
  }, 120_000);

  it('keeps a short refused answer whole', async ({ harness, trainee }) => {
    const response = await trainee.json<ErrorBody>('POST', answerPath, { answer: 'nowhere' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('invalid_answer');
    const row = harness.db.$client
      .prepare("select raw_answer as raw from submissions where verdict = 'invalid' order by id desc limit 1")
      .get() as { raw: string };
    expect(JSON.parse(row.raw)).toBe('nowhere');
  });
});

describe('body limits per route (item 4)', () => {
  it('refuses a cohort join body of more than 1 KB before parsing it', async ({ trainee }) => {
    const response = await trainee.json<ErrorBody>('POST', '/api/cohorts/join', {
      code: 'ABCD',
      padding: 'p'.repeat(4000),
    });
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/join/u) });
  });

  it('refuses a body of other routes over 64 KB', async ({ trainee }) => {
    const response = await trainee.json<ErrorBody>('POST', '/api/cohorts', { name: 'n'.repeat(70_000) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('still takes notes of 200,000 characters', async ({ trainee }) => {
    const response = await trainee.json('PUT', '/api/labs/api-lab/notes', {
      body: 'é'.repeat(200_000),
      baseRevision: 0,
    });
    expect(response.status).toBe(200);
  });

  it('refuses an answer nested deeper than the limit with a 400 before parsing it, storing nothing', async ({
    harness,
    trainee,
  }) => {
    const before = harness.count('submissions');
    const depth = 50_000;
    const body = `{"answer":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const response = await trainee.request(answerPath, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/nests deeper/u),
    });
    expect(harness.count('submissions')).toBe(before);
  });

  it('does not count brackets inside strings as nesting', async ({ trainee }) => {
    const response = await trainee.json<{ submission: { verdict: string } }>(
      'POST',
      '/api/labs/api-lab/tasks/summary/submissions',
      { answer: `[[[[${'['.repeat(100)}"\\]]` },
    );
    expect(response.status).toBe(201);
  });
});
