import { Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { TraineeHistory } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { DataTable, type Column } from './DataTable.tsx';

type Submission = TraineeHistory['submissions'][number];

/** A submitted answer as text: a string as it is, a list joined, a mapping as "item → label" pairs. */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer.map(String).join(', ');
  if (answer && typeof answer === 'object') return Object.entries(answer).map(([key, value]) => `${key} → ${String(value)}`).join('; ');
  return JSON.stringify(answer);
}

/** One trainee's submissions in a cohort, newest first, with verdicts, points and reviews. */
export function SubmissionHistory(props: { history: TraineeHistory }) {
  const columns: Column<Submission>[] = [
    { header: t('history.at'), cell: (submission) => formatDateTime(submission.createdAt) },
    { header: t('history.lab'), cell: (submission) => submission.labTitle ?? submission.labId },
    { header: t('history.task'), cell: (submission) => submission.taskTitle ?? submission.taskId },
    { header: t('history.answer'), cellClass: 'answer-cell', cell: (submission) => <code>{answerText(submission.answer)}</code> },
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
    <DataTable
      rows={props.history.submissions}
      columns={columns}
      labelId="history-caption"
      caption={t('history.title', { name: props.history.trainee.displayName })}
      empty={t('history.empty')}
      testId="submission-history"
    />
  );
}
