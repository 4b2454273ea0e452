import { createResource, For, Show } from 'solid-js';
import { LabCard } from '../../components/LabCard.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read } from '../../lib/api.ts';
import { Invitations } from './Invitations.tsx';

function JoinCohortForm(props: { onJoined: () => void }) {
  const { status: message, run } = createAction();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const code = String(new FormData(form).get('code'));
    await run(async () => {
      const { cohort } = await read(client.cohorts.join.$post({ json: { code } }));
      form.reset();
      props.onJoined();
      return t('join.joined', { name: cohort.name });
    });
  };
  return (
    <form class="join-form" onSubmit={submit} aria-labelledby="join-title">
      <h2 id="join-title">{t('join.title')}</h2>
      <label for="join-code">{t('join.code')}</label>
      <div class="row">
        <input
          id="join-code"
          name="code"
          placeholder={t('join.placeholder')}
          required
          minlength="4"
          maxlength="20"
          autocomplete="off"
        />
        <button type="submit">{t('join.submit')}</button>
      </div>
      <StatusMessage status={message()} />
    </form>
  );
}

export default function CataloguePage() {
  const [catalogue, { refetch }] = createResource(() => read(client.catalogue.$get()));
  return (
    <section class="page">
      <h1>{t('catalogue.title')}</h1>
      <Invitations onAccepted={() => void refetch()} />
      <Loaded resource={catalogue}>
        {(data) => {
          const titles = () =>
            new Map(
              [...data().courses.flatMap((course) => course.labs), ...data().labs].map((lab) => [lab.id, lab.title]),
            );
          const titleOf = (labId: string) => titles().get(labId) ?? labId;
          return (
            <>
              <Show when={data().courses.length === 0 && data().labs.length === 0}>
                <p>{t('catalogue.empty')}</p>
              </Show>
              <For each={data().courses}>
                {(course) => (
                  <section class="course" aria-labelledby={`course-${course.id}`}>
                    <h2 id={`course-${course.id}`}>{course.title}</h2>
                    <p class="muted">{course.summary}</p>
                    <div class="card-grid">
                      <For each={course.labs}>
                        {(lab) => <LabCard lab={lab} optional={lab.optional} titleOf={titleOf} />}
                      </For>
                    </div>
                  </section>
                )}
              </For>
              <Show when={data().labs.length > 0}>
                <section class="course" aria-labelledby="other-labs">
                  <h2 id="other-labs">{t('catalogue.otherLabs')}</h2>
                  <div class="card-grid">
                    <For each={data().labs}>{(lab) => <LabCard lab={lab} titleOf={titleOf} />}</For>
                  </div>
                </section>
              </Show>
            </>
          );
        }}
      </Loaded>
      <JoinCohortForm onJoined={() => void refetch()} />
    </section>
  );
}
