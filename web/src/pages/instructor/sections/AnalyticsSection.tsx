import { createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { TaskAnalyticsTable } from '../../../components/TaskAnalyticsTable.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';

/** Per-task analytics of a cohort's assigned labs, all of them or one. */
export function AnalyticsSection(props: { cohortId: number }) {
  const [labId, setLabId] = createSignal('');
  // The labs to choose from, as the first (unfiltered) answer listed them.
  const [labChoices, setLabChoices] = createSignal<{ id: string; title: string }[]>([]);
  const [analytics] = createResource(
    () => ({ labId: labId() }),
    async (filter) => {
      const data = await read(
        client.instructor.cohorts[':cohortId'].analytics.$get({
          param: { cohortId: String(props.cohortId) },
          query: filter.labId ? { labId: filter.labId } : {},
        }),
      );
      if (!filter.labId) setLabChoices(data.labs.map((lab) => ({ id: lab.id, title: lab.title })));
      return data;
    },
  );
  return (
    <section aria-labelledby="analytics-title">
      <h2 id="analytics-title">{t('analytics.title')}</h2>
      <Show when={labChoices().length > 1}>
        <form
          class="row filter-form"
          onSubmit={(event) => {
            event.preventDefault();
            setLabId(String(new FormData(event.currentTarget).get('labId') ?? ''));
          }}
        >
          <label for="analytics-lab">{t('analytics.lab')}</label>
          <select id="analytics-lab" name="labId">
            <option value="" selected={labId() === ''}>
              {t('analytics.allLabs')}
            </option>
            <For each={labChoices()}>
              {(lab) => (
                <option value={lab.id} selected={labId() === lab.id}>
                  {lab.title}
                </option>
              )}
            </For>
          </select>
          <button type="submit">{t('scoreboard.show')}</button>
        </form>
      </Show>
      <Loaded resource={analytics}>
        {(data) => (
          <Show when={data().labs.length > 0} fallback={<p>{t('assignments.empty')}</p>}>
            <p class="muted small">{t('analytics.help', { members: data().members })}</p>
            <For each={data().labs}>{(lab) => <TaskAnalyticsTable lab={lab} members={data().members} />}</For>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
