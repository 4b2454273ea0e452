import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { TraineeHistory } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

/** A submitted answer as text: a string as it is, a list joined, a mapping as "item → label" pairs. */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer.map(String).join(', ');
  if (answer && typeof answer === 'object') return Object.entries(answer).map(([key, value]) => `${key} → ${String(value)}`).join('; ');
  return JSON.stringify(answer);
}

/** One trainee's submissions in a cohort, newest first, with verdicts, points and reviews. */
export function SubmissionHistory(props: { history: TraineeHistory }) {
  return (
    <Show when={props.history.submissions.length > 0} fallback={<p>{t('history.empty')}</p>}>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="history-caption">
        <table class="data-table" data-testid="submission-history">
          <caption id="history-caption" class="visually-hidden">
            {t('history.title', { name: props.history.trainee.displayName })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('history.at')}</th>
              <th scope="col">{t('history.lab')}</th>
              <th scope="col">{t('history.task')}</th>
              <th scope="col">{t('history.answer')}</th>
              <th scope="col">{t('history.verdict')}</th>
              <th scope="col" class="number">
                {t('history.points')}
              </th>
              <th scope="col">{t('history.review')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.history.submissions}>
              {(submission) => (
                <tr>
                  <td>{formatDateTime(submission.createdAt)}</td>
                  <td>{submission.labTitle ?? submission.labId}</td>
                  <td>{submission.taskTitle ?? submission.taskId}</td>
                  <td class="answer-cell">
                    <code>{answerText(submission.answer)}</code>
                  </td>
                  <td>
                    <span class={`verdict-tag ${submission.verdict}`}>{t(`history.verdict.${submission.verdict}`)}</span>
                    <Show when={!submission.countsAsAttempt}>
                      <span class="muted small block">{t('history.notCounted')}</span>
                    </Show>
                  </td>
                  <td class="number">{submission.pointsAwarded}</td>
                  <td>
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
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
