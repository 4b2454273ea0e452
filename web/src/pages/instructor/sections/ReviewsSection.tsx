import { createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { ReviewCard } from '../../../components/ReviewCard.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type ReviewEntry } from '../../../lib/api.ts';

type QueueStatus = 'pending' | 'reviewed';

/** The review queue: manual answers waiting for a grade (or, switched over, those already graded). */
export function ReviewsSection(props: { cohortId: number }) {
  const [status, setStatus] = createSignal<QueueStatus>('pending');
  const [queue, { refetch }] = createResource(status, (chosen) => read(client.instructor.cohorts[':cohortId'].reviews.$get({ param: { cohortId: String(props.cohortId) }, query: { status: chosen } })));
  const [done, setDone] = createSignal<string>();

  const grade = async (entry: ReviewEntry, points: number, comment: string) => {
    await read(client.instructor.reviews[':submissionId'].$post({ param: { submissionId: String(entry.submissionId) }, json: { points, comment } }));
    setDone(t('review.graded', { name: entry.trainee.displayName, task: entry.task.title, points, max: entry.task.maxPoints }));
    await refetch();
  };

  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('review.title')}</h2>
      <div class="row" role="group" aria-label={t('review.show')}>
        <button type="button" aria-pressed={status() === 'pending'} onClick={() => setStatus('pending')}>
          {t('review.pending')}
        </button>
        <button type="button" aria-pressed={status() === 'reviewed'} onClick={() => setStatus('reviewed')}>
          {t('review.reviewed')}
        </button>
      </div>
      <p class="success" role="status">
        {done() ?? ''}
      </p>
      <Loaded resource={queue}>
        {(data) => (
          <Show when={data().entries.length > 0} fallback={<p>{data().status === 'pending' ? t('review.emptyPending') : t('review.emptyReviewed')}</p>}>
            <For each={data().entries}>{(entry) => <ReviewCard entry={entry} onGrade={(points, comment) => grade(entry, points, comment)} />}</For>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
