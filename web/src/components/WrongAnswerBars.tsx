import { For } from 'solid-js';
import { count, t } from '../i18n/messages.ts';
import type { TaskAnalytics } from '../lib/api.ts';

/**
 * The wrong answers given most often to a task as horizontal bars. It is a table with the numbers
 * written out; the bars only draw them, so screen readers read the same thing the eye sees.
 */
export function WrongAnswerBars(props: { task: TaskAnalytics; id: string }) {
  const most = () => Math.max(1, ...props.task.wrongAnswers.map((answer) => answer.count));
  return (
    <table class="bars" aria-labelledby={props.id}>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">{t('analytics.wrongAnswer')}</th>
          <th scope="col">{t('analytics.wrongCount')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.task.wrongAnswers}>
          {(answer) => (
            <tr>
              <th scope="row" class="bar-label">
                <code>{answer.answer}</code>
              </th>
              <td class="bar-cell">
                <span class="bar" style={{ width: `${(answer.count / most()) * 100}%` }} aria-hidden="true" />
                <span class="bar-value">
                  {t('analytics.wrongTimes', {
                    times: count('times', answer.count),
                    trainees: count('trainees', answer.trainees),
                  })}
                </span>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
