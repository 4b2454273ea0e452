import { createSignal, For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { ApiError, client, read, type SubmissionOutcome, type TaskView } from '../lib/api.ts';
import type { AnswerShape } from '../lib/answer-shape.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { AnswerInput, type AnswerValue } from './AnswerInput.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { Markdown } from './Markdown.tsx';
import { failureMessage } from './StatusMessage.tsx';

interface Feedback {
  verdict: SubmissionOutcome['verdict'] | 'invalid';
  message: string;
}

/** One task: its prompt, the answer field made for it, hints, the verdict and, once allowed, the explanation. */
export function TaskCard(props: { labId: string; task: TaskView; index: number; readOnly: boolean; titleOf: (taskId: string) => string; onChanged: () => void }) {
  const [answer, setAnswer] = createSignal<AnswerValue>();
  const [problem, setProblem] = createSignal<string>();
  const [showProblem, setShowProblem] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [feedback, setFeedback] = createSignal<Feedback>();
  const [hintToConfirm, setHintToConfirm] = createSignal<{ index: number; cost: number }>();
  const [hintError, setHintError] = createSignal<string>();
  const inputId = () => `answer-${props.task.id}`;
  const settled = () => props.task.status === 'solved' || props.task.status === 'failed';
  const canAnswer = () => !props.readOnly && !props.task.locked && !settled();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = answer();
    if (value === undefined || problem()) {
      setShowProblem(true);
      if (!problem()) setProblem(t('answer.invalid.empty'));
      return;
    }
    setBusy(true);
    try {
      const { submission } = await read(client.labs[':labId'].tasks[':taskId'].submissions.$post({ param: { labId: props.labId, taskId: props.task.id }, json: { answer: value } }));
      setFeedback({ verdict: submission.verdict, message: submission.feedback });
      props.onChanged();
    } catch (error) {
      setFeedback({ verdict: 'invalid', message: failureMessage(error) });
      if (error instanceof ApiError && error.code === 'conflict') props.onChanged();
    } finally {
      setBusy(false);
    }
  };

  const unlockHint = async (index: number) => {
    setHintToConfirm(undefined);
    try {
      await read(client.labs[':labId'].tasks[':taskId'].hints[':index'].$post({ param: { labId: props.labId, taskId: props.task.id, index: String(index) } }));
      setHintError(undefined);
      props.onChanged();
    } catch (error) {
      setHintError(failureMessage(error));
    }
  };

  const attemptsText = () => {
    if (props.task.attemptsLeft === null) return t('task.unlimited');
    return props.task.attemptsLeft === 1 ? t('task.attemptLeft') : t('task.attemptsLeft', { count: props.task.attemptsLeft });
  };
  const nextHint = () => props.task.hints.find((hint) => !hint.unlocked);

  return (
    <article class={`task status-${props.task.status}`} aria-labelledby={`task-title-${props.task.id}`}>
      <header class="task-header">
        <h3 id={`task-title-${props.task.id}`}>
          <span class="task-number">{props.index + 1}.</span> {props.task.title}
        </h3>
        <span class="points">{t('task.points', { points: props.task.points })}</span>
        <span class={`status-badge ${props.task.status}`}>{t(`task.status.${props.task.status}`)}</span>
      </header>
      <Show when={!props.task.locked} fallback={<p class="muted">{t('task.locked', { tasks: props.task.requires.map(props.titleOf).join(', ') })}</p>}>
        <Markdown source={props.task.prompt ?? ''} />
        <p class="muted small">
          {attemptsText()}
          <Show when={props.task.wrongPenalty > 0}> · {t('task.penalty', { points: props.task.wrongPenalty })}</Show>
          <Show when={props.task.pointsEarned > 0 || settled()}> · {t('task.earned', { points: props.task.pointsEarned })}</Show>
        </p>

        <Show when={canAnswer()}>
          <form class="answer-form" onSubmit={submit} novalidate>
            <label for={inputId()} class="answer-label">
              {t('task.answer')}
            </label>
            <AnswerInput
              id={inputId()}
              shape={props.task.answer as AnswerShape}
              placeholder={props.task.placeholder}
              disabled={busy()}
              onChange={(value, reason) => {
                setAnswer(() => value);
                setProblem(reason);
                if (!reason) setShowProblem(false);
              }}
            />
            <Show when={showProblem() && problem()}>
              <p class="error small" role="alert">
                {problem()}
              </p>
            </Show>
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('task.submitting') : t('task.submit')}
            </button>
          </form>
        </Show>

        <Show when={feedback()}>
          {(shown) => (
            <div class={`verdict ${shown().verdict}`} role="status" aria-live="polite">
              <Show when={shown().verdict !== 'invalid'}>
                <strong>{t(`verdict.${shown().verdict as SubmissionOutcome['verdict']}`)}. </strong>
              </Show>
              {shown().message}
            </div>
          )}
        </Show>

        <Show when={props.task.hints.length > 0}>
          <section class="hints" aria-label={t('task.hints')}>
            <For each={props.task.hints.filter((hint) => hint.unlocked)}>
              {(hint) => (
                <div class="hint">
                  <strong>{t('task.hint', { number: hint.index + 1 })}</strong> <span class="muted small">({t('task.hintCost', { cost: hint.cost })})</span>
                  <Markdown source={hint.text ?? ''} />
                </div>
              )}
            </For>
            <Show when={nextHint()}>
              {(hint) => (
                <button type="button" class="link-button" onClick={() => setHintToConfirm({ index: hint().index, cost: hint().cost })}>
                  {t('task.unlockHint', { number: hint().index + 1, cost: hint().cost })}
                </button>
              )}
            </Show>
            <Show when={hintError()}>
              <p class="error small" role="alert">
                {hintError()}
              </p>
            </Show>
          </section>
        </Show>

        <Show when={(props.task.answer as AnswerShape).kind === 'manual' && props.task.review}>
          {(review) => (
            <section class="review" aria-label={t('task.review')} data-testid="task-review">
              <h4>{t('task.review')}</h4>
              <p>
                <strong>{t('task.reviewPoints', { points: review().points, max: props.task.points })}</strong>{' '}
                <span class="muted small">{t('task.reviewedAt', { date: formatDateTime(review().reviewedAt) })}</span>
              </p>
              <Show when={review().comment} fallback={<p class="muted small">{t('task.reviewNoComment')}</p>}>
                <p class="comment">{review().comment}</p>
              </Show>
            </section>
          )}
        </Show>

        <Show when={props.task.explanation}>
          <section class="explanation" aria-label={t('task.explanation')}>
            <h4>{t('task.explanation')}</h4>
            <Markdown source={props.task.explanation!} />
          </section>
        </Show>
      </Show>
      <ConfirmDialog
        open={hintToConfirm() !== undefined}
        title={t('task.hint', { number: (hintToConfirm()?.index ?? 0) + 1 })}
        confirmLabel={t('task.confirm')}
        onConfirm={() => void unlockHint(hintToConfirm()!.index)}
        onCancel={() => setHintToConfirm(undefined)}
      >
        <p>{t('task.confirmHint', { number: (hintToConfirm()?.index ?? 0) + 1, cost: hintToConfirm()?.cost ?? 0 })}</p>
      </ConfirmDialog>
    </article>
  );
}
