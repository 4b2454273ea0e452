import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';
import './trainee-picker.css';

/** How long typing pauses before the picker asks the server: one request per word, not per key. */
const SEARCH_PAUSE_MS = 250;

/**
 * Finds a trainee for the cohort: type part of a name or username, pick from at most twenty matching
 * trainee accounts. An administrator adds them at once; an instructor invites them, and they become a
 * member when they accept (the cohort access rule: a trainee joins an instructor's cohort only by consent).
 */
export function TraineePicker(props: { cohortId: string; addsDirectly: boolean; onAdded: () => void }) {
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

  const add = (trainee: { id: number; username: string; displayName: string }) =>
    run(async () => {
      if (props.addsDirectly)
        await read(
          client.cohorts[':cohortId'].members.$post({
            param: { cohortId: props.cohortId },
            json: { username: trainee.username },
          }),
        );
      else
        await read(
          client.cohorts[':cohortId'].invitations.$post({
            param: { cohortId: props.cohortId },
            json: { userId: trainee.id },
          }),
        );
      props.onAdded();
      void refetch();
      return t(props.addsDirectly ? 'picker.added' : 'picker.invited', { name: trainee.displayName });
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
        {t(props.addsDirectly ? 'picker.help' : 'picker.helpInvite')}
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
                    <Show
                      when={!trainee.member && !trainee.invited}
                      fallback={
                        <span class="muted small">{t(trainee.member ? 'picker.member' : 'picker.alreadyInvited')}</span>
                      }
                    >
                      <button
                        type="button"
                        disabled={busy()}
                        aria-label={t(props.addsDirectly ? 'picker.addName' : 'picker.inviteName', {
                          name: trainee.displayName,
                        })}
                        onClick={() => void add(trainee)}
                      >
                        {t(props.addsDirectly ? 'members.addSubmit' : 'picker.invite')}
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
