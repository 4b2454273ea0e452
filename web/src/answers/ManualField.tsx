import { createEffect, createSignal, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { createDraft } from '../lib/drafts.ts';
import type { ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

/** The browser-side draft of a written finding, cleared once the server has stored the finding. */
export const findingDraft = (draftKey: string) => createDraft<string>(draftKey);

/**
 * A written finding for the instructor to grade. What is typed is kept in the browser until it is
 * sent, so a reload or an ended session loses nothing; the text sent stays in the field afterwards.
 */
export function ManualField(props: FieldProps<ShapeOf<'manual'>>) {
  const draft = untrack(() => (props.draftKey ? findingDraft(props.draftKey) : undefined));
  const start = untrack(() => props.initial);
  const [text, setText] = createSignal(draft?.value() ?? (typeof start === 'string' ? start : ''));
  createEffect(() => {
    const value = text();
    props.onChange(value.trim() ? { ok: true, value } : { ok: false, problem: t('answer.manual.empty') });
  });
  return (
    <>
      <p class="muted small" id={`${props.id}-help`}>
        {t('answer.manual.help')}
      </p>
      <textarea
        id={props.id}
        class="manual"
        rows={8}
        value={text()}
        maxlength={props.shape.max_length}
        disabled={props.disabled}
        aria-describedby={`${props.id}-help`}
        onInput={(event) => {
          setText(event.currentTarget.value);
          draft?.set(event.currentTarget.value);
        }}
      />
    </>
  );
}
