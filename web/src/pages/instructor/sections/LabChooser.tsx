import { For } from 'solid-js';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { browserTimeZone, localInputToIso } from '../../../lib/datetime.ts';
import type { Library } from '../library/library-data.ts';

/** What the chooser assigns: a lab or a course, with an optional window. */
export interface AssignInput {
  labId?: string;
  courseId?: string;
  opensAt: string | null;
  closesAt: string | null;
}

/**
 * Assigns a lab or a whole course chosen by its title from the library, with an optional window.
 * The option values carry the ids the route needs; people only ever see titles.
 */
export function LabChooser(props: { library: Library; onAssign: (input: AssignInput) => Promise<void> }) {
  const { busy, status, setStatus, run } = createAction();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const [kind, id] = String(data.get('target') ?? '').split(':');
    const title =
      kind === 'course'
        ? props.library.courses.find((course) => course.id === id)?.title
        : props.library.labs.find((lab) => lab.id === id)?.title;
    if (!id || !title) return;
    const opensInput = String(data.get('opensAt') ?? '');
    const closesInput = String(data.get('closesAt') ?? '');
    const opensAt = localInputToIso(opensInput);
    const closesAt = localInputToIso(closesInput);
    if ((opensInput && !opensAt) || (closesInput && !closesAt)) {
      setStatus({ text: t('settings.badDate'), error: true });
      return;
    }
    await run(async () => {
      await props.onAssign({ ...(kind === 'course' ? { courseId: id } : { labId: id }), opensAt, closesAt });
      form.reset();
      return t('chooser.done', { title });
    });
  };

  return (
    <form class="inline-form stack" onSubmit={submit} aria-labelledby="assign-title">
      <h3 id="assign-title">{t('assign.title')}</h3>
      <label for="assign-target">{t('chooser.label')}</label>
      <select id="assign-target" name="target" required>
        <option value="">{t('chooser.choose')}</option>
        <optgroup label={t('library.labs')}>
          <For each={props.library.labs}>{(lab) => <option value={`lab:${lab.id}`}>{lab.title}</option>}</For>
        </optgroup>
        <optgroup label={t('library.courses')}>
          <For each={props.library.courses}>
            {(course) => <option value={`course:${course.id}`}>{t('chooser.course', { title: course.title })}</option>}
          </For>
        </optgroup>
      </select>
      <p class="muted small">
        {t('chooser.help')} <a href="/instructor/library">{t('chooser.library')}</a>
      </p>
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
      <StatusMessage status={status()} />
    </form>
  );
}
