import { createSignal, For } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { browserTimeZone, localInputToIso } from '../lib/datetime.ts';
import { createAction, StatusMessage } from './StatusMessage.tsx';

export interface AssignInput {
  labId?: string;
  courseId?: string;
  opensAt: string | null;
  closesAt: string | null;
}

/**
 * Assigns a lab or a whole course with an optional window. The installed labs and courses are
 * offered as suggestions with their titles.
 */
export function AssignForm(props: {
  labIds: { id: string; title: string }[];
  courseIds: { id: string; title: string }[];
  onAssign: (input: AssignInput) => Promise<void>;
}) {
  const [target, setTarget] = createSignal<'lab' | 'course'>('lab');
  const { busy, status: message, setStatus: setMessage, run } = createAction();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const id = String(data.get('targetId') ?? '').trim();
    const opensInput = String(data.get('opensAt') ?? '');
    const closesInput = String(data.get('closesAt') ?? '');
    const opensAt = localInputToIso(opensInput);
    const closesAt = localInputToIso(closesInput);
    if ((opensInput && !opensAt) || (closesInput && !closesAt)) {
      setMessage({ text: t('settings.badDate'), error: true });
      return;
    }
    await run(async () => {
      await props.onAssign({ ...(target() === 'lab' ? { labId: id } : { courseId: id }), opensAt, closesAt });
      form.reset();
      setTarget('lab');
      return t('assign.done', { id });
    });
  };

  return (
    <form class="inline-form stack" onSubmit={submit} aria-labelledby="assign-title">
      <h3 id="assign-title">{t('assign.title')}</h3>
      <fieldset class="choices horizontal">
        <legend>{t('assign.what')}</legend>
        <label class="choice">
          <input
            type="radio"
            name="target"
            value="lab"
            checked={target() === 'lab'}
            onChange={() => setTarget('lab')}
          />
          <span>{t('assign.lab')}</span>
        </label>
        <label class="choice">
          <input
            type="radio"
            name="target"
            value="course"
            checked={target() === 'course'}
            onChange={() => setTarget('course')}
          />
          <span>{t('assign.course')}</span>
        </label>
      </fieldset>
      <label for="assign-id">{target() === 'lab' ? t('assign.labId') : t('assign.courseId')}</label>
      <input
        id="assign-id"
        name="targetId"
        required
        maxlength="64"
        autocomplete="off"
        spellcheck={false}
        list={target() === 'lab' ? 'known-labs' : 'known-courses'}
        aria-describedby="assign-id-help"
      />
      <p id="assign-id-help" class="muted small">
        {t('assign.idHelp')}
      </p>
      <datalist id="known-labs">
        <For each={props.labIds}>{(lab) => <option value={lab.id} label={lab.title} />}</For>
      </datalist>
      <datalist id="known-courses">
        <For each={props.courseIds}>{(course) => <option value={course.id} label={course.title} />}</For>
      </datalist>
      <div class="row">
        <div class="stack">
          <label for="assign-opens">{t('assign.opensAt')}</label>
          <input id="assign-opens" name="opensAt" type="datetime-local" aria-describedby="assign-zone" />
        </div>
        <div class="stack">
          <label for="assign-closes">{t('assign.closesAt')}</label>
          <input id="assign-closes" name="closesAt" type="datetime-local" aria-describedby="assign-zone" />
        </div>
      </div>
      <p id="assign-zone" class="muted small">
        {t('assign.zone', { zone: browserTimeZone() })}
      </p>
      <div class="row">
        <button type="submit" class="primary" disabled={busy()}>
          {t('assign.submit')}
        </button>
      </div>
      <StatusMessage status={message()} />
    </form>
  );
}
