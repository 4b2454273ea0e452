import { createSignal, For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { ApiError, read, type SubmissionOutcome, type TaskView } from '../lib/api.ts';
import type { AnswerValue } from '../lib/answer-shape.ts';
import { formatDateTime } from '../lib/datetime.ts';
import type { FieldResult } from '../answers/field-props.ts';
import { findingDraft } from '../answers/ManualField.tsx';
import { AnswerField, isGroupField } from '../answers/registry.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { Markdown } from './Markdown.tsx';
import { failureMessage } from './StatusMessage.tsx';
import { useLabSpace } from '../lib/lab-space.tsx';

type Verdict = SubmissionOutcome['verdict'];

/** The verdict of the last answer sent, with what was sent and when. */
interface ShownVerdict {
  verdict: Verdict;
  feedback: string;
  answer: AnswerValue;
  at: Date;
  /** The task's attempt count once this answer was recorded. */
  attempts: number;
}

/**
 * The feedback without a repeat of the verdict's own words: the checkers' feedback often starts with
 * them ("Correct.", "Not correct. Check ..."), and the verdict is already shown in bold before it.
 */
export function feedbackAfterVerdict(label: string, feedback: string): string {
  const trimmed = feedback.trim();
  if (!trimmed.toLowerCase().startsWith(label.toLowerCase())) return trimmed;
  const rest = trimmed.slice(label.length).replace(/^[\s.:;,!–—-]+/u, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

const sameAnswer = (a: AnswerValue, b: AnswerValue) => JSON.stringify(a) === JSON.stringify(b);

/** One task: its prompt, the answer field made for it, hints, the verdict and, once allowed, the explanation. */
export function TaskCard(props: {
  labId: string;
  task: TaskView;
  index: number;
  readOnly: boolean;
  titleOf: (taskId: string) => string;
  onChanged: () => void;
}) {
  // The field's one state, as it reports it: what its controls show, or why that cannot be sent yet.
  const { labs, drafts } = useLabSpace();
  const [result, setResult] = createSignal<FieldResult>();
  const [showProblem, setShowProblem] = createSignal(false);
  const [refusal, setRefusal] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal<ShownVerdict>();
  const [hintToConfirm, setHintToConfirm] = createSignal<{ index: number; cost: number }>();
  const [hintError, setHintError] = createSignal<string>();
  const inputId = () => `answer-${props.task.id}`;
  const labelId = () => `answer-label-${props.task.id}`;
  const draftKey = () => `${drafts}/${props.labId}/task/${props.task.id}`;
  const settled = () => props.task.status === 'solved' || props.task.status === 'failed';
  const canAnswer = () => !props.readOnly && !props.task.locked && !settled();

  /**
   * The verdict to show: the server's last answer, or, until the lab's refetch brings that answer in
   * (the task's attempt count catches up), the one just sent from this page.
   */
  const verdict = (): Omit<ShownVerdict, 'attempts'> | undefined => {
    const here = sent();
    if (here && props.task.attempts < here.attempts) return here;
    const last = props.task.lastAnswer;
    return last
      ? { verdict: last.verdict, feedback: last.feedback, answer: last.answer, at: new Date(last.submittedAt) }
      : undefined;
  };
  const problem = () => {
    const current = result();
    return current && !current.ok ? current.problem : undefined;
  };
  const changedSince = () => {
    const shown = verdict();
    const now = result();
    return canAnswer() && shown !== undefined && now !== undefined && (!now.ok || !sameAnswer(now.value, shown.answer));
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const current = result();
    if (!current?.ok) {
      setShowProblem(true);
      return;
    }
    const answer = current.value;
    setBusy(true);
    setRefusal(undefined);
    try {
      const { submission } = await read(
        labs[':labId'].tasks[':taskId'].submissions.$post({
          param: { labId: props.labId, taskId: props.task.id },
          json: { answer },
        }),
      );
      setSent({
        verdict: submission.verdict,
        feedback: submission.feedback,
        answer,
        at: new Date(),
        attempts: submission.attempts,
      });
      if (props.task.answer.kind === 'manual') findingDraft(draftKey()).clear();
      props.onChanged();
    } catch (error) {
      setRefusal(failureMessage(error));
      if (error instanceof ApiError && error.code === 'conflict') props.onChanged();
    } finally {
      setBusy(false);
    }
  };

  const unlockHint = async (index: number) => {
    setHintToConfirm(undefined);
    try {
      await read(
        labs[':labId'].tasks[':taskId'].hints[':index'].$post({
          param: { labId: props.labId, taskId: props.task.id, index: String(index) },
        }),
      );
      setHintError(undefined);
      props.onChanged();
    } catch (error) {
      setHintError(failureMessage(error));
    }
  };

  const attemptsText = () => {
    if (props.task.attemptsLeft === null) return t('task.unlimited');
    return props.task.attemptsLeft === 1
      ? t('task.attemptLeft')
      : t('task.attemptsLeft', { count: props.task.attemptsLeft });
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
      <Show
        when={!props.task.locked}
        fallback={<p class="muted">{t('task.locked', { tasks: props.task.requires.map(props.titleOf).join(', ') })}</p>}
      >
        <Markdown source={props.task.prompt ?? ''} />
        <p class="muted small">
          {attemptsText()}
          <Show when={props.task.wrongPenalty > 0}> · {t('task.penalty', { points: props.task.wrongPenalty })}</Show>
          <Show when={props.task.pointsEarned > 0 || settled()}>
            {' '}
            · {t('task.earned', { points: props.task.pointsEarned })}
          </Show>
        </p>

        <form class="answer-form" onSubmit={submit} novalidate>
          <Show
            when={isGroupField(props.task.answer)}
            fallback={
              <label id={labelId()} for={inputId()} class="answer-label">
                {t('task.answer')}
              </label>
            }
          >
            <p id={labelId()} class="answer-label">
              {t('task.answer')}
            </p>
          </Show>
          <AnswerField
            id={inputId()}
            shape={props.task.answer}
            initial={props.task.lastAnswer?.answer}
            placeholder={props.task.placeholder}
            disabled={busy() || !canAnswer()}
            labelledBy={labelId()}
            draftKey={draftKey()}
            onChange={(next) => {
              setResult(next);
              if (next.ok) setShowProblem(false);
            }}
          />
          <Show when={showProblem() && problem()}>
            <p class="error small" role="alert">
              {problem()}
            </p>
          </Show>
          <Show when={refusal()}>
            <p class="error small" role="alert" data-testid="answer-refused">
              {refusal()}
            </p>
          </Show>
          <Show when={canAnswer()}>
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('task.submitting') : t('task.submit')}
            </button>
          </Show>
        </form>

        <div role="status" aria-live="polite" data-testid="task-verdict">
          <Show when={verdict()}>
            {(shown) => (
              <div class={`verdict ${shown().verdict}`}>
                <p>
                  <strong>{t(`verdict.${shown().verdict}`)}.</strong>{' '}
                  {feedbackAfterVerdict(t(`verdict.${shown().verdict}`), shown().feedback)}
                </p>
                <p class="muted small">
                  {t('task.lastSent', { date: formatDateTime(shown().at) })}
                  <Show when={changedSince()}> {t('task.changedSince')}</Show>
                </p>
              </div>
            )}
          </Show>
        </div>

        <Show when={props.task.hints.length > 0}>
          <section class="hints" aria-label={t('task.hints')}>
            <For each={props.task.hints.filter((hint) => hint.unlocked)}>
              {(hint) => (
                <div class="hint">
                  <strong>{t('task.hint', { number: hint.index + 1 })}</strong>{' '}
                  <span class="muted small">({t('task.hintCost', { cost: hint.cost })})</span>
                  <Markdown source={hint.text ?? ''} />
                </div>
              )}
            </For>
            {/* A settled task's next hint would change nothing but cost nothing either; offering it only confuses. */}
            <Show when={!settled() && nextHint()}>
              {(hint) => (
                <button
                  type="button"
                  class="link-button"
                  onClick={() => setHintToConfirm({ index: hint().index, cost: hint().cost })}
                >
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

        <Show when={props.task.answer.kind === 'manual' && props.task.review}>
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
