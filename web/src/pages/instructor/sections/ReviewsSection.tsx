import { createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { failureMessage } from '../../../components/StatusMessage.tsx';
import { ReviewCard } from '../../../components/ReviewCard.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type ReviewEntry } from '../../../lib/api.ts';

type QueuePage = Awaited<ReturnType<typeof queuePage>>;

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
  const [later, setLater] = createSignal<QueuePage[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [loadError, setLoadError] = createSignal<string>();
  const [done, setDone] = createSignal<string>();

  const show = (chosen: QueueStatus) => {
    setLater([]);
    setLoadError(undefined);
    setStatus(chosen);
  };
  const nextCursor = () => (later().at(-1) ?? queue())?.nextCursor ?? null;
  const loadMore = async () => {
    const cursor = nextCursor();
    const chosen = status();
    if (cursor === null || loadingMore()) return;
    setLoadingMore(true);
    try {
      const page = await queuePage(props.cohortId, chosen, cursor);
      if (status() === chosen) setLater([...later(), page]);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(failureMessage(error));
    } finally {
      setLoadingMore(false);
    }
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
    setLater([]);
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
            <For each={[data(), ...later()].flatMap((page) => page.entries)}>
              {(entry) => <ReviewCard entry={entry} onGrade={(points, comment) => grade(entry, points, comment)} />}
            </For>
            <Show when={nextCursor() !== null}>
              <p>
                <button
                  type="button"
                  data-testid="reviews-load-more"
                  disabled={loadingMore()}
                  aria-busy={loadingMore() ? 'true' : undefined}
                  onClick={() => void loadMore()}
                >
                  {loadingMore() ? t('review.loadingMore') : t('review.loadMore')}
                </button>
              </p>
            </Show>
            <Show when={loadError()}>
              <p class="error" role="alert">
                {loadError()}
              </p>
            </Show>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
