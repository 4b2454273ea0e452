import { createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { ReviewCard } from '../../../components/ReviewCard.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type ReviewEntry } from '../../../lib/api.ts';
import { createLaterPages } from '../../../lib/later-pages.ts';

function queuePage(cohortId: number, status: QueueStatus, cursor?: string) {
  return read(
    client.instructor.cohorts[':cohortId'].reviews.$get({
      param: { cohortId: String(cohortId) },
      query: cursor === undefined ? { status } : { status, cursor },
    }),
  );
}

type QueueStatus = 'pending' | 'reviewed';

/**
 * The review queue: manual answers waiting for a grade (or, switched over, those already graded),
 * a page at a time from the server; later pages on request.
 */
export function ReviewsSection(props: { cohortId: number }) {
  const [status, setStatus] = createSignal<QueueStatus>('pending');
  const [queue, { refetch }] = createResource(status, (chosen) => queuePage(props.cohortId, chosen));
  const later = createLaterPages(status, queue, (chosen, cursor: string) => queuePage(props.cohortId, chosen, cursor));
  const [done, setDone] = createSignal<string>();

  const show = (chosen: QueueStatus) => {
    later.reset();
    setStatus(chosen);
  };

  const grade = async (entry: ReviewEntry, points: number, comment: string) => {
    await read(
      client.instructor.reviews[':submissionId'].$post({
        param: { submissionId: String(entry.submissionId) },
        json: { points, comment },
      }),
    );
    setDone(
      t('review.graded', {
        name: entry.trainee.displayName,
        task: entry.task.title,
        points,
        max: entry.task.maxPoints,
      }),
    );
    // The graded answer leaves the list: start again from the first page.
    later.reset();
    await refetch();
  };

  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('review.title')}</h2>
      <div class="row" role="group" aria-label={t('review.show')}>
        <button type="button" aria-pressed={status() === 'pending'} onClick={() => show('pending')}>
          {t('review.pending')}
        </button>
        <button type="button" aria-pressed={status() === 'reviewed'} onClick={() => show('reviewed')}>
          {t('review.reviewed')}
        </button>
      </div>
      <p class="success" role="status">
        {done() ?? ''}
      </p>
      <Loaded resource={queue}>
        {(data) => (
          <Show
            when={data().entries.length > 0}
            fallback={<p>{data().status === 'pending' ? t('review.emptyPending') : t('review.emptyReviewed')}</p>}
          >
            <For each={[data(), ...later.later()].flatMap((page) => page.entries)}>
              {(entry) => <ReviewCard entry={entry} onGrade={(points, comment) => grade(entry, points, comment)} />}
            </For>
            <LoadMore
              more={later.nextCursor() !== null}
              loading={later.loadingMore()}
              error={later.loadError()}
              label={t('review.loadMore')}
              loadingLabel={t('review.loadingMore')}
              testId="reviews-load-more"
              onLoad={() => void later.loadMore()}
            />
          </Show>
        )}
      </Loaded>
    </section>
  );
}
