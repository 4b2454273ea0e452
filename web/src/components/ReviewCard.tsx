import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { ReviewEntry } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { Markdown, TraineeMarkdown } from './Markdown.tsx';
import { answerText } from './SubmissionHistory.tsx';
import { failureMessage } from './StatusMessage.tsx';

/** One manual answer to grade: the trainee's findings beside the task's prompt and rubric, with points and a comment. */
export function ReviewCard(props: { entry: ReviewEntry; onGrade: (points: number, comment: string) => Promise<void> }) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const id = () => `review-${props.entry.submissionId}`;
  const max = () => props.entry.task.maxPoints;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const points = Number(form.get('points'));
    if (!Number.isInteger(points) || points < 0 || points > max()) {
      setError(t('review.pointsRange', { max: max() }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.onGrade(points, String(form.get('comment') ?? ''));
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="review-card" aria-labelledby={`${id()}-title`} data-testid="review-card">
      <header>
        <h3 id={`${id()}-title`}>
          {t('review.cardTitle', { name: props.entry.trainee.displayName, task: props.entry.task.title })}
        </h3>
        <p class="muted small">
          {t('review.meta', {
            lab: props.entry.lab.title,
            date: formatDateTime(props.entry.submittedAt),
            username: props.entry.trainee.username,
          })}
        </p>
      </header>
      <div class="review-columns">
        <section aria-labelledby={`${id()}-task`}>
          <h4 id={`${id()}-task`}>{t('review.prompt')}</h4>
          <Markdown source={props.entry.task.prompt} />
          <h4>{t('review.rubric')}</h4>
          <Markdown source={props.entry.task.rubric} class="rubric" />
        </section>
        <section aria-labelledby={`${id()}-answer`}>
          <h4 id={`${id()}-answer`}>{t('review.answer')}</h4>
          {/* The trainee's own text: rendered strictly, unlike the lab's prompt and rubric beside it. */}
          <TraineeMarkdown source={answerText(props.entry.answer)} class="trainee-answer" />
          <form class="stack review-form" onSubmit={submit} novalidate>
            <label for={`${id()}-points`}>{t('review.points', { max: max() })}</label>
            <input
              id={`${id()}-points`}
              name="points"
              type="number"
              class="short"
              min="0"
              max={max()}
              step="1"
              required
              value={props.entry.review?.points ?? ''}
              aria-describedby={error() ? `${id()}-error` : undefined}
            />
            <label for={`${id()}-comment`}>{t('review.comment')}</label>
            <textarea
              id={`${id()}-comment`}
              name="comment"
              rows={4}
              maxlength={5000}
              value={props.entry.review?.comment ?? ''}
            />
            <Show when={error()}>
              <p id={`${id()}-error`} class="error" role="alert">
                {error()}
              </p>
            </Show>
            <div class="row">
              <button type="submit" class="primary" disabled={busy()}>
                {props.entry.review ? t('review.regrade') : t('review.submit')}
              </button>
            </div>
          </form>
        </section>
      </div>
    </article>
  );
}
