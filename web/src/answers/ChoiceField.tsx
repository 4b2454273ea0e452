import { createEffect, createSignal, For, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

/** The ids of a stored choice answer that are still options (one id for single choice, a list for multiple). */
function initialPicks(shape: ShapeOf<'choice'>, initial: FieldProps<ShapeOf<'choice'>>['initial']): string[] {
  const ids = typeof initial === 'string' ? [initial] : Array.isArray(initial) ? initial : [];
  return shape.options.map((option) => option.id).filter((id) => ids.includes(id));
}

/** Pick one (radio buttons) or several (check boxes); the boxes are ticked exactly when the answer holds them. */
export function ChoiceField(props: FieldProps<ShapeOf<'choice'>>) {
  const [picked, setPicked] = createSignal(
    initialPicks(
      untrack(() => props.shape),
      untrack(() => props.initial),
    ),
  );
  createEffect(() => {
    const ids = picked();
    if (ids.length === 0)
      props.onChange({
        ok: false,
        problem: t(props.shape.multiple ? 'answer.choice.pickSome' : 'answer.choice.pickOne'),
      });
    else props.onChange({ ok: true, value: props.shape.multiple ? ids : ids[0]! });
  });
  const toggle = (id: string, checked: boolean) => {
    if (!props.shape.multiple) return setPicked([id]);
    // Kept in the order of the options, so the answer sent does not depend on the order of clicks.
    const next = new Set(picked());
    if (checked) next.add(id);
    else next.delete(id);
    setPicked(props.shape.options.map((option) => option.id).filter((option) => next.has(option)));
  };
  return (
    <fieldset class="choices" id={props.id} disabled={props.disabled} aria-labelledby={props.labelledBy}>
      <For each={props.shape.options}>
        {(option) => (
          <label class="choice">
            <input
              type={props.shape.multiple ? 'checkbox' : 'radio'}
              name={props.id}
              value={option.id}
              checked={picked().includes(option.id)}
              onChange={(event) => toggle(option.id, event.currentTarget.checked)}
            />
            <span>{option.label}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
