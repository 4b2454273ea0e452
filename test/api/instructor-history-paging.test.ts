import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_PREVIEW_CHARS, HISTORY_PAGE_DEFAULT } from '../../server/services/cohorts/cohort-submissions.ts';
import {
  createInstructorWorld,
  disposeWorld,
  insertRefusedAnswers,
  type ErrorBody,
  type InstructorWorld,
} from './instructor-fixture.ts';

/** 120 refused answers of anna's, one of them a megabyte long, as an oversized-answer flood leaves them. */
const COUNT = 120;
const HUGE = `"${'A'.repeat(1_000_000)}"`;
const HUGE_INDEX = 60;

interface HistoryPage {
  nextCursor: number | null;
  submissions: { id: number; answer: unknown; answerTruncated: boolean }[];
}

let world: InstructorWorld;

beforeAll(async () => {
  world = await createInstructorWorld(['anna']);
  insertRefusedAnswers(
    world,
    'anna',
    Array.from({ length: COUNT }, (_, index) => (index === HUGE_INDEX ? HUGE : JSON.stringify(`192.0.2.${index}`))),
  );
});
afterAll(() => disposeWorld(world));

/** Follows a list page by page from its first page; returns every page. */
async function allPages(path: string): Promise<{ pages: HistoryPage[]; texts: string[] }> {
  const pages: HistoryPage[] = [];
  const texts: string[] = [];
  let cursor: number | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: { status: number; body: HistoryPage; text: string } = await world.inesAgent.json<HistoryPage>(
      'GET',
      cursor === null ? path : `${path}${separator}before=${cursor}`,
    );
    expect(response.status, response.text.slice(0, 200)).toBe(200);
    pages.push(response.body);
    texts.push(response.text);
    cursor = response.body.nextCursor;
  } while (cursor !== null && pages.length < 20);
  return { pages, texts };
}

describe.each([
  [
    "a trainee's history",
    () => `/api/instructor/cohorts/${world.cohortId}/trainees/${world.trainees.anna!.id}/submissions`,
  ],
  ["the cohort's submissions", () => `/api/cohorts/${world.cohortId}/submissions`],
])('%s', (_name, path) => {
  it('comes a bounded page at a time, newest first, and the pages together hold every answer once', async () => {
    const { pages } = await allPages(path());
    expect(pages[0]!.submissions).toHaveLength(HISTORY_PAGE_DEFAULT);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const ids = pages.flatMap((page) => page.submissions.map((submission) => submission.id));
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('shows an oversized answer only as a bounded prefix, marked as cut', async () => {
    const { pages, texts } = await allPages(path());
    for (const text of texts) expect(text.length).toBeLessThan(HISTORY_PAGE_DEFAULT * (ANSWER_PREVIEW_CHARS + 2_000));
    const huge = pages
      .flatMap((page) => page.submissions)
      .find((submission) => String(submission.answer).includes('AAAA'))!;
    expect(huge.answerTruncated).toBe(true);
    expect(String(huge.answer).length).toBeLessThanOrEqual(ANSWER_PREVIEW_CHARS);
    const ordinary = pages[0]!.submissions[0]!;
    expect(ordinary).toMatchObject({ answer: `192.0.2.${COUNT - 1}`, answerTruncated: false });
  });

  it('takes a smaller page on request and refuses a page larger than the bound', async () => {
    const small = await world.inesAgent.json<HistoryPage>('GET', `${path()}?limit=7`);
    expect(small.body.submissions).toHaveLength(7);
    const next = await world.inesAgent.json<HistoryPage>('GET', `${path()}?limit=7&before=${small.body.nextCursor}`);
    expect(next.body.submissions[0]!.id).toBeLessThan(small.body.submissions.at(-1)!.id);
    const refused = await world.inesAgent.json<ErrorBody>('GET', `${path()}?limit=5000`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('limit');
  });
});
