import { For } from 'solid-js';
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
                checked={props.settings.visibility === visibility}
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
        value={isoToLocalInput(props.settings.freezeAt)}
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
