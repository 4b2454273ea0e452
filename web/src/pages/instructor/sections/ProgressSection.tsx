import { createResource, createSignal, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { ProgressMatrix } from '../../../components/ProgressMatrix.tsx';
import { SubmissionHistory } from '../../../components/SubmissionHistory.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type ProgressTrainee } from '../../../lib/api.ts';
import { createLaterPages } from '../../../lib/later-pages.ts';

/** The progress matrix of a cohort and, for the trainee chosen in it, their submission history. */
export function ProgressSection(props: { cohortId: number }) {
  const cohortId = () => String(props.cohortId);
  const [progress] = createResource(() =>
    read(client.instructor.cohorts[':cohortId'].progress.$get({ param: { cohortId: cohortId() } })),
  );
  const [trainee, setTrainee] = createSignal<ProgressTrainee>();
  // A history comes a page at a time, newest first: the first page with the trainee, older ones on request.
  const historyPage = (chosen: ProgressTrainee, before?: number) =>
    read(
      client.instructor.cohorts[':cohortId'].trainees[':userId'].submissions.$get({
        param: { cohortId: cohortId(), userId: String(chosen.id) },
        query: before === undefined ? {} : { before: String(before) },
      }),
    );
  const [history] = createResource(trainee, (chosen) => historyPage(chosen));
  const older = createLaterPages(trainee, history, (chosen, before: number) => historyPage(chosen, before));
  let historyHeading: HTMLHeadingElement | undefined;

  const open = (chosen: ProgressTrainee) => {
    older.reset();
    setTrainee(chosen);
    // Take the keyboard to what was opened.
    queueMicrotask(() => historyHeading?.focus());
  };

  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('progress.title')}</h2>
      <p class="muted small">{t('progress.help')}</p>
      <Loaded resource={progress}>
        {(matrix) => <ProgressMatrix progress={matrix()} selected={trainee()?.id} onOpenTrainee={open} />}
      </Loaded>
      <Show when={trainee()}>
        {(chosen) => (
          <section class="history" aria-labelledby="history-title">
            <h3 id="history-title" tabindex="-1" ref={historyHeading}>
              {t('history.title', { name: chosen().displayName })}
            </h3>
            <Loaded resource={history}>{(data) => <SubmissionHistory history={data()} older={older} />}</Loaded>
          </section>
        )}
      </Show>
    </section>
  );
}
