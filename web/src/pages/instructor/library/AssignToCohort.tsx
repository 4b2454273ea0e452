import { A } from '@solidjs/router';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortSummary } from '../../../lib/api.ts';

/** A lab or a whole course to assign, as the assignment route takes it, with the title people see. */
export interface AssignTarget {
  title: string;
  labId?: string;
  courseId?: string;
}

/**
 * "Assign to cohort…" on a library card: the instructor chooses one of their cohorts by name, and
 * the lab (or every lab of the course) is assigned through the cohort's assignment route, open at
 * once and never closing; the window can be set afterwards on the cohort's page.
 */
export function AssignToCohort(props: { target: AssignTarget; cohorts: CohortSummary[] }) {
  const [open, setOpen] = createSignal(false);
  const { busy, status, run } = createAction();
  const selectId = `assign-cohort-${createUniqueId()}`;
  const active = () => props.cohorts.filter((cohort) => !cohort.archivedAt);

  const assign = async (event: SubmitEvent) => {
    event.preventDefault();
    const cohortId = String(new FormData(event.currentTarget as HTMLFormElement).get('cohortId') ?? '');
    const cohort = active().find((row) => String(row.id) === cohortId);
    if (!cohort) return;
    const { labId, courseId } = props.target;
    await run(async () => {
      await read(
        client.cohorts[':cohortId'].assignments.$post({
          param: { cohortId },
          json: { ...(labId ? { labId } : { courseId }), opensAt: null, closesAt: null },
        }),
      );
      setOpen(false);
      return t('library.assigned', { title: props.target.title, cohort: cohort.name });
    });
  };

  return (
    <div class="assign-to-cohort">
      <Show
        when={open()}
        fallback={
          <button
            type="button"
            onClick={() => setOpen(true)}
            aria-label={t('library.assignOf', { title: props.target.title })}
          >
            {t('library.assign')}
          </button>
        }
      >
        <Show
          when={active().length > 0}
          fallback={
            <p class="small">
              {t('library.noCohort')} <A href="/instructor">{t('library.createCohort')}</A>
            </p>
          }
        >
          <form class="stack" onSubmit={assign}>
            <label for={selectId}>{t('library.chooseCohort', { title: props.target.title })}</label>
            <select id={selectId} name="cohortId" required>
              <For each={active()}>{(cohort) => <option value={String(cohort.id)}>{cohort.name}</option>}</For>
            </select>
            <div class="row">
              <button type="submit" class="primary" disabled={busy()}>
                {t('library.assignSubmit')}
              </button>
              <button type="button" onClick={() => setOpen(false)}>
                {t('task.cancel')}
              </button>
            </div>
          </form>
        </Show>
      </Show>
      <StatusMessage status={status()} />
    </div>
  );
}
