import { For, Show } from 'solid-js';
import { count, t } from '../i18n/messages.ts';
import type { CohortAnalytics } from '../lib/api.ts';
import { WrongAnswerBars } from './WrongAnswerBars.tsx';

type LabAnalytics = CohortAnalytics['labs'][number];

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const percent = (value: number | null) => (value === null ? '—' : percentFormat.format(value));

/** Per task of one lab: solve rate, median attempts, hint use, and the most frequent wrong answers. */
export function TaskAnalyticsTable(props: { lab: LabAnalytics; members: number }) {
  const withWrongAnswers = () => props.lab.tasks.filter((task) => task.wrongAnswers.length > 0);
  return (
    <section class="lab-analytics" aria-labelledby={`analytics-${props.lab.id}`}>
      <h3 id={`analytics-${props.lab.id}`}>{props.lab.title}</h3>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby={`analytics-${props.lab.id}`}>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t('analytics.task')}</th>
              <th scope="col" class="number">
                {t('analytics.attempted')}
              </th>
              <th scope="col" class="number">
                {t('analytics.solved')}
              </th>
              <th scope="col" class="number">
                {t('analytics.solveRate')}
              </th>
              <th scope="col" class="number">
                {t('analytics.medianAttempts')}
              </th>
              <th scope="col" class="number">
                {t('analytics.hints')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.lab.tasks}>
              {(task) => (
                <tr>
                  <th scope="row">
                    {task.title}
                    <span class="muted small block">{t('analytics.kindPoints', { kind: task.kind, points: task.points })}</span>
                  </th>
                  <td class="number">{t('analytics.ofMembers', { count: task.attemptedBy, members: props.members })}</td>
                  <td class="number">{task.solvedBy}</td>
                  <td class="number">
                    {percent(task.solveRate.ofAttempted)}
                    <span class="muted small block">{t('analytics.ofAllMembers', { rate: percent(task.solveRate.ofMembers) })}</span>
                  </td>
                  <td class="number">{task.medianAttemptsToSolve ?? '—'}</td>
                  <td class="number">
                    {task.hints.available === 0 ? t('analytics.noHints') : t('analytics.hintUse', { trainees: count('trainees', task.hints.traineesWithHints), unlocks: count('hints', task.hints.unlocks) })}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={withWrongAnswers().length > 0}>
        <h4>{t('analytics.wrongAnswers')}</h4>
        <For each={withWrongAnswers()}>
          {(task) => (
            <figure class="wrong-answers">
              <figcaption id={`wrong-${props.lab.id}-${task.id}`}>{task.title}</figcaption>
              <WrongAnswerBars task={task} id={`wrong-${props.lab.id}-${task.id}`} />
            </figure>
          )}
        </For>
      </Show>
    </section>
  );
}
