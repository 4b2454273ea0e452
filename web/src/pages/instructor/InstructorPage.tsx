import { A, useNavigate } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read, type CohortSummary } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { StaffOnly } from './StaffOnly.tsx';
import { createAction } from '../../components/StatusMessage.tsx';

function CreateCohortForm(props: { onCreated: (cohortId: number) => void }) {
  const { busy, error, run } = createAction();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    await run(async () => {
      const { cohort } = await read(client.cohorts.$post({ json: { name } }));
      props.onCreated(cohort.id);
    });
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-labelledby="create-cohort-title">
      <h2 id="create-cohort-title">{t('cohorts.create')}</h2>
      <label for="cohort-name">{t('cohorts.name')}</label>
      <div class="row">
        <input
          id="cohort-name"
          name="name"
          required
          maxlength="120"
          autocomplete="off"
          aria-describedby={error() ? 'create-cohort-error' : undefined}
        />
        <button type="submit" class="primary" disabled={busy()}>
          {t('cohorts.createSubmit')}
        </button>
      </div>
      <Show when={error()}>
        <p id="create-cohort-error" class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

function CohortList() {
  const navigate = useNavigate();
  const [cohorts] = createResource(async () => (await read(client.cohorts.$get())).cohorts);
  const columns: Column<CohortSummary>[] = [
    {
      header: t('cohorts.name'),
      rowHeader: true,
      cell: (cohort) => (
        <>
          <A href={`/instructor/cohorts/${cohort.id}`}>{cohort.name}</A>
          <Show when={cohort.archivedAt}>
            <span class="tag">{t('cohorts.archived')}</span>
          </Show>
        </>
      ),
    },
    { header: t('cohorts.joinCode'), cell: (cohort) => <code class="join-code">{cohort.joinCode}</code> },
    { header: t('cohorts.createdAt'), cell: (cohort) => formatDateTime(cohort.createdAt) },
    {
      header: t('cohorts.scoreboard'),
      cell: (cohort) => (
        <A href={`/scoreboard/${cohort.id}`} aria-label={t('cohorts.scoreboardOf', { name: cohort.name })}>
          {t('cohorts.scoreboard')}
        </A>
      ),
    },
  ];
  return (
    <>
      <h2>{t('cohorts.title')}</h2>
      <Loaded resource={cohorts}>
        {(list) => (
          <DataTable
            rows={list()}
            columns={columns}
            labelId="cohort-list-caption"
            caption={t('cohorts.title')}
            empty={t('cohorts.empty')}
          />
        )}
      </Loaded>
      <CreateCohortForm onCreated={(cohortId) => navigate(`/instructor/cohorts/${cohortId}`)} />
    </>
  );
}

/** The instructor's start page: the lab library, the cohorts they run, and a form to create one. */
export default function InstructorPage() {
  return (
    <StaffOnly>
      <section class="page">
        <h1>{t('instructor.title')}</h1>
        <p>
          <A href="/instructor/library" class="button">
            {t('instructor.library')}
          </A>{' '}
          <span class="muted">{t('instructor.libraryHelp')}</span>
        </p>
        <CohortList />
      </section>
    </StaffOnly>
  );
}
