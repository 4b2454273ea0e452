import { For, Show } from 'solid-js';
import { count, t } from '../i18n/messages.ts';
import type { CohortProgress, ProgressTrainee } from '../lib/api.ts';
import { ScrollingTable } from './DataTable.tsx';
import { ProgressBar } from './ProgressBar.tsx';

type Cell = ProgressTrainee['cells'][number];

function cellState(cell: Cell): 'completed' | 'started' | 'not-started' {
  if (cell.completed) return 'completed';
  return cell.started ? 'started' : 'not-started';
}

/** Trainees by assigned labs: each cell with completion, points and time spent; choosing a trainee opens their submissions. */
export function ProgressMatrix(props: {
  progress: CohortProgress;
  selected?: number;
  onOpenTrainee: (trainee: ProgressTrainee) => void;
}) {
  const titleOf = (labId: string) => props.progress.labs.find((lab) => lab.id === labId)?.title ?? labId;
  return (
    <ScrollingTable
      shown={props.progress.trainees.length > 0 && props.progress.labs.length > 0}
      fallback={t('progress.empty')}
      labelId="progress-caption"
      tableClass="data-table matrix"
      testId="progress-matrix"
    >
      <caption id="progress-caption">
        {t('progress.caption', {
          trainees: count('trainees', props.progress.trainees.length),
          labs: count('labs', props.progress.labs.length),
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('progress.trainee')}</th>
          <th scope="col" class="number">
            {t('progress.total')}
          </th>
          <For each={props.progress.labs}>
            {(lab) => (
              <th scope="col" class="lab-column">
                {lab.title}
                <span class="muted small block">
                  {t('progress.labMax', { points: lab.maxPoints, tasks: lab.tasksTotal })}
                </span>
              </th>
            )}
          </For>
        </tr>
      </thead>
      <tbody>
        <For each={props.progress.trainees}>
          {(trainee) => (
            <tr classList={{ selected: props.selected === trainee.id }}>
              <th scope="row">
                <button
                  type="button"
                  class="link-button"
                  aria-pressed={props.selected === trainee.id}
                  onClick={() => props.onOpenTrainee(trainee)}
                >
                  {trainee.displayName}
                </button>
                <span class="muted small block">{trainee.username}</span>
              </th>
              <td class="number">{trainee.points}</td>
              <For each={trainee.cells}>
                {(cell) => (
                  <td class={`cell ${cellState(cell)}`}>
                    <span class="cell-state">{t(`progress.state.${cellState(cell)}`)}</span>
                    <ProgressBar
                      value={cell.tasksSettled}
                      max={cell.tasksTotal}
                      label={t('progress.cellLabel', { name: trainee.displayName, lab: titleOf(cell.labId) })}
                    />
                    <span class="small block">
                      {t('progress.tasks', { settled: cell.tasksSettled, total: cell.tasksTotal })}
                    </span>
                    <span class="small block">
                      {t('progress.points', { points: cell.points, max: cell.maxPoints })}
                    </span>
                    <Show when={cell.minutesSpent !== null}>
                      <span class="small block muted">{t('progress.minutes', { minutes: cell.minutesSpent! })}</span>
                    </Show>
                  </td>
                )}
              </For>
            </tr>
          )}
        </For>
      </tbody>
    </ScrollingTable>
  );
}
