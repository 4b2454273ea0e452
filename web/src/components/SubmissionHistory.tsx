import { Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { TraineeHistory } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import type { LaterPages } from '../lib/later-pages.ts';
import { DataTable, type Column } from './DataTable.tsx';
import { LoadMore } from './LoadMore.tsx';

type Submission = TraineeHistory['submissions'][number];

/** A submitted answer as text: a string as it is, a list joined, a mapping as "item → label" pairs. */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer.map(String).join(', ');
  if (answer && typeof answer === 'object')
    return Object.entries(answer)
      .map(([key, value]) => `${key} → ${String(value)}`)
      .join('; ');
  return JSON.stringify(answer);
}

/**
 * One trainee's submissions in a cohort, newest first, with verdicts, points and reviews. The server
 * sends a page at a time: `history` is the first page and `older` the pages loaded since, and
 * "Load older submissions" asks for the next one while there is one.
 */
export function SubmissionHistory(props: { history: TraineeHistory; older: LaterPages<number, TraineeHistory> }) {
  const rows = () => [props.history, ...props.older.later()].flatMap((page) => page.submissions);
  const columns: Column<Submission>[] = [
    { header: t('history.at'), cell: (submission) => formatDateTime(submission.createdAt) },
    { header: t('history.lab'), cell: (submission) => submission.labTitle ?? submission.labId },
    { header: t('history.task'), cell: (submission) => submission.taskTitle ?? submission.taskId },
    {
      header: t('history.answer'),
      cellClass: 'answer-cell',
      cell: (submission) => (
        <>
          {/* A long answer arrives cut to its beginning, as text: it is shown as such, never reassembled. */}
          <code>{submission.answerTruncated ? `${String(submission.answer)}…` : answerText(submission.answer)}</code>
          <Show when={submission.answerTruncated}>
            <span class="muted small block">{t('history.truncated')}</span>
          </Show>
        </>
      ),
    },
    {
      header: t('history.verdict'),
      cell: (submission) => (
        <>
          <span class={`verdict-tag ${submission.verdict}`}>{t(`history.verdict.${submission.verdict}`)}</span>
          <Show when={!submission.countsAsAttempt}>
            <span class="muted small block">{t('history.notCounted')}</span>
          </Show>
        </>
      ),
    },
    { header: t('history.points'), numeric: true, cell: (submission) => submission.pointsAwarded },
    {
      header: t('history.review'),
      cell: (submission) => (
        <Show when={submission.review} fallback="—">
          {(review) => (
            <>
              {t('history.reviewed', { points: review().points, name: review().reviewer.displayName ?? '' })}
              <Show when={review().comment}>
                <span class="small block comment">{review().comment}</span>
              </Show>
            </>
          )}
        </Show>
      ),
    },
  ];
  return (
    <>
      <DataTable
        rows={rows()}
        columns={columns}
        labelId="history-caption"
        caption={t('history.title', { name: props.history.trainee.displayName })}
        empty={t('history.empty')}
        testId="submission-history"
      />
      <LoadMore
        more={props.older.nextCursor() !== null}
        loading={props.older.loadingMore()}
        error={props.older.loadError()}
        label={t('history.loadMore')}
        loadingLabel={t('history.loadingMore')}
        testId="history-load-more"
        onLoad={() => void props.older.loadMore()}
      />
    </>
  );
}
