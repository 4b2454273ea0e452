import { createEffect, createSignal, For, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

/** The pairs of a stored mapping answer whose item and label are both still on offer. */
function initialPairs(
  shape: ShapeOf<'mapping'>,
  initial: FieldProps<ShapeOf<'mapping'>>['initial'],
): Record<string, string> {
  if (initial === undefined || typeof initial === 'string' || Array.isArray(initial)) return {};
  const labels = new Set(shape.labels.map((label) => label.id));
  return Object.fromEntries(
    shape.items.filter((item) => labels.has(initial[item.id] ?? '')).map((item) => [item.id, initial[item.id]!]),
  );
}

/** A label chosen for every item; each select shows exactly the label the answer holds for its item. */
export function MappingField(props: FieldProps<ShapeOf<'mapping'>>) {
  const [pairs, setPairs] = createSignal(
    initialPairs(
      untrack(() => props.shape),
      untrack(() => props.initial),
    ),
  );
  createEffect(() => {
    const chosen = pairs();
    const missing = props.shape.items.filter((item) => !chosen[item.id]).length;
    props.onChange(
      missing === 0
        ? { ok: true, value: { ...chosen } }
        : { ok: false, problem: t('answer.mapping.incomplete', { count: missing }) },
    );
  });
  const choose = (item: string, label: string) => {
    const next = { ...pairs() };
    if (label) next[item] = label;
    else delete next[item];
    setPairs(next);
  };
  const labelText = (labelId: string | undefined) =>
    props.shape.labels.find((label) => label.id === labelId)?.label ?? t('answer.mapping.choose');
  // One row per item rather than a table: a table gives the selects (as wide as their longest option)
  // the width first and squeezes the item's words to one letter a line in a narrow tasks pane. The
  // rows wrap instead: item beside its select where there is room, above it where there is not.
  return (
    <div class="mapping" role="group" id={props.id} aria-labelledby={props.labelledBy}>
      <For each={props.shape.items}>
        {(item) => (
          <div class="mapping-row">
            <label class="mapping-item" for={`${props.id}-${item.id}`}>
              {item.label}
            </label>
            <select
              id={`${props.id}-${item.id}`}
              disabled={props.disabled}
              value={pairs()[item.id] ?? ''}
              // A narrow select cuts its chosen option short: the whole text shows on hover.
              title={labelText(pairs()[item.id])}
              onChange={(event) => choose(item.id, event.currentTarget.value)}
            >
              <option value="" selected={!pairs()[item.id]}>
                {t('answer.mapping.choose')}
              </option>
              <For each={props.shape.labels}>
                {(label) => (
                  <option value={label.id} selected={pairs()[item.id] === label.id}>
                    {label.label}
                  </option>
                )}
              </For>
            </select>
          </div>
        )}
      </For>
    </div>
  );
}
