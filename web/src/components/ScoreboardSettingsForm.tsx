import { createEffect, createMemo, createSignal, For, on } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { ScoreboardVisibility } from '../lib/api.ts';
import { browserTimeZone, isoToLocalInput, localInputToIso } from '../lib/datetime.ts';
import { createAction, StatusMessage } from './StatusMessage.tsx';

const VISIBILITIES: ScoreboardVisibility[] = ['names', 'pseudonyms', 'hidden'];

export interface ScoreboardSettings {
  visibility: ScoreboardVisibility;
  freezeAt: string | null;
}

/** The instructor's settings of a board: what trainees see of each other, and when the board freezes for them. */
export function ScoreboardSettingsForm(props: {
  settings: ScoreboardSettings;
  onSave: (settings: ScoreboardSettings) => Promise<void>;
}) {
  const { busy, status: message, setStatus: setMessage, run } = createAction();
  // The instructor's choices until they save. Every live board update hands in the settings again (the
  // same values): only a change of the saved values (a save, another instructor) replaces the choices;
  // otherwise an update arriving mid-choice would undo the instructor's click or typing.
  const savedVisibility = createMemo(() => props.settings.visibility);
  const savedFreezeAt = createMemo(() => props.settings.freezeAt);
  const [visibilityChoice, setVisibilityChoice] = createSignal(savedVisibility());
  const [freezeInput, setFreezeInput] = createSignal(isoToLocalInput(savedFreezeAt()));
  createEffect(on(savedVisibility, setVisibilityChoice, { defer: true }));
  createEffect(on(savedFreezeAt, (freezeAt) => setFreezeInput(isoToLocalInput(freezeAt)), { defer: true }));
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const freezeInput = String(form.get('freezeAt') ?? '');
    const freezeAt = localInputToIso(freezeInput);
    if (freezeInput && !freezeAt) {
      setMessage({ text: t('settings.badDate'), error: true });
      return;
    }
    await run(async () => {
      await props.onSave({ visibility: String(form.get('visibility')) as ScoreboardVisibility, freezeAt });
      return t('settings.saved');
    });
  };
  return (
    <form class="settings-form stack" onSubmit={submit} aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <fieldset class="choices">
        <legend>{t('settings.visibility')}</legend>
        <For each={VISIBILITIES}>
          {(visibility) => (
            <label class="choice">
              <input
                type="radio"
                name="visibility"
                value={visibility}
                checked={visibilityChoice() === visibility}
                onChange={() => setVisibilityChoice(visibility)}
              />
              <span>
                <strong>{t(`settings.visibility.${visibility}`)}</strong>{' '}
                <span class="muted small">{t(`settings.visibility.${visibility}.help`)}</span>
              </span>
            </label>
          )}
        </For>
      </fieldset>
      <label for="freeze-at">{t('settings.freezeAt')}</label>
      <input
        id="freeze-at"
        name="freezeAt"
        type="datetime-local"
        value={freezeInput()}
        onInput={(event) => setFreezeInput(event.currentTarget.value)}
        aria-describedby="freeze-help"
      />
      <p id="freeze-help" class="muted small">
        {t('settings.freezeHelp', { zone: browserTimeZone() })}
      </p>
      <div class="row">
        <button type="submit" class="primary" disabled={busy()}>
          {t('settings.save')}
        </button>
      </div>
      <StatusMessage status={message()} />
    </form>
  );
}
