import { For, Show } from 'solid-js';
import { count, t } from '../i18n/messages.ts';
import type { CohortAnalytics, TaskAnalytics } from '../lib/api.ts';
import { DataTable, type Column } from './DataTable.tsx';
import { WrongAnswerBars } from './WrongAnswerBars.tsx';

type LabAnalytics = CohortAnalytics['labs'][number];

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const percent = (value: number | null) => (value === null ? '—' : percentFormat.format(value));

/** Per task of one lab: solve rate, median attempts, hint use, and the most frequent wrong answers. */
export function TaskAnalyticsTable(props: { lab: LabAnalytics; members: number }) {
  const withWrongAnswers = () => props.lab.tasks.filter((task) => task.wrongAnswers.length > 0);
  const columns: Column<TaskAnalytics>[] = [
    {
      header: t('analytics.task'),
      rowHeader: true,
      cell: (task) => (
        <>
          {task.title}
          <span class="muted small block">{t('analytics.kindPoints', { kind: task.kind, points: task.points })}</span>
        </>
      ),
    },
    {
      header: t('analytics.attempted'),
      numeric: true,
      cell: (task) => t('analytics.ofMembers', { count: task.attemptedBy, members: props.members }),
    },
    { header: t('analytics.solved'), numeric: true, cell: (task) => task.solvedBy },
    {
      header: t('analytics.solveRate'),
      numeric: true,
      cell: (task) => (
        <>
          {percent(task.solveRate.ofAttempted)}
          <span class="muted small block">
            {t('analytics.ofAllMembers', { rate: percent(task.solveRate.ofMembers) })}
          </span>
        </>
      ),
    },
    { header: t('analytics.medianAttempts'), numeric: true, cell: (task) => task.medianAttemptsToSolve ?? '—' },
    {
      header: t('analytics.hints'),
      numeric: true,
      cell: (task) =>
        task.hints.available === 0
          ? t('analytics.noHints')
          : t('analytics.hintUse', {
              trainees: count('trainees', task.hints.traineesWithHints),
              unlocks: count('hints', task.hints.unlocks),
            }),
    },
    {
      header: t('analytics.misconceptions'),
      cell: (task) =>
        task.misconceptions.length === 0 ? (
          '—'
        ) : (
          <ul>
            <For each={task.misconceptions}>
              {(misconception) => (
                <li>
                  {t('analytics.misconception', {
                    name: misconception.name,
                    times: count('times', misconception.count),
                    trainees: count('trainees', misconception.trainees),
                  })}
                </li>
              )}
            </For>
          </ul>
        ),
    },
  ];
  return (
    <section class="lab-analytics" aria-labelledby={`analytics-${props.lab.id}`}>
      <h3 id={`analytics-${props.lab.id}`}>{props.lab.title}</h3>
      <DataTable rows={props.lab.tasks} columns={columns} labelId={`analytics-${props.lab.id}`} />
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
