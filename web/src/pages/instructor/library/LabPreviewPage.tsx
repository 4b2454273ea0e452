import { A, useParams, useSearchParams } from '@solidjs/router';
import type { InferResponseType } from 'hono/client';
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { formatBytes } from '../../../components/EvidenceList.tsx';
import { Loaded } from '../../../components/Loaded.tsx';
import { Markdown } from '../../../components/Markdown.tsx';
import { count, t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';
import { previewVariantIn } from '../../../lib/lab-space.tsx';
import { StaffOnly } from '../StaffOnly.tsx';
import './library.css';

const previewRoute = client.instructor.library.labs[':labId'].preview;
export type Preview = InferResponseType<typeof previewRoute.$get, 200>;
type PreviewTask = Preview['tasks'][number];

/** An answer as the checker takes it, written out for a person: lists joined, pairs as "key: value". */
function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer.map(answerText).join(' · ');
  if (answer && typeof answer === 'object')
    return Object.entries(answer)
      .map(([key, value]) => `${key}: ${answerText(value)}`)
      .join(' · ');
  return String(answer);
}

function PreviewTaskCard(props: { task: PreviewTask; number: number; revealed: boolean }) {
  return (
    <article class="lab-card preview-task" aria-label={props.task.title}>
      <h3>
        {t('preview.task', { number: props.number, title: props.task.title })}{' '}
        <span class="muted small">{count('points', props.task.points)}</span>
      </h3>
      <Show when={props.task.requires.length > 0}>
        <p class="muted small">{t('preview.requires', { tasks: props.task.requires.join(', ') })}</p>
      </Show>
      <Markdown source={props.task.prompt} />
      <Show when={props.task.hints.length > 0}>
        <ol class="preview-hints" aria-label={t('preview.hints')}>
          <For each={props.task.hints}>
            {(hint) => (
              <li>
                <span class="muted small">{t('preview.hintCost', { cost: hint.cost })}</span>
                <Show when={hint.text}>{(text) => <Markdown source={text()} />}</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.revealed}>
        <div class="preview-reveal">
          <h4>{t('preview.reference')}</h4>
          <Show when={(props.task.referenceAnswers ?? []).length > 0} fallback={<p>{t('preview.manual')}</p>}>
            <ul>
              <For each={props.task.referenceAnswers ?? []}>{(answer) => <li>{answerText(answer)}</li>}</For>
            </ul>
          </Show>
          <Show when={props.task.explanation}>
            {(explanation) => (
              <>
                <h4>{t('preview.explanation')}</h4>
                <Markdown source={explanation()} />
              </>
            )}
          </Show>
          <Show when={(props.task.misconceptions ?? []).length > 0}>
            <h4>{t('preview.misconceptions')}</h4>
            <ul>
              <For each={props.task.misconceptions ?? []}>
                {(misconception) => (
                  <li>
                    {t('preview.misconception', {
                      name: misconception.name,
                      answers: misconception.answers.map(answerText).join('; '),
                    })}
                    <Show when={misconception.penalty !== null}>
                      {' '}
                      <span class="muted small">
                        {t('preview.misconceptionPenalty', { penalty: misconception.penalty ?? 0 })}
                      </span>
                    </Show>
                    <Markdown source={misconception.feedback} />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </Show>
    </article>
  );
}

/**
 * A lab as a trainee finds it on opening it, from a preview variant that records nothing, with a
 * switch that reveals the reference answers, explanations and hints. `load` fetches it (the library's
 * installed lab, or an author's draft), again when `labKey` changes; `back` is the link above it.
 */
export function LabPreview(props: {
  labKey: string;
  load: (reveal: boolean) => Promise<Preview>;
  back: JSX.Element;
  /** What stands beside the reveal switch: for an installed lab, trying it as a trainee. */
  actions?: JSX.Element;
}) {
  const [revealed, setRevealed] = createSignal(false);
  const [preview] = createResource(
    () => ({ lab: props.labKey, reveal: revealed() }),
    ({ reveal }) => props.load(reveal),
  );
  return (
    <section class="page">
      <p class="small">{props.back}</p>
      <Loaded resource={preview}>
        {(lab) => (
          <>
            <h1>{lab().title}</h1>
            <p class="muted">{t('preview.intro')}</p>
            {props.actions}
            <label class="choice preview-switch">
              <input
                type="checkbox"
                checked={revealed()}
                onChange={(event) => setRevealed(event.currentTarget.checked)}
              />
              <span>{t('preview.reveal')}</span>
            </label>
            <h2>{t('preview.brief')}</h2>
            <Markdown source={lab().brief} class="preview-brief" />
            <h2>{t('preview.evidence')}</h2>
            <ul class="preview-evidence">
              <For each={lab().evidence}>
                {(item) => (
                  <li>
                    {item.title} <span class="muted small">({formatBytes(item.size)})</span>
                  </li>
                )}
              </For>
            </ul>
            <h2>{t('preview.tasks')}</h2>
            <div class="stack">
              <For each={lab().tasks}>
                {(task, index) => <PreviewTaskCard task={task} number={index() + 1} revealed={revealed()} />}
              </For>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** An installed lab's preview, from the library. */
export default function LabPreviewPage() {
  const params = useParams<{ labId: string }>();
  // The variant of a "try it as a trainee" preview, when its answers were asked for from there.
  const [search] = useSearchParams<{ variant?: string }>();
  const variant = () => previewVariantIn(search.variant);
  return (
    <StaffOnly>
      <LabPreview
        labKey={`${params.labId}/${variant() ?? ''}`}
        load={(reveal) =>
          read(
            previewRoute.$get({
              param: { labId: params.labId },
              query: { reveal: reveal ? 'true' : 'false', ...(variant() ? { seed: variant() } : {}) },
            }),
          )
        }
        back={<A href="/instructor/library">← {t('library.title')}</A>}
        actions={
          <p class="preview-actions">
            <Show when={variant()}>
              {(seed) => <span class="muted">{t('preview.variantShown', { variant: seed() })} </span>}
            </Show>
            <A href={`/instructor/library/${params.labId}/try${variant() ? `?variant=${variant()}` : ''}`}>
              {t('preview.try')}
            </A>
          </p>
        }
      />
    </StaffOnly>
  );
}
