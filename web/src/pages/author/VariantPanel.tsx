import { createResource, createSignal, For, Show } from 'solid-js';
import { formatBytes } from '../../components/EvidenceList.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { t } from '../../i18n/messages.ts';
import { authoring } from '../../lib/authoring.ts';

/** A generated value written for a person: text as it is, anything else as JSON. */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What one trainee's variant holds: the values and evidence files the lab's generator gives a seed
 * (a lab without a generator gives every trainee the same files). `beforeShow` saves the author's edits first.
 */
export function VariantPanel(props: { draftId: number; beforeShow: () => Promise<void> }) {
  const [seed, setSeed] = createSignal<string>();
  const [variant] = createResource(seed, async (chosen) => {
    await props.beforeShow();
    return authoring.variant(props.draftId, chosen);
  });
  let input!: HTMLInputElement;
  return (
    <section aria-labelledby="variant-title">
      <h2 id="variant-title">{t('author.variant.title')}</h2>
      <p class="muted">{t('author.variant.help')}</p>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          // A new resource fetch even for the same seed: the draft may have changed since.
          setSeed(undefined);
          setSeed(input.value.trim() || 'preview');
        }}
      >
        <label for="variant-seed">{t('author.variant.seed')}</label>
        <input id="variant-seed" ref={input} value="preview" maxlength="64" autocomplete="off" />
        <button type="submit">{t('author.variant.show')}</button>
      </form>
      <Show when={seed()}>
        <Loaded resource={variant}>
          {(shown) => (
            <div data-testid="variant-preview">
              <p>
                {shown().generated ? t('author.variant.generated', { seed: shown().seed }) : t('author.variant.fixed')}
              </p>
              <Show when={Object.keys(shown().values).length > 0}>
                <h3>{t('author.variant.values')}</h3>
                <dl class="variant-values">
                  <For each={Object.entries(shown().values)}>
                    {([name, value]) => (
                      <>
                        <dt>
                          <code>{name}</code>
                        </dt>
                        <dd>{valueText(value)}</dd>
                      </>
                    )}
                  </For>
                </dl>
              </Show>
              <h3>{t('author.variant.files')}</h3>
              <ul class="variant-files">
                <For each={shown().files}>
                  {(file) => (
                    <li>
                      <p>
                        <strong>{file.title}</strong>{' '}
                        <span class="muted small">
                          ({file.file}, {formatBytes(file.size)}
                          {file.generated ? `, ${t('author.variant.generatedFile')}` : ''})
                        </span>
                      </p>
                      <p class="small">
                        {t('author.variant.sha256')} <span class="hash">{file.sha256}</span>
                      </p>
                      <Show when={file.head}>
                        {(head) => (
                          <pre
                            class="variant-head"
                            tabindex="0"
                            role="region"
                            aria-label={t('author.variant.head', { title: file.title })}
                          >
                            {head()}
                          </pre>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </Loaded>
      </Show>
    </section>
  );
}
