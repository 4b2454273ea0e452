import { describe, expect, test } from 'vitest';
import { ANSWER_PREVIEW_CHARS, HISTORY_PAGE_DEFAULT } from '../../server/services/cohorts/cohort-submissions.ts';
import { type Read, read } from '../helpers/read.ts';
import { insertRefusedAnswers, instructorWorld, type InstructorWorld } from './instructor-fixture.ts';

/** 120 refused answers of anna's, one of them a megabyte long, as an oversized-answer flood leaves them. */
const COUNT = 120;
const HUGE = `"${'A'.repeat(1_000_000)}"`;
const HUGE_INDEX = 60;

/** The tests only read, so the file shares one world. */
const it = test.extend(
  'world',
  { scope: 'file' },
  instructorWorld(['anna'], {
    setUp: (world) =>
      insertRefusedAnswers(
        world,
        'anna',
        Array.from({ length: COUNT }, (_, index) => (index === HUGE_INDEX ? HUGE : JSON.stringify(`192.0.2.${index}`))),
      ),
  }),
);

type PageQuery = { limit?: string; before?: string };
/** What both paged histories hold. */
interface HistoryPage {
  nextCursor: number | null;
  submissions: { id: number; answer: unknown; answerTruncated: boolean }[];
}
type History = (world: InstructorWorld, query: PageQuery) => Promise<Read<HistoryPage>>;

const traineeHistory: History = (world, query) =>
  read(
    world.inesAgent.api.instructor.cohorts[':cohortId'].trainees[':userId'].submissions.$get({
      param: { cohortId: String(world.cohortId), userId: String(world.trainees.anna!.id) },
      query,
    }),
  );

const cohortSubmissions: History = (world, query) =>
  read(
    world.inesAgent.api.cohorts[':cohortId'].submissions.$get({ param: { cohortId: String(world.cohortId) }, query }),
  );

/** Follows a history page by page from its first page; returns every page and its text. */
async function allPages(world: InstructorWorld, history: History): Promise<{ pages: HistoryPage[]; texts: string[] }> {
  const pages: HistoryPage[] = [];
  const texts: string[] = [];
  let cursor: number | null = null;
  do {
    const response: Read<HistoryPage> = await history(world, cursor === null ? {} : { before: String(cursor) });
    expect(response.status, response.text.slice(0, 200)).toBe(200);
    pages.push(response.body);
    texts.push(response.text);
    cursor = response.body.nextCursor;
  } while (cursor !== null && pages.length < 20);
  return { pages, texts };
}

describe.for<[string, History]>([
  ["a trainee's history", traineeHistory],
  ["the cohort's submissions", cohortSubmissions],
])('%s', ([_name, history]) => {
  it('comes a bounded page at a time, newest first, and the pages together hold every answer once', async ({
    world,
  }) => {
    const { pages } = await allPages(world, history);
    expect(pages[0]!.submissions).toHaveLength(HISTORY_PAGE_DEFAULT);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const ids = pages.flatMap((page) => page.submissions.map((submission) => submission.id));
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('shows an oversized answer only as a bounded prefix, marked as cut', async ({ world }) => {
    const { pages, texts } = await allPages(world, history);
    for (const text of texts) expect(text.length).toBeLessThan(HISTORY_PAGE_DEFAULT * (ANSWER_PREVIEW_CHARS + 2_000));
    const huge = pages
      .flatMap((page) => page.submissions)
      .find((submission) => String(submission.answer).includes('AAAA'))!;
    expect(huge.answerTruncated).toBe(true);
    expect(String(huge.answer).length).toBeLessThanOrEqual(ANSWER_PREVIEW_CHARS);
    const ordinary = pages[0]!.submissions[0]!;
    expect(ordinary).toMatchObject({ answer: `192.0.2.${COUNT - 1}`, answerTruncated: false });
  });

  it('takes a smaller page on request and refuses a page larger than the bound', async ({ world }) => {
    const small = await history(world, { limit: '7' });
    expect(small.body.submissions).toHaveLength(7);
    const next = await history(world, { limit: '7', before: String(small.body.nextCursor) });
    expect(next.body.submissions[0]!.id).toBeLessThan(small.body.submissions.at(-1)!.id);
    const refused = await history(world, { limit: '5000' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ error: { field: 'limit' } });
  });
});
