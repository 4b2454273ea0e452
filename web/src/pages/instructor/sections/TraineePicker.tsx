import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';
import './trainee-picker.css';

/** How long typing pauses before the picker asks the server: one request per word, not per key. */
const SEARCH_PAUSE_MS = 250;

/**
 * Adds a trainee to the cohort by finding them: type part of a name or username, pick from at most
 * twenty matching trainee accounts, add. The server decides who may add (see addMember).
 */
export function TraineePicker(props: { cohortId: string; onAdded: () => void }) {
  const [typed, setTyped] = createSignal('');
  const [query, setQuery] = createSignal('');
  const { busy, status, run } = createAction();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const [found, { refetch }] = createResource(
    () => (query().length >= 2 ? query() : undefined),
    async (q) =>
      (
        await read(
          client.cohorts[':cohortId']['trainee-search'].$get({ param: { cohortId: props.cohortId }, query: { q } }),
        )
      ).trainees,
  );

  const onInput = (value: string) => {
    setTyped(value);
    clearTimeout(timer);
    timer = setTimeout(() => setQuery(value.trim()), SEARCH_PAUSE_MS);
  };

  const add = (trainee: { username: string; displayName: string }) =>
    run(async () => {
      await read(
        client.cohorts[':cohortId'].members.$post({
          param: { cohortId: props.cohortId },
          json: { username: trainee.username },
        }),
      );
      props.onAdded();
      void refetch();
      return t('picker.added', { name: trainee.displayName });
    });

  return (
    <div class="inline-form trainee-picker" role="group" aria-labelledby="picker-title">
      <h3 id="picker-title">{t('picker.title')}</h3>
      <label for="picker-search">{t('picker.search')}</label>
      <input
        id="picker-search"
        type="search"
        autocomplete="off"
        spellcheck={false}
        maxlength="100"
        value={typed()}
        aria-describedby="picker-help"
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id="picker-help" class="muted small">
        {t('picker.help')}
      </p>
      <Show when={query().length >= 2 && found()}>
        {(trainees) => (
          <Show when={trainees().length > 0} fallback={<p role="status">{t('picker.none', { text: query() })}</p>}>
            <ul class="trainee-picker-results" aria-label={t('picker.results')}>
              <For each={trainees()}>
                {(trainee) => (
                  <li>
                    <span>
                      {trainee.displayName} <span class="muted small">{trainee.username}</span>
                    </span>
                    <Show when={!trainee.member} fallback={<span class="muted small">{t('picker.member')}</span>}>
                      <button
                        type="button"
                        disabled={busy()}
                        aria-label={t('picker.addName', { name: trainee.displayName })}
                        onClick={() => void add(trainee)}
                      >
                        {t('members.addSubmit')}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <StatusMessage status={status()} />
    </div>
  );
}
